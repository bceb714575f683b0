"""Has the team's pace changed? The last weeks' throughput against the weeks before.

The history is cut into blocks (weeks of 7 days for a daily history, single periods for a
weekly or numbered one), counted back from its last period so that the last block is
complete; a leading partial week is left out. The last `recent` blocks are compared with
all those before by a two-sided Mann-Whitney U test: under "no change", every ordering
of the block totals is equally likely. With `n1` recent and `n2` earlier blocks, `R1` the
sum of the recent blocks' ranks among all (ties at their average rank),

    U = R1 - n1 (n1 + 1) / 2,   mu = n1 n2 / 2,
    sigma^2 = n1 n2 / 12 * ((n + 1) - sum(t^3 - t) / (n (n - 1))),   n = n1 + n2,
    z = (|U - mu| - 1/2) / sigma,   p = erfc(z / sqrt 2),

with `t` the size of each run of tied totals (the normal approximation with continuity
and tie corrections, `scipy.stats.mannwhitneyu(..., method="asymptotic")`). The pace has
changed when `p < level`. Unlike a Poisson test, this one does not assume that items
finish one at a time: teams close items in batches, and block totals vary more than a
Poisson count would.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from steerco.forecast.stats import average_ranks
from steerco.forecast.throughput import check_throughput

__all__ = ["LEVEL", "MIN_EARLIER", "RECENT_BLOCKS", "RateChange", "rate_change"]

RECENT_BLOCKS = 6
"""Blocks (weeks) that count as recent: six weeks, about three two-week sprints."""
MIN_EARLIER = 4
"""The fewest earlier blocks a comparison needs; with fewer there is no test."""
LEVEL = 0.05
"""The p-value under which the pace is said to have changed."""


@dataclass(frozen=True)
class RateChange:
    """The recent and the earlier rate (items per period), and whether they differ.

    `ratio` is recent / earlier (None when nothing was finished earlier); `changed` is
    `p_value < level`.
    """

    block_periods: int
    recent_blocks: int
    earlier_blocks: int
    recent_rate: float
    earlier_rate: float
    ratio: float | None
    p_value: float
    changed: bool


def _mann_whitney_p(recent: np.ndarray, earlier: np.ndarray) -> float:
    """Two-sided p of the Mann-Whitney U test, normal approximation (see the module)."""
    n1, n2 = recent.size, earlier.size
    n = n1 + n2
    ranks = average_ranks(np.concatenate([recent, earlier]).astype(np.float64))
    u = float(ranks[:n1].sum()) - n1 * (n1 + 1) / 2
    _, ties = np.unique(np.concatenate([recent, earlier]), return_counts=True)
    tie_term = float((ties.astype(np.float64) ** 3 - ties).sum()) / (n * (n - 1))
    variance = n1 * n2 / 12 * ((n + 1) - tie_term)
    if variance <= 0:
        return 1.0  # every block total the same: no evidence of a change
    z = (abs(u - n1 * n2 / 2) - 0.5) / math.sqrt(variance)
    return min(1.0, math.erfc(max(z, 0.0) / math.sqrt(2)))


def rate_change(
    throughput: ArrayLike,
    *,
    block_periods: int = 1,
    recent: int = RECENT_BLOCKS,
    level: float = LEVEL,
) -> RateChange | None:
    """Compare the last `recent` blocks of `block_periods` periods with the blocks before.

    None when the history has fewer than `recent + MIN_EARLIER` whole blocks.
    """
    counts = check_throughput(throughput)
    blocks = counts.size // block_periods
    if blocks < recent + MIN_EARLIER:
        return None
    whole = counts[counts.size - blocks * block_periods :]
    totals = whole.reshape(blocks, block_periods).sum(axis=1)
    late, early = totals[-recent:], totals[:-recent]
    recent_rate = float(late.mean()) / block_periods
    earlier_rate = float(early.mean()) / block_periods
    p = _mann_whitney_p(late, early)
    return RateChange(
        block_periods=block_periods,
        recent_blocks=recent,
        earlier_blocks=int(early.size),
        recent_rate=recent_rate,
        earlier_rate=earlier_rate,
        ratio=recent_rate / earlier_rate if earlier_rate > 0 else None,
        p_value=p,
        changed=p < level,
    )
