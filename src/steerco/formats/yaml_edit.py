"""Edit a project file in place: comments, key order and quoting survive, nothing half written.

The file is read with ruamel.yaml's round-trip loader, changed by a caller's function, and
validated as a whole project before it is written back atomically. A change that would make
the file invalid raises the usual located `ProjectError` and leaves the file as it was.
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from steerco.codes import Code
from steerco.errors import Diagnostic, ProjectError
from steerco.formats.atomic import atomic_write
from steerco.formats.files import read_text
from steerco.formats.project_yaml import parse_project_yaml
from steerco.model import Project

__all__ = ["edit_project_file", "edit_project_text", "ensure_map", "ensure_seq"]

_C = TypeVar("_C", CommentedMap, CommentedSeq)
_KEY_LINE = re.compile(r"^( *)[^\s#-][^#]*:\s*(#.*)?$")
_DASH_LINE = re.compile(r"^( *)- ")


def _indents(text: str) -> tuple[int, int, int]:
    """The (mapping, sequence, offset) indentation the file already uses; else 2, 4, 2."""
    mapping: int | None = None
    offset: int | None = None
    lines = [line for line in text.splitlines() if line.strip() and line.lstrip()[0] != "#"]
    for key_line, next_line in itertools.pairwise(lines):
        key = _KEY_LINE.match(key_line)
        if not key:
            continue
        step = len(next_line) - len(next_line.lstrip(" ")) - len(key.group(1))
        if step <= 0:
            continue
        if _DASH_LINE.match(next_line):
            offset = step if offset is None else offset
        else:
            mapping = step if mapping is None else mapping
    offset = 2 if offset is None else offset
    return mapping or 2, offset + 2, offset


def _round_trip(text: str) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    # Never write anchors and aliases for values that happen to be the same object (a date
    # used twice): an entry is copied or re-written alone, so an alias could lose its anchor.
    yaml.representer.ignore_aliases = lambda *_: True
    yaml.width = max([100, *(len(line) for line in text.splitlines())])
    mapping, sequence, offset = _indents(text)
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def _dumped(yaml: YAML, node: Any, column: int) -> list[str]:
    """`node` (a one-entry mapping or one-item sequence) as block YAML, shifted to `column`."""
    out = io.StringIO()
    yaml.dump(node, out)
    return [(" " * column + line) if line.strip() else line for line in out.getvalue().splitlines()]


def _is_block(node: Any) -> bool:
    return isinstance(node, CommentedMap | CommentedSeq) and bool(node) and not node.fa.flow_style()


def _spans(node: CommentedMap | CommentedSeq, end: int) -> list[tuple[Any, int, int]]:
    """Each entry's key (or index), its first line and the line after it, in the original."""
    keys: list[Any] = list(node) if isinstance(node, CommentedMap) else list(range(len(node)))
    starts = [
        node.lc.key(k)[0] if isinstance(node, CommentedMap) else node.lc.item(k)[0] for k in keys
    ]
    return [(k, s, e) for k, s, e in zip(keys, starts, [*starts[1:], end], strict=True)]


def _merged(yaml: YAML, old: Any, new: Any, lines: list[str], first: int, end: int) -> list[str]:
    """The text of `new`, copying the original lines of every entry that did not change.

    `lines[first:end]` is where `old` (a block collection) was written. Mappings are merged
    key by key (recursively); a changed sequence item is written anew as a whole.
    """
    spans = _spans(old, end)
    if isinstance(old, CommentedMap):
        column = old.lc.key(next(iter(old)))[1]
    else:  # a sequence dumped alone already starts with the dash offset
        column = old.lc.col - (yaml.sequence_dash_offset or 0)
    out = lines[first : spans[0][1]]
    where = {key: (start, stop) for key, start, stop in spans}
    if isinstance(old, CommentedMap):
        for key, value in new.items():
            if key in where and old[key] == value:
                out += lines[slice(*where[key])]
            elif (
                key in where
                and _is_block(old[key])
                and _is_block(value)
                and (type(old[key]) is type(value))
            ):
                start, stop = where[key]
                out += [lines[start], *_merged(yaml, old[key], value, lines, start + 1, stop)]
            else:
                out += _dumped(yaml, CommentedMap([(key, value)]), column)
        return out
    for index, value in enumerate(new):
        if index < len(old) and old[index] == value:
            out += lines[slice(*where[index])]
        else:
            out += _dumped(yaml, CommentedSeq([value]), column)
    return out


def edit_project_text(
    text: str, file: str, mutate: Callable[[CommentedMap], None]
) -> tuple[str, Project]:
    """Apply `mutate` to the document in `text`: the new text and the project it describes.

    Only what changed is written anew; every other line stays as the user wrote it.
    """
    parse_project_yaml(text, file)  # the file as it stands must be valid: located errors
    yaml = _round_trip(text)
    original, document = yaml.load(text), yaml.load(text)
    if not isinstance(document, CommentedMap):
        raise ProjectError([Diagnostic(Code.bad_value, "a project file is a mapping", (), file)])
    mutate(document)
    lines = text.splitlines()
    if _is_block(original):
        edited = "\n".join(_merged(yaml, original, document, lines, 0, len(lines))) + "\n"
    else:
        out = io.StringIO()
        yaml.dump(document, out)
        edited = out.getvalue()
    return edited, parse_project_yaml(edited, file)


def edit_project_file(path: Path, mutate: Callable[[CommentedMap], None]) -> Project:
    """Change a project file in place through `mutate`; validate, then write atomically."""
    text = read_text(path)
    edited, project = edit_project_text(text, str(path), mutate)
    if edited != text:
        atomic_write(path, edited)
    return project


def _ensure(parent: CommentedMap, key: str, kind: type[_C]) -> _C:
    value = parent.get(key)
    if isinstance(value, kind):
        return value
    created = kind()
    parent[key] = created
    return created


def ensure_map(parent: CommentedMap, key: str) -> CommentedMap:
    """The mapping under `key`, created (block style, at the end) when missing or empty."""
    return _ensure(parent, key, CommentedMap)


def ensure_seq(parent: CommentedMap, key: str) -> CommentedSeq:
    """The sequence under `key`, created (block style, at the end) when missing or empty."""
    return _ensure(parent, key, CommentedSeq)
