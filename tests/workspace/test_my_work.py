"""My work's use cases: my projects, my tasks by week from a schedule's JSON (both backends)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from steerco.app.workspace.context import Principal, Role, Workspace
from steerco.app.workspace.edits import record_task_progress
from steerco.app.workspace.errors import ForbiddenError, NotFoundError
from steerco.app.workspace.my_work import (
    my_projects,
    my_tasks,
    planned_dates,
    task_progress,
    week_start,
)
from steerco.app.workspace.projects import push_project
from workspace.projects_support import PLAN, member, user

# PLAN: design (ana), build > code (bo), test (ana), ship; ana's leaves are design and test.
MONDAY = dt.date(2027, 1, 11)


def _schedule(**dates: tuple[str, str]) -> str:
    """A schedule job's JSON with these tasks' start and finish dates."""
    tasks = [
        {"id": key, "start": start, "finish": finish, "critical": key == "test"}
        for key, (start, finish) in dates.items()
    ]
    return json.dumps({"project": "p", "tasks": tasks})


def _team(workspace: Workspace) -> tuple[Principal, Principal, Principal]:
    ann, ana, cleo = user(workspace, "ann"), user(workspace, "ana"), user(workspace, "cleo")
    push_project(workspace=workspace, principal=ann, text=PLAN, file_name="p.yaml")
    member(workspace, "p", ana, Role.member, resource="ana")
    member(workspace, "p", cleo, Role.client, resource="bo")  # a client records nothing
    return ann, ana, cleo


def test_week_start_is_the_monday() -> None:
    assert week_start(dt.date(2027, 1, 17)) == MONDAY  # a Sunday
    assert week_start(MONDAY) == MONDAY


def test_planned_dates_need_calendar_dates() -> None:
    assert planned_dates(None) == {} and planned_dates("not json") == {}
    periods = json.dumps({"tasks": [{"id": "a", "start": 0, "finish": 3}]})  # a PSPLIB plan
    assert planned_dates(periods) == {}
    dated = planned_dates(_schedule(test=("2027-01-11", "2027-01-12")))
    assert dated["test"].start == MONDAY and dated["test"].critical


@pytest.mark.parametrize(
    ("design", "test", "listed"),
    [
        # Both inclusive: a task ending on this Monday, or starting on next Sunday, counts.
        (("2027-01-04", "2027-01-11"), ("2027-01-24", "2027-01-26"), ["design", "test"]),
        (("2027-01-04", "2027-01-08"), ("2027-01-25", "2027-01-26"), []),
        (("2027-01-18", "2027-01-19"), ("2027-01-12", "2027-01-13"), ["test", "design"]),
    ],
)
def test_my_tasks_are_those_of_my_resource_in_the_two_weeks(
    workspace: Workspace, design: tuple[str, str], test: tuple[str, str], listed: list[str]
) -> None:
    _, ana, _ = _team(workspace)
    schedule = _schedule(design=design, code=("2027-01-11", "2027-01-15"), test=test)
    mine = my_tasks(workspace=workspace, principal=ana, project="p", week=MONDAY, schedule=schedule)
    assert [t.id for t in mine.tasks] == listed  # never code: it demands bo
    assert mine.resource == "ana" and mine.revision == 1 and mine.scheduled


def test_started_tasks_come_first_and_finished_ones_go(workspace: Workspace) -> None:
    _, ana, _ = _team(workspace)
    record_task_progress(
        workspace=workspace,
        principal=ana,
        project="p",
        task="design",
        percent=50,
        date=dt.date(2027, 1, 5),
    )
    schedule = _schedule(design=("2027-01-04", "2027-01-06"), test=("2027-01-12", "2027-01-13"))
    mine = my_tasks(workspace=workspace, principal=ana, project="p", week=MONDAY, schedule=schedule)
    assert [(t.id, t.when) for t in mine.tasks] == [("design", "started"), ("test", "this week")]
    assert mine.tasks[0].progress.percent == 50 and mine.revision == 2
    unscheduled = my_tasks(workspace=workspace, principal=ana, project="p", week=MONDAY)
    assert [t.id for t in unscheduled.tasks] == ["design"] and not unscheduled.scheduled
    record_task_progress(
        workspace=workspace,
        principal=ana,
        project="p",
        task="design",
        done=True,
        date=dt.date(2027, 1, 6),
    )
    after = my_tasks(
        workspace=workspace, principal=ana, project="p", week=MONDAY, schedule=schedule
    )
    assert [t.id for t in after.tasks] == ["test"]


def test_my_projects_are_those_linking_me_to_a_resource(workspace: Workspace) -> None:
    ann, ana, cleo = _team(workspace)
    assert [(p.slug, p.resource) for p in my_projects(workspace=workspace, principal=ana)] == [
        ("p", "ana")
    ]
    assert my_projects(workspace=workspace, principal=ann) == []  # owner, no resource
    assert my_projects(workspace=workspace, principal=cleo) == []  # a client records nothing
    scoped = Principal(user_id=ana.user_id, name="ana", projects=frozenset({999}))
    assert my_projects(workspace=workspace, principal=scoped) == []


def test_task_progress_is_for_those_who_may_record_it(workspace: Workspace) -> None:
    ann, ana, cleo = _team(workspace)
    state = task_progress(workspace=workspace, principal=ana, project="p", task="test")
    assert (state.name, state.revision, state.progress.started) == ("Test", 1, False)
    with pytest.raises(ForbiddenError, match="does not demand your resource"):
        task_progress(workspace=workspace, principal=ana, project="p", task="code")
    assert task_progress(workspace=workspace, principal=ann, project="p", task="code").id == "code"
    with pytest.raises(ForbiddenError):
        task_progress(workspace=workspace, principal=cleo, project="p", task="code")
    with pytest.raises(NotFoundError):
        task_progress(workspace=workspace, principal=ann, project="p", task="build")  # a summary


ODD_IDS = """\
name: Odd ids
start: 2027-01-04
resources:
  - {id: ana_b, name: One}
  - {id: anaXb, name: Two}
  - {id: "zoë", name: Three}
  - {id: "a b", name: Four}
tasks:
  - {id: t1, name: T1, duration: 2, demands: {ana_b: 1}}
  - {id: t2, name: T2, duration: 2, demands: {anaXb: 1}}
  - {id: t3, name: T3, duration: 2, demands: {"zoë": 1}}
  - {id: t4, name: "For a b", duration: 2, demands: {"a b": 1}}
  - {id: t5, name: "Mentions zoë and ana_b in its name", duration: 2}
"""


@pytest.mark.parametrize(
    ("resource", "listed"), [("ana_b", ["t1"]), ("anaXb", ["t2"]), ("zoë", ["t3"]), ("a b", ["t4"])]
)
def test_any_resource_id_finds_exactly_its_tasks(
    workspace: Workspace, resource: str, listed: list[str]
) -> None:
    ann, bo = user(workspace, "ann"), user(workspace, "bo")
    push_project(workspace=workspace, principal=ann, text=ODD_IDS, file_name="odd.yaml")
    member(workspace, "odd", bo, Role.member, resource=resource)
    schedule = _schedule(
        **{t: ("2027-01-04", "2027-01-05") for t in ("t1", "t2", "t3", "t4", "t5")}
    )
    mine = my_tasks(
        workspace=workspace,
        principal=bo,
        project="odd",
        week=dt.date(2027, 1, 4),
        schedule=schedule,
    )
    assert [t.id for t in mine.tasks] == listed
