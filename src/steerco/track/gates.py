"""Gate evaluation: a milestone's gate and the metric values logged for it -> met or not.

Pure: the values come in as `Observations` (fetched by an adapter from a file or an MLflow
store); nothing here reads files or talks to a server.
"""

from __future__ import annotations

import datetime as dt
import math
import operator
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from steerco.codes import Code
from steerco.errors import Diagnostic, warning
from steerco.model.gate import Comparison, ManualGate, MetricGate
from steerco.model.project import Project
from steerco.model.task import Task

if TYPE_CHECKING:
    from steerco.forecast.learning_curve import CurveOutlook

__all__ = [
    "GateCheck",
    "GateResult",
    "GateStatus",
    "Observation",
    "Observations",
    "check_gates",
    "evaluate_gate",
    "evaluate_manual_gate",
    "evaluate_metric_gate",
    "gated_milestones",
    "non_finite_warnings",
    "p_met",
    "settled_once_met",
]

GateStatus = Literal["met", "not_met", "likely", "unlikely", "unknown"]
"""Met or not met on the logged value; likely / unlikely by the learning-curve outlook of a
run still training (P(met) >= 0.5 or below); unknown when there is nothing to judge."""

_COMPARE: dict[Comparison, Callable[[float, float], bool]] = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
    "==": operator.eq,
}


@dataclass(frozen=True)
class Observation:
    """One logged value of a metric: the value, the run that logged it, when, at which step."""

    value: float
    run: str | None = None
    when: dt.datetime | dt.date | None = None
    step: int | None = None


@dataclass(frozen=True)
class Observations:
    """What a source holds for one metric, oldest first; `missing` says why it gave nothing."""

    values: tuple[Observation, ...] = ()
    missing: str | None = None


@dataclass(frozen=True)
class GateResult:
    """The verdict on one gate, the observation it rests on and a sentence saying why."""

    status: GateStatus
    reason: str
    evidence: Observation | None = None
    count: int = 0
    """How many logged values the verdict considered."""
    outlook: CurveOutlook | None = None
    """The learning-curve outlook of a run still training (likely / unlikely)."""


@dataclass(frozen=True)
class GateCheck:
    """A gated milestone and the verdict on its gate."""

    task: Task
    result: GateResult


def _pick(gate: MetricGate, values: Sequence[Observation]) -> Observation:
    """The observation that counts: the last one, or the first of the largest / smallest."""
    if gate.aggregate == "last":
        return values[-1]
    best = max if gate.aggregate == "max" else min
    return best(values, key=lambda o: o.value)


def _not_finite(gate: MetricGate, values: Sequence[Observation]) -> Observation | None:
    """The newest `nan` or `inf` among the values the verdict rests on (the last, or all)."""
    considered = values[-1:] if gate.aggregate == "last" else values
    return next((o for o in reversed(considered) if not math.isfinite(o.value)), None)


def evaluate_metric_gate(gate: MetricGate, observations: Observations) -> GateResult:
    """Met when `aggregate(values) op threshold`; unknown when no value has been logged.

    `last` takes the newest value (values arrive oldest first), `max` / `min` the first of
    the largest / smallest. A `nan` or `inf` among the values the verdict rests on (the
    newest for `last`, any for `max` / `min`) leaves the gate unknown: the value is kept
    as the evidence and named in the reason (see `non_finite_warnings`).
    """
    values = list(observations.values)
    if not values:
        why = observations.missing or f"no value of {gate.metric!r} has been logged"
        return GateResult("unknown", why)
    odd = _not_finite(gate, values)
    if odd is not None:
        run = f" in run {odd.run}" if odd.run else ""
        step = f" at step {odd.step}" if odd.step is not None else ""
        reason = f"{gate.metric} = {odd.value} logged{run}{step}: not a number a gate can judge"
        return GateResult("unknown", reason, odd, len(values))
    chosen = _pick(gate, values)
    met = _COMPARE[gate.op](chosen.value, gate.threshold)
    which = "" if gate.aggregate == "last" else f"{gate.aggregate} "
    relation = gate.op if met else f"not {gate.op}"
    reason = f"{which}{gate.metric} = {chosen.value:g} {relation} {gate.threshold:g}"
    return GateResult("met" if met else "not_met", reason, chosen, len(values))


def settled_once_met(gate: MetricGate) -> bool:
    """Whether a met gate stays met as values come: a `max` that must be above, a `min` below."""
    return (gate.aggregate == "max" and gate.op in (">=", ">")) or (
        gate.aggregate == "min" and gate.op in ("<=", "<")
    )


def p_met(result: GateResult) -> float | None:
    """The probability that the gate is met: 1 met, 0 not met, the outlook's P, None unknown."""
    if result.status == "met":
        return 1.0
    if result.status == "not_met":
        return 0.0
    if result.outlook is not None:
        return result.outlook.p_met
    return None


def evaluate_manual_gate(gate: ManualGate) -> GateResult:
    """Met on a `go`, not met on a `no-go`, unknown while the decision is pending."""
    if gate.decision is None:
        return GateResult("unknown", f"awaiting the decision of {gate.approver}")
    when = f" on {gate.date.isoformat()}" if gate.date is not None else ""
    status: GateStatus = "met" if gate.decision == "go" else "not_met"
    return GateResult(status, f"{gate.decision} by {gate.approver}{when}")


def evaluate_gate(gate: MetricGate | ManualGate, observations: Observations) -> GateResult:
    """Evaluate either kind of gate; a manual gate ignores `observations`."""
    if isinstance(gate, ManualGate):
        return evaluate_manual_gate(gate)
    return evaluate_metric_gate(gate, observations)


def gated_milestones(project: Project) -> Iterator[Task]:
    """The milestones that carry a gate, in WBS order."""
    return (task for task in project.all_tasks() if task.gate is not None)


def non_finite_warnings(project: Project, checks: Sequence[GateCheck]) -> list[Diagnostic]:
    """A `non_finite_metric` warning for each gate left unknown by a `nan` or `inf` value.

    Unlocated: each names the model path of the gate's `metric`.
    """
    paths = {placed.task.id: placed.path for placed in project.placed_tasks()}
    return [
        warning(
            Code.non_finite_metric,
            f"gate of {check.task.id!r} is unknown: {check.result.reason}",
            (*paths[check.task.id], "gate", "metric"),
        )
        for check in checks
        if check.result.status == "unknown"
        and check.result.evidence is not None
        and not math.isfinite(check.result.evidence.value)
    ]


def check_gates(
    project: Project,
    fetch: Callable[[MetricGate], Observations],
    *,
    judge_run: Callable[[Task, MetricGate], GateResult] | None = None,
) -> list[GateCheck]:
    """The verdict on every gate of the project; `fetch` supplies each metric gate's values.

    A gate reading a training task's run (`source: {task: ID}`) is judged by `judge_run`
    (given the milestone and its gate); without it, such a gate is unknown.
    """
    checks: list[GateCheck] = []
    for task in gated_milestones(project):
        gate = task.gate
        assert gate is not None
        if isinstance(gate, MetricGate) and gate.source.task is not None:
            result = (
                judge_run(task, gate)
                if judge_run is not None
                else GateResult("unknown", f"the run of {gate.source.task!r} was not read")
            )
        else:
            observations = fetch(gate) if isinstance(gate, MetricGate) else Observations()
            result = evaluate_gate(gate, observations)
        checks.append(GateCheck(task, result))
    return checks
