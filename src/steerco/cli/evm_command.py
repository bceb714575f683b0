"""`steerco evm`: earned value and earned schedule at a status date, against a baseline."""

from __future__ import annotations

import datetime as dt
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import numpy as np
import typer

from steerco.cli.options import TableOrJson, date_option

if TYPE_CHECKING:
    from steerco.model import Progress, Project
    from steerco.model.baseline import Baseline
    from steerco.schedule.network import Network
    from steerco.track.earned import ProjectEarnedValue
    from steerco.track.evm import EarnedValue

__all__ = ["evm"]

MEASURES = (
    "bac", "pv", "ev", "ac", "sv", "cv", "spi", "cpi", "eac", "eac_atypical", "eac_cpi_spi",
    "eac_manager", "etc", "vac", "tcpi", "tcpi_eac", "planned_duration", "earned_schedule",
    "actual_time", "sv_t", "spi_t", "ieac_t", "tspi",
)  # fmt: skip
"""The fields of every measured node in the JSON, in order (see docs/earned-value.md)."""


@dataclass(frozen=True)
class _Sources:
    """What `evm` reads once: the project, its baseline and snapshots, the plain network."""

    project: Project
    baseline: Baseline
    snapshots: list[Progress]
    network: Network


def progress_at(project: Project, snapshots: list[Progress], day: dt.date | None) -> Progress:
    """The progress to measure: the latest snapshot on or before `day` (the file's own last).

    Without `day`, the file's progress at its status date. Before any snapshot, no progress
    at `day`.
    """
    from steerco.errors import ProjectError
    from steerco.model import Progress

    current = project.progress
    if day is None:
        if current.status_date is None:
            raise ProjectError.single(
                "no_status_date",
                "the project has no status date: record progress with `steerco update`, "
                "or give --status-date",
            )
        return current
    dated = [p for p in [*snapshots, current] if p.status_date is not None and p.status_date <= day]
    if not dated:
        return Progress(status_date=day)
    latest = max(p.status_date for p in dated if p.status_date is not None)
    return [p for p in dated if p.status_date == latest][-1]


def _load(file: Path, baseline_name: str | None) -> _Sources:
    """The project, its baseline and snapshots, and its network without progress."""
    from steerco.formats.baselines_file import load_baseline
    from steerco.formats.loader import load_project
    from steerco.formats.snapshots import load_snapshots
    from steerco.model import Progress
    from steerco.schedule.network import compile_project

    project = load_project(file)
    baseline = load_baseline(file, baseline_name)
    network = compile_project(project.model_copy(update={"progress": Progress()}))
    return _Sources(project, baseline, load_snapshots(file), network)


def _measure(sources: _Sources, chosen: Progress) -> ProjectEarnedValue:
    """The earned value of the project with the progress `chosen` (unknown tasks left out)."""
    from steerco.schedule.status import network_progress
    from steerco.track.earned import project_earned_value

    project, network = sources.project, sources.network
    leaves = set(network.ids)
    chosen = chosen.model_copy(
        update={"tasks": {k: v for k, v in chosen.tasks.items() if k in leaves}}
    )
    state = network_progress(project.model_copy(update={"progress": chosen}), network)
    assert network.costs is not None
    return project_earned_value(
        sources.baseline,
        network.ids,
        state,
        network.costs,
        status_date=chosen.status_date,
        manager_eac=chosen.manager_eac,
    )


def _node(value: EarnedValue) -> dict[str, Any]:
    return {key: getattr(value, key) for key in MEASURES}


def _finish_date(network: Network, units: float | None) -> str | None:
    """The working day on which a time point in units falls (the foundation's convention)."""
    from steerco.forecast.result import point_dates

    dates = None if units is None else point_dates(network, np.array([units]))
    return None if dates is None else dates[0].isoformat()


def evm_object(measured: ProjectEarnedValue, network: Network) -> dict[str, Any]:
    """The JSON object of `steerco evm --format json`."""
    top = measured.project
    return {
        "status_date": measured.status_date.isoformat() if measured.status_date else None,
        "baseline": measured.baseline,
        "unit": network.unit,
        "currency": network.currency,
        **_node(top),
        "forecast_finish": _finish_date(network, top.ieac_t),
        "wbs": {key: _node(value) for key, value in measured.wbs.items()},
        "tasks": {key: _node(value) for key, value in measured.tasks.items()},
    }


def _show(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


def _render(data: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    money = data["currency"]
    table = Table(
        title=f"Earned value at {data['status_date']} against baseline '{data['baseline']}'",
        header_style="bold",
    )
    for column in ("Node", "BAC", "PV", "EV", "AC", "SPI", "CPI", "SPI(t)", "EAC", "VAC"):
        table.add_column(column, justify="left" if column == "Node" else "right")
    rows = [("Project", data), *data["wbs"].items()]
    for name, node in rows:
        table.add_row(
            name,
            *(_show(node[k], 0) for k in ("bac", "pv", "ev", "ac")),
            *(_show(node[k]) for k in ("spi", "cpi", "spi_t")),
            _show(node["eac"], 0),
            _show(node["vac"], 0),
            style="bold" if name == "Project" else None,
        )
    console.print(table)
    console.print(
        f"Money in {money}. Actual time {_show(data['actual_time'], 1)} units, earned schedule "
        f"{_show(data['earned_schedule'], 1)}, SV(t) {_show(data['sv_t'], 1)}; "
        f"IEAC(t) {_show(data['ieac_t'], 1)} of {_show(data['planned_duration'], 0)} planned "
        f"(forecast finish {data['forecast_finish'] or '—'}). "
        f"EAC: {_show(data['eac'], 0)} (CPI), {_show(data['eac_atypical'], 0)} (atypical), "
        f"{_show(data['eac_cpi_spi'], 0)} (CPI x SPI). TCPI {_show(data['tcpi'])}."
    )


def _trend(sources: _Sources) -> dict[str, Any]:
    saved = [*sources.snapshots, sources.project.progress]
    points = []
    for day in sorted({p.status_date for p in saved if p.status_date is not None}):
        top = _measure(sources, progress_at(sources.project, sources.snapshots, day)).project
        points.append(
            {
                "status_date": day.isoformat(),
                **{k: getattr(top, k) for k in ("pv", "ev", "ac", "spi", "cpi", "spi_t")},
                "eac": top.eac,
                "ieac_t": top.ieac_t,
                "forecast_finish": _finish_date(sources.network, top.ieac_t),
            }
        )
    return {"baseline": sources.baseline.name, "trend": points}


def evm(
    file: Annotated[Path, typer.Argument(help="The project file (.yaml).", show_default=False)],
    status_date: Annotated[
        dt.datetime | None,
        date_option(
            "--status-date",
            "Measure at the latest snapshot on or before this date (default: the file's).",
        ),
    ] = None,
    baseline: Annotated[
        str | None,
        typer.Option("--baseline", help="The baseline to measure against.", show_default=False),
    ] = None,
    trend: Annotated[
        bool, typer.Option("--trend", help="SPI, CPI and forecast finish at every snapshot.")
    ] = False,
    output_format: Annotated[
        TableOrJson,
        typer.Option("--format", "-f", help="table: for people; json: one JSON object."),
    ] = TableOrJson.table,
) -> None:
    """Earned value and earned schedule: on time, on budget, and where the project will land."""
    from steerco.cli.main import guarded

    sources = guarded(lambda: _load(file, baseline))
    if trend:
        data = guarded(lambda: _trend(sources))
        if output_format == TableOrJson.json:
            sys.stdout.write(json.dumps(data, indent=2) + "\n")
            return
        for point in data["trend"]:
            sys.stdout.write(
                f"{point['status_date']}: SPI {_show(point['spi'])}, CPI {_show(point['cpi'])}, "
                f"SPI(t) {_show(point['spi_t'])}, EAC {_show(point['eac'], 0)}, "
                f"forecast finish {point['forecast_finish'] or '—'}\n"
            )
        return
    day = status_date.date() if status_date else None
    measured = guarded(
        lambda: _measure(sources, progress_at(sources.project, sources.snapshots, day))
    )
    data = evm_object(measured, sources.network)
    if output_format == TableOrJson.json:
        sys.stdout.write(json.dumps(data, indent=2) + "\n")
    else:
        _render(data)
