"""Opening and validating a project file through the application layer."""

from __future__ import annotations

from pathlib import Path

import pytest

from psplib_data import psplib_instance
from steerco.app.project import ProjectInput, load_project_file, validate_project_file
from steerco.errors import ProjectError

ROOT = Path(__file__).resolve().parents[2]
PSPLIB = psplib_instance("j3010_1")
CANONICAL = ROOT / "tests" / "cases" / "valid" / "canonical.yaml"


def test_a_yaml_file_gives_the_network_and_the_project() -> None:
    loaded = load_project_file(path=CANONICAL)
    assert isinstance(loaded, ProjectInput)
    assert loaded.project is not None and loaded.project.name == loaded.network.project
    assert loaded.path == CANONICAL


def test_a_psplib_file_gives_a_network_without_a_project() -> None:
    loaded = load_project_file(path=PSPLIB)
    assert loaded.project is None
    assert loaded.network.size == 32 and loaded.network.unit == "period"


def test_validation_counts_tasks_summaries_and_dependencies() -> None:
    result = validate_project_file(path=PSPLIB)
    assert (result.tasks, result.summaries, result.dependencies) == (32, 0, 48)
    assert result.warnings == ()


def test_unknown_skills_are_located_warnings_in_the_result(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(
        "name: P\n"
        "start: 2027-01-04\n"
        "resources:\n"
        "  - {id: a, skills: {pytorch: 3, basket-weaving: 2}}\n"
        "tasks:\n"
        "  - {id: t, duration: 2, demands: {a: 1}}\n",
        encoding="utf-8",
    )
    result = validate_project_file(path=path)
    assert [(w.code, w.line) for w in result.warnings] == [("unknown_skill", 4)]
    assert "basket-weaving" in result.warnings[0].message
    assert (result.tasks, result.summaries, result.dependencies) == (1, 0, 0)


def test_an_invalid_file_raises_a_located_project_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("name: P\nstart: 2027-01-04\ntasks:\n  - {id: t, duration: -1}\n")
    with pytest.raises(ProjectError) as caught:
        validate_project_file(path=path)
    assert caught.value.diagnostics[0].file == str(path)
    assert caught.value.diagnostics[0].line == 4


def test_an_unknown_extension_is_invalid_input(tmp_path: Path) -> None:
    with pytest.raises(ProjectError) as caught:
        load_project_file(path=tmp_path / "plan.txt")
    assert caught.value.diagnostics[0].code == "unknown_file_type"
