"""Rework paths of metric gates in the forecast: what failing a gate costs, and how likely.

A metric gate with `rework` fails in an iteration with probability 1 - P(met), where P(met)
is 1 for a met gate, 0 for one not met, the learning-curve outlook's P for a likely or
unlikely one (`track.gates.p_met`); an unknown gate adds no rework (the forecast's notes
say so). When it fails, `rework: DURATION` delays the gated milestone by that working
time, as a risk's delay on it would; `rework: {task: ID}` counts that task's drawn
duration, which is 0 in the iterations where the gate holds. The plan itself (the
deterministic schedule) keeps the rework task as written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from steerco.forecast.engine import ReworkEvents
from steerco.forecast.run import leaf_rows
from steerco.model.gate import MetricGate
from steerco.model.project import Project
from steerco.schedule.network import Network
from steerco.track.gates import GateCheck, GateStatus, p_met

__all__ = ["ReworkPath", "rework_paths"]

IntArray = NDArray[np.int64]


@dataclass(frozen=True)
class ReworkPath:
    """One gate's rework path as the forecast reports it.

    `probability` is how often the forecast adds it, 1 - P(met); 0 when the gate is unknown
    (`p_met` None), where the forecast adds no rework.
    """

    milestone: str
    status: GateStatus
    p_met: float | None
    probability: float
    duration: float | None
    """The milestone's delay in the project's units (a duration path)."""
    task: str | None
    """The rework task (a task path)."""


def rework_paths(
    project: Project, network: Network, checks: Sequence[GateCheck]
) -> tuple[ReworkEvents, tuple[ReworkPath, ...], list[str]]:
    """The engine's rework events, the paths to report, and a note per unknown gate.

    Only gates with `rework` count. A rework task already started or finished (its
    progress) is being done: its duration always counts, whatever the gate.
    """
    hours, week = project.calendar.hours_per_day, project.days_per_week
    started = (
        np.zeros(network.size, dtype=bool)
        if network.progress is None
        else network.progress.state > 0
    )
    probability: list[float] = []
    delay: list[float] = []
    milestone: list[int] = []
    tasks: list[IntArray] = []
    paths: list[ReworkPath] = []
    notes: list[str] = []
    for check in checks:
        gate = check.task.gate
        if not isinstance(gate, MetricGate) or gate.rework is None:
            continue
        rework = gate.rework
        met = p_met(check.result)
        units = None
        if rework.duration is not None:
            units = project.units(rework.duration.in_days(hours, week))
        fail = 0.0 if met is None else 1.0 - met
        rows = np.zeros(0, dtype=np.int64)
        if rework.task is not None:
            rows = np.array(leaf_rows(network, rework.task), dtype=np.int64)
            rows = rows[~started[rows]]
            if met is None:  # an unknown gate adds no rework: its task is not done either
                fail = 0.0
        if met is None:
            what = f"task {rework.task!r}" if rework.task is not None else "delay"
            notes.append(
                f"the gate of {check.task.id!r} is unknown ({check.result.reason}): its "
                f"rework {what} is left out of the forecast"
            )
        paths.append(ReworkPath(check.task.id, check.result.status, met, fail, units, rework.task))
        probability.append(fail)
        delay.append(units or 0.0)
        milestone.append(network.ids.index(check.task.id))
        tasks.append(rows)
    events = ReworkEvents(
        probability=np.array(probability, dtype=np.float64),
        delay=np.array(delay, dtype=np.float64),
        milestone=np.array(milestone, dtype=np.int64),
        tasks=tasks,
    )
    return events, tuple(paths), notes
