"""The agile section in words: the rows every format (HTML, PDF, Markdown) shows."""

from __future__ import annotations

from steerco.report.data import (
    AgileItemLine,
    FlowSummary,
    ReleaseSummary,
    SprintSummary,
    VelocitySummary,
)
from steerco.report.render.words import NONE, day

__all__ = [
    "NOTHING_YET",
    "amount",
    "flow_rows",
    "item_row",
    "release_rows",
    "sprint_rows",
    "velocity_text",
]


NOTHING_YET = "No sprint is under way, none has finished and no work item has started yet."
"""What the agile section says when the backlog has nothing to measure at the status date."""


def amount(value: float | None, unit: str = "") -> str:
    """A number of points, items or days: one decimal at most, with its unit; or a dash."""
    if value is None:
        return NONE
    text = f"{value:,.1f}".removesuffix(".0")
    return f"{text} {unit}".strip()


def sprint_rows(sprint: SprintSummary) -> list[tuple[str, str]]:
    """The active sprint as (measure, value) rows."""
    changed = f"+{amount(sprint.added)} / -{amount(sprint.removed)}"
    return [
        ("Sprint", sprint.name or sprint.id),
        ("Dates", f"{day(sprint.start)} to {day(sprint.end)} (review)"),
        ("Goal", sprint.goal or NONE),
        ("Committed at the start", amount(sprint.committed, sprint.unit)),
        ("Scope added / removed since", f"{changed} {sprint.unit}"),
        ("Completed", amount(sprint.completed, sprint.unit)),
        ("Remaining", amount(sprint.remaining, sprint.unit)),
        ("Capacity", amount(sprint.capacity, "person-days")),
    ]


def velocity_text(velocity: VelocitySummary) -> str:
    """Velocity in one sentence: each sprint's points and the mean."""
    if not velocity.sprints:
        return "No sprint is finished yet: no velocity."
    each = ", ".join(
        f"{name} {amount(points)}"
        for name, points in zip(velocity.sprints, velocity.points, strict=True)
    )
    count = len(velocity.sprints)
    last = "sprint" if count == 1 else f"{count} sprints"
    return f"Velocity over the last {last}: {each}; mean {amount(velocity.mean)} points a sprint."


def release_rows(release: ReleaseSummary) -> list[tuple[str, str]]:
    """The release forecast as (measure, value) rows."""
    left = f"{release.remaining_items} items"
    if release.remaining_points is not None:
        left += f", {amount(release.remaining_points, 'points')}"
    rows = [
        ("Release", release.scope),
        ("Remaining", left),
        ("Forecast from", release.basis),
        ("Done by (P50)", day(release.p50)),
        ("Done by (P85)", day(release.p85)),
        ("Done by (P95)", day(release.p95)),
    ]
    if release.sprint_p85 is not None:
        rows.append(("Sprint at P85", release.sprint_p85))
    return rows


def flow_rows(flow: FlowSummary) -> list[tuple[str, str]]:
    """The flow metrics as (measure, value) rows."""
    return [
        ("Cycle time (P50)", amount(flow.cycle_time_p50, "days")),
        ("Cycle time (P85)", amount(flow.cycle_time_p85, "days")),
        ("Throughput", f"{amount(flow.throughput_per_week)} items a week"),
        ("Work in progress", str(flow.wip)),
        ("Over a WIP limit", "; ".join(flow.wip_violations) or "none"),
    ]


def item_row(item: AgileItemLine) -> list[str]:
    """A work item in progress: id, title, status, points, who, age."""
    age = NONE if item.age_days is None else f"{item.age_days} days"
    return [item.id, item.title, item.status, amount(item.points), item.assignee or NONE, age]
