"""The resource-load histogram: each resource's load per week against its capacity."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Final

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path

from steerco.report.data import ResourceLoad
from steerco.report.render.charts._style import (
    PALETTE,
    date_axis,
    day,
    figure_text,
    render_svg,
    shorten,
)

__all__ = ["MAX_RESOURCES", "load_panels", "resource_load_svg"]

MAX_RESOURCES: Final = 12
"""At most this many small multiples; overloaded resources come first."""
_PERIOD_DAYS: Final = 7.0
_PANEL_IN: Final = 1.25


def _overloaded(load: ResourceLoad) -> bool:
    """Whether any week's load is above that week's capacity."""
    return any(x > c for x, c in zip(load.load, load.capacity, strict=True))


def load_panels(loads: Sequence[ResourceLoad]) -> tuple[tuple[ResourceLoad, ...], int]:
    """The resources shown (overloaded ones first, else in the given order) and how many not."""
    ranked = sorted(range(len(loads)), key=lambda k: (not _overloaded(loads[k]), k))
    shown = tuple(loads[k] for k in ranked[:MAX_RESOURCES])
    return shown, len(loads) - len(shown)


def _bars_path(bars: Sequence[tuple[float, float]]) -> Path:
    """One path of a closed rectangle per (week start, height) bar, 80% of a week wide."""
    width = _PERIOD_DAYS * 0.8
    vertices: list[tuple[float, float]] = []
    for x0, height in bars:
        vertices += [(x0, 0.0), (x0 + width, 0.0), (x0 + width, height), (x0, height), (x0, 0.0)]
    codes = [Path.MOVETO, Path.LINETO, Path.LINETO, Path.LINETO, Path.CLOSEPOLY] * len(bars)
    return Path(vertices, codes)


def _panel(ax: Axes, index: int, load: ResourceLoad) -> None:
    """One resource: a bar per week (hatched and outlined above capacity), capacity as steps.

    The bars within capacity are the group `load-{index}`, those above it `load-over-{index}`
    (one compound path each, a closed rectangle per week).
    """
    starts = [day(d) for d in load.periods]
    # One compound path for the bars within capacity and one for those above it, not a
    # patch per week: a long plan's hundreds of weeks in 12 panels took most of the
    # report's chart time as patches, and most of the PDF's drawing time as SVG nodes.
    within: list[tuple[float, float]] = []
    over: list[tuple[float, float]] = []
    for x0, x, c in zip(starts, load.load, load.capacity, strict=True):
        (over if x > c else within).append((x0, x))
    if within:
        ax.add_patch(
            PathPatch(
                _bars_path(within),
                facecolor=PALETTE.sky_blue,
                edgecolor=PALETTE.blue,
                linewidth=0.4,
                gid=f"load-{index}",
            )
        )
    if over:
        ax.add_patch(
            PathPatch(
                _bars_path(over),
                facecolor=PALETTE.vermillion,
                edgecolor=PALETTE.black,
                linewidth=1.0,
                hatch="xxx",
                gid=f"load-over-{index}",
            )
        )
    if starts:
        ax.stairs(
            load.capacity,
            [*starts, starts[-1] + _PERIOD_DAYS],
            color=PALETTE.black,
            linewidth=1.2,
            baseline=None,
            gid=f"capacity-{index}",
        )
    ax.set_title(shorten(load.resource, 40), loc="left", fontsize=8, fontweight="bold", pad=2)
    ax.set_ylim(0.0, max([*load.load, *load.capacity, 1.0]) * 1.15)
    ax.yaxis.set_major_formatter(lambda v, _pos: figure_text(v))
    ax.grid(axis="y")
    ax.set_axisbelow(True)


def _draw(figure: Figure, shown: Sequence[ResourceLoad], left_out: int) -> None:
    """Draw one small multiple per resource, sharing the week axis."""
    columns = 1 if len(shown) <= 3 else 2
    rows = math.ceil(len(shown) / columns)
    axes = figure.subplots(rows, columns, sharex=True, squeeze=False)
    for k, ax in enumerate(axes.flat):
        if k < len(shown):
            _panel(ax, k, shown[k])
            date_axis(ax)
        else:
            ax.set_visible(False)
    handles = [
        Patch(facecolor=PALETTE.sky_blue, edgecolor=PALETTE.blue, label="load per week"),
        Patch(
            facecolor=PALETTE.vermillion,
            edgecolor=PALETTE.black,
            hatch="xxx",
            label="over capacity",
        ),
        Line2D([], [], color=PALETTE.black, linewidth=1.2, label="capacity"),
    ]
    height = figure.get_figheight()
    figure.supylabel("load and capacity per week", fontsize=8)
    figure.legend(
        handles=handles,
        loc="lower center",
        ncol=3,
        bbox_to_anchor=(0.5, (0.2 if left_out else 0.0) / height),
    )
    if left_out:
        figure.text(
            0.01,
            0.06 / height,
            f"{left_out} more resources not shown (overloaded resources are shown first)",
            style="italic",
            gid="load-not-shown",
        )
    bottom = (0.85 if left_out else 0.65) / height
    figure.subplots_adjust(
        left=0.1, right=0.98, bottom=bottom, top=1.0 - 0.25 / height, hspace=0.6, wspace=0.2
    )


def resource_load_svg(loads: Sequence[ResourceLoad]) -> str:
    """Load per week against capacity, one small multiple per resource (capped), as SVG."""
    shown, left_out = load_panels(loads)
    columns = 1 if len(shown) <= 3 else 2
    height = (1.1 if left_out else 0.9) + _PANEL_IN * math.ceil(max(len(shown), 1) / columns)
    return render_svg("resource-load", height, lambda figure: _draw(figure, shown, left_out))
