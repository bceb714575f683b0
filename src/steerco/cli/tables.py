"""Tables that fit the console: columns chosen by priority, ids, dates and figures never cut.

A column is a `Col`: its header, how it may shrink (`key` and `figure` never do; `text`
ends in an ellipsis; `list`, ids joined by ", ", wraps between them) and a priority (0:
always shown; higher numbers are dropped first when the width cannot hold every column).
`print_table` draws the table for the console's width and says in a footer which columns
it left out; `--wide` draws on a console wide enough for every table's natural width.
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

Kind = Literal["key", "figure", "text", "list"]
_TEXT_MIN = 12
"""The narrowest a text column (a name, a title) is drawn when it is longer than that."""


@dataclass(frozen=True)
class Col:
    """One column: header, kind (key/figure: never cut; text: ellipsis; list: wraps), priority."""

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
    from rich.cells import cell_len

    return max((cell_len(line) for line in _plain(cell).split("\n")), default=0)


def _longest_word(header: str | Text) -> int:
    plain = header if isinstance(header, str) else header.plain
    return max((len(word) for word in plain.split()), default=0)


def _least(column: Col, cells: Sequence[str | Text], natural: int) -> int:
    """The narrowest `column` may be drawn: its widest id, date or figure; a word of a list."""
    header = _longest_word(column.header)
    if column.kind == "text":
        return max(min(natural, _TEXT_MIN), header)
    if column.kind == "list":
        return max([header, *(_longest_word(_plain(c)) for c in cells)])
    return max([header, *(_width(c) for c in cells)])


def _plain(cell: str | Text) -> str:
    from rich.text import Text

    return Text.from_markup(cell).plain if isinstance(cell, str) else cell.plain


def build_table(
    columns: Sequence[Col],
    rows: Sequence[Row],
    width: int,
    *,
    title: str | None = None,
    **kw: object,
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
    least = [_least(c, [row.cells[i] for row in rows], natural[i]) for i, c in enumerate(columns)]
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
    for kinds in (("text", "list"), ("key", "figure")):  # names first, then unwrapped headers
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
