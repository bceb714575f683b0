"""The status report as a PDF: the HTML page, paginated by WeasyPrint with a cover.

The same page as `render_html`, plus paged-media CSS: an A4 cover (project, status date,
audience, overall RAG), then a running header (project, status date) and a footer
(`Page X of Y`) in the page margins.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator, Mapping

from steerco.report.data import StatusReport
from steerco.report.render.chart_like import ChartLike
from steerco.report.render.html import page_html

__all__ = ["render_pdf"]

_NOISY = ("weasyprint", "fontTools")
"""Loggers that warn about every CSS property and font table they skip."""


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Raise the noisy loggers to ERROR while the PDF is drawn, then restore their levels."""
    loggers = [logging.getLogger(name) for name in _NOISY]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def render_pdf(report: StatusReport, charts: Mapping[str, ChartLike]) -> bytes:
    """The report as a paginated PDF: cover, header, footer with page numbers, the sections."""
    from weasyprint import HTML  # type: ignore[import-untyped]

    page = page_html(report, charts, paged=True)
    with _quiet():
        data: bytes = HTML(string=page, base_url=None).write_pdf()
    return data
