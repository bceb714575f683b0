"""A risk's status decides whether and how it drives the forecast."""

from __future__ import annotations

import pytest

from steerco.forecast.run import ForecastOptions, forecast
from steerco.formats.project_yaml import parse_project_yaml
from steerco.schedule.network import compile_project

PROJECT = """\
name: One risk
start: 2027-01-04
tasks:
  - {{id: a, name: A, duration: 10}}
  - {{id: b, name: B, duration: 5, after: [a]}}
risks:
  - id: r
    title: Late
    probability: 0.25
    impact: {{delay: {{low: 4, likely: 4, high: 4}}}}
    residual: {{probability: 0.1, delay: {{low: 2, likely: 2, high: 2}}}}
    tasks: [a]
    status: {status}
"""


def _p50_and_occurrence(status: str, *, residual: bool = False) -> tuple[float, dict[str, float]]:
    project = parse_project_yaml(PROJECT.format(status=status))
    result = forecast(
        compile_project(project), project, ForecastOptions(iterations=2000, residual=residual)
    )
    return result.makespan["p50"], {k: r.occurrence for k, r in result.risks.items()}


def test_closed_risk_does_not_drive_the_forecast() -> None:
    p50, risks = _p50_and_occurrence("closed")
    assert p50 == 15.0  # 10 + 5, fixed durations, no risk
    assert risks == {}


def test_occurred_risk_is_certain() -> None:
    # probability 1 and a fixed delay of 4 on the first task: every run takes 10 + 4 + 5.
    p50, risks = _p50_and_occurrence("occurred")
    assert p50 == 19.0
    assert risks == {"r": 1.0}


def test_occurred_risk_under_residual_keeps_probability_one_with_residual_delay() -> None:
    p50, risks = _p50_and_occurrence("occurred", residual=True)
    assert p50 == 17.0  # 10 + 2 + 5
    assert risks == {"r": 1.0}


def test_open_risk_occurs_at_its_probability() -> None:
    _, risks = _p50_and_occurrence("open")
    assert risks["r"] == pytest.approx(0.25, abs=0.03)  # 2000 Bernoulli(0.25): sd 0.0097
