"""The Markdown report: well-formed GFM tables, charts linked to their attachments, escaped."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from report_sample import CHARTS, MILESTONES, MONEY, SCRIPT, client_report, sample_report

from steerco.report.data import AgileSection
from steerco.report.render.markdown import MarkdownReport, escape, render_markdown

LINK = re.compile(r"!\[([^\]]*)\]\(([^)]+)\)")
PIPE = re.compile(r"(?<!\\)\|")


@pytest.fixture(scope="module")
def markdown() -> MarkdownReport:
    return render_markdown(sample_report(), CHARTS)


def _tables(text: str) -> list[list[str]]:
    """Each run of lines that start with `|`."""
    tables: list[list[str]] = []
    current: list[str] = []
    for line in [*text.splitlines(), ""]:
        if line.startswith("|"):
            current.append(line)
        elif current:
            tables.append(current)
            current = []
    return tables


def test_every_table_is_well_formed(markdown: MarkdownReport) -> None:
    tables = _tables(markdown.text)
    assert len(tables) >= 10
    for table in tables:
        widths = {len(PIPE.findall(line)) for line in table}
        assert len(widths) == 1, table
        assert re.fullmatch(r"\|( -{3,}:? \|)+", table[1]), table[1]
        assert len(table) >= 3, "a header, the alignment row and at least one row"


def test_the_sections_and_milestones_are_there(markdown: MarkdownReport) -> None:
    headings = [line for line in markdown.text.splitlines() if line.startswith("## ")]
    assert headings == [
        "## Overall status",
        "## Key milestones",
        "## This period and next",
        "## Backlog and sprints",
        "## Top risks",
        "## Budget and earned value",
        "## Gates",
        "## Decisions needed",
        "## Stakeholders",
        "## Team",
        "## Charts",
    ]
    for name in MILESTONES:
        assert f"| {name} |" in markdown.text
    assert "| Schedule | **AMBER** |" in markdown.text


def test_chart_links_match_the_attachments(markdown: MarkdownReport) -> None:
    links = LINK.findall(markdown.text)
    assert links == [(chart.title, f"charts/{name}.svg") for name, chart in CHARTS.items()]
    assert markdown.attachments == {
        f"charts/{name}.svg": chart.svg.encode("utf-8") for name, chart in CHARTS.items()
    }


def test_the_chart_folder_is_the_callers() -> None:
    text = render_markdown(sample_report(), CHARTS, chart_dir="weekly-charts")
    assert set(text.attachments) == {f"weekly-charts/{name}.svg" for name in CHARTS}
    assert {path for _, path in LINK.findall(text.text)} == set(text.attachments)


def test_markup_and_pipes_in_names_are_escaped(markdown: MarkdownReport) -> None:
    assert SCRIPT not in markdown.text
    assert r"\<script\>alert(1)\</script\>" in markdown.text
    assert escape("a | b *c* [d](e)\nf") == r"a \| b \*c\* \[d\](e) f"


def test_a_paragraph_cannot_become_a_heading_or_a_list() -> None:
    from dataclasses import replace

    report = replace(sample_report(), narrative=("# not a heading", "1. not a list", "- nor this"))
    text = render_markdown(report, {}).text
    assert "\n\\# not a heading\n" in text
    assert "\n1\\. not a list\n" in text
    assert "\n\\- nor this\n" in text
    assert "## Charts" not in text


def test_a_client_report_hiding_costs_has_no_money() -> None:
    text = render_markdown(client_report(), CHARTS).text
    assert MONEY.search(text) is None
    assert "_Budget figures are not part of this report._" in text
    assert "## Team" not in text and "## Stakeholders" not in text
    assert "Not shown to the client audience: rates, costs and money figures" in text


def test_the_agile_section_is_a_table_per_part(markdown: MarkdownReport) -> None:
    agile = markdown.text.split("## Backlog and sprints")[1].split("## Top risks")[0]
    assert "### Active sprint" in agile and "### Release forecast" in agile
    assert "| Committed at the start | 21 points |" in agile
    assert "| Done by (P95) | 2027-05-21 |" in agile
    assert "| Over a WIP limit | In Progress: 4 of 3 |" in agile
    assert "mean 21.7 points a sprint." in agile
    assert "\\<script\\>" in agile  # the item's title, escaped


def test_no_agile_heading_without_a_backlog() -> None:
    text = render_markdown(replace(sample_report(), agile=None), {}).text
    assert "Backlog and sprints" not in text


def test_a_backlog_with_nothing_to_measure_says_so() -> None:
    text = render_markdown(replace(sample_report(), agile=AgileSection()), {}).text
    agile = text.split("## Backlog and sprints")[1].split("## Top risks")[0]
    assert (
        agile.strip()
        == "_No sprint is under way, none has finished and no work item has started yet._"
    )
