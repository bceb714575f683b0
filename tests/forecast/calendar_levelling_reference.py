"""A plain reference for the forecast's levelling step on task calendars.

`steerco.forecast.calendar_levelling` as first written (before its bookings kept their
loads, looked only at the bookings still running and checked whole leave by a search in
its merged spells): quadratic in the bookings, and memory-hungry, but simple to read.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from steerco.forecast.calendar_levelling import _pauses_over
from steerco.forecast.engine import Levelling
from steerco.schedule.rcpsp.problem import RcpspProblem

FloatArray = NDArray[np.float64]
_EPS = 1e-9


class _Bookings:
    """Intervals booked on one resource in every iteration: starts, ends, units (m x B)."""

    def __init__(self, capacity: float, size: int, leave: list[tuple[float, float, float]]):
        self.capacity = capacity
        self.start = np.array([[s] * size for s, _, _ in leave]).reshape(len(leave), size)
        self.end = np.array([[e] * size for _, e, _ in leave]).reshape(len(leave), size)
        self.units = np.array([u for _, _, u in leave], dtype=np.float64)

    def fits(self, t: FloatArray, d: FloatArray, units: float) -> NDArray[np.bool_]:
        """Whether `units` more fit over [t, t + d) in each iteration (t: candidates x B).

        `d` is one length per iteration (B), or per candidate and iteration (t's shape).
        """
        if self.units.size == 0:
            return np.ones(t.shape, dtype=bool)
        room = self.capacity - units + _EPS
        s, e, u = self.start, self.end, self.units[:, None]
        # The load is piecewise constant and only rises at interval starts: check it at t
        # and at every start inside (t, t + d).
        at_start = ((s[None, :, :] <= s[:, None, :]) & (s[:, None, :] < e[None, :, :])) * u[None]
        load_at_starts = at_start.sum(axis=1)
        covering = (s[None] <= t[:, None]) & (t[:, None] < e[None])
        ok: NDArray[np.bool_] = (covering * u[None]).sum(axis=1) <= room
        end = t + (d if d.ndim == t.ndim else d[None])  # d per candidate too, on calendars
        inside = (s[None] > t[:, None]) & (s[None] < end[:, None])
        ok &= ~(inside & (load_at_starts[None] > room)).any(axis=1)
        return ok

    def book(self, t: FloatArray, d: FloatArray, units: float) -> None:
        """Add [t, t + d) with `units` in every iteration."""
        self.start = np.vstack([self.start, t[None]])
        self.end = np.vstack([self.end, (t + d)[None]])
        self.units = np.append(self.units, units)


def reference_calendar_levelling(
    problem: RcpspProblem,
    needs: list[list[tuple[int, float]]],
    order: list[int],
    preds: list[list[tuple[int, float, float, float]]],
    compiled: bool | None = None,
) -> Levelling:
    """The calendar levelling step as first written, for `calendar_levelling` to match.

    `compiled` is `calendar_levelling`'s choice of path; the reference has one, in NumPy.

    Plain: each check recomputes the load at every booking's start from all bookings, and
    every leave interval and booking end is a candidate. A task asked to start at t works
    from snap(t) to F(t, d); it may pause over a day one of its resources is away only if
    its calendar leaves that day out, else it waits until the span is clear of them.
    """
    net = problem.network
    cal = net.calendars
    assert cal is not None
    position, node_order = net.plan.position, net.plan.order
    partial: list[list[tuple[float, float, float]]] = [[] for _ in range(problem.resources)]
    away: list[list[tuple[float, float, float]]] = [[] for _ in range(problem.resources)]
    for gap in problem.unavailable:
        full = gap.units >= problem.capacity[gap.resource]
        (away if full else partial)[gap.resource].append(
            (float(gap.start), float(gap.end), float(problem.capacity[gap.resource]))
            if full
            else (float(gap.start), float(gap.end), float(gap.units))
        )
    on = cal.lag_on(np.arange(net.lag.size))
    lags = list(zip(net.dst.tolist(), on.tolist(), strict=True))
    by_target: list[list[int]] = [[] for _ in range(net.size)]
    for j, lag_c in lags:
        by_target[j].append(lag_c)
    pauses = [_pauses_over(cal, j, needs[j], away) for j in range(net.size)]
    release = net.earliest_start

    def level(d_pos: FloatArray, es_pos: FloatArray) -> FloatArray:
        d = d_pos[position]
        size = d.shape[1]
        booked = [
            _Bookings(float(problem.capacity[k]), size, partial[k])
            for k in range(problem.resources)
        ]
        blocked = [
            _Bookings(float(problem.capacity[k]), size, away[k]) for k in range(problem.resources)
        ]
        start = np.zeros_like(d)
        finish = np.zeros_like(d)
        for j in order:
            c = np.int64(cal.index[j])
            t0 = np.full(size, release[j])
            for (i, fa, lag, fb), lag_c in zip(preds[j], by_target[j], strict=True):
                y = cal.shift(finish[i] if fa else start[i], lag, lag_c)
                if fb:
                    y = cal.start_for_finish(c, y, d[j])
                np.maximum(t0, y, out=t0)
            if needs[j] and d[j].max() > 0:
                candidates = [t0[None]]
                for k, _ in needs[j]:
                    for source in (booked[k], blocked[k]):
                        if source.units.size:
                            candidates.append(np.maximum(source.end, t0[None]))
                t = cal.snap(c, np.vstack(candidates), d[j])
                span = cal.finish(c, t, d[j]) - t
                ok = np.ones(t.shape, dtype=bool)
                for k, units in needs[j]:
                    ok &= booked[k].fits(t, span, units)
                    if not pauses[j]:  # no work on a day k is away
                        ok &= blocked[k].fits(t, span, float(problem.capacity[k]))
                t0 = np.where(ok, t, np.inf).min(axis=0)
                for k, units in needs[j]:
                    booked[k].book(t0, cal.finish(c, t0, d[j]) - t0, units)
            start[j] = cal.snap(c, t0, d[j])
            finish[j] = cal.finish(c, start[j], d[j])
        out: FloatArray = start[node_order]
        return out

    return level
