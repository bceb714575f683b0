"""The finish forecast: the histogram of simulated finish dates and its cumulative S-curve."""

from __future__ import annotations

import itertools

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, PercentFormatter

from steerco.report.data import ForecastCurve
from steerco.report.render.charts._style import (
    DASH_DOT,
    DASHED,
    DOTTED,
    PALETTE,
    date_axis,
    day,
    mark_date,
    render_svg,
)

__all__ = ["forecast_histogram_svg", "forecast_scurve_svg"]

_HEIGHT_IN = 2.8


def _limits(ax: Axes, curve: ForecastCurve) -> None:
    """The x limits: every finish date and the committed date, a day either side."""
    xs = [day(d) for d in curve.dates]
    if curve.committed is not None:
        xs.append(day(curve.committed))
    ax.set_xlim(min(xs) - 1.0, max(xs) + 1.0)


def _marks(ax: Axes, curve: ForecastCurve, prefix: str, top: float) -> None:
    """The P50 and P80 lines and the committed date, each labelled with its date from `top` down."""
    mark_date(
        ax,
        day(curve.p50),
        f"P50 {curve.p50.isoformat()}",
        gid=f"{prefix}-p50",
        colour=PALETTE.blue,
        style=DASHED,
        height=top,
    )
    mark_date(
        ax,
        day(curve.p80),
        f"P80 {curve.p80.isoformat()}",
        gid=f"{prefix}-p80",
        colour=PALETTE.vermillion,
        style=DASH_DOT,
        height=top - 0.1,
    )
    if curve.committed is not None:
        mark_date(
            ax,
            day(curve.committed),
            f"committed {curve.committed.isoformat()}",
            gid=f"{prefix}-committed",
            colour=PALETTE.black,
            style="solid",
            height=top - 0.2,
        )


def _histogram(figure: Figure, curve: ForecastCurve) -> None:
    """Draw the share of iterations finishing on each date."""
    ax = figure.add_subplot()
    total = sum(curve.counts)
    bars = ax.bar(
        [day(d) for d in curve.dates],
        [100.0 * c / total for c in curve.counts],
        width=0.8,
        color=PALETTE.sky_blue,
        edgecolor=PALETTE.blue,
        linewidth=0.4,
    )
    for k, patch in enumerate(bars.patches):
        patch.set_gid(f"forecast-bar-{k}")
    _limits(ax, curve)
    ax.set_ylim(0.0, ax.get_ylim()[1] * 1.3)
    ax.yaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 5, 10]))
    ax.yaxis.set_major_formatter(PercentFormatter(decimals=None))
    ax.set_ylabel("share of iterations")
    ax.set_xlabel("finish date")
    date_axis(ax)
    ax.grid(axis="y")
    ax.set_axisbelow(True)
    _marks(ax, curve, "forecast", 0.98)
    figure.subplots_adjust(left=0.1, right=0.98, bottom=0.17, top=0.97)


def _scurve(figure: Figure, curve: ForecastCurve) -> None:
    """Draw the probability of finishing by each date, P50 and P80 marked on the curve."""
    ax = figure.add_subplot()
    total = sum(curve.counts)
    share = [100.0 * c / total for c in itertools.accumulate(curve.counts)]
    xs = [day(d) for d in curve.dates]
    ax.step(
        [xs[0] - 1.0, *xs],
        [0.0, *share],
        where="post",
        color=PALETTE.black,
        linewidth=1.5,
        gid="scurve-curve",
    )
    _limits(ax, curve)
    ax.set_ylim(0.0, 105.0)
    for level in (50.0, 80.0):
        ax.axhline(level, color=PALETTE.grey, linestyle=DOTTED, linewidth=0.8, zorder=1)
    ax.plot([day(curve.p50)], [50.0], marker="o", color=PALETTE.blue, gid="scurve-p50-point")
    ax.plot([day(curve.p80)], [80.0], marker="s", color=PALETTE.vermillion, gid="scurve-p80-point")
    ax.set_yticks([0.0, 20.0, 50.0, 80.0, 100.0])
    ax.yaxis.set_major_formatter(PercentFormatter(decimals=0))
    ax.set_ylabel("chance of finishing by")
    ax.set_xlabel("finish date")
    date_axis(ax)
    ax.grid(axis="x")
    ax.set_axisbelow(True)
    _marks(ax, curve, "scurve", 0.32)
    figure.subplots_adjust(left=0.1, right=0.98, bottom=0.17, top=0.97)


def forecast_histogram_svg(curve: ForecastCurve) -> str:
    """The histogram of simulated finish dates, P50, P80 and the committed date marked, as SVG."""
    return render_svg("forecast-histogram", _HEIGHT_IN, lambda figure: _histogram(figure, curve))


def forecast_scurve_svg(curve: ForecastCurve) -> str:
    """The cumulative S-curve of finish dates, P50, P80 and the committed date marked, as SVG."""
    return render_svg("forecast-scurve", _HEIGHT_IN, lambda figure: _scurve(figure, curve))
