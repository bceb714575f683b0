"""The Gantt chart: WBS rows, baseline under plan, critical path, progress, status date, whiskers.

Dates follow the schedule's conventions: a bar covers its start day to the end of its finish
day; a milestone, a forecast date and the status date mark the end of their day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Final

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Polygon, Rectangle

from steerco.report.data import GanttBar
from steerco.report.render.charts._style import (
    DASHED,
    PALETTE,
    date_axis,
    day,
    mark_date,
    render_svg,
    shorten,
)

__all__ = ["MAX_GANTT_ROWS", "gantt_rows", "gantt_svg"]

MAX_GANTT_ROWS: Final = 60
"""A Gantt shows at most this many rows: more would not be legible on a printed page."""
_ROW_IN: Final = 0.15
_TOP_IN: Final = 0.4
_BOTTOM_IN: Final = 0.9
_LABELS: Final = 0.34
"""Share of the width the task names take."""
# Patches go in with `add_artist`, not `add_patch`: the limits are set, and updating the data
# limits for each patch took most of a 60-row chart's time.


def _priority(index: int, bar: GanttBar) -> tuple[int, int, int]:
    """Sort key of a row when rows must be left out: milestones and top summaries first."""
    if bar.kind == "milestone" or (bar.kind == "summary" and bar.level == 0):
        return (0, 0, index)
    if bar.critical:
        return (1, 0, index)
    if bar.kind == "summary":
        return (2, bar.level, index)
    return (3, 0, index)


def gantt_rows(bars: Sequence[GanttBar]) -> tuple[tuple[GanttBar, ...], int]:
    """The rows a Gantt shows, in WBS order, and how many it leaves out.

    Up to `MAX_GANTT_ROWS`: milestones and top-level summaries first, then critical tasks,
    then deeper summaries (shallow first), then the other tasks, each in WBS order.
    """
    if len(bars) <= MAX_GANTT_ROWS:
        return tuple(bars), 0
    ranked = sorted(range(len(bars)), key=lambda i: _priority(i, bars[i]))
    keep = sorted(ranked[:MAX_GANTT_ROWS])
    return tuple(bars[i] for i in keep), len(bars) - len(keep)


def _span(bar: GanttBar) -> tuple[float, float] | None:
    """The plan bar's x extent: start of its start day to the end of its finish day."""
    if bar.start is None or bar.finish is None:
        return None
    return day(bar.start), day(bar.finish) + 1.0


def _baseline_span(bar: GanttBar) -> tuple[float, float] | None:
    """The baseline bar's x extent."""
    if bar.baseline_start is None or bar.baseline_finish is None:
        return None
    return day(bar.baseline_start), day(bar.baseline_finish) + 1.0


def _x_range(rows: Sequence[GanttBar], status_date: dt.date | None) -> tuple[float, float]:
    """The x limits: every date shown, padded."""
    xs: list[float] = []
    for bar in rows:
        for span in (_span(bar), _baseline_span(bar)):
            if span is not None:
                xs.extend(span)
        xs.extend(day(d) + 1.0 for d in (bar.p50, bar.p90, bar.start, bar.finish) if d)
    if status_date is not None:
        xs.append(day(status_date) + 1.0)
    if not xs:
        return 0.0, 1.0
    low, high = min(xs), max(xs)
    pad = max(2.0, 0.02 * (high - low))
    return low - pad, high + pad


def _summary(ax: Axes, y: int, span: tuple[float, float], tip: float, gid: str) -> None:
    """A summary as a bracket: a black bar with a downward tip at each end."""
    x0, x1 = span
    ax.add_artist(Rectangle((x0, y - 0.22), x1 - x0, 0.14, color=PALETTE.black, gid=gid))
    for x, side in ((x0, 1.0), (x1, -1.0)):
        tri = [(x, y - 0.08), (x + side * tip, y - 0.08), (x, y + 0.2)]
        ax.add_artist(Polygon(tri, closed=True, color=PALETTE.black))


def _task(ax: Axes, y: int, bar: GanttBar, span: tuple[float, float]) -> None:
    """A task's plan bar (critical: vermillion, hatched, outlined) and its progress."""
    x0, x1 = span
    critical = bar.critical
    ax.add_artist(
        Rectangle(
            (x0, y - 0.32),
            x1 - x0,
            0.4,
            facecolor=PALETTE.vermillion if critical else PALETTE.sky_blue,
            edgecolor=PALETTE.black if critical else PALETTE.blue,
            linewidth=1.0 if critical else 0.5,
            hatch="////" if critical else None,
            gid=f"gantt-{'critical' if critical else 'plan'}-{y}",
            zorder=2,
        )
    )
    done = min(max(bar.percent, 0.0), 100.0) / 100.0
    if done > 0:
        ax.add_artist(
            Rectangle(
                (x0, y - 0.18),
                (x1 - x0) * done,
                0.12,
                color=PALETTE.black,
                gid=f"gantt-progress-{y}",
                zorder=3,
            )
        )


def _milestone(ax: Axes, y: int, bar: GanttBar) -> None:
    """A milestone's diamond at the end of its day, and its P50-P90 forecast whisker."""
    if bar.p50 is not None and bar.p90 is not None:
        ax.plot(
            [day(bar.p50) + 1.0, day(bar.p90) + 1.0],
            [y, y],
            color=PALETTE.purple,
            linewidth=1.5,
            marker="|",
            markersize=7,
            markeredgewidth=1.5,
            gid=f"gantt-whisker-{y}",
            zorder=3,
        )
    date = bar.finish or bar.start
    if date is not None:
        ax.plot(
            [day(date) + 1.0],
            [y],
            marker="D",
            markersize=6,
            markerfacecolor=PALETTE.vermillion if bar.critical else PALETTE.black,
            markeredgecolor=PALETTE.black,
            linestyle="none",
            gid=f"gantt-milestone-{y}",
            zorder=4,
        )
    if bar.baseline_finish is not None:
        ax.plot(
            [day(bar.baseline_finish) + 1.0],
            [y + 0.22],
            marker="D",
            markersize=4,
            markerfacecolor="white",
            markeredgecolor=PALETTE.grey,
            linestyle="none",
            gid=f"gantt-baseline-{y}",
            zorder=2,
        )


def _labels(ax: Axes, rows: Sequence[GanttBar]) -> None:
    """The task names, indented by WBS level, summaries in bold."""
    for y, bar in enumerate(rows):
        level = min(max(bar.level, 0), 6)
        ax.text(
            0.01 + 0.045 * level,
            y,
            shorten(bar.name, 34 - 2 * level),
            ha="left",
            va="center",
            fontweight="bold" if bar.kind == "summary" else "normal",
            gid=f"gantt-name-{y}",
        )


def _legend(figure: Figure) -> None:
    """The key below the chart: every mark, told apart by shape and pattern, not colour alone."""
    handles = [
        Patch(facecolor=PALETTE.sky_blue, edgecolor=PALETTE.blue, label="planned"),
        Patch(
            facecolor=PALETTE.vermillion, edgecolor=PALETTE.black, hatch="////", label="critical"
        ),
        Patch(facecolor=PALETTE.grey, label="baseline"),
        Line2D([], [], color=PALETTE.black, linewidth=3, label="% complete"),
        Line2D([], [], color=PALETTE.black, linewidth=3, marker="v", label="summary"),
        Line2D([], [], color=PALETTE.black, marker="D", linestyle="none", label="milestone"),
        Line2D(
            [], [], color=PALETTE.purple, marker="|", markersize=7, label="forecast P50\u2013P90"
        ),
        Line2D([], [], color=PALETTE.black, linestyle=DASHED, label="status date"),
    ]
    height = figure.get_figheight()
    figure.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, (_BOTTOM_IN - 0.2) / height),
        ncol=4,
        handlelength=2.2,
        columnspacing=1.2,
    )


def _draw(
    figure: Figure,
    rows: Sequence[GanttBar],
    left_out: int,
    status_date: dt.date | None,
) -> None:
    """Draw the Gantt of `rows` on `figure`."""
    height = figure.get_figheight()
    bottom, top = _BOTTOM_IN / height, 1.0 - _TOP_IN / height
    names = figure.add_axes((0.01, bottom, _LABELS - 0.01, top - bottom))
    ax = figure.add_axes((_LABELS + 0.01, bottom, 0.98 - _LABELS - 0.01, top - bottom))
    limits = (len(rows) - 0.5, -0.5)
    names.set_xlim(0.0, 1.0)
    names.set_ylim(*limits)
    names.set_axis_off()
    ax.set_ylim(*limits)
    ax.set_xlim(*_x_range(rows, status_date))
    left, right = ax.get_xlim()
    tip = 0.01 * (right - left)
    for y in range(1, len(rows), 2):
        stripe = Rectangle((left, y - 0.5), right - left, 1.0, color="#f2f2f2", lw=0, zorder=0)
        ax.add_artist(stripe)
    for y, bar in enumerate(rows):
        baseline = _baseline_span(bar)
        if baseline is not None and bar.kind != "milestone":
            x0, x1 = baseline
            ax.add_artist(
                Rectangle(
                    (x0, y + 0.12),
                    x1 - x0,
                    0.2,
                    color=PALETTE.grey,
                    gid=f"gantt-baseline-{y}",
                    zorder=1,
                )
            )
        span = _span(bar)
        if bar.kind == "milestone":
            _milestone(ax, y, bar)
        elif span is not None and bar.kind == "summary":
            _summary(ax, y, span, tip, f"gantt-summary-{y}")
        elif span is not None:
            _task(ax, y, bar, span)
    _labels(names, rows)
    ax.set_yticks([])
    ax.xaxis.tick_top()
    date_axis(ax)
    ax.grid(axis="x")
    ax.set_axisbelow(True)
    if status_date is not None:
        mark_date(
            ax,
            day(status_date) + 1.0,
            f"status date {status_date.isoformat()}",
            gid="gantt-status-date",
            colour=PALETTE.black,
            style=DASHED,
            height=0.0,
        )
    _legend(figure)
    if left_out:
        figure.text(
            0.01,
            0.12 / height,
            f"{left_out} more tasks not shown (milestones, top-level summaries and critical "
            "tasks are shown first)",
            gid="gantt-not-shown",
            style="italic",
        )


def gantt_svg(bars: Sequence[GanttBar], status_date: dt.date | None) -> str:
    """The Gantt chart of `bars` (at most `MAX_GANTT_ROWS` rows) as SVG text."""
    rows, left_out = gantt_rows(bars)
    height = _TOP_IN + _BOTTOM_IN + _ROW_IN * max(len(rows), 3)
    return render_svg("gantt", height, lambda figure: _draw(figure, rows, left_out, status_date))
