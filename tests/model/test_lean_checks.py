"""The whole-project checks' lean passes agree with the plain walks they stand in for.

`check_project` adds up the plan's amounts and looks for a dependency cycle without
writing a word or a path (`_horizon_days`, `_leaf_pairs` and `_acyclic`); only a failure
walks again with them. The references are the descriptive walk (`_horizon_terms`),
`leaf_links` with the graph module's Kahn levels, and recursive generators for the WBS.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings

from model.random_plans import plans
from steerco.errors import ProjectError
from steerco.formats.project_yaml import parse_project_yaml
from steerco.model import Project, Task
from steerco.model.graph import topological_levels
from steerco.model.validate import _acyclic, _horizon_days, _horizon_terms, _leaf_pairs, leaf_links

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.yaml"))


def _recursive_walk(task: Task) -> Iterator[Task]:
    yield task
    for child in task.children:
        yield from _recursive_walk(child)


def _recursive_placed(
    tasks: tuple[Task, ...], prefix: tuple[str | int, ...], parent: str | None
) -> Iterator[tuple[str, tuple[str | int, ...], str | None]]:
    for i, task in enumerate(tasks):
        yield task.id, (*prefix, i), parent
        yield from _recursive_placed(task.children, (*prefix, i, "children"), task.id)


def _reference_acyclic(project: Project) -> bool:
    leaves, links = leaf_links(project)
    src = np.array([link[0] for link in links], dtype=np.int64)
    dst = np.array([link[1] for link in links], dtype=np.int64)
    if (src == dst).any():
        return False
    return bool((topological_levels(len(leaves), src, dst) >= 0).all())


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_the_lean_passes_agree_on_every_example(example: Path) -> None:
    project = parse_project_yaml(example.read_text(encoding="utf-8"), str(example))
    placed = list(project.placed_tasks())
    assert _horizon_days(project, placed) == [days for days, _, _ in _horizon_terms(project)]
    count, successors = _leaf_pairs(placed)
    leaves, links = leaf_links(project)
    assert count == len(leaves)
    assert sorted((p, s) for p, after in enumerate(successors) for s in after) == sorted(
        (p, s) for p, s, _, _ in links
    )
    assert _acyclic(count, successors)


@settings(max_examples=150, deadline=None)
@given(plans())
def test_a_cycle_is_found_exactly_when_the_reference_finds_one(text: str) -> None:
    try:
        project = parse_project_yaml(text, "p.yaml")
    except ProjectError as error:
        # the only refusal a drawn plan can meet is its cycle: the reference sees it too
        assert [d.code for d in error.diagnostics] == ["dependency_cycle"]
        plain = Project.model_construct(**{k: v for k, v in _fields(text).items()})
        assert not _reference_acyclic(plain)
        return
    placed = list(project.placed_tasks())
    assert _acyclic(*_leaf_pairs(placed))
    assert _reference_acyclic(project)
    assert _horizon_days(project, placed) == [days for days, _, _ in _horizon_terms(project)]


def _fields(text: str) -> dict[str, object]:
    """The project's fields built without its whole-project checks (a cyclic plan's)."""
    from steerco.formats.yaml_source import load_yaml

    data, _ = load_yaml(text, "p.yaml")
    assert isinstance(data, dict)
    return {
        "name": data["name"],
        "start": None,
        "tasks": tuple(Task.model_validate(entry) for entry in data["tasks"]),
    }


@settings(max_examples=100, deadline=None)
@given(plans())
def test_the_wbs_walks_are_the_recursive_ones(text: str) -> None:
    data = _fields(text)
    tasks = data["tasks"]
    assert isinstance(tasks, tuple)
    project = Project.model_construct(**data)
    expected = [task.id for top in tasks for task in _recursive_walk(top)]
    assert [task.id for task in project.all_tasks()] == expected
    assert [task.id for task in project.leaves()] == [
        task.id for top in tasks for task in _recursive_walk(top) if not task.children
    ]
    assert [(p.task.id, p.path, p.parent) for p in project.placed_tasks()] == list(
        _recursive_placed(tasks, ("tasks",), None)
    )
    for top in tasks:
        assert [task.id for task in top.walk()] == [task.id for task in _recursive_walk(top)]
