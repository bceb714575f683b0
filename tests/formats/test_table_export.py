"""The schedule table for spreadsheets: rows, the predecessors text, CSV and formula safety."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from steerco.formats.foreign.table_export import (
    BOM,
    ScheduleTable,
    csv_text,
    safe_text,
    schedule_table,
)
from steerco.formats.loader import load_project
from steerco.schedule.network import compile_project
from steerco.schedule.plan import schedule_cpm

# Mon 2027-01-04 is unit 0; Mon-Fri working days: 0 Mon 4, 1 Tue 5, 2 Wed 6, 3 Thu 7,
# 4 Fri 8, 5 Mon 11, 6 Tue 12, 7 Wed 13, 8 Thu 14.
# spec: es 0, ef 3 -> Jan 4..Jan 6. proto: FS+2d -> es 3 + 2 = 5, ef 9 -> Jan 11..Jan 14.
# build: SS+1d -> es 1, raised to unit 2 by SNET Jan 6; ef 7 -> Jan 6..Jan 12.
# done: after proto (9) and build (7) -> point 9, shown on the day of unit 8: Jan 14.
# Backward pass: done ls 9; proto ls 5; build lf 9, ls 4: total float 2, free float
# 9 - 7 = 2; spec lf = min(proto ls - 2, (build ls - 1) + 3) = min(3, 6) = 3: float 0.
# design (summary): Jan 4..Jan 14, 9 working days, float 0 (its leaves' smallest).
# spec costs 3 days x 0.5 x 400 = 600.
PLAN = """\
name: Small
start: 2027-01-04
resources:
  - {id: ana, name: Ana Lopez, rate: 400}
tasks:
  - id: design
    name: Design
    children:
      - {id: spec, name: Specification, duration: 3d, demands: {ana: 0.5},
         description: "Agreed with the client"}
      - {id: proto, name: Prototype, duration: 4d, after: ["spec FS+2d"]}
  - {id: build, name: Build, duration: 5d, after: ["spec SS+1d"],
     start_no_earlier_than: 2027-01-06, deadline: 2027-01-15}
  - {id: done, name: Done, milestone: true, after: [proto, build]}
"""


def _table(tmp_path: Path, text: str = PLAN) -> ScheduleTable:
    path = tmp_path / "small.yaml"
    path.write_text(text, encoding="utf-8")
    project = load_project(path)
    return schedule_table(project, schedule_cpm(compile_project(project)))


def test_rows_follow_the_wbs_with_outline_numbers_and_levels(tmp_path: Path) -> None:
    rows = _table(tmp_path).rows
    assert [(r.id, r.wbs, r.level, r.kind) for r in rows] == [
        ("design", "1", 1, "summary"),
        ("spec", "1.1", 2, "task"),
        ("proto", "1.2", 2, "task"),
        ("build", "2", 1, "task"),
        ("done", "3", 1, "milestone"),
    ]


def test_dates_durations_and_floats_are_the_hand_computed_ones(tmp_path: Path) -> None:
    rows = {r.id: r for r in _table(tmp_path).rows}
    day = dt.date
    got = {
        key: (r.start, r.finish, r.duration, r.total_float, r.free_float, r.critical)
        for key, r in rows.items()
    }
    assert got == {
        "design": (day(2027, 1, 4), day(2027, 1, 14), 9, 0, 0, True),
        "spec": (day(2027, 1, 4), day(2027, 1, 6), 3, 0, 0, True),
        "proto": (day(2027, 1, 11), day(2027, 1, 14), 4, 0, 0, True),
        "build": (day(2027, 1, 6), day(2027, 1, 12), 5, 2, 2, False),
        "done": (day(2027, 1, 14), day(2027, 1, 14), 0, 0, 0, True),
    }


def test_predecessors_resources_constraints_cost_and_notes(tmp_path: Path) -> None:
    rows = {r.id: r for r in _table(tmp_path).rows}
    assert [rows[k].predecessors for k in ("spec", "proto", "build", "done")] == [
        "",
        "1.1FS+2d",
        "1.1SS+1d",
        "1.2;2",
    ]
    assert rows["spec"].resources == "Ana Lopez[50%]"
    assert rows["build"].constraint == "SNET 2027-01-06"
    assert rows["build"].deadline == dt.date(2027, 1, 15)
    assert (rows["spec"].cost, rows["design"].cost) == (600, 600)
    assert rows["spec"].notes == "Agreed with the client"


def test_predecessors_write_leads_percent_and_elapsed_lags_as_ms_project_does(
    tmp_path: Path,
) -> None:
    text = PLAN.replace('after: ["spec FS+2d"]', 'after: ["spec FF-1d", "spec SF+50%"]').replace(
        '"spec SS+1d"', '"spec FS+3ed"'
    )
    rows = {r.id: r for r in _table(tmp_path, text).rows}
    assert rows["proto"].predecessors == "1.1FF-1d;1.1SF+50%"
    assert rows["build"].predecessors == "1.1FS+3ed"


# Progress at Tue 2027-01-05 (data time: unit 2): spec started Mon 4 and, with nothing
# more said, has worked 2 of its 3 days: 1 remaining, 2/3 = 66.67 % complete. The summary
# rolls up by duration: (3 x 66.67 + 4 x 0) / 7 = 28.57 %.
PROGRESS = """\
progress:
  status_date: 2027-01-05
  tasks:
    spec: {actual_start: 2027-01-04}
"""


def test_percent_complete_after_progress_rolls_up_by_duration(tmp_path: Path) -> None:
    rows = {r.id: r for r in _table(tmp_path, PLAN + PROGRESS).rows}
    assert rows["spec"].percent_complete == 66.67
    assert rows["spec"].duration == 3
    assert rows["design"].percent_complete == 28.57
    assert rows["proto"].percent_complete == 0
    assert rows["spec"].start == dt.date(2027, 1, 4)


def test_role_demands_are_shown_by_role_in_the_critical_path_plan(tmp_path: Path) -> None:
    text = PLAN.replace("demands: {ana: 0.5}", "demands: [{role: analyst, units: 2}]").replace(
        "{id: ana, name: Ana Lopez, rate: 400}", "{id: ana, name: Ana Lopez, role: analyst}"
    )
    rows = {r.id: r for r in _table(tmp_path, text).rows}
    assert rows["spec"].resources == "role:analyst[200%]"


def test_csv_parses_back_with_the_header_and_one_record_per_task(tmp_path: Path) -> None:
    text = csv_text(_table(tmp_path))
    assert text.startswith(BOM)
    records = list(csv.reader(io.StringIO(text.removeprefix(BOM))))
    assert records[0][:8] == [
        "ID", "WBS", "Name", "Kind", "Outline level", "Start", "Finish", "Duration (days)",
    ]  # fmt: skip
    assert "Baseline start" not in records[0]
    by_id = {record[0]: dict(zip(records[0], record, strict=True)) for record in records[1:]}
    assert len(by_id) == 5
    assert by_id["build"]["Start"] == "2027-01-06"
    assert by_id["build"]["Total float"] == "2"
    assert by_id["build"]["Critical"] == "no"
    assert by_id["proto"]["Predecessors"] == "1.1FS+2d"
    assert by_id["spec"]["Cost (USD)"] == "600"


def test_a_name_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    hostile = '=HYPERLINK("http://evil.example","x")'
    text = PLAN.replace("name: Specification", f"name: '{hostile}'").replace(
        '"Agreed with the client"', '"@SUM(A1)"'
    )
    records = list(csv.reader(io.StringIO(csv_text(_table(tmp_path, text)).removeprefix(BOM))))
    spec = next(record for record in records if record[0] == "spec")
    assert spec[2] == "'" + hostile
    assert spec[-1] == "'@SUM(A1)"


def test_safe_text_guards_every_formula_start_and_leaves_other_text() -> None:
    for start in "=+-@\t\r":
        assert safe_text(f"{start}1") == f"'{start}1"
    assert safe_text("Plan 2 = done") == "Plan 2 = done"
    assert safe_text("") == ""


# unit: hour, 8-hour days from Mon 2027-01-04: a (12h) works hours 0..11, Mon and Tue
# morning; b (1d = 8h) after a FS+2h starts at hour 14 (Tue) and ends at hour 21 (Wed).
HOURS = """\
name: Hours
start: 2027-01-04
unit: hour
tasks:
  - {id: a, name: A, duration: 12h}
  - {id: b, name: B, duration: 1d, after: ["a FS+2h"]}
"""


def test_an_hour_project_gives_durations_in_hours(tmp_path: Path) -> None:
    table = _table(tmp_path, HOURS)
    records = list(csv.reader(io.StringIO(csv_text(table).removeprefix(BOM))))
    assert records[0][7] == "Duration (hours)"
    assert [r[5:9] for r in records[1:]] == [
        ["2027-01-04", "2027-01-05", "12", ""],
        ["2027-01-05", "2027-01-06", "8", "1FS+2h"],
    ]
