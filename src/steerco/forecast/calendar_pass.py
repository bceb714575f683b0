"""The Monte Carlo passes of a network whose tasks work on calendars, all iterations at once.

The same level-by-level passes as the critical path over calendars
(`schedule.calendar_passes`), on (positions x iterations) arrays: sampled durations
stretch over each task's days off exactly as the plan's do.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from steerco.schedule.calendar_passes import backward_calendar, forward_calendar
from steerco.schedule.network import Network
from steerco.types import FloatArray

__all__ = ["calendar_iterations"]


def calendar_iterations(
    network: Network,
    d: FloatArray,
    floor: FloatArray,
    *,
    floats: bool,
    levelling: Callable[[FloatArray, FloatArray], FloatArray] | None = None,
) -> tuple[FloatArray, FloatArray, FloatArray | None]:
    """Early starts, project finish per column, and total floats (if `floats`) by position.

    With `levelling`, the starts are the levelled ones, and floats are measured against
    the levelled finish.
    """
    cal = network.calendars
    assert cal is not None
    plan = network.plan
    index = cal.index[plan.order]
    es, ef = forward_calendar(plan, cal, index, d, floor)
    if levelling is not None:
        es = levelling(d, es)
        ef = cal.finish(index[:, None], es, d)
    finish = ef.max(axis=0) if d.shape[0] else np.zeros(d.shape[1])
    if not floats or not d.shape[0]:
        return es, finish, None
    ls, _ = backward_calendar(plan, cal, index, d, finish[None, :], ef=ef)
    total: FloatArray = ls - es
    return es, finish, total
