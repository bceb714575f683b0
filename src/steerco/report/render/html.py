"""The status report as one self-contained HTML page: CSS and SVG inline, nothing fetched.

The page has a section per part of the report, each with a stable id (`overall`,
`milestones`, `period`, `agile` (with a backlog), `risks`, `budget`, `gates`, `decisions`,
`stakeholders`, `team`, `charts`; each chart a `<figure id="chart-NAME">`), a print
stylesheet (A4, page breaks before the major sections, charts never split) and RAG colours
always written as words.
Every value is escaped (Jinja2 autoescaping); only the charts' SVG, steerco's own output,
is inserted as markup.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from steerco.report.data import StatusReport
from steerco.report.render import agile_words, words
from steerco.report.render.chart_like import ChartLike, svg_element
from steerco.report.render.printed import PrintedTasks, printed_tasks

if TYPE_CHECKING:
    from jinja2 import Environment

__all__ = ["page_html", "render_html"]

TEMPLATES = Path(__file__).with_name("templates")


def _environment() -> Environment:
    """Jinja2 over the templates folder, autoescaping everything, with the report's filters."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=StrictUndefined,
    )
    env.filters.update(
        day=words.day, share=words.share, people=words.people, rag_word=words.rag_word
    )
    return env


def _printed_svg(chart: ChartLike) -> str:
    """The chart as an image for WeasyPrint: a data URI, drawn apart from the page's DOM.

    Inline, every node of the SVG (tens of thousands in a long plan's charts) would go
    through the page's CSS cascade; as an image WeasyPrint parses and draws it on its own.
    """
    from markupsafe import escape

    data = base64.b64encode(chart.svg.encode("utf-8")).decode("ascii")
    return f'<img src="data:image/svg+xml;base64,{data}" alt="{escape(chart.alt)}">'


def page_html(report: StatusReport, charts: Mapping[str, ChartLike], *, paged: bool) -> str:
    """The report's page; `paged` adds the cover and the page margins WeasyPrint prints.

    Paged, a team report of many tasks lists only those that matter (`render.printed`).
    """
    from markupsafe import Markup

    figures = [
        {
            "name": c.name,
            "title": c.title,
            "alt": c.alt,
            "svg": Markup(_printed_svg(c) if paged else svg_element(c.svg)),
        }
        for c in charts.values()
    ]
    return (
        _environment()
        .get_template("report.html")
        .render(
            r=report,
            charts=figures,
            paged=paged,
            audience_title=words.AUDIENCE_TITLE[report.audience],
            dimension_title=words.DIMENSION_TITLE,
            budget_rows=words.budget_rows(report.budget) if report.budget else [],
            printed=printed_tasks(report) if paged else PrintedTasks(report.tasks, 0),
            agile=agile_words,
        )
    )


def render_html(report: StatusReport, charts: Mapping[str, ChartLike]) -> str:
    """The report as one self-contained HTML file, for a browser, e-mail or print."""
    return page_html(report, charts, paged=False)
