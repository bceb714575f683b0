"""Render a project's status report as HTML, PDF or Markdown, and write it to a file.

The report is `steerco.app.report.status_report`'s, its charts
`steerco.report.render.charts.report_charts`'; this module only picks the format and
writes the result: the file atomically and, for Markdown, its charts as SVG files in
`<stem>-charts/` beside it, which the text links to.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from steerco.app.report import REPORT_ITERATIONS
from steerco.model.communication import Audience, ReportFormat
from steerco.report.render.output import RenderedReport

__all__ = ["FORMAT_OF_SUFFIX", "RenderedReport", "render_report", "report_format", "write_report"]

FORMAT_OF_SUFFIX: dict[str, ReportFormat] = {
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
    ".md": "md",
}


def report_format(out: Path) -> ReportFormat:
    """The format a report file's suffix asks for; ValueError naming the suffixes otherwise."""
    fmt = FORMAT_OF_SUFFIX.get(out.suffix.lower())
    if fmt is None:
        raise ValueError(
            f"cannot tell the report format from {out.name!r}: end the file name in "
            ".html (or .htm), .pdf or .md"
        )
    return fmt


def render_report(
    *,
    path: Path,
    status_date: dt.date | None = None,
    audience: Audience = "team",
    fmt: ReportFormat,
    iterations: int = REPORT_ITERATIONS,
    seed: int | None = None,
    time_limit: float | None = None,
    baseline: str | None = None,
    chart_dir: str = "charts",
    with_charts: bool = True,
) -> RenderedReport:
    """The project's status report at `status_date` for `audience`, rendered as `fmt`.

    `with_charts=False` leaves the charts out (Markdown printed where no files can go);
    the other options are `app.report.status_report`'s.
    """
    from steerco.app.report import status_report
    from steerco.report.render.charts import report_charts
    from steerco.report.render.output import render

    report = status_report(
        path=path,
        status_date=status_date,
        audience=audience,
        iterations=iterations,
        seed=seed,
        time_limit=time_limit,
        baseline=baseline,
    )
    unit = report.budget.currency if report.budget is not None else ""
    charts = (
        report_charts(report.charts, report.stakeholders, report.status_date, value_unit=unit)
        if with_charts
        else {}
    )
    return render(report, charts, fmt, chart_dir=chart_dir)


def write_report(
    *,
    path: Path,
    status_date: dt.date | None = None,
    audience: Audience = "team",
    iterations: int = REPORT_ITERATIONS,
    seed: int | None = None,
    time_limit: float | None = None,
    baseline: str | None = None,
    out: Path,
) -> list[Path]:
    """Write the report to `out` in the format its suffix names; the files written, `out` first.

    A Markdown report's charts go to `<stem>-charts/` beside `out`, where its links point.
    Each file is replaced atomically; nothing is written when the report cannot be made.
    """
    from steerco.formats.atomic import atomic_write

    fmt = report_format(out)
    chart_dir = f"{out.stem}-charts"
    rendered = render_report(
        path=path,
        status_date=status_date,
        audience=audience,
        fmt=fmt,
        iterations=iterations,
        seed=seed,
        time_limit=time_limit,
        baseline=baseline,
        chart_dir=chart_dir,
    )
    written = [out]
    for name, data in rendered.attachments.items():
        target = out.parent / name
        atomic_write(target, data)
        written.append(target)
    atomic_write(out, rendered.body)
    return written
