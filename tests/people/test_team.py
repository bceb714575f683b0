"""The team view against hand-made teams: matrix, coverage, single points, workload, capacity,
staffing. Every expected number is worked out by hand in the comments.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from conftest import project
from steerco.people.capacity import monthly_capacity
from steerco.people.coverage import coverage, skill_needs
from steerco.people.library import PeopleData
from steerco.people.matrix import skills_matrix
from steerco.people.skills import canonical_project
from steerco.people.spof import single_points_of_failure
from steerco.people.staffing import PlanOptions, level_plan
from steerco.people.team import plan_load, team_view
from steerco.people.workload import weekly_workload
from steerco.schedule.cpm import critical_path
from steerco.schedule.network import compile_project

SKILLS = """
name: Skills
start: 2027-01-04
resources:
  - {id: x, role: data-scientist, skills: {python: 4, nlp: 3}}
  - {id: y, role: ml-engineer, skills: {python: 2, PyTorch: 3}}
  - {id: z, role: ml-engineer, skills: {py: 5}}
tasks:
  - {id: s1, duration: 5, demands: [{skill: python, min_level: 3}]}
  - {id: s2, duration: 4, demands: [{skill: nlp, min_level: 2}]}
  - {id: s3, duration: 2, demands: [{skill: pytorch, min_level: 2}]}
  - {id: s4, duration: 3, demands: [{skill: NLP, min_level: 4}]}
"""

# Mon 4 Jan 2027 start; a is away Thu 7 Jan. t1 and t2 both need a from day 0 (CPM).
LOAD = """
name: Load
start: 2027-01-04
resources:
  - {id: a, role: ml-engineer, leave: [2027-01-07]}
  - {id: b, role: data-scientist, capacity: 0.5}
tasks:
  - {id: t1, duration: 5, demands: {a: 1}}
  - {id: t2, duration: 3, demands: {a: 1}}
  - {id: t3, duration: 4, after: [t1], demands: {b: 0.5}}
"""


def _needs(text: str, data: PeopleData):  # type: ignore[no-untyped-def]
    canon = canonical_project(project(text), data.taxonomy)
    network = compile_project(canon)
    demands = tuple(d for leaf in canon.leaves() for d in leaf.demands)
    return canon, network, skills_matrix(canon, data.taxonomy, demands), skill_needs(canon, network)


def test_matrix_merges_aliases_and_orders_known_skills_by_category(data: PeopleData) -> None:
    _, _, matrix, _ = _needs(SKILLS, data)
    assert matrix.people == ["x", "y", "z"]
    # nlp (AI technologies) before python and pytorch (tools): the taxonomy's category order
    assert matrix.skills == ["nlp", "python", "pytorch"]
    assert matrix.levels.tolist() == [[3, 4, 0], [0, 2, 3], [0, 5, 0]]
    assert matrix.holders("python") == ["x", "y", "z"]


def test_coverage_groups_needs_by_skill_and_level(data: PeopleData) -> None:
    _, _, matrix, needs = _needs(SKILLS, data)
    rows = {(c.skill, c.min_level): c for c in coverage(matrix, needs)}
    assert rows["python", 3].qualified == ["x", "z"] and rows["python", 3].work == 5
    assert rows["nlp", 2].qualified == ["x"] and rows["nlp", 2].covered
    assert rows["nlp", 4].qualified == [] and not rows["nlp", 4].covered  # "NLP" is nlp
    assert rows["pytorch", 2].qualified == ["y"]  # "PyTorch" on y is pytorch


def test_single_points_are_weighted_by_the_work_only_they_can_do(data: PeopleData) -> None:
    _, _, matrix, needs = _needs(SKILLS, data)
    found = [(s.skill, s.person, s.work, s.tasks) for s in single_points_of_failure(matrix, needs)]
    # nlp: only x qualifies for s2 (4 days); s4 has nobody, so it is a gap, not a single point.
    # pytorch: only y, 2 days. python has two qualified people for s1: not a single point.
    assert found == [("nlp", "x", 4.0, ["s2"]), ("pytorch", "y", 2.0, ["s3"])]


def test_hours_count_as_person_days() -> None:
    from steerco.people.coverage import work_days

    hourly = project("name: h\nstart: 2027-01-04\nunit: hour\ntasks: [{id: a, duration: 1}]\n")
    assert work_days(hourly, 12.0) == pytest.approx(1.5)  # 12 h on an 8-hour day


def test_weekly_workload_books_against_capacity_less_leave() -> None:
    p = project(LOAD)
    network = compile_project(p)
    plan = critical_path(network)
    from steerco.schedule.plan import Schedule

    schedule = Schedule(network, plan, "cpm", "optimal")
    load = plan_load(p, network, schedule)
    workload = weekly_workload(p, network, load, horizon=9)
    assert workload.weeks == [dt.date(2027, 1, 4), dt.date(2027, 1, 11)]
    a1, a2 = workload.people["a"]
    # t1 (5 days) works on a's calendar: days 0-2, pauses on Thursday's leave (day 3), then
    # days 4-5. Week 1: days 0-2 two tasks, day 4 one -> 3*2 + 1 = 7 booked; 5 days less
    # Thu leave
    assert (a1.booked, a1.capacity, a1.over) == (7.0, 4.0, True)
    # week 2 of the 9-unit horizon is Mon-Thu: t1's last day (Mon), 4 days available
    assert (a2.booked, a2.capacity, a2.over) == (1.0, 4.0, False)
    b1, b2 = workload.people["b"]
    assert (b1.booked, b1.capacity) == (0.0, 2.5)  # half time over 5 days
    # t3 follows t1 on days 6-9; the 9-unit horizon holds days 6-8 of it: 0.5 x 3 of 0.5 x 4
    assert (b2.booked, b2.capacity, b2.over) == (1.5, 2.0, False)
    assert [(p_, w.week) for p_, w in workload.over_allocations()] == [("a", dt.date(2027, 1, 4))]


def test_levelled_workload_has_no_over_allocation() -> None:
    p = project(LOAD)
    network, plan = level_plan(p, PlanOptions(method="heuristic"))
    load = plan_load(p, network, plan)
    # a cannot do both at once; t1 (5 days) pauses over Thursday's leave: t1 on days 0-2
    # and 4-5, then t2 on days 6-8 and t3 after t1 on days 6-9: 10 days.
    assert plan.makespan == 10
    workload = weekly_workload(p, network, load, plan.makespan)
    assert workload.over_allocations() == []
    assert sum(w.booked for w in workload.people["a"]) == 8.0


def test_monthly_capacity_in_fte() -> None:
    p = project(LOAD)
    network = compile_project(p)
    rows = {r.role: r for r in monthly_capacity(p, network, critical_path(network).es)}
    # The plan spans 10 working days of January 2027 (4-15 Jan): t1 pauses over a's leave
    # on Thursday 7, so it ends on day 5 and t3 runs days 6-9.
    # ml-engineer: t1 5 + t2 3 = 8 person-days needed; a can work 10 - 1 (leave) = 9.
    assert rows["ml-engineer"].month == "2027-01"
    assert rows["ml-engineer"].needed_fte == pytest.approx(8 / 10)
    assert rows["ml-engineer"].available_fte == pytest.approx(9 / 10)
    # data-scientist: t3 needs 0.5 x 4 = 2 person-days; b gives 0.5 x 10 = 5.
    assert rows["data-scientist"].needed_fte == pytest.approx(2 / 10)
    assert rows["data-scientist"].available_fte == pytest.approx(0.5)


def test_staffing_assigns_qualified_people_and_suggests_training(data: PeopleData) -> None:
    view = team_view(project(SKILLS), data.taxonomy, PlanOptions(method="cp-sat", time_limit=5))
    assigned = {a.task: a for a in view.staffing.assign}
    assert assigned["s1"].assigned[0] in {"x", "z"} and assigned["s1"].qualified == ["x", "z"]
    assert assigned["s2"].assigned == ["x"]
    assert assigned["s4"].assigned == []  # nobody qualifies: unstaffable
    train = {(t.person, t.skill, t.level, t.target) for t in view.staffing.train}
    # s4 needs nlp 4: x has 3, one level away
    assert ("x", "nlp", 3, 4) in train
    hires = {(h.skill, h.level) for h in view.staffing.hire}
    # nobody besides x has nlp, nobody besides y has pytorch: hire for both single points
    assert hires == {("nlp", 2), ("pytorch", 2)}


def test_a_hire_is_tried_by_the_optimiser() -> None:
    from steerco.library.people import load_people_data

    text = """
name: Bottleneck
start: 2027-01-04
resources:
  - {id: m, role: ml-engineer, rate: 800, skills: {machine-learning: 3}}
tasks:
  - {id: p1, duration: 5, demands: [{skill: machine-learning}]}
  - {id: p2, duration: 5, demands: [{skill: machine-learning}]}
"""
    view = team_view(project(text), load_people_data().taxonomy, PlanOptions(method="heuristic"))
    [hire] = view.staffing.hire
    # Two 5-day tasks, one person: 10 days in sequence; a second person runs them side by side.
    assert (hire.skill, hire.makespan_before, hire.makespan_after) == ("machine-learning", 10, 5)
    [single] = view.single_points
    assert (single.person, single.work) == ("m", 10.0)


def test_team_view_of_an_unlevelled_plan_reports_over_allocation(data: PeopleData) -> None:
    view = team_view(project(LOAD), data.taxonomy, PlanOptions(method="cpm"))
    assert view.plan.method == "cpm"
    assert [p for p, _ in view.workload.over_allocations()] == ["a"]
    assert np.isclose(sum(w.booked for w in view.workload.people["b"]), 2.0)
