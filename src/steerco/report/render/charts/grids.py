"""Grids of named things: the probability-impact matrix and the power-interest grid."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

from steerco.report.comms import quadrant_of
from steerco.report.data import RiskCell, StakeholderLine
from steerco.report.render.charts._style import DASHED, PALETTE, render_svg, shorten
from steerco.risk.scales import RatingName, rating

__all__ = [
    "LEVELS",
    "QUADRANTS",
    "power_interest_svg",
    "quadrant",
    "risk_matrix_svg",
]

_BANDS: Final[dict[RatingName, tuple[str, float, str]]] = {
    "low": (PALETTE.green, 0.35, "low (score 1\u20134)"),
    "medium": (PALETTE.yellow, 0.7, "medium (5\u20139)"),
    "high": (PALETTE.vermillion, 0.45, "high (10\u201325)"),
}
"""Fill colour, opacity and legend entry of each rating band of the risk register."""
LEVELS: Final = ("low", "medium", "high")
QUADRANTS: Final = {
    (True, True): "manage closely",
    (True, False): "keep satisfied",
    (False, True): "keep informed",
    (False, False): "monitor",
}
"""Quadrant names by (high influence, high interest)."""
_CELL_LINES: Final = 5
_LINE: Final = 0.15
"""Height of a line of 8 pt text in grid units."""


def _wrap(words: Sequence[str], width: int, lines: int) -> list[str]:
    """`words` joined into at most `lines` lines of about `width` characters, '+N more' last."""
    rows: list[list[str]] = []
    for k, word in enumerate(words):
        if rows and len(", ".join([*rows[-1], word])) <= width:
            rows[-1].append(word)
        elif len(rows) < lines:
            rows.append([word])
        else:
            rows[-1] = [f"+{len(words) - k + len(rows[-1])} more"]
            break
    return [", ".join(row) for row in rows]


def _risk_matrix(figure: Figure, cells: Sequence[RiskCell]) -> None:
    """Draw the 5x5 matrix: impact across, probability up, risk ids written in their cells."""
    ax = figure.add_subplot()
    ids = {(c.probability, c.impact): c.risks for c in cells}
    for p in range(1, 6):
        for i in range(1, 6):
            colour, alpha, _ = _BANDS[rating(p * i)]
            ax.add_patch(
                Rectangle(
                    (i - 0.5, p - 0.5),
                    1.0,
                    1.0,
                    facecolor=colour,
                    alpha=alpha,
                    edgecolor="none",
                    gid=f"risk-cell-{p}-{i}",
                )
            )
            ax.add_patch(
                Rectangle((i - 0.5, p - 0.5), 1.0, 1.0, fill=False, edgecolor="white", lw=1.5)
            )
            ax.text(i - 0.45, p + 0.45, str(p * i), ha="left", va="top", color="#555555")
            risks = ids.get((p, i), ())
            if risks:
                ax.text(
                    i,
                    p - 0.05,
                    "\n".join(_wrap(risks, 14, 4)),
                    ha="center",
                    va="center",
                    linespacing=1.2,
                    gid=f"risk-ids-{p}-{i}",
                )
    ax.set_xlim(0.5, 5.5)
    ax.set_ylim(0.5, 5.5)
    ax.set_xticks(range(1, 6))
    ax.set_yticks(range(1, 6))
    ax.tick_params(length=0)
    ax.set_xlabel("impact (1 = very low, 5 = very high)")
    ax.set_ylabel("probability (1 = rare, 5 = almost certain)")
    for spine in ax.spines.values():
        spine.set_visible(False)
    handles = [
        Patch(facecolor=colour, alpha=alpha, label=label)
        for colour, alpha, label in _BANDS.values()
    ]
    figure.legend(handles=handles, loc="lower center", ncol=3, title="score = probability x impact")
    figure.subplots_adjust(left=0.1, right=0.98, bottom=0.25, top=0.98)


def quadrant(stakeholder: StakeholderLine) -> str:
    """The quadrant of a stakeholder, by the rule `steerco stakeholders` uses (`quadrant_of`)."""
    return quadrant_of(stakeholder.influence, stakeholder.interest).replace("_", " ")


def _level(value: str) -> int:
    """The column (or row) of a low/medium/high rating: 0, 1 or 2 (medium for anything else)."""
    return LEVELS.index(value) if value in LEVELS else 1


def _stack(ax: Axes, col: int, row: int, names: Sequence[str]) -> None:
    """Names stacked in one cell, centred away from the quadrant label; '+N more' past five."""
    shown = list(names)
    if len(shown) > _CELL_LINES:
        shown = [*shown[: _CELL_LINES - 1], f"+{len(names) - _CELL_LINES + 1} more"]
    centre = row + (0.45 if row == 2 else 0.55 if row == 0 else 0.5)
    top = centre + _LINE * (len(shown) - 1) / 2
    for k, name in enumerate(shown):
        ax.text(
            col + 0.5,
            top - k * _LINE,
            name,
            ha="center",
            va="center",
            bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none"},
            gid=f"stakeholder-{row}-{col}-{k}",
        )


def _power_interest(figure: Figure, stakeholders: Sequence[StakeholderLine]) -> None:
    """Draw the grid: interest across, influence up, quadrants named, names stacked by cell."""
    ax = figure.add_subplot()
    tints = {(True, True): PALETTE.vermillion, (True, False): PALETTE.orange}
    tints |= {(False, True): PALETTE.sky_blue, (False, False): PALETTE.grey}
    # medium counts as high (`quadrant_of`): the high quadrants hold the medium and high cells
    edge = float(LEVELS.index("medium"))
    for (power, interest), name in QUADRANTS.items():
        x0, y0 = (edge if interest else 0.0), (edge if power else 0.0)
        width, height = (3.0 - edge if interest else edge), (3.0 - edge if power else edge)
        ax.add_patch(Rectangle((x0, y0), width, height, color=tints[(power, interest)], alpha=0.15))
        ax.text(
            x0 + (width - 0.03 if interest else 0.03),
            y0 + (height - 0.03 if power else 0.03),
            name,
            ha="right" if interest else "left",
            va="top" if power else "bottom",
            fontweight="bold",
            gid=f"quadrant-{name.replace(' ', '-')}",
        )
    for cell_edge in (1.0, 2.0):
        ax.axvline(cell_edge, color="white", linewidth=1.0)
        ax.axhline(cell_edge, color="white", linewidth=1.0)
    ax.axvline(edge, color=PALETTE.black, linewidth=0.8, linestyle=DASHED)
    ax.axhline(edge, color=PALETTE.black, linewidth=0.8, linestyle=DASHED)
    cells: dict[tuple[int, int], list[str]] = {}
    for person in stakeholders:
        label = f"{person.name} ({person.attitude})"
        if person.attitude == "neutral":
            label = person.name
        key = (_level(person.interest), _level(person.influence))
        cells.setdefault(key, []).append(shorten(label, 28))
    for (col, row), names in sorted(cells.items()):
        _stack(ax, col, row, names)
    ax.set_xlim(0.0, 3.0)
    ax.set_ylim(0.0, 3.0)
    ax.set_xticks([0.5, 1.5, 2.5], LEVELS)
    ax.set_yticks([0.5, 1.5, 2.5], LEVELS)
    ax.tick_params(length=0)
    ax.set_xlabel("interest")
    ax.set_ylabel("influence (power)")
    figure.subplots_adjust(left=0.1, right=0.98, bottom=0.12, top=0.98)


def risk_matrix_svg(cells: Sequence[RiskCell]) -> str:
    """The 5x5 probability-impact matrix, cells shaded by rating band, risk ids in them, as SVG."""
    return render_svg("risk-matrix", 4.2, lambda figure: _risk_matrix(figure, cells))


def power_interest_svg(stakeholders: Sequence[StakeholderLine]) -> str:
    """The power-interest grid: four named quadrants, stakeholders stacked per cell, as SVG."""
    return render_svg("power-interest", 3.8, lambda figure: _power_interest(figure, stakeholders))
