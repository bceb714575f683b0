"""Evaluate a project's gates: each gated milestone met, not met or unknown, on its plan date.

The plan date is the milestone's finish in the plan every command dates by (`app.plan`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from steerco.errors import Diagnostic
from steerco.model.gate import MetricGate, MetricSource
from steerco.model.project import Project
from steerco.track.gates import GateCheck, GateStatus, Observations

if TYPE_CHECKING:
    from steerco.app.plan import DatedPlan

__all__ = ["GatesReport", "evaluate_gates", "fetch_observations", "planned_finishes"]


@dataclass(frozen=True)
class GatesReport:
    """The verdict on every gate (WBS order) and each milestone's finish in the plan."""

    project: Project
    checks: tuple[GateCheck, ...]
    planned: Mapping[str, dt.date | int]
    """Finish of every task in the plan (`steerco.app.plan`): a date, or a unit without calendar."""
    warnings: tuple[Diagnostic, ...] = ()
    """Located `non_finite_metric` warnings: gates left unknown by a `nan` or `inf` value."""
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


def evaluate_gates(
    *, path: Path, plan: DatedPlan | None = None, project: Project | None = None
) -> GatesReport:
    """Read the project file at `path`, fetch each metric gate's values, judge every gate.

    `plan`: the plan the milestones are dated by when the caller has it already (by
    default `planned_finishes` makes it); `project`: the file as loaded, likewise.

    Metrics files are found relative to the project file's folder. A file that cannot be
    read raises a located `ProjectError`; a source with no values leaves its gate unknown,
    and so does a `nan` or `inf` value (with a located `non_finite_metric` warning).
    """
    from steerco.formats.loader import load_project
    from steerco.track.gates import check_gates, non_finite_warnings

    project = project or load_project(path)

    def fetch(gate: MetricGate) -> Observations:
        return fetch_observations(gate.source, gate.metric, path.parent)

    checks = tuple(check_gates(project, fetch))
    warnings = non_finite_warnings(project, checks)
    if warnings:
        from steerco.formats.files import read_text
        from steerco.formats.yaml_source import load_yaml
        from steerco.library.people import locate

        _, locations = load_yaml(read_text(path), str(path))
        warnings = locate(warnings, locations, str(path))
    if plan is None:
        planned, plan = planned_finishes(project)
    else:
        planned = {row.id: row.finish for row in plan.schedule.tasks()}
    return GatesReport(
        project=project,
        checks=checks,
        planned=planned,
        warnings=tuple(warnings),
        plan=plan.name,
        notes=plan.notes,
    )
