"""What makes levelling impossible, found without solving: demands and hard deadlines."""

from __future__ import annotations

from typing import Any

from steerco.model import Project
from steerco.schedule import compile_project
from steerco.schedule.precheck import deadline_problems, demand_problems, feasibility_problems

MONDAY = "2027-01-04"  # no country: unit k is the k-th weekday from Monday 4 January 2027


def project(resources: list[dict[str, Any]], tasks: list[dict[str, Any]], **extra: Any) -> Project:
    return Project.model_validate(
        {"name": "p", "start": MONDAY, "resources": resources, "tasks": tasks, **extra}
    )


def test_a_whole_unit_of_a_part_time_person_is_above_capacity() -> None:
    p = project(
        [{"id": "ana", "capacity": 0.6}], [{"id": "build", "duration": 5, "demands": {"ana": 1}}]
    )
    (problem,) = demand_problems(p)
    assert problem.code == "demand_above_capacity"
    assert problem.path == ("tasks", 0, "demands", 0)
    assert "needs 1 of 'ana'" in problem.message and "capacity of 0.6" in problem.message
    assert "demand at most 0.6" in problem.message


def test_five_of_a_resource_of_capacity_one_is_above_capacity() -> None:
    p = project([{"id": "ds"}], [{"id": "train", "duration": 5, "demands": {"ds": 5}}])
    (problem,) = demand_problems(p)
    assert problem.path == ("tasks", 0, "demands", 0)
    assert "needs 5 of 'ds'" in problem.message and "capacity of 1" in problem.message


def test_a_demand_up_to_the_capacity_is_fine() -> None:
    p = project(
        [{"id": "ana", "capacity": 0.6}, {"id": "gpu", "kind": "equipment", "capacity": 4}],
        [{"id": "build", "duration": 5, "demands": {"ana": 0.6, "gpu": 4}}],
    )
    assert demand_problems(p) == []


def test_demands_of_one_task_on_one_resource_add_up() -> None:
    # 0.5 + 0.7 = 1.2 of a capacity-1 person, reported at the first of the two demands.
    p = project(
        [{"id": "ana"}],
        [
            {
                "id": "t",
                "duration": 2,
                "demands": [{"resource": "ana", "units": 0.5}, {"resource": "ana", "units": 0.7}],
            }
        ],
    )
    (problem,) = demand_problems(p)
    assert problem.path == ("tasks", 0, "demands", 0)
    assert "needs 1.2 of 'ana'" in problem.message


def test_a_role_demand_above_the_pool_capacity() -> None:
    p = project(
        [{"id": "labeller", "kind": "role", "capacity": 2}],
        [{"id": "label", "duration": 3, "demands": [{"role": "labeller", "units": 3}]}],
    )
    (problem,) = demand_problems(p)
    assert problem.path == ("tasks", 0, "demands", 0)
    assert "role pool 'labeller'" in problem.message and "capacity of 2" in problem.message


def test_a_skill_demand_only_part_timers_qualify_for() -> None:
    # Each person picked works full time on the task (1 unit): nobody of capacity 0.5 can.
    people = [
        {"id": "ana", "capacity": 0.5, "skills": {"nlp": 3}},
        {"id": "bob", "capacity": 0.5, "skills": {"nlp": 4}},
        {"id": "cy", "skills": {"nlp": 1}},
    ]
    need = [{"skill": "nlp", "min_level": 3}]
    p = project(people, [{"id": "t", "duration": 2, "demands": need}])
    (problem,) = demand_problems(p)
    assert problem.code == "demand_above_capacity"
    assert problem.path == ("tasks", 0, "demands", 0)
    assert "{skill: nlp, min_level: 3}" in problem.message
    assert "ana 0.5, bob 0.5" in problem.message


def test_a_skill_demand_one_full_timer_can_meet() -> None:
    people = [
        {"id": "ana", "capacity": 0.5, "skills": {"nlp": 3}},
        {"id": "bob", "skills": {"nlp": 3}},
    ]
    p = project(people, [{"id": "t", "duration": 2, "demands": [{"skill": "nlp", "min_level": 3}]}])
    assert demand_problems(p) == []


def test_two_people_of_a_skill_need_two_full_timers() -> None:
    people = [
        {"id": "ana", "capacity": 0.5, "skills": {"nlp": 3}},
        {"id": "bob", "skills": {"nlp": 3}},
    ]
    need = [{"skill": "nlp", "min_level": 3, "units": 2}]
    p = project(people, [{"id": "t", "duration": 2, "demands": need}])
    (problem,) = demand_problems(p)
    assert "needs 2 people" in problem.message and "only 1 can (bob)" in problem.message


def test_too_few_qualified_people_is_left_to_staffing() -> None:
    # Nobody has the skill: `unstaffable`, reported by staffing, not a capacity problem.
    p = project([{"id": "ana"}], [{"id": "t", "duration": 2, "demands": [{"skill": "cuda"}]}])
    assert demand_problems(p) == []


CHAIN = [
    {"id": "a", "duration": 3},  # Mon 4 .. Wed 6: units 0-3
    {"id": "b", "duration": 4, "after": ["a"], "deadline": "2027-01-08"},  # Thu 7 .. Tue 12: 3-7
    {
        "id": "phase",
        "finish_no_later_than": "2027-01-07",
        "children": [{"id": "c", "duration": 2, "after": ["b"]}],  # Wed 13 .. Thu 14: 7-9
    },
]


def test_a_hard_deadline_before_the_earliest_finish_is_unreachable() -> None:
    p = project([], CHAIN)
    first, second = deadline_problems(p, compile_project(p))
    # b: the deadline Fri 8 caps it at unit 5; it finishes at unit 7, Tue 12: 2 days late.
    assert first.code == "deadline_unreachable"
    assert first.path == ("tasks", 1, "deadline")
    assert "finishes on 2027-01-12 at the earliest" in first.message
    assert "2 working days late" in first.message and "a → b" in first.message
    # phase: Thu 7 caps it at unit 4; its task c finishes at unit 9, Thu 14: 5 days late.
    assert second.path == ("tasks", 2, "finish_no_later_than")
    assert "its task 'c' finishes on 2027-01-14" in second.message
    assert "5 working days late" in second.message and "a → b → c" in second.message


def test_deadlines_are_only_checked_when_hard() -> None:
    p = project([], CHAIN)
    assert feasibility_problems(p, compile_project(p)) == []
    assert len(feasibility_problems(p, compile_project(p), hard_deadlines=True)) == 2


def test_a_deadline_on_the_earliest_finish_is_met() -> None:
    p = project(
        [],
        [
            {"id": "a", "duration": 3},
            {"id": "b", "duration": 4, "after": ["a"], "deadline": "2027-01-12"},
        ],
    )
    assert deadline_problems(p, compile_project(p)) == []


def test_lateness_in_an_hour_project_is_in_working_days() -> None:
    # 8-hour days, planned in hours: 20h from Mon 4 ends at hour 20, on Wed 6 (hours 16-24);
    # the deadline Tue 5 caps it at hour 16: 4 hours late, half a working day.
    p = project([], [{"id": "a", "duration": "20h", "deadline": "2027-01-05"}], unit="hour")
    (problem,) = deadline_problems(p, compile_project(p))
    assert "finishes on 2027-01-06 at the earliest" in problem.message
    assert "0.5 working days late" in problem.message


def test_a_finished_task_past_its_deadline_is_history_not_a_problem() -> None:
    progress = {
        "status_date": "2027-01-08",
        "tasks": {"a": {"actual_start": "2027-01-04", "actual_finish": "2027-01-07"}},
    }
    p = project([], [{"id": "a", "duration": 2, "deadline": "2027-01-05"}], progress=progress)
    assert deadline_problems(p, compile_project(p)) == []
