"""The ML lifecycle templates load, validate, schedule and forecast as they are shipped."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from steerco.forecast.run import ForecastOptions, forecast
from steerco.formats.project_yaml import parse_project_yaml
from steerco.library.templates import instantiate, template_names, template_text, templates
from steerco.model import Project
from steerco.model.gate import ManualGate, MetricGate
from steerco.schedule.network import compile_project
from steerco.schedule.options import SolveOptions
from steerco.schedule.plan import Schedule
from steerco.schedule.planner import plan_network

NAMES = ["computer-vision", "crisp-dm", "llm-app", "mlops"]
GATES = {
    "AI go/no-go",
    "Data readiness",
    "Model acceptance",
    "Production readiness",
    "Customer acceptance",
}
LIBRARY = Path(__file__).parents[2] / "src" / "steerco" / "data" / "risk_library.yaml"


def _project(name: str) -> Project:
    return parse_project_yaml(template_text(name), f"{name}.yaml")


def test_the_four_templates_are_bundled() -> None:
    assert template_names() == NAMES
    assert [t.name for t in templates()] == NAMES
    assert all(t.summary for t in templates())


def test_an_unknown_template_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        template_text("waterfall")


@pytest.mark.parametrize("name", NAMES)
def test_template_has_phases_estimates_roles_gates_and_risks(name: str) -> None:
    project = _project(name)
    assert len(project.tasks) >= 5 and all(task.children for task in project.tasks)
    leaves = list(project.leaves())
    work = [task for task in leaves if not task.milestone]
    assert all(task.estimate is not None for task in work), "every task has three points"
    assert all(task.estimate.low.value < task.estimate.high.value for task in work)  # type: ignore[union-attr]
    assert all(r.kind in {"role", "equipment"} for r in project.resources)
    assert all(task.demands for task in work), "every task names the roles it needs"
    gated = {task.name: task.gate for task in project.all_tasks() if task.gate is not None}
    assert set(gated) == GATES
    assert isinstance(gated["AI go/no-go"], ManualGate)
    assert isinstance(gated["Customer acceptance"], ManualGate)
    assert isinstance(gated["Model acceptance"], MetricGate)
    assert len(project.risks) >= 5
    assert all(risk.tasks and risk.owner and risk.plan for risk in project.risks)


@pytest.mark.parametrize("name", NAMES)
def test_template_risks_are_library_risks_within_its_ranges(name: str) -> None:
    library = {r["id"]: r for r in yaml.safe_load(LIBRARY.read_text(encoding="utf-8"))["risks"]}
    for risk in _project(name).risks:
        assert risk.id in library, f"{name}: risk {risk.id} is not in the AI risk library"
        assert risk.library == risk.id  # adopted: `risks suggest` leaves it out
        ranges = library[risk.id]
        assert ranges["probability"]["low"] <= risk.probability <= ranges["probability"]["high"]
        delay = risk.impact.delay
        if delay is not None:
            assert ranges["impact"]["delay"]["low"] <= delay.low.value
            assert delay.high.value <= ranges["impact"]["delay"]["high"]


@pytest.mark.parametrize("name", NAMES)
def test_template_schedules_by_the_critical_path(name: str) -> None:
    project = _project(name)
    plan = plan_network(
        compile_project(project), project=project, options=SolveOptions(method="cpm")
    )
    assert isinstance(plan, Schedule)
    rows = {row.id: row for row in plan.tasks()}
    gates = ["go-no-go", "data-ready", "model-accepted", "production-ready", "customer-accepted"]
    dates = [rows[gate].es for gate in gates]
    assert dates == sorted(dates) and len(set(dates)) == len(dates), "gates come in order"
    assert plan.cpm.makespan >= rows["customer-accepted"].es > 0
    assert plan.critical_path_ids()[0][0] in {
        "objectives",
        "use-case",
        "problem",
        "defect-catalogue",
    }


def test_computer_vision_makespan_by_hand() -> None:
    # Longest chain of likely values: framing 5 + 5, hardware 15, capture 10, label 15
    # (guidelines, 5, runs beside capture; label-qa SS+5 ends 10 days into label's 15),
    # baseline 5, train 15, evaluate 4, optimise 5, integrate 10, latency test 3, parallel
    # run 15 (monitoring, 5, beside it) = 107 working days.
    project = _project("computer-vision")
    plan = plan_network(
        compile_project(project), project=project, options=SolveOptions(method="cpm")
    )
    assert isinstance(plan, Schedule)
    assert plan.cpm.makespan == 107
    assert plan.critical_path_ids()[0] == [
        "defect-catalogue", "feasibility", "go-no-go", "hardware", "capture-images", "label",
        "data-ready", "baseline", "train", "evaluate", "model-accepted", "optimise",
        "integrate", "latency-test", "production-ready", "parallel-run", "customer-accepted",
    ]  # fmt: skip


@pytest.mark.parametrize("name", NAMES)
def test_template_forecasts(name: str) -> None:
    project = _project(name)
    result = forecast(compile_project(project), project, ForecastOptions(iterations=300, seed=7))
    # Every estimate is skewed right (high - likely > likely - low) and risks only add
    # delay, so the mean finish lies beyond the plan of likely values.
    assert result.makespan["mean"] > result.deterministic_makespan
    assert result.makespan["p50"] <= result.makespan["p80"] <= result.makespan["p95"]
    assert set(result.risks) == {risk.id for risk in project.risks}
    assert "model-accepted" in result.milestones


def test_instantiate_sets_name_and_start_and_keeps_the_rest() -> None:
    text = template_text("llm-app")
    out = instantiate(text, name="Support assistant: v2", start=dt.date(2027, 3, 1))
    project = parse_project_yaml(out)
    assert project.name == "Support assistant: v2"
    assert project.start == dt.date(2027, 3, 1)
    assert out.splitlines()[0] == text.splitlines()[0]  # the comments stay
    assert len(out.splitlines()) == len(text.splitlines())
    assert instantiate(text) == text
    assert parse_project_yaml(instantiate(text, name="Churn model")).name == "Churn model"


def test_instantiate_refuses_text_without_the_key() -> None:
    with pytest.raises(ValueError, match="start"):
        instantiate("name: x\n", start=dt.date(2027, 1, 4))
