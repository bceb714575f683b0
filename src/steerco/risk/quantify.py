"""Each risk's contribution to the P80 finish, on common random numbers.

The forecast is run once with every risk, then once per risk with that risk's probability
set to 0 and everything else unchanged: the same seed, the same iterations, the same number
of random draws in the same order. So each run sees the same task durations and the same
occurrences and delays of the other risks; only the removed risk's occurrences disappear,
and the difference in P80 is that risk's effect, not sampling noise.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import numpy as np

from steerco.forecast.engine import ForecastInput, simulate
from steerco.forecast.result import point_dates
from steerco.forecast.run import ForecastOptions, forecast_inputs, measured_against
from steerco.model import Project
from steerco.schedule.network import Network
from steerco.schedule.plan import Schedule

__all__ = ["Quantification", "RiskContribution", "quantify_risks"]


@dataclass(frozen=True)
class RiskContribution:
    """P80 of the finish without one risk, and how much the risk adds to it (units)."""

    id: str
    p80_without: float
    contribution: float


@dataclass(frozen=True)
class Quantification:
    """The P80 finish with all risks, without any, and each risk's contribution.

    The P80s are in working units; their dates are None without a calendar (PSPLIB periods).
    """

    iterations: int
    seed: int
    p80: float
    p80_without_risks: float
    risks: tuple[RiskContribution, ...]
    p80_finish: dt.date | None = None
    p80_finish_without_risks: dt.date | None = None


def _p80(inputs: ForecastInput, options: ForecastOptions, probability: np.ndarray) -> float:
    """P80 of the makespan (NumPy's linear percentile) with these risk probabilities."""
    run = replace(inputs, risks=replace(inputs.risks, probability=probability))
    sim = simulate(
        run, iterations=options.iterations, seed=options.seed, lhs=options.lhs, criticality=False
    )
    return float(np.percentile(sim.makespan, 80))


def quantify_risks(
    network: Network, project: Project, options: ForecastOptions, *, plan: Schedule | None = None
) -> Quantification:
    """Remove each risk in turn on the same random numbers and measure the P80 shift.

    contribution_k = P80(all risks) - P80(all risks, p_k = 0), in working units, largest
    first. The risks are those that drive the forecast (open and occurred ones, with
    `options.residual` their residual values). Every run is measured against `plan` as
    the forecast is (levelled in every iteration when the plan is levelled; default: the
    critical path); early stopping (`precision`) is not used: every run has the same
    iterations.
    """
    inputs = forecast_inputs(network, project, options)
    if plan is not None:
        inputs = measured_against(plan, project, inputs)
    probability = inputs.risks.probability
    base = _p80(inputs, options, probability)
    contributions = []
    for k, risk_id in enumerate(inputs.risks.ids):
        without = probability.copy()
        without[k] = 0.0
        p80 = _p80(inputs, options, without)
        contributions.append(RiskContribution(risk_id, p80, base - p80))
    contributions.sort(key=lambda c: (-c.contribution, c.id))
    without_risks = _p80(inputs, options, np.zeros_like(probability))
    dates = point_dates(network, np.array([base, without_risks]))
    return Quantification(
        iterations=options.iterations,
        seed=options.seed,
        p80=base,
        p80_without_risks=without_risks,
        risks=tuple(contributions),
        p80_finish=None if dates is None else dates[0],
        p80_finish_without_risks=None if dates is None else dates[1],
    )
