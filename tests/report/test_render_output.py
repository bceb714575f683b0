"""One entry point renders every format; the app writes the file and Markdown's charts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from report_sample import CHARTS, sample_report

from steerco.app import report_output
from steerco.report.render.output import RenderedReport, render


def test_render_gives_each_format_its_media_type_suffix_and_attachments() -> None:
    report = sample_report()
    html = render(report, CHARTS, "html")
    assert (html.media_type, html.suffix) == ("text/html; charset=utf-8", ".html")
    assert html.attachments == {}
    assert html.body.startswith(b"<!DOCTYPE html>")
    pdf = render(report, CHARTS, "pdf")
    assert (pdf.media_type, pdf.suffix, pdf.attachments) == ("application/pdf", ".pdf", {})
    assert pdf.body.startswith(b"%PDF-")
    md = render(report, CHARTS, "md", chart_dir="c")
    assert (md.media_type, md.suffix) == ("text/markdown; charset=utf-8", ".md")
    assert md.body.startswith(b"# Support Assistant")
    assert set(md.attachments) == {f"c/{name}.svg" for name in CHARTS}


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("r.html", "html"), ("r.htm", "html"), ("R.HTML", "html"), ("a.b.pdf", "pdf"), ("r.md", "md")],
)
def test_the_suffix_picks_the_format(name: str, fmt: str) -> None:
    assert report_output.report_format(Path(name)) == fmt


@pytest.mark.parametrize("name", ["report.txt", "report", "report.markdown", "report.pdf.bak"])
def test_any_other_suffix_is_refused_naming_the_good_ones(name: str) -> None:
    with pytest.raises(ValueError, match=r"\.html \(or \.htm\), \.pdf or \.md"):
        report_output.report_format(Path(name))


def _fake_render(**kwargs: object) -> RenderedReport:
    """render_report without the builder: the sample report with the sample charts."""
    calls.append(kwargs)
    chart_dir = kwargs["chart_dir"]
    assert isinstance(chart_dir, str)
    fmt = kwargs["fmt"]
    assert fmt in ("html", "pdf", "md")
    return render(sample_report(), CHARTS, fmt, chart_dir=chart_dir)


calls: list[dict[str, object]] = []


def test_write_report_puts_markdown_charts_beside_it_where_the_links_point(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(report_output, "render_report", _fake_render)
    out = tmp_path / "weekly.md"
    written = report_output.write_report(path=Path("p.yaml"), audience="sponsor", seed=3, out=out)
    assert written == [out, *(tmp_path / "weekly-charts" / f"{n}.svg" for n in CHARTS)]
    text = out.read_text(encoding="utf-8")
    links = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text)
    assert links and all((tmp_path / link).read_bytes().startswith(b"<?xml") for link in links)
    assert calls[-1]["audience"] == "sponsor" and calls[-1]["seed"] == 3
    assert not list(tmp_path.glob(".*.tmp")), "no temporary file is left behind"


def test_write_report_writes_a_pdf_as_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(report_output, "render_report", _fake_render)
    out = tmp_path / "status.pdf"
    assert report_output.write_report(path=Path("p.yaml"), out=out) == [out]
    assert out.read_bytes().startswith(b"%PDF-")
    assert calls[-1]["fmt"] == "pdf"


def test_a_bad_suffix_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(report_output, "render_report", _fake_render)
    with pytest.raises(ValueError, match=r"report\.docx"):
        report_output.write_report(path=Path("p.yaml"), out=tmp_path / "report.docx")
    assert list(tmp_path.iterdir()) == []
