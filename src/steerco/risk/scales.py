"""The 1-5 scales of the register: probability bands, impact bands, scores and ratings."""

from __future__ import annotations

import bisect
from typing import Literal

__all__ = [
    "COST_BANDS",
    "DELAY_BANDS",
    "PROBABILITY_BANDS",
    "Level",
    "RatingName",
    "impact_level",
    "level",
    "probability_level",
    "rating",
]

Level = int
RatingName = Literal["low", "medium", "high"]

PROBABILITY_BANDS = (0.10, 0.30, 0.50, 0.70)
"""Lower bounds of levels 2..5: below 10% is 1 (rare), 70% and more is 5 (almost certain)."""
DELAY_BANDS = (0.01, 0.05, 0.10, 0.20)
"""Lower bounds of levels 2..5 of the mean delay as a share of the planned duration."""
COST_BANDS = (0.01, 0.10, 0.20, 0.40)
"""Lower bounds of levels 2..5 of the cost as a share of the planned cost."""


def level(value: float, bands: tuple[float, ...]) -> Level:
    """The 1-5 level of `value`: 1 + the number of band lower bounds it reaches."""
    return 1 + bisect.bisect_right(bands, value)


def probability_level(probability: float) -> Level:
    """The probability on the 1-5 scale (PROBABILITY_BANDS)."""
    return level(probability, PROBABILITY_BANDS)


def impact_level(
    *,
    delay: float,
    makespan: float,
    cost: float,
    budget: float | None,
    scope: int | None,
    compliance: int | None,
) -> Level:
    """The impact on the 1-5 scale: the worst of delay, cost, scope and compliance.

    delay level = level(delay / makespan, DELAY_BANDS) when there is a delay and a plan;
    cost level = level(cost / budget, COST_BANDS) when there is a cost and a budget;
    scope and compliance are given as levels. With none of them the impact is 1.
    """
    levels = [1, scope or 1, compliance or 1]
    if delay > 0 and makespan > 0:
        levels.append(level(delay / makespan, DELAY_BANDS))
    if cost > 0 and budget:
        levels.append(level(cost / budget, COST_BANDS))
    return max(levels)


def rating(score: int) -> RatingName:
    """The rating of a score (probability x impact level): low to 4, medium to 9, else high."""
    if score <= 4:
        return "low"
    return "medium" if score <= 9 else "high"
