"""Save a baseline and compare the current plan with one (variance).

Both schedule the project as `steerco schedule` does (a project file or a PSPLIB `.sm`
file), through `steerco.app.plan` and a `Planner`: `plan_network` by default; a front end
may pass its own (the CLI shows the levelling search live and stops it on Ctrl-C). Without
a feasible plan the result is the `Unscheduled` outcome, not an error.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from steerco.app._located import located_in
from steerco.app.plan import Planner, project_plan, solve_plainly
from steerco.model import Project
from steerco.model.baseline import Baseline
from steerco.schedule.options import PlanMethod, SolveOptions
from steerco.schedule.plan import Schedule
from steerco.schedule.planner import Unscheduled
from steerco.track.variance import VarianceReport

__all__ = ["Planner", "SavedBaseline", "plan_variance", "save_baseline", "solve_plainly"]


@dataclass(frozen=True)
class SavedBaseline:
    """A baseline frozen from the plan and written to the sidecar file `path`."""

    path: Path
    baseline: Baseline
    bac: float
    axis: str = "working"
    """What a unit of the plan counts: working time, or every calendar day (`calendar`)."""


def _plan(
    path: Path, options: SolveOptions, planner: Planner
) -> tuple[Schedule | Unscheduled, Project | None]:
    """The plan of PATH as `steerco schedule` computes it, and the project (None for PSPLIB)."""
    from steerco.formats.loader import load_plan_input

    network, project = load_plan_input(path)
    return project_plan(network, project, options=options, planner=planner), project


def save_baseline(
    *,
    path: Path,
    name: str = "baseline",
    saved: dt.date,
    force: bool = False,
    contingency: float = 0.0,
    management_reserve: float = 0.0,
    options: SolveOptions | None = None,
    planner: Planner = solve_plainly,
) -> SavedBaseline | Unscheduled:
    """Schedule PATH and freeze the plan as the baseline `name`, saved on `saved`.

    The baseline goes to PATH's sidecar `<stem>.baselines.yaml` (atomically); a name
    already saved raises `baseline_exists` unless `force`. The reserves are kept beside the
    budget, never in BAC.
    """
    from steerco.formats import baselines_file
    from steerco.track.baseline import freeze_baseline
    from steerco.track.planned_value import bac

    plan, project = _plan(path, options or SolveOptions(), planner)
    if isinstance(plan, Unscheduled):
        return plan
    frozen = freeze_baseline(
        plan,
        project,
        name=name,
        saved=saved,
        contingency=contingency,
        management_reserve=management_reserve,
    )
    written = baselines_file.save_baseline(path, frozen, force=force)
    return SavedBaseline(path=written, baseline=frozen, bac=bac(frozen), axis=plan.network.axis)


def plan_variance(
    *,
    path: Path,
    baseline: str | None = None,
    method: PlanMethod | None = None,
    time_limit: float = 10.0,
    planner: Planner = solve_plainly,
) -> VarianceReport | Unscheduled:
    """Start, finish, duration and cost variance of PATH's current plan against a baseline.

    `baseline`: its name (default: the one named `baseline`, or the only one). The current
    plan is computed by `method`; without one, as the baseline was: `cpm` for a baseline of
    the critical path, else `auto` (levelled when tasks use resources).
    """
    from steerco.formats.baselines_file import baselines_path, load_baseline
    from steerco.track.variance import variance

    frozen = load_baseline(path, baseline)
    chosen: PlanMethod = method or ("cpm" if frozen.method == "cpm" else "auto")
    plan, _ = _plan(path, SolveOptions(method=chosen, time_limit=time_limit), planner)
    if isinstance(plan, Unscheduled):
        return plan
    return located_in(baselines_path(path), lambda: variance(frozen, plan))
