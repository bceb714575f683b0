"""The fast edit path (one compose, copied node graphs) writes exactly what the old path wrote.

`_reference_edit` is the editor as it was before: the text validated, loaded twice by
ruamel.yaml and composed a third time for the spans. Random edits (a field set, a task
added or deleted, a nested child changed) of generated project files (flow and block
tasks, comments around them, quoting, aliases, CRLF, both sequence indentations) must give
the same text and project, or the same located errors, on both paths.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from ruamel.yaml.comments import CommentedMap

from steerco.errors import ProjectError
from steerco.formats.project_yaml import parse_project_yaml
from steerco.formats.yaml_edit import (
    _Editor,
    _is_block,
    _Line,
    _relocated,
    _round_trip,
    _same,
    edit_project_text,
)
from steerco.model import Project

Mutate = Callable[[CommentedMap], None]


def _reference_edit(text: str, file: str, mutate: Mutate) -> tuple[str, Project]:
    """The old `edit_project_text`: two round-trip loads and a third compose for the spans."""
    parse_project_yaml(text, file)
    yaml = _round_trip(text)
    original, document = yaml.load(text), yaml.load(text)
    if not isinstance(document, CommentedMap):
        raise AssertionError("the generated texts are mappings")
    mutate(document)
    editor = _Editor(yaml, text, yaml.compose(text))
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


def _outcome(edit: Callable[[], tuple[str, Project]]) -> tuple[str, Any]:
    """("ok", (text, project)) or ("error", the located diagnostics as the CLI prints them)."""
    try:
        return "ok", edit()
    except ProjectError as error:
        return "error", [str(d) for d in error.diagnostics]


WORDS = st.sampled_from(["Data", "Train model", "Launch", "Ünïcode", "a: b", "x # y", "'q'", "7"])
COMMENTS = st.sampled_from(["", "   # owned by data", "  # TODO: check", " #"])


@st.composite
def _task_lines(draw: st.DrawFn, ident: str, earlier: list[str], indent: str) -> list[str]:
    """One leaf task written in flow or block style, with a trailing comment or none."""
    name = draw(WORDS)
    quoted = draw(st.sampled_from(["plain", "single", "double"]))
    if quoted == "single":
        name_text = "'" + name.replace("'", "''") + "'"
    elif quoted == "double":
        name_text = '"' + name + '"'
    else:
        name_text = name if name.replace(" ", "").isalpha() else '"' + name + '"'
    after = draw(st.lists(st.sampled_from(earlier), max_size=2, unique=True)) if earlier else []
    duration = draw(st.integers(1, 30))
    comment = draw(COMMENTS)
    if draw(st.booleans()):
        fields = f"id: {ident}, name: {name_text}, duration: {duration}"
        if after:
            fields += f", after: [{', '.join(after)}]"
        return [f"{indent}- {{{fields}}}{comment}"]
    inner = indent + "  "
    lines = [f"{indent}- id: {ident}{comment}", f"{inner}name: {name_text}"]
    lines.append(f"{inner}duration: {duration}")
    if after:
        lines.append(f"{inner}after: [{', '.join(after)}]")
    return lines


@st.composite
def project_texts(draw: st.DrawFn) -> tuple[str, list[str], list[tuple[int, int]]]:
    """A valid project text; its top-level task ids; (group index, child count) of its groups."""
    offset = draw(st.sampled_from(["  ", ""]))  # `  - item` or `- item` under `tasks:`
    lines = []
    if draw(st.booleans()):
        lines.append("# The plan we agreed with the sponsor")
    lines += ["name: &title Churn model", f"start: 2027-01-04{draw(COMMENTS)}", "", "tasks:"]
    ids: list[str] = []
    groups: list[tuple[int, int]] = []
    for number in range(draw(st.integers(1, 5))):
        if draw(st.booleans()):
            lines.append(f"{offset}# task {number}")
        if draw(st.booleans()):  # a summary task with children
            title = draw(st.sampled_from(["*title", "Phase"]))  # an alias, or a name of its own
            lines += [
                f"{offset}- id: g{number}",
                f"{offset}  name: {title}",
                f"{offset}  children:",
            ]
            children = draw(st.integers(1, 3))
            for child in range(children):
                lines += draw(_task_lines(f"c{number}x{child}", [], offset + "    "))
            if draw(st.booleans()):
                lines.append(f"{offset}    # the last child")
            groups.append((number, children))
            ids.append(f"g{number}")
        else:
            lines += draw(_task_lines(f"t{number}", list(ids), offset))
            ids.append(f"t{number}")
    if draw(st.booleans()):
        lines += ["", "# the end", ""]
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    return newline.join(lines) + newline, ids, groups


@st.composite
def edits(draw: st.DrawFn, ids: list[str], groups: list[tuple[int, int]]) -> Mutate:
    """A random edit: a field set, a task added, deleted or renamed, a nested child edited."""
    kind = draw(
        st.sampled_from(["field", "add", "delete", "child", "rewrite", "rewrite", "nothing"])
    )
    index = draw(st.integers(0, len(ids) - 1))
    field = draw(st.sampled_from(["name", "duration", "description"]))
    value: Any = draw(st.integers(1, 40) if field == "duration" else WORDS)
    new_task = {"id": f"n{index}", "name": draw(WORDS), "duration": draw(st.integers(1, 9))}
    group = draw(st.sampled_from(groups)) if groups else None
    child = draw(st.integers(0, group[1] - 1)) if group else 0

    def mutate(document: CommentedMap) -> None:
        tasks = document["tasks"]
        if kind == "field":
            tasks[index][field] = value
        elif kind == "add":
            tasks.append(new_task)
        elif kind == "delete":
            del tasks[index]
        elif kind == "rewrite":  # a new first key: the entry is written anew, links follow it
            old = tasks[index]["id"]
            tasks[index]["id"] = f"r{index}"
            tasks[index]["description"] = str(value)
            for task in tasks:
                if "after" in task:
                    task["after"] = [f"r{index}" if link == old else link for link in task["after"]]
        elif kind == "child" and group is not None:
            tasks[group[0]]["children"][child][field] = value
        elif kind == "child":
            tasks[index]["name"] = value

    return mutate


@settings(max_examples=150)
@given(data=st.data())
def test_fast_path_writes_exactly_what_the_old_path_wrote(data: st.DataObject) -> None:
    text, ids, groups = data.draw(project_texts())
    mutate = data.draw(edits(ids, groups))
    parse_project_yaml(text, "plan.yaml")  # the generated files are valid projects
    expected = _outcome(lambda: _reference_edit(text, "plan.yaml", mutate))
    event(f"the edit is {'accepted' if expected[0] == 'ok' else 'refused'}")
    assert _outcome(lambda: edit_project_text(text, "plan.yaml", mutate)) == expected
    trusted = _outcome(lambda: edit_project_text(text, "plan.yaml", mutate, valid=True))
    assert trusted == expected


def test_an_edit_and_a_refused_edit_match_the_old_path() -> None:
    """A new key lands after the entry's last line; a broken link is refused alike."""
    text = "name: P\nstart: 2027-01-04\ntasks:\n  - {id: a, duration: 2}\n"
    text += "  - id: b\n    after: [a]\n"

    def rename(document: CommentedMap) -> None:
        document["tasks"][1]["name"] = "Bee"

    def delete_first(document: CommentedMap) -> None:
        del document["tasks"][0]

    edited, _ = edit_project_text(text, "p.yaml", rename)
    assert edited == text + "    name: Bee\n"
    assert _reference_edit(text, "p.yaml", rename)[0] == edited
    with pytest.raises(ProjectError) as raised:
        edit_project_text(text, "p.yaml", delete_first)
    assert _outcome(lambda: _reference_edit(text, "p.yaml", delete_first)) == (
        "error",
        [str(d) for d in raised.value.diagnostics],
    )


def test_an_entry_written_anew_keeps_its_comments_on_both_paths() -> None:
    """A task whose first key changes is dumped anew from the copied graph, comments and all."""
    text = (
        "name: P  # the name\nstart: 2027-01-04\ntasks:\n"
        "  - id: a   # first\n    # about the estimate\n    duration: 2  # days\n"
        "    after: []\n  # between\n  - id: b\n    duration: 1\n"
    )

    def rename(document: CommentedMap) -> None:
        document["tasks"][0]["id"] = "a0"
        document["tasks"][0]["name"] = "Zero"
        document["tasks"][1]["after"] = ["a0"]

    expected = (
        "name: P  # the name\nstart: 2027-01-04\ntasks:\n"
        "  - id: a0  # first\n    # about the estimate\n    duration: 2  # days\n"
        "    after: []\n    name: Zero\n  # between\n  - id: b\n    duration: 1\n"
        "    after:\n      - a0\n"
    )
    assert edit_project_text(text, "p.yaml", rename)[0] == expected
    assert edit_project_text(text, "p.yaml", rename, valid=True)[0] == expected
    assert _reference_edit(text, "p.yaml", rename)[0] == expected


def test_a_summary_written_anew_keeps_its_childrens_comments() -> None:
    """The document is built from its own copy of the graph, with the comments loading moves."""
    text = (
        "name: P\nstart: 2027-01-04\ntasks:\n  - id: g0\n    name: G\n    children:\n"
        "      - {id: c0, duration: 2}   # first child\n      - {id: c1, duration: 3}\n"
        "  - {id: t1, duration: 1, after: [g0]}\n"
    )

    def rename(document: CommentedMap) -> None:
        document["tasks"][0]["id"] = "r0"
        document["tasks"][0]["description"] = "x"
        document["tasks"][1]["after"] = ["r0"]

    expected = (
        "name: P\nstart: 2027-01-04\ntasks:\n  - id: r0\n    name: G\n    children:\n"
        "      - {id: c0, duration: 2}   # first child\n      - {id: c1, duration: 3}\n"
        "    description: x\n  - {id: t1, duration: 1, after: [r0]}\n"
    )
    assert _reference_edit(text, "p.yaml", rename)[0] == expected
    assert edit_project_text(text, "p.yaml", rename)[0] == expected
