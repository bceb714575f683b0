"""One heuristic run: the schedule budget, the clock and the best schedule found so far."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from steerco.schedule.rcpsp import calendar_compiled
from steerco.schedule.rcpsp import compiled as compiled_sgs
from steerco.schedule.rcpsp.justify import justify_batch
from steerco.schedule.rcpsp.kernel import KernelData, makespans, sgs_batch
from steerco.schedule.rcpsp.problem import RcpspProblem
from steerco.schedule.rcpsp.result import ScheduleResult, ScheduleStatus
from steerco.types import IntArray

if TYPE_CHECKING:
    from steerco.schedule.rcpsp.calendar_compiled import CalendarKernel
    from steerco.schedule.rcpsp.calendar_sgs import CalendarTables
    from steerco.schedule.rcpsp.incumbent import Incumbent

__all__ = ["Search"]


@dataclass
class Search:
    """One heuristic run: the budget in schedules, the clock, and the best schedule so far."""

    problem: RcpspProblem
    data: KernelData
    budget: int
    clock: float
    stop_at: float | None
    bound: int
    used: int = 0
    best_span: int = -1
    best_start: IntArray | None = None
    history: list[tuple[float, int, int]] = field(default_factory=list)
    tables: CalendarTables | None = None
    halt: threading.Event | None = None
    """Set by another thread to end the search at the next check."""
    incumbent: Incumbent | None = None
    """Shared with other searches: offered every new best, read by `outside`."""
    numpy_seconds: float = 0.0
    """Seconds spent in the NumPy kernel; past `COMPILE_AFTER` the compiled loop takes over."""
    calendar_seconds: float = 0.0
    """Seconds spent in Python calendar passes, and the lists they made (`calendar_lists`)."""
    calendar_lists: int = 0
    calendar_kernel: CalendarKernel | None = None
    """The compiled calendar loop's arrays, once this search has switched to it."""

    def done(self) -> bool:
        """True when the budget is spent, time is up, the bound is reached or halted."""
        if self.used >= self.budget or self.best_span == self.bound:
            return True
        if self.halt is not None and self.halt.is_set():
            return True
        return self.stop_at is not None and time.perf_counter() >= self.stop_at

    def outside(self) -> IntArray | None:
        """A schedule another search found shorter than the best here, made the best; else None."""
        if self.incumbent is None:
            return None
        found = self.incumbent.shorter_than(self.best_span)
        if found is None:
            return None
        self.record(found[0][None, :], np.array([found[1]], dtype=np.int64))
        return found[0]

    def result(self) -> ScheduleResult:
        """The best schedule so far as the run's result (one must have been recorded)."""
        if self.best_start is None:
            raise ValueError("no schedule recorded")
        span = self.best_span
        return ScheduleResult(
            status=ScheduleStatus.optimal if span <= self.bound else ScheduleStatus.feasible,
            method="heuristic",
            makespan=span,
            bound=min(self.bound, span),
            solve_seconds=time.perf_counter() - self.clock,
            start=self.best_start.astype(np.int64),
            objective=float(span),
            message=f"{self.used} schedules generated",
            history=self.history,
            schedules=self.used,
        )

    def record(self, start: IntArray, span: IntArray) -> None:
        """Keep the shortest row of `start` if it beats the best so far."""
        if not span.size:
            return
        best = int(np.argmin(span))
        if self.best_span < 0 or int(span[best]) < self.best_span:
            self.best_span = int(span[best])
            self.best_start = start[best].copy()
            self.history.append((time.perf_counter() - self.clock, self.best_span, self.bound))
            if self.incumbent is not None:
                self.incumbent.offer(self.best_start, self.best_span)

    def evaluate(
        self, lists: IntArray, profile: IntArray, cap: int, *, stop: bool = True
    ) -> tuple[IntArray, IntArray, IntArray, NDArray[np.bool_]]:
        """Serial SGS of every list, then double justification while the budget allows.

        Returns the (justified) lists, starts, makespans and which rows finished by `cap`.
        """
        data = self.data
        count = lists.shape[0]
        if self.problem.network.calendars is not None:
            return self._evaluate_calendars(lists)
        stop_at = self.stop_at if stop else None
        halt = self.halt if stop else None
        # Both kernels give the same schedules; the compiled one pays its load once.
        began = time.perf_counter()
        compiled = compiled_sgs.loaded() or (
            self.numpy_seconds >= compiled_sgs.COMPILE_AFTER
            and (stop_at is None or stop_at - began >= compiled_sgs.LOAD_SECONDS)
        )
        profiles = np.broadcast_to(profile, (count, *profile.shape)).copy()
        earliest = np.broadcast_to(data.release, (count, data.n))
        start, ok = sgs_batch(
            data, lists, earliest, data.forward, profiles, cap, stop_at, halt, compiled=compiled
        )
        span = makespans(data, start)
        self.used += count
        if ok.any():
            self.record(start[ok], span[ok])
        good = np.flatnonzero(ok)
        if good.size and self.used + 2 * good.size <= self.budget and not self.done():
            new_start, new_span, new_lists = justify_batch(
                data,
                lists[good],
                start[good],
                span[good],
                profile,
                cap,
                stop_at,
                halt,
                compiled=compiled,
            )
            lists = lists.copy()
            start[good], span[good], lists[good] = new_start, new_span, new_lists
            self.used += 2 * good.size
            self.record(new_start, new_span)
        if not compiled:
            self.numpy_seconds += time.perf_counter() - began
        return lists, start, span, ok

    def _calendar_switch(self) -> bool:
        """Whether to load the compiled calendar loop now.

        At once when this process has it; else when the lists left of the budget (or the
        time left, if shorter), at the pace of the Python passes so far, would take longer
        than loading it (`COMPILE_AFTER`), but not within `LOAD_SECONDS` of the deadline.
        """
        if self.calendar_lists < 0:
            return False
        if calendar_compiled.loaded():
            return True
        if self.calendar_lists == 0:
            return False
        now = time.perf_counter()
        left = self.calendar_seconds / self.calendar_lists * max(self.budget - self.used, 0)
        if self.stop_at is not None:
            if self.stop_at - now < compiled_sgs.LOAD_SECONDS:
                return False
            left = min(left, self.stop_at - now)
        return left >= compiled_sgs.COMPILE_AFTER

    def _evaluate_calendars(
        self, lists: IntArray
    ) -> tuple[IntArray, IntArray, IntArray, NDArray[np.bool_]]:
        """Serial SGS of every list on task calendars (`calendar_sgs`), without justification."""
        from steerco.schedule.rcpsp.calendar_sgs import calendar_sgs_batch, calendar_tables

        if self.tables is None:
            self.tables = calendar_tables(self.problem)
        if self.calendar_kernel is None and self._calendar_switch():
            self.calendar_kernel = calendar_compiled.pack(self.problem, self.tables)
            self.calendar_lists = -1  # packed or too large: decided once
        began = time.perf_counter()
        start, ok = calendar_sgs_batch(self.problem, lists, self.tables, self.calendar_kernel)
        if self.calendar_kernel is None and self.calendar_lists >= 0:
            self.calendar_seconds += time.perf_counter() - began
            self.calendar_lists += lists.shape[0]
        span = self.problem.finishes(start).max(axis=1, initial=0)
        self.used += lists.shape[0]
        if ok.any():
            self.record(start[ok], span[ok])
        return lists, start, span, ok
