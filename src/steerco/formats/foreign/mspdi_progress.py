"""MSPDI progress (actuals, percent complete, remaining, status date) and baselines."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from steerco.formats.foreign.mspdi_context import Context, TaskRow, finish_day
from steerco.formats.foreign.plan import BaselineDates

__all__ = ["read_baselines", "read_progress"]


def read_progress(ctx: Context, tasks: list[TaskRow]) -> dict[str, Any]:
    """The status date and each started leaf's actuals, percent complete and remaining."""
    x = ctx.x
    entries: dict[str, dict[str, Any]] = {}
    for t in tasks:
        if t.children:
            continue
        e = t.element
        actual_start = x.datetime(e, "ActualStart")
        actual_finish = x.datetime(e, "ActualFinish")
        percent = x.number(e, "PercentComplete")
        if actual_start is None and actual_finish is None and not percent:
            continue
        entry: dict[str, Any] = {}
        if actual_start is not None:
            entry["actual_start"] = actual_start.date()
        if actual_finish is not None:
            entry["actual_finish"] = finish_day(actual_start, actual_finish)
        if percent is not None:
            entry["percent_complete"] = percent
        if actual_finish is None:
            remaining = ctx.amount(e, "RemainingDuration", x.integer(e, "DurationFormat", 7))
            if remaining is not None:
                if not remaining.elapsed and t.uid in ctx.day_scale:  # hours of its calendar
                    remaining = replace(remaining, hours=remaining.hours * ctx.day_scale[t.uid])
                entry["remaining"] = ctx.work_time(remaining)
        entries[t.id] = entry
        ctx.tally.add("task progress", "carried", "", t.name)
    status = x.date(ctx.root, "StatusDate")
    out: dict[str, Any] = {}
    if status is not None:
        out["status_date"] = status
        ctx.tally.add("status date", "carried")
    if entries:
        out["tasks"] = entries
    return out


def read_baselines(ctx: Context, tasks: list[TaskRow]) -> dict[str, dict[str, BaselineDates]]:
    """Each task's baselines (Number 0..10) by name: `Baseline`, `Baseline1` ..."""
    x = ctx.x
    found: dict[str, dict[str, BaselineDates]] = {}
    for t in tasks:
        fmt = x.integer(t.element, "DurationFormat", 7)
        for element in x.children(t.element, "Baseline"):
            number = x.integer(element, "Number", 0) or 0
            start, finish = x.datetime(element, "Start"), x.datetime(element, "Finish")
            if start is None or finish is None or not 0 <= number <= 10:
                ctx.tally.add("baseline entries without dates", "dropped", "no dates", t.name)
                continue
            duration = ctx.amount(element, "Duration", fmt)
            name = "Baseline" if number == 0 else f"Baseline{number}"
            found.setdefault(name, {})[t.id] = BaselineDates(
                start=start.date(),
                finish=max(start.date(), finish_day(start, finish)),
                duration=ctx.days(duration) if duration is not None else 0.0,
                cost=(x.number(element, "Cost", 0.0) or 0.0) / 100,
            )
            ctx.tally.add(f"{name} tasks", "carried", "", t.name)
    return found
