"""One top-level section of a revision's text (`progress`, `decisions`), read on its own.

Parsing a 1,000-task plan takes a few hundred milliseconds; the section a page needs is a
few lines of it. A block-style document's top-level keys start at column 0, so the lines
from `key:` to the next top-level key are that section, parsed alone. Whenever that is
not certain (a flow-style document, an alias to an anchor elsewhere, a key written twice)
the whole text is parsed instead. Results are kept per revision (by SHA-256).
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from steerco.errors import ProjectError
from steerco.formats.yaml_source import load_yaml
from steerco.recent import Recent
from steerco.store.tables import Project, Revision

__all__ = ["current_section", "top_level_section"]

_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:(?=[ \t]|$)", re.MULTILINE)
_KEPT = 64
_CACHE: Recent[tuple[str, str], Any] = Recent(_KEPT)


def _whole(text: str, key: str) -> Any:
    """The section as the whole document's parse gives it (None: absent or unreadable)."""
    try:
        data, _ = load_yaml(text, "revision.yaml")
    except ProjectError:
        return None
    return data.get(key) if isinstance(data, dict) else None


def _sliced(text: str, key: str) -> tuple[bool, Any]:
    """(True, value) when the section could be read on its own; (False, None) otherwise."""
    starts = [(m.start(), m.group(1)) for m in _TOP_KEY.finditer(text)]
    if not starts or text.lstrip().startswith("{"):
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


_MISSING = object()


def top_level_section(text: str, key: str, sha256: str) -> Any:
    """The plain data under the top-level `key` of `text` (None when it has none).

    `sha256` identifies the text: the last few sections read are kept by it. Treat the
    result as read-only.
    """
    value = _CACHE.get((sha256, key), _MISSING)
    if value is not _MISSING:
        return value
    found, value = _sliced(text, key)
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
