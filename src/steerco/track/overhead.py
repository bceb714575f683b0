"""Earned value's costs that follow time: the project's and the summaries' overhead.

The task budgets (BAC) and their CPI say nothing about overhead, which is spent per working
day whatever the work earns; so it is measured beside them. Each overhead carrier (the
project, from unit 0 to its finish; a summary, over its leaves' span) has:

- planned: rate x its baseline span (the project's: rate x PD);
- to date: rate x the span elapsed by the data date (first actual start of its leaves to
  the data date, or to the last actual finish once all have finished);
- at completion: what it has spent once it has finished, else
  max(to date, planned / SPI(t)), its span stretched as the project's schedule performs
  (for the project: rate x IEAC(t), the forecast finish).

EAC with overhead = EAC (BAC / CPI, the work) + overhead at completion; VAC with overhead
= BAC + planned overhead - that EAC. Rates are the project file's current ones.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from steerco.model.baseline import Baseline
from steerco.schedule.cost import CostTable
from steerco.schedule.network import NetworkProgress
from steerco.track.evm import EarnedValue

__all__ = ["OverheadMeasures", "overhead_measures", "planned_overhead"]


@dataclass(frozen=True)
class OverheadMeasures:
    """The overheads planned, spent to date and forecast at completion; EAC and VAC with them.

    `at_completion`, `eac` and `vac` are None while SPI(t) (or, for `eac`, CPI) is not known.
    """

    planned: float
    to_date: float
    at_completion: float | None
    eac: float | None
    vac: float | None


@dataclass(frozen=True)
class _Carrier:
    """One overhead: its rate per unit, baseline span, span elapsed, and whether it is over."""

    rate: float
    planned_span: float
    elapsed: float
    finished: bool


def _baseline_span(baseline: Baseline, task_id: str) -> float:
    """A summary's span in the baseline (0 when the baseline does not have it)."""
    frozen = baseline.by_id.get(task_id)
    return 0.0 if frozen is None else float(frozen.finish_units - frozen.start_units)


def planned_overhead(costs: CostTable, baseline: Baseline) -> float:
    """The overhead the baseline plans: rate x PD for the project, rate x span per summary."""
    spans = sum(span.rate * _baseline_span(baseline, span.id) for span in costs.spans)
    return costs.overhead * float(baseline.finish_units) + spans


def _elapsed(progress: NetworkProgress, rows: slice, *, from_zero: bool) -> tuple[float, bool]:
    """Span elapsed by the data date over the leaves `rows`, and whether all have finished."""
    started = progress.started[rows]
    finished = bool(np.all(progress.state[rows] == 2)) and started.size > 0
    if not started.any():
        return 0.0, False
    begin = 0.0 if from_zero else float(np.min(progress.actual_start[rows][started]))
    end = float(np.max(progress.actual_finish[rows])) if finished else progress.data_time
    return max(end - begin, 0.0), finished


def _carriers(costs: CostTable, baseline: Baseline, progress: NetworkProgress) -> list[_Carrier]:
    everything = slice(0, progress.state.size)
    found = []
    if costs.overhead:
        elapsed, finished = _elapsed(progress, everything, from_zero=True)
        if not finished:
            elapsed = progress.data_time
        found.append(_Carrier(costs.overhead, float(baseline.finish_units), elapsed, finished))
    for span in costs.spans:
        elapsed, finished = _elapsed(progress, slice(span.first, span.stop), from_zero=False)
        found.append(_Carrier(span.rate, _baseline_span(baseline, span.id), elapsed, finished))
    return found


def overhead_measures(
    costs: CostTable, baseline: Baseline, progress: NetworkProgress, project: EarnedValue
) -> OverheadMeasures | None:
    """The project's overhead against its baseline at the data date (None without overhead).

    `costs` and `progress` describe the current leaves in one order; `project` is the
    project's earned value (its BAC, EAC and SPI(t)); see the module docstring.
    """
    carriers = _carriers(costs, baseline, progress)
    if not carriers:
        return None
    planned = planned_overhead(costs, baseline)
    to_date = sum(c.rate * c.elapsed for c in carriers)
    spi_t = project.spi_t
    at_completion: float | None = None
    if spi_t or all(c.finished for c in carriers):
        at_completion = sum(
            c.rate * (c.elapsed if c.finished else max(c.elapsed, c.planned_span / (spi_t or 1)))
            for c in carriers
        )
    eac = None if at_completion is None or project.eac is None else project.eac + at_completion
    return OverheadMeasures(
        planned=planned,
        to_date=to_date,
        at_completion=at_completion,
        eac=eac,
        vac=None if eac is None else project.bac + planned - eac,
    )
