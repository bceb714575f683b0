"""`steerco flow`: Kanban flow of the backlog: cycle time, throughput, WIP, aging and CFD."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Annotated, Any

import typer

from steerco.cli.options import (
    FileArgument,
    OutputOption,
    TableOrJson,
    TableOrJsonOption,
    WideOption,
    date_option,
)

if TYPE_CHECKING:
    from rich.console import Console

__all__ = ["CFD_DAILY_DAYS", "flow"]

CFD_DAILY_DAYS = 28
"""The table shows the cumulative flow day by day up to this many days, else week by week."""
_DROP = {"in_progress": 1, "done": 2, "todo": 3}
"""Which status columns of the cumulative flow a narrow table leaves out first (highest)."""


def _cycle_table(data: dict[str, Any], console: Console) -> None:
    from steerco.cli.tables import Col, Row, print_table

    cycle = data["cycle_time"]
    if not cycle["percentiles"]:
        console.print(f"Cycle time: unknown ({cycle['reason']})", markup=False)
        return
    columns = [Col(f"P{p['percentile']}", "figure") for p in cycle["percentiles"]]
    columns += [Col("Items", "figure"), Col("Mean", "figure")]
    cells = [str(p["days"]) for p in cycle["percentiles"]]
    cells += [str(cycle["count"]), f"{cycle['mean']:.1f}"]
    print_table(console, columns, [Row(cells)], title="Cycle time (calendar days)")


def _throughput_table(data: dict[str, Any], console: Console) -> None:
    from steerco.cli.tables import Col, Row, print_table

    weeks = data["throughput"]["per_week"]
    rows = [Row([w["start"], w["end"], str(w["count"])]) for w in weeks]
    columns = [Col("Week from"), Col("to"), Col("Done", "figure")]
    if rows:
        print_table(console, columns, rows, title="Throughput per week")
    days = len(data["throughput"]["per_day"])
    total = data["throughput"]["total"]
    items = f"{total} item" + ("" if total == 1 else "s")
    console.print(f"Done in the window: {items} in {days} days ({total / days:.2f} a day)")


def _wip_table(data: dict[str, Any], console: Console) -> None:
    from rich.markup import escape

    from steerco.cli.tables import Col, Row, print_table

    columns = [
        Col("Status", "text"),
        Col("Items", "figure"),
        Col("Limit", "figure"),
        Col("Days over", "figure"),
    ]
    rows = [
        Row(
            [
                escape(w["status"]) + (" (over)" if w["over"] else ""),
                str(w["count"]),
                "-" if w["limit"] is None else str(w["limit"]),
                str(len(w["days_over"])),
            ],
            style="bold red" if w["over"] else None,
        )
        for w in data["wip"]
        if w["category"] == "in_progress" or w["limit"] is not None
    ]
    print_table(console, columns, rows, title=f"Work in progress on {data['as_of']}")


def _beyond(age: int | None, beyond: int | None) -> str:
    if age is None:
        return "start not known"
    return "within P50" if beyond is None else f"older than P{beyond}"


def _aging_table(data: dict[str, Any], console: Console) -> None:
    from rich.markup import escape

    from steerco.cli.tables import Col, Row, print_table

    if not data["aging"]:
        console.print("Aging: no item is in progress")
        return
    known = bool(data["cycle_time"]["percentiles"])
    columns = [Col("Item"), Col("Status", "text"), Col("Started"), Col("Age", "figure")]
    columns += [Col("Against cycle time", "text", priority=1)] if known else []
    rows = []
    for a in data["aging"]:
        cells = [escape(a["id"]), escape(a["status"]), a["started"] or "-"]
        cells.append("-" if a["age"] is None else str(a["age"]))
        cells += [_beyond(a["age"], a["beyond"])] if known else []
        rows.append(Row(cells, style="yellow" if a["beyond"] is not None else None))
    print_table(console, columns, rows, title="Aging work in progress (days)")


def _cfd_table(data: dict[str, Any], console: Console) -> None:
    from rich.markup import escape

    from steerco.cli.tables import Col, Row, print_table

    statuses = data["statuses"]
    names = [st["name"] for st in statuses]
    days, done = data["cfd"], [d["count"] for d in data["throughput"]["per_day"]]
    step = 1 if len(days) <= CFD_DAILY_DAYS else 7
    rows = []
    for k in range(len(days) - 1, -1, -step):  # rows end on the as-of date
        row = days[k]
        cells = [row["date"], *(str(row["counts"][n]) for n in names)]
        cells.append(str(sum(done[max(0, k - step + 1) : k + 1])))
        rows.append(Row(cells))
    columns = [Col("Day")]
    columns += [
        Col(escape(st["name"]), "figure", priority=_DROP[st["category"]]) for st in statuses
    ]
    done_header = "Done that day" if step == 1 else "Done that week"
    columns.append(Col(done_header, "figure", priority=max(_DROP.values()) + 1))
    title = "Cumulative flow: items in each status" + ("" if step == 1 else ", week by week")
    print_table(console, columns, rows[::-1], title=title)


def _efficiency(data: dict[str, Any], console: Console) -> None:
    from steerco.cli.tables import percent

    eff = data["flow_efficiency"]
    if eff["value"] is None:
        console.print(f"Flow efficiency: unknown ({eff['reason']})", markup=False)
        return
    items = f"{eff['items']} item" + ("" if eff["items"] == 1 else "s")
    console.print(
        f"Flow efficiency: {percent(eff['value'])} (active {eff['active_days']} of "
        f"{eff['days']} days in progress, over {items})",
        markup=False,
    )


def _draw(data: dict[str, Any], console: Console) -> None:
    console.print(
        f"Flow of {data['project']}: {data['start']} to {data['as_of']}, "
        f"{data['items']} work items",
        markup=False,
    )
    for draw in (_cycle_table, _throughput_table, _wip_table, _aging_table, _cfd_table):
        draw(data, console)
    _efficiency(data, console)


def flow(
    file: FileArgument,
    date: Annotated[
        dt.datetime | None,
        date_option("--date", "The as-of date (default: the file's status date, else today)."),
    ] = None,
    start: Annotated[
        dt.datetime | None,
        date_option("--from", "The window's first day (default: 12 weeks up to the as-of date)."),
    ] = None,
    weeks: Annotated[
        int | None,
        typer.Option("--weeks", min=1, help="The window: this many weeks up to the as-of date."),
    ] = None,
    output_format: TableOrJsonOption = TableOrJson.table,
    output: OutputOption = None,
    wide: WideOption = False,
) -> None:
    """Kanban flow: cycle time, throughput, WIP against limits, aging WIP and cumulative flow."""
    from steerco.app.flow import flow_report
    from steerco.cli.main import guarded
    from steerco.cli.output import emit, emit_rich
    from steerco.render.flow import flow_object

    report = guarded(
        lambda: flow_report(
            path=file,
            as_of=None if date is None else date.date(),
            start=None if start is None else start.date(),
            weeks=weeks,
        )
    )
    data = flow_object(report.project.name, report.metrics)
    if output_format is TableOrJson.json:
        emit(json.dumps(data) + "\n", output)
    else:
        emit_rich(lambda console: _draw(data, console), output, wide=wide)
