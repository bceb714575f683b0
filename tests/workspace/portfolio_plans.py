"""Plans of the portfolio tests: one with a commitment, costs, a baseline and progress.

`demo_files` writes the plan, freezes its baseline with `app.baseline.save_baseline` (as
`steerco baseline` does) and then records progress, so the status report has a schedule,
cost, risk and milestone to judge.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from steerco.app.baseline import save_baseline

PLAN = """\
# A portfolio test plan: a commitment, rates, open and closed risks, two milestones.
name: Portfolio demo
start: 2027-01-04
deadline: 2027-01-22
calendar: {country: null}
resources:
  - {id: ana, name: ML engineer 1, kind: person, capacity: 1, rate: 800}
  - {id: bo, name: Data engineer 1, kind: person, capacity: 1, rate: 700}
tasks:
  - {id: data, name: Collect data, duration: 4..5..8, demands: {bo: 1}}
  - {id: ready, name: Data ready, milestone: true, after: [data]}
  - {id: train, name: Train model, duration: 6..8..14, after: [data], demands: {ana: 1}}
  - {id: launch, name: Launch, milestone: true, after: [train]}
risks:
  - {id: vendor, title: Vendor late, probability: 0.4, impact: {delay: 2..4..8}, tasks: [train]}
  - {id: gpu, title: GPU shortage, probability: 0.2, impact: {delay: 1..2..3}, tasks: [train]}
  - id: old
    title: Old worry
    probability: 0.9
    impact: {delay: 5..9..20}
    tasks: [train]
    status: closed
"""

PROGRESS = """\
progress:
  status_date: 2027-01-13
  tasks:
    data: {actual_start: 2027-01-04, actual_finish: 2027-01-11, actual_cost: 5200}
    ready: {actual_finish: 2027-01-11}
    train: {actual_start: 2027-01-12, percent_complete: 10, actual_cost: 1700}
"""


@dataclass(frozen=True)
class PlanFiles:
    """A project file's text, its baselines sidecar, and where both are written."""

    text: str
    baselines: str
    path: Path


def demo_files(folder: Path, *, costs: bool = True) -> PlanFiles:
    """The demo plan with its baseline and progress, written to `folder/demo.yaml`.

    `costs=False` drops the rates and actual costs: earned value is then on effort.
    """
    plan, progress = PLAN, PROGRESS
    if not costs:
        plan = plan.replace(", rate: 800", "").replace(", rate: 700", "")
        progress = progress.replace(", actual_cost: 5200", "").replace(", actual_cost: 1700", "")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "demo.yaml"
    path.write_text(plan, encoding="utf-8")
    save_baseline(path=path, saved=dt.date(2027, 1, 4))
    text = plan + progress
    path.write_text(text, encoding="utf-8")
    baselines = path.with_name("demo.baselines.yaml").read_text(encoding="utf-8")
    return PlanFiles(text=text, baselines=baselines, path=path)
