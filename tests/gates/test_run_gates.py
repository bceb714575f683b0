"""Gates on a training run: judged on the log once finished, by the curve's outlook while not."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pytest

from steerco.codes import Code
from steerco.errors import warning
from steerco.forecast.learning_curve import CurveOutlook
from steerco.model.gate import MetricGate
from steerco.model.run import RunLink
from steerco.track.gates import GateResult, p_met
from steerco.track.run_gates import (
    evaluate_run_gate,
    gate_rng,
    outlook_reason,
    training_state,
)
from steerco.track.runs import RunFetch, RunHistory, ScalarPoint

LINK = RunLink(source="tensorboard", path="runs/a", steps=1000)


def _gate(op: str = ">=", threshold: float = 0.9, aggregate: str = "last") -> MetricGate:
    return MetricGate.model_validate(
        {
            "metric": "auc",
            "op": op,
            "threshold": threshold,
            "aggregate": aggregate,
            "source": {"task": "train"},
        }
    )


def _history(
    auc: list[tuple[int, float]],
    *,
    loss_steps: int | None = None,
    epochs: tuple[tuple[int, float], ...] = (),
) -> RunHistory:
    scalars = {"auc": tuple(ScalarPoint(s, v, 1_800_000_000.0 + s) for s, v in auc)}
    if loss_steps is not None:
        scalars["loss"] = tuple(ScalarPoint(s, 1.0) for s in range(0, loss_steps + 1, 100))
    return RunHistory(scalars, source="runs/a", run="exp7", epochs=epochs)


class FakeOutlook:
    """A curve_outlook that records its call and answers a fixed outlook (or None)."""

    def __init__(self, p: float | None) -> None:
        self.p = p
        self.calls: list[dict[str, Any]] = []

    def __call__(self, steps: list[int], values: list[float], **kwargs: Any) -> CurveOutlook | None:
        self.calls.append({"steps": list(steps), "values": list(values), **kwargs})
        if self.p is None:
            return None
        return CurveOutlook("power law", 0.87, 0.84, 0.90, self.p, len(steps), 1000.0)


CURVE = [(100, 0.70), (200, 0.78), (300, 0.82), (400, 0.84), (500, 0.85)]


def _judge(fetched: RunFetch, gate: MetricGate | None = None, **kw: Any) -> GateResult:
    outlook = kw.pop("outlook", FakeOutlook(0.83))
    link = kw.pop("link", LINK)
    return evaluate_run_gate(
        gate or _gate(), link, fetched, rng=np.random.default_rng(0), outlook=outlook
    )


def test_a_run_still_training_is_likely_with_the_outlooks_probability() -> None:
    outlook = FakeOutlook(0.83)
    result = _judge(RunFetch(_history(CURVE)), outlook=outlook)
    assert result.status == "likely"
    assert result.outlook is not None and result.outlook.p_met == 0.83
    assert result.reason.startswith("likely · P=0.83 (predicted 0.87, 0.84–0.9 at step 1,000;")
    assert "power law on 5 points" in result.reason
    assert result.evidence is not None and (result.evidence.value, result.evidence.step) == (
        0.85,
        500,
    )
    assert result.evidence.when == dt.datetime.fromtimestamp(1_800_000_500.0, tz=dt.UTC)
    assert result.evidence.run == "exp7"
    (call,) = outlook.calls
    assert call["steps"] == [100, 200, 300, 400, 500]
    assert call["values"] == [0.70, 0.78, 0.82, 0.84, 0.85]
    assert (call["final_step"], call["threshold"], call["op"]) == (1000.0, 0.9, ">=")
    assert p_met(result) == 0.83


def test_an_outlook_below_one_half_is_unlikely() -> None:
    result = _judge(RunFetch(_history(CURVE)), outlook=FakeOutlook(0.49))
    assert result.status == "unlikely"
    assert result.reason.startswith("unlikely · P=0.49")
    assert p_met(result) == 0.49


def test_no_outlook_leaves_a_training_run_unknown_with_why() -> None:
    result = _judge(RunFetch(_history(CURVE[:2])), outlook=FakeOutlook(None))
    assert result.status == "unknown"
    assert "still training (step 500" not in result.reason  # steps counted on `auc`: 200
    assert "still training (step 200 of 1,000)" in result.reason
    assert "no learning-curve outlook" in result.reason
    assert result.outlook is None and p_met(result) is None


def test_progress_is_counted_on_the_links_tag_or_the_largest_step_of_any() -> None:
    history = _history(CURVE, loss_steps=1000)  # loss logged to the planned 1,000 steps
    assert training_state(LINK, history).running is False
    tagged = RunLink(source="tensorboard", path="runs/a", steps=1000, tag="auc")
    assert training_state(tagged, history).running is True


@pytest.mark.parametrize(("threshold", "status"), [(0.85, "met"), (0.86, "not_met")])
def test_a_finished_run_is_judged_on_its_logged_value(threshold: float, status: str) -> None:
    outlook = FakeOutlook(0.99)
    history = _history(CURVE, loss_steps=1000)
    result = _judge(RunFetch(history), _gate(threshold=threshold), outlook=outlook)
    assert result.status == status
    assert result.outlook is None and outlook.calls == []
    assert p_met(result) == (1.0 if status == "met" else 0.0)


def test_a_max_gate_already_met_stays_met_while_training() -> None:
    outlook = FakeOutlook(0.1)
    result = _judge(
        RunFetch(_history(CURVE)), _gate(threshold=0.8, aggregate="max"), outlook=outlook
    )
    assert result.status == "met"
    assert outlook.calls == []


def test_a_last_gate_met_now_still_gets_an_outlook_while_training() -> None:
    result = _judge(RunFetch(_history(CURVE)), _gate(threshold=0.8), outlook=FakeOutlook(0.7))
    assert result.status == "likely"


def test_planned_epochs_scale_the_final_step() -> None:
    link = RunLink(source="csv", path="log.csv", epochs=10)
    history = _history(CURVE, epochs=((250, 1.0), (500, 2.0)))
    state = training_state(link, history)
    assert (state.running, state.final_step, state.progress) == (True, 2500.0, "epoch 2 of 10")
    outlook = FakeOutlook(0.6)
    _judge(RunFetch(history), link=link, outlook=outlook)
    assert outlook.calls[0]["final_step"] == 2500.0


@pytest.mark.parametrize(
    ("epochs", "final"),
    [
        (((0, 1.0), (1, 2.0), (2, 3.0), (3, 4.0), (4, 5.0)), 9.0),  # Keras: step = epoch index
        (((0, 1.0),), 9.0),  # Keras after one epoch
        (((99, 1.0), (199, 2.0)), 999.0),  # Lightning: 100 steps an epoch, steps from 0
    ],
)
def test_the_final_step_of_a_run_planned_in_epochs(
    epochs: tuple[tuple[int, float], ...], final: float
) -> None:
    link = RunLink(source="csv", path="log.csv", epochs=10)
    assert training_state(link, _history(CURVE, epochs=epochs)).final_step == final


def test_planned_epochs_without_epochs_in_the_log_leave_the_gate_unknown() -> None:
    link = RunLink(source="csv", path="log.csv", epochs=10)
    result = _judge(RunFetch(_history(CURVE)), link=link)
    assert result.status == "unknown"
    assert "records no epochs" in result.reason


def test_a_missing_log_leaves_the_gate_unknown_with_the_reason() -> None:
    result = _judge(RunFetch(None, missing="no event file under runs/a"))
    assert (result.status, result.reason) == ("unknown", "no event file under runs/a")


def test_a_metric_the_run_never_logged_leaves_the_gate_unknown() -> None:
    gate = MetricGate.model_validate(
        {"metric": "f1", "threshold": 0.9, "source": {"task": "train"}}
    )
    result = _judge(RunFetch(_history(CURVE)), gate)
    assert result.status == "unknown"
    assert "logged no scalar 'f1' (its scalars: auc)" in result.reason


def test_a_nan_as_the_last_value_leaves_a_training_gate_unknown() -> None:
    result = _judge(RunFetch(_history([*CURVE, (600, float("nan"))])))
    assert result.status == "unknown"
    assert "not a number" in result.reason


def test_a_damaged_log_leaves_the_gate_unknown_whatever_was_read() -> None:
    damaged = warning(Code.run_log_unreadable, "event file truncated after step 500")
    result = _judge(RunFetch(_history(CURVE), warnings=(damaged,)), outlook=FakeOutlook(0.2))
    assert result.status == "unknown"
    assert "truncated after step 500" in result.reason


def test_each_gate_has_its_own_stream_whatever_the_order() -> None:
    a = gate_rng(0, "accepted").random(3)
    assert np.array_equal(a, gate_rng(0, "accepted").random(3))
    assert not np.array_equal(a, gate_rng(0, "shipped").random(3))
    assert not np.array_equal(a, gate_rng(1, "accepted").random(3))


def test_outlook_reason_is_written_as_the_docs_show_it() -> None:
    outlook = CurveOutlook("power law", 0.87, 0.84, 0.90, 0.83, 40, 50_000.0)
    assert outlook_reason(outlook) == (
        "likely · P=0.83 (predicted 0.87, 0.84–0.9 at step 50,000; power law on 40 points)"
    )
