"""`steerco sprint` and `steerco velocity`: a sprint's commitment and burndown, the team's pace."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

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

    from steerco.agile.sprint import SprintReport, Tally
    from steerco.agile.velocity import Velocity

__all__ = ["sprint", "velocity"]

_FLAGS = {"sprint": "--sprint", "sprints": "--sprints"}
_CATEGORY = {"todo": "to do", "in_progress": "in progress", "done": "done"}
"""An item without a written status is shown by its category."""

DateOption = Annotated[
    dt.datetime | None,
    date_option("--date", "The as-of date (default: the file's progress.status_date, else today)."),
]


def _n(value: float) -> str:
    """A number of points or days: whole numbers bare, others to one decimal."""
    return f"{round(value, 1):g}"


def _items(count: int) -> str:
    return f"{count} item" if count == 1 else f"{count} items"


def _tally(tally: Tally) -> str:
    unpointed = f", {tally.unpointed} without points" if tally.unpointed else ""
    return f"{_items(tally.items)}, {_n(tally.points)} points{unpointed}"


def sprint(
    file: FileArgument,
    sprint_id: Annotated[
        str | None,
        typer.Option(
            "--sprint",
            help="The sprint's id (default: the one active at the date, else the last "
            "finished, else the next).",
            show_default=False,
        ),
    ] = None,
    date: DateOption = None,
    output_format: TableOrJsonOption = TableOrJson.table,
    output: OutputOption = None,
    wide: WideOption = False,
) -> None:
    """Show a sprint: commitment against capacity, capacity per person, burndown, item status."""
    from steerco.app.sprint import sprint_report
    from steerco.cli.history_commands import call_with_usage_errors
    from steerco.cli.output import emit, emit_rich
    from steerco.render.sprint import sprint_json

    day = date.date() if date else None
    report = call_with_usage_errors(
        lambda: sprint_report(path=file, sprint=sprint_id, as_of=day), _FLAGS
    )
    if output_format is TableOrJson.json:
        emit(sprint_json(report), output)
    else:
        emit_rich(lambda console: _print_sprint(report, console), output, wide=wide)


def _print_sprint(report: SprintReport, console: Console) -> None:
    from rich.markup import escape

    s, c, cap = report.sprint, report.commitment, report.capacity
    name = f"{s.name} ({s.id})" if s.name else s.id
    console.print(
        f"[bold]{escape(name)}[/bold], {s.start} to {s.end}: {report.state} at {report.as_of}"
    )
    if s.goal:
        console.print(f"Goal: {escape(s.goal)}")
    if c.unestimated == c.items:
        estimated = "no estimates"
    else:
        estimated = f"{_n(c.person_days)} person-days estimated"
        if c.unestimated:
            estimated += f" ({c.unestimated} unestimated)"
    unpointed = f" ({c.unpointed} unpointed)" if c.unpointed else ""
    console.print(f"Committed: {_items(c.items)}, {_n(c.points)} points{unpointed}, {estimated}.")
    if cap.basis == "given":
        source = f"the sprint's capacity; the calendars give {_n(cap.computed)}"
    else:
        source = f"{cap.working_days} working days, focus factor {cap.focus_factor:g}"
    console.print(f"Capacity: {_n(cap.person_days)} person-days ({source}).")
    points = report.points_capacity
    if points is None:
        console.print("Points capacity: no sprint finished before this one, so no velocity yet.")
    elif points.scaled:
        console.print(
            f"Points capacity: {_n(points.points)} points = mean velocity "
            f"{round(points.mean_velocity, 2):g} ({', '.join(points.sprints)}) × "
            f"{_n(cap.person_days)} / {round(points.mean_capacity, 2):g} person-days."
        )
    else:
        console.print(
            f"Points capacity: {_n(points.points)} points, the mean velocity of "
            f"{', '.join(points.sprints)} (they had no capacity to scale by)."
        )
    console.print(_against(report))
    _print_members(report, console)
    if report.days:
        _print_days(report, console)
    _print_items(report, console)
    console.print(f"Completed: {_tally(report.completed)}.")
    console.print(f"Remaining: {_tally(report.remaining)}.")
    console.print(f"Scope changes: added {_tally(report.added)}; removed {_tally(report.removed)}.")


def _share(part: float, whole: float) -> str:
    return f" ({part / whole:.0%})" if whole > 0 else ""


def _against(report: SprintReport) -> str:
    """The commitment against capacity, in person-days and, with a velocity, in points."""
    c, days = report.commitment, report.capacity.person_days
    parts = []
    if c.unestimated < c.items:
        parts.append(f"{_n(c.person_days)} of {_n(days)} person-days{_share(c.person_days, days)}")
    if report.points_capacity is not None:
        points = report.points_capacity.points
        parts.append(f"{_n(c.points)} of {_n(points)} points{_share(c.points, points)}")
    if not parts:
        return "Commitment against capacity: no estimates, and no velocity yet, to compare."
    return f"Commitment against capacity: {', '.join(parts)}."


def _print_members(report: SprintReport, console: Console) -> None:
    from rich.markup import escape

    from steerco.cli.tables import Col, Row, print_table

    columns = [
        Col("Member"),
        Col("Units", "figure", justify="right"),
        Col("Days", "figure", justify="right"),
        Col("Off", "figure", priority=1, justify="right"),
        Col("Person-days", "figure", justify="right"),
    ]
    rows = [
        Row([escape(m.name), f"{m.units:g}", str(m.days), str(m.days_off), _n(m.person_days)])
        for m in report.capacity.members
    ]
    print_table(console, columns, rows, title="Capacity", header_style="bold")


def _change(points: float, items: int) -> str:
    return f"{_n(points)} ({items})" if items else ""


def _print_days(report: SprintReport, console: Console) -> None:
    from steerco.cli.tables import Col, Row, print_table

    columns = [
        Col("Day"),
        Col("Added", "figure", priority=1, justify="right"),
        Col("Removed", "figure", priority=1, justify="right"),
        Col("Scope", "figure", justify="right"),
        Col("Done", "figure", justify="right"),
        Col("Remaining", "figure", justify="right"),
        Col("Items left", "figure", priority=2, justify="right"),
        Col("Ideal", "figure", justify="right"),
    ]
    rows = [
        Row(
            [
                f"{day.date} {day.date:%a}",
                _change(day.added.points, day.added.items),
                _change(day.removed.points, day.removed.items),
                _n(day.scope.points),
                _n(day.done.points),
                _n(day.remaining.points),
                str(day.remaining.items),
                _n(day.ideal_points),
            ],
            style=None if day.working else "dim",
        )
        for day in report.days
    ]
    print_table(console, columns, rows, title="Burndown and burnup (points)", header_style="bold")


def _print_items(report: SprintReport, console: Console) -> None:
    from rich.markup import escape

    from steerco.cli.tables import Col, Row, print_table

    columns = [
        Col("Item"),
        Col("Title", "text", priority=2),
        Col("Points", "figure", justify="right"),
        Col("Status"),
        Col("Scope", priority=1),
        Col("Done", priority=1),
    ]
    rows = []
    for item in report.items:
        if item.removed is not None and not item.in_sprint:
            scope = f"removed {item.removed}"
        elif item.added is not None:
            scope = f"added {item.added}"
        else:
            scope = "committed"
        rows.append(
            Row(
                [
                    escape(item.id),
                    escape(item.title),
                    "—" if item.points is None else _n(item.points),
                    escape(item.status or _CATEGORY[item.category]),
                    scope,
                    str(item.done) if item.done else "",
                ],
                style="dim" if not item.in_sprint else None,
            )
        )
    print_table(console, columns, rows, title="Items", header_style="bold")


def velocity(
    file: FileArgument,
    sprints: Annotated[
        int | None,
        typer.Option(
            "--sprints",
            min=1,
            help="How many finished sprints the statistics look back on (default: the file's "
            "agile.velocity_sprints, 3).",
            show_default=False,
        ),
    ] = None,
    date: DateOption = None,
    output_format: TableOrJsonOption = TableOrJson.table,
    output: OutputOption = None,
    wide: WideOption = False,
) -> None:
    """Show velocity: points committed and completed per sprint, mean, range and trend."""
    from steerco.app.sprint import velocity_report
    from steerco.cli.history_commands import call_with_usage_errors
    from steerco.cli.output import emit, emit_rich
    from steerco.render.velocity import velocity_json

    day = date.date() if date else None
    result = call_with_usage_errors(
        lambda: velocity_report(path=file, sprints=sprints, as_of=day), _FLAGS
    )
    if output_format is TableOrJson.json:
        emit(velocity_json(result), output)
    else:
        emit_rich(lambda console: _print_velocity(result, console), output, wide=wide)


def _print_velocity(result: Velocity, console: Console) -> None:
    from rich.markup import escape

    from steerco.agile.velocity import FLAT_SHARE, MIN_TREND_SPRINTS
    from steerco.cli.tables import Col, Row, print_table

    if not result.sprints:
        console.print(f"No sprint has finished by {result.as_of}: no velocity yet.")
        return
    counted = {row.sprint for row in result.counted}
    columns = [
        Col("Sprint"),
        Col("Name", "text", priority=2),
        Col("End"),
        Col("Committed", "figure", justify="right"),
        Col("Completed", "figure", justify="right"),
        Col("Items", "figure", priority=1, justify="right"),
        Col("Person-days", "figure", priority=1, justify="right"),
    ]
    rows = [
        Row(
            [
                escape(row.sprint),
                escape(row.name),
                str(row.end),
                _n(row.committed_points),
                _n(row.completed_points),
                str(row.completed_items),
                _n(row.capacity),
            ],
            style=None if row.sprint in counted else "dim",
        )
        for row in result.sprints
    ]
    title = f"Velocity (points) at {result.as_of}"
    print_table(console, columns, rows, title=title, header_style="bold")
    assert result.mean is not None and result.low is not None and result.high is not None
    n = len(result.counted)
    last = "the last sprint" if n == 1 else f"the last {n} sprints"
    console.print(
        f"Over {last}: mean {round(result.mean, 2):g} points, "
        f"range {_n(result.low)} to {_n(result.high)}."
    )
    if result.slope is None:
        console.print(f"Trend: needs {MIN_TREND_SPRINTS} finished sprints or more.")
    else:
        console.print(
            f"Trend: {result.trend}, {result.slope:+.2f} points per sprint (least squares; "
            f"flat within ±{FLAT_SHARE:.0%} of the mean)."
        )
