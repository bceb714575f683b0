"""Render the flagship example's status report and save two views of it as PNG, for the docs.

The team report of `examples/support-assistant.yaml` at a fixed status date in the middle
of its plan, with a fixed seed, is rendered as HTML (`steerco.app.report_output`) and
opened in headless Chromium (Playwright driving Debian's `/usr/bin/chromium`; no browser is
downloaded), 1200 px wide. Two screenshots, clipped to the page's sections:

- `report-overview.png`: the masthead, the overall status and the key milestones;
- `report-charts.png`: the charts section's first charts: the Gantt and the forecast.

Run from the repository root: `.venv/bin/python docs/images/make_report_pngs.py`.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from playwright.sync_api import FloatRect, Page, sync_playwright

from steerco.app.report_output import render_report

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "support-assistant.yaml"
OUT = Path(__file__).resolve().parent
STATUS_DATE = dt.date(2027, 4, 16)
SEED = 1
WIDTH = 1200


def _clip(page: Page, first: str, last: str) -> FloatRect:
    """The page area from the top of `first` to the bottom of `last` (CSS selectors)."""
    top, bottom = page.locator(first).bounding_box(), page.locator(last).bounding_box()
    assert top is not None and bottom is not None, "both sections are on the page"
    height = bottom["y"] + bottom["height"] - top["y"] + 16
    return {"x": 0, "y": max(top["y"] - 8, 0), "width": WIDTH, "height": height}


def main() -> None:
    """Render the report, screenshot its two views, write the PNGs beside this script."""
    report = render_report(
        path=EXAMPLE, status_date=STATUS_DATE, audience="team", fmt="html", seed=SEED
    )
    with tempfile.TemporaryDirectory(prefix="steerco-pngs-") as folder:
        page_file = Path(folder) / "report.html"
        page_file.write_bytes(report.body)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium")
            page = browser.new_page(viewport={"width": WIDTH, "height": 900})
            page.goto(page_file.as_uri())
            views = {
                "report-overview.png": _clip(page, "header.masthead", "#milestones"),
                "report-charts.png": _clip(page, "#charts", "#chart-forecast-scurve"),
            }
            for name, clip in views.items():
                page.screenshot(path=str(OUT / name), clip=clip, full_page=True)
                print(f"wrote {OUT / name}")
            browser.close()


if __name__ == "__main__":
    main()
