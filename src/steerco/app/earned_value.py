"""Earned value at a status date against a baseline, and its trend over the snapshots.

The progress measured at a date is the latest record on or before it: the snapshots that
`record_progress` keeps in `<stem>.snapshots.yaml` and the file's own progress (which wins
a tie). The plan the progress is measured against is the baseline; the network without
progress gives the calendar, the current costs and the planned durations. A baseline
without costs (BAC 0) is measured in effort (steerco.track.effort), and the result says so.

Beside the earned-schedule finish (the last working day of IEAC(t)) each measure has the
earliest finish the remaining work allows: the critical path of the network from the
status date on (recorded progress, remaining durations and links; no levelling). IEAC(t)
extrapolates SPI(t) and knows nothing of the work left, so it may fall before that date
(a 50/50 task credited half its budget at its start); the result then says so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from steerco.app._located import located_in
from steerco.model import Progress, Project
from steerco.model.baseline import Baseline
from steerco.schedule.network import Network, NetworkProgress
from steerco.track.earned import EarnedValueAt, EarnedValueTrend, ProjectEarnedValue, TrendPoint
from steerco.track.effort import Measure
from steerco.track.progress import progress_at, recorded_dates

__all__ = [
    "EarnedValueAt",
    "EarnedValueTrend",
    "TrendPoint",
    "earned_value_at",
    "earned_value_trend",
    "earned_value_with_trend",
]


@dataclass(frozen=True)
class _Sources:
    """What earned value reads once: the project, its baseline and snapshots, the network."""

    path: Path
    project: Project
    baseline: Baseline
    snapshots: list[Progress]
    network: Network
    measure: Measure


def _load(
    path: Path,
    baseline: str | None,
    project: Project | None = None,
    frozen: Baseline | None = None,
) -> _Sources:
    """The project, its baseline and snapshots, and its network without progress.

    `project` and `frozen` (the baseline): already loaded from `path` by the caller.
    """
    from steerco.formats.baselines_file import load_baseline
    from steerco.formats.loader import load_project
    from steerco.formats.snapshots import load_snapshots
    from steerco.schedule.network import compile_project
    from steerco.track.effort import measure_of

    project = project or load_project(path)
    frozen = frozen or load_baseline(path, baseline)
    network = compile_project(project.revised(progress=Progress()))
    snapshots = load_snapshots(path)
    return _Sources(path, project, frozen, snapshots, network, measure_of(frozen))


@dataclass(frozen=True)
class _Measure:
    """One progress record measured: its earned value, and where its remaining work ends."""

    value: ProjectEarnedValue
    earliest_finish: float | None
    """The earliest finish in units of the time axis (None for an empty network)."""


def _earliest_finish(network: Network, state: NetworkProgress) -> float | None:
    """The finish of the critical path from the data date on, with the progress `state`."""
    from steerco.schedule.cpm import critical_path
    from steerco.schedule.status import apply_progress

    if network.size == 0:
        return None
    return float(critical_path(apply_progress(network, state)).ef.max())


def _measure(sources: _Sources, chosen: Progress) -> _Measure:
    """The earned value of the project with the progress `chosen` (unknown tasks left out).

    A snapshot that no longer fits the project (say its start moved past an actual start)
    raises the project's own diagnostics, located in the snapshots file.
    """
    from steerco.formats.snapshots import snapshots_path
    from steerco.schedule.status import network_progress
    from steerco.track.earned import project_earned_value
    from steerco.track.effort import demanded_units, effort_inputs

    project, network = sources.project, sources.network
    leaves = set(network.ids)
    if not leaves.issuperset(chosen.tasks):
        chosen = chosen.revised(tasks={k: v for k, v in chosen.tasks.items() if k in leaves})
    if chosen is not project.progress:
        where = snapshots_path(sources.path)
        project = located_in(where, lambda: sources.project.revised(progress=chosen))
    state = network_progress(project, network)
    earliest = _earliest_finish(network, state)
    assert network.costs is not None
    baseline, costs = sources.baseline, network.costs
    if sources.measure == "effort":
        units = demanded_units(project)
        effort = effort_inputs(baseline, [units[i] for i in network.ids], state)
        baseline, costs, state = effort.baseline, effort.costs, effort.progress
    value = project_earned_value(
        baseline,
        network.ids,
        state,
        costs,
        status_date=chosen.status_date,
        manager_eac=chosen.manager_eac if sources.measure == "cost" else None,  # money
        summaries=_summaries(network),
    )
    return _Measure(value, earliest)


def _summaries(network: Network) -> dict[str, list[str]]:
    """Each leaf's summaries in the current WBS (a summary's leaves are contiguous)."""
    found: dict[str, list[str]] = {}
    for summary in network.summaries:
        for task_id in network.ids[summary.first : summary.stop]:
            found.setdefault(task_id, []).append(summary.id)
    return found


def _finish_day(network: Network, units: float | None) -> dt.date | None:
    """The last working day of a finish at `units`, the date convention of every finish."""
    from steerco.schedule.dates import finish_date

    if units is None or network.calendar is None:
        return None
    return finish_date(network.calendar, units)


def earned_value_at(
    *, path: Path, status_date: dt.date | None = None, baseline: str | None = None
) -> EarnedValueAt:
    """Earned value and earned schedule of PATH at `status_date` against a baseline.

    `status_date`: measure the latest snapshot on or before it (default: the file's own
    progress at its status date). `baseline`: its name (default: the one named
    `baseline`, or the only one).
    """
    sources = _load(path, baseline)
    return _at(sources, status_date, _Measured(sources))


def earned_value_trend(*, path: Path, baseline: str | None = None) -> EarnedValueTrend:
    """The project's earned value at every recorded status date (snapshots and the file's)."""
    sources = _load(path, baseline)
    return _trend(sources, _Measured(sources))


def earned_value_with_trend(
    *,
    path: Path,
    status_date: dt.date | None = None,
    baseline: str | None = None,
    project: Project | None = None,
    frozen: Baseline | None = None,
) -> tuple[EarnedValueAt, EarnedValueTrend]:
    """`earned_value_at` and `earned_value_trend` from one reading of the files.

    What a status report needs: each recorded progress is measured once, so the status
    date's earned value is not computed again for the trend. `project` and `frozen`: the
    file and the baseline `baseline` names, when the caller has loaded them already.
    """
    sources = _load(path, baseline, project, frozen)
    measured = _Measured(sources)
    return _at(sources, status_date, measured), _trend(sources, measured)


class _Measured:
    """`_measure` of each progress record at most once (a record is measured as it is)."""

    def __init__(self, sources: _Sources) -> None:
        self.sources = sources
        self._done: list[tuple[Progress, _Measure]] = []

    def __call__(self, day: dt.date | None) -> _Measure:
        """The earned value of the progress recorded at `day` (progress_at's choice)."""
        chosen = progress_at(self.sources.project, self.sources.snapshots, day)
        for record, value in self._done:
            if record is chosen:
                return value
        value = _measure(self.sources, chosen)
        self._done.append((chosen, value))
        return value


def _at(sources: _Sources, status_date: dt.date | None, measured: _Measured) -> EarnedValueAt:
    """Earned value at `status_date` (the file's own progress when None)."""
    record = measured(status_date)
    network = sources.network
    return EarnedValueAt(
        measured=record.value,
        measure=sources.measure,
        unit=network.unit,
        currency=network.currency,
        forecast_finish=_finish_day(network, record.value.project.ieac_t),
        earliest_finish=_finish_day(network, record.earliest_finish),
    )


def _trend(sources: _Sources, measured: _Measured) -> EarnedValueTrend:
    """Earned value at every recorded status date."""
    points = []
    network = sources.network
    for day in recorded_dates(sources.project, sources.snapshots):
        record = measured(day)
        top = record.value.project
        points.append(
            TrendPoint(
                day,
                top,
                _finish_day(network, top.ieac_t),
                _finish_day(network, record.earliest_finish),
            )
        )
    return EarnedValueTrend(
        baseline=sources.baseline.name, measure=sources.measure, points=tuple(points)
    )
