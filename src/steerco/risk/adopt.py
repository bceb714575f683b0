"""A library risk as a register entry with its defaults, ready to be written into a project."""

from __future__ import annotations

import math
from typing import Any

from steerco.codes import Code
from steerco.errors import ProjectError, did_you_mean
from steerco.model import Project
from steerco.model.risk_library import LibraryRisk, RiskLibrary
from steerco.risk.register import PlanScale

__all__ = ["adopted_entry", "library_risk"]


def library_risk(library: RiskLibrary, risk_id: str) -> LibraryRisk:
    """The library risk `risk_id`; an `unknown_library_risk` error (with a did-you-mean)."""
    try:
        return library.get(risk_id)
    except KeyError:
        hint = did_you_mean(risk_id, [risk.id for risk in library.risks])
        raise ProjectError.single(
            Code.unknown_library_risk, f"the risk library has no risk {risk_id!r}{hint}"
        ) from None


def _plain(value: float) -> int | float:
    """A whole number as an int (written `5`, not `5.0`)."""
    return int(value) if float(value).is_integer() else value


def adopted_entry(project: Project, risk: LibraryRisk, scale: PlanScale) -> dict[str, Any]:
    """The project-file entry of `risk` with its defaults, as plain data.

    probability = midpoint of the default range (2 decimals); delay = low..likely..high in
    working days, likely = the range's midpoint rounded half up to whole days; cost =
    midpoint of the cost share x the planned cost (0 without one), rounded; the proven
    responses become actions (no owner or date yet) and the contingency the `plan`. Raises
    `risk_exists` when the register has the risk already (same id, or same `library` id).
    """
    for i, existing in enumerate(project.risks):
        if risk.id in (existing.id, existing.library):
            raise ProjectError.single(
                Code.risk_exists,
                f"the register has this library risk already as {existing.id!r}",
                ("risks", i, "id"),
            )
    delay = risk.impact.delay
    impact: dict[str, Any] = {
        "delay": {
            "low": _plain(delay.low),
            "likely": math.floor(delay.mid + 0.5),
            "high": _plain(delay.high),
        },
        "cost": round(risk.impact.cost.mid * (scale.budget or 0.0)),
        "scope": risk.impact.scope,
        "compliance": risk.impact.compliance,
    }
    return {
        "id": risk.id,
        "title": risk.title,
        "category": risk.category,
        "cause": risk.cause,
        "event": risk.event,
        "effect": risk.effect,
        "probability": round(risk.probability.mid, 2),
        "impact": impact,
        "triggers": list(risk.triggers),
        "warning_signs": list(risk.warning_signs),
        "response": risk.response,
        "actions": list(risk.responses),
        "plan": risk.contingency,
        "status": "open",
        "library": risk.id,
    }
