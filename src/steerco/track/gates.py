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
from typing import Literal

from steerco.codes import Code
from steerco.errors import Diagnostic, warning
from steerco.model.gate import Comparison, ManualGate, MetricGate
from steerco.model.project import Project
from steerco.model.task import Task

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
]

GateStatus = Literal["met", "not_met", "unknown"]

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


def check_gates(project: Project, fetch: Callable[[MetricGate], Observations]) -> list[GateCheck]:
    """The verdict on every gate of the project; `fetch` supplies each metric gate's values."""
    checks: list[GateCheck] = []
    for task in gated_milestones(project):
        gate = task.gate
        assert gate is not None
        observations = fetch(gate) if isinstance(gate, MetricGate) else Observations()
        checks.append(GateCheck(task, evaluate_gate(gate, observations)))
    return checks
