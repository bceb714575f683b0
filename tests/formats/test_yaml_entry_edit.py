"""The one-entry editor writes what the whole-file editor writes, byte for byte, or declines.

The reference is `yaml_edit.edit_project_text` on the whole text with the same change.
Random changes (a field set, added or removed, a nested mapping written) of random entries
(tasks at any depth, items of the top-level lists) of generated files (block and flow
entries, comments around and inside them, blank lines, CRLF, both dash offsets, four-space
mappings) and of entries of the example projects must give the same text and the same project, and
the spans kept for the new text must be those a fresh read finds.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context
from ruamel.yaml.comments import CommentedMap

from steerco.errors import ProjectError
from steerco.formats.project_yaml import parse_project_yaml
from steerco.formats.yaml_edit import edit_project_text
from steerco.formats.yaml_entry_edit import (
    _compose,
    _line_count,
    _spans,
    edit_entry_text,
    entry_index,
)
from steerco.formats.yaml_source import load_yaml

EntryPath = tuple[str | int, ...]
Change = Callable[[CommentedMap], None]
EXAMPLES = Path(__file__).parents[2] / "examples"


def _whole(path: EntryPath, change: Change) -> Callable[[CommentedMap], None]:
    """The same change as a mutation of the whole document (the reference's input)."""

    def mutate(document: CommentedMap) -> None:
        entry: Any = document
        for part in path:
            entry = entry[part]
        change(entry)

    return mutate


def _fresh_spans(text: str) -> dict[EntryPath, tuple[int, int, int]]:
    root = _compose(text)
    assert root is not None
    return _spans(root, _line_count(text))


def _note(what: str) -> None:
    if currently_in_test_context():
        event(what)


def _check(text: str, path: EntryPath, change: Change) -> str | None:
    """Both editors on one change: the fast text (None: declined) after checking it."""
    try:
        expected, project = edit_project_text(text, "plan.yaml", _whole(path, change), valid=True)
    except ProjectError:
        assert edit_entry_text(text, "plan.yaml", lambda _: path, change) is None
        _note("invalid edit: declined")
        return None
    fast = edit_entry_text(text, "plan.yaml", lambda _: path, change)
    _note("fast" if fast is not None else "declined")
    if fast is None:
        return None
    assert fast.text == expected
    assert fast.project == project == parse_project_yaml(fast.text, "plan.yaml")
    assert fast.data == load_yaml(fast.text)[0]
    index = entry_index(fast.text)
    assert index.spans == _fresh_spans(fast.text)
    return fast.text


NAMES = st.sampled_from(["Data", "Train model", "Ünïcode", "a: b", "x # y", "'q'", "7", "yes"])
COMMENTS = st.sampled_from(["", "  # owned by data", "  # TODO: check"])


def _quoted(name: str, style: str) -> str:
    if style == "single":
        return "'" + name.replace("'", "''") + "'"
    if style == "double" or not name.replace(" ", "").isalpha() or name == "yes":
        return '"' + name + '"'
    return name


@st.composite
def _leaf(draw: st.DrawFn, ident: str, pad: str, step: int) -> list[str]:
    """A leaf task at dash column `len(pad)`: flow or block, comments and blank lines around."""
    name = _quoted(draw(NAMES), draw(st.sampled_from(["plain", "single", "double"])))
    duration = draw(st.integers(1, 30))
    comment = draw(COMMENTS)
    if draw(st.booleans()):
        return [f"{pad}- {{id: {ident}, name: {name}, duration: {duration}}}{comment}"]
    inner = pad + " " * step
    dash = "-" + " " * (step - 1)
    lines = [f"{pad}{dash}id: {ident}{comment}", f"{inner}name: {name}"]
    if draw(st.booleans()):
        lines.append(f"{inner}# how long")
    if draw(st.booleans()):
        deeper = inner + " " * step
        lines += [f"{inner}estimate:", f"{deeper}low: 1", f"{deeper}likely: 3", f"{deeper}high: 9"]
    else:
        lines.append(f"{inner}duration: {duration}")
    if draw(st.booleans()):
        lines.append("")
    return lines


@st.composite
def _tasks(draw: st.DrawFn, prefix: str, pad: str, step: int, offset: int, depth: int) -> list[str]:
    """A list of tasks at dash column `len(pad)`, summaries with children down to `depth`."""
    lines: list[str] = []
    for number in range(draw(st.integers(1, 3))):
        ident = f"{prefix}{number}"
        if draw(st.booleans()):
            lines.append(f"{pad}# before {ident}")
        if depth > 0 and draw(st.booleans()):
            inner = pad + " " * step
            dash = "-" + " " * (step - 1)
            lines += [f"{pad}{dash}id: {ident}", f"{inner}name: Phase {ident}", f"{inner}children:"]
            child_pad = inner + " " * offset
            lines += draw(_tasks(f"{ident}x", child_pad, step, offset, depth - 1))
            if draw(st.booleans()):
                lines.append(f"{child_pad}# the last child of {ident}")
            if draw(st.booleans()):
                lines.append(f"{inner}description: after the children")
            if draw(st.booleans()):
                lines.append("# a comment at the left edge")
        else:
            lines += draw(_leaf(ident, pad, step))
    return lines


@st.composite
def projects(draw: st.DrawFn) -> str:
    """A valid project text with nested tasks and a resources list, in one of several styles."""
    step = draw(st.sampled_from([2, 4]))
    offset = draw(st.sampled_from([0, 2]))
    pad = " " * offset
    lines = ["# The plan", "name: Churn model", "start: 2027-01-04", "", "tasks:"]
    lines += draw(_tasks("t", pad, step, offset, 2))
    if draw(st.booleans()):
        inner = pad + " " * step
        lines += [
            "resources:",
            f"{pad}-{' ' * (step - 1)}id: engineer  # ML engineer 1",
            f"{inner}name: ML engineer",
        ]
        lines += [f"{pad}- {{id: gpu, name: GPU pool, kind: equipment}}"]
    if draw(st.booleans()):
        lines += ["", "# the end"]
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    end = draw(st.sampled_from([newline, ""]))
    return newline.join(lines) + end


def _entries(data: Any) -> list[EntryPath]:
    """Every task (any depth) and every resource of a loaded project."""
    found: list[EntryPath] = []

    def walk(tasks: Any, path: EntryPath) -> None:
        for index, task in enumerate(tasks or []):
            found.append((*path, index))
            if isinstance(task, dict) and isinstance(task.get("children"), list):
                walk(task["children"], (*path, index, "children"))

    walk(data.get("tasks"), ("tasks",))
    found += [("resources", i) for i in range(len(data.get("resources") or []))]
    return found


def _set(field: str, value: Any) -> Change:
    def change(entry: CommentedMap) -> None:
        if value is None:
            entry.pop(field, None)
        else:
            entry[field] = value

    return change


@st.composite
def changes(draw: st.DrawFn, path: EntryPath) -> Change:
    """A change of one entry: its name, a new key, a key removed, a nested mapping."""
    if path[0] == "resources":
        field = draw(st.sampled_from(["name", "description"]))
        return _set(field, draw(st.one_of(NAMES, st.none())))
    kind = draw(st.sampled_from(["name", "description", "duration", "remove", "estimate"]))
    if kind == "name":
        return _set("name", draw(NAMES))
    if kind == "description":
        return _set("description", draw(NAMES))
    if kind == "duration":
        return _set("duration", draw(st.integers(-2, 40)))  # negative: an invalid edit
    if kind == "remove":
        return _set(draw(st.sampled_from(["name", "description"])), None)
    return _set("estimate", {"low": 2, "likely": 3, "high": draw(st.integers(1, 8))})


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_run_of_entry_edits_writes_what_the_whole_file_editor_writes(
    data: st.DataObject,
) -> None:
    text = data.draw(projects())
    parse_project_yaml(text, "plan.yaml")  # the generated files are valid projects
    for _ in range(data.draw(st.integers(1, 3))):
        loaded = load_yaml(text)[0]
        path = data.draw(st.sampled_from(_entries(loaded)))
        edited = _check(text, path, data.draw(changes(path)))
        if edited is None:
            return
        text = edited


def _example_cases() -> list[tuple[str, EntryPath]]:
    cases = []
    for file in sorted(EXAMPLES.glob("*.yaml")):
        data = load_yaml(file.read_text(encoding="utf-8"))[0]
        paths = _entries(data)
        paths += [
            (c, i) for c in ("risks", "backlog", "sprints") for i in range(len(data.get(c) or []))
        ]
        step = max(1, len(paths) // 4)  # four or five entries of each file
        cases += [(file.name, path) for path in paths[::step]]
    return cases


_TITLE = {"risks": "title", "backlog": "title"}


@pytest.mark.parametrize(("name", "path"), _example_cases())
def test_entries_of_the_examples_edit_as_the_whole_file_editor_does(
    name: str, path: EntryPath
) -> None:
    text = (EXAMPLES / name).read_text(encoding="utf-8")
    field = _TITLE.get(str(path[0]), "name")
    renamed = _check(text, path, _set(field, "Renamed: a, b\nover two lines"))
    removed = _check(text, path, _set("description", None))
    assert renamed is not None and removed is not None


PLAN = """name: P
start: 2027-01-04
tasks:
  - id: phase
    name: Phase
    children:
      - {id: a, duration: 2}
      - id: b
        duration: 3   # three days
        after: [a]
  # the next phase
  - id: c
    duration: 1
"""


def test_the_fast_path_is_taken_for_a_plain_edit_and_keeps_every_other_byte() -> None:
    fast = edit_entry_text(
        PLAN, "p.yaml", lambda _: ("tasks", 0, "children", 1), _set("duration", 4)
    )
    assert fast is not None
    assert fast.text == PLAN.replace("duration: 3   #", "duration: 4   #")
    assert fast.project.task("b").duration is not None


@pytest.mark.parametrize(
    ("text", "path"),
    [
        (
            PLAN.replace("name: Phase", "name: &p Phase").replace(
                "id: c\n", "id: c\n    name: *p\n"
            ),
            ("tasks", 1),
        ),
        (PLAN + "resources: [{id: r}]\n", ("resources", 0)),
        ("name: P\nstart: 2027-01-04\ntasks: [{id: a, duration: 2}, {id: b}]\n", ("tasks", 1)),
        (PLAN.replace("duration: 2}", 'duration: 2, name: "a\tb"}'), ("tasks", 0, "children", 0)),
        (PLAN.replace("    name: Phase\n", "    name: Phase\n    \n"), ("tasks", 0)),
        (PLAN.replace("\n", "\r\n", 3), ("tasks", 1)),
        (PLAN.replace("  - id: c\n", "  -\n    id: c\n"), ("tasks", 1)),
    ],
    ids=[
        "alias",
        "flow list",
        "flow tasks",
        "tab",
        "spaces alone",
        "mixed breaks",
        "dash alone",
    ],
)
def test_the_fast_path_declines_what_it_cannot_do_exactly(text: str, path: EntryPath) -> None:
    try:
        parse_project_yaml(text, "p.yaml")
    except ProjectError:  # pragma: no cover - the cases are valid projects
        pytest.fail("the case is not a valid project")
    assert edit_entry_text(text, "p.yaml", lambda _: path, _set("name", "New")) is None
    edited, _ = edit_project_text(text, "p.yaml", _whole(path, _set("name", "New")), valid=True)
    assert "New" in edited


def test_an_invalid_edit_is_declined_and_the_whole_file_editor_locates_it() -> None:
    path = ("tasks", 0, "children", 1)
    change = _set("after", ["nowhere"])
    assert edit_entry_text(PLAN, "p.yaml", lambda _: path, change) is None
    with pytest.raises(ProjectError) as caught:
        edit_project_text(PLAN, "p.yaml", _whole(path, change), valid=True)
    assert caught.value.diagnostics[0].line == 10


def _estimated(entry: CommentedMap) -> None:
    """A three-point estimate instead of the duration: more lines."""
    del entry["duration"]
    entry["estimate"] = {"low": 1, "likely": 2, "high": 3}


def test_the_spans_kept_after_edits_are_those_of_a_fresh_read() -> None:
    text = PLAN
    for path, change in [
        (("tasks", 0, "children", 0), _set("description", "one\ntwo\nthree")),
        (("tasks", 1), _estimated),
        (("tasks", 0, "children", 1), _set("name", "A name\nover two lines")),
    ]:
        fast = edit_entry_text(text, "p.yaml", lambda _, p=path: p, change)
        assert fast is not None
        assert entry_index(fast.text).spans == _fresh_spans(fast.text)
        text = fast.text
    assert _fresh_spans(text)[("tasks", 1)][0] > _fresh_spans(PLAN)[("tasks", 1)][0]


def test_a_flow_item_at_the_left_edge_is_written_anew_in_its_own_column() -> None:
    """`tasks:` then `- {...}` at column 0, in a file whose other lists are indented."""
    text = (
        "name: P\nstart: 2027-01-04\ntasks:\n- {id: a, duration: 1}\n- id: b\n  children:\n"
        "    - {id: c, duration: 2}\n"
    )
    expected = text.replace("- {id: a, duration: 1}", "- {id: a, duration: 1, description: x}")
    edited, _ = edit_project_text(text, "p.yaml", _whole(("tasks", 0), _set("description", "x")))
    assert edited == expected
    assert _check(text, ("tasks", 0), _set("description", "x")) == expected
