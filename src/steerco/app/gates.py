"""Evaluate a project's gates: each gated milestone met, not met or unknown, on its plan date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from steerco.errors import Diagnostic
from steerco.model.gate import MetricGate, MetricSource
from steerco.model.project import Project
from steerco.track.gates import GateCheck, GateStatus, Observations

__all__ = ["GatesReport", "evaluate_gates", "fetch_observations", "planned_finishes"]


@dataclass(frozen=True)
class GatesReport:
    """The verdict on every gate (WBS order) and each milestone's critical-path finish date."""

    project: Project
    checks: tuple[GateCheck, ...]
    planned: Mapping[str, dt.date | int]
    """Finish of every task in the critical-path schedule: a date, or a unit without calendar."""
    warnings: tuple[Diagnostic, ...] = ()
    """Located `non_finite_metric` warnings: gates left unknown by a `nan` or `inf` value."""

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


def planned_finishes(project: Project) -> dict[str, dt.date | int]:
    """Each task's finish in the critical-path schedule (no levelling); empty when none."""
    from steerco.schedule.network import compile_project
    from steerco.schedule.options import SolveOptions
    from steerco.schedule.plan import Schedule
    from steerco.schedule.planner import plan_network

    plan = plan_network(
        compile_project(project), project=project, options=SolveOptions(method="cpm")
    )
    return {row.id: row.finish for row in plan.tasks()} if isinstance(plan, Schedule) else {}


def evaluate_gates(*, path: Path) -> GatesReport:
    """Read the project file at `path`, fetch each metric gate's values, judge every gate.

    Metrics files are found relative to the project file's folder. A file that cannot be
    read raises a located `ProjectError`; a source with no values leaves its gate unknown,
    and so does a `nan` or `inf` value (with a located `non_finite_metric` warning).
    """
    from steerco.formats.loader import load_project
    from steerco.track.gates import check_gates, non_finite_warnings

    project = load_project(path)

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
    return GatesReport(
        project=project,
        checks=checks,
        planned=planned_finishes(project),
        warnings=tuple(warnings),
    )
