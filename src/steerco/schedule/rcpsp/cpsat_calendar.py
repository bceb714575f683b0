"""The CP-SAT model of a problem whose tasks work on calendars: start-dependent spans.

Each task's finish is an element of its finish table at its start, E_i = F_i[S_i], and
its interval [S_i, E_i) holds its resources, pauses included, as the calendar SGS does
(`calendar_sgs.py`, whose tables this model reads). S_i ranges over the starts its
calendar works where none of its resources is wholly away; a candidate for a staffing
choice adds its own days away, enforced only if it is chosen. A task whose one person is
picked works on that person's calendar (`TaskCalendars.picked`): per candidate m an
element E_im = F_im[S_i] on m's calendar, and E_i = E_im if x_m (start-dependent spans
through an element constraint per candidate). Links: S_j >= shift(X_i,
lag), or E_j >= it for links to the finish, with X_i = E_i (FS, FF) or S_i (SS, SF) and
the shift an element table when a working-time lag runs on the calendar-day axis.
Partial unavailability enters the cumulative constraints as fixed intervals.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from ortools.sat.python import cp_model

from steerco.schedule.network import link_flags
from steerco.schedule.rcpsp.calendar_sgs import CalendarTables, allowed_starts, calendar_tables
from steerco.schedule.rcpsp.problem import Choice, RcpspProblem
from steerco.schedule.worktime import TaskCalendars
from steerco.types import IntArray

__all__ = ["CalendarModel", "calendar_model"]


class CalendarModel:
    """Start and finish variables, intervals and staffing literals of the calendar model."""

    def __init__(self, model: cp_model.CpModel, problem: RcpspProblem, horizon: int) -> None:
        self.model = model
        self.problem = problem
        self.horizon = horizon
        self.tables: CalendarTables = calendar_tables(problem)
        cal = problem.network.calendars
        assert cal is not None
        self.cal: TaskCalendars = cal
        self.start: list[cp_model.IntVar] = []
        self.end: list[cp_model.IntVar] = []
        self.size: list[cp_model.IntVar] = []
        self.interval: list[cp_model.IntervalVar] = []
        self.chosen: list[list[cp_model.IntVar]] = []
        self.cost_terms: list[tuple[cp_model.IntVar, int]] = []
        ids = problem.resource_ids
        self.options_of: dict[int, list[Choice]] = {}
        for option in problem.choices:
            self.options_of.setdefault(option.task, []).append(option)
        self._tables: dict[tuple[int, int], tuple[IntArray, NDArray[np.bool_]]] = {}
        """Each staffed task's finish table and starts per candidate, made once."""
        self.by_pick: set[int] = {
            option.task
            for option in problem.choices
            if any((option.task, ids[k]) in cal.picked for k in option.candidates)
        }

    def tasks(self) -> None:
        """S_i over its allowed starts in [r_i, H]; E_i = F_i[S_i] <= H; interval [S_i, E_i)."""
        problem, model, horizon = self.problem, self.model, self.horizon
        for i in range(problem.size):
            release = int(problem.release[i])
            table = self.tables.finish[i][: horizon + 1]
            if i in self.by_pick and problem.duration[i] > 0:  # any candidate's starts
                allowed = self._pick_starts(i, horizon)
            else:
                allowed = self.tables.allowed[i][: horizon + 1] & (table <= horizon)
            allowed[:release] = False
            values = np.flatnonzero(allowed).tolist() or [release]
            start = model.new_int_var_from_domain(cp_model.Domain.from_values(values), f"s{i}")
            if problem.duration[i] == 0:
                end, size = start, model.new_constant(0)
            else:
                end = model.new_int_var(0, horizon, f"e{i}")
                if i not in self.by_pick:  # else one element per candidate (`staffing`)
                    model.add_element(start, table.tolist(), end)
                size = model.new_int_var(int(problem.duration[i]), horizon, f"d{i}")
                model.add(size == end - start)
            self.start.append(start)
            self.end.append(end)
            self.size.append(size)
            self.interval.append(model.new_interval_var(start, size, end, f"x{i}"))

    def links(self) -> None:
        """S_j >= shift(X_i, lag) (E_j >= it for links to the finish), X_i = E_i or S_i."""
        problem, model, cal = self.problem, self.model, self.cal
        net = problem.network
        a, b = link_flags(net.dep_type)
        on = cal.lag_on(np.arange(net.lag.size))
        t = np.arange(self.horizon + 1, dtype=np.float64)
        for e, (i, j) in enumerate(zip(net.src.tolist(), net.dst.tolist(), strict=True)):
            x = self.end[i] if a[e] else self.start[i]
            lag = float(net.lag[e])
            target = self.end[j] if b[e] else self.start[j]
            if on[e] < 0 or lag == 0:
                model.add(target >= x + round(lag))
                continue
            shifted = np.rint(cal.shift(t, np.float64(lag), on[e])).astype(np.int64)
            low, high = int(shifted.min()), int(shifted.max())
            y = model.new_int_var(low, high, f"lag{e}")
            model.add_element(x, shifted.tolist(), y)
            model.add(target >= y)

    def staffing(self) -> dict[int, list[tuple[cp_model.IntervalVar, int]]]:
        """sum_m x_cm = units_c; candidate m holds [S_i, E_i) iff x_cm, off its days away."""
        problem, model = self.problem, self.model
        optional: dict[int, list[tuple[cp_model.IntervalVar, int]]] = {}
        d = problem.duration.tolist()
        for c, option in enumerate(problem.choices):
            i = option.task
            present = [model.new_bool_var(f"p{c}_{m}") for m in range(len(option.candidates))]
            model.add(sum(present) == option.units)
            self.chosen.append(present)
            for m, k in enumerate(option.candidates):
                if d[i] > 0:
                    slot = model.new_optional_interval_var(
                        self.start[i], self.size[i], self.end[i], present[m], f"y{c}_{m}"
                    )
                    optional.setdefault(k, []).append((slot, int(problem.scale[k])))
                    if i in self.by_pick:
                        self._candidate_calendar(i, k, present[m])
                    else:
                        self._candidate_days(i, k, present[m])
                self.cost_terms.append((present[m], round(option.cost[m] * d[i])))
        return optional

    def _candidate_days(self, i: int, k: int, present: cp_model.IntVar) -> None:
        """If candidate k is chosen, task i works none of the units k is wholly away."""
        away = self.tables.away[k]
        if not away.any():
            return
        c = int(self.cal.index[i])
        ok = allowed_starts(self.cal, c, self.tables.finish[i], away, self.tables.horizon)
        values = np.flatnonzero(ok[: self.horizon + 1]).tolist()
        domain = cp_model.Domain.from_values(values)
        self.model.add_linear_expression_in_domain(self.start[i], domain).only_enforce_if(present)

    def _candidate_table(self, i: int, k: int) -> tuple[IntArray, NDArray[np.bool_]]:
        """Task i's finish for every start, and the starts it may take, when k is picked."""
        if (i, k) not in self._tables:
            self._tables[(i, k)] = self._new_candidate_table(i, k)
        return self._tables[(i, k)]

    def _new_candidate_table(self, i: int, k: int) -> tuple[IntArray, NDArray[np.bool_]]:
        """`_candidate_table`, computed."""
        horizon = self.horizon
        own = int(self.cal.index[i])
        c = self.cal.picked.get((i, self.problem.resource_ids[k]), own)
        if c == own:
            table = self.tables.finish[i][: horizon + 1]
            ok = self.tables.allowed[i][: horizon + 1]
        else:
            d = int(self.problem.duration[i])
            table = self.cal.spans(c, d, self.tables.horizon)[: horizon + 1]
            ok = allowed_starts(self.cal, c, table, self.tables.away[k], horizon)
        return table, ok & (table <= horizon)

    def _pick_starts(self, i: int, horizon: int) -> NDArray[np.bool_]:
        """The starts task i may take under some pick of its candidates (their union)."""
        starts = np.zeros(horizon + 1, dtype=bool)
        for option in self.options_of.get(i, []):
            for k in option.candidates:
                starts |= self._candidate_table(i, k)[1]
        return starts

    def _candidate_calendar(self, i: int, k: int, present: cp_model.IntVar) -> None:
        """If k is picked: S_i on a unit k's calendar works, E_i = F_ik[S_i] on that calendar.

        The start's domain is every candidate's starts (a person with a calendar of their
        own may work days the task's own calendar does not), so each pick is held to its own.
        """
        table, ok = self._candidate_table(i, k)
        domain = cp_model.Domain.from_values(np.flatnonzero(ok).tolist())
        self.model.add_linear_expression_in_domain(self.start[i], domain).only_enforce_if(present)
        end = self.model.new_int_var(0, int(table.max(initial=0)), f"e{i}_{k}")
        self.model.add_element(self.start[i], table.tolist(), end)
        self.model.add(self.end[i] == end).only_enforce_if(present)

    def capacity(self, optional: dict[int, list[tuple[cp_model.IntervalVar, int]]]) -> None:
        """Sum of q_ik over the spans holding k at t, plus partial unavailability, <= R_k."""
        problem, model = self.problem, self.model
        d = problem.duration
        for k in range(problem.resources):
            users = np.flatnonzero((problem.demand[:, k] > 0) & (d > 0)).tolist()
            extra = optional.get(k, [])
            if not users and not extra:
                continue
            intervals = [self.interval[i] for i in users] + [slot for slot, _ in extra]
            demands = [int(problem.demand[i, k]) for i in users] + [q for _, q in extra]
            for gap in problem.unavailable:
                partial = gap.units < problem.capacity[k]
                if gap.resource == k and gap.end > gap.start and partial:
                    size = gap.end - gap.start
                    intervals.append(model.new_fixed_size_interval_var(gap.start, size, f"gap{k}"))
                    demands.append(gap.units)
            model.add_cumulative(intervals, demands, int(problem.capacity[k]))

    def makespan(self, lower_bound: int) -> cp_model.IntVar:
        """C_max in [lower bound, H], C_max >= E_i for every task."""
        makespan = self.model.new_int_var(lower_bound, self.horizon, "makespan")
        for end in self.end:
            self.model.add(makespan >= end)
        return makespan

    def deadlines(self, hard: bool) -> list[cp_model.IntVar]:
        """L_i >= E_i - D_i, L_i in [0, H] per deadline D_i; E_i <= D_i when hard."""
        lateness: list[cp_model.IntVar] = []
        for i in np.flatnonzero(self.problem.due >= 0).tolist():
            due = int(self.problem.due[i])
            if hard:
                self.model.add(self.end[i] <= due)
            late = self.model.new_int_var(0, self.horizon, f"late{i}")
            self.model.add(late >= self.end[i] - due)
            lateness.append(late)
        return lateness


def calendar_model(model: cp_model.CpModel, problem: RcpspProblem, horizon: int) -> CalendarModel:
    """The calendar model's tasks, links, staffing and capacities, added to `model`."""
    built = CalendarModel(model, problem, horizon)
    built.tasks()
    built.links()
    optional = built.staffing()
    built.capacity(optional)
    return built
