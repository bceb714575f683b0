"""ML lifecycle templates shipped in `steerco/data/templates/`: list, read and instantiate them.

A template is a complete, commented project file. Instantiating one sets its top-level
`name` and `start` lines and keeps everything else, comments included, so the result
reads like a hand-written file.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from importlib import resources

import yaml

__all__ = ["TemplateInfo", "instantiate", "template_names", "template_text", "templates"]

_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9 _.,()/&+-]*")


def _folder() -> resources.abc.Traversable:
    return resources.files("steerco").joinpath("data", "templates")


@dataclass(frozen=True)
class TemplateInfo:
    """A template's name (its file name without `.yaml`) and the first line of its description."""

    name: str
    summary: str


def template_names() -> list[str]:
    """The names of the bundled templates, sorted."""
    return sorted(
        entry.name.removesuffix(".yaml")
        for entry in _folder().iterdir()
        if entry.name.endswith(".yaml")
    )


def template_text(name: str) -> str:
    """The YAML text of the template `name` (KeyError when there is no such template)."""
    if name not in template_names():
        raise KeyError(name)
    return _folder().joinpath(f"{name}.yaml").read_text(encoding="utf-8")


def templates() -> list[TemplateInfo]:
    """Every bundled template with the first line of its project description."""
    out = []
    for name in template_names():
        data = yaml.safe_load(template_text(name))
        description = str(data.get("description", "")).strip()
        out.append(TemplateInfo(name, description.splitlines()[0] if description else ""))
    return out


def _scalar(text: str) -> str:
    """`text` as a YAML scalar: plain when that reads back the same, else double-quoted."""
    if _PLAIN.fullmatch(text) and yaml.safe_load(text) == text:
        return text
    return json.dumps(text)


def _set_key(text: str, key: str, value: str) -> str:
    pattern = re.compile(rf"^{key}:.*$", re.MULTILINE)
    if pattern.search(text) is None:
        raise ValueError(f"the template has no top-level `{key}:` line")
    return pattern.sub(lambda _: f"{key}: {value}", text, count=1)


def instantiate(text: str, *, name: str | None = None, start: dt.date | None = None) -> str:
    """The template `text` with its top-level `name` and `start` replaced where given."""
    if name is not None:
        text = _set_key(text, "name", _scalar(name))
    if start is not None:
        text = _set_key(text, "start", start.isoformat())
    return text
