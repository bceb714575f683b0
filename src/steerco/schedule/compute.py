"""Compute budgets: a training task's GPU-hours from its FLOPs, and the estimate they give.

GPU-hours(u) = FLOPs / (peak_tflops x 1e12 x u) / 3600 at a utilisation u of the peak; the
run's wall-clock hours are GPU-hours / count, and its duration in days is those hours over
the hours of one working day of the task's calendar (`task_day_hours`): 24 on a task that
runs around the clock (`calendar: 24x7`), a named calendar's own `hours_per_day`, the
project calendar's on any other. The utilisation band gives a
three-point estimate, read as PERT (steerco's default for estimates): the high
utilisation gives the low duration, the likely the likely, the low the high. Pure: the
table of accelerator types comes in (`library.accelerators` reads it).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from pydantic import Field

from steerco.codes import Code
from steerco.errors import Diagnostic, Path, ProjectError, did_you_mean
from steerco.model import Project, Task
from steerco.model.base import Model
from steerco.model.compute import Compute
from steerco.model.quantities import WorkTime
from steerco.model.ranges import MAX_WORKING_DAYS
from steerco.model.resource import Resource
from steerco.model.task import Demand, Estimate
from steerco.schedule.task_calendars import task_day_hours

__all__ = [
    "AcceleratorType",
    "GpuHours",
    "accelerator_key",
    "compute_count",
    "compute_estimate",
    "gpu_hours",
    "peak_tflops",
    "task_day_hours",
    "with_compute_estimates",
]

SECONDS_PER_HOUR = 3600.0
TERA = 1e12


class AcceleratorType(Model):
    """One known accelerator: its peak dense TFLOP/s at 16-bit (and FP32), and their source."""

    name: str = Field(min_length=1)
    bf16: float | None = Field(default=None, gt=0, description="peak dense BF16 TFLOP/s")
    fp16: float | None = Field(default=None, gt=0, description="peak dense FP16 TFLOP/s")
    fp32: float | None = Field(default=None, gt=0, description="peak FP32 TFLOP/s (non-tensor)")
    source: str = Field(min_length=1, description="the datasheet and its wording")

    @property
    def peak_tflops(self) -> float | None:
        """The peak a compute estimate uses: BF16, or FP16 where the device has no BF16."""
        return self.bf16 if self.bf16 is not None else self.fp16


@dataclass(frozen=True)
class GpuHours:
    """Accelerator-hours of a run, three-point: low (high utilisation) .. high (low utilisation)."""

    low: float
    likely: float
    high: float

    def scaled(self, factor: float) -> GpuHours:
        """Each point times `factor` (e.g. an hourly rate, or 1 / count)."""
        return GpuHours(self.low * factor, self.likely * factor, self.high * factor)


def accelerator_key(name: str) -> str:
    """A type name as the table keys it: lower case, `_` and spaces as `-` (`H100 SXM`)."""
    return "-".join(name.strip().lower().replace("_", " ").split())


def peak_tflops(resource: Resource, types: Mapping[str, AcceleratorType]) -> float | None:
    """Peak TFLOP/s of one unit: its own `peak_tflops`, else its known `accelerator` type's."""
    if resource.peak_tflops is not None:
        return resource.peak_tflops
    if resource.accelerator is None:
        return None
    known = types.get(accelerator_key(resource.accelerator))
    return known.peak_tflops if known is not None else None


def gpu_hours(compute: Compute, peak: float) -> GpuHours:
    """GPU-hours = FLOPs / (peak x 1e12 x utilisation) / 3600 at the high, likely and low band."""
    per_hour = peak * TERA * SECONDS_PER_HOUR
    band = compute.utilisation
    flops = compute.total_flops
    return GpuHours(
        flops / (per_hour * band.high),
        flops / (per_hour * band.likely),
        flops / (per_hour * band.low),
    )


def compute_count(task: Task) -> float | None:
    """Accelerators the run uses: `count`, else the task's demand on `accelerator` (None: none)."""
    if task.compute is None:
        return None
    if task.compute.count is not None:
        return float(task.compute.count)
    demanded = demand_on(task, task.compute.accelerator)
    return demanded if demanded > 0 else None


def demand_on(task: Task, resource_id: str) -> float:
    """Units the task demands of one named resource (0 when none)."""
    return sum(d.units for d in task.demands if d.resource == resource_id)


def compute_estimate(project: Project, task: Task, hours: GpuHours, count: float) -> Estimate:
    """The task's three-point estimate: wall hours (GPU-hours / count) over its day's hours.

    In days (`d`) of the task's calendar; in hours (`h`) in a project planned in hours when
    the task's day has the project's `hours_per_day` (on 24x7 or a named calendar of other
    hours an hour project's day still has `hours_per_day` units, so days say it exactly).
    """
    per_day = task_day_hours(project, task)
    wall = hours.scaled(1.0 / count)
    if project.unit == "hour" and per_day == project.calendar.hours_per_day:
        points = [WorkTime(h, "h") for h in (wall.low, wall.likely, wall.high)]
    else:
        points = [WorkTime(h / per_day) for h in (wall.low, wall.likely, wall.high)]
    return Estimate(low=points[0], likely=points[1], high=points[2], distribution="pert")


def _unknown(project: Project, compute: Compute, types: Mapping[str, AcceleratorType]) -> str:
    """Why the accelerator's peak is unknown, and what to write instead."""
    resource = project.resource(compute.accelerator)
    known = sorted(types)
    if resource.accelerator is None:
        return (
            f"resource {resource.id!r} has no `accelerator` type and no `peak_tflops`; "
            f"write e.g. `accelerator: h100-sxm` on it (known: {', '.join(known)}) "
            "or its peak dense TFLOP/s as `peak_tflops`"
        )
    return (
        f"steerco does not know the accelerator type {resource.accelerator!r} of "
        f"{resource.id!r}; write one of {', '.join(known)}, or its peak dense TFLOP/s as "
        f"`peak_tflops`{did_you_mean(accelerator_key(resource.accelerator), known)}"
    )


def _derived(
    project: Project,
    task: Task,
    path: Path,
    types: Mapping[str, AcceleratorType],
    out: list[Diagnostic],
) -> Task:
    """The task with the estimate its `compute` gives (and its demand on the accelerator)."""
    compute = task.compute
    assert compute is not None
    if task.estimate is not None:
        out.append(
            Diagnostic(
                Code.bad_compute,
                f"task {task.id!r} is sized by `compute`; remove its `estimate` "
                "(the utilisation band gives the three points)",
                (*path, "estimate"),
            )
        )
        return task
    peak = peak_tflops(project.resource(compute.accelerator), types)
    if peak is None:
        where = (*path, "compute", "accelerator")
        out.append(Diagnostic(Code.unknown_accelerator, _unknown(project, compute, types), where))
        return task
    count = compute_count(task)
    assert count is not None  # check_project refused a compute without a count
    estimate = compute_estimate(project, task, gpu_hours(compute, peak), count)
    days = estimate.high.in_days(project.calendar.hours_per_day, project.days_per_week)
    if days > MAX_WORKING_DAYS:
        out.append(
            Diagnostic(
                Code.bad_compute,
                f"the compute of {task.id!r} runs up to {days:.3g} days on {count:g} "
                f"accelerators, longer than any plan steerco makes ({MAX_WORKING_DAYS} days); "
                "check `flops` (or `params` and `tokens`) and the utilisation",
                (*path, "compute"),
            )
        )
        return task
    changes: dict[str, object] = {"estimate": estimate}
    if demand_on(task, compute.accelerator) == 0:
        need = Demand(resource=compute.accelerator, units=count)
        changes["demands"] = (*task.demands, need)
    return task.model_copy(update=changes)


def with_compute_estimates(project: Project, types: Mapping[str, AcceleratorType]) -> Project:
    """The project with every `compute` task given its estimate (the project as is if none).

    A task sized by compute gets the three-point estimate its utilisation band gives
    (`compute_estimate`) and, when it does not demand its accelerator, a demand of `count`
    units on it, so that levelling and costs see the run. Raises a ProjectError: a compute
    task with an `estimate` (`bad_compute`), an accelerator whose peak FLOP/s is unknown
    (`unknown_accelerator`), a run longer than any plan (`bad_compute`).
    """
    if not any(task.compute is not None for task in project.all_tasks()):
        return project
    out: list[Diagnostic] = []

    def visit(tasks: tuple[Task, ...], prefix: Path) -> tuple[Task, ...]:
        changed: list[Task] = []
        for i, task in enumerate(tasks):
            path = (*prefix, i)
            if task.children:
                children = visit(task.children, (*path, "children"))
                if any(a is not b for a, b in zip(children, task.children, strict=True)):
                    task = task.model_copy(update={"children": children})
            elif task.compute is not None:
                task = _derived(project, task, path, types, out)
            changed.append(task)
        return tuple(changed)

    tasks = visit(project.tasks, ("tasks",))
    if out:
        raise ProjectError(out)
    return project.revised(tasks=tasks)
