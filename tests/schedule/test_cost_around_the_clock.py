"""Equipment on a task that runs around the clock (24x7, elapsed) costs 24 hourly rates a day."""

from __future__ import annotations

import pytest

from steerco.formats.project_yaml import parse_project_yaml
from steerco.schedule.cost import cost_table, task_cost
from steerco.schedule.network import compile_project

_FILE = """
name: Around the clock
start: 2027-01-04
unit: {unit}
resources:
  - {{id: gpu, kind: equipment, capacity: 4, rate: "3/h"}}
  - {{id: ana, rate: "10/h"}}
  - {{id: rig, kind: equipment, rate: 100}}
tasks:
  - {{id: train, duration: 3, calendar: 24x7, demands: {{gpu: 2, ana: 1}}}}
  - {{id: soak, duration: 2ed, demands: {{gpu: 1}}}}
  - {{id: tune, duration: 5, demands: {{gpu: 1}}}}
  - {{id: test, duration: 2, calendar: 24x7, demands: {{rig: 1}}}}
"""


@pytest.mark.parametrize("unit", ["day", "hour"])
def test_costs_by_hand(unit: str) -> None:
    project = parse_project_yaml(_FILE.format(unit=unit), "clock.yaml")
    network = compile_project(project)
    costs = task_cost(cost_table(project), network.duration)
    by_task = dict(zip(network.ids, costs.tolist(), strict=True))
    # 3 days x 2 GPUs x 24 h x 3/h = 432; ana keeps her 8-hour day: 3 x 8 x 10 = 240
    assert by_task["train"] == pytest.approx(432 + 240)
    # two elapsed days of one GPU: 2 x 24 x 3 = 144
    assert by_task["soak"] == pytest.approx(144)
    # five working days of one GPU on the project calendar: 5 x 8 x 3 = 120
    assert by_task["tune"] == pytest.approx(120)
    # a day rate stays a day rate: 2 x 100
    assert by_task["test"] == pytest.approx(200)
