"""The time axis in words: a plan on every calendar day says calendar days, not working days.

A Mon-Fri project from Monday 4 January 2027 (no country) whose `train` task runs 24x7:
the axis is then every calendar day. prep works Mon 4 - Tue 5 (units 0-2); train runs 10
days Wed 6 - Fri 15 (2-12); its deadline, Sunday 10 January, ends unit 7: 5 calendar days
late (Mon 11 - Fri 15). The makespan is 12 calendar days.
"""

from __future__ import annotations

import json
from pathlib import Path

from cli_runner import steerco

GPU = """\
name: gpu
start: 2027-01-04
calendar: {country: null}
tasks:
  - {id: prep, duration: 2}
  - {id: train, duration: 10, calendar: 24x7, after: [prep], deadline: 2027-01-10}
"""

PLAIN = """\
name: plain
start: 2027-01-04
calendar: {country: null}
tasks:
  - {id: a, duration: 3}
"""


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_schedule_on_calendar_days_says_so(tmp_path: Path) -> None:
    code, out, _ = steerco("schedule", write(tmp_path, GPU), "--wide")
    assert code == 0, out
    assert "(12 calendar days)" in out
    assert "5 calendar days late" in out
    assert "working days" not in out


def test_schedule_json_names_the_axis(tmp_path: Path) -> None:
    data = json.loads(steerco("schedule", write(tmp_path, GPU), "-f", "json")[1])
    assert (data["unit"], data["axis"], data["makespan"]) == ("day", "calendar", 12)
    assert data["missed_deadlines"][0]["late"] == 5
    plain = json.loads(steerco("schedule", write(tmp_path, PLAIN), "-f", "json")[1])
    assert (plain["axis"], plain["makespan"]) == ("working", 3)


def test_plain_plan_still_says_working_days(tmp_path: Path) -> None:
    code, out, _ = steerco("schedule", write(tmp_path, PLAIN))
    assert code == 0 and "(3 working days)" in out


def test_forecast_on_calendar_days_says_so(tmp_path: Path) -> None:
    path = write(tmp_path, GPU)
    code, out, _ = steerco("forecast", path, "-n", "200")
    assert code == 0, out
    assert "Makespan (calendar days)" in out and "working days" not in out
    data = json.loads(steerco("forecast", path, "-n", "200", "-f", "json")[1])
    assert data["axis"] == "calendar" and data["deterministic"]["makespan"] == 12


def test_variance_on_calendar_days_says_so(tmp_path: Path) -> None:
    # The baseline is the plan itself: a finish variance of 0 calendar days.
    path = write(tmp_path, GPU)
    code, out, _ = steerco("baseline", path, "--date", "2027-01-04")
    assert code == 0 and "finish 2027-01-15 (12 calendar days)" in out
    code, out, _ = steerco("variance", path)
    assert code == 0, out
    assert "(0 calendar days)" in out
    assert "working days" not in out
    data = json.loads(steerco("variance", path, "-f", "json")[1])
    assert data["axis"] == "calendar" and data["project"]["finish_variance"] == 0
