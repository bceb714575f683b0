"""`steerco update` edits progress in place; `steerco evm` measures it against a baseline.

The project: one ML engineer at 100 a day; A (3 days) -> B (4 days) -> C (2 days) from
Monday 2027-01-04, A and B in a phase. Baseline by hand: A Mon 4..Wed 6 (units 0-3, 300),
B Thu 7..Tue 12 (units 3-7, 400), C Wed 13..Thu 14 (units 7-9, 200); BAC 900, PD 9.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

from cli_runner import steerco

SOURCE = """\
# EVM demo: the comments must survive every update
name: EVM demo
start: 2027-01-04
resources:
  - {id: r, name: ML engineer 1, rate: 100}   # day rate
tasks:
  - id: ph
    name: Phase
    children:
      - {id: a, name: A, duration: 3, demands: [{resource: r}]}
      - {id: b, name: B, duration: 4, after: [a], demands: [{resource: r}]}
  # C closes the project
  - {id: c, name: C, duration: 2, after: [b], demands: [{resource: r}]}
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "demo.yaml"
    path.write_text(SOURCE, encoding="utf-8")
    return path


def _progress(path: Path) -> dict[str, object]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["progress"]  # type: ignore[no-any-return]


def test_update_records_progress_and_keeps_every_other_line(project: Path) -> None:
    code, out, _ = steerco("update", str(project), "a", "--percent", "40", "--date", "2027-01-05")
    assert code == 0, out
    text = project.read_text(encoding="utf-8")
    assert text.startswith(SOURCE)  # comments, flow style and order untouched
    assert _progress(project) == {
        "status_date": yaml.safe_load("2027-01-05"),
        "tasks": {"a": {"actual_start": yaml.safe_load("2027-01-04"), "percent_complete": 40}},
    }


def test_done_finishes_on_the_status_date_and_a_snapshot_is_kept(project: Path) -> None:
    steerco("update", str(project), "a", "--percent", "40", "--date", "2027-01-05")
    code, _, _ = steerco("update", str(project), "a", "--done", "--date", "2027-01-06")
    assert code == 0
    entry = _progress(project)["tasks"]["a"]  # type: ignore[index]
    assert str(entry["actual_finish"]) == "2027-01-06"
    assert entry["percent_complete"] == 100
    snapshots = yaml.safe_load(project.with_name("demo.snapshots.yaml").read_text())["snapshots"]
    assert [str(s["status_date"]) for s in snapshots] == ["2027-01-05", "2027-01-06"]
    assert snapshots[0]["tasks"]["a"]["percent_complete"] == 40


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["bb", "--percent", "10", "--date", "2027-01-05"], "unknown_task"),
        (["ph", "--percent", "10", "--date", "2027-01-05"], "unknown_task"),
        (["a", "--percent", "140", "--date", "2027-01-05"], "bad_percent"),
        (["a", "--date", "2027-01-05"], "nothing_to_record"),
        (["a", "--done", "--start", "2027-01-07", "--date", "2027-01-06"], "finish_before_start"),
    ],
)
def test_bad_updates_change_nothing(project: Path, args: list[str], code: str) -> None:
    exit_code, _, err = steerco("update", str(project), *args)
    assert exit_code == 2
    assert f": {code}: " in err
    assert project.read_text(encoding="utf-8") == SOURCE
    assert not project.with_name("demo.snapshots.yaml").exists()


def test_a_cost_far_out_of_range_is_refused_in_a_few_words(project: Path) -> None:
    exit_code, _, err = steerco(
        "update", str(project), "a", "--cost", "1e308", "--date", "2027-01-05"
    )
    assert exit_code == 2
    assert "bad_value: must be at most 1000000000000, got 1e+308" in err
    assert len(err) < 200  # the cost as written, not its 309 digits
    assert project.read_text(encoding="utf-8") == SOURCE


def test_evm_needs_a_baseline(project: Path) -> None:
    steerco("update", str(project), "a", "--percent", "40", "--date", "2027-01-05")
    code, _, err = steerco("evm", str(project))
    assert code == 2
    assert "no_baseline" in err and "steerco baseline" in err


def _measured(project: Path, *extra: str) -> dict[str, object]:
    code, out, err = steerco("evm", str(project), "--format", "json", *extra)
    assert code == 0, err
    return json.loads(out)  # type: ignore[no-any-return]


def test_evm_by_hand(project: Path) -> None:
    assert steerco("baseline", str(project), "--date", "2027-01-01")[0] == 0
    steerco("update", str(project), "a", "--done", "--start", "2027-01-04", "--cost", "350",
         "--date", "2027-01-06")  # fmt: skip
    steerco("update", str(project), "b", "--percent", "25", "--date", "2027-01-08")
    data = _measured(project)
    # Friday 8 inclusive: AT = 5. PV = A 300 + B 2/4 x 400 = 500. EV = 300 + 25% x 400 = 400.
    # AC = 350 recorded + B's two worked days (Thu 7, Fri 8) x 100 = 550.
    assert data["status_date"] == "2027-01-08"
    assert (data["bac"], data["pv"], data["ev"], data["ac"]) == (900, 500, 400, 550)
    assert data["spi"] == pytest.approx(0.8)
    assert data["cpi"] == pytest.approx(400 / 550)
    assert data["eac"] == pytest.approx(900 * 550 / 400)
    assert data["eac_atypical"] == pytest.approx(550 + 500)
    assert data["tcpi"] == pytest.approx(500 / 350)
    # PV reaches 400 at unit 4: ES = 4, SV(t) = -1, SPI(t) = 0.8, IEAC(t) = 9 / 0.8.
    assert (data["earned_schedule"], data["actual_time"], data["sv_t"]) == (4, 5, -1)
    assert data["ieac_t"] == pytest.approx(11.25)
    assert data["forecast_finish"] == "2027-01-19"  # unit 11: Tue 19
    phase = data["wbs"]["ph"]  # type: ignore[index]
    assert (phase["bac"], phase["pv"], phase["ev"], phase["ac"]) == (700, 500, 400, 550)
    assert data["tasks"]["c"]["ev"] == 0  # type: ignore[index]


def test_a_finish_typed_without_a_start_is_refused_where_done_takes_the_planned_start(
    project: Path,
) -> None:
    # A (3 days, 300) finished on Wed 6 with no actual_start used to be a one-day task
    # (Wed 6..Wed 6, AC 100): a 3x underrun. Every command now refuses it, at the finish.
    assert steerco("baseline", str(project), "--date", "2027-01-01")[0] == 0
    typed = project.read_text(encoding="utf-8") + (
        "progress:\n  status_date: 2027-01-06\n  tasks:\n    a: {actual_finish: 2027-01-06}\n"
    )
    project.write_text(typed, encoding="utf-8")
    for command in ("validate", "schedule", "evm"):
        code, _, err = steerco(command, str(project))
        assert code != 0, command
        # line 17, the last; column 24: after "    a: {actual_finish: "
        assert "demo.yaml:17:24: missing_actual_start" in err, command
        assert "give actual_start as well" in err, command
    # The same fact through `update --done` records the planned start, Mon 4: A costs 300.
    project.write_text(SOURCE, encoding="utf-8")
    assert steerco("update", str(project), "a", "--done", "--date", "2027-01-06")[0] == 0
    assert str(_progress(project)["tasks"]["a"]["actual_start"]) == "2027-01-04"  # type: ignore[index]
    data = _measured(project)
    assert (data["ev"], data["ac"]) == (300, 300)


def test_evm_at_an_earlier_date_uses_the_snapshot_of_then(project: Path) -> None:
    steerco("baseline", str(project), "--date", "2027-01-01")
    steerco("update", str(project), "a", "--percent", "50", "--date", "2027-01-05")
    steerco("update", str(project), "a", "--done", "--date", "2027-01-07")
    then = _measured(project, "--status-date", "2027-01-06")  # latest on or before: the 5th
    assert then["status_date"] == "2027-01-05"
    assert (then["pv"], then["ev"]) == (200, 150)
    before = _measured(project, "--status-date", "2027-01-04")  # before any snapshot
    assert (before["ev"], before["ac"]) == (0, 0)
    code, out, _ = steerco("evm", str(project), "--trend", "--format", "json")
    assert code == 0
    assert [p["status_date"] for p in json.loads(out)["trend"]] == ["2027-01-05", "2027-01-07"]


def test_evm_table(project: Path) -> None:
    steerco("baseline", str(project), "--date", "2027-01-01")
    steerco("update", str(project), "a", "--percent", "50", "--date", "2027-01-05")
    code, out, _ = steerco("evm", str(project))
    assert code == 0
    assert "Earned value at 2027-01-05" in out and "Project" in out


def test_update_refuses_negative_remaining_and_writes_nothing(project: Path) -> None:
    code, _, err = steerco("update", project, "a", "--remaining", "-2", "--date", "2027-01-05")
    assert code == 2
    assert f"{project}: negative_remaining:" in err
    assert project.read_text(encoding="utf-8") == SOURCE


def test_update_past_the_plans_finish_needs_force(project: Path) -> None:
    # The plan finishes on Thursday 14 (C, units 7-9).
    code, _, err = steerco("update", project, "a", "--percent", "10", "--date", "2027-01-15")
    assert code == 2 and "status_date_beyond_plan" in err
    assert project.read_text(encoding="utf-8") == SOURCE
    code, out, _ = steerco(
        "update", project, "a", "--percent", "10", "--date", "2027-01-15", "--force"
    )
    assert code == 0, out
    assert _progress(project)["status_date"] == dt.date(2027, 1, 15)


def test_a_finished_task_shows_no_float_and_a_weekend_date_warns(project: Path) -> None:
    # A finishes on Saturday 9: `update` and `validate` warn at its line; the table shows
    # a dash for A's floats and keeps the recorded date.
    code, _, err = steerco("update", project, "a", "--done", "--date", "2027-01-09")
    assert code == 0
    line = next(
        n
        for n, text in enumerate(project.read_text(encoding="utf-8").splitlines(), 1)
        if "actual_finish" in text
    )
    assert f"{project}:{line}:" in err and "actual_on_non_working_day" in err
    code, _, err = steerco("validate", project)
    assert code == 0 and f"{project}:{line}:" in err and "actual_on_non_working_day" in err
    code, out, _ = steerco("schedule", project, "--method", "cpm", "-f", "json")
    rows = {row["id"]: row for row in json.loads(out)["tasks"]}
    assert rows["a"]["finish"] == "2027-01-09"
    assert (rows["a"]["total_float"], rows["a"]["free_float"]) == (None, None)
    code, out, _ = steerco("schedule", project, "--method", "cpm")
    row = next(text for text in out.splitlines() if " a " in text and "2027-01-09" in text)
    assert row.count("—") == 2


def test_evm_says_it_measures_effort_when_the_plan_has_no_costs(project: Path) -> None:
    # Without the rate: budgets in effort, 3, 4 and 2 days x 1 unit; BAC 9 (issue 13, 8).
    project.write_text(SOURCE.replace(", rate: 100", ""), encoding="utf-8")
    steerco("baseline", str(project), "--date", "2027-01-01")
    steerco("update", str(project), "a", "--percent", "50", "--date", "2027-01-05")
    data = _measured(project)
    assert (data["measure"], data["bac"], data["ev"]) == ("effort", 9, 1.5)
    code, out, _ = steerco("evm", str(project), "--wide")
    assert code == 0
    assert "In effort: working days x the units each task demands" in " ".join(out.split())
    assert "Effort in working days x units." in out and "Money in" not in out
    code, out, _ = steerco("evm", str(project), "--trend", "--format", "json")
    assert json.loads(out)["measure"] == "effort"


def test_evm_measures_money_when_the_plan_has_costs(project: Path) -> None:
    steerco("baseline", str(project), "--date", "2027-01-01")
    steerco("update", str(project), "a", "--percent", "50", "--date", "2027-01-05")
    assert _measured(project)["measure"] == "cost"
    code, out, _ = steerco("evm", str(project), "--wide")
    assert code == 0
    assert "Money in USD." in out and "In effort" not in out
