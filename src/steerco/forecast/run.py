"""Assemble a forecast from a project: distributions, risks, correlations, calibration."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Protocol

import numpy as np
from numpy.typing import NDArray

from steerco.codes import Code
from steerco.errors import ProjectError
from steerco.forecast.calibrated import (
    CalibrationModel,
    EstimateUnit,
    PrefixFits,
    TaskCalibration,
    calibrate_tasks,
)
from steerco.forecast.distributions import (
    Distributions,
    after_progress,
    estimate_distributions,
    estimate_points,
    horizon_caps,
    project_distributions,
    top_values,
)
from steerco.forecast.engine import (
    ForecastInput,
    ReworkEvents,
    RiskEvents,
    Simulation,
    simulate,
)
from steerco.forecast.result import Forecast, TaskPool, summarise
from steerco.forecast.throughput import check_run
from steerco.model import Estimate, Project, Risk
from steerco.model.ranges import MAX_DATE, MAX_PERIODS, MAX_WORKING_DAYS
from steerco.schedule.constraints import pinned_leaves
from steerco.schedule.cost import plan_cost
from steerco.schedule.cpm import critical_path
from steerco.schedule.network import Network
from steerco.schedule.plan import Schedule, ScheduleStatus

if TYPE_CHECKING:
    from steerco.forecast.rework import ReworkPath
    from steerco.forecast.total_level import TotalLevel
    from steerco.track.gates import GateCheck

__all__ = [
    "ForecastOptions",
    "Simulator",
    "calibrated_leaves",
    "forecast",
    "forecast_inputs",
    "horizon_units",
    "leaf_rows",
    "measured_against",
    "task_pools",
]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

LEVEL_STREAM = 1 << 40
"""The spawn key of the level factor's replays in the forecast's seed (no block uses it)."""


class Simulator(Protocol):
    """What runs a forecast's iterations: `engine.simulate`, or a distributed run's merge."""

    def __call__(
        self,
        inputs: ForecastInput,
        *,
        iterations: int,
        seed: int,
        lhs: bool,
        precision: float | None,
        on_block: Callable[[int, int], None] | None,
    ) -> Simulation:
        """The simulation of `inputs`, as `engine.simulate` runs it."""
        ...


@dataclass(frozen=True)
class ForecastOptions:
    """How to run a forecast; the defaults are the CLI's."""

    iterations: int = 10_000
    seed: int = 0
    lhs: bool = False
    residual: bool = False
    resources: bool = True
    """Level every iteration when tasks use resources (False: the critical path's quick view).

    The use case (`steerco.app.forecast`) reads it to choose the plan it passes `forecast`."""
    precision: float | None = None
    calibration: CalibrationModel | None = None
    estimate_unit: EstimateUnit = "time"
    """What `calibration`'s history estimates are; `points`: it calibrates the tasks' `points`
    (`steerco.forecast.points`), and every task it would calibrate must have them."""
    level_history: PrefixFits | None = None
    """The history `calibration` was fitted on, read for the total's level factor (`steerco
    forecast --level past`, `steerco.forecast.total_level`); None: no factor (`fixed`)."""

    def __post_init__(self) -> None:
        """Refuse iterations outside 1..MAX_ITERATIONS, a negative seed, a negative precision."""
        check_run(self.iterations, self.seed)
        if self.precision is not None and not (
            math.isfinite(self.precision) and self.precision >= 0
        ):
            raise ProjectError.single(
                Code.bad_value,
                f"precision is a number of units from 0 up, such as 0.5, got {self.precision}",
            )


def leaf_rows(network: Network, task_id: str) -> list[int]:
    """A leaf's own index, or the indices of a summary's leaves."""
    if task_id in network.ids:
        return [network.ids.index(task_id)]
    summary = next(s for s in network.summaries if s.id == task_id)
    return list(range(summary.first, summary.stop))


def _entry_leaves(network: Network, task_id: str) -> list[int]:
    """A leaf's own index, or the leaves of a summary that have no predecessor inside it."""
    rows = leaf_rows(network, task_id)
    inside = np.isin(network.src, rows)
    fed = set(network.dst[inside].tolist())
    return [i for i in rows if i not in fed]


def _risk_events(project: Project, network: Network, residual: bool) -> RiskEvents:
    """Open and occurred risks as events; a closed risk no longer drives the forecast.

    Nor does an expired one (every task it is linked to has finished). An occurred risk is
    certain: probability 1, with its impact (its residual impact, the contingency at work,
    under `residual`).
    """
    chosen: list[tuple[Risk, float, Estimate | None, float]] = []
    for risk in project.risks:
        if risk.status == "closed" or project.risk_expired(risk):
            continue
        certain = 1.0 if risk.status == "occurred" else None
        if residual and risk.residual is not None:
            r = risk.residual
            chosen.append((risk, certain or r.probability, r.delay, r.cost))
        else:
            chosen.append((risk, certain or risk.probability, risk.impact.delay, risk.impact.cost))
    points = [estimate_points(project, delay) for _, _, delay, _ in chosen]
    return RiskEvents(
        ids=[risk.id for risk, _, _, _ in chosen],
        probability=np.array([p for _, p, _, _ in chosen], dtype=np.float64),
        delay=estimate_distributions(
            [p[0] for p in points],
            np.array([p[1] for p in points]),
            np.array([p[2] for p in points]),
            np.array([p[3] for p in points]),
            pert_lambda=project.forecast.pert_lambda,
        ),
        cost=np.array([c for _, _, _, c in chosen], dtype=np.float64),
        tasks=[
            np.array(
                sorted({i for tid in risk.tasks for i in _entry_leaves(network, tid)}),
                dtype=np.int64,
            )
            for risk, _, _, _ in chosen
        ],
    )


def _no_risks() -> RiskEvents:
    empty = np.zeros(0)
    return RiskEvents([], empty, estimate_distributions([], empty, empty, empty), empty, [])


def calibrated_leaves(
    project: Project, calibration: CalibrationModel, unit: EstimateUnit = "time"
) -> tuple[list[int], TaskCalibration]:
    """The leaves (document order) that `calibration` calibrates, and what each draws from.

    Every leaf but milestones, zero-length tasks and tasks delivered by an epic (their
    durations come from the team's throughput), with its likely value in days; the
    TaskCalibration's `sources` and `records` say which pool each was calibrated on.
    With a history in story points (`unit`), the leaves with `points`, each estimated at
    its points (`steerco.forecast.points.pointed_leaves`).
    """
    if unit == "points":
        from steerco.forecast.points import pointed_leaves

        return pointed_leaves(project, calibration)
    leaves = list(project.leaves())
    plain = project_distributions(project)
    rows = [
        i
        for i, leaf in enumerate(leaves)
        if not leaf.milestone and leaf.epic is None and plain.likely[i] > 0
    ]
    tasks = calibrate_tasks(
        calibration,
        [leaves[i].estimated_by for i in rows],
        [leaves[i].category for i in rows],
        plain.likely[rows] / project.units(1.0),
    )
    return rows, tasks


def _calibrated(
    project: Project, calibration: CalibrationModel, unit: EstimateUnit
) -> tuple[Distributions, list[int], tuple[list[int], float] | None]:
    """Calibrated distributions, the calibrated leaves, and those whose errors share a factor."""
    rows, tasks = calibrated_leaves(project, calibration, unit)
    pool_of_task = np.full(sum(1 for _ in project.leaves()), -1, dtype=np.int64)
    pool_of_task[rows] = tasks.pool
    durations = project_distributions(project, pools=tasks.pools, pool_of_task=pool_of_task)
    likely = durations.likely.copy()
    likely[rows] = tasks.likely * project.units(1.0)
    group = (rows, tasks.correlation) if tasks.correlation > 0 and len(rows) > 1 else None
    return replace(durations, likely=likely), rows, group


def _level(
    options: ForecastOptions, rows: list[int], durations: Distributions
) -> tuple[list[int], TotalLevel] | None:
    """The calibrated leaves still uncertain, and the level factor of a forecast of them.

    Its draws come from their own stream of the forecast's seed (LEVEL_STREAM), so the
    iterations draw what they drew before.
    """
    if options.level_history is None:
        return None
    from steerco.forecast.total_level import total_level

    left = [r for r in rows if durations.uncertain[r]]
    stream = np.random.SeedSequence(options.seed, spawn_key=(LEVEL_STREAM,))
    return left, total_level(options.level_history, len(left), rng=np.random.default_rng(stream))


def _pool_kind(source: str) -> tuple[str, str | None]:
    """("estimator", "NAME ...") from "estimator NAME ..."; "all records" and "default" bare."""
    if source == "all records":
        return "all", None
    kind, _, key = source.partition(" ")
    return (kind, key) if key else (kind, None)


def task_pools(
    project: Project, calibration: CalibrationModel, unit: EstimateUnit = "time"
) -> tuple[TaskPool, ...]:
    """The pool each calibrated task is drawn from, as `_calibrated` draws from it."""
    leaves = list(project.leaves())
    rows, tasks = calibrated_leaves(project, calibration, unit)
    pools: list[TaskPool] = []
    for row, source, records in zip(rows, tasks.sources, tasks.records.tolist(), strict=True):
        kind, key = _pool_kind(source)
        pools.append(TaskPool(leaves[row].id, kind, key, int(records)))
    return tuple(pools)


def forecast_inputs(
    network: Network,
    project: Project | None,
    options: ForecastOptions,
    *,
    rework: ReworkEvents | None = None,
) -> ForecastInput:
    """The distributions, risk events and correlations of `project` over its `network`.

    `rework`: the gates that may fail in an iteration (`steerco.forecast.rework`).
    """
    if project is None:
        fixed = network.duration
        kinds = ["fixed"] * network.size
        return ForecastInput(
            network, estimate_distributions(kinds, fixed, fixed, fixed), _no_risks()
        )
    shared = None
    calibrated: list[int] = []
    if options.calibration is not None:
        durations, calibrated, shared = _calibrated(
            project, options.calibration, options.estimate_unit
        )
    else:
        durations = project_distributions(project)
    correlations = [
        (sorted({i for tid in group.tasks for i in leaf_rows(network, tid)}), group.coefficient)
        for group in project.forecast.correlations
    ]
    pinned = pinned_leaves(list(project.leaves())) & (network.calendar is not None)
    if pinned.any():  # a pinned task keeps its dates: its duration is not sampled
        kept = np.where(pinned, 2, 0).astype(np.int8)
        durations = after_progress(durations, kept, network.duration, network.duration)
    risks = _risk_events(project, network, options.residual)
    progress = network.progress
    if progress is not None:  # what is done is no longer uncertain, nor can a risk delay it
        durations = after_progress(durations, progress.state, progress.elapsed, progress.remaining)
        done = np.flatnonzero(progress.state == 2)
        risks = replace(risks, tasks=[np.setdiff1d(rows, done) for rows in risks.tasks])
    weight = np.array([rows.size for rows in risks.tasks], dtype=np.float64)
    nominal = (
        float(top_values(durations).sum())
        + float((top_values(risks.delay) * weight).sum())
        + float(np.maximum(network.lag, 0.0).sum())
        + max(float(network.earliest_start.max(initial=0.0)), 0.0)
        + (float(rework.delay.sum()) if rework is not None else 0.0)
    )
    duration_cap, delay_cap = horizon_caps(
        durations, risks.delay, weight, horizon_units(project) - nominal
    )
    return ForecastInput(
        network,
        durations,
        risks,
        correlations,
        duration_cap=duration_cap,
        delay_cap=delay_cap,
        shared=shared,
        rework=rework,
        level=_level(options, calibrated, durations) if calibrated else None,
    )


def measured_against(
    plan: Schedule, project: Project | None, inputs: ForecastInput
) -> ForecastInput:
    """`inputs` levelled in every iteration with a levelled `plan`'s priorities (else as given)."""
    if plan.method == "cpm":
        return inputs
    from steerco.forecast.levelling import plan_levelling
    from steerco.schedule.calendar_passes import working_links

    network = working_links(inputs.network)  # levelled as the plan was (`working`)
    mine, picked = network.calendars, plan.network.calendars
    if mine is not None and picked is not None and mine.picked:
        # The plan's picks stay fixed: each task works on its picked person's calendar.
        network = replace(network, calendars=replace(mine, index=picked.index))
    return replace(inputs, network=network, levelling=plan_levelling(network, project, plan))


def horizon_units(project: Project) -> float:
    """The longest plan steerco makes for `project`, in its units (docs/project-file.md, Ranges).

    MAX_PERIODS periods, or MAX_WORKING_DAYS working days that, spread over the calendar's
    working weekdays from `start`, end by MAX_DATE.
    """
    if project.unit == "period":
        return float(MAX_PERIODS)
    days = float(MAX_WORKING_DAYS)
    if project.start is not None:
        reach = ((MAX_DATE - project.start).days - 1) * project.days_per_week / 7
        days = min(days, reach)
    return project.units(days)


def _plan_cost(inputs: ForecastInput, es: FloatArray, finish: float) -> float | None:
    """The plan's cost: tasks at their planned durations, overheads over the plan's spans.

    The plan is the critical path's, or with levelling the levelled one (its finish, and
    the summaries' spans from the levelling step run on the planned durations).
    """
    network = inputs.network
    if network.costs is None:
        return None
    if inputs.levelling is not None and network.costs.spans:
        order, position = network.plan.order, network.plan.position
        levelled = inputs.levelling(network.duration[order][:, None], es[order][:, None])
        es = levelled[:, 0][position]
    return plan_cost(network.costs, network.duration, es, es + network.duration, finish)


def forecast(
    network: Network,
    project: Project | None,
    options: ForecastOptions,
    *,
    plan: Schedule | None = None,
    on_block: Callable[[int, int], None] | None = None,
    simulator: Simulator = simulate,
    gates: Sequence[GateCheck] = (),
) -> Forecast:
    """Run the Monte Carlo forecast of a project (or a bare network) and summarise it.

    `plan` is the plan the forecast is measured against (default: the critical path); a
    levelled plan is also levelled in every iteration, with its start order as priorities.
    `simulator` runs the iterations (a distributed run passes one that merges its parts).
    `gates`: the verdicts on the project's gates; each metric gate with `rework` fails
    with probability 1 - P(met) in every iteration (`steerco.forecast.rework`).
    """
    if plan is None:
        plan = Schedule(network, critical_path(network), "cpm", ScheduleStatus.optimal)
    notes: list[str] = []
    events: ReworkEvents | None = None
    paths: tuple[ReworkPath, ...] = ()
    if gates and project is not None:
        from steerco.forecast.rework import rework_paths

        events, paths, unknown = rework_paths(project, network, gates)
        notes.extend(unknown)
    inputs = measured_against(
        plan, project, forecast_inputs(network, project, options, rework=events)
    )
    sim = simulator(
        inputs,
        iterations=options.iterations,
        seed=options.seed,
        lhs=options.lhs,
        precision=options.precision,
        on_block=on_block,
    )
    if sim.capped:
        notes.append(
            f"{sim.capped:,} sampled durations or risk delays ran past the longest plan "
            f"steerco makes and were cut to fit it (a very wide lognormal or calibrated "
            f"estimate); narrow that estimate for a forecast of its tail"
        )
    if sim.copula_repaired:
        notes.append(
            "the requested correlations contradict each other; the nearest valid "
            "correlation matrix was used"
        )
    result = summarise(
        inputs,
        sim,
        seed=options.seed,
        deterministic_makespan=float(plan.cpm.makespan),
        plan=plan.plan_name,
        deterministic_cost=_plan_cost(inputs, plan.cpm.es, float(plan.cpm.makespan)),
        notes=notes,
    )
    if options.calibration is not None and project is not None:
        pools = task_pools(project, options.calibration, options.estimate_unit)
        level = None if inputs.level is None else inputs.level[1]
        result = replace(result, calibration=pools, level=level)
    if paths:
        result = replace(result, rework=paths)
    return result
