"""Evaluate a project's gates: each gated milestone met, not met or unknown, on its plan date.

The plan date is the milestone's finish in the plan every command dates by (`app.plan`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from steerco.app.runs import RunReader, read_run
from steerco.app.runs import fetch_run as fetch_log
from steerco.codes import Code
from steerco.errors import Diagnostic, warning
from steerco.model.gate import MetricGate, MetricSource
from steerco.model.project import Project
from steerco.model.run import RunLink
from steerco.track.gates import GateCheck, GateResult, GateStatus, Observations
from steerco.track.run_gates import OUTLOOK_SEED
from steerco.track.runs import RunFetch

if TYPE_CHECKING:
    from steerco.app.plan import DatedPlan
    from steerco.model.task import Task

__all__ = [
    "GatesReport",
    "evaluate_gates",
    "fetch_observations",
    "judge_gates",
    "planned_finishes",
]


@dataclass(frozen=True)
class GatesReport:
    """The verdict on every gate (WBS order) and each milestone's finish in the plan."""

    project: Project
    checks: tuple[GateCheck, ...]
    planned: Mapping[str, dt.date | int]
    """Finish of every task in the plan (`steerco.app.plan`): a date, or a unit without calendar."""
    warnings: tuple[Diagnostic, ...] = ()
    """Located warnings: `run_log_unreadable` (a run's log, partly read), `non_finite_metric`
    (gates left unknown by a `nan` or `inf` value)."""
    plan: str = "critical path"
    """Which plan dates the milestones: `critical path` or `levelled (METHOD)`."""
    notes: tuple[str, ...] = ()
    """Why the plan is not levelled when levelling found no schedule."""

    def count(self, status: GateStatus) -> int:
        """How many gates have `status`."""
        return sum(check.result.status == status for check in self.checks)


def fetch_observations(source: MetricSource, metric: str, base: Path) -> Observations:
    """The values of `metric` at `source`: a file (relative to `base`) or an MLflow store."""
    if source.file is not None:
        from steerco.formats.metrics_file import load_metrics

        return load_metrics(base / source.file, metric, run=source.run)
    from steerco.integrations.mlflow import fetch_mlflow

    return fetch_mlflow(source, metric)


def planned_finishes(project: Project) -> tuple[dict[str, dt.date | int], DatedPlan]:
    """Each task's finish in the plan every command dates by, and that plan."""
    from steerco.app.plan import dating_plan
    from steerco.schedule.network import compile_project

    plan = dating_plan(compile_project(project), project)
    return {row.id: row.finish for row in plan.schedule.tasks()}, plan


def _gate_tags(project: Project, task_id: str, link: RunLink) -> frozenset[str] | None:
    """The scalars the gates on a task's run read: their metrics and the run's `tag`.

    None (every scalar) when the run names no `tag`: its progress is then the largest step
    of any scalar.
    """
    from steerco.track.gates import gated_milestones

    if link.tag is None:
        return None
    metrics = {
        gate.metric
        for milestone in gated_milestones(project)
        if isinstance(gate := milestone.gate, MetricGate) and gate.source.task == task_id
    }
    return frozenset({link.tag, *metrics})


def judge_gates(
    project: Project,
    path: Path,
    *,
    fetch_run: RunReader | None = None,
    seed: int = OUTLOOK_SEED,
) -> tuple[tuple[GateCheck, ...], tuple[Diagnostic, ...]]:
    """The verdict on every gate of `project` (read from `path`), and the located warnings.

    Metrics files are read relative to `path`'s folder; a gate on a training task reads
    that task's run (`fetch_run`, default `steerco.app.runs.fetch_run` of the scalars its
    gates and its `tag` need, `_gate_tags`; once per task) and,
    while the run trains, gets its learning-curve outlook drawn from `seed` (one stream per
    gate, `track.run_gates.gate_rng`). The run's warnings come first, each located at the
    task's `run` unless it names its own file; then `non_finite_metric` warnings.
    """
    from steerco.track.gates import check_gates, non_finite_warnings
    from steerco.track.run_gates import evaluate_run_gate, gate_rng

    read = fetch_run or read_run
    tasks = {placed.task.id: placed for placed in project.placed_tasks()}
    fetched: dict[str, RunFetch] = {}
    run_warnings: list[Diagnostic] = []

    def fetch(gate: MetricGate) -> Observations:
        return fetch_observations(gate.source, gate.metric, path.parent)

    def judge_run(milestone: Task, gate: MetricGate) -> GateResult:
        name = gate.source.task
        assert name is not None
        placed = tasks[name]
        link = placed.task.run
        assert link is not None  # validated: a gate's source task has a run
        if name not in fetched:
            fetched[name] = (
                read(link, path.parent)
                if fetch_run is not None
                else fetch_log(link, base=path.parent, tags=_gate_tags(project, name, link))
            )
            run_warnings.extend(
                d if d.file is not None else replace(d, path=(*placed.path, "run"))
                for d in fetched[name].warnings
            )
            if fetched[name].history is None and not fetched[name].warnings:
                # a missing log says so as `update --from-runs` does, not in the table alone
                why = fetched[name].missing or "its log could not be read"
                run_warnings.append(
                    warning(Code.run_log_unreadable, f"task {name!r}: {why}", (*placed.path, "run"))
                )
        return evaluate_run_gate(gate, link, fetched[name], rng=gate_rng(seed, milestone.id))

    checks = tuple(check_gates(project, fetch, judge_run=judge_run))
    warnings = [*run_warnings, *non_finite_warnings(project, checks)]
    unlocated = [d for d in warnings if d.file is None]
    if unlocated:
        from steerco.formats.files import read_text
        from steerco.formats.yaml_source import load_yaml
        from steerco.library.people import locate

        _, locations = load_yaml(read_text(path), str(path))
        located = iter(locate(unlocated, locations, str(path)))
        warnings = [d if d.file is not None else next(located) for d in warnings]
    return checks, tuple(warnings)


def evaluate_gates(
    *,
    path: Path,
    plan: DatedPlan | None = None,
    project: Project | None = None,
    fetch_run: RunReader | None = None,
    judged: tuple[tuple[GateCheck, ...], tuple[Diagnostic, ...]] | None = None,
) -> GatesReport:
    """Read the project file at `path`, fetch each metric gate's values, judge every gate.

    `plan`: the plan the milestones are dated by when the caller has it already (by
    default `planned_finishes` makes it); `project`: the file as loaded, likewise;
    `fetch_run`: how a training task's run is read (`judge_gates`); `judged`: what
    `judge_gates` gave, when the caller has it already (its logs are not read again).

    Metrics files are found relative to the project file's folder. A file that cannot be
    read raises a located `ProjectError`; a source with no values leaves its gate unknown,
    and so does a `nan` or `inf` value (with a located `non_finite_metric` warning). A
    gate on a run still training is likely or unlikely by its learning-curve outlook; a
    run's log that is missing or damaged leaves it unknown, with located warnings.
    """
    from steerco.formats.loader import load_project

    project = project or load_project(path)
    checks, warnings = judged or judge_gates(project, path, fetch_run=fetch_run)
    if plan is None:
        planned, plan = planned_finishes(project)
    else:
        planned = {row.id: row.finish for row in plan.schedule.tasks()}
    return GatesReport(
        project=project,
        checks=checks,
        planned=planned,
        warnings=warnings,
        plan=plan.name,
        notes=plan.notes,
    )
