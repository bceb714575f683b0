"""`save_baseline` and `plan_variance`: the plan through a Planner, outcomes as data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from steerco.app.baseline import SavedBaseline, plan_variance, save_baseline, solve_plainly
from steerco.errors import ProjectError
from steerco.formats.baselines_file import load_baseline
from steerco.model import Project
from steerco.schedule.network import Network
from steerco.schedule.options import SolveOptions
from steerco.schedule.plan import Schedule
from steerco.schedule.planner import Unscheduled
from steerco.track.variance import VarianceReport

# A (3 days) -> B (4 days) -> C (2 days) from Monday 2027-01-04 at 100 a day: BAC 900.
SOURCE = """\
name: Demo
start: 2027-01-04
resources:
  - {id: r, name: Engineer, rate: 100}
tasks:
  - {id: a, name: A, duration: 3, demands: [{resource: r}]}
  - {id: b, name: B, duration: 4, after: [a], demands: [{resource: r}]}
  - {id: c, name: C, duration: 2, after: [b], demands: [{resource: r}]}
"""
SAVED = dt.date(2027, 1, 1)


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    path = tmp_path / "demo.yaml"
    path.write_text(SOURCE, encoding="utf-8")
    return path


class Recording:
    """A Planner that plans plainly and remembers the options it was given."""

    def __init__(self) -> None:
        self.options: list[SolveOptions] = []

    def __call__(
        self, network: Network, project: Project | None, options: SolveOptions
    ) -> Schedule | Unscheduled:
        self.options.append(options)
        return solve_plainly(network, project, options)


def nothing(network: Network, project: Project | None, options: SolveOptions) -> Unscheduled:
    return Unscheduled(network, options.method, "infeasible", 0, "no plan for this test")


def test_a_saved_baseline_is_the_plan_frozen(demo: Path) -> None:
    saved = save_baseline(path=demo, saved=SAVED, contingency=50, options=SolveOptions("cpm"))
    assert isinstance(saved, SavedBaseline)
    assert saved.path == demo.with_name("demo.baselines.yaml")
    assert saved.bac == 900 and saved.baseline.contingency == 50
    assert (saved.baseline.finish, saved.baseline.finish_units) == (dt.date(2027, 1, 14), 9)
    assert load_baseline(demo) == saved.baseline


def test_the_planner_gets_the_options(demo: Path) -> None:
    planner = Recording()
    options = SolveOptions(method="heuristic", time_limit=1.0)
    save_baseline(path=demo, name="levelled", saved=SAVED, options=options, planner=planner)
    assert planner.options == [options]


def test_no_plan_is_an_outcome_and_saves_nothing(demo: Path) -> None:
    result = save_baseline(path=demo, saved=SAVED, planner=nothing)
    assert isinstance(result, Unscheduled) and result.status == "infeasible"
    assert not demo.with_name("demo.baselines.yaml").exists()


def test_a_name_is_saved_once_unless_forced(demo: Path) -> None:
    save_baseline(path=demo, saved=SAVED)
    with pytest.raises(ProjectError) as caught:
        save_baseline(path=demo, saved=SAVED)
    assert caught.value.diagnostics[0].code == "baseline_exists"
    assert isinstance(save_baseline(path=demo, saved=SAVED, force=True), SavedBaseline)


@pytest.mark.parametrize(("method", "expected"), [("cpm", "cpm"), ("heuristic", "auto")])
def test_variance_plans_as_the_baseline_was_planned(demo: Path, method: str, expected: str) -> None:
    save_baseline(path=demo, saved=SAVED, options=SolveOptions(method=method))  # type: ignore[arg-type]
    planner = Recording()
    report = plan_variance(path=demo, time_limit=2.0, planner=planner)
    assert isinstance(report, VarianceReport)
    assert [(o.method, o.time_limit) for o in planner.options] == [(expected, 2.0)]
    plan_variance(path=demo, method="heuristic", planner=planner)
    assert planner.options[-1].method == "heuristic"


def test_variance_of_a_longer_task(demo: Path) -> None:
    save_baseline(path=demo, saved=SAVED, options=SolveOptions("cpm"))
    demo.write_text(SOURCE.replace("duration: 4", "duration: 6"), encoding="utf-8")
    report = plan_variance(path=demo)
    assert isinstance(report, VarianceReport)
    assert report.project.finish_variance == 2 and report.project.cost_variance == 200
    assert report.slipped_milestones == []


def test_variance_errors_name_the_baselines_file(demo: Path) -> None:
    save_baseline(path=demo, saved=SAVED, options=SolveOptions("cpm"))
    demo.write_text(SOURCE.replace("start: 2027-01-04", "start: 2027-01-04\nunit: hour"))
    with pytest.raises(ProjectError) as caught:
        plan_variance(path=demo)
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.code == "bad_baseline"
    assert diagnostic.file == str(demo.with_name("demo.baselines.yaml"))


def test_variance_without_a_baseline(demo: Path) -> None:
    with pytest.raises(ProjectError) as caught:
        plan_variance(path=demo)
    assert caught.value.diagnostics[0].code == "no_baseline"


def test_the_cli_spells_the_plan_methods_as_the_scheduler_does() -> None:
    from typing import get_args

    from steerco.cli.options import MethodName as Method
    from steerco.schedule.options import PlanMethod

    assert get_args(Method) == get_args(PlanMethod)
