"""Gate evaluation: aggregates, comparison boundaries, manual decisions, unknown without data."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from steerco.codes import Code
from steerco.model import Project
from steerco.model.gate import ManualGate, MetricGate, MetricSource
from steerco.track.gates import (
    Observation,
    Observations,
    check_gates,
    evaluate_gate,
    evaluate_manual_gate,
    evaluate_metric_gate,
    non_finite_warnings,
)

SOURCE = MetricSource(file="metrics.csv")


def _gate(op: str = ">=", threshold: float = 0.85, aggregate: str = "last") -> MetricGate:
    return MetricGate.model_validate(
        {"metric": "f1", "op": op, "threshold": threshold, "aggregate": aggregate, "source": SOURCE}
    )


def _seen(*values: float) -> Observations:
    return Observations(tuple(Observation(v, run=f"r{i}", step=i) for i, v in enumerate(values)))


@pytest.mark.parametrize(
    ("aggregate", "value", "step"),
    [("last", 0.84, 2), ("max", 0.9, 1), ("min", 0.8, 0)],
)
def test_aggregate_picks_the_last_the_largest_or_the_least(
    aggregate: str, value: float, step: int
) -> None:
    result = evaluate_metric_gate(_gate(aggregate=aggregate), _seen(0.8, 0.9, 0.84))
    assert result.evidence is not None
    assert result.evidence.value == value
    assert result.evidence.step == step
    assert result.count == 3
    assert result.status == ("met" if value >= 0.85 else "not_met")


def test_max_takes_the_first_of_equal_best_values() -> None:
    result = evaluate_metric_gate(_gate(aggregate="max"), _seen(0.7, 0.9, 0.9))
    assert result.evidence is not None and result.evidence.run == "r1"


@pytest.mark.parametrize(
    ("op", "value", "met"),
    [
        (">=", 0.85, True),  # the boundary itself passes >=
        (">=", 0.8499, False),
        (">", 0.85, False),  # ...but not >
        (">", 0.8501, True),
        ("<=", 0.85, True),
        ("<=", 0.8501, False),
        ("<", 0.85, False),
        ("<", 0.8499, True),
        ("==", 0.85, True),
        ("==", 0.8501, False),
    ],
)
def test_comparison_boundaries(op: str, value: float, met: bool) -> None:
    result = evaluate_metric_gate(_gate(op=op), _seen(value))
    assert result.status == ("met" if met else "not_met")


def test_no_values_is_unknown() -> None:
    result = evaluate_metric_gate(_gate(), Observations())
    assert result.status == "unknown"
    assert result.evidence is None
    assert "f1" in result.reason


def test_a_missing_source_is_unknown_and_says_why() -> None:
    result = evaluate_metric_gate(_gate(), Observations(missing="no metrics file yet"))
    assert (result.status, result.reason) == ("unknown", "no metrics file yet")


@pytest.mark.parametrize("odd", [math.inf, -math.inf, math.nan])
def test_a_non_finite_last_value_leaves_the_gate_unknown_and_keeps_it(odd: float) -> None:
    result = evaluate_metric_gate(_gate(), _seen(0.9, odd))  # inf >= 0.85 would "meet" it
    assert result.status == "unknown"
    assert result.evidence is not None and result.evidence.step == 1
    assert result.evidence.value is odd or math.isnan(result.evidence.value)
    assert f"f1 = {odd} logged in run r1 at step 1" in result.reason
    assert result.count == 2


def test_a_non_finite_value_before_the_last_does_not_count_for_last() -> None:
    result = evaluate_metric_gate(_gate(), _seen(math.inf, 0.9))
    assert (result.status, result.evidence) == ("met", Observation(0.9, run="r1", step=1))


@pytest.mark.parametrize("aggregate", ["max", "min"])
def test_any_non_finite_value_leaves_a_max_or_min_gate_unknown(aggregate: str) -> None:
    result = evaluate_metric_gate(_gate(aggregate=aggregate), _seen(0.9, math.nan, 0.95))
    assert result.status == "unknown"
    assert result.evidence is not None and result.evidence.run == "r1"


def test_non_finite_gates_give_a_warning_at_the_gates_metric() -> None:
    project = Project.model_validate(
        {
            "name": "p",
            "start": "2027-01-04",
            "tasks": [
                {"id": "a", "duration": 2},
                {
                    "id": "ship",
                    "milestone": True,
                    "after": ["a"],
                    "gate": {"metric": "f1", "op": ">=", "threshold": 0.85, "source": SOURCE},
                },
            ],
        }
    )
    checks = check_gates(project, lambda gate: _seen(0.9, math.inf))
    warnings = non_finite_warnings(project, checks)
    assert [(d.code, d.path) for d in warnings] == [
        (Code.non_finite_metric, ("tasks", 1, "gate", "metric"))
    ]
    assert non_finite_warnings(project, check_gates(project, lambda gate: _seen(0.9))) == []


def test_reason_states_the_comparison() -> None:
    assert evaluate_metric_gate(_gate(), _seen(0.9)).reason == "f1 = 0.9 >= 0.85"
    assert (
        evaluate_metric_gate(_gate(aggregate="max"), _seen(0.5)).reason
        == "max f1 = 0.5 not >= 0.85"
    )


@pytest.mark.parametrize(
    ("decision", "status"), [("go", "met"), ("no-go", "not_met"), (None, "unknown")]
)
def test_manual_gate_follows_the_decision(decision: str | None, status: str) -> None:
    date = dt.date(2027, 3, 1) if decision else None
    gate = ManualGate(approver="sponsor", decision=decision, date=date)  # type: ignore[arg-type]
    result = evaluate_manual_gate(gate)
    assert result.status == status
    assert "sponsor" in result.reason
    assert evaluate_gate(gate, _seen(1.0)) == result  # observations do not matter
    if date is not None:
        assert "2027-03-01" in result.reason


values_lists = st.lists(
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), min_size=1, max_size=20
)
thresholds = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)


@given(values_lists, thresholds)
def test_max_gate_is_met_when_any_value_reaches_the_threshold(
    values: list[float], threshold: float
) -> None:
    status = evaluate_metric_gate(_gate(">=", threshold, "max"), _seen(*values)).status
    assert (status == "met") == any(v >= threshold for v in values)


@given(values_lists, thresholds)
def test_min_gate_is_met_when_every_value_reaches_the_threshold(
    values: list[float], threshold: float
) -> None:
    status = evaluate_metric_gate(_gate(">=", threshold, "min"), _seen(*values)).status
    assert (status == "met") == all(v >= threshold for v in values)


@given(values_lists, thresholds)
def test_last_gate_depends_on_the_last_value_only(values: list[float], threshold: float) -> None:
    status = evaluate_metric_gate(_gate("<", threshold, "last"), _seen(*values)).status
    assert (status == "met") == (values[-1] < threshold)
