"""What the project page reads from the analyses' results and the revision's rows, as data.

Pure functions: the forecast and earned-value jobs' JSON objects (as `steerco forecast` and
`steerco evm --format json` print them) become summaries; the team report's HTML gives its
sections and charts by their stable ids (`report.render.html`: `<section id="overall">`,
`<figure id="chart-gantt">`...), so the page shows the very charts the report draws.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from steerco.app.workspace.rows import RowView
from steerco.app.workspace.timestamps import day_or_none
from steerco.model.agile import DEFAULT_STATUSES

__all__ = [
    "Board",
    "BoardColumn",
    "EvmSummary",
    "ForecastSummary",
    "MilestoneLine",
    "ReportParts",
    "RiskLine",
    "TeamLine",
    "board",
    "evm_summary",
    "forecast_summary",
    "milestone_lines",
    "report_parts",
    "risk_lines",
    "team_lines",
]

_SECTION = re.compile(r'<section id="(?P<id>[a-z-]+)"[^>]*>(?P<body>.*?)</section>', re.S)
_FIGURE = re.compile(r'<figure id="chart-(?P<name>[a-z-]+)"[^>]*>.*?</figure>', re.S)
_EVERY_TASK = re.compile(r'<table class="tasks">\s*<caption>Every task</caption>')
_STATUS_DATE = re.compile(
    r'Status at (?:<strong>|<span class="cover-status-date">)(?P<day>[0-9-]+)<'
)
_RAG = re.compile(r'<span class="rag rag-(?P<colour>[a-z]+)">[^<]*</span>\s*'
                  r'<span class="rag-value">(?P<value>[^<]*)</span>')  # fmt: skip


@dataclass(frozen=True)
class ReportParts:
    """The team report's parts: sections, charts, overall RAG and status date.

    `sections` maps a section's id to its inner HTML (the team's without its table of
    every task), `charts` a chart's name to its `<figure>`; `colour` and `value` are the
    overall RAG and what set it.
    """

    sections: dict[str, str]
    charts: dict[str, str]
    colour: str | None
    value: str
    status_date: dt.date | None


@lru_cache(maxsize=16)
def report_parts(html: str) -> ReportParts:
    """The sections, charts and overall RAG of a report rendered by `report.render.html`.

    The HTML is steerco's own, every value escaped when it was rendered: its parts are
    markup a page may insert as they are. Parsed once per text (a job's result never
    changes); the parts are shared, not to be changed.
    """
    sections = {m.group("id"): m.group("body").strip() for m in _SECTION.finditer(html)}
    if "team" in sections:  # the page's Gantt lists every task: keep the people's next tasks
        sections["team"] = _EVERY_TASK.split(sections["team"], maxsplit=1)[0].strip()
    charts = {m.group("name"): m.group(0) for m in _FIGURE.finditer(html)}
    rag = _RAG.search(sections.get("overall", ""))
    colour = rag.group("colour") if rag else None
    value = rag.group("value") if rag else ""
    found = _STATUS_DATE.search(html)
    status_date = day_or_none(found.group("day")) if found else None
    return ReportParts(sections, charts, colour, value, status_date)


@dataclass(frozen=True)
class ForecastSummary:
    """The finish forecast: percentile dates, the chance of the deadline, cost percentiles.

    `finish` maps p10..p95 to dates; `milestones` each milestone id to its p50/p80/p95
    dates and chance of its deadline; `criticality` the most often critical tasks first.
    """

    iterations: int
    finish: dict[str, dt.date | None]
    deterministic: dt.date | None
    p_on_time: float | None
    cost: dict[str, float]
    milestones: dict[str, dict[str, Any]]
    criticality: tuple[tuple[str, float], ...]
    risks: dict[str, dict[str, float]]


@lru_cache(maxsize=16)
def forecast_summary(text: str, *, top: int = 10) -> ForecastSummary:
    """The forecast job's JSON object as a summary (`top` most critical tasks)."""
    data = json.loads(text)
    finish = {k: day_or_none(v) for k, v in (data.get("finish") or {}).items()}
    milestones = {
        mid: {
            **{k: day_or_none(v) for k, v in (m.get("dates") or {}).items()},
            "p_deadline": m.get("p_deadline"),
        }
        for mid, m in (data.get("milestones") or {}).items()
    }
    critical = sorted(
        ((tid, float(v)) for tid, v in (data.get("criticality") or {}).items() if v is not None),
        key=lambda item: -item[1],
    )
    cost = {k: float(v) for k, v in (data.get("cost") or {}).items() if isinstance(v, int | float)}
    return ForecastSummary(
        iterations=int(data.get("iterations") or 0),
        finish=finish,
        deterministic=day_or_none((data.get("deterministic") or {}).get("finish")),
        p_on_time=data.get("p_on_time"),
        cost=cost,
        milestones=milestones,
        criticality=tuple(critical[:top]),
        risks=dict(data.get("risks") or {}),
    )


@dataclass(frozen=True)
class EvmSummary:
    """Earned value at the status date: the project's measures and its earned-schedule finish.

    `forecast_finish` is the earned-schedule finish (IEAC(t)); `earliest_finish` the
    earliest finish the remaining work allows, as `steerco evm` reports them.
    """

    status_date: dt.date | None
    baseline: str | None
    measure: str
    currency: str | None
    values: dict[str, float | None]
    forecast_finish: dt.date | None
    earliest_finish: dt.date | None = None

    @property
    def before_earliest(self) -> bool:
        """Whether the earned-schedule finish falls before the earliest finish possible."""
        from steerco.track.earned import before_earliest

        return before_earliest(self.forecast_finish, self.earliest_finish)


EVM_SHOWN = ("bac", "pv", "ev", "ac", "sv", "cv", "spi", "cpi", "eac", "etc", "vac", "tcpi",
             "spi_t", "sv_t", "ieac_t")  # fmt: skip
"""The measures the earned-value tab lists, in order."""


def evm_summary(text: str) -> EvmSummary:
    """The earned-value job's JSON object (`steerco evm --format json`) as a summary."""
    data = json.loads(text)
    return EvmSummary(
        status_date=day_or_none(data.get("status_date")),
        baseline=data.get("baseline"),
        measure=str(data.get("measure") or ""),
        currency=data.get("currency"),
        values={key: data.get(key) for key in EVM_SHOWN},
        forecast_finish=day_or_none(data.get("forecast_finish")),
        earliest_finish=day_or_none(data.get("earliest_finish")),
    )


@dataclass(frozen=True)
class MilestoneLine:
    """A milestone: its deadline, planned day, forecast percentiles and the day reached."""

    id: str
    name: str
    deadline: dt.date | None
    planned: dt.date | None
    p50: dt.date | None
    p80: dt.date | None
    p95: dt.date | None
    p_deadline: float | None
    reached: dt.date | None


def milestone_lines(
    milestones: Sequence[RowView],
    schedule: Mapping[str, Any] | None,
    forecast: ForecastSummary | None,
) -> list[MilestoneLine]:
    """Every milestone with its plan (schedule job) and forecast (forecast job), in WBS order."""
    planned = {
        str(t["id"]): day_or_none(t.get("finish"))
        for t in (schedule or {}).get("tasks") or ()
        if isinstance(t, dict)
    }
    lines = []
    for row in milestones:
        dates = forecast.milestones.get(row.key, {}) if forecast is not None else {}
        lines.append(
            MilestoneLine(
                id=row.key,
                name=row.name or row.key,
                deadline=day_or_none(row.data.get("deadline")),
                planned=planned.get(row.key),
                p50=dates.get("p50"),
                p80=dates.get("p80"),
                p95=dates.get("p95"),
                p_deadline=dates.get("p_deadline"),
                reached=day_or_none(row.data.get("reached")),
            )
        )
    return lines


@dataclass(frozen=True)
class RiskLine:
    """A risk of the register: its scores, status, owner and how often the forecast met it."""

    id: str
    title: str
    probability: float
    impact: str
    status: str
    owner: str | None
    response: str | None
    tasks: tuple[str, ...]
    occurrence: float | None
    mean_delay: float | None


def _estimate(value: Mapping[str, Any]) -> str:
    """A three-point estimate as a file writes it (`5d..10d..20d`), a non-PERT shape after."""
    text = "..".join(str(value.get(k)) for k in ("low", "likely", "high"))
    shape = value.get("distribution") or "pert"
    return text if shape == "pert" else f"{text} ({shape})"


def _impact(impact: Mapping[str, Any]) -> str:
    """The impact in words: `delay 5d..10d..20d, cost 2000.0` (nothing for no impact)."""
    parts = []
    for key, value in impact.items():
        if value in (None, 0, 0.0, ""):
            continue
        parts.append(f"{key} {_estimate(value) if isinstance(value, dict) else value}")
    return ", ".join(parts)


def _response(value: Any) -> str | None:
    if isinstance(value, dict):
        return str(value.get("strategy") or value.get("type") or "") or None
    return None if value is None else str(value)


def risk_lines(risks: Sequence[RowView], forecast: ForecastSummary | None) -> list[RiskLine]:
    """The register in file order, with the forecast's occurrence of each open risk."""
    met = forecast.risks if forecast is not None else {}
    return [
        RiskLine(
            id=row.key,
            title=str(row.data.get("title") or row.key),
            probability=float(row.data.get("probability") or 0.0),
            impact=_impact(row.data.get("impact") or {}),
            status=str(row.data.get("status") or "open"),
            owner=row.data.get("owner"),
            response=_response(row.data.get("response")),
            tasks=tuple(row.data.get("tasks") or ()),
            occurrence=met.get(row.key, {}).get("occurrence"),
            mean_delay=met.get(row.key, {}).get("mean_delay"),
        )
        for row in risks
    ]


@dataclass(frozen=True)
class TeamLine:
    """A resource: its kind and capacity, and its scheduled tasks and busy days."""

    id: str
    name: str
    kind: str
    capacity: float
    tasks: tuple[str, ...]
    busy_days: int
    first: dt.date | None
    last: dt.date | None


def team_lines(resources: Sequence[RowView], schedule: Mapping[str, Any] | None) -> list[TeamLine]:
    """Each resource with the leaf tasks the schedule gives it and its booked calendar days."""
    data = schedule or {}
    assigned: dict[str, list[str]] = {}
    for task in data.get("tasks") or ():
        if isinstance(task, dict) and task.get("kind") != "summary":
            for rid in task.get("resources") or {}:
                assigned.setdefault(str(rid), []).append(str(task["id"]))
    lines = []
    for row in resources:
        runs = (data.get("load") or {}).get(row.key) or []
        spans = [(day_or_none(r.get("start")), day_or_none(r.get("finish"))) for r in runs]
        known = [(a, b) for a, b in spans if a is not None and b is not None]
        days = sum((b - a).days + 1 for a, b in known)
        lines.append(
            TeamLine(
                id=row.key,
                name=row.name or row.key,
                kind=str(row.data.get("kind") or "person"),
                capacity=float(row.data.get("capacity") or 1.0),
                tasks=tuple(assigned.get(row.key, ())),
                busy_days=days,
                first=min((a for a, _ in known), default=None),
                last=max((b for _, b in known), default=None),
            )
        )
    return lines


@dataclass(frozen=True)
class BoardColumn:
    """One status of the board and its items (rows of the backlog)."""

    status: str
    items: tuple[RowView, ...]


@dataclass(frozen=True)
class Board:
    """The sprint board: the sprint it shows (None: the whole backlog) and its columns."""

    sprint: RowView | None
    columns: tuple[BoardColumn, ...]


def _current_sprint(sprints: Sequence[RowView], today: dt.date) -> RowView | None:
    """The sprint under way today, else the last one that started, else the first."""
    dated = [(s, day_or_none(s.data.get("start")), day_or_none(s.data.get("end"))) for s in sprints]
    for sprint, start, end in dated:
        if start is not None and end is not None and start <= today <= end:
            return sprint
    started = [(start, s) for s, start, _ in dated if start is not None and start <= today]
    if started:
        return max(started, key=lambda pair: pair[0])[1]
    return sprints[0] if sprints else None


def board_day(progress: Any, today: dt.date) -> dt.date:
    """The day the sprint board shows: the project's progress status date, else `today`.

    As `steerco sprint` takes its as-of date (`progress` is the file's `progress` section).
    """
    day = day_or_none(progress.get("status_date")) if isinstance(progress, dict) else None
    return day or today


def statuses_on(backlog: Sequence[RowView], workflow: Any, day: dt.date) -> list[RowView]:
    """The backlog's rows with each item's status as it stood on `day` (`board.status_on`).

    `workflow`: the file's `workflow` section (None: the default). An item before its
    first known day is in the workflow's first status; a row that is no valid item stays
    as it is.
    """
    from pydantic import ValidationError

    from steerco.agile.board import status_on, timeline
    from steerco.model.agile import Workflow, WorkItem

    try:
        flow = Workflow() if workflow is None else Workflow.model_validate(workflow)
    except ValidationError:
        return list(backlog)
    out: list[RowView] = []
    for row in backlog:
        try:
            item = WorkItem.model_validate({"id": row.key, **row.data})
        except ValidationError:
            out.append(row)
            continue
        status = status_on(timeline(item, flow), day) or flow.initial().name
        out.append(replace(row, data={**row.data, "status": status}))
    return out


def board(backlog: Sequence[RowView], sprints: Sequence[RowView], today: dt.date) -> Board:
    """The items of the current sprint (or the whole backlog) by status, in workflow order.

    The default workflow's statuses (To Do, In Progress, Done) come first, then any other
    status in the order the items name it; an item without a status is in To Do. When the
    items name a status of their own workflow, the default columns left empty are dropped.
    """
    sprint = _current_sprint(sprints, today)
    items = [
        row
        for row in backlog
        if row.data.get("type") != "epic"
        and (sprint is None or sprint.key in (row.data.get("sprints") or ()))
    ]
    initial = DEFAULT_STATUSES[0].name
    names = [status.name for status in DEFAULT_STATUSES]
    known = {name.casefold(): name for name in names}
    grouped: dict[str, list[RowView]] = {name: [] for name in names}
    for row in items:
        status = str(row.data.get("status") or initial)
        name = known.setdefault(status.casefold(), status)
        grouped.setdefault(name, []).append(row)
    custom = len(grouped) > len(names)
    columns = tuple(
        BoardColumn(name, tuple(rows))
        for name, rows in grouped.items()
        if rows or not custom or name not in names
    )
    return Board(sprint=sprint, columns=columns)
