"""Whole-project checks of training runs and the gates that read them.

A `run` belongs on a leaf task (a training task); a gate `source: {task: ID}` names such a
task; a gate's `rework: {task: ID}` names a task that can be done when the gate fails.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from steerco.codes import Code
from steerco.errors import Diagnostic, Path, did_you_mean
from steerco.model.gate import MetricGate

if TYPE_CHECKING:
    from steerco.model.project import PlacedTask, Project
    from steerco.model.task import Task

__all__ = ["check_runs_and_gates"]


def _predecessors(project: Project, leaf_ids: Iterable[str]) -> set[str]:
    """Every task that must finish (or start) before one of `leaf_ids`: links followed back.

    A dependency on a summary counts for each of its leaves, and the summary itself is
    listed too; `leaf_ids` themselves are included.
    """
    from steerco.model.validate import leaf_links

    leaves, links = leaf_links(project)
    before: dict[int, set[int]] = {}
    for p, s, _, _ in links:
        before.setdefault(s, set()).add(p)
    index = {leaf.id: i for i, leaf in enumerate(leaves)}
    seen: set[int] = set()
    todo = [index[i] for i in leaf_ids if i in index]
    while todo:
        i = todo.pop()
        if i in seen:
            continue
        seen.add(i)
        todo.extend(before.get(i, ()))
    found = {leaves[i].id for i in seen}
    found |= {
        task.id
        for task in project.all_tasks()
        if task.children and any(leaf.id in found for leaf in task.leaves())
    }
    return found


def _check_runs(placed_tasks: Sequence[PlacedTask], out: list[Diagnostic]) -> None:
    """A `run` on a summary or a milestone is `bad_run`: a run is a training task's."""
    for placed in placed_tasks:
        task = placed.task
        if task.run is None or task.kind == "task":
            continue
        out.append(
            Diagnostic(
                Code.bad_run,
                f"{task.kind} {task.id!r} cannot have a `run`: a run belongs to a training "
                f"task{'; put it on one of its tasks' if task.children else ''}",
                (*placed.path, "run"),
            )
        )


def _check_source(
    gate: MetricGate, path: Path, tasks: dict[str, Task], out: list[Diagnostic]
) -> None:
    """A `source: {task: ID}` names a leaf task that has a `run`."""
    name = gate.source.task
    if name is None:
        return
    where = (*path, "gate", "source", "task")
    task = tasks.get(name)
    if task is None:
        message = f"no task has id {name!r}{did_you_mean(name, list(tasks))}"
        out.append(Diagnostic(Code.unknown_task, message, where))
    elif task.run is None or task.kind != "task":
        which = f"{task.kind} {name!r}" if task.kind != "task" else f"task {name!r}"
        message = (
            f"{which} has no `run` to read {gate.metric!r} from; give the training task "
            "a `run: {source: ..., path: ..., steps: ...}`, or name the task that has one"
        )
        out.append(Diagnostic(Code.bad_run, message, where))


def _check_rework(
    project: Project,
    milestone: Task,
    gate: MetricGate,
    path: Path,
    tasks: dict[str, Task],
    claimed: dict[str, str],
    out: list[Diagnostic],
) -> None:
    """A `rework: {task: ID}` names a task with work in it, done only after the gate fails.

    Not the gated milestone (nor a summary holding it), not a milestone, not the run the
    gate judges nor a task before it, and not the rework of another gate.
    """
    name = gate.rework.task if gate.rework is not None else None
    if name is None:
        return
    where = (*path, "gate", "rework", "task")
    task = tasks.get(name)
    why: str | None = None
    if task is None:
        why = (
            f"no task has id {name!r}{did_you_mean(name, list(tasks))}; name the task done when "
            "the gate fails, or write a duration (`rework: 10d`)"
        )
    elif any(leaf.id == milestone.id for leaf in task.leaves()):
        why = (
            f"the rework of {milestone.id!r} cannot be the gated milestone itself; name the "
            "task done when the gate fails"
        )
    elif all(leaf.milestone for leaf in task.leaves()):
        why = f"{name!r} is a milestone and takes no time: name a task with work in it"
    elif gate.source.task is not None and name in _predecessors(project, [gate.source.task]):
        why = (
            f"{name!r} comes before the run {gate.source.task!r} whose metric the gate "
            "judges, so it cannot be done because the gate failed; name a task after it"
        )
    elif name in claimed:
        why = f"{name!r} is already the rework of the gate of {claimed[name]!r}"
    if why is not None:
        out.append(Diagnostic(Code.bad_rework, why, where))
    else:
        claimed[name] = milestone.id


def check_runs_and_gates(
    project: Project, out: list[Diagnostic], placed_tasks: Sequence[PlacedTask]
) -> None:
    """Append a diagnostic for each misplaced `run` and each gate reference that fails.

    `placed_tasks`: the project's `placed_tasks()`, walked once by the caller.
    """
    _check_runs(placed_tasks, out)
    tasks = {placed.task.id: placed.task for placed in placed_tasks}
    claimed: dict[str, str] = {}
    for placed in placed_tasks:
        gate = placed.task.gate
        if isinstance(gate, MetricGate):
            _check_source(gate, placed.path, tasks, out)
            _check_rework(project, placed.task, gate, placed.path, tasks, claimed, out)
