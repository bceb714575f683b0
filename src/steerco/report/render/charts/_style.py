"""What every chart shares: the colour-blind-safe palette, print sizes and the SVG writer.

Each chart is drawn on its own `Figure` (no pyplot, no global figure registry) inside a
local `rc_context`, and written by `FigureCanvasSVG` with text kept as text
(`svg.fonttype: none`), a fixed hash salt and no date, so the same data gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from typing import Any, Final, NamedTuple

import matplotlib
import matplotlib.dates as mdates
from matplotlib.axes import Axes
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.typing import RcKeyType

__all__ = [
    "DASHED",
    "DASH_DOT",
    "DOTTED",
    "PALETTE",
    "WIDTH_IN",
    "date_axis",
    "day",
    "figure_text",
    "mark_date",
    "render_svg",
    "shorten",
]


class Palette(NamedTuple):
    """The Okabe-Ito palette: hues told apart with every common colour-vision deficiency."""

    black: str = "#000000"
    orange: str = "#E69F00"
    sky_blue: str = "#56B4E9"
    green: str = "#009E73"
    yellow: str = "#F0E442"
    blue: str = "#0072B2"
    vermillion: str = "#D55E00"
    purple: str = "#CC79A7"
    grey: str = "#999999"
    """Not an Okabe-Ito hue: the neutral grey of baselines, grids and empty cells."""


PALETTE: Final = Palette()
WIDTH_IN: Final = 6.7
"""Every chart is 17 cm wide: the text width of an A4 page with 2 cm margins."""
DASHED: Final = (0, (4.0, 2.0))
DOTTED: Final = (0, (1.0, 1.5))
DASH_DOT: Final = (0, (5.0, 1.5, 1.0, 1.5))

_EPOCH: Final = dt.date(1970, 1, 1)
_RC: Final[dict[RcKeyType, Any]] = {
    "svg.fonttype": "none",
    "date.epoch": f"{_EPOCH.isoformat()}T00:00:00",
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Liberation Sans", "Arial"],
    "font.size": 8.0,
    "axes.labelsize": 8.0,
    "axes.titlesize": 9.0,
    "xtick.labelsize": 8.0,
    "ytick.labelsize": 8.0,
    "legend.fontsize": 8.0,
    "legend.frameon": False,
    "axes.edgecolor": "#333333",
    "axes.linewidth": 0.6,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "grid.color": "#d9d9d9",
    "grid.linewidth": 0.5,
    "hatch.linewidth": 0.6,
    "lines.linewidth": 1.5,
    "lines.markersize": 4.5,
}


_AUTO_ID: Final = re.compile(r'id="([A-Za-z][A-Za-z0-9.]*_\d+)"')
"""matplotlib's counted group ids (`axes_1`, `patch_3`): prefixed with the chart's name so
that several charts inlined in one HTML page never share an id. Referenced ids (clip paths,
markers, hatches) are hashes salted by the name, without an underscore."""


def day(date: dt.date) -> float:
    """The matplotlib date number of midnight at the start of `date` (days since the epoch)."""
    return float((date - _EPOCH).days)


def figure_text(value: float) -> str:
    """A figure as charts write it: thousands grouped, whole numbers from 100 up."""
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.1f}".removesuffix(".0")


def shorten(text: str, limit: int) -> str:
    """`text` cut to `limit` characters, an ellipsis marking the cut."""
    return text if len(text) <= limit else text[: max(1, limit - 1)].rstrip() + "\u2026"


def date_axis(ax: Axes) -> None:
    """Date ticks on the x axis, concise (years and months written once)."""
    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]


def mark_date(
    ax: Axes,
    x: float,
    label: str,
    *,
    gid: str,
    colour: str,
    style: object,
    height: float,
    va: str = "top",
) -> None:
    """A vertical line at `x` with `label` beside it, aligned `va` at `height` (axes fraction)."""
    ax.axvline(x, color=colour, linestyle=style, linewidth=1.2, gid=gid, zorder=4)
    left, right = ax.get_xlim()
    near_right = (x - left) > 0.7 * (right - left)
    ax.annotate(
        label,
        xy=(x, height),
        xycoords=("data", "axes fraction"),
        xytext=(-3 if near_right else 3, 0),
        textcoords="offset points",
        ha="right" if near_right else "left",
        va=va,
        color=PALETTE.black,
        bbox={"boxstyle": "square,pad=0.15", "facecolor": "white", "edgecolor": "none"},
        gid=f"{gid}-label",
        zorder=5,
    )


def render_svg(name: str, height_in: float, draw: Callable[[Figure], None]) -> str:
    """The SVG text of a `WIDTH_IN` x `height_in` figure that `draw` fills; ids unique to `name`."""
    rc: dict[RcKeyType, Any] = {**_RC, "svg.hashsalt": f"steerco-{name}"}
    with matplotlib.rc_context(rc):
        figure = Figure(figsize=(WIDTH_IN, height_in))
        FigureCanvasSVG(figure)
        draw(figure)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    return _AUTO_ID.sub(rf'id="{name}-\1"', text[text.index("<svg") :])
