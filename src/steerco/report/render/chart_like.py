"""What a renderer needs of a chart: a file-safe name, a title, the SVG and its alt text."""

from __future__ import annotations

from typing import Protocol

__all__ = ["ChartLike", "svg_element"]


class ChartLike(Protocol):
    """A rendered chart (steerco.report.render.charts.Chart has this shape)."""

    @property
    def name(self) -> str:
        """File-safe name, e.g. `gantt`: the figure's id and the attachment's stem."""
        ...

    @property
    def title(self) -> str:
        """The caption."""
        ...

    @property
    def svg(self) -> str:
        """The chart as an SVG document."""
        ...

    @property
    def alt(self) -> str:
        """What the chart shows, in words, for readers who cannot see it."""
        ...


def svg_element(svg: str) -> str:
    """The `<svg>` element of an SVG document, without the XML declaration and DOCTYPE."""
    start = svg.find("<svg")
    return svg[start:] if start >= 0 else svg
