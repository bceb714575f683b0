"""The JSON object of `steerco gates`: one record per gate, the counts by status, warnings."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from steerco.errors import Diagnostic
from steerco.model.gate import ManualGate, MetricGate
from steerco.model.project import Project
from steerco.track.gates import GateCheck, Observation

if TYPE_CHECKING:
    from steerco.forecast.learning_curve import CurveOutlook

__all__ = ["STATUSES", "gates_object"]

STATUSES = ("met", "likely", "unlikely", "not_met", "unknown")
"""The statuses a gate can have, in the order the counts are written."""

_METRIC_KEYS = ("metric", "op", "threshold", "aggregate", "source", "rework")
_MANUAL_KEYS = ("approver", "decision", "date")


def _iso(value: dt.date | int | None) -> str | int | None:
    return value.isoformat() if isinstance(value, dt.date) else value


def _gate_fields(gate: MetricGate | ManualGate) -> dict[str, Any]:
    """The gate's own keys, with null for those of the other kind of gate."""
    fields: dict[str, Any] = dict.fromkeys(_METRIC_KEYS + _MANUAL_KEYS)
    if isinstance(gate, ManualGate):
        fields.update(
            kind="manual", approver=gate.approver, decision=gate.decision, date=_iso(gate.date)
        )
    else:
        fields.update(
            kind="metric",
            metric=gate.metric,
            op=gate.op,
            threshold=gate.threshold,
            aggregate=gate.aggregate,
            source=gate.source.model_dump(exclude_none=True),
            rework=None if gate.rework is None else gate.rework.model_dump(mode="json"),
        )
    return fields


def _evidence(evidence: Observation | None) -> dict[str, Any] | None:
    if evidence is None:
        return None
    return {  # JSON has no nan or inf: null, and the gate's reason names the value
        "value": evidence.value if math.isfinite(evidence.value) else None,
        "run": evidence.run,
        "when": None if evidence.when is None else evidence.when.isoformat(),
        "step": evidence.step,
    }


def _number(value: float) -> float | None:
    return value if math.isfinite(value) else None


def _outlook(outlook: CurveOutlook | None) -> dict[str, Any] | None:
    if outlook is None:
        return None
    return {
        "family": outlook.family,
        "predicted": _number(outlook.predicted),
        "low": _number(outlook.low),
        "high": _number(outlook.high),
        "p_met": outlook.p_met,
        "points": outlook.points,
        "final_step": _number(outlook.final_step),
    }


def _record(check: GateCheck, planned: dt.date | int | None) -> dict[str, Any]:
    gate, result = check.task.gate, check.result
    assert gate is not None
    fields = _gate_fields(gate)
    return {
        "task": check.task.id,
        "name": check.task.label(),
        "planned": _iso(planned),
        "kind": fields.pop("kind"),
        "status": result.status,
        "reason": result.reason,
        **{key: fields[key] for key in _METRIC_KEYS},
        "count": result.count,
        "evidence": _evidence(result.evidence),
        "outlook": _outlook(result.outlook),
        **{key: fields[key] for key in _MANUAL_KEYS},
        "note": gate.note,
    }


def gates_object(
    project: Project,
    checks: Sequence[GateCheck],
    planned: Mapping[str, dt.date | int],
    warnings: Sequence[Diagnostic] = (),
    *,
    plan: str = "critical path",
    notes: Sequence[str] = (),
) -> dict[str, Any]:
    """One record per gate (WBS order) with its planned date, the counts by status, warnings.

    `plan` names the plan that dates the milestones, `notes` why it is not levelled (when
    levelling found no schedule). The warnings are the lines printed on standard error
    (`FILE:LINE:COL: warning: ...`).
    """
    records = [_record(check, planned.get(check.task.id)) for check in checks]
    counts = {status: sum(r["status"] == status for r in records) for status in STATUSES}
    lines = [w.format() for w in warnings]
    return {
        "project": project.name,
        "plan": plan,
        **counts,
        "gates": records,
        "warnings": lines,
        "notes": list(notes),
    }
