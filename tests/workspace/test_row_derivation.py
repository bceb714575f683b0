"""Rows derived again only where an edit changed the model are the rows derived afresh.

`row_derivation.derive(project, previous)` takes over a row of `previous` whose objects
are unchanged. The reference is `derive(project)` from nothing. Edits are made the way the
one-entry editor makes them (`yaml_entry_edit._spliced`: the changed entry and the
containers on its path are new objects, every other entity is the same object).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from steerco.app.workspace.row_derivation import Derivation, derive
from steerco.formats.project_yaml import parse_project_yaml
from steerco.formats.yaml_entry_edit import _spliced
from steerco.model import Project, Task, TaskProgress

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.yaml"))
PROJECTS = [parse_project_yaml(p.read_text(encoding="utf-8"), str(p)) for p in EXAMPLES]


def _changed(task: Task, kind: str) -> Task:
    """`task` with one field changed as a form would change it."""
    if kind == "name":
        return task.revised(name=task.name + " (revised)")
    if kind == "deadline" and not task.children:
        return task.revised(deadline=dt.date(2031, 1, 31))
    if kind == "unlinked":
        return task.revised(after=())
    return task.revised(description="changed in the workspace")


def _same_rows(fresh: Derivation, taken: Derivation) -> None:
    assert list(taken.rows) == list(fresh.rows)
    assert taken.rows == fresh.rows


@settings(max_examples=120, deadline=None)
@given(
    which=st.integers(0, len(PROJECTS) - 1),
    pick=st.integers(0, 10_000),
    kind=st.sampled_from(["name", "deadline", "unlinked", "description"]),
)
def test_an_edited_task_gives_the_rows_derived_afresh(which: int, pick: int, kind: str) -> None:
    before = PROJECTS[which]
    placed = list(before.placed_tasks())
    target = placed[pick % len(placed)]
    after = _spliced(before, target.path, _changed(target.task, kind))
    assert isinstance(after, Project)
    previous = derive(before)
    taken = derive(after, previous)
    _same_rows(derive(after), taken)
    # every task off the edited path is the same object: its row's data is taken over
    on_path = {target.path[:k] for k in range(2, len(target.path) + 1, 2)}
    for other in after.placed_tasks():
        if other.path not in on_path:
            key = ("tasks", other.task.id)
            assert taken.rows[key].data is previous.rows[key].data


WITH_MILESTONES = [
    k
    for k, project in enumerate(PROJECTS)
    if project.start is not None and any(task.milestone for task in project.leaves())
]


@pytest.mark.parametrize("which", WITH_MILESTONES, ids=[EXAMPLES[k].stem for k in WITH_MILESTONES])
def test_a_milestone_reached_changes_its_row(which: int) -> None:
    before = PROJECTS[which]
    reached = [task for task in before.leaves() if task.milestone][-1]
    status = before.progress.status_date or before.start
    progress = before.progress.revised(
        status_date=status,
        tasks={
            **before.progress.tasks,
            reached.id: TaskProgress(actual_start=status, actual_finish=status),
        },
    )
    after = before.revised(progress=progress)
    taken = derive(after, derive(before))
    _same_rows(derive(after), taken)
    assert taken.rows[("milestones", reached.id)].data["reached"] == status.isoformat()


def test_an_unchanged_project_takes_over_every_row() -> None:
    project = PROJECTS[0]
    previous = derive(project)
    again = derive(project, previous)
    assert all(again.rows[key] is row for key, row in previous.rows.items())


def test_a_chain_of_edits_compares_only_the_changed_entities(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Edit after edit, an unchanged task is the object the last derivation saw.

    So it is taken over by identity: neither dumped again nor compared field by field
    (a deep comparison of 1,000 tasks costs what dumping them does).
    """
    project = PROJECTS[0]
    # The rows as a push derived them: from a model read separately (equal, other objects);
    # the first edit after it compares every task by value, the next ones must not.
    derivation = derive(parse_project_yaml(EXAMPLES[0].read_text(encoding="utf-8"), "p.yaml"))
    compared: list[str] = []
    plain_eq = Task.__eq__

    def counted_eq(self: Task, other: object) -> bool:
        compared.append(self.id)
        return plain_eq(self, other)

    monkeypatch.setattr(Task, "__eq__", counted_eq)
    leaves = [placed for placed in project.placed_tasks() if not placed.task.children]
    for step, target in enumerate(leaves[:4]):
        compared.clear()
        task = project
        for part in target.path:
            task = getattr(task, part) if isinstance(part, str) else task[part]
        assert isinstance(task, Task)
        edited = _spliced(project, target.path, task.revised(name=f"step {step}"))
        assert isinstance(edited, Project)
        derivation = derive(edited, derivation)
        on_path = {
            placed.task.id
            for placed in edited.placed_tasks()
            if target.path[: len(placed.path)] == placed.path
        }
        if step > 0:
            assert set(compared) <= on_path
        project = edited
