"""The schedule's renderers: task records as JSON text, CSV rows and the notes for people."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import steerco
from psplib_data import psplib_instance
from steerco.render.schedule import (
    ROW_FIELDS,
    people_notes,
    task_json,
    write_schedule_csv,
    write_schedule_json,
)
from steerco.schedule.overallocation import Overload
from steerco.schedule.plan import Schedule, ScheduledTask

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
PSPLIB = psplib_instance("j3010_1")


def _dumps(task: ScheduledTask) -> str:
    """What `json.dumps` writes for the record's fields (the reference of `task_json`)."""
    fields = dataclasses.asdict(task)
    return json.dumps(fields, default=lambda d: d.isoformat())


def _plan(path: Path) -> Schedule:
    plan = steerco.schedule(path, method="cpm")
    assert isinstance(plan, Schedule)
    return plan


def test_record_fields_are_the_documented_ones_in_order() -> None:
    assert ROW_FIELDS[:4] == ("id", "name", "parent", "kind")
    assert ROW_FIELDS[-2:] == ("resources", "assignees")
    assert len(ROW_FIELDS) == 16


def test_task_json_is_what_json_dumps_writes_on_every_example() -> None:
    for path in [*EXAMPLES, PSPLIB]:
        for task in _plan(path).tasks():
            assert task_json(task) == _dumps(task)


text = st.text(alphabet=st.characters(codec="utf-8"), max_size=8)
when = st.one_of(st.integers(-5, 10**6), st.dates(dt.date(2000, 1, 1), dt.date(2100, 1, 1)))


@settings(max_examples=200, deadline=None)
@given(
    text,
    text,
    st.one_of(st.none(), text),
    st.sampled_from(["task", "milestone", "summary"]),
    st.lists(st.integers(-(10**9), 10**9), min_size=6, max_size=6),
    st.booleans(),
    when,
    st.one_of(st.none(), st.floats(0, 1e12, allow_nan=False)),
    st.dictionaries(text, st.floats(0.001, 1e6, allow_nan=False), max_size=3),
    st.lists(text, max_size=3),
)
def test_task_json_matches_json_dumps_for_any_record(
    id_: str,
    name: str,
    parent: str | None,
    kind: Any,
    times: list[int],
    critical: bool,
    start: dt.date | int,
    cost: float | None,
    resources: dict[str, float],
    assignees: list[str],
) -> None:
    task = ScheduledTask(
        id_, name, parent, kind, *times, critical, start, start, cost, resources, tuple(assignees)
    )
    assert task_json(task) == _dumps(task)


def test_json_streams_in_chunks_with_the_same_object() -> None:
    plan = _plan(EXAMPLES[0])
    whole, chunked = io.StringIO(), io.StringIO()
    write_schedule_json(plan, whole)
    write_schedule_json(plan, chunked, chunk=7)
    assert json.loads(whole.getvalue()) == json.loads(chunked.getvalue())
    assert whole.getvalue().count("\n") == 1


def test_csv_has_one_row_per_record_with_the_same_fields() -> None:
    plan = _plan(EXAMPLES[0])
    out = io.StringIO()
    write_schedule_csv(plan, out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    tasks = list(plan.tasks())
    assert tuple(rows[0]) == ROW_FIELDS
    assert [r["id"] for r in rows] == [t.id for t in tasks]
    label = next(t for t in tasks if t.resources)
    row = next(r for r in rows if r["id"] == label.id)
    assert row["resources"] == " ".join(f"{k}:{v:g}" for k, v in label.resources.items())


def _with_overloads(plan: Schedule, overloads: list[Overload]) -> Schedule:
    schedule = dataclasses.replace(plan)
    vars(schedule)["overloads"] = overloads  # what the cached property would hold
    return schedule


def test_people_get_one_line_per_over_allocated_resource() -> None:
    plan = _plan(PSPLIB)
    lines = people_notes(plan)
    assert len(lines) == len({o.resource for o in plan.overloads}) == 4
    assert (
        lines[0] == "over-allocated: R2: 14 periods between 5 and 28; peak 35 booked, 23 available"
    )
    assert len(plan.notes) == len(plan.overloads) == 5


def test_people_notes_are_capped_with_a_pointer_to_the_json() -> None:
    plan = _plan(PSPLIB)
    many = [Overload(f"R{k}", k, k + 2, 3.0, 1.0) for k in range(25)]
    lines = people_notes(_with_overloads(plan, many), limit=10)
    assert len(lines) == 11
    assert lines[-1].startswith("over-allocated: … 15 more resources; ")
    assert "--format json" in lines[-1]


def test_people_notes_use_working_days_and_dates_on_a_calendar() -> None:
    plan = _plan(ROOT / "examples" / "team.yaml")
    over = [line for line in people_notes(plan) if line.startswith("over-allocated")]
    # sec works Mon-Tue. The privacy review pauses over her days off; the security review
    # (`split: false`) runs Fri 25 - Mon 28 June on the plain critical path: Friday is over.
    assert over == ["over-allocated: sec: 1 working day on 2027-06-25; peak 1 booked, 0 available"]
