"""`steerco gates`: each gated milestone as met, not met or unknown, with the evidence."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from steerco.cli.options import FileArgument, TableOrJson

if TYPE_CHECKING:
    from steerco.model.gate import ManualGate, MetricGate, MetricSource
    from steerco.model.project import Project
    from steerco.track.gates import GateCheck, Observations

__all__ = ["fetch_observations", "gates", "gates_object"]

_STYLE = {"met": "green", "not_met": "bold red", "unknown": "yellow"}


def fetch_observations(source: MetricSource, metric: str, base: Path) -> Observations:
    """The values of `metric` at `source`: a file (relative to `base`) or an MLflow store."""
    if source.file is not None:
        from steerco.formats.metrics_file import load_metrics

        return load_metrics(base / source.file, metric, run=source.run)
    from steerco.integrations.mlflow import fetch_mlflow

    return fetch_mlflow(source, metric)


def _iso(value: dt.date | int | None) -> str | int | None:
    return value.isoformat() if isinstance(value, dt.date) else value


_METRIC_KEYS = ("metric", "op", "threshold", "aggregate", "source")
_MANUAL_KEYS = ("approver", "decision", "date")


def _gate_fields(gate: MetricGate | ManualGate) -> dict[str, Any]:
    """The gate's own keys, with null for those of the other kind of gate."""
    from steerco.model.gate import ManualGate

    fields: dict[str, Any] = dict.fromkeys(_METRIC_KEYS + _MANUAL_KEYS)
    if isinstance(gate, ManualGate):
        fields.update(
            kind="manual", approver=gate.approver, decision=gate.decision, date=_iso(gate.date)
        )
    else:
        fields.update(
            kind="metric",
            metric=gate.metric,
            op=gate.op,
            threshold=gate.threshold,
            aggregate=gate.aggregate,
            source=gate.source.model_dump(exclude_none=True),
        )
    return fields


def _record(check: GateCheck, planned: str | int | None) -> dict[str, Any]:
    gate, result, evidence = check.task.gate, check.result, check.result.evidence
    assert gate is not None
    fields = _gate_fields(gate)
    return {
        "task": check.task.id,
        "name": check.task.label(),
        "planned": planned,
        "kind": fields.pop("kind"),
        "status": result.status,
        "reason": result.reason,
        **{key: fields[key] for key in _METRIC_KEYS},
        "count": result.count,
        "evidence": None
        if evidence is None
        else {
            "value": evidence.value,
            "run": evidence.run,
            "when": None if evidence.when is None else evidence.when.isoformat(),
            "step": evidence.step,
        },
        **{key: fields[key] for key in _MANUAL_KEYS},
        "note": gate.note,
    }


def gates_object(project: Project, checks: list[GateCheck]) -> dict[str, Any]:
    """The JSON object of `steerco gates`: one record per gate and the counts by status."""
    from steerco.schedule.network import compile_project
    from steerco.schedule.options import SolveOptions
    from steerco.schedule.plan import Schedule
    from steerco.schedule.planner import plan_network

    plan = plan_network(
        compile_project(project), project=project, options=SolveOptions(method="cpm")
    )
    finish = {row.id: row.finish for row in plan.tasks()} if isinstance(plan, Schedule) else {}
    records = [_record(check, _iso(finish.get(check.task.id))) for check in checks]
    counts = {status: sum(r["status"] == status for r in records) for status in _STYLE}
    return {"project": project.name, **counts, "gates": records}


def _evidence(record: dict[str, Any]) -> str:
    """The value and where it came from, or why there is none (or the decision taken)."""
    evidence = record["evidence"]
    if evidence is None:
        return str(record["reason"])
    where = [f"run {evidence['run']}"] if evidence["run"] else []
    if evidence["step"] is not None:
        where.append(f"step {evidence['step']}")
    if evidence["when"]:
        where.append(str(evidence["when"])[:16].replace("T", " "))
    return f"{evidence['value']:g}" + (f" ({', '.join(where)})" if where else "")


def _gate_text(record: dict[str, Any]) -> str:
    if record["kind"] == "manual":
        return f"go/no-go by {record['approver']}"
    which = "" if record["aggregate"] == "last" else f"{record['aggregate']} "
    return f"{which}{record['metric']} {record['op']} {record['threshold']:g}"


def _print_table(data: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    if not data["gates"]:
        console.print(f"{data['project']}: no milestone carries a gate")
        return
    table = Table(title=f"Gates — {data['project']}", header_style="bold")
    table.add_column("Milestone")
    table.add_column("Planned", no_wrap=True)
    table.add_column("Gate")
    table.add_column("Status", no_wrap=True)
    table.add_column("Evidence")
    for record in data["gates"]:
        table.add_row(
            record["name"],
            str(record["planned"]),
            _gate_text(record),
            record["status"].replace("_", " "),
            _evidence(record),
            style=_STYLE[record["status"]],
        )
    console.print(table)
    console.print(
        f"{data['met']} met, {data['not_met']} not met, {data['unknown']} unknown "
        f"of {len(data['gates'])} gates"
    )


def gates(
    file: FileArgument,
    output_format: Annotated[
        TableOrJson,
        typer.Option("--format", "-f", help="table: for people; json: one JSON object."),
    ] = TableOrJson.table,
) -> None:
    """Show each gated milestone as met, not met or unknown, with the evidence."""
    from steerco.cli.main import guarded
    from steerco.formats.loader import load_project
    from steerco.track.gates import check_gates

    project = guarded(lambda: load_project(file))
    base = file.parent

    def fetch(gate: MetricGate) -> Observations:
        return fetch_observations(gate.source, gate.metric, base)

    checks = guarded(lambda: check_gates(project, fetch))
    data = gates_object(project, checks)
    if output_format == TableOrJson.json:
        sys.stdout.write(json.dumps(data) + "\n")
    else:
        _print_table(data)
