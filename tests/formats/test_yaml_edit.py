"""Editing a project file in place keeps every line that did not change, comments included."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from ruamel.yaml.comments import CommentedMap

from steerco.errors import ProjectError
from steerco.formats.yaml_edit import edit_project_file, ensure_map, ensure_seq

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
