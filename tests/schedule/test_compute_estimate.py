"""Compute estimates: GPU-hours, the three-point estimate on a task's calendar, by hand."""

from __future__ import annotations

import pytest

from steerco.formats.project_yaml import parse_project_yaml
from steerco.library.accelerators import load_accelerators
from steerco.model import Project
from steerco.schedule.compute import accelerator_key, gpu_hours, peak_tflops
from steerco.schedule.cost import cost_table
from steerco.schedule.network import compile_project

# 6 x 1.3e9 parameters x 2.6e10 tokens = 2.028e20 FLOPs on H100 SXM (989 dense TFLOP/s):
# at 50%: 2.028e20 / (989e12 x 0.5 x 3600) = 113.92 GPU-hours; 40%: 142.40; 30%: 189.87.
LOW, LIKELY, HIGH = 113.9197, 142.3997, 189.8662


def _project(task: str, *, unit: str = "day", extra: str = "") -> Project:
    text = f"""
name: Compute
start: 2027-01-04
unit: {unit}
resources:
  - {{id: gpus, kind: equipment, capacity: 8, accelerator: h100-sxm, rate: "2.50/h"}}
{extra}
tasks:
  - {task}
"""
    return parse_project_yaml(text, "compute.yaml")


def test_peak_of_the_datasheet_types() -> None:
    types = load_accelerators()
    assert types["h100-sxm"].peak_tflops == 989
    assert types["a100-80gb"].peak_tflops == 312
    assert types["mi300x"].peak_tflops == 1307.4
    assert types["v100"].peak_tflops == 125  # no bf16: its fp16 tensor peak
    assert types["tpu-v5e"].peak_tflops == 197
    assert all(kind.source for kind in types.values())


def test_type_names_are_read_loosely() -> None:
    assert accelerator_key(" H100_SXM ") == "h100-sxm"
    assert accelerator_key("A100 80GB") == "a100-80gb"


def test_gpu_hours_by_hand() -> None:
    project = _project(
        "{id: t, calendar: 24x7, demands: {gpus: 8}, compute: {params: 1.3e9, "
        "tokens: 2.6e10, accelerator: gpus, utilisation: '30%..40%..50%'}}"
    )
    task = project.task("t")
    assert task.compute is not None and task.compute.total_flops == pytest.approx(2.028e20)
    peak = peak_tflops(project.resource("gpus"), load_accelerators())
    hours = gpu_hours(task.compute, peak or 0.0)
    assert (hours.low, hours.likely, hours.high) == pytest.approx((LOW, LIKELY, HIGH), rel=1e-5)


def test_estimate_on_24x7_counts_24_hours_a_day() -> None:
    project = _project(
        "{id: t, calendar: 24x7, demands: {gpus: 8}, compute: {flops: 2.028e20, "
        "accelerator: gpus, utilisation: '30%..40%..50%'}}"
    )
    estimate = project.task("t").estimate
    assert estimate is not None and estimate.distribution == "pert"
    assert estimate.likely.unit == "d"
    # 142.40 GPU-hours / 8 GPUs = 17.80 wall hours = 0.7417 days of 24 hours
    days = (estimate.low.value, estimate.likely.value, estimate.high.value)
    assert days == pytest.approx((LOW / 8 / 24, LIKELY / 8 / 24, HIGH / 8 / 24), rel=1e-5)
    assert estimate.likely.value == pytest.approx(0.74167, rel=1e-4)


def test_estimate_on_the_working_day_counts_its_hours() -> None:
    project = _project(
        "{id: t, demands: {gpus: 8}, compute: {flops: 2.028e20, accelerator: gpus, "
        "utilisation: '30%..40%..50%'}}"
    )
    estimate = project.task("t").estimate
    assert estimate is not None
    assert estimate.likely.value == pytest.approx(LIKELY / 8 / 8, rel=1e-5)  # 2.225 days of 8 h


def test_estimate_in_an_hour_project_is_in_hours() -> None:
    project = _project(
        "{id: t, demands: {gpus: 8}, compute: {flops: 2.028e20, accelerator: gpus, "
        "utilisation: '40%'}}",
        unit="hour",
    )
    estimate = project.task("t").estimate
    assert estimate is not None and estimate.likely.unit == "h"
    assert estimate.likely.value == pytest.approx(17.79996, rel=1e-5)  # 142.40 / 8
    assert estimate.low == estimate.high == estimate.likely


def test_count_without_a_demand_adds_the_demand() -> None:
    project = _project(
        "{id: t, calendar: 24x7, compute: {flops: 2.028e20, accelerator: gpus, count: 4, "
        "utilisation: '40%'}}"
    )
    task = project.task("t")
    assert [(d.resource, d.units) for d in task.demands] == [("gpus", 4.0)]
    assert task.estimate is not None
    assert task.estimate.likely.value == pytest.approx(LIKELY / 4 / 24, rel=1e-5)


def test_peak_tflops_on_the_resource_overrides_the_type() -> None:
    project = _project(
        "{id: t, calendar: 24x7, compute: {flops: 6.912e20, accelerator: own, count: 8, "
        "utilisation: '50%'}}",
        extra="  - {id: own, kind: equipment, capacity: 8, accelerator: h100-sxm, "
        "peak_tflops: 1000}",
    )
    estimate = project.task("t").estimate
    # 6.912e20 / (1000e12 x 0.5 x 3600) = 384 GPU-hours; / 8 = 48 h = 2 days on 24x7
    assert estimate is not None and estimate.likely.value == pytest.approx(2.0)


def test_compute_task_costs_its_gpu_hours_times_the_hourly_rate() -> None:
    # 384 GPU-hours (2 whole days on 24x7, see above) x 2.50/h = 960
    project = _project(
        "{id: t, calendar: 24x7, demands: {own: 8}, compute: {flops: 6.912e20, "
        "accelerator: own, utilisation: '50%'}}",
        extra="  - {id: own, kind: equipment, capacity: 8, peak_tflops: 1000, rate: '2.50/h'}",
    )
    network = compile_project(project)
    assert float(network.duration[0]) == 2.0
    table = cost_table(project)
    assert float(table.rate[0] * network.duration[0]) == pytest.approx(384 * 2.5)


def test_forecast_reads_the_derived_pert_points() -> None:
    from steerco.forecast.distributions import project_distributions

    project = _project(
        "{id: t, calendar: 24x7, demands: {gpus: 8}, compute: {flops: 2.028e20, "
        "accelerator: gpus, utilisation: '30%..40%..50%'}}"
    )
    found = project_distributions(project)
    assert float(found.low[0]) == pytest.approx(LOW / 8 / 24, rel=1e-5)
    assert float(found.high[0]) == pytest.approx(HIGH / 8 / 24, rel=1e-5)


def test_revising_a_derived_project_keeps_it_valid() -> None:
    from steerco.model.progress import Progress

    project = _project(
        "{id: t, calendar: 24x7, demands: {gpus: 8}, compute: {flops: 2.028e20, "
        "accelerator: gpus, utilisation: '30%..40%..50%'}}"
    )
    again = project.revised(progress=Progress())  # as evm does: check_project runs again
    assert again.task("t").estimate == project.task("t").estimate


def test_worked_example_of_the_docs() -> None:
    """docs/ml-runs.md, "Compute budgets": its project loads to the numbers it states."""
    from pathlib import Path

    text = (Path(__file__).parents[2] / "docs" / "ml-runs.md").read_text("utf-8")
    section = text[text.index("## Compute budgets") :]
    begin = section.index("```yaml\n") + len("```yaml\n")
    block = section[begin : section.index("```\n", begin)]
    project = parse_project_yaml("name: Docs\nstart: 2027-01-04\n" + block, "ml-runs.md")
    task = project.task("pretrain")
    assert task.compute is not None and task.compute.total_flops == pytest.approx(2.028e20)
    hours = gpu_hours(task.compute, 989.0)
    stated = [(113.92, 14.24, 0.593, 284.80), (142.40, 17.80, 0.742, 356.00)]
    stated.append((189.87, 23.73, 0.989, 474.67))
    points = (hours.low, hours.likely, hours.high)
    for h, (gpu_h, wall, days, cost) in zip(points, stated, strict=True):
        assert round(h, 2) == gpu_h and round(h / 8, 2) == wall
        assert round(h / 8 / 24, 3) == days and round(h * 2.5, 2) == cost
        assert f"| {gpu_h:.2f} | {wall:.2f} | {days:.3f} | {cost:.2f} |" in section
    assert task.estimate is not None
    assert round(task.estimate.likely.value, 3) == 0.742
    network = compile_project(project)
    assert float(cost_table(project).rate[0] * network.duration[0]) == pytest.approx(480.0)
    assert round(hours.likely / 8 / 8, 3) == 2.225


def test_24x7_compute_in_an_hour_project_runs_its_wall_clock_days() -> None:
    project = _project(
        "{id: t, calendar: 24x7, demands: {own: 8}, compute: {flops: 6.912e20, "
        "accelerator: own, utilisation: '50%'}}",
        unit="hour",
        extra="  - {id: own, kind: equipment, capacity: 8, peak_tflops: 1000, rate: '2.50/h'}",
    )
    estimate = project.task("t").estimate
    assert estimate is not None and estimate.likely == estimate.low  # one utilisation
    assert (estimate.likely.value, estimate.likely.unit) == (pytest.approx(2.0), "d")
    network = compile_project(project)
    # 48 wall hours = 2 calendar days; a 24x7 day of an hour project has 8 units
    assert float(network.duration[0]) == 16.0
    assert float(cost_table(project).rate[0] * network.duration[0]) == pytest.approx(960)
