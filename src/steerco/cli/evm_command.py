"""`steerco evm`: earned value and earned schedule at a status date, against a baseline."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from steerco.cli.options import OutputOption, TableOrJson, date_option

if TYPE_CHECKING:
    from rich.console import Console

__all__ = ["evm"]


def _show(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


def _draw(console: Console, data: dict[str, Any]) -> None:
    """The earned value table and its summary lines, from the JSON object."""
    from rich.table import Table

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


def _trend_lines(data: dict[str, Any]) -> str:
    """One line per point of the trend, for people."""
    return "".join(
        f"{point['status_date']}: SPI {_show(point['spi'])}, CPI {_show(point['cpi'])}, "
        f"SPI(t) {_show(point['spi_t'])}, EAC {_show(point['eac'], 0)}, "
        f"forecast finish {point['forecast_finish'] or '—'}\n"
        for point in data["trend"]
    )


def evm(
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="The project file (.yaml).", show_default=False)
    ],
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
    output: OutputOption = None,
) -> None:
    """Earned value and earned schedule: on time, on budget, and where the project will land."""
    from steerco.app.earned_value import earned_value_at, earned_value_trend
    from steerco.cli.main import guarded
    from steerco.cli.output import emit, emit_rich
    from steerco.render.evm import evm_json, evm_object, evm_trend_json, evm_trend_object

    if trend:
        points = guarded(lambda: earned_value_trend(path=file, baseline=baseline))
        if output_format == TableOrJson.json:
            emit(evm_trend_json(points), output)
        else:
            emit(_trend_lines(evm_trend_object(points)), output)
        return
    day = status_date.date() if status_date else None
    measured = guarded(lambda: earned_value_at(path=file, status_date=day, baseline=baseline))
    if output_format == TableOrJson.json:
        emit(evm_json(measured), output)
    else:
        data = evm_object(measured)
        emit_rich(lambda console: _draw(console, data), output)
