"""Levelled schedules of projects: leave, skills-based staffing, deadlines, levelled floats."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

from steerco.model import Project
from steerco.schedule import compile_project
from steerco.schedule.assign import staffing_problem
from steerco.schedule.options import SolveOptions
from steerco.schedule.plan import Schedule, ScheduledTask
from steerco.schedule.planner import Unscheduled, plan_network
from steerco.schedule.rcpsp.check import schedule_violations
from steerco.schedule.rcpsp.solve import solve

MONDAY = "2027-01-04"  # no country: unit k is the k-th weekday from Monday 4 January 2027


def project(resources: list[dict[str, Any]], tasks: list[dict[str, Any]], **extra: Any) -> Project:
    return Project.model_validate(
        {"name": "p", "start": MONDAY, "resources": resources, "tasks": tasks, **extra}
    )


def levelled(p: Project, **options: Any) -> Schedule:
    result = plan_network(
        compile_project(p), project=p, options=SolveOptions(**{"time_limit": 10, **options})
    )
    assert isinstance(result, Schedule), getattr(result, "message", "")
    return result


def rows(plan: Schedule) -> dict[str, ScheduledTask]:
    return {row.id: row for row in plan.tasks()}


def test_one_person_two_tasks_are_sequenced() -> None:
    # Two 3-day tasks need the same single person: 6 days, not 3.
    p = project(
        [{"id": "mle1"}],
        [
            {"id": "a", "duration": 3, "demands": {"mle1": 1}},
            {"id": "b", "duration": 3, "demands": {"mle1": 1}},
        ],
    )
    plan = levelled(p)
    got = rows(plan)
    assert plan.makespan == 6
    assert plan.status == "optimal" and plan.lower_bound == 6 and plan.gap == 0
    assert sorted((got["a"].es, got["b"].es)) == [0, 3]
    assert got["a"].assignees == ("mle1",)


def test_unsplit_task_does_not_overlap_leave() -> None:
    # mle1 is away Wed 6 to Thu 7 (units 2 and 3). A 3-day task with `split: false`
    # cannot fit before it (units 0-2 would cross unit 2), so it starts Fri 8 (unit 4).
    p = project(
        [{"id": "mle1", "leave": ["2027-01-06..2027-01-07"]}],
        [{"id": "a", "duration": 3, "split": False, "demands": {"mle1": 1}}],
    )
    got = rows(levelled(p))
    assert (got["a"].es, got["a"].start) == (4, dt.date(2027, 1, 8))


def test_skill_demand_picks_a_qualified_person() -> None:
    # Two NLP tasks in parallel need nlp >= 3: only mle1 and mle2 qualify (ds1 has 2).
    p = project(
        [
            {"id": "mle1", "rate": 900, "skills": {"nlp": 3}},
            {"id": "mle2", "rate": 800, "skills": {"nlp": 4}},
            {"id": "ds1", "rate": 100, "skills": {"nlp": 2}},
        ],
        [
            {"id": "a", "duration": 4, "demands": [{"skill": "nlp", "min_level": 3}]},
            {"id": "b", "duration": 4, "demands": [{"skill": "nlp", "min_level": 3}]},
        ],
    )
    plan = levelled(p)
    got = rows(plan)
    assert plan.makespan == 4
    assert {got["a"].assignees[0], got["b"].assignees[0]} == {"mle1", "mle2"}


def test_cheaper_qualified_person_is_preferred_on_ties() -> None:
    p = project(
        [
            {"id": "senior", "rate": 1200, "skills": {"nlp": 5}},
            {"id": "junior", "rate": 600, "skills": {"nlp": 3}},
        ],
        [{"id": "a", "duration": 4, "demands": [{"skill": "nlp", "min_level": 3}]}],
    )
    plan = levelled(p, method="cp-sat")
    assert rows(plan)["a"].assignees == ("junior",)


def test_unstaffable_demand_is_reported() -> None:
    p = project(
        [{"id": "mle1", "skills": {"python": 4}}],
        [
            {"id": "a", "duration": 2, "demands": {"mle1": 1}},
            {"id": "b", "duration": 2, "demands": [{"skill": "cuda", "min_level": 2}]},
        ],
    )
    plan = levelled(p)
    assert any(note.startswith("unstaffable: b:") for note in plan.notes)


def test_cpm_plan_reports_over_allocation() -> None:
    p = project(
        [{"id": "mle1", "name": "ML engineer 1"}],
        [
            {"id": "a", "duration": 3, "demands": {"mle1": 1}},
            {"id": "b", "duration": 2, "demands": {"mle1": 1}},
        ],
    )
    plan = plan_network(compile_project(p), project=p, options=SolveOptions(method="cpm"))
    assert isinstance(plan, Schedule)
    # both start Monday: Mon 4 and Tue 5 are double-booked
    assert plan.notes == ["over-allocated: mle1 2027-01-04 to 2027-01-05: 2 booked, 1 available"]


def test_hard_deadline_that_cannot_be_met_is_explained() -> None:
    # Two 3-day tasks on one person; b must finish by Wed 6 (unit 3) and a by Wed 6 too.
    p = project(
        [{"id": "mle1"}],
        [
            {"id": "a", "duration": 3, "demands": {"mle1": 1}, "deadline": "2027-01-06"},
            {"id": "b", "duration": 3, "demands": {"mle1": 1}, "deadline": "2027-01-06"},
        ],
    )
    result = plan_network(
        compile_project(p), project=p, options=SolveOptions(hard_deadlines=True, time_limit=5)
    )
    assert isinstance(result, Unscheduled)
    assert result.status == "infeasible"
    # the least-late plan finishes one of them at unit 6, Mon 11: 3 working days late
    assert "finishes 2027-01-11, 3 working days after its deadline 2027-01-06" in result.message


def test_soft_deadline_shows_negative_float_after_levelling() -> None:
    p = project(
        [{"id": "mle1"}],
        [
            {"id": "a", "duration": 3, "demands": {"mle1": 1}},
            {"id": "b", "duration": 3, "demands": {"mle1": 1}, "deadline": "2027-01-06"},
        ],
    )
    got = rows(levelled(p, objective="lateness"))
    # minimising lateness puts b first: it finishes at unit 3 = end of Wed 6, on time
    assert got["b"].ef == 3 and got["b"].total_float >= 0


def test_levelled_floats_respect_resource_order() -> None:
    # a (5 days) and b (2 days) share one person; c (1 day, other person) is free.
    # Levelled: a 0-5, b 5-7 (or b first). The task done first has no float: moving it
    # moves the other one on the same person, and so the finish.
    p = project(
        [{"id": "mle1"}, {"id": "mle2"}],
        [
            {"id": "a", "duration": 5, "demands": {"mle1": 1}},
            {"id": "b", "duration": 2, "demands": {"mle1": 1}},
            {"id": "c", "duration": 1, "demands": {"mle2": 1}},
        ],
    )
    plan = levelled(p)
    got = rows(plan)
    assert plan.makespan == 7
    first = "a" if got["a"].es == 0 else "b"
    assert got[first].total_float == 0 and got[first].critical
    assert got["c"].total_float == 6


def test_every_levelled_example_schedule_is_feasible() -> None:
    from pathlib import Path

    import steerco

    root = Path(__file__).resolve().parents[2] / "examples"
    for path in sorted(root.glob("*.yaml")):
        p = steerco.load_project(path)
        network = compile_project(p)
        staffing = staffing_problem(p, network)
        result = solve(staffing.problem, options=SolveOptions(time_limit=5, method="heuristic"))
        assert result.start is not None
        from steerco.schedule.assign import resolve_choices

        fixed = resolve_choices(staffing.problem, result.picks or [])
        assert schedule_violations(fixed, result.start) == [], path.name
        assert result.makespan is not None and result.makespan >= result.bound
        assert np.all(result.start >= 0)


def test_load_over_time_lists_each_persons_booked_runs() -> None:
    # a (3 days) then b (2 days) on mle1: one run Mon 4 to Fri 8 at 1 unit.
    p = project(
        [{"id": "mle1"}, {"id": "gpu", "kind": "equipment", "capacity": 4}],
        [
            {"id": "a", "duration": 3, "demands": {"mle1": 1, "gpu": 2}},
            {"id": "b", "duration": 2, "demands": {"mle1": 1}, "after": ["a"]},
        ],
    )
    plan = levelled(p)
    runs = plan.load_runs()
    assert runs["mle1"] == [
        {"start": dt.date(2027, 1, 4), "finish": dt.date(2027, 1, 8), "units": 1.0}
    ]
    assert runs["gpu"] == [
        {"start": dt.date(2027, 1, 4), "finish": dt.date(2027, 1, 6), "units": 2.0}
    ]


def test_unsplit_task_of_a_part_timer_waits_for_a_stretch_of_its_weekdays() -> None:
    # ds1 works Mon-Wed. a (2 days) Mon 4-Tue 5; b (3 days, `split: false`) cannot fit
    # Wed 6 - Fri 8, so it runs Mon 11 - Wed 13 (units 5-8). c has no resource and
    # follows a at once.
    p = project(
        [{"id": "ds1", "workdays": ["mon", "tue", "wed"]}],
        [
            {"id": "a", "duration": 2, "demands": {"ds1": 1}},
            {"id": "b", "duration": 3, "split": False, "demands": {"ds1": 1}},
            {"id": "c", "duration": 2, "after": ["a"]},
        ],
    )
    got = rows(levelled(p))
    assert (got["a"].es, got["b"].es) == (0, 5)
    assert got["b"].start == dt.date(2027, 1, 11)
    # left-justified: c starts as soon as a finishes, not where the solver left it
    assert got["c"].es == 2


def test_an_unsplit_task_longer_than_a_part_time_week_cannot_be_staffed() -> None:
    p = project(
        [{"id": "ds1", "workdays": ["mon", "tue", "wed"]}],
        [{"id": "a", "duration": 4, "split": False, "demands": {"ds1": 1}}],
    )
    result = plan_network(compile_project(p), project=p, options=SolveOptions(time_limit=5))
    assert isinstance(result, Unscheduled)
    assert result.status == "infeasible"


def test_lead_with_a_shared_person_does_not_break_the_levelled_floats() -> None:
    # b may start 3 days before a starts (SS-3) and c follows b: the best plan does b
    # first (0-2), then a (2-5) and c (2-12) on another person. The resource arc b -> a and
    # the link a -> b form a loop; the plan keeps the solver's times.
    p = project(
        [{"id": "mle1"}, {"id": "mle2"}],
        [
            {"id": "a", "duration": 3, "demands": {"mle1": 1}},
            {"id": "b", "duration": 2, "demands": {"mle1": 1}, "after": ["a SS-3"]},
            {"id": "c", "duration": 10, "demands": {"mle2": 1}, "after": ["b"]},
        ],
    )
    plan = levelled(p)
    got = rows(plan)
    assert plan.makespan == 12
    assert (got["b"].es, got["a"].es, got["c"].es) == (0, 2, 2)
    assert got["c"].critical and got["b"].critical
    # a may slip 1 day: the lead link says b starts at most 3 days before a starts, so a
    # starts by LS_b + 3 = 3 (its late start), against its early start 2.
    assert got["a"].total_float == 1
