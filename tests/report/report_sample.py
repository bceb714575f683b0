"""A hand-built StatusReport of a realistic project, and a few small SVG charts, for renderers.

The report is what the builder would make of an LLM support-assistant project on
2027-03-05: several milestones (one late), risks with owners and an overdue action,
gates, decisions (one overdue), a budget in EUR, stakeholders, the team's next tasks.
A task's name carries markup (`<script>alert(1)</script>`) that every format must escape.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from steerco.report.data import (
    AgileItemLine,
    AgileSection,
    BudgetSection,
    DecisionLine,
    Dimension,
    FlowSummary,
    GateLine,
    MilestoneLine,
    PersonNextTasks,
    Rag,
    ReleaseSummary,
    ReportCharts,
    RiskLine,
    SprintSummary,
    StakeholderLine,
    StatusReport,
    TaskLine,
    VelocitySummary,
)

D = dt.date
SCRIPT = "<script>alert(1)</script>"
PROJECT = "Support Assistant & Co <LLM>"
MILESTONES = ("Data ready", "Model v1 signed off", "Pilot live", "General availability")
CURRENCY = "EUR"
OVERDUE_ACTION = "Ana Ruiz: red-team the pilot by 2027-03-03"


@dataclass(frozen=True)
class SampleChart:
    """A chart as steerco.report.render.charts.Chart has it: name, title, SVG and alt text."""

    name: str
    title: str
    svg: str
    alt: str


def _svg(label: str, fill: str) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8" standalone="no"?>\n'
        '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN"\n'
        '  "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
        '<svg xmlns="http://www.w3.org/2000/svg" width="320pt" height="120pt" '
        'viewBox="0 0 320 120" version="1.1">'
        f'<rect x="10" y="20" width="200" height="40" fill="{fill}"/>'
        f'<text x="10" y="100" font-size="14">{label}</text></svg>\n'
    )


CHARTS: dict[str, SampleChart] = {
    c.name: c
    for c in (
        SampleChart(
            "gantt",
            "Schedule against the baseline",
            _svg("Gantt", "#0072b2"),
            "Gantt chart: 9 tasks; Pilot live planned 2027-04-16, 5 days after its baseline.",
        ),
        SampleChart(
            "forecast-scurve",
            "Finish forecast",
            _svg("S-curve", "#e69f00"),
            "Cumulative probability of finishing: P50 2027-05-20, P80 2027-06-03.",
        ),
        SampleChart(
            "risk-matrix",
            "Probability and impact of the open risks",
            _svg("Matrix", "#cc79a7"),
            "5 by 5 matrix: R1 at probability 4, impact 4; R2 at 3, 3; R3 at 2, 5.",
        ),
    )
}


def _task(id: str, name: str, start: D, finish: D, percent: float, *people: str) -> TaskLine:
    return TaskLine(id, name, start, finish, percent, tuple(people))


DONE = (
    _task("clean", "Clean the ticket corpus", D(2027, 2, 15), D(2027, 3, 1), 100, "Ana Ruiz"),
    _task("xss", SCRIPT, D(2027, 2, 22), D(2027, 3, 4), 100, "Ben Okafor"),
)
NEXT = (
    _task("finetune", "Fine-tune the base model", D(2027, 3, 1), D(2027, 3, 19), 40, "Ben Okafor"),
    _task("evalset", "Build the evaluation set", D(2027, 3, 8), D(2027, 3, 12), 0, "Ana Ruiz"),
)


AGILE = AgileSection(
    sprint=SprintSummary(
        "S5",
        "Sprint 5",
        "Shadow traffic on 5% of sessions",
        D(2027, 3, 1),
        D(2027, 3, 12),
        "points",
        committed=21,
        added=2,
        removed=0,
        completed=5,
        remaining=18,
        capacity=44.8,
    ),
    velocity=VelocitySummary(("Sprint 2", "Sprint 3", "Sprint 4"), (23, 19, 23), 21.67),
    release=ReleaseSummary(
        "everything ranked up to REC-35",
        "velocity",
        13,
        52,
        D(2027, 4, 23),
        D(2027, 5, 7),
        D(2027, 5, 21),
        sprint_p85="Sprint 8",
    ),
    flow=FlowSummary(4.0, 9.5, 2.5, 6, wip_violations=("In Progress: 4 of 3",)),
    in_progress=(
        AgileItemLine("REC-22", f"Shadow traffic {SCRIPT}", "In Review", 5, "Ana Ruiz", 4),
    ),
)
"""The agile section of a Scrum project in its fifth sprint (all four parts and one item)."""


def sample_report() -> StatusReport:
    """The team-audience report: every section filled."""
    return StatusReport(
        project=PROJECT,
        status_date=D(2027, 3, 5),
        audience="team",
        period_start=D(2027, 2, 26),
        period_end=D(2027, 3, 12),
        overall=Rag("amber", "worst dimension: schedule", "the worst colour of the dimensions"),
        dimensions=(
            Dimension(
                "schedule",
                Rag(
                    "amber",
                    "P80 finish 2027-06-03, 4 working days after 2027-05-28",
                    "amber when the P80 finish is more than 0 and at most 10 working days "
                    "past the commitment",
                ),
            ),
            Dimension("cost", Rag("green", "CPI 0.97, EAC EUR 247,000", "green at CPI 0.95+")),
            Dimension("scope", Rag("green", "work grew 2%", "amber from 5% growth")),
            Dimension("risk", Rag("red", "top score 16 (R1)", "red from a score of 15")),
            Dimension("quality", Rag("grey", "no gate judged yet", "grey until a gate is due")),
        ),
        milestones=(
            MilestoneLine(
                "data",
                MILESTONES[0],
                D(2027, 3, 1),
                D(2027, 3, 1),
                D(2027, 3, 1),
                None,
                None,
                None,
                None,
                D(2027, 3, 1),
            ),
            MilestoneLine(
                "model",
                MILESTONES[1],
                D(2027, 4, 2),
                D(2027, 3, 30),
                D(2027, 4, 1),
                D(2027, 4, 5),
                D(2027, 4, 12),
                D(2027, 4, 16),
                0.41,
                None,
            ),
            MilestoneLine(
                "pilot",
                MILESTONES[2],
                None,
                D(2027, 4, 11),
                D(2027, 4, 16),
                D(2027, 4, 23),
                D(2027, 5, 3),
                D(2027, 5, 7),
                None,
                None,
            ),
            MilestoneLine(
                "ga",
                MILESTONES[3],
                D(2027, 5, 28),
                D(2027, 5, 21),
                D(2027, 5, 24),
                D(2027, 5, 20),
                D(2027, 6, 3),
                D(2027, 6, 9),
                0.72,
                None,
            ),
        ),
        done_in_period=DONE,
        planned_next_period=NEXT,
        risks=(
            RiskLine(
                "R1",
                "Hallucinated answers reach customers",
                4,
                4,
                16,
                "Ana Ruiz",
                "mitigate: retrieval grounding and a refusal policy",
                (OVERDUE_ACTION, "Ben Okafor: eval gate by 2027-03-20"),
                (OVERDUE_ACTION,),
            ),
            RiskLine(
                "R2",
                "GPU quota arrives late",
                3,
                3,
                9,
                "Chen Li",
                "accept",
                (),
            ),
            RiskLine(
                "R3",
                "Personal data in the ticket corpus",
                2,
                5,
                10,
                "Chen Li",
                "avoid: redact before training",
                ("Chen Li: DPIA signed by 2027-03-15",),
            ),
        ),
        budget=BudgetSection(
            unit="money",
            currency=CURRENCY,
            budget=240_000,
            planned_value=96_000,
            earned_value=91_500,
            actual_cost=94_300,
            cpi=0.97,
            spi=0.953,
            eac=247_400,
            vac=-7_400,
            forecast_finish=D(2027, 5, 31),
        ),
        gates=(
            GateLine("g-data", "Data quality gate", "passed", "label agreement 0.91 >= 0.85"),
            GateLine("g-model", "Model quality gate", "pending", "accuracy not measured yet"),
        ),
        decisions=(
            DecisionLine(
                "d1",
                "Host the model on-premises or in the cloud",
                "Sponsor 1",
                D(2027, 3, 1),
                ("on-premises", "EU cloud region"),
                "open",
                True,
            ),
            DecisionLine(
                "d2",
                "Pilot with one team or two",
                "Client lead",
                D(2027, 3, 26),
                ("one team", "two teams"),
                "open",
                False,
            ),
        ),
        narrative=(
            "The project is amber: the P80 finish is 4 working days past the commitment.",
            "Risk R1 (hallucinated answers) has the top score and an overdue action.",
        ),
        narrative_written_by="steerco",
        charts=ReportCharts(),
        next_tasks=(
            PersonNextTasks("Ana Ruiz", (NEXT[1],)),
            PersonNextTasks("Ben Okafor", (NEXT[0],)),
        ),
        tasks=DONE + NEXT,
        stakeholders=(
            StakeholderLine(
                "s1",
                "Sponsor 1",
                "Acme Support",
                "sponsor",
                "high",
                "high",
                "champion",
                "meeting",
                "sponsor",
            ),
            StakeholderLine(
                "s2",
                "Client lead",
                "Acme Support",
                "service owner",
                "high",
                "medium",
                "supporter",
                "email",
                "client",
            ),
        ),
        committed=D(2027, 5, 28),
        currency=CURRENCY,
        hidden=(),
        notes=("Plan: levelled (cp-sat).", "Forecast: 2000 iterations, seed 7."),
        agile=AGILE,
    )


def client_report() -> StatusReport:
    """The client-audience report of a project that hides costs and names, as built."""
    report = sample_report()
    anonymous = tuple(replace(t, people=("ML engineer",)) for t in report.done_in_period)
    return replace(
        report,
        audience="client",
        dimensions=tuple(
            replace(d, status=Rag("green", "on budget", "CPI and EAC within thresholds"))
            if d.name == "cost"
            else d
            for d in report.dimensions
        ),
        budget=None,
        done_in_period=anonymous,
        planned_next_period=(),
        risks=tuple(replace(r, owner="Project lead", actions=(), overdue=()) for r in report.risks),
        next_tasks=(),
        tasks=(),
        stakeholders=(),
        agile=replace(AGILE, in_progress=(replace(AGILE.in_progress[0], assignee="ML engineer"),)),
        currency="",
        hidden=("rates, costs and money figures", "names of individuals"),
    )


MONEY = re.compile(r"(EUR|€|\$|£)\s*[\d,]+|\b\d{1,3}(,\d{3})+\b")
"""A currency figure, or a number with thousands separators."""
