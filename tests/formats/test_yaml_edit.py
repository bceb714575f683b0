"""Editing a project file in place keeps every line that did not change, comments included."""

from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path

import pytest
from ruamel.yaml.comments import CommentedMap

from steerco.errors import ProjectError
from steerco.formats.yaml_edit import (
    edit_project_file,
    edit_project_text,
    ensure_map,
    ensure_seq,
)

SOURCE = """\
# Churn model: the plan we agreed with the sponsor
name: Churn model
start: 2027-01-04   # first Monday after the freeze

tasks:
  - {id: data, name: Data extract, duration: 5}   # owned by data engineering
  - id: train
    name: Train model
    duration: 10
    after: [data]
  # the launch is a milestone
  - {id: launch, name: Launch, milestone: true, after: [train]}
risks:
  - id: late-data
    title: Extract late
    probability: 0.3
    tasks: [data]
"""


def _changed_lines(before: str, after: str) -> list[str]:
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]


@pytest.fixture
def project_file(tmp_path: Path) -> Path:
    path = tmp_path / "churn.yaml"
    path.write_text(SOURCE, encoding="utf-8")
    return path


def test_changing_one_value_changes_one_line(project_file: Path) -> None:
    def mutate(doc: CommentedMap) -> None:
        doc["risks"][0]["probability"] = 0.5

    project = edit_project_file(project_file, mutate)
    assert project.risks[0].probability == 0.5
    after = project_file.read_text(encoding="utf-8")
    assert _changed_lines(SOURCE, after) == ["-    probability: 0.3", "+    probability: 0.5"]


def test_new_section_is_appended_in_block_style(project_file: Path) -> None:
    def mutate(doc: CommentedMap) -> None:
        ensure_map(doc, "forecast")["pert_lambda"] = 6

    edit_project_file(project_file, mutate)
    after = project_file.read_text(encoding="utf-8")
    assert after == SOURCE + "forecast:\n  pert_lambda: 6\n"


def test_appended_item_takes_the_files_indentation(project_file: Path) -> None:
    def mutate(doc: CommentedMap) -> None:
        ensure_seq(doc, "risks").append({"id": "gpu", "title": "No GPUs", "probability": 0.1})

    project = edit_project_file(project_file, mutate)
    assert [risk.id for risk in project.risks] == ["late-data", "gpu"]
    added = _changed_lines(SOURCE, project_file.read_text(encoding="utf-8"))
    assert added == ["+  - id: gpu", "+    title: No GPUs", "+    probability: 0.1"]


def test_an_edit_that_breaks_the_project_changes_nothing(project_file: Path) -> None:
    def mutate(doc: CommentedMap) -> None:
        doc["risks"][0]["probability"] = 1.5

    with pytest.raises(ProjectError) as raised:
        edit_project_file(project_file, mutate)
    assert raised.value.line == 16
    assert project_file.read_text(encoding="utf-8") == SOURCE
    assert [p.name for p in project_file.parent.iterdir()] == ["churn.yaml"]


def test_an_invalid_file_is_refused_before_any_edit(project_file: Path) -> None:
    broken = SOURCE.replace("duration: 10", "duration: 10x")
    project_file.write_text(broken, encoding="utf-8")
    with pytest.raises(ProjectError) as raised:
        edit_project_file(project_file, lambda doc: None)
    assert raised.value.code == "bad_duration"
    assert project_file.read_text(encoding="utf-8") == broken


def test_a_missing_file_is_a_located_error(tmp_path: Path) -> None:
    with pytest.raises(ProjectError) as raised:
        edit_project_file(tmp_path / "absent.yaml", lambda doc: None)
    assert raised.value.code == "file_not_found"


ROOT = Path(__file__).parents[2]


def _docs_projects() -> list[tuple[str, str]]:
    """Every fenced yaml block in docs/*.md that is a whole, valid project file."""
    from steerco.formats.project_yaml import parse_project_yaml

    found = []
    for doc in sorted((ROOT / "docs").glob("*.md")):
        blocks = doc.read_text(encoding="utf-8").split("```yaml\n")[1:]
        for i, block in enumerate(blocks):
            text = block.split("```", 1)[0]
            try:
                parse_project_yaml(text, doc.name)
            except Exception:  # a fragment, not a project file
                continue
            found.append((f"{doc.name}#{i}", text))
    return found


EXAMPLES = [(p.name, p.read_text(encoding="utf-8")) for p in sorted(ROOT.glob("examples/*.yaml"))]
DOCS = _docs_projects()


def test_the_round_trip_covers_examples_and_docs() -> None:
    assert len(EXAMPLES) >= 4 and len(DOCS) >= 1


@pytest.mark.parametrize(("name", "text"), EXAMPLES + DOCS, ids=[n for n, _ in EXAMPLES + DOCS])
def test_a_no_op_edit_is_byte_identical(name: str, text: str) -> None:
    edited, _ = edit_project_text(text, name, lambda doc: None)
    assert edited == text


@pytest.mark.parametrize(("name", "text"), EXAMPLES + DOCS, ids=[n for n, _ in EXAMPLES + DOCS])
def test_editing_one_value_changes_only_its_text(name: str, text: str) -> None:
    def mutate(doc: CommentedMap) -> None:
        doc["name"] = "Renamed plan"

    edited, project = edit_project_text(text, name, mutate)
    assert project.name == "Renamed plan"
    before, after = text.splitlines(), edited.splitlines()
    changed = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    assert len(changed) == 1
    line = before[changed[0]]
    old = line.split("name:", 1)[1].split("#")[0].strip()
    assert after[changed[0]] == line.replace(old, "Renamed plan", 1)


def test_a_changed_value_keeps_its_comment_and_alignment(tmp_path: Path) -> None:
    source = (
        "name: Demo   # kept\nstart: 2027-01-04\ntasks:\n  - {id: a, name: A, duration: 3}\n"
        "progress:\n  status_date: 2027-03-01   # weekly status\n"
        "  tasks:\n    a: {actual_start: 2027-01-04, percent_complete: 10}   # note\n"
    )
    path = tmp_path / "demo.yaml"
    path.write_text(source, encoding="utf-8")

    def mutate(doc: CommentedMap) -> None:
        doc["progress"]["status_date"] = dt.date(2027, 3, 8)
        doc["progress"]["tasks"]["a"]["percent_complete"] = 50

    edit_project_file(path, mutate)
    assert _changed_lines(source, path.read_text(encoding="utf-8")) == [
        "-  status_date: 2027-03-01   # weekly status",
        "+  status_date: 2027-03-08   # weekly status",
        "-    a: {actual_start: 2027-01-04, percent_complete: 10}   # note",
        "+    a: {actual_start: 2027-01-04, percent_complete: 50}   # note",
    ]


def test_crlf_line_breaks_and_a_missing_final_newline_survive(tmp_path: Path) -> None:
    path = tmp_path / "churn.yaml"
    source = SOURCE.replace("\n", "\r\n").rstrip("\r\n")
    path.write_bytes(source.encode("utf-8"))

    def mutate(doc: CommentedMap) -> None:
        doc["risks"][0]["probability"] = 0.5

    edit_project_file(path, mutate)
    assert path.read_bytes() == source.replace("probability: 0.3", "probability: 0.5").encode()


def test_errors_after_an_edit_point_at_lines_on_disk(project_file: Path) -> None:
    def mutate(doc: CommentedMap) -> None:  # a new section whose value is invalid
        ensure_seq(doc, "extra_risks")
        doc["risks"][0]["probability"] = 1.5
        doc.insert(0, "currency", "EUR")  # shifts every line of the edited text

    with pytest.raises(ProjectError) as raised:
        edit_project_file(project_file, mutate)
    assert (raised.value.line, raised.value.diagnostics[0].column) == (16, 18)
    assert project_file.read_text(encoding="utf-8") == SOURCE
