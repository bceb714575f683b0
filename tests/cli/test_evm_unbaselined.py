"""A task added after the baseline is listed with its cost, so the tasks add up to the project.

The project: Alice at 100 a day; T1 (5 days) -> T2 (5 days) from Monday 2027-01-04, in a
phase `ph` with T2. Baseline: T1 units 0-5 (500), T2 units 5-10 (500); BAC 1,000. Then T3
(3 days) is added under `ph` and done on Monday 11 and Tuesday 12 at a cost of 250. At
Tuesday 2027-01-12 (AT 7) T1 is done (cost 600) and T2 20% done (cost 300).

By hand: PV = 500 + 2 days of T2 = 700; EV = 500 + 20% of 500 = 600; AC = 600 + 300 + 250 =
1,150, CPI = 600 / 1,150 = 0.52. T3 has no budget: BAC, PV, EV 0, AC 250, CPI 0, 2 days
worked. `ph` (T2 and now T3): BAC 500, EV 100, AC 300 + 250 = 550.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from cli_runner import steerco
from steerco.app.baseline import save_baseline
from steerco.app.earned_value import earned_value_at
from steerco.schedule.options import SolveOptions

PLAN = """\
name: EVM test
start: 2027-01-04
currency: EUR
resources:
  - {id: a, name: Alice, kind: person, rate: 100}
tasks:
  - {id: t1, name: T1, duration: 5, demands: {a: 1}}
  - id: ph
    children:
      - {id: t2, name: T2, duration: 5, after: [t1], demands: {a: 1}}
"""
ADDED = """\
      - {id: t3, name: T3 added, duration: 3, demands: {a: 1}}
progress:
  status_date: 2027-01-12
  tasks:
    t1: {actual_start: 2027-01-04, actual_finish: 2027-01-08, actual_cost: 600}
    t2: {actual_start: 2027-01-11, percent_complete: 20, actual_cost: 300}
    t3: {actual_start: 2027-01-11, actual_finish: 2027-01-12, actual_cost: 250}
"""


@pytest.fixture
def added(tmp_path: Path) -> Path:
    path = tmp_path / "added.yaml"
    path.write_text(PLAN, encoding="utf-8")
    save_baseline(path=path, saved=dt.date(2026, 12, 8), options=SolveOptions("cpm"))
    path.write_text(PLAN + ADDED, encoding="utf-8")
    return path


def test_the_added_task_is_listed_with_its_cost(added: Path) -> None:
    measured = earned_value_at(path=added).measured
    top = measured.project
    assert (top.bac, top.pv, top.ev, top.ac) == (1000, 700, 600, 1150)
    assert top.cpi == pytest.approx(600 / 1150)
    assert measured.unbaselined == ("t3",)
    t3 = measured.tasks["t3"]
    assert (t3.bac, t3.pv, t3.ev, t3.ac, t3.cpi, t3.actual_time) == (0, 0, 0, 250, 0, 2)
    assert (t3.eac, t3.spi_t, t3.ieac_t) == (None, None, None)
    assert sum(task.ac for task in measured.tasks.values()) == top.ac  # 600 + 300 + 250
    assert sum(task.ev for task in measured.tasks.values()) == top.ev
    assert sum(task.bac for task in measured.tasks.values()) == top.bac
    phase = measured.wbs["ph"]
    assert (phase.bac, phase.ev, phase.ac) == (500, 100, 550)  # T2's 300 and T3's 250


def test_evm_names_the_added_task_in_its_table_and_its_json(added: Path) -> None:
    code, out, _ = steerco("evm", added, "--wide")
    assert code == 0, out
    assert "Not in the baseline, so without a budget: t3 (AC 250)" in " ".join(out.split())
    code, out, _ = steerco("evm", added, "-f", "json")
    data = json.loads(out)
    assert data["unbaselined"] == ["t3"]
    assert {k: v["ac"] for k, v in data["tasks"].items()} == {"t1": 600, "t2": 300, "t3": 250}
    assert data["ac"] == 1150


def test_a_project_without_added_tasks_lists_none(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(PLAN, encoding="utf-8")
    save_baseline(path=path, saved=dt.date(2026, 12, 8), options=SolveOptions("cpm"))
    rest = ADDED.split("\n", 1)[1].replace("    t3: {", "    # t3: {")
    path.write_text(PLAN + rest, encoding="utf-8")
    measured = earned_value_at(path=path).measured
    assert measured.unbaselined == () and set(measured.tasks) == {"t1", "t2"}
    code, out, _ = steerco("evm", path, "--wide")
    assert code == 0 and "Not in the baseline" not in out
