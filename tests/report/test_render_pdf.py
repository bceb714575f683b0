"""The PDF report: a cover, then pages with the running header and `Page X of Y`."""

from __future__ import annotations

import io
import logging
import re

import pytest
from pypdf import PdfReader
from report_sample import CHARTS, MILESTONES, PROJECT, client_report, sample_report

from steerco.report.render.pdf import render_pdf


@pytest.fixture(scope="module")
def pages() -> list[str]:
    data = render_pdf(sample_report(), CHARTS)
    assert data.startswith(b"%PDF-")
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def test_a_cover_then_the_body(pages: list[str]) -> None:
    assert len(pages) >= 2
    cover = pages[0]
    assert PROJECT in cover
    assert "Status at 2027-03-05" in cover and "For the team audience" in cover
    assert "Overall AMBER" in cover
    assert "Page " not in cover, "the cover has no header or footer"


def test_every_body_page_has_the_header_and_page_x_of_y(pages: list[str]) -> None:
    total = len(pages)
    for number, text in enumerate(pages[1:], start=2):
        assert f"Page {number} of {total}" in text
        assert PROJECT in text and "Status at 2027-03-05" in text


def test_the_body_has_the_milestones_and_sections(pages: list[str]) -> None:
    body = " ".join(" ".join(text.split()) for text in pages[1:])
    for name in (*MILESTONES, "Overall status", "Top risks", "Decisions needed", "Charts"):
        assert name in body
    assert "<script>alert(1)</script>" in body  # shown as text, never run


def test_a_client_pdf_has_no_money(pages: list[str]) -> None:
    data = render_pdf(client_report(), CHARTS)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "EUR" not in text and re.search(r"\d,\d{3}", text) is None
    assert "Budget figures are not part of this report." in text


def test_weasyprint_warnings_are_silenced_only_while_printing(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # The print stylesheet's `print-color-adjust` is a property WeasyPrint warns about.
    caplog.set_level(logging.DEBUG, logger="weasyprint")
    caplog.set_level(logging.DEBUG, logger="fontTools")
    render_pdf(sample_report(), {})
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []
    assert logging.getLogger("weasyprint").level == logging.DEBUG
    assert logging.getLogger("fontTools").level == logging.DEBUG
