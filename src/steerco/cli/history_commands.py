"""`steerco calibration` and `steerco throughput`: what the team's history says."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from steerco.cli.options import TableOrJson

if TYPE_CHECKING:
    from steerco.forecast.calibration import Calibration
    from steerco.forecast.throughput import ThroughputCount, ThroughputWhen
    from steerco.formats.history import ThroughputHistory

__all__ = ["calibration", "throughput"]

T = TypeVar("T")

HistoryArgument = Annotated[
    Path,
    typer.Argument(help="A history file (.csv, .yaml or .yml).", show_default=False),
]


FormatOption = Annotated[
    TableOrJson,
    typer.Option("--format", "-f", help="table: for people; json: one JSON object."),
]


def _in_file(file: Path, action: Callable[[], T]) -> T:
    """Run `action` under `guarded`, naming `file` in diagnostics that have no file."""
    from steerco.cli.main import guarded
    from steerco.errors import ProjectError

    def located() -> T:
        try:
            return action()
        except ProjectError as error:
            error.diagnostics = [
                d.located(str(file), d.line, d.column) if d.file is None else d
                for d in error.diagnostics
            ]
            raise

    return guarded(located)


def _ratio(value: float) -> str:
    return f"{value:.2f}×"


def _calibration_json(calibrated: Calibration) -> dict[str, Any]:
    from steerco.forecast.calibration import DEFAULT_POOL, accuracy

    out: dict[str, Any] = {"records": calibrated.records, "estimators": {}, "categories": {}}
    for row in accuracy(calibrated):
        section = out["estimators" if row.kind == "estimator" else "categories"]
        section[row.name] = {
            "count": row.count,
            "median": row.median,
            "p10": row.p10,
            "p90": row.p90,
            "mean": row.mean,
            "within_estimate": row.within_estimate,
        }
    p10, median, p90 = (float(v) for v in _percentiles(DEFAULT_POOL))
    out["default"] = {"median": median, "p10": p10, "p90": p90}
    return out


def _percentiles(pool: Any) -> Any:
    import numpy as np

    return np.percentile(pool, [10, 50, 90])


def _print_calibration(data: dict[str, Any], file: Path) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    for key, title in (("estimators", "Estimator"), ("categories", "Category")):
        if not data[key]:
            continue
        table = Table(title=f"{title} accuracy — {file}", header_style="bold")
        table.add_column(title)
        for column in ("Tasks", "Median", "P10", "P90", "Mean", "Within estimate"):
            table.add_column(column, justify="right")
        for name, row in data[key].items():
            late = row["median"] > 1.25 or row["p90"] > 2.5
            table.add_row(
                name,
                str(row["count"]),
                _ratio(row["median"]),
                _ratio(row["p10"]),
                _ratio(row["p90"]),
                _ratio(row["mean"]),
                f"{row['within_estimate']:.0%}",
                style="red" if late else None,
            )
        console.print(table)
    default = data["default"]
    console.print(
        "Ratio = actual / estimate (1.50× took half again as long as estimated); "
        "80% of the tasks fall between P10 and P90."
    )
    console.print(
        "Estimators and categories without history get the default: median "
        f"{_ratio(default['median'])}, P10 {_ratio(default['p10'])}, "
        f"P90 {_ratio(default['p90'])}."
    )


def calibration(history: HistoryArgument, output_format: FormatOption = TableOrJson.table) -> None:
    """Report how each estimator's and each category's estimates compare with the actuals."""
    from steerco.forecast.calibration import calibrate
    from steerco.formats.history import load_history

    records = _in_file(history, lambda: load_history(history))
    data = _calibration_json(_in_file(history, lambda: calibrate(records)))
    if output_format == TableOrJson.json:
        sys.stdout.write(json.dumps(data) + "\n")
    else:
        _print_calibration(data, history)


def _label(history: ThroughputHistory, first: dt.date | int, n: int) -> dt.date | int:
    """The date (or number) of the n-th forecast period, counting `first` as period 1."""
    if isinstance(first, dt.date):
        return first + dt.timedelta(days=(history.period_days or 1) * (n - 1))
    return first + n - 1


def _point(history: ThroughputHistory, text: str, option: str) -> dt.date | int:
    """A date (history by date) or a period number (history by period) from the command line."""
    try:
        if history.period_days is None:
            return int(text)
        return dt.date.fromisoformat(text)
    except ValueError:
        wanted = "a period number" if history.period_days is None else "a date like 2027-01-04"
        raise typer.BadParameter(f"{text!r} is not {wanted}", param_hint=option) from None


def _periods_through(history: ThroughputHistory, first: dt.date | int, until: dt.date | int) -> int:
    """How many forecast periods, from `first`, have a date (or number) no later than `until`."""
    if isinstance(until, dt.date) and isinstance(first, dt.date):
        return (until - first).days // (history.period_days or 1) + 1
    if isinstance(until, int) and isinstance(first, int):
        return until - first + 1
    raise TypeError("a date and a period number cannot be compared")  # pragma: no cover


def _unit(history: ThroughputHistory) -> str:
    return {1: "day", 7: "week"}.get(history.period_days or 0, "period")


def _iso(value: dt.date | int | None) -> str | int | None:
    return value.isoformat() if isinstance(value, dt.date) else value


def _when_json(
    history: ThroughputHistory, first: dt.date | int, result: ThroughputWhen
) -> dict[str, Any]:
    return {
        "forecast": "when",
        "items": result.items,
        "percentiles": {
            f"P{q}": {
                "periods": periods,
                "finish": None if periods is None else _iso(_label(history, first, periods)),
            }
            for q, periods in result.percentiles.items()
        },
        "mean_periods": result.mean,
        "unfinished": result.unfinished,
        "max_periods": result.max_periods,
    }


def _count_json(by: dt.date | int, result: ThroughputCount) -> dict[str, Any]:
    return {
        "forecast": "how_many",
        "by": _iso(by),
        "periods": result.periods,
        "percentiles": {f"P{q}": count for q, count in result.percentiles.items()},
        "mean_items": result.mean,
    }


def _print_throughput(data: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    unit, past = data["period"], data["history"]
    runs = f"{data['iterations']:,} runs"
    if data["forecast"] == "when":
        table = Table(title=f"When will {data['items']} items be done?", header_style="bold")
        table.add_column("Likelihood")
        table.add_column("Done by")
        table.add_column(f"{unit.capitalize()}s", justify="right")
        for name, cell in data["percentiles"].items():
            if cell["periods"] is None:
                table.add_row(name, f"not within {data['max_periods']} {unit}s", "—")
            else:
                table.add_row(name, str(cell["finish"]), str(cell["periods"]))
        console.print(table)
        console.print(f"{runs} from {data['start']}; P85: done by then in at least 85% of them.")
        if data["unfinished"]:
            console.print(
                f"[yellow]{data['unfinished']:,} runs were not done within "
                f"{data['max_periods']} {unit}s.[/yellow]"
            )
    else:
        table = Table(title=f"How many items by {data['by']}?", header_style="bold")
        table.add_column("Likelihood")
        table.add_column("Items", justify="right")
        for name, count in data["percentiles"].items():
            table.add_row(name, str(count))
        console.print(table)
        console.print(
            f"{runs} over {data['periods']} {unit}s from {data['start']}; "
            "P85: at least this many items in at least 85% of them."
        )
    console.print(
        f"History: {past['periods']} {unit}s, {past['first']} to {past['last']}, "
        f"{past['mean']:.2f} items a {unit} on average, {past['zeros']} {unit}s with none "
        f"({past['filled']} missing from the file, counted as 0)."
    )


def throughput(
    history: HistoryArgument,
    items: Annotated[
        int | None, typer.Option(min=1, help="When will this many items be done?")
    ] = None,
    by: Annotated[
        str | None,
        typer.Option(
            help="How many items will be done by this date (a period number for a history "
            "by period)?"
        ),
    ] = None,
    iterations: Annotated[int, typer.Option(min=1, help="Monte Carlo runs.")] = 10000,
    seed: Annotated[int, typer.Option(help="Seed of the random draws.")] = 0,
    start: Annotated[
        str | None,
        typer.Option(
            help="The first forecast period (a date, or a period number); default: the "
            "period after the history's last."
        ),
    ] = None,
    output_format: FormatOption = TableOrJson.table,
) -> None:
    """Forecast from throughput history: when N items will be done, or how many by a date."""
    if (items is None) == (by is None):
        raise typer.BadParameter("give either --items N or --by DATE", param_hint="--items/--by")
    import numpy as np

    from steerco.forecast.throughput import how_many, when_done
    from steerco.formats.history import load_throughput

    past = _in_file(history, lambda: load_throughput(history))
    first = _label(past, past.last, 2) if start is None else _point(past, start, "--start")
    rng = np.random.default_rng(seed)
    data: dict[str, Any] = {
        "period": _unit(past),
        "start": _iso(first),
        "iterations": iterations,
        "seed": seed,
        "history": {
            "periods": int(past.counts.size),
            "first": _iso(past.first),
            "last": _iso(past.last),
            "mean": float(past.counts.mean()),
            "zeros": int(np.count_nonzero(past.counts == 0)),
            "filled": past.filled,
        },
    }
    if items is not None:
        count = items
        result = _in_file(history, lambda: when_done(past.counts, count, iterations, rng))
        data |= _when_json(past, first, result)
    else:
        assert by is not None
        until = _point(past, by, "--by")
        periods = _periods_through(past, first, until)
        if periods < 1:
            raise typer.BadParameter(
                f"{by} is before the first forecast period, {_iso(first)}", param_hint="--by"
            )
        data |= _count_json(until, how_many(past.counts, periods, iterations, rng))
    if output_format == TableOrJson.json:
        sys.stdout.write(json.dumps(data) + "\n")
    else:
        _print_throughput(data)
