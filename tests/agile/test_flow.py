"""Throughput, WIP against limits and aging (`agile.flow`), by hand; invariants by hypothesis."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from steerco.agile.board import status_on, statuses_over, timeline
from steerco.agile.flow import flow_metrics
from steerco.model.agile import Workflow, WorkItem

WORKFLOW = Workflow.model_validate(
    [
        {"name": "To Do", "category": "todo"},
        {"name": "Doing", "category": "in_progress", "wip_limit": 2},
        {"name": "Review", "category": "in_progress", "wip_limit": 1, "waiting": True},
        {"name": "Done", "category": "done"},
    ]
)


def d(day: int) -> dt.date:
    """2027-03-DAY (day 0 is 2027-02-28)."""
    return dt.date(2027, 3, 1) + dt.timedelta(days=day - 1)


def done_on(key: str, day: int, **more: object) -> WorkItem:
    return WorkItem.model_validate(
        {"id": key, "status": "Done", "started": d(day), "done": d(day), **more}
    )


def test_throughput_per_day_and_per_whole_week_ending_on_the_as_of_date() -> None:
    # Window 03-01 .. 03-16 = 16 days; 16 % 7 = 2, so the whole weeks are 03-03..03-09 and
    # 03-10..03-16, and 03-01, 03-02 count in the daily figures only.
    # Done: 03-01, 03-02, 03-03, 03-09 (x2), 03-10, 03-16 in the window; 02-28 and 03-17
    # outside; a sub-task and an epic done on 03-10 are not work.
    # Weeks: [03-03, 03-09, 03-09] = 3, [03-10, 03-16] = 2; days total 7.
    days = [1, 2, 3, 9, 9, 10, 16, 0, 17]
    backlog = [done_on(f"i{k}", day) for k, day in enumerate(days)]
    backlog += [done_on("sub", 10, type="subtask"), done_on("epic", 10, type="epic")]
    metrics = flow_metrics(backlog, WORKFLOW, start=d(1), end=d(16))
    expected = [0] * 16
    for day in (1, 2, 3, 9, 9, 10, 16):
        expected[day - 1] += 1
    assert list(metrics.per_day) == expected
    assert [(w.start, w.end, w.count) for w in metrics.weeks] == [
        (d(3), d(9), 3),
        (d(10), d(16), 2),
    ]


def test_wip_over_its_limit_on_the_as_of_date_is_a_violation() -> None:
    # As of 03-05: Doing holds a, b, c (3 > limit 2) -> over; Review holds d (1 = limit) ->
    # not over. Doing held a, b on 03-02 .. 03-03 (2), and a, b, c from 03-04 (c started
    # 03-04): over on 03-04 and 03-05.
    backlog = [
        WorkItem.model_validate({"id": "a", "status": "Doing", "started": d(2)}),
        WorkItem.model_validate({"id": "b", "status": "Doing", "started": d(1)}),
        WorkItem.model_validate({"id": "c", "status": "Doing", "created": d(1), "started": d(4)}),
        WorkItem.model_validate({"id": "d", "status": "Review", "started": d(3)}),
        WorkItem.model_validate({"id": "e", "status": "Done", "started": d(1), "done": d(2)}),
    ]
    metrics = flow_metrics(backlog, WORKFLOW, start=d(1), end=d(5))
    wip = {w.status.name: w for w in metrics.wip}
    assert (wip["Doing"].count, wip["Doing"].over) == (3, True)
    assert wip["Doing"].days_over == (d(4), d(5))
    assert (wip["Review"].count, wip["Review"].over, wip["Review"].days_over) == (1, False, ())
    assert (wip["To Do"].count, wip["To Do"].over) == (0, False)  # c left To Do on 03-04
    assert wip["Done"].count == 1


def test_aging_compares_each_age_with_the_cycle_time_percentiles() -> None:
    # Ten items done on 03-25 with cycle times 1 2 2 3 4 5 5 8 13 20: P50 4, P85 13, P95 20.
    # As of 03-31, in progress since (age = 31 - day + 1):
    #   p3 03-29 -> 3 (within P50); p4 03-28 -> 4 (not above P50: within);
    #   p5 03-27 -> 5 (> 4: beyond 50); p14 03-18 -> 14 (> 13: 85); p21 03-11 -> 21 (> 20: 95)
    done = [(20, 25), (2, 25), (5, 25), (1, 25), (13, 25), (4, 25), (2, 25), (8, 25)]
    done += [(3, 25), (5, 25)]
    backlog = [
        WorkItem.model_validate(
            {"id": f"d{k}", "status": "Done", "started": d(end - days + 1), "done": d(end)}
        )
        for k, (days, end) in enumerate(done)
    ]
    started = {"p3": 29, "p4": 28, "p5": 27, "p14": 18, "p21": 11}
    backlog += [
        WorkItem.model_validate({"id": key, "status": "Doing", "started": d(day)})
        for key, day in started.items()
    ]
    metrics = flow_metrics(backlog, WORKFLOW, start=d(1), end=d(31))
    assert metrics.cycle.percentiles == {50: 4, 85: 13, 95: 20}
    assert [(a.id, a.age, a.beyond) for a in metrics.aging] == [
        ("p21", 21, 95),
        ("p14", 14, 85),
        ("p5", 5, 50),
        ("p4", 4, None),
        ("p3", 3, None),
    ]


def test_a_window_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(ValueError, match="before it starts"):
        flow_metrics([], WORKFLOW, start=d(5), end=d(4))


# ---- invariants -----------------------------------------------------------------------

NAMES = [s.name for s in WORKFLOW.statuses]


@st.composite
def boards(draw: st.DrawFn, *, some_undated: bool = False) -> list[WorkItem]:
    """Items created on day 1..20 of March, some with a history, some placed by their days.

    `some_undated`: some items have no `created` day.
    """
    items = []
    for k in range(draw(st.integers(0, 12))):
        created = draw(st.integers(1, 20))
        kind = draw(st.sampled_from(["story", "bug", "epic", "subtask"]))
        fields: dict[str, object] = {"id": f"i{k}", "type": kind, "created": d(created)}
        if draw(st.booleans()):
            days = sorted(draw(st.lists(st.integers(created, 25), min_size=1, max_size=5)))
            statuses = draw(st.lists(st.sampled_from(NAMES), min_size=len(days)))
            fields["history"] = [
                {"date": d(day), "status": s} for day, s in zip(days, statuses, strict=False)
            ]
            fields["status"] = statuses[len(days) - 1]
        else:
            start = draw(st.none() | st.integers(created, 25))
            done = None if start is None else draw(st.none() | st.integers(start, 25))
            fields.update(started=None if start is None else d(start))
            fields.update(done=None if done is None else d(done))
        if some_undated and draw(st.booleans()):
            del fields["created"]
        items.append(WorkItem.model_validate(fields))
    return items


@settings(max_examples=60, deadline=None)
@given(boards(), st.integers(1, 25), st.integers(0, 10))
def test_each_day_of_the_cfd_counts_every_work_item_created_by_then_once(
    backlog: list[WorkItem], end: int, length: int
) -> None:
    start = max(0, end - length)
    metrics = flow_metrics(backlog, WORKFLOW, start=d(start), end=d(end))
    work = [i for i in backlog if i.type not in {"epic", "subtask"}]
    for day, counts in zip(metrics.days, metrics.cfd, strict=True):
        assert sum(counts) == sum(1 for i in work if i.created is not None and i.created <= day)


@settings(max_examples=60, deadline=None)
@given(boards(), st.integers(1, 25), st.integers(0, 30))
def test_throughput_totals_equal_the_work_items_done_in_the_window(
    backlog: list[WorkItem], end: int, length: int
) -> None:
    start = max(0, end - length)
    metrics = flow_metrics(backlog, WORKFLOW, start=d(start), end=d(end))
    placed = [i for i in backlog if not i.history and i.type not in {"epic", "subtask"}]
    # items without history are done on their `done` day: count them by hand
    done = sum(1 for i in placed if i.done is not None and d(start) <= i.done <= d(end))
    with_history = [i for i in backlog if i.history and i.type not in {"epic", "subtask"}]
    history_done = 0
    for i in with_history:
        if i.status == "Done":
            day = [c.date for c in i.history if c.status == "Done"][-1]
            history_done += d(start) <= day <= d(end)
    assert sum(metrics.per_day) == done + history_done
    assert sum(metrics.per_day) == metrics.cycle.count
    # whole weeks end on the as-of date: their days are the window's last 7 * weeks days
    weekly = sum(metrics.per_day[len(metrics.per_day) - 7 * len(metrics.weeks) :])
    assert sum(w.count for w in metrics.weeks) == weekly


@settings(max_examples=60, deadline=None)
@given(boards(some_undated=True), st.integers(1, 25), st.integers(0, 30))
def test_the_cfd_counts_the_status_each_item_was_in_on_each_day(
    backlog: list[WorkItem], end: int, length: int
) -> None:
    # reference: ask every work item its status on every day, one day at a time
    start = max(0, end - length)
    metrics = flow_metrics(backlog, WORKFLOW, start=d(start), end=d(end))
    lines = [timeline(i, WORKFLOW) for i in backlog if i.type not in {"epic", "subtask"}]
    for day, counts in zip(metrics.days, metrics.cfd, strict=True):
        on = [status_on(line, day) for line in lines]
        assert counts == tuple(on.count(name) for name in NAMES)
    for line in lines:
        assert statuses_over(line, metrics.days) == [status_on(line, x) for x in metrics.days]
