"""The board replayed day by day (`agile.board`), checked on boards computed by hand."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from steerco.agile.board import days_of, status_on, timeline
from steerco.agile.flow import flow_metrics
from steerco.formats.loader import load_project
from steerco.model.agile import Workflow, WorkItem

BOARD = Path(__file__).parents[1] / "data" / "agile" / "reopened_board.yaml"
WORKFLOW = Workflow.model_validate(
    [
        {"name": "To Do", "category": "todo"},
        {"name": "Doing", "category": "in_progress"},
        {"name": "Review", "category": "in_progress", "waiting": True},
        {"name": "Done", "category": "done"},
    ]
)


def d(day: int) -> dt.date:
    """2027-03-DAY."""
    return dt.date(2027, 3, day)


def item(**fields: object) -> WorkItem:
    return WorkItem.model_validate({"id": "X", **fields})


def statuses(work: WorkItem, first: int, last: int) -> list[str | None]:
    line = timeline(work, WORKFLOW)
    return [status_on(line, day) for day in days_of(d(first), d(last))]


def test_history_places_the_item_in_its_last_change_on_or_before_each_day() -> None:
    # created 03-02 in To Do; Doing 03-03; Review 03-05; Done 03-06; before 03-02: off the board
    work = item(
        status="Done",
        created=d(2),
        history=[
            {"date": d(3), "status": "doing"},  # any case: the workflow's spelling comes back
            {"date": d(5), "status": "Review"},
            {"date": d(6), "status": "Done"},
        ],
    )
    assert statuses(work, 1, 7) == [None, "To Do", "Doing", "Doing", "Review", "Done", "Done"]


def test_history_without_created_comes_onto_the_board_on_its_first_change() -> None:
    work = item(status="Doing", history=[{"date": d(3), "status": "Doing"}])
    assert statuses(work, 2, 4) == [None, "Doing", "Doing"]


def test_done_day_after_the_last_change_moves_the_item_into_its_written_status() -> None:
    # the history stops at Doing 03-02 but the item is Done on 03-04: Done from 03-04
    work = item(status="Done", done=d(4), history=[{"date": d(2), "status": "Doing"}])
    assert statuses(work, 1, 5) == [None, "Doing", "Doing", "Done", "Done"]


def test_without_history_a_done_item_is_placed_by_its_days() -> None:
    # To Do from created 03-01, the first in-progress status (Doing) from 03-03, Done 03-05
    work = item(status="Done", created=d(1), started=d(3), done=d(5))
    assert statuses(work, 1, 6) == ["To Do", "To Do", "Doing", "Doing", "Done", "Done"]


def test_without_history_an_in_progress_item_enters_its_own_status_on_its_start() -> None:
    work = item(status="Review", created=d(2), started=d(4))
    assert statuses(work, 1, 5) == [None, "To Do", "To Do", "Review", "Review"]


def test_an_item_with_no_day_is_in_its_status_every_day() -> None:
    assert statuses(item(status="Review"), 1, 3) == ["Review"] * 3
    assert statuses(item(), 1, 2) == ["To Do"] * 2


def test_an_item_done_the_day_it_started_goes_straight_to_done() -> None:
    work = item(created=d(1), started=d(3), done=d(3))  # no status written: done by its day
    assert statuses(work, 2, 4) == ["To Do", "Done", "Done"]


def test_cfd_of_a_four_item_board_with_a_reopened_item_day_by_day() -> None:
    # The hand computation is in the file's comments: (To Do, Doing, Done) per day.
    project = load_project(BOARD)
    metrics = flow_metrics(project.backlog, project.workflow, start=d(1), end=d(7))
    assert metrics.items == 4  # the epic is not work
    assert list(metrics.cfd) == [
        (2, 0, 0),
        (2, 1, 0),
        (1, 2, 0),
        (0, 2, 1),
        (0, 2, 1),
        (1, 1, 2),
        (1, 1, 2),
    ]
    doing = metrics.wip[1]
    assert (doing.count, doing.over) == (1, False)
    assert doing.days_over == (d(3), d(4), d(5))
    # A counts once, on its last change into Done (03-06); C on 03-05
    assert metrics.per_day == (0, 0, 0, 0, 1, 1, 0)
    # A: 03-02 .. 03-06 = 5 days; C: 03-04 .. 03-05 = 2 days
    assert [(c.id, c.days) for c in metrics.cycles] == [("C", 2), ("A", 5)]


def test_an_item_started_without_a_status_in_a_workflow_without_in_progress_status() -> None:
    # no in-progress column: the item stays in the initial status (no status to move into)
    workflow = Workflow.model_validate(
        [{"name": "Backlog", "category": "todo"}, {"name": "Shipped", "category": "done"}]
    )
    work = item(created=d(1), started=d(2))
    line = timeline(work, workflow)
    assert [status_on(line, day) for day in days_of(d(1), d(3))] == ["Backlog"] * 3
