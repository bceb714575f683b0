"""The baselines sidecar file: round trips, choosing a baseline, located errors."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import steerco
from steerco.errors import ProjectError
from steerco.formats.baselines_file import (
    baselines_path,
    baselines_yaml,
    load_baseline,
    load_baselines,
    parse_baselines,
    save_baseline,
)
from steerco.model.baseline import Baseline, BaselineFile
from steerco.schedule.plan import Schedule
from steerco.track.baseline import freeze_baseline

CANONICAL = Path(__file__).parents[1] / "cases" / "valid" / "canonical.yaml"


def frozen(name: str = "baseline", **extra: Any) -> Baseline:
    project = steerco.load_project(CANONICAL)
    plan = steerco.schedule(project, method="cpm")
    assert isinstance(plan, Schedule)
    return freeze_baseline(plan, project, name=name, saved=dt.date(2027, 1, 4), **extra)


@pytest.fixture
def project_file(tmp_path: Path) -> Path:
    target = tmp_path / "churn.yaml"
    shutil.copy(CANONICAL, target)
    return target


def test_the_sidecar_sits_next_to_the_project_file() -> None:
    assert baselines_path(Path("plans/churn.yaml")) == Path("plans/churn.baselines.yaml")
    assert baselines_path("j30.sm") == Path("j30.baselines.yaml")


def test_a_baseline_round_trips_through_the_sidecar(project_file: Path) -> None:
    b = frozen(contingency=3000.0, management_reserve=1500.5)
    path = save_baseline(project_file, b)
    assert path == project_file.parent / "churn.baselines.yaml"
    assert load_baseline(project_file) == b
    text = path.read_text()
    assert text.startswith("# Baselines of churn.yaml")
    assert "  - {id: label, name: Label, kind: task, parent: data" in text  # one task a line
    assert "saved: 2027-01-04" in text  # a YAML date, not a quoted string


def test_several_named_baselines_and_force(project_file: Path) -> None:
    save_baseline(project_file, frozen())
    save_baseline(project_file, frozen("replan"))
    assert load_baselines(project_file).names() == ["baseline", "replan"]
    before = baselines_path(project_file).read_text()
    with pytest.raises(ProjectError) as error:
        save_baseline(project_file, frozen("replan", contingency=1.0))
    assert error.value.code == "baseline_exists"
    assert baselines_path(project_file).read_text() == before  # nothing written
    save_baseline(project_file, frozen("replan", contingency=1.0), force=True)
    assert load_baseline(project_file, "replan").contingency == 1.0
    assert load_baselines(project_file).names() == ["baseline", "replan"]  # replaced in place


def test_no_name_means_baseline_else_the_only_one(project_file: Path) -> None:
    save_baseline(project_file, frozen("first"))
    assert load_baseline(project_file).name == "first"  # the only one
    save_baseline(project_file, frozen("second"))
    with pytest.raises(ProjectError) as error:
        load_baseline(project_file)  # two, none named `baseline`
    assert error.value.code == "no_baseline"
    assert "first, second" in str(error.value)
    save_baseline(project_file, frozen())
    assert load_baseline(project_file).name == "baseline"


def test_no_sidecar_or_an_unknown_name_is_no_baseline(project_file: Path) -> None:
    with pytest.raises(ProjectError) as error:
        load_baseline(project_file)
    assert error.value.code == "no_baseline"
    assert error.value.diagnostics[0].file == str(project_file)
    assert f"steerco baseline {project_file}" in str(error.value)
    save_baseline(project_file, frozen())
    with pytest.raises(ProjectError) as error:
        load_baseline(project_file, "approved")
    assert "--name approved" in str(error.value) and "saved: baseline" in str(error.value)


def test_errors_in_a_hand_edited_file_are_located(project_file: Path) -> None:
    save_baseline(project_file, frozen())
    path = baselines_path(project_file)
    lines = path.read_text().splitlines()
    at = next(i for i, line in enumerate(lines) if "{id: tune," in line)
    lines[at] = lines[at].replace("cost: 3200.0", "cost: lots")
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(ProjectError) as error:
        load_baselines(project_file)
    d = error.value.diagnostics[0]
    assert (d.code, d.file, d.line) == ("bad_value", str(path), at + 1)
    assert d.column == lines[at].index("lots") + 1


def test_an_inconsistent_task_is_a_located_bad_baseline() -> None:
    text = (
        "baselines:\n"
        "- {name: b, saved: 2027-01-04, unit: day, start: 0, finish: 2, finish_units: 2,\n"
        "   tasks: [{id: a, kind: task, start: 0, finish: 2, start_units: 0,\n"
        "            finish_units: 2, duration: 2, cost: 9, fixed_cost: 0, accrual: end,\n"
        "            rate: 1}]}\n"
    )
    with pytest.raises(ProjectError) as error:
        parse_baselines(text, "x.baselines.yaml")
    d = error.value.diagnostics[0]
    assert (d.code, d.line) == ("bad_baseline", 3)


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        ("baselines: [\n", "yaml_syntax", 2),
        ("- just a list\n", "bad_baseline", 1),
        ("baselines: []\nextra: 1\n", "unknown_key", 2),
    ],
)
def test_a_file_that_is_not_a_baselines_file(text: str, code: str, line: int | None) -> None:
    with pytest.raises(ProjectError) as error:
        parse_baselines(text, "x.baselines.yaml")
    assert (error.value.code, error.value.line) == (code, line)


def test_an_empty_file_has_no_baselines() -> None:
    assert parse_baselines("", "x") == BaselineFile()
    assert parse_baselines(baselines_yaml(BaselineFile()), "x") == BaselineFile()


names = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=12
).filter(str.strip)


@pytest.mark.slow
@settings(max_examples=40, deadline=None)
@given(name=names, task_name=names, reserve=st.floats(0, 1e9, allow_nan=False))
def test_any_names_and_amounts_round_trip(name: str, task_name: str, reserve: float) -> None:
    base = frozen()
    tasks = tuple(
        t.model_copy(update={"name": task_name}) if t.id == "tune" else t for t in base.tasks
    )
    b = base.model_copy(
        update={"name": name, "contingency": reserve, "tasks": tasks, "project": task_name}
    )
    saved = BaselineFile(baselines=(b, frozen("other")))
    assert parse_baselines(baselines_yaml(saved, f"{name}\u2028{task_name}\n"), "x") == saved
