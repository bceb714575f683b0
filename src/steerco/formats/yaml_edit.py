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
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.scalarstring import ScalarString
from ruamel.yaml.tokens import CommentToken

from steerco.codes import Code
from steerco.errors import Diagnostic, ProjectError
from steerco.formats.atomic import atomic_write, locked
from steerco.formats.files import read_text
from steerco.formats.project_yaml import parse_project_yaml
from steerco.model import Project

__all__ = ["edit_project_file", "edit_project_text", "ensure_map", "ensure_seq", "read_source"]

_C = TypeVar("_C", CommentedMap, CommentedSeq)
_KEY_LINE = re.compile(r"^( *)[^\s#-][^#]*:\s*(#.*)?$")
_DASH_LINE = re.compile(r"^( *)- ")
_BREAK = re.compile(r"(\r\n|[\n\r\x85\u2028\u2029])")  # the line breaks YAML counts


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
    lines = out.getvalue().splitlines()
    if column < 0:  # a list item left of the file's usual dash offset (`tasks:` then `- a`)
        lines = [line[-column:] if not line[:-column].strip() else line for line in lines]
        column = 0
    return [(" " * column + line) if line.strip() else line for line in lines]


def _is_block(node: Any) -> bool:
    return isinstance(node, CommentedMap | CommentedSeq) and bool(node) and not node.fa.flow_style()


def _same(old: Any, new: Any) -> bool:
    """Equal values of the same kind (`true` is not `1`)."""
    return bool(old == new) and isinstance(old, bool) == isinstance(new, bool)


def _spans(node: CommentedMap | CommentedSeq, end: int) -> list[tuple[Any, int, int]]:
    """Each entry's key (or index), its first line and the line after it, in the original."""
    keys: list[Any] = list(node) if isinstance(node, CommentedMap) else list(range(len(node)))
    starts = [
        node.lc.key(k)[0] if isinstance(node, CommentedMap) else node.lc.item(k)[0] for k in keys
    ]
    return [(k, s, e) for k, s, e in zip(keys, starts, [*starts[1:], end], strict=True)]


def _value_at(node: CommentedMap | CommentedSeq, key: Any) -> tuple[int, int] | None:
    """Where the value of `key` (or item `key`) starts in the original: (line, column)."""
    try:
        line, column = node.lc.value(key) if isinstance(node, CommentedMap) else node.lc.item(key)
    except (KeyError, IndexError, TypeError):  # a key brought in by a merge (`<<: *base`)
        return None
    return int(line), int(column)


@dataclass(frozen=True)
class _Line:
    """One line of the edited text and where it comes from in the original (0-based).

    `source`: the original line it copies, with `patches` (new start, new end, original
    start, shift after) where values were replaced in place; `anchor`: for a new line, the
    original place of the entry it belongs to (None: nothing on disk yet).
    """

    text: str
    source: int | None = None
    anchor: tuple[int, int] | None = None
    patches: tuple[tuple[int, int, int, int], ...] = ()

    def original(self, column: int) -> tuple[int | None, int | None]:
        """The original (line, column) of a 0-based column of this line."""
        if self.source is None:
            return self.anchor if self.anchor is not None else (None, None)
        for new_start, new_end, start, shift in reversed(self.patches):
            if column >= new_end:
                return self.source, column - shift
            if column >= new_start:
                return self.source, start
        return self.source, column


class _Editor:
    """Writes the edited document over the original lines, changing only what changed."""

    def __init__(self, yaml: YAML, text: str, composed: Node | None) -> None:
        parts = _BREAK.split(text)
        self.lines, self.breaks = parts[0::2], [*parts[1::2], ""]
        if len(self.lines) > 1 and self.lines[-1] == "":  # the text ends with a line break
            self.lines.pop()
            self.breaks.pop()
        self.yaml = yaml
        self.newline = max(set(self.breaks) - {""} or {"\n"}, key=self.breaks.count)
        self.ends: dict[tuple[int, int], int] = {}  # one-line scalars: (line, col) -> end col
        stack = [composed]  # read before construction, which takes merge keys out
        seen: set[int] = set()
        while stack:
            node = stack.pop()
            if node is None or id(node) in seen:
                continue
            seen.add(id(node))
            if isinstance(node, ScalarNode):
                if node.start_mark.line == node.end_mark.line:
                    start = (node.start_mark.line, node.start_mark.column)
                    self.ends[start] = node.end_mark.column
            elif isinstance(node, MappingNode):
                stack += [part for pair in node.value for part in pair]
            elif isinstance(node, SequenceNode):
                stack += node.value

    def text(self, out: list[_Line]) -> str:
        """The edited text: copied lines keep their own line breaks, new ones the file's."""
        pieces: list[str] = []
        for i, line in enumerate(out):
            end = self.breaks[line.source] if line.source is not None else self.newline
            pieces += [line.text, end or ("" if i == len(out) - 1 else self.newline)]
        return "".join(pieces)

    def copy(self, start: int, stop: int) -> list[_Line]:
        return [_Line(self.lines[i], i) for i in range(start, stop)]

    def new(self, node: Any, column: int, anchor: tuple[int, int] | None) -> list[_Line]:
        return [_Line(text, anchor=anchor) for text in _dumped(self.yaml, node, column)]

    def scalar(self, old: Any, new: Any) -> str | None:
        """`new` as one line of YAML that fits where `old` stood (flow or block context)."""
        if isinstance(old, ScalarString) and type(new) is str:
            new = type(old)(new)  # keep the user's quoting
        node = CommentedSeq([new])
        node.fa.set_flow_style()
        out = io.StringIO()
        self.yaml.dump(node, out)
        text = out.getvalue().strip()
        if "\n" in text or len(text) < 3 or text[0] + text[-1] != "[]":
            return None
        return text[1:-1]

    def patch(self, old: Any, new: Any, at: tuple[int, int] | None, found: list[Any]) -> bool:
        """Collect the in-place replacements that turn `old` into `new` value by value.

        False when that cannot be done: keys or items added or removed, a value that is
        an alias, anchored or tagged, or one written on more than one line.
        """
        if isinstance(old, CommentedMap | CommentedSeq):
            if type(new) is not type(old) or len(old) != len(new):
                return False
            if isinstance(old, CommentedMap) and list(old) != list(new):
                return False
            keys = list(old) if isinstance(old, CommentedMap) else range(len(old))
            return all(self.patch(old[k], new[k], _value_at(old, k), found) for k in keys)
        if isinstance(new, dict | list):
            return False
        if _same(old, new):
            return True
        end = self.ends.get(at) if at is not None else None
        text = self.scalar(old, new)
        if at is None or end is None or text is None:
            return False
        line, column = at
        if self.lines[line][column : column + 1] in ("&", "!", "*"):
            return False
        found.append((line, column, end, text))
        return True

    def patched(self, start: int, stop: int, found: list[Any]) -> list[_Line]:
        """Lines `start..stop` with the replacements applied; every other byte as it was."""
        out = self.copy(start, stop)
        for line in sorted({f[0] for f in found}):
            text, shift, patches = self.lines[line], 0, []
            for _, column, end, value in sorted(f for f in found if f[0] == line):
                new_start = column + shift
                text = text[:new_start] + value + text[end + shift :]
                shift += len(value) - (end - column)
                patches.append((new_start, new_start + len(value), column, shift))
            out[line - start] = _Line(text, line, patches=tuple(patches))
        return out

    def tail(self, start: int, stop: int) -> int:
        """Where the comments and blank lines that close an entry's lines begin."""
        indent = len(self.lines[start]) - len(self.lines[start].lstrip(" "))
        i = stop
        while i > start + 1:
            line = self.lines[i - 1]
            if line.strip() and not (
                line.lstrip().startswith("#") and len(line) - len(line.lstrip(" ")) <= indent
            ):
                break
            i -= 1
        return i

    def entry(
        self, old: Any, new: Any, alone: Any, at: tuple[int, int] | None, span: tuple[int, int]
    ) -> list[_Line]:
        """One entry of a block collection: copied, patched in place, merged or written anew."""
        start, stop = span
        column = len(self.lines[start]) - len(self.lines[start].lstrip(" "))
        if _same(old, new):
            return self.copy(start, stop)
        found: list[Any] = []
        if self.patch(old, new, at, found):
            return self.patched(start, stop, found)
        if _is_block(old) and _is_block(new) and type(old) is type(new):
            if isinstance(alone, CommentedMap):  # `key:` on its own line, the value below
                return [*self.copy(start, start + 1), *self.merged(old, new, start + 1, stop)]
            first = next(iter(old)) if isinstance(old, CommentedMap) else None
            if first is not None and first in new and _same(old[first], new[first]):
                return self.merged(old, new, start, stop)  # an item whose first key stays
        shift = self.yaml.sequence_dash_offset or 0 if isinstance(alone, CommentedSeq) else 0
        return [
            *self.new(alone, column - shift, (start, column)),
            *self.copy(self.tail(start, stop), stop),
        ]

    def merged(self, old: Any, new: Any, first: int, end: int) -> list[_Line]:
        """The lines of `new`, where `old` (a block collection) stood on lines `first..end`.

        Mappings are merged key by key in the original order (new keys at the end),
        sequences item by item; a removed entry keeps the comments that close it.
        """
        spans = _spans(old, end)
        anchor = (first - 1, 0) if first > 0 else None
        if isinstance(old, CommentedMap):
            column = old.lc.key(next(iter(old)))[1]
        else:  # a sequence dumped alone already starts with the dash offset
            column = old.lc.col - (self.yaml.sequence_dash_offset or 0)
        out = self.copy(first, spans[0][1])
        for key, start, stop in spans:
            if key not in (new if isinstance(old, CommentedMap) else range(len(new))):
                out += self.copy(self.tail(start, stop), stop)
                continue
            alone: Any = (
                CommentedMap([(key, new[key])])
                if isinstance(old, CommentedMap)
                else CommentedSeq([new[key]])
            )
            out += self.entry(old[key], new[key], alone, _value_at(old, key), (start, stop))
        added: list[Any]
        if isinstance(old, CommentedMap):
            added = [CommentedMap([(k, v)]) for k, v in new.items() if k not in old]
        else:
            added = [CommentedSeq([v]) for v in list(new)[len(old) :]]
        closing: list[_Line] = []  # comments of the enclosing level stay after new entries
        while added and out and _outer(out[-1].text, column):
            closing.insert(0, out.pop())
        for node in added:
            out += self.new(node, column, anchor)
        return out + closing


def _outer(line: str, column: int) -> bool:
    """A blank line, or a comment left of `column`: it closes the collection, not an entry."""
    return not line.strip() or (
        line.lstrip().startswith("#") and len(line) - len(line.lstrip(" ")) < column
    )


def _relocated(error: ProjectError, out: list[_Line]) -> ProjectError:
    """The error with its locations in the file on disk, not in the edited text."""
    located = []
    for d in error.diagnostics:
        if d.line is None or not 1 <= d.line <= len(out):
            located.append(d)
            continue
        line, column = out[d.line - 1].original((d.column or 1) - 1)
        if line is None or column is None:
            located.append(d.located(d.file, None, None))
        else:
            located.append(d.located(d.file, line + 1, column + 1 if d.column else None))
    return ProjectError(located)


def _comments(comment: Any) -> Any:
    """A copy of a node's comment slots: lists and tokens anew (loading and dumping change them)."""
    if isinstance(comment, list):
        return [_comments(part) for part in comment]
    if isinstance(comment, CommentToken):
        token = CommentToken.__new__(CommentToken)
        for slot in ("start_mark", "end_mark", "_comment", "_value", "_column", "pre_done"):
            if hasattr(comment, slot):
                value = getattr(comment, slot)
                setattr(token, slot, list(value) if isinstance(value, list) else value)
        return token
    return comment


def _copied(node: Node | None, memo: dict[int, Node]) -> Node | None:
    """A composed document's node graph anew, aliases shared as in the original.

    Constructing a document changes its nodes (merge keys are taken out, comments moved),
    so each of the two documents an edit needs is constructed from its own graph; copying
    a graph is much cheaper than composing the text again.
    """
    if node is None:
        return None
    if id(node) in memo:
        return memo[id(node)]
    kind = type(node)
    new = kind.__new__(kind)
    memo[id(node)] = new
    for slot in ("ctag", "start_mark", "end_mark", "anchor", "style", "flow_style", "merge"):
        if hasattr(node, slot):
            setattr(new, slot, getattr(node, slot))
    new.comment = _comments(node.comment)
    if isinstance(node, MappingNode):
        new.value = [(_copied(key, memo), _copied(value, memo)) for key, value in node.value]
    elif isinstance(node, SequenceNode):
        new.value = [_copied(item, memo) for item in node.value]
    else:
        new.value = node.value
    return new


def edit_project_text(
    text: str, file: str, mutate: Callable[[CommentedMap], None], *, valid: bool = False
) -> tuple[str, Project]:
    """Apply `mutate` to the document in `text`: the new text and the project it describes.

    Only what changed is written anew: a changed value is replaced on its own line, the
    rest of that line (its comment too) and every other line stay as the user wrote them,
    line breaks included. An edit that makes the project invalid raises the located
    ProjectError with its locations in `text` (a new line is located at the entry it
    belongs to, or at the file when nothing of it is on disk yet). `valid=True`: the
    caller knows `text` is a valid project (it came out of this function or was validated
    already), so it is not validated again before the edit.
    """
    if not valid:
        parse_project_yaml(text, file)  # the file as it stands must be valid: located errors
    yaml = _round_trip(text)
    composed = yaml.compose(text)  # composed once: the spans, the original and the document
    editor = _Editor(yaml, text, composed)
    copy = _copied(composed, {})
    original = None if composed is None else yaml.constructor.construct_document(composed)
    document = None if copy is None else yaml.constructor.construct_document(copy)
    if not isinstance(document, CommentedMap):
        raise ProjectError([Diagnostic(Code.bad_value, "a project file is a mapping", (), file)])
    mutate(document)
    found: list[Any] = []
    if _is_block(original):
        out = editor.merged(original, document, 0, len(editor.lines))
    elif editor.patch(original, document, None, found) and found:
        out = editor.patched(0, len(editor.lines), found)
    elif _same(original, document):
        out = editor.copy(0, len(editor.lines))
    else:
        dumped = io.StringIO()
        yaml.dump(document, dumped)
        out = [_Line(line) for line in dumped.getvalue().splitlines()]
    edited = editor.text(out)
    try:
        project = parse_project_yaml(edited, file)
    except ProjectError as error:
        raise _relocated(error, out) from None
    return edited, project


def read_source(path: Path) -> str:
    """The file's text exactly as on disk (its line breaks kept); `read_text`'s errors.

    Another tool's plan (`.xml`, `.xer`...) is not edited: `unknown_file_type` says to
    write it to a project file first with `steerco import`.
    """
    from steerco.formats.foreign.plan import FOREIGN_SUFFIXES

    if path.suffix.lower() in FOREIGN_SUFFIXES:
        message = (
            "steerco changes project files (.yaml), not other tools' plans: write this one "
            f"to a project file first (steerco import {path} --out project.yaml)"
        )
        raise ProjectError([Diagnostic(Code.unknown_file_type, message, (), str(path))])
    text = read_text(path)
    try:
        return path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):  # changed under us: what read_text saw
        return text


def edit_project_file(path: Path, mutate: Callable[[CommentedMap], None]) -> Project:
    """Change a project file in place through `mutate`; validate, then write atomically.

    The read, the edit and the write hold the file's lock (`atomic.locked`), so edits
    made at the same time by other processes wait and are kept.
    """
    with locked(path):
        text = read_source(path)
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
