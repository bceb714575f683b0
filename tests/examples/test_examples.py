"""The bundled examples are realistic AI projects that validate and schedule."""

from __future__ import annotations

from pathlib import Path

import pytest

import steerco

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.yaml"))


def test_there_are_at_least_three_examples() -> None:
    names = {path.stem for path in EXAMPLES}
    assert {"support-assistant", "defect-detector", "demand-forecast"} <= names
    assert {"scrum-recommender", "kanban-mlops"} <= names


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_validates_and_schedules(path: Path) -> None:
    project = steerco.load_project(path)
    count = sum(1 for _ in project.all_tasks())
    # a project run from a backlog keeps a smaller WBS: its phases and milestones
    assert (15 if project.backlog else 40) <= count <= 120
    assert project.resources and project.risks
    assert any(task.estimate is not None for task in project.all_tasks())
    plan = steerco.schedule(project, method="cpm")
    rows = list(plan.tasks())
    assert len(rows) == count
    assert plan.critical_path_ids() and plan.critical_path_ids()[0]
    assert plan.total_cost() is not None and plan.total_cost() > 0
    # every link holds under the early dates: ES_j >= ES_i + a*d_i + lag - b*d_j
    net, cpm = plan.network, plan.cpm
    bound = cpm.es[net.src] + net.from_finish * net.duration[net.src] + net.lag
    bound -= net.to_finish * net.duration[net.dst]
    assert (cpm.es[net.dst] >= bound - 1e-9).all()
    finish = max(row.finish for row in rows)
    assert project.deadline is not None and finish <= project.deadline
