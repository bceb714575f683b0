"""`steerco evm`: earned value and earned schedule at a status date, against a baseline."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from steerco.cli.options import (
    OutputOption,
    TableOrJson,
    TableOrJsonOption,
    WideOption,
    date_option,
)

if TYPE_CHECKING:
    from rich.console import Console

__all__ = ["evm"]


def _show(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


_PLURAL = {"day": "days", "hour": "hours", "period": "periods", "unit": "units"}


def _effort_caption(unit: str) -> str:
    """What the figures count when the baseline has no costs."""
    units = _PLURAL.get(unit, unit)
    return (
        f"In effort: working {units} x the units each task demands (1 where it demands "
        "none), as the baseline has no costs."
    )


def _too_early(forecast: str | None, earliest: str | None) -> bool:
    """Whether the earned-schedule finish comes before the earliest finish possible."""
    return forecast is not None and earliest is not None and forecast < earliest


def _finish_words(data: dict[str, Any]) -> str:
    """The earned-schedule finish, flagged when the remaining work cannot reach it."""
    forecast, earliest = data["forecast_finish"], data["earliest_finish"]
    words = f"earned-schedule finish {forecast or '—'}"
    if _too_early(forecast, earliest):
        words += (
            f", before {earliest}, the earliest finish the remaining work allows: "
            "not a date the project can finish on"
        )
    return words


def _draw(console: Console, data: dict[str, Any]) -> None:
    """The earned value table and its summary lines, from the JSON object."""
    from steerco.cli.tables import Col, Row, print_table

    effort = data["measure"] == "effort"
    caption = _effort_caption(data["unit"]) if effort else None
    units = _PLURAL.get(data["unit"], data["unit"])
    money = f"Effort in working {units} x units" if effort else f"Money in {data['currency']}"
    columns = [
        Col("Node"),
        Col("BAC", "figure", priority=1, justify="right"),
        Col("PV", "figure", priority=2, justify="right"),
        Col("EV", "figure", justify="right"),
        Col("AC", "figure", priority=2, justify="right"),
        Col("SPI", "figure", justify="right"),
        Col("CPI", "figure", justify="right"),
        Col("SPI(t)", "figure", priority=3, justify="right"),
        Col("EAC", "figure", justify="right"),
        Col("VAC", "figure", priority=4, justify="right"),
    ]
    rows = [
        Row(
            [
                name,
                *(_show(node[k], 0) for k in ("bac", "pv", "ev", "ac")),
                *(_show(node[k]) for k in ("spi", "cpi", "spi_t")),
                _show(node["eac"], 0),
                _show(node["vac"], 0),
            ],
            style="bold" if name == "Project" else None,
        )
        for name, node in [("Project", data), *data["wbs"].items()]
    ]
    title = f"Earned value at {data['status_date']} against baseline '{data['baseline']}'"
    print_table(console, columns, rows, title=title, header_style="bold", caption=caption)
    console.print(
        f"{money}. Actual time {_show(data['actual_time'], 1)} units, earned schedule "
        f"{_show(data['earned_schedule'], 1)}, SV(t) {_show(data['sv_t'], 1)}; "
        f"IEAC(t) {_show(data['ieac_t'], 1)} of {_show(data['planned_duration'], 0)} planned "
        f"({_finish_words(data)}). "
        f"EAC: {_show(data['eac'], 0)} (CPI), {_show(data['eac_atypical'], 0)} (atypical), "
        f"{_show(data['eac_cpi_spi'], 0)} (CPI x SPI). TCPI {_show(data['tcpi'])}.",
        markup=False,
    )
    added = data["unbaselined"]
    if added:
        each = ", ".join(
            f"{task_id} (AC {_show(data['tasks'][task_id]['ac'], 0)})" for task_id in added
        )
        console.print(
            f"Not in the baseline, so without a budget: {each}; counted in the actual cost "
            "of the project and of the WBS nodes they are under.",
            markup=False,
        )
    overhead = data.get("overhead")
    if overhead is not None:
        console.print(
            f"Overhead: planned {_show(overhead['planned'], 0)}, spent "
            f"{_show(overhead['to_date'], 0)}, at completion {_show(overhead['at_completion'], 0)}"
            f" (over IEAC(t)); EAC with overhead {_show(overhead['eac'], 0)}, "
            f"VAC {_show(overhead['vac'], 0)}.",
            markup=False,
        )


def _draw_trend(console: Console, data: dict[str, Any]) -> None:
    """One row per point of the trend: SPI, CPI, SPI(t), EAC and the forecast finish."""
    from steerco.cli.tables import Col, Row, print_table

    columns = [
        Col("Status date"),
        Col("SPI", "figure", justify="right"),
        Col("CPI", "figure", justify="right"),
        Col("SPI(t)", "figure", priority=1, justify="right"),
        Col("EAC", "figure", justify="right"),
        Col("Forecast finish"),
    ]
    rows = [
        Row(
            [
                str(point["status_date"]),
                _show(point["spi"]),
                _show(point["cpi"]),
                _show(point["spi_t"]),
                _show(point["eac"], 0),
                str(point["forecast_finish"] or "—")
                + ("*" if _too_early(point["forecast_finish"], point["earliest_finish"]) else ""),
            ]
        )
        for point in data["trend"]
    ]
    title = f"Earned value trend against baseline '{data['baseline']}'"
    notes = [_effort_caption("unit")] if data["measure"] == "effort" else []
    if any(_too_early(p["forecast_finish"], p["earliest_finish"]) for p in data["trend"]):
        notes.append(
            "* The earned-schedule finish (IEAC(t)) is before the earliest finish the "
            "remaining work allowed at that date."
        )
    caption = " ".join(notes) or None
    print_table(console, columns, rows, title=title, header_style="bold", caption=caption)


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
        bool,
        typer.Option("--trend", help="SPI, CPI and earned-schedule finish at every snapshot."),
    ] = False,
    output_format: TableOrJsonOption = TableOrJson.table,
    output: OutputOption = None,
    wide: WideOption = False,
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
            trend_data = evm_trend_object(points)
            emit_rich(lambda console: _draw_trend(console, trend_data), output, wide=wide)
        return
    day = status_date.date() if status_date else None
    measured = guarded(lambda: earned_value_at(path=file, status_date=day, baseline=baseline))
    if output_format == TableOrJson.json:
        emit(evm_json(measured), output)
    else:
        data = evm_object(measured)
        emit_rich(lambda console: _draw(console, data), output, wide=wide)
