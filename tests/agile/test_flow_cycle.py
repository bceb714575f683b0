"""Cycle time, its discrete percentiles and flow efficiency, on boards computed by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from steerco.agile.cycle import cycle_times, flow_efficiency, percentile
from steerco.agile.flow import flow_metrics
from steerco.model.agile import Workflow, WorkItem

PLAIN = Workflow()  # To Do, In Progress, Done; nothing waiting
WAITING = Workflow.model_validate(
    [
        {"name": "To Do", "category": "todo"},
        {"name": "Dev", "category": "in_progress"},
        {"name": "Review", "category": "in_progress", "waiting": True},
        {"name": "Done", "category": "done"},
    ]
)
START, END = dt.date(2027, 3, 1), dt.date(2027, 3, 31)


def d(day: int) -> dt.date:
    """2027-03-DAY."""
    return dt.date(2027, 3, day)


def done_item(key: str, days: int, done: int = 25, **more: object) -> WorkItem:
    """An item done on 03-DONE that took `days` calendar days (started done - days + 1)."""
    finish = d(done)
    begin = finish - dt.timedelta(days=days - 1)
    return WorkItem.model_validate(
        {"id": key, "status": "Done", "started": begin, "done": finish, **more}
    )


# Cycle times of ten items, given out of order; sorted: 1 2 2 3 4 5 5 8 13 20 (sum 63).
TEN = [20, 2, 5, 1, 13, 4, 2, 8, 3, 5]


def test_cycle_time_counts_both_ends() -> None:
    # started 03-03, done 03-07: 3, 4, 5, 6, 7 = 5 days; same day: 1 day
    cycles = cycle_times(
        [done_item("a", 5, done=7), done_item("b", 1, done=9)], PLAIN, start=START, end=END
    )
    assert [(c.id, c.started, c.days) for c in cycles] == [("a", d(3), 5), ("b", d(9), 1)]


def test_percentiles_of_ten_items_are_discrete() -> None:
    # n = 10: P50 = element ceil(10*50/100) - 1 = 4 -> 4; P85: ceil(8.5) - 1 = 8 -> 13;
    # P95: ceil(9.5) - 1 = 9 -> 20. Mean 63 / 10 = 6.3.
    backlog = [done_item(f"i{k}", days) for k, days in enumerate(TEN)]
    metrics = flow_metrics(backlog, PLAIN, start=START, end=END)
    assert metrics.cycle.percentiles == {50: 4, 85: 13, 95: 20}
    assert metrics.cycle.count == 10
    assert metrics.cycle.mean == pytest.approx(6.3)
    assert metrics.cycle.reason is None


@pytest.mark.parametrize(
    ("values", "q", "expected"),
    [
        ([2, 4, 9], 50, 4),  # ceil(1.5) - 1 = 1
        ([2, 4, 9], 85, 9),  # ceil(2.55) - 1 = 2
        ([2, 4, 9], 33, 2),  # ceil(0.99) - 1 = 0
        ([2, 4, 9], 34, 4),  # ceil(1.02) - 1 = 1: 1 of 3 items is only 33%
        ([7], 95, 7),
        ([1, 2, 3, 4], 50, 2),  # exactly half within 2
    ],
)
def test_percentile_is_the_fewest_days_at_least_q_percent_finished_within(
    values: list[int], q: int, expected: int
) -> None:
    assert percentile(values, q) == expected


def test_items_done_outside_the_window_do_not_count() -> None:
    backlog = [done_item("in", 3, done=10), done_item("before", 2, done=9)]
    cycles = cycle_times(backlog, PLAIN, start=d(10), end=d(20))
    assert [c.id for c in cycles] == ["in"]


def test_no_done_item_leaves_the_percentiles_unknown_and_says_why() -> None:
    backlog = [WorkItem.model_validate({"id": "a", "status": "In Progress", "started": d(2)})]
    metrics = flow_metrics(backlog, PLAIN, start=d(1), end=d(7))
    assert metrics.cycle.percentiles == {}
    assert (metrics.cycle.count, metrics.cycle.mean) == (0, None)
    assert metrics.cycle.reason == "no item was done from 2027-03-01 through 2027-03-07"
    # the in-progress item's age is known; no percentile to be beyond
    assert [(a.id, a.age, a.beyond) for a in metrics.aging] == [("a", 6, None)]


def test_flow_efficiency_with_a_blocked_span_and_a_waiting_column() -> None:
    # E: Dev 03-01, Review 03-04, Dev 03-06, Done 03-08; blocked 03-02 and 03-05.
    #    cycle 03-01..03-08 = 8 days; inactive: 03-02 (blocked), 03-04 and 03-05 (Review;
    #    03-05 also blocked, counted once) = 3; active 5; efficiency 5/8 = 0.625.
    # F: no history, started 03-03, done 03-04, blocked from 03-04 (open): cycle 2 days,
    #    inactive 03-04 = 1; active 1; 0.5.
    # G: no history, no blocked span, in a workflow with a waiting status: unknown.
    # Overall: (5 + 1) / (8 + 2) = 0.6 over 2 items.
    e = WorkItem.model_validate(
        {
            "id": "E",
            "status": "Done",
            "history": [
                {"date": d(1), "status": "Dev"},
                {"date": d(4), "status": "Review"},
                {"date": d(6), "status": "Dev"},
                {"date": d(8), "status": "Done"},
            ],
            "blocked": [{"start": d(2), "end": d(2)}, {"start": d(5), "end": d(5)}],
        }
    )
    f = WorkItem.model_validate(
        {"id": "F", "status": "Done", "started": d(3), "done": d(4), "blocked": [{"start": d(4)}]}
    )
    g = WorkItem.model_validate({"id": "G", "status": "Done", "started": d(2), "done": d(3)})
    cycles = cycle_times([e, f, g], WAITING, start=START, end=END)
    by_id = {c.id: c for c in cycles}
    assert (by_id["E"].days, by_id["E"].active_days, by_id["E"].efficiency) == (8, 5, 0.625)
    assert (by_id["F"].days, by_id["F"].active_days, by_id["F"].efficiency) == (2, 1, 0.5)
    assert by_id["G"].active_days is None and by_id["G"].efficiency is None
    assert by_id["G"].note is not None and "history" in by_id["G"].note
    overall = flow_efficiency(cycles, [e, f, g], WAITING)
    assert (overall.active_days, overall.days, overall.items) == (6, 10, 2)
    assert overall.value == pytest.approx(0.6)


def test_without_blocked_spans_or_waiting_statuses_flow_efficiency_is_unknown() -> None:
    backlog = [done_item("a", 3)]
    cycles = cycle_times(backlog, PLAIN, start=START, end=END)
    overall = flow_efficiency(cycles, backlog, PLAIN)
    assert overall.value is None
    assert overall.reason == "no item records a blocked span and no status is marked waiting: true"


def test_an_unblocked_item_is_fully_active_when_blocks_are_recorded_elsewhere() -> None:
    # a: 4 days, blocked 2 of them -> 2 active; b: 2 days, never blocked -> 2 active.
    # overall (2 + 2) / (4 + 2) = 2/3
    a = done_item("a", 4, done=10, blocked=[{"start": d(8), "end": d(9)}])
    b = done_item("b", 2, done=10)
    cycles = cycle_times([a, b], PLAIN, start=START, end=END)
    assert [c.active_days for c in cycles] == [2, 2]
    assert flow_efficiency(cycles, [a, b], PLAIN).value == pytest.approx(2 / 3)
