"""The status report as data: what every renderer (HTML, PDF, Markdown, the web) shows.

Everything a renderer needs is here, already decided: colours with the rule that produced
them, dates, figures, and the data of each chart. Renderers format; they compute nothing.
Fields a report's audience may not see are left empty when the report is built (`hidden`
says what was left out and why), so a renderer cannot leak them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from steerco.model.communication import Audience

__all__ = [
    "AgileItemLine",
    "AgileSection",
    "BudgetSection",
    "Colour",
    "DecisionLine",
    "Dimension",
    "DimensionName",
    "EarnedValueCurve",
    "FlowSummary",
    "ForecastCurve",
    "GanttBar",
    "GateLine",
    "MilestoneLine",
    "PersonNextTasks",
    "ProgressCurve",
    "Rag",
    "ReleaseSummary",
    "ReportCharts",
    "ResourceLoad",
    "RiskCell",
    "RiskLine",
    "SprintBurn",
    "SprintSummary",
    "StakeholderLine",
    "StatusReport",
    "TaskLine",
    "VelocitySummary",
]

Colour = Literal["green", "amber", "red", "grey"]
"""RAG colours; grey where there is nothing to judge (no deadline, no budget, no risks)."""
DimensionName = Literal["schedule", "cost", "scope", "risk", "quality"]


@dataclass(frozen=True)
class Rag:
    """A colour, the measured value it judges, and the rule that produced it, in words."""

    colour: Colour
    value: str
    rule: str


@dataclass(frozen=True)
class Dimension:
    """One dimension of the project's health with its RAG status."""

    name: DimensionName
    status: Rag


@dataclass(frozen=True)
class MilestoneLine:
    """A key milestone: committed, baselined, planned and forecast dates."""

    id: str
    name: str
    deadline: dt.date | None
    baseline: dt.date | None
    planned: dt.date | None
    p50: dt.date | None
    p80: dt.date | None
    p90: dt.date | None
    on_time: float | None
    """Probability of finishing by the deadline (0..1); None without a deadline."""
    done: dt.date | None
    """The actual finish, when the milestone is reached."""


@dataclass(frozen=True)
class TaskLine:
    """A task as a report lists it: dates, progress and who does it."""

    id: str
    name: str
    start: dt.date | None
    finish: dt.date | None
    percent: float
    people: tuple[str, ...] = ()
    """Who works on it: names, or roles where the audience hides names."""


@dataclass(frozen=True)
class RiskLine:
    """A top risk: score, owner, response and the actions due."""

    id: str
    title: str
    probability: int
    """Probability rating 1-5."""
    impact: int
    """Impact rating 1-5 (the largest of the risk's impact ratings)."""
    score: int
    owner: str
    response: str
    actions: tuple[str, ...]
    """Open actions, each with its owner and due date in words."""
    overdue: tuple[str, ...] = ()
    """The open actions whose due date has passed."""


@dataclass(frozen=True)
class BudgetSection:
    """Budget and earned value, in money or, with no costs, in effort (working days)."""

    unit: Literal["money", "effort"]
    currency: str
    """The currency for money; 'working days' (or hours) for effort."""
    budget: float
    planned_value: float
    earned_value: float
    actual_cost: float | None
    cpi: float | None
    spi: float | None
    eac: float | None
    vac: float | None
    forecast_finish: dt.date | None
    """The earned-schedule finish: the last working day of IEAC(t) (`steerco evm`'s)."""
    earliest_finish: dt.date | None = None
    """The earliest finish the remaining work allows (`steerco evm`'s): an earned-schedule
    finish before it is shown with it, as no forecast of the finish."""
    overhead_planned: float | None = None
    """The overhead (costs that follow time) the baseline plans; None without overhead.
    The overhead fields are `steerco evm`'s `overhead`: beside the task budgets above."""
    overhead_to_date: float | None = None
    overhead_at_completion: float | None = None
    eac_with_overhead: float | None = None
    """EAC (BAC / CPI) + the overhead at completion."""
    vac_with_overhead: float | None = None
    """BAC + the planned overhead - the EAC with overhead."""


@dataclass(frozen=True)
class GateLine:
    """A gate on a milestone and the evidence for its state."""

    id: str
    name: str
    state: str
    """passed, failed, pending or at-risk (a run's outlook says the gate is unlikely met)."""
    evidence: str


@dataclass(frozen=True)
class DecisionLine:
    """A decision the project needs, from the file's `decisions:`."""

    id: str
    title: str
    owner: str
    needed_by: dt.date | None
    options: tuple[str, ...]
    status: str
    overdue: bool


@dataclass(frozen=True)
class PersonNextTasks:
    """One person's next tasks (team audience)."""

    person: str
    tasks: tuple[TaskLine, ...]


@dataclass(frozen=True)
class StakeholderLine:
    """A stakeholder as the register shows them, placed on the power-interest grid."""

    id: str
    name: str
    organisation: str
    role: str
    interest: str
    """low, medium or high."""
    influence: str
    """low, medium or high."""
    attitude: str
    channel: str
    audience: str


@dataclass(frozen=True)
class GanttBar:
    """One row of the Gantt chart."""

    id: str
    name: str
    level: int
    """Depth in the WBS (0 at the top)."""
    kind: Literal["task", "summary", "milestone"]
    start: dt.date | None
    finish: dt.date | None
    baseline_start: dt.date | None
    baseline_finish: dt.date | None
    critical: bool
    percent: float
    p50: dt.date | None = None
    p90: dt.date | None = None
    """P50 and P90 forecast of a milestone (the whisker); None on other rows."""


@dataclass(frozen=True)
class ForecastCurve:
    """The finish forecast: a histogram of finish dates and its cumulative S-curve."""

    dates: tuple[dt.date, ...]
    """Each distinct finish date, ascending."""
    counts: tuple[int, ...]
    """How many iterations finished on each date."""
    p50: dt.date
    p80: dt.date
    committed: dt.date | None


@dataclass(frozen=True)
class EarnedValueCurve:
    """PV, EV and AC over the status dates recorded, and the EAC projection."""

    unit: Literal["money", "effort"]
    dates: tuple[dt.date, ...]
    planned: tuple[float, ...]
    """The baseline's planned value on each date (the whole baseline S-curve)."""
    earned: tuple[float, ...]
    """Earned value at each recorded status date (as long as `earned_dates`)."""
    earned_dates: tuple[dt.date, ...]
    actual: tuple[float, ...]
    """Actual cost at each recorded status date; empty on effort."""
    budget: float
    eac: float | None
    forecast_finish: dt.date | None
    """Where the EAC projection ends: the earned-schedule finish, or the earliest finish
    the remaining work allows when IEAC(t) falls before it."""


@dataclass(frozen=True)
class ProgressCurve:
    """Burnup and burndown of work (working days or story points) over status dates."""

    unit: str
    dates: tuple[dt.date, ...]
    scope: tuple[float, ...]
    done: tuple[float, ...]
    planned_done: tuple[float, ...]
    """What the baseline (or the plan) had done by each date."""


@dataclass(frozen=True)
class RiskCell:
    """The risks in one cell of the 5x5 probability-impact matrix."""

    probability: int
    impact: int
    risks: tuple[str, ...]


@dataclass(frozen=True)
class ResourceLoad:
    """One resource's load per period against its capacity."""

    resource: str
    periods: tuple[dt.date, ...]
    """The first day of each period (a week)."""
    load: tuple[float, ...]
    capacity: tuple[float, ...]


@dataclass(frozen=True)
class SprintBurn:
    """The active sprint's burndown and burnup, one value a day from its first day.

    `scope` steps where items are added or removed (scope changes stay visible); `done`
    and `remaining` (scope - done) run to the status date only, so they may be shorter
    than `dates`; `ideal` falls from the committed scope towards 0 on the last day.
    """

    sprint: str
    unit: str
    """'points', or 'items' when the sprint's items carry no points."""
    dates: tuple[dt.date, ...]
    scope: tuple[float, ...]
    ideal: tuple[float, ...]
    done: tuple[float, ...]
    remaining: tuple[float, ...]
    last_day: dt.date | None = None
    """The sprint's last day, where the date axis ends; None: the last of `dates`."""


@dataclass(frozen=True)
class ReportCharts:
    """The data of every chart of the report; None (or empty) where a chart has no data."""

    gantt: tuple[GanttBar, ...] = ()
    forecast: ForecastCurve | None = None
    earned_value: EarnedValueCurve | None = None
    progress: ProgressCurve | None = None
    risk_matrix: tuple[RiskCell, ...] = ()
    resource_load: tuple[ResourceLoad, ...] = ()
    sprint_burn: SprintBurn | None = None
    """The active sprint's burndown and burnup; None without an active sprint."""


@dataclass(frozen=True)
class SprintSummary:
    """The active sprint: dates, goal, commitment against capacity, and how far it is."""

    id: str
    name: str
    goal: str
    start: dt.date
    end: dt.date
    unit: str
    """'points', or 'items' when the sprint's items carry no points."""
    committed: float
    """Planned at the sprint's start."""
    added: float
    removed: float
    """Scope changed after the start."""
    completed: float
    remaining: float
    capacity: float | None = None
    """Person-days available (calendars, leave, focus factor); None when not known."""


@dataclass(frozen=True)
class VelocitySummary:
    """Points completed in each of the last finished sprints, and their mean."""

    sprints: tuple[str, ...]
    """The sprints' names, oldest first."""
    points: tuple[float, ...]
    mean: float | None


@dataclass(frozen=True)
class ReleaseSummary:
    """When the release (everything up to the cut line, or the whole backlog) is done."""

    scope: str
    """What is forecast, in words (e.g. 'everything ranked up to REC-35')."""
    basis: str
    """What was resampled: 'velocity' or 'throughput'."""
    remaining_items: int
    remaining_points: float | None
    p50: dt.date | None
    p85: dt.date | None
    p95: dt.date | None
    sprint_p85: str | None = None
    """The sprint by which the release is done at P85, when sprints are planned."""


@dataclass(frozen=True)
class FlowSummary:
    """Kanban flow: cycle time, throughput, work in progress and WIP-limit violations."""

    cycle_time_p50: float | None
    cycle_time_p85: float | None
    """Calendar days from start to done, 50th and 85th percentiles."""
    throughput_per_week: float | None
    """Mean items done per whole week."""
    wip: int
    """Items in progress at the status date."""
    wip_violations: tuple[str, ...] = ()
    """Each column over its limit, in words (e.g. 'In Progress: 4 of 3')."""


@dataclass(frozen=True)
class AgileItemLine:
    """A work item in progress, as the agile section lists it."""

    id: str
    title: str
    status: str
    points: float | None
    assignee: str
    """Who works on it: a name, or a role where the audience hides names; '' when nobody."""
    age_days: int | None = None
    """Calendar days since it started."""


@dataclass(frozen=True)
class AgileSection:
    """The backlog's state: the active sprint, velocity, the release forecast and flow.

    Each part is None where the project has nothing to show for it (no active sprint, no
    finished sprint, nothing left to forecast, no history of flow).
    """

    sprint: SprintSummary | None = None
    velocity: VelocitySummary | None = None
    release: ReleaseSummary | None = None
    flow: FlowSummary | None = None
    in_progress: tuple[AgileItemLine, ...] = ()


@dataclass(frozen=True)
class StatusReport:
    """A project's status at a status date, for one audience."""

    project: str
    status_date: dt.date
    audience: Audience
    period_start: dt.date
    period_end: dt.date
    """The report looks back to `period_start` and ahead to `period_end`."""
    overall: Rag
    dimensions: tuple[Dimension, ...]
    milestones: tuple[MilestoneLine, ...]
    done_in_period: tuple[TaskLine, ...]
    planned_next_period: tuple[TaskLine, ...]
    risks: tuple[RiskLine, ...]
    budget: BudgetSection | None
    gates: tuple[GateLine, ...]
    decisions: tuple[DecisionLine, ...]
    narrative: tuple[str, ...]
    """Paragraphs: the manager's own text for this date if the file has one, else written."""
    narrative_written_by: Literal["steerco", "manager"]
    charts: ReportCharts
    next_tasks: tuple[PersonNextTasks, ...] = ()
    """Each person's next tasks; team audience only."""
    tasks: tuple[TaskLine, ...] = ()
    """Every task with its dates and progress; team audience only."""
    stakeholders: tuple[StakeholderLine, ...] = ()
    """The stakeholder register (power-interest grid); sponsor and team audiences only."""
    committed: dt.date | None = None
    currency: str = ""
    hidden: tuple[str, ...] = ()
    """What this audience does not see, in words (e.g. 'rates and costs')."""
    notes: tuple[str, ...] = field(default=())
    """How the numbers were made (plan, iterations, seed), for the small print."""
    agile: AgileSection | None = None
    """The agile section; None when the project has no backlog."""
