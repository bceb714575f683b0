"""Build a `StatusReport` from the results the app layer already computed.

Pure: the dated plan, the forecast, earned value, the risk register, the gates and the
recorded progress come in as `ReportInputs`; nothing is computed here that a command
computes differently. What the audience may not see is left out here (`report.audience`),
so that no renderer can show it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from steerco.forecast.result import Forecast
from steerco.model import Progress, Project
from steerco.model.baseline import Baseline
from steerco.model.communication import Audience
from steerco.report import chart_data
from steerco.report.audience import View, view_for
from steerco.report.chart_data import as_date, work_unit
from steerco.report.data import (
    AgileSection,
    BudgetSection,
    DecisionLine,
    Dimension,
    GateLine,
    MilestoneLine,
    PersonNextTasks,
    Rag,
    ReportCharts,
    RiskLine,
    SprintBurn,
    StakeholderLine,
    StatusReport,
    TaskLine,
)
from steerco.report.narrative import manager_narrative, write_narrative
from steerco.report.rag import (
    cost_rag,
    overall_rag,
    quality_rag,
    risk_rag,
    schedule_rag,
    scope_rag,
)
from steerco.risk.register import RiskRegister
from steerco.schedule.plan import Schedule, ScheduledTask
from steerco.track.earned import EarnedValueAt, TrendPoint
from steerco.track.effort import estimated_work, leaf_effort
from steerco.track.gates import GateCheck

__all__ = ["NEXT_TASKS", "TOP_RISKS", "ReportInputs", "build_status_report"]

TOP_RISKS = 5
NEXT_TASKS = 5
"""How many next tasks each person's list shows."""
_GATE_STATE = {
    "met": "passed",
    "likely": "pending",  # not met yet, on course
    "unlikely": "at-risk",  # not met yet, and the outlook says it will not be
    "not_met": "failed",
    "unknown": "pending",
}


@dataclass(frozen=True)
class ReportInputs:
    """What a status report is built from: each result as the app layer computed it."""

    project: Project
    """The project with the progress recorded at the status date."""
    status_date: dt.date
    plan: Schedule
    """The dated plan (`app.plan.dating_plan`) of `project`."""
    forecast: Forecast
    register: RiskRegister
    gates: Sequence[GateCheck] = ()
    baseline: Baseline | None = None
    unchosen: str = ""
    """Why no baseline is measured against though some are saved (several, none chosen)."""
    earned: EarnedValueAt | None = None
    """Earned value at the status date; None without a baseline."""
    trend: Sequence[TrendPoint] = ()
    """Earned value at each recorded status date up to the report's."""
    progresses: Sequence[Progress] = ()
    """The progress recorded at each status date up to the report's, oldest first."""
    notes: Sequence[str] = ()
    agile: AgileSection | None = None
    """The backlog's figures as `steerco sprint`, `velocity`, `release` and `flow` computed
    them (`app.report_agile`); None without a backlog. Assignees are resource ids."""
    sprint_burn: SprintBurn | None = None
    """The active sprint's burndown and burnup, as `steerco sprint` computed it."""


def _agile(section: AgileSection | None, view: View) -> AgileSection | None:
    """The agile section as the audience may see it: assignees by role where names are hidden."""
    if section is None:
        return None
    lines = tuple(
        replace(line, assignee=view.person(line.assignee) if line.assignee else "")
        for line in section.in_progress
    )
    return replace(section, in_progress=lines)


def _rows(plan: Schedule) -> dict[str, ScheduledTask]:
    return {row.id: row for row in plan.tasks()}


def _task_line(row: ScheduledTask, *, view: View, percent: float, progress: Progress) -> TaskLine:
    """A task's line: actual dates where recorded, else the plan's; who works on it."""
    entry = progress.tasks.get(row.id)
    start = entry.actual_start if entry is not None and entry.actual_start else as_date(row.start)
    finish = (
        entry.actual_finish if entry is not None and entry.actual_finish else as_date(row.finish)
    )
    who = row.assignees or tuple(row.resources)
    return TaskLine(
        id=row.id,
        name=row.name,
        start=start,
        finish=finish,
        percent=percent,
        people=tuple(dict.fromkeys(view.person(p) for p in who)),
    )


def _finished(progress: Progress, task_id: str) -> dt.date | None:
    entry = progress.tasks.get(task_id)
    return entry.actual_finish if entry is not None else None


def _period_tasks(
    inputs: ReportInputs,
    rows: Mapping[str, ScheduledTask],
    *,
    view: View,
    percents: Mapping[str, float],
    start: dt.date,
    end: dt.date,
) -> tuple[tuple[TaskLine, ...], tuple[TaskLine, ...]]:
    """The leaves finished in [start, status date] and those planned in (status date, end]."""
    progress, status = inputs.project.progress, inputs.status_date
    done, upcoming = [], []
    for row in rows.values():
        if row.kind == "summary":
            continue
        line = _task_line(row, view=view, percent=percents.get(row.id, 0.0), progress=progress)
        finished = _finished(progress, row.id)
        if finished is not None:
            if start <= finished <= status:
                done.append(line)
            continue
        first, last = as_date(row.start), as_date(row.finish)
        if first is not None and last is not None and first <= end and last > status:
            upcoming.append(line)
    return tuple(done), tuple(upcoming)


def _milestones(
    inputs: ReportInputs, rows: Mapping[str, ScheduledTask]
) -> tuple[MilestoneLine, ...]:
    """Every milestone: deadline, baseline, plan, P50/P80/P90 and the chance of its deadline."""
    frozen = {t.id: t for t in inputs.baseline.tasks} if inputs.baseline is not None else {}
    lines = []
    for task in inputs.project.leaves():
        if not task.milestone or task.id not in rows:
            continue
        forecast = inputs.forecast.milestones.get(task.id)
        dates = forecast.dates if forecast is not None else {}
        was = frozen.get(task.id)
        lines.append(
            MilestoneLine(
                id=task.id,
                name=task.name or task.id,
                deadline=task.deadline,
                baseline=as_date(was.finish) if was is not None else None,
                planned=as_date(rows[task.id].finish),
                p50=as_date(dates.get("p50")),
                p80=as_date(dates.get("p80")),
                p90=forecast.p90 if forecast is not None else None,
                on_time=forecast.p_deadline
                if forecast is not None and task.deadline is not None
                else None,
                done=_finished(inputs.project.progress, task.id),
            )
        )
    return tuple(lines)


def _risks(register: RiskRegister, view: View) -> tuple[RiskLine, ...]:
    """The top open risks with owner, response, open actions and the overdue ones."""
    assessed = {a.risk.id: a for a in register.risks}
    lines = []
    for risk_id in register.top[:TOP_RISKS]:
        a = assessed[risk_id]
        open_actions, overdue = [], []
        for state in a.actions:
            if state.action.done:
                continue
            due = f", due {state.action.due.isoformat()}" if state.action.due else ""
            text = f"{state.action.action} ({view.owner(state.action.owner)}{due})"
            open_actions.append(text)
            if state.overdue:
                overdue.append(text)
        lines.append(
            RiskLine(
                id=a.risk.id,
                title=a.risk.title,
                probability=a.inherent.probability_level,
                impact=a.inherent.impact_level,
                score=a.inherent.score,
                owner=view.owner(a.risk.owner),
                response=a.risk.response or "none chosen",
                actions=tuple(open_actions),
                overdue=tuple(overdue),
            )
        )
    return tuple(lines)


def _budget(inputs: ReportInputs, view: View) -> BudgetSection | None:
    """Earned value at the status date, in money or effort; None without a baseline or money.

    The figures of `steerco evm` for the same file and date, overhead included.
    """
    earned = inputs.earned
    if earned is None or (earned.measure == "cost" and not view.money):
        return None
    m, overhead = earned.measured.project, earned.measured.overhead
    effort = earned.measure == "effort"
    return BudgetSection(
        unit="effort" if effort else "money",
        currency=work_unit(inputs.project) if effort else earned.currency,
        budget=m.bac,
        planned_value=m.pv,
        earned_value=m.ev,
        actual_cost=m.ac,
        cpi=m.cpi,
        spi=m.spi,
        eac=m.eac,
        vac=m.vac,
        forecast_finish=earned.forecast_finish,
        earliest_finish=earned.earliest_finish,
        overhead_planned=overhead.planned if overhead else None,
        overhead_to_date=overhead.to_date if overhead else None,
        overhead_at_completion=overhead.at_completion if overhead else None,
        eac_with_overhead=overhead.eac if overhead else None,
        vac_with_overhead=overhead.vac if overhead else None,
    )


def _evidence(check: GateCheck) -> str:
    """The reason for a gate's state, with the value it rests on and where it was logged."""
    result = check.result
    parts = [result.reason]
    evidence = result.evidence
    if evidence is not None:
        if evidence.run:
            parts.append(f"run {evidence.run}")
        if evidence.step is not None:
            parts.append(f"step {evidence.step}")
        if evidence.when is not None:
            parts.append(f"logged {evidence.when.isoformat()}")
    if result.count:
        parts.append(f"{result.count} value{'s' if result.count != 1 else ''} seen")
    return "; ".join(parts)


def _gates(inputs: ReportInputs) -> tuple[GateLine, ...]:
    return tuple(
        GateLine(
            id=c.task.id,
            name=c.task.name or c.task.id,
            state=_GATE_STATE[c.result.status],
            evidence=_evidence(c),
        )
        for c in inputs.gates
    )


def _decisions(project: Project, status: dt.date, view: View) -> tuple[DecisionLine, ...]:
    """Every decision of the file; an open one past its `needed_by` is overdue."""
    return tuple(
        DecisionLine(
            id=d.id,
            title=d.title,
            owner=view.owner(d.owner),
            needed_by=d.needed_by,
            options=d.options,
            status=d.status,
            overdue=d.status == "open" and d.needed_by is not None and d.needed_by < status,
        )
        for d in project.decisions
    )


def _stakeholders(project: Project) -> tuple[StakeholderLine, ...]:
    return tuple(
        StakeholderLine(
            id=s.id,
            name=s.name,
            organisation=s.organisation,
            role=s.role,
            interest=s.interest,
            influence=s.influence,
            attitude=s.attitude,
            channel=s.channel,
            audience=s.audience,
        )
        for s in project.stakeholders
    )


def _next_tasks(
    rows: Mapping[str, ScheduledTask], progress: Progress, view: View, percents: Mapping[str, float]
) -> tuple[PersonNextTasks, ...]:
    """Each person's unfinished tasks, earliest planned start first (NEXT_TASKS of them)."""
    people = [r.id for r in view.project.resources if r.kind == "person"]
    mine: dict[str, list[ScheduledTask]] = {p: [] for p in people}
    for row in rows.values():
        if row.kind == "summary" or _finished(progress, row.id) is not None:
            continue
        for person in row.assignees or tuple(row.resources):
            if person in mine:
                mine[person].append(row)
    lines = []
    for person in people:
        ordered = sorted(mine[person], key=lambda r: (r.es, r.id))[:NEXT_TASKS]
        if ordered:
            tasks = tuple(
                _task_line(r, view=view, percent=percents.get(r.id, 0.0), progress=progress)
                for r in ordered
            )
            lines.append(PersonNextTasks(person=view.person(person), tasks=tasks))
    return tuple(lines)


def _late_days(plan: Schedule, p80: dt.date, committed: dt.date) -> float:
    """Working days from the committed date to the P80 finish (negative when before it)."""
    calendar = plan.network.calendar
    assert calendar is not None  # dates exist only with a calendar
    units = calendar.unit_after(p80) - calendar.unit_after(committed)
    return units / calendar.hours_per_unit_day


def _dimensions(
    inputs: ReportInputs, view: View, durations: Mapping[str, float]
) -> tuple[Dimension, ...]:
    """The RAG status of schedule, cost, scope, risk and quality."""
    project, thresholds = inputs.project, inputs.project.reporting.thresholds
    p80 = as_date(inputs.forecast.finish.get("p80"))
    committed = project.deadline
    late = _late_days(inputs.plan, p80, committed) if p80 and committed else 0.0
    earned = inputs.earned
    cost = cost_rag(
        cpi=earned.measured.project.cpi if earned else None,
        eac=earned.measured.project.eac if earned else None,
        budget=earned.measured.project.bac if earned else None,
        thresholds=thresholds,
        unit=(work_unit(project) if earned.measure == "effort" else earned.currency)
        if earned
        else "",
        show_amounts=view.money,
    )
    baseline_work = _baselined_work(inputs.baseline) if inputs.baseline is not None else None
    scope = scope_rag(
        baseline_work=baseline_work,
        current_work=sum(estimated_work(project, durations).values()),
        unit=work_unit(project),
        thresholds=thresholds,
    )
    if inputs.baseline is None and inputs.unchosen:
        cost = scope = Rag("grey", "no baseline chosen", inputs.unchosen)
    top = next((a for a in inputs.register.risks if a.risk.id in inputs.register.top[:1]), None)
    risk = risk_rag(
        top=top.risk.id if top else None,
        probability=top.inherent.probability_level if top else 0,
        impact=top.inherent.impact_level if top else 0,
        thresholds=thresholds,
    )
    finishes = {row.id: as_date(row.finish) for row in inputs.plan.tasks()}
    quality = quality_rag(
        gates=[
            (c.task.name or c.task.id, _GATE_STATE[c.result.status], finishes.get(c.task.id))
            for c in inputs.gates
        ],
        status_date=inputs.status_date,
    )
    schedule = schedule_rag(p80=p80, committed=committed, late=late, thresholds=thresholds)
    return (
        Dimension("schedule", schedule),
        Dimension("cost", cost),
        Dimension("scope", scope),
        Dimension("risk", risk),
        Dimension("quality", quality),
    )


def _baselined_work(baseline: Baseline) -> float:
    """The work the baseline estimated, the sum of its leaves' `estimated_work`.

    A baseline saved before it kept that counts its spans x units (`leaf_effort`).
    """
    leaves = list(baseline.leaves())
    if all(leaf.estimated_work is not None for leaf in leaves):
        return sum(leaf.estimated_work or 0.0 for leaf in leaves)
    return sum(leaf_effort(leaf) for leaf in leaves)


def build_status_report(inputs: ReportInputs, *, audience: Audience = "team") -> StatusReport:
    """The status report of `inputs.project` at `inputs.status_date` for `audience`.

    The narrative is written from the report's own data (`report.narrative`), unless the
    file's `reporting.narratives` has the manager's text for this status date.
    """
    project, status = inputs.project, inputs.status_date
    view = view_for(project, audience)
    period = dt.timedelta(days=project.reporting.period_days)
    start, end = status - period, status + period
    rows = _rows(inputs.plan)
    percents = chart_data.leaf_percents(inputs.plan)
    done, upcoming = _period_tasks(inputs, rows, view=view, percents=percents, start=start, end=end)
    durations = chart_data.planned_durations(project)
    dimensions = _dimensions(inputs, view, durations)
    charts = ReportCharts(
        gantt=chart_data.gantt_bars(
            inputs.plan,
            view=view,
            baseline=inputs.baseline,
            forecast=inputs.forecast,
            percents=percents,
        ),
        forecast=chart_data.forecast_curve(inputs.forecast, project.deadline),
        earned_value=chart_data.earned_value_curve(
            baseline=inputs.baseline,
            earned=inputs.earned,
            trend=inputs.trend,
            calendar=inputs.plan.network.calendar,
            view=view,
        )
        if inputs.baseline is not None and inputs.earned is not None
        else None,
        progress=chart_data.progress_curve(
            inputs.plan,
            project=project,
            durations=durations,
            progresses=inputs.progresses,
            baseline=inputs.baseline,
        ),
        risk_matrix=chart_data.risk_cells(inputs.register),
        resource_load=chart_data.resource_load(inputs.plan, project=project, view=view),
        sprint_burn=inputs.sprint_burn,
    )
    progress = project.progress
    report = StatusReport(
        project=project.name,
        status_date=status,
        audience=audience,
        period_start=start,
        period_end=end,
        overall=overall_rag(dimensions),
        dimensions=dimensions,
        milestones=_milestones(inputs, rows),
        done_in_period=done,
        planned_next_period=upcoming,
        risks=_risks(inputs.register, view),
        budget=_budget(inputs, view),
        gates=_gates(inputs),
        decisions=_decisions(project, status, view),
        narrative=(),
        narrative_written_by="steerco",
        charts=charts,
        next_tasks=_next_tasks(rows, progress, view, percents) if view.task_detail else (),
        tasks=tuple(
            _task_line(r, view=view, percent=percents.get(r.id, 0.0), progress=progress)
            for r in rows.values()
            if r.kind != "summary"
        )
        if view.task_detail
        else (),
        stakeholders=_stakeholders(project) if view.stakeholders else (),
        committed=project.deadline,
        currency=project.currency if view.money else "",
        hidden=view.hidden,
        notes=tuple(inputs.notes),
        agile=_agile(inputs.agile, view),
    )
    own = manager_narrative(project, status)
    if own is not None:
        return replace(report, narrative=own, narrative_written_by="manager")
    return replace(report, narrative=write_narrative(report))
