"""Rework paths of metric gates in the forecast, against hand-computed outcomes.

Tolerances are four binomial standard errors of a share over the iterations run.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from steerco.forecast.engine import merge_parts, simulate, simulate_blocks
from steerco.forecast.learning_curve import CurveOutlook
from steerco.forecast.rework import rework_paths
from steerco.forecast.run import ForecastOptions, forecast, forecast_inputs
from steerco.model import Project
from steerco.render.forecast import forecast_object
from steerco.schedule.network import compile_project
from steerco.track.gates import GateCheck, GateResult, GateStatus

ITERATIONS = 20_000


def _tolerance(p: float, n: int = ITERATIONS) -> float:
    return 4 * math.sqrt(p * (1 - p) / n) + 1e-9


def _project(rework: Any, *, extra_tasks: list[dict[str, Any]] | None = None, **kw: Any) -> Project:
    """a (10d) -> accepted (gated milestone) -> b (5d), starting Monday 2027-01-04."""
    tasks = [
        {"id": "a", "duration": 10},
        *(extra_tasks or []),
        {
            "id": "accepted",
            "milestone": True,
            "after": kw.pop("milestone_after", ["a"]),
            "gate": {"metric": "auc", "threshold": 0.9, "source": "m.csv", "rework": rework},
        },
        {"id": "b", "duration": 5, "after": ["accepted"]},
    ]
    return Project.model_validate(
        {"name": "t", "start": "2027-01-04", "calendar": {"country": None}, "tasks": tasks, **kw}
    )


def _check(project: Project, status: GateStatus, p: float | None = None) -> GateCheck:
    milestone = next(t for t in project.all_tasks() if t.id == "accepted")
    outlook = None if p is None else CurveOutlook("power law", 0.9, 0.85, 0.95, p, 20, 1e4)
    return GateCheck(milestone, GateResult(status, "as given", outlook=outlook))


def _run(project: Project, gates: list[GateCheck], *, seed: int = 0) -> Any:
    options = ForecastOptions(iterations=ITERATIONS, seed=seed)
    return forecast(compile_project(project), project, options, gates=gates)


def _makespans(project: Project, gates: list[GateCheck]) -> np.ndarray[Any, Any]:
    network = compile_project(project)
    events, _, _ = rework_paths(project, network, gates)
    inputs = forecast_inputs(network, project, ForecastOptions(), rework=events)
    return simulate(inputs, iterations=ITERATIONS, seed=3).makespan


def test_a_gate_likely_at_p_075_adds_its_ten_days_a_quarter_of_the_time() -> None:
    project = _project("10d")
    span = _makespans(project, [_check(project, "likely", 0.75)])
    assert set(np.unique(span).tolist()) == {15.0, 25.0}  # on time, or late by exactly 10
    assert np.mean(span == 25.0) == pytest.approx(0.25, abs=_tolerance(0.25))


def test_the_delay_moves_the_gated_milestone_itself() -> None:
    project = _project("10d")
    result = _run(project, [_check(project, "unlikely", 0.25)])
    # accepted falls at 10 when met (P=0.25), at 20 when not (P=0.75): P50 and P80 at 20.
    assert result.milestones["accepted"].units == {"p50": 20.0, "p80": 20.0, "p95": 20.0}
    (path,) = result.rework
    assert (path.milestone, path.status, path.p_met, path.duration, path.task) == (
        "accepted",
        "unlikely",
        0.25,
        10.0,
        None,
    )
    assert path.probability == 0.75
    assert result.deterministic_makespan == 15.0  # the plan knows nothing of rework


def test_a_met_gate_gives_the_forecast_without_rework_number_for_number() -> None:
    # Uncertain tasks and a risk too, so that any shifted draw would show.
    risk = {"id": "r", "title": "x", "probability": 0.3, "impact": {"delay": "1d..2d..4d"}}
    extra = {"risks": [{**risk, "tasks": ["b"]}]}
    uncertain = [{"id": "c", "estimate": "2d..3d..6d", "after": ["a"]}]
    project = _project("10d", extra_tasks=uncertain, milestone_after=["c"], **extra)
    met = forecast_object(_run(project, [_check(project, "met")]))
    plain = forecast_object(_run(project, []))
    assert met.pop("rework") == [
        {
            "milestone": "accepted",
            "status": "met",
            "p_met": 1.0,
            "probability": 0.0,
            "duration": 10.0,
            "task": None,
        }
    ]
    assert plain.pop("rework") == []
    assert met == plain


def test_a_gate_not_met_always_adds_its_rework() -> None:
    project = _project("10d")
    span = _makespans(project, [_check(project, "not_met")])
    assert set(span.tolist()) == {25.0}


def test_an_unknown_gate_adds_no_rework_and_says_so() -> None:
    project = _project("10d")
    result = _run(project, [_check(project, "unknown")])
    assert result.makespan["p95"] == 15.0
    (path,) = result.rework
    assert (path.p_met, path.probability) == (None, 0.0)
    assert any("gate of 'accepted' is unknown" in note for note in result.notes)


def test_a_rework_task_is_drawn_only_when_the_gate_fails() -> None:
    # a (10d) -> retrain (4d..5d..6d, uniform) -> accepted -> b (5d); P(met) = 0.6.
    retrain = [
        {
            "id": "retrain",
            "estimate": {"low": 4, "likely": 5, "high": 6, "distribution": "uniform"},
            "after": ["a"],
        }
    ]
    project = _project({"task": "retrain"}, extra_tasks=retrain, milestone_after=["retrain"])
    span = _makespans(project, [_check(project, "likely", 0.6)])
    held = span == 15.0
    assert np.mean(held) == pytest.approx(0.6, abs=_tolerance(0.6))
    failed = span[~held]
    assert failed.min() >= 19.0 and failed.max() <= 21.0  # 15 + U(4, 6)
    assert failed.mean() == pytest.approx(20.0, abs=4 * (2 / math.sqrt(12)) / math.sqrt(8000))
    result = _run(project, [_check(project, "likely", 0.6)])
    assert result.deterministic_makespan == 20.0  # the plan keeps the task as written
    assert result.rework[0].task == "retrain"


def test_a_rework_task_already_started_is_always_done() -> None:
    retrain = [{"id": "retrain", "duration": 5, "after": ["a"]}]
    progress = {
        "status_date": "2027-01-19",
        "tasks": {
            "a": {"actual_start": "2027-01-04", "actual_finish": "2027-01-15"},
            "retrain": {"actual_start": "2027-01-18", "percent_complete": 20},
        },
    }
    project = _project(
        {"task": "retrain"}, extra_tasks=retrain, milestone_after=["retrain"], progress=progress
    )
    span = _makespans(project, [_check(project, "met")])
    assert np.unique(span).size == 1 and span[0] > 15.0


def test_the_same_seed_gives_the_same_forecast_and_parts_merge_to_it() -> None:
    project = _project("10d")
    gates = [_check(project, "likely", 0.7)]
    first = forecast_object(_run(project, gates, seed=5))
    assert first == forecast_object(_run(project, gates, seed=5))
    assert first != forecast_object(_run(project, gates, seed=6))
    network = compile_project(project)
    events, _, _ = rework_paths(project, network, gates)
    inputs = forecast_inputs(network, project, ForecastOptions(), rework=events)
    whole = simulate(inputs, iterations=20_000, seed=5)
    parts = [
        simulate_blocks(inputs, iterations=20_000, seed=5, first=k, end=k + 1) for k in range(3)
    ]
    assert np.array_equal(merge_parts(inputs, parts).makespan, whole.makespan)


def test_on_task_calendars_the_milestone_slips_by_working_days() -> None:
    # `a` runs 24x7: 10 days from Monday 4 January end on Wednesday 13 January; the milestone
    # then slips 10 working days of the project's calendar when the gate fails.
    project = _project("10d")
    project = project.model_copy(
        update={
            "tasks": (
                project.tasks[0].model_copy(update={"calendar": "24x7"}),
                *project.tasks[1:],
            )
        }
    )
    plain = _run(project, [_check(project, "met")]).milestones["accepted"]
    late = _run(project, [_check(project, "not_met")]).milestones["accepted"]
    assert plain.dates["p50"] is not None and late.dates["p50"] is not None
    assert np.busday_count(plain.dates["p50"], late.dates["p50"]) == 10
