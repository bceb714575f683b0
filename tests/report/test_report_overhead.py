"""The report's budget table gives `steerco evm`'s figures, overhead included.

The project (docs/earned-value.md's overhead example): one 10-day task at 500 a day (budget
5,000) with a project overhead of 100 a day, from Monday 2027-01-04. At Friday 2027-01-08
(AT 5) it is 25% done: EV 1,250, AC 2,500, CPI 0.5, EAC 10,000, VAC -5,000; ES 2.5, SPI(t)
0.5, IEAC(t) 20. The overhead planned 100 x 10 = 1,000, spent 100 x 5 = 500, will cost
100 x 20 = 2,000 at completion: EAC with overhead 12,000, VAC 5,000 + 1,000 - 12,000 = -6,000.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from cli_runner import steerco
from steerco.app.baseline import save_baseline
from steerco.app.report import report_inputs
from steerco.report.build import build_status_report
from steerco.report.render.words import budget_rows
from steerco.schedule.options import SolveOptions

PLAN = """\
name: OH
start: 2027-01-04
overhead: 100
resources:
  - {id: a, name: A, rate: 500}
tasks:
  - {id: t, name: T, duration: 10, demands: {a: 1}}
"""
PROGRESS = """\
progress:
  status_date: 2027-01-08
  tasks:
    t: {actual_start: 2027-01-04, percent_complete: 25}
"""


def _project(tmp_path: Path, plan: str = PLAN) -> Path:
    path = tmp_path / "o.yaml"
    path.write_text(plan, encoding="utf-8")
    save_baseline(path=path, saved=dt.date(2027, 1, 1), options=SolveOptions("cpm"))
    path.write_text(plan + PROGRESS, encoding="utf-8")
    return path


def test_the_budget_table_has_the_overhead_and_the_eac_with_it(tmp_path: Path) -> None:
    path = _project(tmp_path)
    budget = build_status_report(report_inputs(path=path, iterations=50, seed=1)).budget
    assert budget is not None
    assert (budget.eac, budget.vac) == (10_000, -5_000)  # the work's, as evm's table
    assert (budget.overhead_planned, budget.overhead_to_date) == (1_000, 500)
    assert budget.overhead_at_completion == 2_000
    assert (budget.eac_with_overhead, budget.vac_with_overhead) == (12_000, -6_000)
    rows = dict(budget_rows(budget))
    assert rows["EAC with overhead"] == "USD 12,000"
    assert rows["VAC with overhead"] == "USD -6,000"
    assert rows["Overhead planned"] == "USD 1,000"


def test_the_report_and_evm_give_the_same_figures(tmp_path: Path) -> None:
    path = _project(tmp_path)
    code, out, _ = steerco("evm", path, "-f", "json")
    assert code == 0, out
    evm = json.loads(out)
    code, text, _ = steerco("report", path, "-n", "50", "--seed", "1")
    assert code == 0, text
    for label, value in [
        ("Estimate at completion (EAC)", evm["eac"]),
        ("Variance at completion (VAC)", evm["vac"]),
        ("Overhead planned", evm["overhead"]["planned"]),
        ("Overhead spent", evm["overhead"]["to_date"]),
        ("Overhead at completion", evm["overhead"]["at_completion"]),
        ("EAC with overhead", evm["overhead"]["eac"]),
        ("VAC with overhead", evm["overhead"]["vac"]),
    ]:
        assert f"| {label} | USD {value:,.0f} |" in text, label
    assert "| EAC with overhead | USD 12,000 |" in text


def test_without_overhead_the_table_has_no_overhead_rows(tmp_path: Path) -> None:
    path = _project(tmp_path, PLAN.replace("overhead: 100\n", ""))
    budget = build_status_report(report_inputs(path=path, iterations=50, seed=1)).budget
    assert budget is not None and budget.overhead_planned is None
    assert not [label for label, _ in budget_rows(budget) if "verhead" in label]
