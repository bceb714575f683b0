"""The status report as GitHub-flavoured Markdown, for e-mail, wikis and chat.

Tables are GFM pipe tables; charts are links (`![Title](charts/gantt.svg)`) to SVG files
returned beside the text as attachments, keyed by the same relative names. Every value
taken from the project is escaped, so a name never turns into markup or breaks a table.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from steerco.report.data import Colour, StatusReport, TaskLine
from steerco.report.render import agile_words, words
from steerco.report.render.chart_like import ChartLike

__all__ = ["MarkdownReport", "escape", "render_markdown"]

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
NO_BUDGET = "Budget figures are not part of this report."
_BLOCK_START = re.compile(r"^(#|[-+=]|\d+[.)])")
"""What would make a paragraph a heading, a list item or a rule."""


@dataclass(frozen=True)
class MarkdownReport:
    """The Markdown text and the chart files it links to (relative name -> SVG bytes)."""

    text: str
    attachments: dict[str, bytes] = field(default_factory=dict)


def escape(text: str) -> str:
    """`text` as literal Markdown: punctuation backslash-escaped, newlines as spaces."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _paragraph(text: str) -> str:
    """`text` escaped as a paragraph of its own: it cannot start a heading or a list."""
    escaped = escape(text)
    start = _BLOCK_START.match(escaped)
    if start is None:
        return escaped
    cut = start.end() - 1  # before the marker's last character: `\#`, `\-`, `1\.`
    return escaped[:cut] + "\\" + escaped[cut:]


def _table(header: Sequence[str], rows: Iterable[Sequence[str]], right: int = 0) -> list[str]:
    """A GFM table; the last `right` columns are right-aligned. Cells are already escaped."""
    aligns = ["---"] * (len(header) - right) + ["---:"] * right
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(aligns) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return [*lines, ""]


def _rag(colour: Colour) -> str:
    return f"**{words.rag_word(colour)}**"


def _tasks(tasks: Sequence[TaskLine], empty: str) -> list[str]:
    if not tasks:
        return [f"_{empty}_", ""]
    return _table(
        ["Task", "Start", "Finish", "People", "Done"],
        (
            [
                escape(t.name),
                words.day(t.start),
                words.day(t.finish),
                escape(words.people(t.people)),
                words.share(t.percent / 100),
            ]
            for t in tasks
        ),
        right=1,
    )


def _overall(r: StatusReport) -> list[str]:
    lines = [
        "## Overall status",
        "",
        f"{_rag(r.overall.colour)}: {escape(r.overall.value)}. Rule: {escape(r.overall.rule)}.",
        "",
    ]
    lines += _table(
        ["Dimension", "Status", "Measured", "Rule"],
        (
            [
                words.DIMENSION_TITLE[d.name],
                _rag(d.status.colour),
                escape(d.status.value),
                escape(d.status.rule),
            ]
            for d in r.dimensions
        ),
    )
    for paragraph in r.narrative:
        lines += [_paragraph(paragraph), ""]
    byline = (
        "In the project manager's words."
        if r.narrative_written_by == "manager"
        else "Written by steerco from the figures in this report."
    )
    return [*lines, f"_{byline}_", ""]


def _milestones(r: StatusReport) -> list[str]:
    lines = ["## Key milestones", ""]
    if not r.milestones:
        return [*lines, "_The project has no milestones._", ""]
    return lines + _table(
        ["Milestone", "Deadline", "Baseline", "Plan", "P50", "P80", "P90", "Reached", "On time"],
        (
            [
                escape(m.name),
                *(words.day(d) for d in (m.deadline, m.baseline, m.planned, m.p50, m.p80)),
                words.day(m.p90),
                words.day(m.done),
                words.share(m.on_time),
            ]
            for m in r.milestones
        ),
        right=1,
    )


def _period(r: StatusReport) -> list[str]:
    return [
        "## This period and next",
        "",
        f"### Done from {words.day(r.period_start)} to {words.day(r.status_date)}",
        "",
        *_tasks(r.done_in_period, "Nothing finished in this period."),
        f"### Planned from {words.day(r.status_date)} to {words.day(r.period_end)}",
        "",
        *_tasks(r.planned_next_period, "Nothing planned for the next period."),
    ]


def _agile(r: StatusReport) -> list[str]:
    section = r.agile
    if section is None:
        return []
    lines = ["## Backlog and sprints", ""]
    parts = (section.sprint, section.velocity, section.release, section.flow)
    if all(part is None for part in parts) and not section.in_progress:
        return [*lines, f"_{agile_words.NOTHING_YET}_", ""]

    def rows(pairs: list[tuple[str, str]]) -> list[str]:
        return _table(["Measure", "Value"], ([k, escape(v)] for k, v in pairs), right=1)

    if section.sprint is not None:
        lines += ["### Active sprint", "", *rows(agile_words.sprint_rows(section.sprint))]
    if section.velocity is not None:
        lines += [_paragraph(agile_words.velocity_text(section.velocity)), ""]
    if section.release is not None:
        lines += ["### Release forecast", "", *rows(agile_words.release_rows(section.release))]
    if section.flow is not None:
        lines += ["### Flow", "", *rows(agile_words.flow_rows(section.flow))]
    if section.in_progress:
        lines += _table(
            ["Item", "Title", "Status", "Points", "Who", "Age"],
            ([escape(c) for c in agile_words.item_row(i)] for i in section.in_progress),
            right=1,
        )
    return lines


def _risks(r: StatusReport) -> list[str]:
    lines = ["## Top risks", ""]
    if not r.risks:
        return [*lines, "_No open risks._", ""]

    def actions(done: tuple[str, ...], overdue: tuple[str, ...]) -> str:
        shown = [escape(a) + (" **overdue**" if a in overdue else "") for a in done]
        return "; ".join(shown) or words.NONE

    return lines + _table(
        ["Risk", "Owner", "Response", "Actions", "P", "I", "Score"],
        (
            [
                f"{escape(k.title)} ({escape(k.id)})",
                escape(k.owner),
                escape(k.response),
                actions(k.actions, k.overdue),
                str(k.probability),
                str(k.impact),
                str(k.score),
            ]
            for k in r.risks
        ),
        right=3,
    )


def _budget(r: StatusReport) -> list[str]:
    if r.budget is None:
        return ["## Budget and earned value", "", f"_{NO_BUDGET}_", ""]
    title = "Budget" if r.budget.unit == "money" else "Effort"
    rows = ([label, escape(value)] for label, value in words.budget_rows(r.budget))
    return [f"## {title} and earned value", "", *_table(["Measure", "Value"], rows, right=1)]


def _gates(r: StatusReport) -> list[str]:
    lines = ["## Gates", ""]
    if not r.gates:
        return [*lines, "_The project has no gates._", ""]
    return lines + _table(
        ["Gate", "State", "Evidence"],
        ([escape(g.name), escape(g.state), escape(g.evidence)] for g in r.gates),
    )


def _decisions(r: StatusReport) -> list[str]:
    lines = ["## Decisions needed", ""]
    if not r.decisions:
        return [*lines, "_No decisions are needed._", ""]
    return lines + _table(
        ["Decision", "Owner", "Needed by", "Options", "Status"],
        (
            [
                escape(c.title),
                escape(c.owner or words.NONE),
                words.day(c.needed_by) + (" **overdue**" if c.overdue else ""),
                escape("; ".join(c.options) or words.NONE),
                escape(c.status),
            ]
            for c in r.decisions
        ),
    )


def _stakeholders(r: StatusReport) -> list[str]:
    if not r.stakeholders and r.audience == "client":
        return []
    lines = ["## Stakeholders", ""]
    if not r.stakeholders:
        return [*lines, "_The project lists no stakeholders._", ""]
    return lines + _table(
        ["Stakeholder", "Organisation", "Role", "Interest", "Influence", "Attitude", "Channel"],
        (
            [
                escape(s.name),
                escape(s.organisation or words.NONE),
                escape(s.role or words.NONE),
                s.interest,
                s.influence,
                s.attitude,
                s.channel,
            ]
            for s in r.stakeholders
        ),
    )


def _team(r: StatusReport) -> list[str]:
    if r.audience != "team":
        return []
    lines = ["## Team", ""]
    for person in r.next_tasks:
        lines += [f"### {escape(person.person)}: next tasks", "", *_tasks(person.tasks, "None.")]
    return [*lines, "### Every task", "", *_tasks(r.tasks, "No tasks.")]


def _charts(charts: Mapping[str, ChartLike], chart_dir: str) -> tuple[list[str], dict[str, bytes]]:
    if not charts:
        return [], {}
    lines = ["## Charts", ""]
    files: dict[str, bytes] = {}
    for chart in charts.values():
        name = f"{chart_dir}/{chart.name}.svg" if chart_dir else f"{chart.name}.svg"
        files[name] = chart.svg.encode("utf-8")
        lines += [f"![{escape(chart.title)}]({name})", "", f"_{escape(chart.alt)}_", ""]
    return lines, files


def _small_print(r: StatusReport) -> list[str]:
    lines = ["---", ""]
    if r.hidden:
        lines += [f"Not shown to the {r.audience} audience: {escape('; '.join(r.hidden))}.", ""]
    if r.notes:
        lines += [*(f"- {escape(note)}" for note in r.notes), ""]
    return [*lines, "Made by steerco; colours are written as words."]


def render_markdown(
    report: StatusReport, charts: Mapping[str, ChartLike], chart_dir: str = "charts"
) -> MarkdownReport:
    """The report as Markdown, with each chart an SVG attachment under `chart_dir`."""
    r = report
    head = [
        f"# {escape(r.project)}: status at {words.day(r.status_date)}",
        "",
        f"Status report for the {r.audience} audience; this period {words.day(r.period_start)}"
        f" to {words.day(r.status_date)}, next period to {words.day(r.period_end)}"
        + (f"; committed finish {words.day(r.committed)}." if r.committed else "."),
        "",
    ]
    chart_lines, attachments = _charts(charts, chart_dir)
    lines = [
        *head,
        *_overall(r),
        *_milestones(r),
        *_period(r),
        *_agile(r),
        *_risks(r),
        *_budget(r),
        *_gates(r),
        *_decisions(r),
        *_stakeholders(r),
        *_team(r),
        *chart_lines,
        *_small_print(r),
    ]
    return MarkdownReport("\n".join(lines) + "\n", attachments)
