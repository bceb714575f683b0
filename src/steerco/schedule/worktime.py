"""Work time on task calendars: where a task of d working units that may start at s finishes.

A network's time axis is one sequence of units (the project's working days, or every
calendar day when some task works days the project does not). Each task works on one
calendar, a mask over that axis; W_c(t) counts the units calendar c works in [0, t)
(continuously: a worked unit counts in proportion, an unworked one not at all). A task
of duration d > 0 asked to start at s starts at snap_c(s), the first worked point at or
after s, and finishes at F_c(s, d) = the first t with W_c(t) = W_c(s) + d: its work
pauses on the calendar's days off and its finish moves out. Before unit 0 and past the
compiled axis every unit counts as worked. Every function here is vectorised over
arrays of any shape (the calendar index broadcasts against the times), and on whole
numbers gives whole numbers, so the critical path, the solvers and the Monte Carlo
read the same answers from it. A zero duration neither snaps nor moves (a milestone).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
from numpy.typing import ArrayLike, NDArray

from steerco.types import FloatArray, IntArray

__all__ = ["TaskCalendars", "task_calendars"]


@dataclass(frozen=True)
class TaskCalendars:
    """The calendar each node works on, as masks over the network's time axis.

    `works[c, t]`: whether calendar c works unit t (t < length); `index[i]` the calendar
    of node i; `lag_calendar[e]` the calendar link e's lag counts on, -1 for plain units
    of the axis (an elapsed lag, a 24x7 lag, or a working lag on an axis of working
    units); None: every lag is plain units. `picked[(i, r)]` is the calendar node i
    works on when resource r is the one person picked for its role or skill demand (its own
    calendar, or r's own where r has one, less r's days off: it may work days node i's own
    does not); a candidate with no days off is not listed. `driving`:
    a link to a node's finish lets that finish land on the driving time itself, the work
    done before it (`scheduling.finish_links: driving`, read by `calendar_passes`).
    """

    index: IntArray
    works: NDArray[np.bool_]
    names: tuple[str, ...]
    lag_calendar: IntArray | None = None
    picked: dict[tuple[int, str], int] = field(default_factory=dict)
    driving: bool = False
    count: IntArray = field(init=False, repr=False)
    pos: IntArray = field(init=False, repr=False)
    total: IntArray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        works = np.ascontiguousarray(self.works, dtype=bool)
        c, length = works.shape
        count = np.zeros((c, length + 1), dtype=np.int64)
        np.cumsum(works, axis=1, out=count[:, 1:])
        total = count[:, -1].copy()
        # pos[c, k]: the k-th worked unit; past the last, the units after the axis.
        pos = np.empty((c, max(length, 1)), dtype=np.int64)
        for k in range(c):
            worked = np.flatnonzero(works[k])
            pos[k, : worked.size] = worked
            pos[k, worked.size :] = length + np.arange(pos.shape[1] - worked.size)
        object.__setattr__(self, "works", works)
        object.__setattr__(self, "count", count)
        object.__setattr__(self, "pos", pos)
        object.__setattr__(self, "total", total)

    @property
    def length(self) -> int:
        """Units of the axis the masks cover."""
        return int(self.works.shape[1])

    def link_kept(self, keep: NDArray[np.bool_], extra: int = 0) -> TaskCalendars:
        """The same calendars for the links `keep`, then `extra` new links (lags in plain units)."""
        if self.lag_calendar is None:
            return self
        plain = np.full(extra, -1, dtype=np.int64)
        return replace(self, lag_calendar=np.concatenate([self.lag_calendar[keep], plain]))

    def lag_on(self, edges: ArrayLike) -> IntArray:
        """The calendar the lag of each link in `edges` counts on (-1: plain units)."""
        e = np.asarray(edges, dtype=np.int64)
        if self.lag_calendar is None:
            return np.full(e.shape, -1, dtype=np.int64)
        found: IntArray = self.lag_calendar[e]
        return found

    def with_picks(self, chosen: list[tuple[int, str]]) -> TaskCalendars:
        """The calendars once node i's person r is picked, for each (i, r) in `chosen`."""
        moves = [(i, self.picked[(i, r)]) for i, r in chosen if (i, r) in self.picked]
        if not moves:
            return self
        index = self.index.copy()
        for i, c in moves:
            index[i] = c
        return replace(self, index=index)

    def worked(self, c: ArrayLike, t: ArrayLike) -> FloatArray:
        """W_c(t): units calendar c works in [0, t), counting part of a worked unit."""
        t = np.asarray(t, dtype=np.float64)
        whole = np.floor(t)
        unit = whole.astype(np.int64)
        frac = t - whole
        inside = (unit >= 0) & (unit < self.length)
        at = np.clip(unit, 0, self.length)
        cc = np.broadcast_to(c, at.shape)
        before = self.count[cc, at].astype(np.float64)
        beyond = unit > self.length
        before = np.where(beyond, self.total[cc] + (unit - self.length), before)
        before = np.where(unit < 0, unit, before)
        works = np.where(inside, self.works[cc, np.clip(unit, 0, self.length - 1)], True)
        result: FloatArray = before + works * frac
        return result

    def _at_work(self, c: ArrayLike, k: ArrayLike) -> FloatArray:
        """The unit where calendar c's k-th worked unit begins (k may be negative or large)."""
        k = np.asarray(k, dtype=np.int64)
        cc = np.broadcast_to(c, k.shape)
        width = self.pos.shape[1]
        found = self.pos[cc, np.clip(k, 0, width - 1)]
        past = self.length + (k - self.total[cc])
        out = np.where(k < 0, k, np.where(k >= width, past, found))
        return out.astype(np.float64)

    def _latest_at(self, c: ArrayLike, w: ArrayLike) -> FloatArray:
        """The last t with W_c(t) = w: where work w begins (a start point)."""
        w = np.asarray(w, dtype=np.float64)
        k = np.floor(w)
        result: FloatArray = self._at_work(c, k.astype(np.int64)) + (w - k)
        return result

    def _first_at(self, c: ArrayLike, w: ArrayLike) -> FloatArray:
        """The first t with W_c(t) = w: where work w is reached (a finish point)."""
        w = np.asarray(w, dtype=np.float64)
        k = np.ceil(w) - 1.0
        result: FloatArray = self._at_work(c, k.astype(np.int64)) + (w - k)
        return result

    def _works_before(self, c: ArrayLike, t: ArrayLike) -> NDArray[np.bool_]:
        """Whether the unit just before point t is worked (true before the axis and past it)."""
        t = np.asarray(t, dtype=np.float64)
        unit = (np.ceil(t) - 1.0).astype(np.int64)
        inside = (unit >= 0) & (unit < self.length)
        cc = np.broadcast_to(c, unit.shape)
        found: NDArray[np.bool_] = np.where(
            inside, self.works[cc, np.clip(unit, 0, self.length - 1)], True
        )
        return found

    def _works_at(self, c: ArrayLike, t: ArrayLike) -> NDArray[np.bool_]:
        """Whether the unit holding point t (its start, for a whole t) is worked."""
        t = np.asarray(t, dtype=np.float64)
        unit = np.floor(t).astype(np.int64)
        inside = (unit >= 0) & (unit < self.length)
        cc = np.broadcast_to(c, unit.shape)
        found: NDArray[np.bool_] = np.where(
            inside, self.works[cc, np.clip(unit, 0, self.length - 1)], True
        )
        return found

    def snap(self, c: ArrayLike, s: ArrayLike, d: ArrayLike) -> FloatArray:
        """snap_c(s): the first worked point at or after s (s itself when d = 0)."""
        s = np.asarray(s, dtype=np.float64)
        result: FloatArray = np.where(
            np.asarray(d) > 0, np.maximum(s, self._latest_at(c, self.worked(c, s))), s
        )
        return result

    def finish(self, c: ArrayLike, s: ArrayLike, d: ArrayLike) -> FloatArray:
        """F_c(s, d): the first t with W_c(t) = W_c(s) + d (s itself when d = 0)."""
        s = np.asarray(s, dtype=np.float64)
        d = np.asarray(d, dtype=np.float64)
        result: FloatArray = np.where(d > 0, self._first_at(c, self.worked(c, s) + d), s)
        return result

    def latest_start(self, c: ArrayLike, f: ArrayLike, d: ArrayLike) -> FloatArray:
        """The latest start whose finish F_c(start, d) is at most f (f itself when d = 0)."""
        f = np.asarray(f, dtype=np.float64)
        d = np.asarray(d, dtype=np.float64)
        result: FloatArray = np.where(d > 0, self._latest_at(c, self.worked(c, f) - d), f)
        return result

    def start_for_finish(self, c: ArrayLike, b: ArrayLike, d: ArrayLike) -> FloatArray:
        """The earliest start whose finish F_c(start, d) is at least b (b when d = 0).

        The finish can only fall where work ends: at b if the unit before b is worked, else
        at the end of the first worked unit after b.
        """
        b = np.asarray(b, dtype=np.float64)
        d = np.asarray(d, dtype=np.float64)
        need = self.worked(c, b) + np.where(self._works_before(c, b), 0.0, 1.0)
        start = self._first_at(c, need - d)
        result: FloatArray = np.where(d > 0, self.snap(c, start, d), b)
        return result

    def finish_by_start(self, c: ArrayLike, x: ArrayLike, d: ArrayLike) -> FloatArray:
        """The latest finish of a task whose start, once snapped, is at most x."""
        x = np.asarray(x, dtype=np.float64)
        d = np.asarray(d, dtype=np.float64)
        w = self.worked(c, x) - np.where(self._works_at(c, x), 0.0, 1.0)
        result: FloatArray = np.where(d > 0, self._first_at(c, w + d), x)
        return result

    def shift(self, x: ArrayLike, lag: ArrayLike, on: ArrayLike) -> FloatArray:
        """The point `lag` after x: working time of calendar `on` (lead < 0), plain if on < 0."""
        x = np.asarray(x, dtype=np.float64)
        lag = np.asarray(lag, dtype=np.float64)
        on = np.asarray(on, dtype=np.int64)
        plain: FloatArray = x + lag
        if not (on >= 0).any():
            return plain
        c = np.maximum(on, 0)
        ahead = self.finish(c, x, np.maximum(lag, 0.0))
        back = self.latest_start(c, x, np.maximum(-lag, 0.0))
        worked = np.where(lag >= 0, ahead, back)
        result: FloatArray = np.where(on < 0, plain, worked)
        return result

    def unshift(self, y: ArrayLike, lag: ArrayLike, on: ArrayLike) -> FloatArray:
        """The latest x whose `shift(x, lag, on)` is at most y (the backward pass's inverse)."""
        y = np.asarray(y, dtype=np.float64)
        lag = np.asarray(lag, dtype=np.float64)
        on = np.asarray(on, dtype=np.int64)
        plain: FloatArray = y - lag
        if not (on >= 0).any():
            return plain
        c = np.maximum(on, 0)
        ahead = self.latest_start(c, y, np.maximum(lag, 0.0))
        back = self._latest_at(c, self.worked(c, y) + np.maximum(-lag, 0.0))
        worked = np.where(lag > 0, ahead, np.where(lag < 0, back, y))
        result: FloatArray = np.where(on < 0, plain, worked)
        return result

    def spans(self, c: int, d: int, horizon: int) -> IntArray:
        """F_c(t, d) for every whole t in [0, horizon], as integers."""
        t = np.arange(horizon + 1, dtype=np.float64)
        finish: IntArray = np.rint(self.finish(np.int64(c), t, np.float64(d))).astype(np.int64)
        return finish

    def starts(self, c: int, horizon: int) -> IntArray:
        """The whole units in [0, horizon] where calendar c works (where its tasks may start)."""
        worked = np.flatnonzero(self.works[c, : horizon + 1])
        past = np.arange(self.length, horizon + 1, dtype=np.int64)
        result: IntArray = np.concatenate([worked, past]).astype(np.int64)
        return result


def task_calendars(
    index: IntArray,
    works: NDArray[np.bool_],
    names: tuple[str, ...],
    *,
    lag_calendar: IntArray | None = None,
    picked: dict[tuple[int, str], int] | None = None,
    driving: bool = False,
) -> TaskCalendars:
    """TaskCalendars from each node's calendar index and the calendars' masks."""
    return TaskCalendars(
        index=np.asarray(index, dtype=np.int64),
        works=works,
        names=names,
        lag_calendar=None if lag_calendar is None else np.asarray(lag_calendar, dtype=np.int64),
        picked=picked or {},
        driving=driving,
    )
