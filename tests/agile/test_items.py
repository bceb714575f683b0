"""How a work item is read: category, start and done days, rank, an epic's items."""

from __future__ import annotations

import datetime as dt

import pytest

from steerco.agile.items import (
    category,
    done_on,
    epic_items,
    is_work,
    ranked,
    started_on,
    undated_done,
)
from steerco.errors import ProjectError
from steerco.formats.project_yaml import parse_project_yaml
from steerco.model.agile import Workflow, WorkItem

BOARD = Workflow.model_validate(
    [
        {"name": "Backlog", "category": "todo"},
        {"name": "Doing", "category": "in_progress"},
        {"name": "Review", "category": "in_progress", "waiting": True},
        {"name": "Done", "category": "done"},
    ]
)
D = dt.date


def item(**fields: object) -> WorkItem:
    return WorkItem.model_validate({"id": "ML-1", **fields})


def test_written_dates_without_status_give_the_category() -> None:
    assert category(item(), BOARD) == "todo"
    assert category(item(started="2027-03-02"), BOARD) == "in_progress"
    assert category(item(started="2027-03-02", done="2027-03-04"), BOARD) == "done"
    assert category(item(status="review", done="2027-03-04"), BOARD) == "in_progress"
    # no status written: the last change of its history says where it is
    moved = [{"date": "2027-03-01", "status": "Doing"}, {"date": "2027-03-03", "status": "Done"}]
    assert category(item(history=moved), BOARD) == "done"
    assert category(item(history=moved[:1], done="2027-03-04"), BOARD) == "in_progress"


def test_days_come_from_history_first_start_and_last_done() -> None:
    reopened = item(
        status="Done",
        history=[
            {"date": "2027-03-01", "status": "Doing"},
            {"date": "2027-03-03", "status": "Done"},
            {"date": "2027-03-04", "status": "Doing"},
            {"date": "2027-03-08", "status": "Done"},
        ],
    )
    assert started_on(reopened, BOARD) == D(2027, 3, 1)
    assert done_on(reopened, BOARD) == D(2027, 3, 8)
    # reopened and not done again: no done day, though it was done once
    back = reopened.revised(status="Doing")
    assert done_on(back, BOARD) is None
    assert started_on(back, BOARD) == D(2027, 3, 1)


def test_written_days_win_and_straight_to_done_starts_when_done() -> None:
    written = item(status="Done", started="2027-02-26", done="2027-03-09")
    assert (started_on(written, BOARD), done_on(written, BOARD)) == (D(2027, 2, 26), D(2027, 3, 9))
    straight = item(status="Done", history=[{"date": "2027-03-05", "status": "Done"}])
    assert started_on(straight, BOARD) == done_on(straight, BOARD) == D(2027, 3, 5)
    assert started_on(item(status="Backlog"), BOARD) is None


def test_rank_then_file_order() -> None:
    backlog = [
        item(id="a"),
        item(id="b", rank=2),
        item(id="c"),
        item(id="d", rank=1.5),
    ]
    assert [i.id for i in ranked(backlog)] == ["d", "b", "a", "c"]


def test_epic_items_at_any_depth_and_work_excludes_containers() -> None:
    backlog = [
        item(id="E1", type="epic"),
        item(id="S1", parent="E1"),
        item(id="T1", type="subtask", parent="S1"),
        item(id="S2"),
        item(id="E2", type="epic"),
        item(id="S3", parent="E2"),
    ]
    assert [i.id for i in epic_items(backlog, "E1")] == ["S1", "T1"]
    assert [i.id for i in backlog if is_work(i)] == ["S1", "S2", "S3"]


def test_done_per_whole_week_counts_work_on_its_done_day() -> None:
    from steerco.agile.throughput import done_per_period

    backlog = [
        item(id="a", done="2027-03-01"),  # Monday of week 0
        item(id="b", done="2027-03-07"),  # Sunday: still week 0
        item(id="c", done="2027-03-08"),  # week 1
        item(id="e", type="epic", done="2027-03-08"),  # an epic is no work
        item(id="t", type="subtask", done="2027-03-09"),  # nor a sub-task
        item(id="d", done="2027-03-15"),  # week 2 ends 03-21, after `end`: not counted
        item(id="x", status="Doing", done="2027-03-02"),  # not done: its day is not read
    ]
    weeks = done_per_period(backlog, BOARD, start=D(2027, 3, 1), end=D(2027, 3, 20))
    assert weeks.tolist() == [2, 1]
    days = done_per_period(backlog, BOARD, start=D(2027, 3, 7), end=D(2027, 3, 8), days=1)
    assert days.tolist() == [1, 1]


def test_an_item_carried_over_counts_for_the_sprint_it_was_done_in() -> None:
    from steerco.agile.sprints import completed_in, finished_sprints, in_sprint, points_of
    from steerco.model.agile import Sprint

    s1 = Sprint(id="S1", start=D(2027, 3, 1), end=D(2027, 3, 12))
    s2 = Sprint(id="S2", start=D(2027, 3, 15), end=D(2027, 3, 26))
    backlog = [
        item(id="a", points=3, sprints=["S1"], done="2027-03-12"),
        item(id="b", points=5, sprints=["S1", "S2"], done="2027-03-16"),
        item(id="c", points=2, sprints=["S1"], done="2027-03-13"),  # a day late: not in S1
        item(id="d", sprints=["S2"], done="2027-03-20"),  # no points
        item(id="t", type="subtask", points=1, sprints=["S2"], done="2027-03-20"),
    ]
    assert [i.id for i in in_sprint(backlog, s1)] == ["a", "b", "c"]
    assert [i.id for i in completed_in(backlog, BOARD, s1)] == ["a"]
    assert [i.id for i in completed_in(backlog, BOARD, s2)] == ["b", "d"]
    assert points_of(completed_in(backlog, BOARD, s2)) == 5.0
    assert [s.id for s in finished_sprints([s2, s1], D(2027, 3, 26))] == ["S1"]
    assert [s.id for s in finished_sprints([s2, s1], D(2027, 3, 27))] == ["S1", "S2"]


def test_an_item_done_before_its_history_starts_it_is_refused_at_that_move() -> None:
    # Done on 7 January, moved into In Progress on the 12th: the flow metrics counted a
    # cycle of -4 days and an item both done (throughput) and in progress (WIP, ageing).
    row = "  - {{id: {id}, status: Done, done: 2027-01-07, history: [{moves}]}}\n"
    early, late = (
        "{date: 2027-01-05, status: In Progress}",
        "{date: 2027-01-12, status: In Progress}",
    )
    head = "name: p\nstart: 2027-01-04\ntasks:\n  - {id: t, duration: 1}\nbacklog:\n"
    text = head + row.format(id="A1", moves=early) + row.format(id="A2", moves=late)
    with pytest.raises(ProjectError) as raised:
        parse_project_yaml(text, "p.yaml")
    [found] = raised.value.diagnostics
    assert (found.code, found.line, found.path) == (
        "finish_before_start",
        7,
        ("backlog", 1, "history", 0, "date"),
    )
    assert found.message == (
        "item 'A2' is done on 2027-01-07, but its history moves it into 'In Progress' on "
        "2027-01-12, after; fix the done day or the history"
    )
    # started before it was done, reopened after: its first start is before the done day
    again = head + row.format(id="A2", moves=f"{early}, {late}")
    assert len(parse_project_yaml(again, "p.yaml").backlog) == 1
    # done, then reopened and in progress now: no done day to be after (a review found
    # such a file refused)
    reopened = head + (
        "  - {id: A3, history: [{date: 2027-01-05, status: Done}, "
        "{date: 2027-01-08, status: In Progress}]}\n"
    )
    assert len(parse_project_yaml(reopened, "p.yaml").backlog) == 1


def test_a_done_item_on_no_known_day_is_warned_of() -> None:
    # Velocity counts an item in the sprint of its done day: with none it is left out,
    # while a release counts it done; validate says so, at the item.
    backlog = [
        item(status="Done"),
        WorkItem.model_validate({"id": "ML-2", "status": "Done", "done": "2027-03-04"}),
        WorkItem.model_validate({"id": "ML-3", "type": "epic", "status": "Done"}),
        WorkItem.model_validate({"id": "ML-4", "status": "Doing"}),
    ]
    [warned] = undated_done(backlog, BOARD)
    assert (warned.code, warned.path, warned.severity) == (
        "undated_done",
        ("backlog", 0, "status"),
        "warning",
    )
    assert warned.message.startswith("item 'ML-1' is done, but no day says when")
