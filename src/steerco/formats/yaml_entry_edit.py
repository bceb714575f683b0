"""Edit one entry of a project file by re-reading only that entry's lines.

`yaml_edit.edit_project_text` composes the whole file with ruamel.yaml's pure-Python
composer: seconds for a 1,000-task plan. An edit of one task (anywhere in the WBS) or one
item of `resources`, `risks`, `backlog`, `sprints` or `stakeholders` touches only that
entry's lines, so this module cuts them out (from the entry's `- ` line to the line before
whatever follows it), runs the same comment-keeping machinery of `yaml_edit` on that
snippet (a block sequence of one item, indented as in the file, read with the whole
file's indentation and width) and splices the result back. The new plain data is the old
data with the entry replaced. Its project is the old text's validated project with only
the new entry validated and spliced in: the containers on its path are built again from
the objects they hold (nested models are taken as they are, as `Model.revised` does), and
no other entry is parsed again; the unchanged entries are the same objects as before,
which lets the workspace derive rows for what changed alone. The whole-project checks run
as `model.validate.check_entry_edit` (an edited task) or `check_project` (another list's
item) decide. A plan sized by `compute` is validated whole, as `parse_project_yaml` does.

Where the entries sit (their line spans, from PyYAML's C composer) and the plain data are
kept per text (by SHA-256, the last few): after an edit the spans of the new text are the
old ones shifted by the edit's line count, so a run of edits composes the file once.

`edit_entry_text` answers None whenever the fast path is not certainly what the whole-file
editor writes (aliases or merge keys in the file, an entry inside a flow collection or
under a `children` written first, tabs, mixed line breaks, an invalid result...): the
caller then runs `edit_project_text`.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, get_args

import yaml
from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError as RuamelError

from steerco.errors import ProjectError
from steerco.formats.locations import LocationMap
from steerco.formats.project_yaml import sized_by_compute, validate_project_data
from steerco.formats.yaml_edit import _copied, _Editor, _is_block, _round_trip
from steerco.formats.yaml_source import load_yaml
from steerco.model import Project
from steerco.model.base import Model
from steerco.model.validate import check_entry_edit, check_project
from steerco.recent import Recent

__all__ = ["EntryEdit", "EntryIndex", "Path", "edit_entry_text", "entry_index"]

Path = tuple[str | int, ...]
"""Where an entry sits in the loaded document: `("tasks", 0, "children", 3)`."""
Span = tuple[int, int, int]
"""An entry's first line, the line after its last (0-based) and its content's column."""

_LISTS = ("tasks", "resources", "risks", "backlog", "sprints", "stakeholders")
_MERGE = "tag:yaml.org,2002:merge"
_ODD_BREAKS = ("\x85", "\u2028", "\u2029", "\v", "\f", "\x1c", "\x1d", "\x1e")
_KEPT = 8
_ENTRY_TYPES: dict[str, type[Model]] = {
    name: get_args(Project.model_fields[name].annotation)[0] for name in _LISTS
}
"""The model of one entry of each top-level list (a task's children are tasks too)."""

try:
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - PyYAML without libyaml
    _Loader = yaml.SafeLoader


@dataclass(frozen=True)
class EntryIndex:
    """A text's entries (their spans by path), its plain data and whether it may be edited so.

    `editable` is False where the file has aliases or merge keys (an entry's value may show
    elsewhere) or line breaks other than one kind (LF or CRLF). `project` is the text's
    validated project (None: the text is not a valid project, or is sized by `compute`).
    """

    spans: dict[Path, Span]
    data: Any
    editable: bool
    newline: str
    project: Project | None = None


@dataclass(frozen=True)
class EntryEdit:
    """The edited text, the project it describes and its plain data (do not change it)."""

    text: str
    project: Project
    data: Any


_INDEXES: Recent[str, EntryIndex] = Recent(_KEPT)


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _compose(text: str) -> yaml.Node | None:
    loader = _Loader(text)
    try:
        root: yaml.Node | None = loader.get_single_node()
        return root
    finally:
        loader.dispose()


def _plain_nodes(root: yaml.Node) -> bool:
    """No node reached twice (an alias) and no merge key (`<<`) under `root`."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return False
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.tag == _MERGE:
                    return False
                stack += [key, value]
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value
    return True


def _newline(text: str) -> str | None:
    """The text's one kind of line break (LF or CRLF); None where it mixes others."""
    crlf = text.count("\r\n")
    if text.count("\r") != crlf or any(c in text for c in _ODD_BREAKS):
        return None
    lf = text.count("\n") - crlf
    if crlf and lf:
        return None
    return "\r\n" if crlf else "\n"


def _key(node: yaml.Node) -> str | None:
    return str(node.value) if isinstance(node, yaml.ScalarNode) else None


def _entry(
    item: yaml.Node, path: Path, stop: int, spans: dict[Path, Span], nested: bool, lines: int
) -> None:
    """Record `item`'s span (`lines` further down) and, for a task, its children's.

    A task's children are indexed only when `children` is not its first key: the
    whole-file editor rewrites an entry whose first key's value changed, not merges it.
    """
    spans[path] = (item.start_mark.line + lines, stop, item.start_mark.column)
    if not nested or not isinstance(item, yaml.MappingNode) or item.flow_style:
        return
    pairs = item.value
    for n, (key, value) in enumerate(pairs):
        if n == 0 or _key(key) != "children" or not isinstance(value, yaml.SequenceNode):
            continue
        end = pairs[n + 1][0].start_mark.line + lines if n + 1 < len(pairs) else stop
        _items(value, (*path, "children"), end, spans, nested, lines)


def _items(
    sequence: yaml.SequenceNode,
    path: Path,
    end: int,
    spans: dict[Path, Span],
    nested: bool,
    lines: int = 0,
) -> None:
    """Record the span of each item of a block sequence that ends on line `end`."""
    if sequence.flow_style:
        return
    items = sequence.value
    for i, item in enumerate(items):
        stop = items[i + 1].start_mark.line + lines if i + 1 < len(items) else end
        _entry(item, (*path, i), stop, spans, nested, lines)


def _line_count(text: str) -> int:
    """How many lines the whole-file editor sees (a last line break opens no line)."""
    return text.count("\n") + (0 if text.endswith("\n") or not text else 1)


def _spans(root: yaml.Node, lines: int) -> dict[Path, Span]:
    """The spans of the entries of the top-level lists and of every nested task."""
    spans: dict[Path, Span] = {}
    if not isinstance(root, yaml.MappingNode) or root.flow_style:
        return spans
    pairs = root.value
    for n, (key, value) in enumerate(pairs):
        name = _key(key)
        if name in _LISTS and isinstance(value, yaml.SequenceNode):
            end = pairs[n + 1][0].start_mark.line if n + 1 < len(pairs) else lines
            _items(value, (str(name),), end, spans, name == "tasks")
    return spans


def entry_index(text: str, file: str | None = None) -> EntryIndex:
    """The entries of `text` (a valid project), read once per text and kept (the last 8)."""
    sha = _sha(text)
    found = _INDEXES.get(sha)
    if found is not None:
        return found
    newline = _newline(text)
    data, _ = load_yaml(text, file)
    root = _compose(text)
    editable = newline is not None and root is not None and _plain_nodes(root)
    spans = _spans(root, _line_count(text)) if editable and root is not None else {}
    index = EntryIndex(spans, data, editable, newline or "\n", _validated(data, file))
    _INDEXES.put(sha, index)
    return index


def _validated(data: Any, file: str | None) -> Project | None:
    """The project `data` describes, where edits may build on it entry by entry."""
    try:
        project = validate_project_data(data, LocationMap(), file)
    except ProjectError:
        return None
    return None if sized_by_compute(project) else project


def _spliced(owner: Model, path: Path, item: Model) -> Model:
    """`owner` with the entry at `path` replaced by `item`, the containers on the path rebuilt.

    Each task on the path is validated again from the fields it was given (the same fields
    set, nested models as the objects they are), so its validators run and every other
    entry stays the object it was. The project itself is built as it stands: its
    whole-project checks are the caller's (`_revalidated`), which knows what changed.
    """
    field, index, rest = str(path[0]), int(path[1]), path[2:]
    items = getattr(owner, field)
    new = _spliced(items[index], rest, item) if rest else item
    spliced = (*items[:index], new, *items[index + 1 :])
    if isinstance(owner, Project):
        # every field, defaults included: each stays the very object it was
        every = {name: getattr(owner, name) for name in Project.model_fields}
        every[field] = spliced
        return Project.model_construct(_fields_set=set(owner.model_fields_set), **every)
    fields = {name: getattr(owner, name) for name in owner.model_fields_set}
    fields[field] = spliced
    return type(owner).model_validate(fields)


def _revalidated(
    previous: Project | None, path: Path, entry: Any, data: Any, file: str | None
) -> Project:
    """The project of `data`: `previous` with the new `entry` at `path`, else validated whole.

    Raises ProjectError (unlocated) where the new data is not a valid project.
    """
    if previous is None:
        return validate_project_data(data, LocationMap(), file)
    try:
        item = _ENTRY_TYPES[str(path[0])].model_validate(entry)
        project = _spliced(previous, path, item)
    except ValidationError:
        raise ProjectError([]) from None
    assert isinstance(project, Project)
    if sized_by_compute(project):
        return validate_project_data(data, LocationMap(), file)
    if path[0] == "tasks":
        check_entry_edit(project, previous, path)  # what the edited task can change
    else:
        check_project(project)
    return project


def _same_data(a: Any, b: Any) -> bool:
    """Equal plain data of the same types all the way down (`1` is not `true`)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same_data(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same_data(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def _at(data: Any, path: Path) -> Any:
    for part in path:
        data = data[part]
    return data


def _replaced(data: Any, path: Path, entry: Any) -> Any:
    """`data` with the value at `path` replaced: only the containers on the path copied."""
    if not path:
        return entry
    head, rest = path[0], path[1:]
    copy = dict(data) if isinstance(data, dict) else list(data)
    copy[head] = _replaced(data[head], rest, entry)  # type: ignore[index]
    return copy


@dataclass(frozen=True)
class _Cut:
    """The entry's lines in the text: its first line, the line after the cut."""

    start: int
    stop: int
    offsets: list[int]

    def at(self, line: int, text: str) -> int:
        return self.offsets[line] if line < len(self.offsets) else len(text)


def _cut(text: str, span: Span) -> tuple[_Cut, str] | None:
    """The entry's lines, where it starts with its `- `; None where that is not exact.

    The lines keep their columns: the snippet is a block sequence indented as the entry
    is, so every column the editor reads or writes is the whole file's. Trailing blank
    lines and comments left of the dash stay in the text: the whole-file editor keeps
    them after the entry whatever it writes.
    """
    first, end, content = span
    lines = text.splitlines(keepends=True)  # only LF or CRLF breaks (see `_newline`)
    offsets = [0, *itertools.accumulate(len(line) for line in lines)]
    head = lines[first] if first < len(lines) else ""
    prefix = head[:content]
    dash = len(prefix) - len(prefix.lstrip(" "))
    if prefix[dash : dash + 1] != "-" or prefix[dash + 1 :].strip(" ") or len(prefix) < dash + 2:
        return None
    stop = end
    while stop > first + 1:
        line = lines[stop - 1]
        indent = len(line) - len(line.lstrip(" "))
        if line.strip() and not (line.lstrip().startswith("#") and indent < dash):
            break
        stop -= 1
    snippet = lines[first:stop]
    if any("\t" in line or (not line.strip() and line.strip("\r\n")) for line in snippet):
        return None  # tabs; or spaces alone on a line: content of a literal block, maybe
    return _Cut(first, stop, offsets), "".join(snippet)


def _snippet_data(snippet: str) -> Any:
    """The one entry a snippet holds, as plain data; None where it is not that."""
    try:
        data, _ = load_yaml(snippet)
    except ProjectError:
        return None
    if not isinstance(data, list) or len(data) != 1 or not isinstance(data[0], dict):
        return None
    return data[0]


def _edited_snippet(
    rt: YAML, snippet: str, newline: str, mutate: Callable[[CommentedMap], None]
) -> str | None:
    """The snippet after `mutate`, as the whole-file editor writes its entry."""
    composed = rt.compose(snippet)
    editor = _Editor(rt, snippet, composed)
    editor.newline = newline
    copy = _copied(composed, {})
    original = rt.constructor.construct_document(composed)
    document = rt.constructor.construct_document(copy)
    for doc in (original, document):
        if not (isinstance(doc, CommentedSeq) and len(doc) == 1 and _is_block(doc)):
            return None
        if not isinstance(doc[0], CommentedMap):
            return None
    mutate(document[0])
    return editor.text(editor.merged(original, document, 0, len(editor.lines)))


def _in_place(new: str, old: str) -> bool:
    """Whether the new entry stays an item of the same list where the old one stood.

    Its dash in the old one's column, every other line (but comments) right of it: a
    snippet reads alone whatever its indentation, the file does not (an entry written
    anew left of its dash by the whole-file editor makes the file invalid).
    """
    first = old.split("\n", 1)[0]
    dash = len(first) - len(first.lstrip(" "))
    lines = new.splitlines()
    if not lines or not lines[0].startswith(" " * dash + "-"):
        return False
    for line in lines[1:]:
        text = line.lstrip(" ")
        if text and not text.startswith("#") and len(line) - len(text) <= dash:
            return False
    return True


def _shifted(
    spans: dict[Path, Span], path: Path, old: Span, delta: int, fresh: dict[Path, Span]
) -> dict[Path, Span]:
    """The spans of the edited text: the entry's subtree anew, later entries moved."""
    first, end, _ = old
    depth = len(path)
    out: dict[Path, Span] = {}
    for other, span in spans.items():
        if other[:depth] == path:
            continue  # the edited entry and its descendants: from `fresh`
        start, stop, column = span
        if delta and start >= end:
            out[other] = (start + delta, stop + delta, column)
        elif delta and stop >= end and start <= first:
            out[other] = (start, stop + delta, column)  # an ancestor
        else:
            out[other] = span  # the same tuple: nothing new for the garbage collector
    out.update(fresh)
    return out


def edit_entry_text(
    text: str,
    file: str | None,
    locate: Callable[[Any], Path | None],
    mutate: Callable[[CommentedMap], None],
) -> EntryEdit | None:
    """Apply `mutate` to the one entry `locate` finds in `text` (a valid project's text).

    `locate` gets the text's plain data and answers the entry's path (None: not here);
    `mutate` gets the entry's round-trip mapping. The new text is what `edit_project_text`
    writes for the same change, byte for byte, and the project is validated; None when
    that cannot be done certainly here (the caller then runs `edit_project_text`, which
    also gives an invalid edit its located error). `mutate`'s own errors propagate.
    """
    try:
        index = entry_index(text, file)
    except ProjectError:  # not a valid text: the whole-file editor says where
        return None
    if not index.editable:
        return None
    path = locate(index.data)
    span = index.spans.get(path) if path is not None else None
    if path is None or span is None:
        return None
    rt = _round_trip(text)  # the whole file's indentation and width
    cut = _cut(text, span)
    if cut is None:
        return None
    where, snippet = cut
    before = _snippet_data(snippet)
    if before is None or not _same_data(before, _at(index.data, path)):
        return None
    try:
        new_snippet = _edited_snippet(rt, snippet, index.newline, mutate)
    except RuamelError:
        return None
    if new_snippet is None or not _in_place(new_snippet, snippet):
        return None
    entry = _snippet_data(new_snippet)
    composed = _compose(new_snippet) if entry is not None else None
    if entry is None or not isinstance(composed, yaml.SequenceNode):
        return None
    new_text = (
        text[: where.at(where.start, text)] + new_snippet + text[where.at(where.stop, text) :]
    )
    data = _replaced(index.data, path, entry)
    try:
        # No positions: an invalid edit goes to the whole-file editor, whose error is
        # located in the text the user has (not in the text this edit would have written).
        project = _revalidated(index.project, path, entry, data, file)
    except ProjectError:
        return None
    delta = _line_count(new_snippet) - _line_count(snippet)
    fresh: dict[Path, Span] = {}
    stop = span[1] + delta
    if len(composed.value) == 1:
        _entry(composed.value[0], path, stop, fresh, path[0] == "tasks", where.start)
    spans = _shifted(index.spans, path, span, delta, fresh)
    editable = (
        len(composed.value) == 1
        and _plain_nodes(composed)
        and _newline(new_snippet + index.newline) == index.newline  # no new kind of break
    )
    kept = None if sized_by_compute(project) else project
    _INDEXES.put(_sha(new_text), EntryIndex(spans, data, editable, index.newline, kept))
    return EntryEdit(new_text, project, data)
