"""Small hand-computed critical-path cases: one behaviour per test, arithmetic in comments.

Conventions: times are points on the working-time axis, EF = ES + d.
FS: ES_j >= EF_i + lag; SS: ES_j >= ES_i + lag; FF: EF_j >= EF_i + lag;
SF: EF_j >= ES_i + lag; nothing starts before 0. LF is capped by the makespan M and by
deadlines; TF = LS - ES; free float = min over outgoing links of (ES_j - link bound),
or M - EF without successors. A task works from the day of unit ES to the day of EF - 1;
a milestone falls on the day of ES - 1 (the day of unit 0 when ES = 0).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from steerco.model import Project
from steerco.schedule import compile_project, critical_path
from steerco.schedule.cpm import critical_chains
from steerco.schedule.plan import Schedule, ScheduledTask, schedule_cpm

# Monday 4 January 2027; with no country set, unit k is the k-th weekday from it:
# 0 Mon 4, 1 Tue 5, 2 Wed 6, 3 Thu 7, 4 Fri 8, 5 Mon 11, 6 Tue 12, ...
MONDAY = "2027-01-04"

TIMES = ("es", "ef", "ls", "lf", "total_float", "free_float")


def periods(*tasks: dict[str, Any]) -> Project:
    """A project counted in bare periods (no dates)."""
    return Project.model_validate({"name": "t", "unit": "period", "tasks": list(tasks)})


def days(*tasks: dict[str, Any], start: str = MONDAY, **extra: Any) -> Project:
    """A project in working days on a Monday-to-Friday calendar without public holidays."""
    return Project.model_validate({"name": "t", "start": start, "tasks": list(tasks), **extra})


def scheduled(project: Project) -> Schedule:
    return schedule_cpm(compile_project(project))


def rows(project: Project) -> dict[str, ScheduledTask]:
    return {row.id: row for row in scheduled(project).tasks()}


def times(row: ScheduledTask) -> tuple[int, ...]:
    """(es, ef, ls, lf, total_float, free_float) of a row."""
    return tuple(getattr(row, key) for key in TIMES)


# --- link types, lags and leads -------------------------------------------------------


def test_fs_chain_adds_durations() -> None:
    # a: 0..3; b: ES = EF_a = 3, EF = 3 + 4 = 7 = M. Both critical.
    got = rows(periods({"id": "a", "duration": 3}, {"id": "b", "duration": 4, "after": ["a"]}))
    assert times(got["a"]) == (0, 3, 0, 3, 0, 0)
    assert times(got["b"]) == (3, 7, 3, 7, 0, 0)
    assert got["a"].critical and got["b"].critical


def test_fs_lag_delays_successor_start() -> None:
    # a: 0..3, b: ES = 3 + 2 = 5, EF = 9. FF_a = ES_b - (EF_a + 2) = 0.
    got = rows(periods({"id": "a", "duration": 3}, {"id": "b", "duration": 4, "after": ["a FS+2"]}))
    assert times(got["a"]) == (0, 3, 0, 3, 0, 0)
    assert times(got["b"]) == (5, 9, 5, 9, 0, 0)


def test_ss_lag_shifts_successor_start() -> None:
    # b: ES = ES_a + 2 = 2, EF = 4; M = EF_a = 5.
    # b has no successor: LF_b = M = 5, LS_b = 3, TF_b = 1, FF_b = M - EF_b = 1.
    # a: LF_a = min(M, LS_b - 2 + d_a) = min(5, 3 - 2 + 5) = 5, TF_a = 0;
    #    FF_a = ES_b - (ES_a + 2) = 0.
    got = rows(periods({"id": "a", "duration": 5}, {"id": "b", "duration": 2, "after": ["a SS+2"]}))
    assert times(got["a"]) == (0, 5, 0, 5, 0, 0)
    assert times(got["b"]) == (2, 4, 3, 5, 1, 1)
    assert not got["b"].critical


def test_ss_without_lag_starts_together() -> None:
    # ES_b = ES_a + 0 = 0; b (7) is longer than a (2), so M = 7 and a may slip:
    # LF_a = min(7, LS_b - 0 + d_a) = min(7, 0 + 2) = 2, TF_a = 0.
    got = rows(periods({"id": "a", "duration": 2}, {"id": "b", "duration": 7, "after": ["a SS"]}))
    assert times(got["a"]) == (0, 2, 0, 2, 0, 0)
    assert times(got["b"]) == (0, 7, 0, 7, 0, 0)


def test_ff_lag_aligns_finishes() -> None:
    # EF_b >= EF_a + 1 = 6, so ES_b = 6 - 2 = 4; M = 6.
    # a: LF_a = min(M, LF_b - 1) = min(6, 5) = 5, LS_a = 0, TF_a = 0.
    got = rows(periods({"id": "a", "duration": 5}, {"id": "b", "duration": 2, "after": ["a FF+1"]}))
    assert times(got["a"]) == (0, 5, 0, 5, 0, 0)
    assert times(got["b"]) == (4, 6, 4, 6, 0, 0)


def test_ff_lead_lets_successor_finish_before_predecessor() -> None:
    # EF_b >= EF_a - 2 = 3, so ES_b = 3 - 2 = 1, EF_b = 3; M = EF_a = 5.
    # b: LF_b = M = 5, LS_b = 3, TF_b = 2, FF_b = M - EF_b = 2.
    # a: LF_a = min(5, LF_b + 2) = 5, TF_a = 0; FF_a = ES_b - (EF_a - 2 - d_b) = 1 - 1 = 0.
    got = rows(periods({"id": "a", "duration": 5}, {"id": "b", "duration": 2, "after": ["a FF-2"]}))
    assert times(got["a"]) == (0, 5, 0, 5, 0, 0)
    assert times(got["b"]) == (1, 3, 3, 5, 2, 2)


def test_sf_lag_bounds_successor_finish() -> None:
    # EF_b >= ES_a + 6 = 6, so ES_b = 6 - 4 = 2, EF_b = 6 = M.
    # a: LF_a = min(M, LF_b - 6 + d_a) = min(6, 6 - 6 + 3) = 3, LS_a = 0, TF_a = 0.
    got = rows(periods({"id": "a", "duration": 3}, {"id": "b", "duration": 4, "after": ["a SF+6"]}))
    assert times(got["a"]) == (0, 3, 0, 3, 0, 0)
    assert times(got["b"]) == (2, 6, 2, 6, 0, 0)
    assert got["a"].critical and got["b"].critical


def test_sf_short_lag_is_dominated_by_time_zero() -> None:
    # EF_b >= ES_a + 2 = 2 gives ES_b >= -2; nothing starts before 0, so ES_b = 0, EF_b = 4.
    # M = 4; a: LF_a = min(4, LF_b - 2 + 3) = 4, LS_a = 1, TF_a = 1.
    got = rows(periods({"id": "a", "duration": 3}, {"id": "b", "duration": 4, "after": ["a SF+2"]}))
    assert times(got["b"])[:5] == (0, 4, 0, 4, 0)
    assert times(got["a"])[:5] == (0, 3, 1, 4, 1)


def test_lead_cannot_start_before_zero() -> None:
    # ES_b >= EF_a - 5 = -3, but nothing starts before 0: ES_b = 0, EF_b = 3 = M.
    # a: LF_a = min(M, LS_b + 5) = min(3, 5) = 3, LS_a = 1, TF_a = 1.
    got = rows(periods({"id": "a", "duration": 2}, {"id": "b", "duration": 3, "after": ["a FS-5"]}))
    assert times(got["b"])[:5] == (0, 3, 0, 3, 0)
    assert times(got["a"])[:5] == (0, 2, 1, 3, 1)


def test_fs_lead_overlaps_tasks() -> None:
    # ES_b >= EF_a - 2 = 4, EF_b = 7 = M. a: LF_a = LS_b + 2 = 6, TF_a = 0.
    got = rows(periods({"id": "a", "duration": 6}, {"id": "b", "duration": 3, "after": ["a FS-2"]}))
    assert times(got["a"]) == (0, 6, 0, 6, 0, 0)
    assert times(got["b"]) == (4, 7, 4, 7, 0, 0)


def test_lag_in_weeks_counts_working_days() -> None:
    # 1w = 5 working days on a five-day week: ES_b = EF_a + 5 = 7.
    got = rows(days({"id": "a", "duration": 2}, {"id": "b", "duration": 1, "after": ["a FS+1w"]}))
    assert got["b"].es == 7
    assert got["b"].start == dt.date(2027, 1, 13)  # unit 7: Mon 11 is 5, Tue 6, Wed 7


def test_longest_predecessor_drives_start() -> None:
    # ES_c = max(EF_a, EF_b) = max(2, 5) = 5. a: LF_a = LS_c = 5, TF_a = 3, FF_a = 5 - 2 = 3.
    got = rows(
        periods(
            {"id": "a", "duration": 2},
            {"id": "b", "duration": 5},
            {"id": "c", "duration": 1, "after": ["a", "b"]},
        )
    )
    assert times(got["a"]) == (0, 2, 3, 5, 3, 3)
    assert times(got["b"]) == (0, 5, 0, 5, 0, 0)
    assert times(got["c"]) == (5, 6, 5, 6, 0, 0)


# --- free float -------------------------------------------------------------------------


def test_free_float_is_zero_when_successor_follows_at_once() -> None:
    # a(1) -> b(1) -> d(1); c(5) -> d. ES_b = 1, ES_d = max(2, 5) = 5, M = 6.
    # a: FF_a = ES_b - EF_a = 0 but TF_a = LS_a - ES_a = (LS_b - 1) - 0 = (4 - 1) - 0 = 3.
    # b: FF_b = ES_d - EF_b = 5 - 2 = 3 = TF_b.
    got = rows(
        periods(
            {"id": "a", "duration": 1},
            {"id": "b", "duration": 1, "after": ["a"]},
            {"id": "c", "duration": 5},
            {"id": "d", "duration": 1, "after": ["b", "c"]},
        )
    )
    assert (got["a"].total_float, got["a"].free_float) == (3, 0)
    assert (got["b"].total_float, got["b"].free_float) == (3, 3)
    assert (got["c"].total_float, got["c"].free_float) == (0, 0)


def test_free_float_of_a_task_without_successors_runs_to_the_makespan() -> None:
    # a(2) and b(5) independent: M = 5, FF_a = M - EF_a = 3 = TF_a.
    got = rows(periods({"id": "a", "duration": 2}, {"id": "b", "duration": 5}))
    assert (got["a"].total_float, got["a"].free_float) == (3, 3)
    assert (got["b"].total_float, got["b"].free_float) == (0, 0)


def test_free_float_takes_the_tightest_outgoing_link() -> None:
    # a(2) -> b (FS, ES_b = 2) and a -> c (FS+1, ES_c = 3); d(6) -> c gives ES_c = 6.
    # Slack on a->b: 2 - 2 = 0; on a->c: 6 - (2 + 1) = 3. FF_a = min(0, 3) = 0.
    got = rows(
        periods(
            {"id": "a", "duration": 2},
            {"id": "b", "duration": 1, "after": ["a"]},
            {"id": "d", "duration": 6},
            {"id": "c", "duration": 1, "after": ["a FS+1", "d"]},
        )
    )
    assert got["a"].free_float == 0
    assert got["c"].es == 6


# --- constraints ------------------------------------------------------------------------


def test_snet_delays_start() -> None:
    # Start no earlier than Wed 6 Jan = unit 2: ES_a = 2, EF_a = 5 (Mon 11 is unit 5).
    # b follows: ES_b = 5, EF_b = 6 = M. Both critical.
    got = rows(
        days(
            {"id": "a", "duration": 3, "start_no_earlier_than": "2027-01-06"},
            {"id": "b", "duration": 1, "after": ["a"]},
        )
    )
    assert times(got["a"]) == (2, 5, 2, 5, 0, 0)
    assert got["a"].start == dt.date(2027, 1, 6)
    assert got["a"].finish == dt.date(2027, 1, 8)  # day of unit EF - 1 = 4
    assert got["b"].start == dt.date(2027, 1, 11)


def test_snet_on_a_weekend_moves_to_next_working_day() -> None:
    # Saturday 9 Jan -> first working day on or after it: Mon 11 = unit 5.
    got = rows(days({"id": "a", "duration": 1, "start_no_earlier_than": "2027-01-09"}))
    assert got["a"].es == 5
    assert got["a"].start == dt.date(2027, 1, 11)


def test_snet_earlier_than_predecessor_has_no_effect() -> None:
    # ES_b = max(SNET unit 1, EF_a = 4) = 4.
    got = rows(
        days(
            {"id": "a", "duration": 4},
            {"id": "b", "duration": 1, "after": ["a"], "start_no_earlier_than": "2027-01-05"},
        )
    )
    assert got["b"].es == 4


def test_deadline_gives_negative_float() -> None:
    # b(2) -> a(5): EF_a = 7 = M. Deadline of a: end of Fri 8 Jan, i.e. time point 5.
    # a: LF_a = min(7, 5) = 5, LS_a = 0, TF_a = 0 - 2 = -2.
    # b: LF_b = LS_a = 0, LS_b = -2, TF_b = -2. Both critical.
    got = rows(
        days(
            {"id": "b", "duration": 2},
            {"id": "a", "duration": 5, "after": ["b"], "deadline": "2027-01-08"},
        )
    )
    assert times(got["a"])[:5] == (2, 7, 0, 5, -2)
    assert times(got["b"])[:5] == (0, 2, -2, 0, -2)
    assert got["a"].critical and got["b"].critical


def test_deadline_that_is_met_leaves_float() -> None:
    # a(2) with a deadline at the end of Fri 8 Jan (time point 5) and b(6) alongside: M = 6.
    # LF_a = min(6, 5) = 5, LS_a = 3, TF_a = 3.
    got = rows(
        days({"id": "a", "duration": 2, "deadline": "2027-01-08"}, {"id": "b", "duration": 6})
    )
    assert times(got["a"])[:5] == (0, 2, 3, 5, 3)


def test_finish_no_later_than_caps_late_finish_like_a_deadline() -> None:
    # FNLT end of Tue 5 Jan = time point 2 < EF = 3: LF = 2, LS = -1, TF = -1.
    got = rows(days({"id": "a", "duration": 3, "finish_no_later_than": "2027-01-05"}))
    assert times(got["a"])[:5] == (0, 3, -1, 2, -1)


def test_deadline_on_a_summary_caps_each_leaf() -> None:
    # Summary s holds x(2) and y(4); deadline end of Wed 6 Jan = time point 3; z(8) sets M = 8.
    # LF_x = min(8, 3) = 3, TF_x = 1; LF_y = 3, TF_y = 3 - 4 = -1.
    got = rows(
        days(
            {
                "id": "s",
                "deadline": "2027-01-06",
                "children": [{"id": "x", "duration": 2}, {"id": "y", "duration": 4}],
            },
            {"id": "z", "duration": 8},
        )
    )
    assert (got["x"].lf, got["x"].total_float) == (3, 1)
    assert (got["y"].lf, got["y"].total_float) == (3, -1)
    assert got["s"].total_float == -1


# --- summaries --------------------------------------------------------------------------


def test_link_to_summary_applies_to_all_leaves() -> None:
    # a(3) -> summary s = {x(2), y(4)}: ES_x = ES_y = 3.
    # s -> c: c follows both leaves, ES_c = max(EF_x, EF_y) = max(5, 7) = 7.
    got = rows(
        periods(
            {"id": "a", "duration": 3},
            {
                "id": "s",
                "after": ["a"],
                "children": [{"id": "x", "duration": 2}, {"id": "y", "duration": 4}],
            },
            {"id": "c", "duration": 1, "after": ["s"]},
        )
    )
    assert got["x"].es == 3
    assert got["y"].es == 3
    assert got["c"].es == 7
    network = compile_project(
        periods(
            {"id": "a", "duration": 3},
            {
                "id": "s",
                "after": ["a"],
                "children": [{"id": "x", "duration": 2}, {"id": "y", "duration": 4}],
            },
            {"id": "c", "duration": 1, "after": ["s"]},
        )
    )
    links = {
        (network.ids[s], network.ids[t])
        for s, t in zip(network.src.tolist(), network.dst.tolist(), strict=True)
    }
    assert links == {("a", "x"), ("a", "y"), ("x", "c"), ("y", "c")}


def test_ss_link_from_summary_applies_to_each_leaf() -> None:
    # s = {x(1), y(1) after x}: ES_x = 0, ES_y = 1. c after "s SS+2":
    # ES_c = max(ES_x + 2, ES_y + 2) = 3.
    got = rows(
        periods(
            {
                "id": "s",
                "children": [
                    {"id": "x", "duration": 1},
                    {"id": "y", "duration": 1, "after": ["x"]},
                ],
            },
            {"id": "c", "duration": 1, "after": ["s SS+2"]},
        )
    )
    assert got["c"].es == 3


def test_summary_rollup() -> None:
    # s = {x(2), y(4) after x}, z(3) alongside: ES_x = 0, EF_y = 6 = M.
    # t = {z}: z has TF 3, so t has TF 3. s: es = 0, ef = 6, ls = 0, lf = 6, floats 0.
    got = rows(
        days(
            {
                "id": "s",
                "children": [
                    {"id": "x", "duration": 2},
                    {"id": "y", "duration": 4, "after": ["x"]},
                ],
            },
            {"id": "t", "children": [{"id": "z", "duration": 3}]},
        )
    )
    assert got["s"].kind == "summary"
    assert times(got["s"]) == (0, 6, 0, 6, 0, 0)
    assert got["s"].critical
    assert (got["s"].start, got["s"].finish) == (dt.date(2027, 1, 4), dt.date(2027, 1, 11))
    assert times(got["t"]) == (0, 3, 3, 6, 3, 3)
    assert not got["t"].critical
    assert got["x"].parent == "s"
    assert got["z"].parent == "t"


def test_summary_rollup_takes_extremes_and_smallest_float() -> None:
    # s = {x(2) SNET unit 3, y(1)}; w(9) sets M = 9.
    # x: 3..5, LF 9, TF 4, FF 4; y: 0..1, LF 9, TF 8, FF 8.
    # s: es = min(3, 0) = 0, ef = max(5, 1) = 5, ls = min(7, 8) = 7, lf = max(9, 9) = 9,
    #    TF = min(4, 8) = 4, FF = min(4, 8) = 4.
    got = rows(
        days(
            {
                "id": "s",
                "children": [
                    {"id": "x", "duration": 2, "start_no_earlier_than": "2027-01-07"},
                    {"id": "y", "duration": 1},
                ],
            },
            {"id": "w", "duration": 9},
        )
    )
    assert times(got["x"]) == (3, 5, 7, 9, 4, 4)
    assert times(got["y"]) == (0, 1, 8, 9, 8, 8)
    assert times(got["s"]) == (0, 5, 7, 9, 4, 4)


def test_rows_list_summary_before_its_children_in_wbs_order() -> None:
    order = [
        row.id
        for row in scheduled(
            periods(
                {
                    "id": "s",
                    "children": [
                        {"id": "t", "children": [{"id": "x", "duration": 1}]},
                        {"id": "y", "duration": 1},
                    ],
                },
                {"id": "z", "duration": 1},
            )
        ).tasks()
    ]
    assert order == ["s", "t", "x", "y", "z"]


# --- critical paths ---------------------------------------------------------------------


def test_critical_paths_lists_every_path() -> None:
    # a(2) -> b(3) -> d(1) and a -> c(3) -> d: two chains of length 6, both critical.
    schedule = scheduled(
        periods(
            {"id": "a", "duration": 2},
            {"id": "b", "duration": 3, "after": ["a"]},
            {"id": "c", "duration": 3, "after": ["a"]},
            {"id": "d", "duration": 1, "after": ["b", "c"]},
        )
    )
    assert sorted(schedule.critical_path_ids()) == [["a", "b", "d"], ["a", "c", "d"]]
    assert schedule.makespan == 6


def test_critical_paths_lists_parallel_independent_chains() -> None:
    # a(2) -> b(2) and c(1) -> d(3): both chains take 4.
    schedule = scheduled(
        periods(
            {"id": "a", "duration": 2},
            {"id": "b", "duration": 2, "after": ["a"]},
            {"id": "c", "duration": 1},
            {"id": "d", "duration": 3, "after": ["c"]},
        )
    )
    assert sorted(schedule.critical_path_ids()) == [["a", "b"], ["c", "d"]]


def test_critical_path_skips_task_with_float() -> None:
    # a(1) -> c(1), b(4) -> c: only b -> c is critical.
    schedule = scheduled(
        periods(
            {"id": "a", "duration": 1},
            {"id": "b", "duration": 4},
            {"id": "c", "duration": 1, "after": ["a", "b"]},
        )
    )
    assert schedule.critical_path_ids() == [["b", "c"]]


def test_critical_paths_follow_ss_links() -> None:
    # a(3) -SS-> b(3); a -> c(2) and b -> c. ES_b = ES_a = 0, ES_c = max(3, 3) = 3, M = 5.
    # All three are critical and every link drives: paths a-b-c and a-c.
    schedule = scheduled(
        periods(
            {"id": "a", "duration": 3},
            {"id": "b", "duration": 3, "after": ["a SS"]},
            {"id": "c", "duration": 2, "after": ["a", "b"]},
        )
    )
    assert sorted(schedule.critical_path_ids()) == [["a", "b", "c"], ["a", "c"]]


def test_critical_path_skips_non_driving_link_between_critical_tasks() -> None:
    # a(2) -> b(2) -> d(1) and a -> d. ES_d = max(EF_b, EF_a) = max(4, 2) = 4: all critical,
    # but the link a -> d has 2 units of slack, so the only path is a-b-d.
    network = compile_project(
        periods(
            {"id": "a", "duration": 2},
            {"id": "b", "duration": 2, "after": ["a"]},
            {"id": "d", "duration": 1, "after": ["b", "a"]},
        )
    )
    result = critical_path(network)
    assert result.critical.tolist() == [True, True, True]
    assert critical_chains(network, result) == [[0, 1, 2]]


# --- milestones and dates ---------------------------------------------------------------


def test_milestone_date_is_predecessor_finish_day() -> None:
    # a(3) works Mon 4 to Wed 6 (units 0..2); m: ES = 3, date = day of unit 3 - 1 = Wed 6.
    got = rows(days({"id": "a", "duration": 3}, {"id": "m", "milestone": True, "after": ["a"]}))
    assert got["m"].kind == "milestone"
    assert (got["m"].es, got["m"].ef) == (3, 3)
    assert got["m"].start == got["m"].finish == dt.date(2027, 1, 6)
    assert got["a"].finish == dt.date(2027, 1, 6)


def test_milestone_after_a_friday_finish_stays_on_friday() -> None:
    # a(5) works Mon 4..Fri 8; m: ES = 5 (Mon 11) but its date is day of unit 4 = Fri 8.
    got = rows(days({"id": "a", "duration": 5}, {"id": "m", "milestone": True, "after": ["a"]}))
    assert got["m"].start == got["m"].finish == dt.date(2027, 1, 8)


def test_milestone_at_start_is_day_zero() -> None:
    # ES = 0: the milestone falls on the day of unit 0, the project's first working day.
    got = rows(days({"id": "m", "milestone": True}, {"id": "a", "duration": 2, "after": ["m"]}))
    assert (got["m"].es, got["m"].ef) == (0, 0)
    assert got["m"].start == got["m"].finish == dt.date(2027, 1, 4)
    assert got["a"].start == dt.date(2027, 1, 4)


def test_milestone_at_start_on_a_weekend_start_is_next_monday() -> None:
    # Project starts Saturday 2 Jan: unit 0 is Monday 4 Jan.
    got = rows(days({"id": "m", "milestone": True}, start="2027-01-02"))
    assert got["m"].start == dt.date(2027, 1, 4)


def test_task_finish_date_is_day_of_last_unit() -> None:
    # a(6) works units 0..5: Mon 4 .. Mon 11 (the weekend is skipped).
    got = rows(days({"id": "a", "duration": 6}))
    assert (got["a"].start, got["a"].finish) == (dt.date(2027, 1, 4), dt.date(2027, 1, 11))


def test_project_dates_span_first_to_last_working_day() -> None:
    schedule = scheduled(days({"id": "a", "duration": 6}))
    assert schedule.project_dates() == (dt.date(2027, 1, 4), dt.date(2027, 1, 11))


def test_period_project_reports_unit_numbers() -> None:
    # No calendar: start and finish are the time points es and ef themselves.
    got = rows(periods({"id": "a", "duration": 2}, {"id": "b", "duration": 3, "after": ["a"]}))
    assert (got["b"].start, got["b"].finish) == (2, 5)


def test_hour_units_spill_to_next_day() -> None:
    # 8-hour days: a(4h) 0..4, b(6h) 4..10; b's last unit 9 falls on day 1 (Tue 5).
    got = rows(
        days(
            {"id": "a", "duration": "4h"},
            {"id": "b", "duration": "6h", "after": ["a"]},
            unit="hour",
        )
    )
    assert (got["b"].es, got["b"].ef) == (4, 10)
    assert got["b"].start == dt.date(2027, 1, 4)
    assert got["b"].finish == dt.date(2027, 1, 5)


def test_day_durations_convert_to_hours_in_an_hour_project() -> None:
    # 1d = 8h: ES_b = 8 (Tue 5), EF_b = 8 + 4 = 12.
    got = rows(
        days({"id": "a", "duration": 1}, {"id": "b", "duration": "4h", "after": ["a"]}, unit="hour")
    )
    assert (got["b"].es, got["b"].ef) == (8, 12)
    assert got["b"].start == got["b"].finish == dt.date(2027, 1, 5)


def test_estimate_schedules_on_the_likely_value() -> None:
    got = rows(periods({"id": "a", "estimate": "2d..5d..9d"}))
    assert (got["a"].es, got["a"].ef) == (0, 5)


@pytest.mark.parametrize("count", [0, 1])
def test_empty_or_single_task_project(count: int) -> None:
    tasks = [{"id": "a", "duration": 4}][:count]
    schedule = scheduled(periods(*tasks))
    assert schedule.makespan == 4 * count
    assert [row.id for row in schedule.tasks()] == ["a"][:count]


def test_free_float_never_exceeds_total_float() -> None:
    # a: 0..2; b after a FS-5: ES_b = max(0, 2 - 5) = 0, EF_b = 3 = M.
    # LF_a = min(M = 3, LS_b + 5 = 5) = 3, TF_a = 1; link slack 0 - (2 - 5) = 3 is
    # more than a can use without moving the finish: free float = min(3, TF 1) = 1.
    got = rows(periods({"id": "a", "duration": 2}, {"id": "b", "duration": 3, "after": ["a FS-5"]}))
    assert times(got["a"]) == (0, 2, 1, 3, 1, 1)


def test_free_float_is_zero_when_total_float_is_negative() -> None:
    # a: 0..5 with a deadline at the end of Wed 6 (units up to it: 3) -> LF 3, TF -2.
    # b after a: 5..6 = M. Link slack 0, and the free float is never negative.
    got = rows(
        days(
            {"id": "a", "duration": 5, "deadline": "2027-01-06"},
            {"id": "b", "duration": 1, "after": ["a"]},
        )
    )
    assert got["a"].total_float == -2
    assert got["a"].free_float == 0


def test_milestone_start_no_earlier_than_falls_on_that_day() -> None:
    # SNET Wed 6 = unit 2; a milestone's date is the day of ES - 1, so ES = 3 and the
    # milestone shows on Wed 6; its successor starts Thu 7 (unit 3).
    got = rows(
        days(
            {"id": "m", "milestone": True, "start_no_earlier_than": "2027-01-06"},
            {"id": "b", "duration": 1, "after": ["m"]},
        )
    )
    assert (got["m"].es, got["m"].start) == (3, dt.date(2027, 1, 6))
    assert got["b"].start == dt.date(2027, 1, 7)


def test_milestone_start_no_earlier_than_the_first_day_stays_at_zero() -> None:
    # SNET on the first working day: ES stays 0 and the milestone shows on Mon 4.
    got = rows(days({"id": "m", "milestone": True, "start_no_earlier_than": MONDAY}))
    assert (got["m"].es, got["m"].start) == (0, dt.date(2027, 1, 4))


def test_a_levelled_pair_driven_twice_gives_each_critical_path_once() -> None:
    # b follows a by a link and by the hand-over of r: two driving links, one chain
    import steerco
    from steerco.formats.project_yaml import parse_project_yaml

    project = parse_project_yaml(
        """
name: twice
start: 2027-01-04
resources: [{id: r}]
tasks:
  - {id: a, duration: 2, demands: {r: 1}}
  - {id: b, duration: 3, after: [a], demands: {r: 1}}
  - {id: c, duration: 1, after: [b]}
"""
    )
    plan = steerco.schedule(project, method="heuristic")
    src, dst = plan.cpm.driving_src.tolist(), plan.cpm.driving_dst.tolist()
    assert len(list(zip(src, dst, strict=True))) > len(set(zip(src, dst, strict=True)))
    assert plan.critical_path_ids() == [["a", "b", "c"]]
