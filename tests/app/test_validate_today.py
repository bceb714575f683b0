"""Issue 14: `validate` warns about a status date after today, as `update` does."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from steerco.app.project import validate_project_file

PLAN = """\
name: Future
start: 2027-01-04
tasks:
  - {id: a, name: A, duration: 5}
progress:
  status_date: 2027-01-06
  tasks:
    a: {actual_start: 2027-01-04}
"""


def _codes(path: Path, today: dt.date) -> list[tuple[str, int | None, int | None]]:
    result = validate_project_file(path=path, today=today)
    return [(w.code, w.line, w.column) for w in result.warnings]


def test_a_status_date_after_today_is_a_located_warning(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN, encoding="utf-8")
    assert _codes(path, dt.date(2027, 1, 5)) == [("status_date_in_future", 6, 16)]
    (warning,) = validate_project_file(path=path, today=dt.date(2027, 1, 5)).warnings
    assert "2027-01-06 is after today (2027-01-05); check progress.status_date" in warning.message


def test_a_status_date_of_today_or_before_is_not_warned(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN, encoding="utf-8")
    assert _codes(path, dt.date(2027, 1, 6)) == []
    assert _codes(path, dt.date(2030, 1, 1)) == []


def test_without_a_status_date_nothing_is_warned(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN.split("progress:")[0], encoding="utf-8")
    assert _codes(path, dt.date(2000, 1, 1)) == []
