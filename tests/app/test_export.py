"""`export_plan`'s choices: the format from the suffix, and what MS Project cannot hold."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from steerco.app.export import export_format, mspdi_notes
from steerco.errors import ProjectError
from steerco.model import Project

# US federal holidays of 2027 with their observed days (observed=True): New Year's Day,
# MLK Day, Washington's Birthday, Memorial Day, Juneteenth (Sat 19, observed Fri 18),
# Independence Day (Sun 4, observed Mon 5), Labor Day, Columbus Day, Veterans Day,
# Thanksgiving, Christmas (Sat 25, observed Fri 24) and New Year's Day 2028 (Sat), observed
# Fri Dec 31: 11 holidays + 4 observed days = 15 exceptions.
PROJECT = {
    "name": "Notes",
    "start": "2027-01-04",
    "calendar": {"country": "US"},
    "scheduling": {"lag_calendar": "predecessor"},
    "resources": [{"id": "ana", "role": "analyst"}],
    "risks": [{"id": "r1", "title": "Data late", "probability": 0.3, "impact": {"cost": 1000}}],
    "tasks": [
        {"id": "a", "duration": "2d..3d..5d", "demands": [{"role": "analyst"}], "tags": ["x"]},
        {"id": "b", "duration": "2d", "after": ["a FS+2d"], "overhead": 50},
        {"id": "c", "duration": "1d", "after": ["b FS+1ed"]},
    ],
}


def test_mspdi_notes_name_every_concept_ms_project_cannot_hold() -> None:
    notes = mspdi_notes(Project.model_validate(PROJECT), range(2027, 2028))
    assert len(notes) == 6, notes
    lags, holidays, demands, estimates, overheads, rest = notes
    assert lags.startswith("1 working-time lag counts on the predecessor calendar")
    assert holidays.startswith(
        "the project calendar: the public holidays of US are written as 15 exceptions "
        "(2027 to 2027)"
    )
    assert demands.startswith("1 role or skill demand names no resource")
    assert estimates.startswith("1 three-point estimate written as the likely duration")
    assert overheads.startswith("1 overhead rate")
    assert rest.endswith("kept in the steerco file: 1 risk, `tags` on 1")


def test_a_plan_ms_project_holds_whole_has_no_notes() -> None:
    plain = {
        "name": "Plain",
        "start": "2027-01-04",
        "scheduling": {"lag_calendar": "successor"},
        "tasks": [
            {"id": "a", "duration": "2d"},
            {"id": "b", "duration": "1d", "after": ["a FS+1d"]},
        ],
    }
    assert mspdi_notes(Project.model_validate(plain), range(2027, 2028)) == []


@pytest.mark.parametrize(
    ("name", "to", "expected"),
    [
        ("plan.xml", None, "mspdi"),
        ("plan.CSV", None, "csv"),
        ("plan.xlsx", None, "xlsx"),
        ("plan.txt", "xlsx", "xlsx"),
        ("plan.xml", "csv", "csv"),
    ],
)
def test_the_format_comes_from_to_else_from_the_suffix(
    name: str, to: str | None, expected: str
) -> None:
    assert export_format(Path(name), to) == expected


@pytest.mark.parametrize(("name", "to"), [("plan.txt", None), ("plan.csv", "pdf")])
def test_an_unknown_format_is_a_located_error(name: str, to: str | None) -> None:
    with pytest.raises(ProjectError) as caught:
        export_format(Path(name), to)
    (found,) = caught.value.diagnostics
    assert (found.code, found.file) == ("unknown_file_type", name)


def test_the_table_export_and_the_web_gantt_show_the_same_baseline(tmp_path: Path) -> None:
    # Two baselines, neither named `baseline`: the CSV showed the first saved, the web
    # Gantt the last; both show the first (BaselineFile.shown), `steerco evm` asks.
    from steerco.app.baseline import save_baseline
    from steerco.app.export import export_plan
    from steerco.app.workspace.project_views import _baseline_of
    from steerco.formats.baselines_file import baselines_path
    from steerco.schedule.options import SolveOptions

    path = tmp_path / "p.yaml"
    path.write_text("name: P\nstart: 2027-01-04\ntasks:\n  - {id: a, name: A, duration: 2}\n")
    save_baseline(
        path=path, name="approved", saved=dt.date(2027, 1, 1), options=SolveOptions("cpm")
    )
    path.write_text(path.read_text().replace("duration: 2", "duration: 5"))
    save_baseline(path=path, name="replan", saved=dt.date(2027, 1, 2), options=SolveOptions("cpm"))
    result = export_plan(path=path, to=None, out=tmp_path / "p.csv")
    assert result.baseline == "approved"
    gantt = _baseline_of(baselines_path(path).read_text())
    assert gantt == {"a": (dt.date(2027, 1, 4), dt.date(2027, 1, 5))}  # approved: 2 days


def test_a_task_sized_by_compute_is_noted_as_such_not_as_a_three_point_estimate() -> None:
    from steerco.formats.loader import load_plan_input

    _, project = load_plan_input(Path(__file__).parents[2] / "examples" / "llm-assistant.yaml")
    assert project is not None
    notes = mspdi_notes(project, range(2027, 2028))
    sized = [n for n in notes if "sized by compute" in n]
    assert sized == [
        "1 task sized by compute written as the duration steerco plans (whole days); the FLOPs, "
        "accelerators and utilisation band stay in the steerco file"
    ]
    leaves = [t for t in project.all_tasks() if not t.children]
    three_point = sum(t.estimate is not None and t.compute is None for t in leaves)
    (estimates,) = [n for n in notes if "three-point" in n]
    assert estimates.startswith(f"{three_point} three-point estimates written as")
