"""Assess a project's risk register: scores, expected exposure, the 5x5 matrix, what is overdue."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from steerco.forecast.distributions import Z90, estimate_points
from steerco.model import Estimate, Project
from steerco.model.risk import Risk, RiskAction, RiskImpact
from steerco.risk.scales import Level, RatingName, impact_level, probability_level, rating
from steerco.schedule.cost import plan_cost
from steerco.schedule.cpm import critical_path
from steerco.schedule.network import compile_project

__all__ = [
    "ActionState",
    "Exposure",
    "PlanScale",
    "RiskAssessment",
    "RiskRegister",
    "assess_register",
    "mean_delay",
    "plan_scale",
]


@dataclass(frozen=True)
class PlanScale:
    """What impacts are measured against: the planned duration (units) and planned cost."""

    makespan: float
    budget: float | None


@dataclass(frozen=True)
class Exposure:
    """One set of probability and impact, scored: levels, score, expected delay and cost."""

    probability: float
    mean_delay: float
    cost: float
    probability_level: Level
    impact_level: Level
    score: int
    rating: RatingName
    expected_delay: float
    expected_cost: float


@dataclass(frozen=True)
class ActionState:
    """A response action and whether it is overdue on the assessment date."""

    action: RiskAction
    overdue: bool


@dataclass(frozen=True)
class RiskAssessment:
    """One risk of the register as assessed on a date."""

    risk: Risk
    inherent: Exposure
    residual: Exposure | None
    actions: tuple[ActionState, ...]
    review_overdue: bool
    proximity_days: int | None
    expired: bool = False
    """Not closed, but every task it is linked to has finished: it can no longer happen."""

    @property
    def active(self) -> bool:
        """Open or occurred and not expired: a closed or expired risk scores nothing.

        A closed risk is kept for the record; an expired one waits for the manager to close it.
        """
        return self.risk.status != "closed" and not self.expired


@dataclass(frozen=True)
class RiskRegister:
    """The whole register on a date: every risk, the matrix, the top risks, what is overdue."""

    as_of: dt.date
    scale: PlanScale
    risks: tuple[RiskAssessment, ...]
    matrix: tuple[tuple[tuple[str, ...], ...], ...]
    top: tuple[str, ...]
    overdue_reviews: tuple[str, ...]
    overdue_actions: tuple[tuple[str, RiskAction], ...]
    expired: tuple[str, ...] = ()
    """Risks whose linked tasks have all finished, for the manager to close."""

    @property
    def expected_delay(self) -> float:
        """The sum of the active risks' expected delays (working units)."""
        return sum(a.inherent.expected_delay for a in self.risks if a.active)

    @property
    def expected_cost(self) -> float:
        """The sum of the active risks' expected costs."""
        return sum(a.inherent.expected_cost for a in self.risks if a.active)


def mean_delay(project: Project, delay: Estimate | None) -> float:
    """The mean of a three-point delay in the project's units (0 without a delay).

    pert: (low + λ·likely + high) / (λ + 2) with the project's `pert_lambda`;
    triangular: (low + likely + high) / 3; uniform: (low + high) / 2; fixed: likely;
    lognormal (low, high = P10, P90): exp(μ + σ²/2), μ = (ln low + ln high)/2,
    σ = (ln high − ln low) / (2 · 1.2816).
    """
    kind, low, likely, high = estimate_points(project, delay)
    if kind == "pert":
        lam = project.forecast.pert_lambda
        return (low + lam * likely + high) / (lam + 2)
    if kind == "triangular":
        return (low + likely + high) / 3
    if kind == "uniform":
        return (low + high) / 2
    if kind == "lognormal":
        mu = (math.log(low) + math.log(high)) / 2
        sigma = (math.log(high) - math.log(low)) / (2 * Z90)
        return math.exp(mu + sigma**2 / 2)
    return likely


def plan_scale(project: Project) -> PlanScale:
    """The critical-path makespan and the planned cost (None when the plan costs nothing)."""
    network = compile_project(project)
    cpm = critical_path(network)
    makespan = float(cpm.makespan)
    if network.costs is None:
        return PlanScale(makespan, None)
    budget = plan_cost(network.costs, network.duration, cpm.es, cpm.ef, makespan)
    return PlanScale(makespan, budget or None)


def _exposure(
    project: Project,
    scale: PlanScale,
    impact: RiskImpact,
    probability: float,
    delay: Estimate | None,
    cost: float,
) -> Exposure:
    """Score one probability, delay and cost, with the risk's scope and compliance ratings."""
    mean = mean_delay(project, delay)
    p_level = probability_level(probability)
    i_level = impact_level(
        delay=mean,
        makespan=scale.makespan,
        cost=cost,
        budget=scale.budget,
        scope=impact.scope,
        compliance=impact.compliance,
    )
    score = p_level * i_level
    return Exposure(
        probability=probability,
        mean_delay=mean,
        cost=cost,
        probability_level=p_level,
        impact_level=i_level,
        score=score,
        rating=rating(score),
        expected_delay=probability * mean,
        expected_cost=probability * cost,
    )


def _assess(project: Project, risk: Risk, scale: PlanScale, as_of: dt.date) -> RiskAssessment:
    certain = risk.status == "occurred"
    impact, r = risk.impact, risk.residual
    inherent = _exposure(
        project, scale, impact, 1.0 if certain else risk.probability, impact.delay, impact.cost
    )
    residual = (
        None
        if r is None
        else _exposure(project, scale, impact, 1.0 if certain else r.probability, r.delay, r.cost)
    )
    expired = risk.status != "closed" and project.risk_expired(risk)
    active = risk.status != "closed" and not expired
    actions = tuple(
        ActionState(a, active and not a.done and a.due is not None and a.due < as_of)
        for a in risk.actions
    )
    return RiskAssessment(
        risk=risk,
        inherent=inherent,
        residual=residual,
        actions=actions,
        review_overdue=active and risk.review is not None and risk.review < as_of,
        proximity_days=None if risk.proximity is None else (risk.proximity - as_of).days,
        expired=expired,
    )


def _rank_key(a: RiskAssessment) -> tuple[float, float, float, str]:
    e = a.inherent
    return (-e.score, -e.expected_delay, -e.expected_cost, a.risk.id)


def assess_register(
    project: Project, *, as_of: dt.date, scale: PlanScale, top: int = 5
) -> RiskRegister:
    """Score every risk of `project` on `as_of` and build the matrix and the lists.

    score = probability level x impact level (1..25); expected delay = p x mean delay,
    expected cost = p x cost, with p = 1 for an occurred risk. `matrix[p - 1][i - 1]` holds
    the ids of the active risks at probability level p and impact level i. The top risks are
    the `top` active ones by score, then expected delay, then expected cost. A review or an
    action is overdue when its date is before `as_of` (an action only while not done);
    closed risks are never overdue. A risk whose linked tasks have all finished (by the
    project's progress) is expired: like a closed one it is in no total, cell, top list or
    overdue list, and it is listed in `expired` for the manager to close.
    """
    assessed = tuple(_assess(project, risk, scale, as_of) for risk in project.risks)
    cells: list[list[list[str]]] = [[[] for _ in range(5)] for _ in range(5)]
    for a in assessed:
        if a.active:
            cells[a.inherent.probability_level - 1][a.inherent.impact_level - 1].append(a.risk.id)
    ranked = sorted((a for a in assessed if a.active), key=_rank_key)
    return RiskRegister(
        as_of=as_of,
        scale=scale,
        risks=assessed,
        matrix=tuple(tuple(tuple(cell) for cell in row) for row in cells),
        top=tuple(a.risk.id for a in ranked[:top]),
        overdue_reviews=tuple(a.risk.id for a in assessed if a.review_overdue),
        overdue_actions=tuple(
            (a.risk.id, state.action) for a in assessed for state in a.actions if state.overdue
        ),
        expired=tuple(a.risk.id for a in assessed if a.expired),
    )
