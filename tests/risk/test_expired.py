"""A risk whose linked tasks have all finished is expired: no exposure, no forecast, no top.

Calendar: 2027-01-04 is a Monday. Two risks on a 5-day task `a` and one on the summary
`s` (leaves `b` and `c`); the status date is Friday 8 January.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import yaml

from cli_runner import steerco
from steerco.forecast.run import ForecastOptions, forecast
from steerco.formats.project_yaml import parse_project_yaml
from steerco.model import Project
from steerco.render.risks import register_object
from steerco.risk.register import assess_register, plan_scale
from steerco.schedule.network import compile_project

AS_OF = dt.date(2027, 1, 8)
TASKS = [
    {"id": "a", "duration": 5, "cost": 5000},
    {
        "id": "s",
        "children": [
            {"id": "b", "duration": 3, "after": ["a"]},
            {"id": "c", "duration": 2, "after": ["b"]},
        ],
    },
]
FIXED = {"distribution": "fixed", "low": 4, "likely": 4, "high": 4}
RISKS = [
    # 0.5 x 4 days = 2 expected days, 0.5 x 2000 = 1000 expected cost; the top risk
    {"id": "big", "title": "Vendor late", "probability": 0.5,
     "impact": {"delay": FIXED, "cost": 2000}, "tasks": ["a"]},
    # 0.1 x 4 = 0.4 expected days
    {"id": "small", "title": "Review slips", "probability": 0.1,
     "impact": {"delay": FIXED}, "tasks": ["s"]},
    {"id": "wide", "title": "Budget cut", "probability": 0.2, "impact": {"cost": 500}},
]  # fmt: skip


def _project(progress: dict[str, Any], risks: list[dict[str, Any]] = RISKS) -> Project:
    data = {
        "name": "P",
        "start": "2027-01-04",
        "calendar": {"country": None},
        "tasks": TASKS,
        "risks": risks,
        "progress": {"status_date": "2027-01-08", **progress},
    }
    return parse_project_yaml(yaml.safe_dump(data), "p.yaml")


A_DONE = {"tasks": {"a": {"actual_start": "2027-01-04", "actual_finish": "2027-01-08"}}}
A_RUNNING = {"tasks": {"a": {"actual_start": "2027-01-04", "percent_complete": 80}}}


def test_risk_on_a_finished_task_adds_no_exposure_and_is_not_top() -> None:
    project = _project(A_DONE)
    register = assess_register(project, as_of=AS_OF, scale=plan_scale(project))
    assert register.expired == ("big",)
    # small (0.4 days) and wide (0.2 x 500 = 100) remain; big's 2 days and 1000 are gone
    assert register.expected_delay == 0.4
    assert register.expected_cost == 100
    assert register.top[0] == "small"
    assert "big" not in register.top
    assert all("big" not in cell for row in register.matrix for cell in row)


def test_risk_on_a_task_still_running_is_not_expired() -> None:
    project = _project(A_RUNNING)
    register = assess_register(project, as_of=AS_OF, scale=plan_scale(project))
    assert register.expired == ()
    assert register.top[0] == "big"
    assert register.expected_delay == 2 + 0.4


def test_risk_on_a_summary_expires_only_when_all_its_leaves_finish() -> None:
    b_done = {"b": {"actual_start": "2027-01-04", "actual_finish": "2027-01-06"}}
    c_done = {"c": {"actual_start": "2027-01-07", "actual_finish": "2027-01-08"}}
    only_b = _project({"tasks": b_done})
    both = _project({"tasks": {**b_done, **c_done}})
    assert not only_b.risk_expired(only_b.risks[1])
    assert both.risk_expired(both.risks[1])
    # a project-wide risk (no tasks) never expires
    assert not both.risk_expired(both.risks[2])


def test_closed_risk_is_closed_not_expired() -> None:
    closed = [{**RISKS[0], "status": "closed"}]
    project = _project(A_DONE, closed)
    assert assess_register(project, as_of=AS_OF, scale=plan_scale(project)).expired == ()


def test_expired_risk_does_not_occur_in_the_forecast() -> None:
    certain = [{**RISKS[0], "status": "occurred"}]
    running = _project(A_RUNNING, certain)
    done = _project(A_DONE, certain)
    options = ForecastOptions(iterations=200)
    with_risk = forecast(compile_project(running), running, options)
    after = forecast(compile_project(done), done, options)
    assert set(with_risk.risks) == {"big"}
    assert with_risk.risks["big"].occurrence == 1.0
    assert after.risks == {}
    # a's fixed cost only: the risk's 2000 no longer comes with every iteration
    assert with_risk.cost is not None and after.cost is not None
    assert with_risk.cost["p50"] == 5000 + 2000
    assert after.cost["p50"] == 5000


def test_register_json_and_table_show_the_expired_risk() -> None:
    project = _project(A_DONE)
    register = assess_register(project, as_of=AS_OF, scale=plan_scale(project))
    data = register_object(project, register)
    assert data["expired"] == ["big"]
    assert data["totals"]["expired"] == 1
    assert [r["expired"] for r in data["risks"]] == [True, False, False]


def test_cli_names_the_expired_risk_for_the_manager_to_close(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    data = {
        "name": "P",
        "start": "2027-01-04",
        "calendar": {"country": None},
        "tasks": TASKS,
        "risks": RISKS,
        "progress": {"status_date": "2027-01-08", **A_DONE},
    }
    path.write_text(yaml.safe_dump(data))
    shown = steerco("risks", path, "--as-of", "2027-01-08")
    assert shown.exit_code == 0, shown.output
    assert "Expired" in shown.output and "big" in shown.output.split("Expired")[1]
    assert "Top risks: small" in shown.output
    as_json = steerco("risks", path, "--as-of", "2027-01-08", "-f", "json")
    assert json.loads(as_json.stdout)["expired"] == ["big"]
