"""One entry point for every format: `render` gives the body, its media type and attachments."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from steerco.model.communication import ReportFormat
from steerco.report.data import StatusReport
from steerco.report.render.chart_like import ChartLike

__all__ = ["MEDIA_TYPES", "SUFFIXES", "RenderedReport", "render"]

MEDIA_TYPES: dict[ReportFormat, str] = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "md": "text/markdown; charset=utf-8",
}
SUFFIXES: dict[ReportFormat, str] = {"html": ".html", "pdf": ".pdf", "md": ".md"}


@dataclass(frozen=True)
class RenderedReport:
    """A rendered report: the file's bytes, its media type and suffix, and its attachments.

    Only Markdown has attachments: the charts as SVG files, keyed by the relative names
    the text links to (`charts/gantt.svg`). HTML and PDF carry their charts inside.
    """

    body: bytes
    media_type: str
    suffix: str
    attachments: dict[str, bytes] = field(default_factory=dict)


def render(
    report: StatusReport,
    charts: Mapping[str, ChartLike],
    fmt: ReportFormat,
    *,
    chart_dir: str = "charts",
) -> RenderedReport:
    """`report` with its `charts` as `fmt`: html, pdf, or md linking its charts in `chart_dir`."""
    if fmt == "html":
        from steerco.report.render.html import render_html

        body = render_html(report, charts).encode("utf-8")
        return RenderedReport(body, MEDIA_TYPES[fmt], SUFFIXES[fmt])
    if fmt == "pdf":
        from steerco.report.render.pdf import render_pdf

        return RenderedReport(render_pdf(report, charts), MEDIA_TYPES[fmt], SUFFIXES[fmt])
    from steerco.report.render.markdown import render_markdown

    text = render_markdown(report, charts, chart_dir=chart_dir)
    return RenderedReport(
        text.text.encode("utf-8"), MEDIA_TYPES[fmt], SUFFIXES[fmt], dict(text.attachments)
    )
