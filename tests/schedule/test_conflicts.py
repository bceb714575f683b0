"""What the solver alone finds impossible, explained: the tasks, resources and deadlines."""

from __future__ import annotations

import datetime as dt
from typing import Any

from steerco.codes import Code
from steerco.model import Project
from steerco.schedule import compile_project
from steerco.schedule.conflicts import Conflict, explanation_message
from steerco.schedule.misses import DeadlineMiss
from steerco.schedule.options import SolveOptions
from steerco.schedule.plan import Schedule
from steerco.schedule.planner import Unscheduled, plan_network
from steerco.schedule.precheck import deadline_problems

MONDAY = "2027-01-04"  # no country: unit k is the k-th weekday from Monday 4 January 2027


def project(resources: list[dict[str, Any]], tasks: list[dict[str, Any]]) -> Project:
    return Project.model_validate(
        {"name": "p", "start": MONDAY, "resources": resources, "tasks": tasks}
    )


def plan(p: Project, **options: Any) -> Schedule | Unscheduled:
    return plan_network(
        compile_project(p), project=p, options=SolveOptions(**{"time_limit": 5, **options})
    )


def unscheduled(p: Project, **options: Any) -> Unscheduled:
    result = plan(p, **options)
    assert isinstance(result, Unscheduled)
    assert result.status == "infeasible"
    return result


# Two 3-day tasks on one person, both due by the end of Wed 6 (unit 3): each alone fits
# (Mon 4 .. Wed 6), both cannot; the second one done finishes at unit 6, Mon 11.
TWO_ON_ONE = [
    {"id": "a", "duration": 3, "demands": {"mle1": 1}, "deadline": "2027-01-06"},
    {"id": "b", "duration": 3, "demands": {"mle1": 1}, "deadline": "2027-01-06"},
]


def test_two_deadlines_on_one_person_name_both_tasks_the_person_and_the_deadlines() -> None:
    result = unscheduled(project([{"id": "mle1"}], TWO_ON_ONE), hard_deadlines=True)
    assert result.conflicts == [
        Conflict("capacity", ("a", "b"), ("mle1",), "a and b need mle1 (capacity 1)"),
        Conflict("deadline", ("a",), (), "a must finish by 2027-01-06"),
        Conflict("deadline", ("b",), (), "b must finish by 2027-01-06"),
    ]
    (miss,) = result.misses
    assert miss.task in {"a", "b"}
    assert (miss.deadline, miss.finish, miss.late) == (
        dt.date(2027, 1, 6),
        dt.date(2027, 1, 11),
        3.0,
    )
    assert "without any one of them a schedule exists" in result.message
    assert "finishes 2027-01-11, 3 working days after its deadline 2027-01-06" in result.message
    assert "units" not in result.message


def test_each_of_the_two_deadlines_alone_can_be_met() -> None:
    for keep in ("a", "b"):
        tasks = [
            {**task, "deadline": task["deadline"] if task["id"] == keep else None}
            for task in TWO_ON_ONE
        ]
        assert isinstance(plan(project([{"id": "mle1"}], tasks), hard_deadlines=True), Schedule)


def test_a_third_task_on_another_person_is_not_in_the_conflict() -> None:
    tasks = [
        *TWO_ON_ONE,
        {"id": "c", "duration": 2, "demands": {"ops": 1}, "deadline": "2027-01-05"},
    ]
    result = unscheduled(project([{"id": "mle1"}, {"id": "ops"}], tasks), hard_deadlines=True)
    assert {task for c in result.conflicts for task in c.tasks} == {"a", "b"}
    assert {r for c in result.conflicts for r in c.resources} == {"mle1"}


def test_a_start_date_and_a_deadline_too_close_together() -> None:
    # c (3 days) cannot start before Wed 6 (unit 2) and must finish by Thu 7 (unit 4).
    tasks = [
        {
            "id": "c",
            "duration": 3,
            "demands": {"ana": 1},
            "start_no_earlier_than": "2027-01-06",
            "deadline": "2027-01-07",
        }
    ]
    result = unscheduled(project([{"id": "ana"}], tasks), hard_deadlines=True)
    assert result.conflicts == [
        Conflict("start", ("c",), (), "c cannot start before 2027-01-06"),
        Conflict("deadline", ("c",), (), "c must finish by 2027-01-07"),
    ]
    # the least-late plan runs it Wed 6 .. Fri 8: one working day late
    assert result.misses == [DeadlineMiss("c", dt.date(2027, 1, 7), dt.date(2027, 1, 8), 1.0)]


def test_leave_before_a_deadline_conflicts_with_it() -> None:
    # ana is away all of the first week; a (3 days, ana, in one unbroken stretch) is due by
    # Fri 8 (unit 5): the leave is a resource constraint, so it is part of the conflict.
    people = [{"id": "ana", "leave": ["2027-01-04..2027-01-08"]}]
    tasks = [
        {"id": "a", "duration": 3, "demands": {"ana": 1}, "deadline": "2027-01-08", "split": False}
    ]
    result = unscheduled(project(people, tasks), hard_deadlines=True)
    assert result.conflicts == [
        Conflict("capacity", ("a",), ("ana",), "a needs 1 of ana (capacity 1)"),
        Conflict("unavailability", ("a",), ("ana",), "ana is unavailable 2027-01-04 to 2027-01-08"),
        Conflict("deadline", ("a",), (), "a must finish by 2027-01-08"),
    ]


def test_leave_on_a_tasks_own_calendar_is_named_before_solving() -> None:
    # Split (the default), a works on ana's calendar: it cannot start before Mon 11, so the
    # critical path on calendars already finishes it Wed 13, three working days late.
    people = [{"id": "ana", "leave": ["2027-01-04..2027-01-08"]}]
    tasks = [{"id": "a", "duration": 3, "demands": {"ana": 1}, "deadline": "2027-01-08"}]
    p = project(people, tasks)
    problems = deadline_problems(p, compile_project(p))
    assert [d.code for d in problems] == [Code.deadline_unreachable]
    assert "finishes on 2027-01-13 at the earliest" in problems[0].message
    assert "calendars of its chain (project & ana" in problems[0].message
    assert "3 working days late" in problems[0].message


def test_a_demand_above_capacity_is_explained_in_the_file_s_units() -> None:
    # The solver scales ana's units by 5 (0.6 = 3/5); the explanation speaks in units of ana.
    p = project(
        [{"id": "ana", "capacity": 0.6}], [{"id": "build", "duration": 5, "demands": {"ana": 1}}]
    )
    result = unscheduled(p)
    assert result.conflicts == [
        Conflict("capacity", ("build",), ("ana",), "build needs 1 of ana (capacity 0.6)")
    ]
    assert result.misses == []


def test_a_skill_demand_only_a_part_timer_qualifies_for_is_a_staffing_conflict() -> None:
    people = [{"id": "ana", "capacity": 0.5, "skills": {"nlp": 3}}]
    tasks = [{"id": "t", "duration": 2, "demands": [{"skill": "nlp", "min_level": 3}]}]
    result = unscheduled(project(people, tasks), method="cp-sat")
    (conflict,) = result.conflicts
    assert (conflict.kind, conflict.tasks, conflict.resources) == ("staffing", ("t",), ("ana",))


def test_the_heuristic_alone_is_explained_too() -> None:
    p = project([{"id": "ds"}], [{"id": "train", "duration": 5, "demands": {"ds": 5}}])
    result = unscheduled(p, method="heuristic")
    assert result.conflicts == [
        Conflict("capacity", ("train",), ("ds",), "train needs 5 of ds (capacity 1)")
    ]


def test_the_message_names_ten_conflicts_and_counts_the_rest() -> None:
    p = project([{"id": "mle1"}], TWO_ON_ONE)
    due = "must finish by 2027-01-06"
    many = [Conflict("deadline", (f"t{k}",), (), f"t{k} {due}") for k in range(12)]
    message = explanation_message(compile_project(p), many, [], minimal=False)
    assert message.startswith("no schedule meets all of these: t0 must finish by 2027-01-06; ")
    assert message.endswith("t9 must finish by 2027-01-06; and 2 more")
    assert "without any one" not in message
    assert explanation_message(compile_project(p), [], [], minimal=False) == (
        "no feasible schedule exists"
    )
