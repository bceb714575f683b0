"""The risk register, suggestions and quantification as JSON-ready objects (stable fields)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # types only: rendering the register must not import the forecast or sklearn
    from steerco.model import Project
    from steerco.model.risk import RiskAction
    from steerco.risk.quantify import Quantification
    from steerco.risk.register import Exposure, RiskAssessment, RiskRegister
    from steerco.risk.suggest import Held, Suggestion

__all__ = ["adopted_object", "quantify_object", "register_object", "suggestions_object"]


def _day(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _exposure(e: Exposure) -> dict[str, Any]:
    return {
        "probability": e.probability,
        "probability_level": e.probability_level,
        "impact_level": e.impact_level,
        "score": e.score,
        "rating": e.rating,
        "mean_delay": e.mean_delay,
        "cost": e.cost,
        "expected_delay": e.expected_delay,
        "expected_cost": e.expected_cost,
    }


def _action(action: RiskAction) -> dict[str, Any]:
    return {
        "action": action.action,
        "owner": action.owner,
        "due": _day(action.due),
        "done": action.done,
    }


def _risk(a: RiskAssessment) -> dict[str, Any]:
    risk = a.risk
    return {
        "id": risk.id,
        "title": risk.title,
        "category": risk.category,
        "status": risk.status,
        "owner": risk.owner,
        "response": risk.response,
        **_exposure(a.inherent),
        "scope": risk.impact.scope,
        "compliance": risk.impact.compliance,
        "residual": None if a.residual is None else _exposure(a.residual),
        "cause": risk.cause,
        "event": risk.event,
        "effect": risk.effect,
        "triggers": list(risk.triggers),
        "warning_signs": list(risk.warning_signs),
        "actions": [{**_action(s.action), "overdue": s.overdue} for s in a.actions],
        "plan": risk.plan,
        "fallback": risk.fallback,
        "proximity": _day(risk.proximity),
        "proximity_days": a.proximity_days,
        "review": _day(risk.review),
        "review_overdue": a.review_overdue,
        "tasks": list(risk.tasks),
        "library": risk.library,
        "expired": a.expired,
    }


def register_object(
    project: Project, register: RiskRegister, quantification: Quantification | None = None
) -> dict[str, Any]:
    """The whole register on its date: risks (document order), matrix, top, overdue, totals.

    With a `quantification`, also `quantify`: each risk's contribution to the P80 finish.
    """
    statuses = [a.risk.status for a in register.risks]
    data: dict[str, Any] = {
        "project": project.name,
        "as_of": register.as_of.isoformat(),
        "unit": project.unit,
        "currency": project.currency,
        "plan": {"makespan": register.scale.makespan, "cost": register.scale.budget},
        "risks": [_risk(a) for a in register.risks],
        "matrix": [[list(cell) for cell in row] for row in register.matrix],
        "top": list(register.top),
        "overdue_reviews": list(register.overdue_reviews),
        "overdue_actions": [
            {"risk": risk_id, **_action(action)} for risk_id, action in register.overdue_actions
        ],
        "expired": list(register.expired),
        "totals": {
            "open": statuses.count("open"),
            "occurred": statuses.count("occurred"),
            "closed": statuses.count("closed"),
            "expired": len(register.expired),
            "expected_delay": register.expected_delay,
            "expected_cost": register.expected_cost,
        },
    }
    if quantification is not None:
        data["quantify"] = quantify_object(quantification)
    return data


def quantify_object(result: Quantification) -> dict[str, Any]:
    """Each risk's contribution to the P80 finish, largest first, with the P80 dates."""
    return {
        "iterations": result.iterations,
        "seed": result.seed,
        "p80": result.p80,
        "p80_finish": _day(result.p80_finish),
        "p80_without_risks": result.p80_without_risks,
        "p80_finish_without_risks": _day(result.p80_finish_without_risks),
        "risks": [
            {"id": c.id, "p80_without": c.p80_without, "contribution": c.contribution}
            for c in result.risks
        ],
    }


def suggestions_object(
    project: Project, suggestions: Sequence[Suggestion], held: Sequence[Held] = ()
) -> dict[str, Any]:
    """The ranked suggestions with their reasons and the library's defaults.

    `held`: the library risks left out because the register already holds them.
    """
    out = []
    for rank, s in enumerate(suggestions, 1):
        risk = s.risk
        out.append(
            {
                "rank": rank,
                "id": risk.id,
                "title": risk.title,
                "category": risk.category,
                "score": s.score,
                "terms": list(s.terms),
                "tasks": list(s.tasks),
                "probability": {"low": risk.probability.low, "high": risk.probability.high},
                "delay": {"low": risk.impact.delay.low, "high": risk.impact.delay.high},
                "response": risk.response,
                "nist_ai_rmf": list(risk.nist_ai_rmf),
                "nist_genai": list(risk.nist_genai),
                "eu_ai_act": None if risk.eu_ai_act is None else risk.eu_ai_act.tier,
            }
        )
    return {
        "project": project.name,
        "suggestions": out,
        "held": [
            {"library": h.library, "risk": h.risk, "how": h.how, "overlap": h.overlap} for h in held
        ],
    }


def adopted_object(entry: Mapping[str, Any]) -> dict[str, Any]:
    """The register entry written into the project file by `risks suggest --adopt`."""
    return {"adopted": dict(entry)}
