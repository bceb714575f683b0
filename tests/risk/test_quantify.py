"""Each risk's contribution to P80 on common random numbers, against hand-computed shifts."""

from __future__ import annotations

import pytest

from steerco.forecast.run import ForecastOptions, forecast
from steerco.formats.project_yaml import parse_project_yaml
from steerco.model import Project
from steerco.risk.quantify import quantify_risks
from steerco.schedule.network import compile_project

# A chain a -> b with uncertain durations, and a side task c with plenty of float.
BASE = """\
name: Quantify
start: 2027-01-04
tasks:
  - {id: a, name: A, duration: 5..10..20}
  - {id: b, name: B, duration: 3..5..9, after: [a]}
  - {id: c, name: C, duration: 1..2..3}
risks:
"""
CERTAIN = (
    "  - {id: certain, title: Four days on A, probability: 1, impact: {delay: 4..4..4}, "
    "tasks: [a]}\n"
)
NEVER = "  - {id: never, title: Impossible, probability: 0, impact: {delay: 9..9..9}, tasks: [b]}\n"
SOMETIMES = (
    "  - {id: sometimes, title: Half, probability: 0.5, impact: {delay: 2..5..8}, tasks: [b]}\n"
)
OFF_PATH = (
    "  - {id: off-path, title: On C, probability: 0.9, impact: {delay: 1..2..3}, tasks: [c]}\n"
)
OPTIONS = ForecastOptions(iterations=3000, seed=11)


def _project(*risks: str) -> Project:
    return parse_project_yaml(BASE + "".join(risks))


def _contributions(project: Project) -> dict[str, float]:
    result = quantify_risks(compile_project(project), project, OPTIONS)
    return {r.id: r.contribution for r in result.risks}


def test_certain_fixed_delay_shifts_p80_by_exactly_that_delay() -> None:
    # Every iteration finishes 4 units later on the critical chain a -> b, so every
    # percentile moves by 4, whatever the sampled durations and the other risk's draws.
    contributions = _contributions(_project(CERTAIN, SOMETIMES))
    assert contributions["certain"] == pytest.approx(4.0, abs=1e-9)
    assert contributions["sometimes"] > 0


def test_risk_with_probability_zero_changes_nothing() -> None:
    assert _contributions(_project(NEVER, SOMETIMES))["never"] == 0.0


def test_risk_on_a_task_with_float_adds_nothing() -> None:
    # C (at most 3 days + 3 of delay) never reaches the chain a -> b (at least 8 days).
    assert _contributions(_project(OFF_PATH))["off-path"] == 0.0


def test_baseline_p80_is_the_forecast_p80() -> None:
    project = _project(CERTAIN, SOMETIMES, OFF_PATH)
    network = compile_project(project)
    result = quantify_risks(network, project, OPTIONS)
    assert result.p80 == forecast(network, project, OPTIONS).makespan["p80"]
    assert result.p80_without_risks < result.p80
    assert result.risks[0].id == "certain"  # largest contribution first


def test_closed_risks_are_not_quantified() -> None:
    closed = CERTAIN.replace("tasks: [a]}", "tasks: [a], status: closed}")
    assert _contributions(_project(closed, SOMETIMES)).keys() == {"sometimes"}
