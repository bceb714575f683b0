"""A CSV history read in one pass: rows of plain numbers and rows that need the unit
grammar or a location (units, NA, zeros, errors) mixed, in file order (issue 22, speed)."""

from __future__ import annotations

import pytest

from steerco.errors import ProjectError
from steerco.forecast.calibration import HistoryRecord
from steerco.formats.history import HistoryOptions, parse_history

MIXED = (
    "task,estimated_by,category,estimate,actual,project\n"
    "a,ann,ui,2,3,web\n"  # plain numbers: days
    "b,bob,NA,4h,1d,\n"  # units: 0.5 and 1 day
    ",ann,ui,1.5,1.5,web\n"  # no task: named by its line
    "\n"  # a blank line is skipped, not counted
    "c,,api,NA,2,web\n"  # no estimate: skipped and counted
    'd,"ann",ui,0,2,web\n'  # a zero: skipped and counted
    "e,bob,api,1w,0.25,-\n"  # a week is 5 days; `-` is no project
    "f,ann,api,3,6,web\n"
)


def test_plain_and_other_rows_mixed_keep_their_order_and_values() -> None:
    records = parse_history(MIXED, kind="csv")
    assert records == [
        HistoryRecord("a", "ann", "ui", 2.0, 3.0, "web"),
        HistoryRecord("b", "bob", None, 0.5, 1.0, None),
        HistoryRecord("line 4", "ann", "ui", 1.5, 1.5, "web"),
        HistoryRecord("e", "bob", "api", 5.0, 0.25, None),
        HistoryRecord("f", "ann", "api", 3.0, 6.0, "web"),
    ]


def test_a_bad_cell_after_plain_rows_is_located_at_its_cell() -> None:
    text = "task,estimate,actual\na,1,2\nb,2,3\nc,5x,3\nd,-2,1\n"
    with pytest.raises(ProjectError) as caught:
        parse_history(text, kind="csv", file="h.csv")
    found = [(d.code, d.line, d.column) for d in caught.value.diagnostics]
    # line 4: `5x` starts at column 3; line 5: the negative estimate `-2` at column 3
    assert found == [("bad_duration", 4, 3), ("bad_duration", 5, 3)]
    assert "cannot read '5x' as working time" in caught.value.diagnostics[0].message
    assert "got -2" in caught.value.diagnostics[1].message


def test_story_points_after_plain_days_name_the_first_line() -> None:
    text = "task,estimate,actual\na,1,2\nb,2,3\nc,5pt,3\n"
    with pytest.raises(ProjectError) as caught:
        parse_history(text, kind="csv")
    [error] = caught.value.diagnostics
    assert (error.line, error.column) == (4, 3)
    assert "the one on line 2 working time" in error.message


def test_plain_numbers_under_points_are_points() -> None:
    text = "task,estimate,actual\na,3,2\nb,5pt,1.5\n"
    records = parse_history(text, kind="csv", options=HistoryOptions(estimate_unit="points"))
    assert [(r.estimate, r.actual) for r in records] == [(3.0, 2.0), (5.0, 1.5)]


def test_a_quoted_line_break_counts_its_lines() -> None:
    text = 'task,estimate,actual\n"two\nlines",1,2\n,3,4\n'
    records = parse_history(text, kind="csv")
    assert [r.task for r in records] == ["two\nlines", "line 4"]
