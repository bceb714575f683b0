"""The team view of a project, computed from one levelled plan.

Skills matrix, coverage, single points of failure, workload, capacity and staffing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from steerco.model import Project
from steerco.people.capacity import RoleMonth, monthly_capacity
from steerco.people.coverage import Coverage, coverage, skill_needs
from steerco.people.matrix import SkillsMatrix, skills_matrix
from steerco.people.skills import Taxonomy, canonical_project
from steerco.people.spof import SinglePoint, single_points_of_failure
from steerco.people.staffing import PlanOptions, Staffing, level_plan, staffing_suggestions
from steerco.people.workload import Load, Workload, weekly_workload
from steerco.schedule.assign import load_profile, staffing_problem
from steerco.schedule.cpm import critical_path
from steerco.schedule.network import Network
from steerco.schedule.plan import Schedule
from steerco.schedule.planner import Unscheduled

__all__ = ["TeamView", "plan_load", "team_view"]


@dataclass(frozen=True)
class TeamView:
    """Everything `steerco team` shows, as data."""

    project: Project
    network: Network
    plan: Schedule | Unscheduled
    matrix: SkillsMatrix
    coverage: list[Coverage]
    single_points: list[SinglePoint]
    workload: Workload
    capacity: list[RoleMonth]
    staffing: Staffing


def plan_load(project: Project, network: Network, plan: Schedule | Unscheduled) -> Load:
    """Booked runs per resource: the levelled plan's, or named demands at the CPM early dates."""
    if isinstance(plan, Schedule) and plan.method != "cpm":
        return plan.load
    problem = staffing_problem(project, network).problem
    es = np.rint(critical_path(network).es).astype(np.int64)
    return load_profile(problem, es, problem.demand)


def team_view(project: Project, taxonomy: Taxonomy, options: PlanOptions) -> TeamView:
    """Plan the project (skill names matched through the taxonomy) and derive the team view."""
    project = canonical_project(project, taxonomy)
    network, plan = level_plan(project, options)
    demands = tuple(d for leaf in project.leaves() for d in leaf.demands)
    matrix = skills_matrix(project, taxonomy, demands)
    needs = skill_needs(project, network)
    rows = coverage(matrix, needs)
    singles = single_points_of_failure(matrix, needs)
    cpm = critical_path(network)
    horizon = plan.makespan if isinstance(plan, Schedule) else round(cpm.makespan)
    workload = weekly_workload(project, network, plan_load(project, network, plan), horizon)
    capacity = monthly_capacity(project, network, cpm.es)
    staffing = staffing_suggestions(project, network, plan, matrix, rows, singles, options)
    return TeamView(project, network, plan, matrix, rows, singles, workload, capacity, staffing)
