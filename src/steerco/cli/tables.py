"""Tables that fit the console: columns chosen by priority, ids, dates and figures never cut.

A column is a `Col`: its header, how it may shrink (`key` and `figure` never do; `text`
ends in an ellipsis) and a priority (0: always shown; higher numbers are dropped first when
the width cannot hold every column). `print_table` draws the table for the console's width
and says in a footer which columns it left out; `--wide` draws on a console wide enough for
every table's natural width.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

__all__ = ["WIDE", "Col", "Row", "build_table", "percent", "print_table"]

WIDE = 100_000
"""The console width under `--wide`: every table at its natural width, nothing left out."""

Kind = Literal["key", "figure", "text"]
_TEXT_MIN = 12
"""The narrowest a text column (a name, a title) is drawn when it is longer than that."""


@dataclass(frozen=True)
class Col:
    """One column: header, kind (key/figure: never cut; text: ellipsis), priority, alignment."""

    header: str
    kind: Kind = "key"
    priority: int = 0
    justify: Literal["left", "right", "center"] = "left"
    style: str | None = None


@dataclass(frozen=True)
class Row:
    """One row: its cells (Rich markup or Text) and the style of the whole row."""

    cells: Sequence[str | Text]
    style: str | None = None


def percent(share: float | None, places: int = 1) -> str:
    """A share 0..1 as a percentage (0.094 -> '9.4%'), or a dash where it is not defined."""
    return "—" if share is None else f"{share * 100:.{places}f}%"


def _width(cell: str | Text) -> int:
    from rich.text import Text

    text = Text.from_markup(cell) if isinstance(cell, str) else cell
    return max((len(line) for line in text.plain.split("\n")), default=0)


def _longest_word(header: str) -> int:
    return max((len(word) for word in header.split()), default=0)


def build_table(
    columns: Sequence[Col], rows: Sequence[Row], width: int, *, title: str | None = None, **kw: object
) -> tuple[Table, list[str]]:
    """The Rich table for a console `width`, and the headers of the columns it left out.

    Key and figure columns are as wide as their widest cell (headers wrap at spaces); text
    columns share what is left, up to their natural width, and end in an ellipsis when cut.
    The lowest-priority columns (highest `priority`) go first when the minimums do not fit.
    """
    from rich.table import Table

    cells = [[_width(row.cells[i]) for row in rows] for i in range(len(columns))]
    natural = [
        max([len(c.header), *cells[i]]) for i, c in enumerate(columns)
    ]  # one line per cell and header
    least = [
        max(min(natural[i], _TEXT_MIN), _longest_word(c.header))
        if c.kind == "text"
        else max([_longest_word(c.header), *cells[i]])
        for i, c in enumerate(columns)
    ]
    shown = list(range(len(columns)))

    def frame(indices: list[int]) -> int:
        return 3 * len(indices) + 1  # a border and a padding space either side of each cell

    while sum(least[i] for i in shown) + frame(shown) > width:
        droppable = [i for i in shown if columns[i].priority > 0]
        if not droppable:
            break
        shown.remove(max(droppable, key=lambda i: (columns[i].priority, i)))
    widths = {i: least[i] for i in shown}
    spare = width - sum(widths.values()) - frame(shown)
    for kinds in (("text",), ("key", "figure")):  # names first, then unwrapped headers
        while spare > 0:
            growing = [i for i in shown if columns[i].kind in kinds and widths[i] < natural[i]]
            if not growing:
                break
            for i in growing:
                if spare == 0:
                    break
                widths[i] += 1
                spare -= 1
    table = Table(title=title, **kw)  # type: ignore[arg-type]
    for i in shown:
        c = columns[i]
        table.add_column(
            c.header,
            justify=c.justify,
            style=c.style,
            width=max(widths[i], 1),
            no_wrap=c.kind == "text",  # the others are as wide as their widest cell
            overflow="ellipsis" if c.kind == "text" else "fold",
        )
    for row in rows:
        table.add_row(*(row.cells[i] for i in shown), style=row.style)
    return table, [columns[i].header for i in range(len(columns)) if i not in shown]


def print_table(
    console: Console,
    columns: Sequence[Col],
    rows: Sequence[Row],
    *,
    title: str | None = None,
    **kw: object,
) -> None:
    """Print the table that fits `console`, then a line naming the columns left out, if any."""
    table, omitted = build_table(columns, rows, console.width, title=title, **kw)
    console.print(table)
    if omitted:
        names = ", ".join(omitted)
        console.print(f"[dim]Columns left out at this width: {names} (--wide shows all).[/dim]")
