"""Progress over time: the earned-value S-curve, burnup and burndown, and the sprint's."""

from __future__ import annotations

from typing import Literal

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from steerco.report.data import EarnedValueCurve, ProgressCurve, SprintBurn
from steerco.report.render.charts._style import (
    DASH_DOT,
    DASHED,
    DOTTED,
    PALETTE,
    date_axis,
    day,
    figure_text,
    render_svg,
)

__all__ = [
    "burndown_svg",
    "burnup_svg",
    "earned_value_svg",
    "sprint_burndown_svg",
    "sprint_burnup_svg",
]

_HEIGHT_IN = 3.0


def _finish(
    ax: Axes,
    ylabel: str,
    legend: Literal["upper left", "upper right", "lower right"] = "upper left",
) -> None:
    """Axis labels, date ticks, grid and legend shared by the progress charts."""
    ax.set_ylabel(ylabel)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: figure_text(v)))
    ax.set_ylim(bottom=0.0)
    date_axis(ax)
    ax.grid(axis="y")
    ax.set_axisbelow(True)
    ax.legend(loc=legend, handlelength=2.6)


def _earned_value(figure: Figure, curve: EarnedValueCurve, unit_label: str) -> None:
    """Draw PV, EV, AC, the BAC line and the EAC projection."""
    ax = figure.add_subplot()
    effort = curve.unit == "effort"
    ax.plot(
        [day(d) for d in curve.dates],
        curve.planned,
        color=PALETTE.blue,
        label="planned value (PV)",
        gid="ev-planned",
    )
    earned_x = [day(d) for d in curve.earned_dates]
    ax.plot(
        earned_x,
        curve.earned,
        color=PALETTE.green,
        linestyle=DASHED,
        marker="o",
        label="earned value (EV)",
        gid="ev-earned",
    )
    if curve.actual:
        ax.plot(
            earned_x[: len(curve.actual)],
            curve.actual,
            color=PALETTE.vermillion,
            linestyle=DASH_DOT,
            marker="s",
            label="effort spent (AC)" if effort else "actual cost (AC)",
            gid="ev-actual",
        )
    ax.axhline(
        curve.budget,
        color=PALETTE.black,
        linestyle=DOTTED,
        linewidth=1.0,
        label=f"budget at completion (BAC) {figure_text(curve.budget)}",
        gid="ev-budget",
    )
    if curve.eac is not None and curve.forecast_finish is not None and earned_x:
        start = curve.actual[-1] if curve.actual else curve.earned[-1]
        end_x = day(curve.forecast_finish)
        ax.plot(
            [earned_x[len(curve.actual) - 1 if curve.actual else -1], end_x],
            [start, curve.eac],
            color=PALETTE.vermillion,
            linestyle=DASHED,
            linewidth=1.0,
            marker="^",
            markevery=[1],
            label=f"estimate at completion (EAC) {figure_text(curve.eac)}"
            f" by {curve.forecast_finish.isoformat()}",
            gid="ev-eac",
        )
    _finish(ax, unit_label)
    figure.subplots_adjust(left=0.11, right=0.98, bottom=0.14, top=0.97)


def _burnup(figure: Figure, curve: ProgressCurve) -> None:
    """Draw the scope, the work done and the work planned done."""
    ax = figure.add_subplot()
    xs = [day(d) for d in curve.dates]
    ax.plot(xs, curve.scope, color=PALETTE.black, drawstyle="steps-post", label="scope")
    ax.plot(xs, curve.planned_done, color=PALETTE.blue, linestyle=DASHED, label="planned done")
    ax.plot(xs, curve.done, color=PALETTE.green, marker="o", label="done", gid="burnup-done")
    _finish(ax, curve.unit)
    figure.subplots_adjust(left=0.11, right=0.98, bottom=0.14, top=0.97)


def _burndown(figure: Figure, curve: ProgressCurve) -> None:
    """Draw the work remaining (scope - done) and the work the plan had remaining."""
    ax = figure.add_subplot()
    xs = [day(d) for d in curve.dates]
    planned = [s - p for s, p in zip(curve.scope, curve.planned_done, strict=True)]
    remaining = [s - d for s, d in zip(curve.scope, curve.done, strict=True)]
    ax.plot(xs, planned, color=PALETTE.blue, linestyle=DASHED, label="planned remaining")
    ax.plot(
        xs, remaining, color=PALETTE.vermillion, marker="s", label="remaining", gid="burndown-left"
    )
    _finish(ax, f"{curve.unit} remaining", legend="upper right")
    figure.subplots_adjust(left=0.11, right=0.98, bottom=0.14, top=0.97)


def _sprint_axis(ax: Axes, burn: SprintBurn) -> None:
    """The date axis from the sprint's first day to its last, half a day either side."""
    last = burn.last_day or burn.dates[-1]
    ax.set_xlim(day(burn.dates[0]) - 0.5, day(max(last, burn.dates[-1])) + 0.5)


def _sprint_burndown(figure: Figure, burn: SprintBurn) -> None:
    """Draw the ideal line and what remained each day, scope changes included."""
    ax = figure.add_subplot()
    xs = [day(d) for d in burn.dates]
    if burn.ideal:
        ax.plot(
            xs[: len(burn.ideal)],
            burn.ideal,
            color=PALETTE.blue,
            linestyle=DASHED,
            label="ideal",
            gid="sprint-ideal",
        )
    ax.plot(
        xs[: len(burn.remaining)],
        burn.remaining,
        color=PALETTE.vermillion,
        marker="s",
        drawstyle="steps-post",
        label="remaining",
        gid="sprint-remaining",
    )
    _sprint_axis(ax, burn)
    _finish(ax, f"{burn.unit} remaining", legend="upper right")
    figure.subplots_adjust(left=0.11, right=0.98, bottom=0.14, top=0.97)


def _sprint_burnup(figure: Figure, burn: SprintBurn) -> None:
    """Draw the sprint's scope (stepping at scope changes) and the work done each day."""
    ax = figure.add_subplot()
    xs = [day(d) for d in burn.dates]
    ax.plot(
        xs,
        burn.scope,
        color=PALETTE.black,
        drawstyle="steps-post",
        label="scope",
        gid="sprint-scope",
    )
    ax.plot(
        xs[: len(burn.done)],
        burn.done,
        color=PALETTE.green,
        marker="o",
        drawstyle="steps-post",
        label="done",
        gid="sprint-done",
    )
    _sprint_axis(ax, burn)
    _finish(ax, burn.unit, legend="lower right")
    figure.subplots_adjust(left=0.11, right=0.98, bottom=0.14, top=0.97)


def sprint_burndown_svg(burn: SprintBurn) -> str:
    """The active sprint's burndown: remaining work each day against the ideal line, as SVG."""
    return render_svg("sprint-burndown", _HEIGHT_IN, lambda f: _sprint_burndown(f, burn))


def sprint_burnup_svg(burn: SprintBurn) -> str:
    """The active sprint's burnup: scope (with its changes) and work done each day, as SVG."""
    return render_svg("sprint-burnup", _HEIGHT_IN, lambda f: _sprint_burnup(f, burn))


def earned_value_svg(curve: EarnedValueCurve, *, unit_label: str = "") -> str:
    """The earned-value S-curve: PV, EV, AC, BAC and the dashed EAC projection, as SVG.

    The EAC projection runs from the last AC (or, without AC, the last EV) to the EAC at the
    forecast finish. `unit_label` names the y axis (a currency, or 'working days').
    """
    label = unit_label or ("effort (working days)" if curve.unit == "effort" else "value")
    return render_svg(
        "earned-value", _HEIGHT_IN, lambda figure: _earned_value(figure, curve, label)
    )


def burnup_svg(curve: ProgressCurve) -> str:
    """Burnup: scope, work done and work planned done over the status dates, as SVG."""
    return render_svg("burnup", _HEIGHT_IN, lambda figure: _burnup(figure, curve))


def burndown_svg(curve: ProgressCurve) -> str:
    """Burndown: work remaining (scope - done) against the plan's, as SVG."""
    return render_svg("burndown", _HEIGHT_IN, lambda figure: _burndown(figure, curve))
