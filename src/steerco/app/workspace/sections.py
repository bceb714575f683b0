"""One top-level section of a revision's text (`progress`, `decisions`), read on its own.

Parsing a 1,000-task plan takes a few hundred milliseconds; the section a page needs is a
few lines of it. Where the top-level keys start is read from PyYAML's C parser's events
(a few milliseconds: no nodes, no Python objects for the document), so a line at column 0
inside a multi-line quoted scalar is not taken for a key; the text from `key:` to the next
top-level key is that section, parsed alone. Whenever that is not certain (a flow-style
document, keys not at column 0, an alias to an anchor elsewhere, a key written twice) the
whole text is parsed instead. Results are kept per revision (by SHA-256).
"""

from __future__ import annotations

from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from steerco.errors import ProjectError
from steerco.formats.yaml_source import load_yaml
from steerco.recent import Recent
from steerco.store.tables import Project, Revision

__all__ = ["current_section", "top_level_section"]

_KEPT = 64
_MISSING: Any = object()
_CACHE: Recent[tuple[str, str], Any] = Recent(_KEPT)
_KEYS: Recent[str, list[tuple[int, str]] | None] = Recent(_KEPT)
"""Where the top-level keys of the last few texts start, by their SHA-256."""


def _whole(text: str, key: str) -> Any:
    """The section as the whole document's parse gives it (None: absent or unreadable)."""
    try:
        data, _ = load_yaml(text, "revision.yaml")
    except ProjectError:
        return None
    return data.get(key) if isinstance(data, dict) else None


try:
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - PyYAML without libyaml
    _Loader = yaml.SafeLoader


def _top_level_keys(text: str) -> list[tuple[int, str]] | None:
    """Where each key of a block-style root mapping starts (its offset), in order.

    None where a section could not be cut out by offsets: not a mapping, a flow-style
    root, a key not at column 0, a key that is not plain text, or a text that does not read.
    """
    starts: list[tuple[int, str]] = []
    depth, documents, expect_key = 0, 0, False
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    return None
            elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
                if depth == 0 and (isinstance(event, yaml.SequenceStartEvent) or event.flow_style):
                    return None
                if depth == 1 and expect_key:
                    return None  # a collection as a key
                expect_key = depth == 0
                depth += 1
            elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                depth -= 1
                expect_key = depth == 1  # a value's collection ended: a key comes next
            elif depth == 1 and isinstance(event, yaml.ScalarEvent | yaml.AliasEvent):
                if expect_key:
                    mark = event.start_mark
                    if not isinstance(event, yaml.ScalarEvent) or mark is None or mark.column:
                        return None
                    starts.append((mark.index, str(event.value)))
                expect_key = not expect_key
    except yaml.YAMLError:
        return None
    return starts


def _sliced(text: str, key: str, sha256: str) -> tuple[bool, Any]:
    """(True, value) when the section could be read on its own; (False, None) otherwise."""
    starts = _KEYS.get(sha256, _MISSING)
    if starts is _MISSING:
        starts = _top_level_keys(text)
        _KEYS.put(sha256, starts)
    if not starts:
        return False, None
    mine = [index for index, (_, name) in enumerate(starts) if name == key]
    if not mine:
        return True, None
    if len(mine) > 1:
        return False, None
    index = mine[0]
    begin = starts[index][0]
    end = starts[index + 1][0] if index + 1 < len(starts) else len(text)
    try:
        data, _ = load_yaml(text[begin:end], "revision.yaml")
    except ProjectError:
        return False, None
    if not isinstance(data, dict) or set(data) != {key}:
        return False, None
    return True, data[key]


def top_level_section(text: str, key: str, sha256: str) -> Any:
    """The plain data under the top-level `key` of `text` (None when it has none).

    `sha256` identifies the text: the last few sections read are kept by it. Treat the
    result as read-only.
    """
    value = _CACHE.get((sha256, key), _MISSING)
    if value is not _MISSING:
        return value
    found, value = _sliced(text, key, sha256)
    if not found:
        value = _whole(text, key)
    _CACHE.put((sha256, key), value)
    return value


def current_section(session: Session, project_id: int, key: str) -> Any:
    """The top-level `key` section of the project's current revision (None: none)."""
    current = (Revision.project_id == project_id, Revision.number == Project.revision)
    sha256 = session.scalar(
        select(Revision.sha256).join(Project, Project.id == Revision.project_id).where(*current)
    )
    if sha256 is None:
        return None
    value = _CACHE.get((sha256, key), _MISSING)
    if value is not _MISSING:
        return value
    text = session.scalar(
        select(Revision.text).join(Project, Project.id == Revision.project_id).where(*current)
    )
    return top_level_section(text or "", key, sha256)
