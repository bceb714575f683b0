"""The HTML report: self-contained, every section and chart, escaped, accessible, and quiet
in a real browser (headless Chromium, launched once for the module)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from html_page import SECTIONS, Page, read_page
from report_sample import CHARTS, MILESTONES, MONEY, SCRIPT, client_report, sample_report

from steerco.report.data import AgileSection
from steerco.report.render.html import render_html


@pytest.fixture(scope="module")
def html() -> str:
    return render_html(sample_report(), CHARTS)


@pytest.fixture(scope="module")
def page(html: str) -> Page:
    return read_page(html)


def test_every_section_has_its_stable_id(page: Page) -> None:
    assert set(SECTIONS) <= set(page.ids)
    assert len(page.ids) == len(set(page.ids)), "ids are unique"


def test_every_chart_is_a_figure_labelled_with_its_alt_text(page: Page, html: str) -> None:
    assert page.figures == {f"chart-{name}": chart.alt for name, chart in CHARTS.items()}
    for chart in CHARTS.values():
        assert f"<figcaption>{chart.title}</figcaption>" in html


def test_the_svg_is_inline_without_its_xml_prolog(html: str) -> None:
    assert html.count("<svg ") == len(CHARTS)
    assert "<?xml" not in html and "<!DOCTYPE svg" not in html


def test_nothing_is_fetched_from_anywhere(page: Page, html: str) -> None:
    assert not {"script", "link", "img", "iframe", "object", "embed"} & set(page.tags)
    assert [ref for ref in page.references if not ref.startswith("#")] == []
    assert "@import" not in html and "url(" not in html


def test_markup_in_names_is_escaped(html: str) -> None:
    assert SCRIPT not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Support Assistant &amp; Co &lt;LLM&gt;" in html


def test_rag_is_a_word_beside_its_colour_and_rule(html: str, page: Page) -> None:
    report = sample_report()
    for dimension in report.dimensions:
        colour = dimension.status.colour
        assert page.rag_words[f"dimension-{dimension.name}"] == colour.upper()
        row = re.search(rf'<tr id="dimension-{dimension.name}">.*?</tr>', html, re.S)
        assert row is not None
        assert f'class="rag rag-{colour}"' in row.group(0)
        assert dimension.status.rule in row.group(0)
    assert f"Rule: {report.overall.rule}" in html


def test_headings_descend_one_level_at_a_time(page: Page) -> None:
    assert page.headings[0] == 1 and page.headings.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(page.headings, page.headings[1:], strict=False))


def test_every_table_header_cell_has_a_scope(page: Page) -> None:
    assert "th" in page.tags
    assert page.th_without_scope == 0


def test_milestones_overdue_items_narrative_and_small_print_are_shown(html: str) -> None:
    report = sample_report()
    for name in MILESTONES:
        assert f'<th scope="row">{name}</th>' in html
    assert html.count('<strong class="flag">overdue</strong>') == 2  # one action, one decision
    for paragraph in report.narrative:
        assert paragraph in html
    for note in report.notes:
        assert f"<li>{note}</li>" in html
    assert "EUR 240,000" in html and "EUR -7,400" in html


def test_the_print_stylesheet_sets_a4_and_keeps_charts_whole(html: str) -> None:
    printed = html.split("@media print", 1)[1]
    assert "size: A4" in printed
    assert "section.major { break-before: page; }" in printed
    assert re.search(r"figure[^{]*\{ break-inside: avoid; \}", printed)


def test_a_client_report_hiding_costs_shows_no_money_names_or_team() -> None:
    report = client_report()
    html = render_html(report, CHARTS)
    ids = set(read_page(html).ids)
    assert MONEY.search(html) is None
    assert "Budget figures are not part of this report." in html
    assert not {"team", "stakeholders"} & ids
    assert {"overall", "milestones", "risks", "budget", "charts"} <= ids
    assert "Not shown to the client audience: rates, costs and money figures; names of" in html
    assert "Ana Ruiz" not in html and "Ben Okafor" not in html


def test_the_managers_words_are_credited_to_the_manager() -> None:
    report = replace(sample_report(), narrative=("All on track.",), narrative_written_by="manager")
    html = render_html(report, {})
    assert "In the project manager's words." in html and "Written by steerco" not in html
    assert 'id="charts"' not in html


def test_effort_budget_is_in_working_days() -> None:
    report = sample_report()
    assert report.budget is not None
    effort = replace(report.budget, unit="effort", currency="working days", actual_cost=None)
    html = render_html(replace(report, budget=effort), {})
    assert "Effort and earned value" in html
    assert "240,000.0 working days" in html and "EUR" not in html.split('id="budget"')[1]


@pytest.fixture(scope="module")
def browser_run(html: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    """Open the page once in headless Chromium; record console, errors and requests."""
    from playwright.sync_api import sync_playwright

    file = tmp_path_factory.mktemp("html") / "report.html"
    file.write_text(html, encoding="utf-8")
    console: list[str] = []
    errors: list[str] = []
    requests: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
        try:
            tab = browser.new_page()
            tab.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
            tab.on("pageerror", lambda e: errors.append(str(e)))
            tab.on("request", lambda r: requests.append(r.url))
            tab.goto(Path(file).as_uri())
            visible = {s: tab.locator(f"#{s}").is_visible() for s in SECTIONS}
            figures = tab.locator("figure.chart svg").count()
            yield {
                "url": Path(file).as_uri(),
                "console": console,
                "errors": errors,
                "requests": requests,
                "visible": visible,
                "figures": figures,
            }
        finally:
            browser.close()


def test_chromium_shows_every_section_quietly_without_fetching(
    browser_run: dict[str, object],
) -> None:
    assert browser_run["requests"] == [browser_run["url"]]
    assert [m for m in browser_run["console"] if str(m).startswith("error")] == []  # type: ignore[attr-defined]
    assert browser_run["errors"] == []
    assert browser_run["visible"] == dict.fromkeys(SECTIONS, True)
    assert browser_run["figures"] == len(CHARTS)


def test_the_agile_section_shows_sprint_velocity_release_and_flow(html: str) -> None:
    agile = html.split('<section id="agile">')[1].split("</section>")[0]
    for text in (
        "Sprint 5",
        "2027-03-01 to 2027-03-12 (review)",
        "Shadow traffic on 5% of sessions",
        "21 points",  # committed
        "+2 / -0 points",
        "44.8 person-days",
        "Velocity over the last 3 sprints: Sprint 2 23, Sprint 3 19, Sprint 4 23; mean 21.7",
        "everything ranked up to REC-35",
        "13 items, 52 points",
        "2027-05-07",  # P85
        "9.5 days",
        "2.5 items a week",
        "In Progress: 4 of 3",
        "Ana Ruiz",
    ):
        assert text in agile, text
    assert SCRIPT not in agile


def test_a_report_without_a_backlog_has_no_agile_section() -> None:
    html = render_html(replace(sample_report(), agile=None), {})
    assert 'id="agile"' not in html and "Backlog and sprints" not in html


def test_the_client_agile_section_names_roles_only() -> None:
    agile = render_html(client_report(), {}).split('<section id="agile">')[1]
    agile = agile.split("</section>")[0]
    assert "ML engineer" in agile and "Ana Ruiz" not in agile


def test_a_backlog_with_nothing_to_measure_says_so_in_html() -> None:
    html = render_html(replace(sample_report(), agile=AgileSection()), {})
    agile = html.split('<section id="agile">')[1].split("</section>")[0]
    assert "no work item has started yet" in agile and "<table" not in agile
