"""Metric gates on a training run: the logged value once it has finished, an outlook while not.

Pure: the run's log comes in as a `RunFetch` (read by `app.runs.fetch_run`). While the run
is still training (fewer steps or epochs logged than its `run:` plans), the gate is judged
by the learning-curve outlook of its metric at the planned end (`forecast.learning_curve`):
likely when P(met) >= 0.5, else unlikely. A finished run is judged on its logged values as
any metric gate is.
"""

from __future__ import annotations

import datetime as dt
import math
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from steerco.model.gate import MetricGate
from steerco.model.run import RunLink
from steerco.track.gates import (
    GateResult,
    GateStatus,
    Observation,
    Observations,
    evaluate_metric_gate,
    settled_once_met,
)
from steerco.track.runs import RunFetch, RunHistory

if TYPE_CHECKING:
    from steerco.forecast.learning_curve import CurveOutlook

__all__ = [
    "LIKELY",
    "OUTLOOK_SEED",
    "Outlook",
    "Training",
    "evaluate_run_gate",
    "gate_rng",
    "outlook_reason",
    "run_observations",
    "training_state",
]

OUTLOOK_SEED = 0
"""The seed of every gate's outlook, so that `steerco gates` gives the same P each time."""
LIKELY = 0.5
"""An outlook with P(met) at least this is `likely`, below it `unlikely`."""

Outlook = Callable[..., "CurveOutlook | None"]
"""`curve_outlook`'s signature: (steps, values, *, final_step, threshold, op, rng)."""


def gate_rng(seed: int, milestone: str) -> np.random.Generator:
    """The outlook's random stream for the gate on `milestone`: one per gate, order-free."""
    return np.random.default_rng([seed, zlib.crc32(milestone.encode("utf-8"))])


@dataclass(frozen=True)
class Training:
    """How far a run is: still training or not, its planned final step, and in words."""

    running: bool | None
    """None when the log cannot say (epochs planned, none logged)."""
    final_step: float | None
    """The step the run ends on: its planned `steps`, or the steps of its planned epochs."""
    progress: str


def training_state(link: RunLink, history: RunHistory) -> Training:
    """Steps (or epochs) logged against the planned `steps` (or `epochs`) of `link`.

    Steps are counted on the link's `tag` (default: the largest step of any scalar); with
    planned epochs, the final step is the last epoch mark plus the epochs left at the
    observed epoch length (`_final_step`).
    """
    last = history.last_step(link.tag)
    if link.steps is not None:
        done = 0 if last is None else last
        # a log counted from step 0 ends at step steps - 1 (as `run_progress` counts it)
        running = done < link.steps - 1
        return Training(running, float(link.steps), f"step {done:,} of {link.steps:,}")
    planned = link.epochs
    assert planned is not None
    if not history.epochs:
        return Training(None, None, f"no epoch logged of {planned:,} planned")
    epochs = history.epochs[-1][1]
    return Training(
        epochs < planned, _final_step(history, planned), f"epoch {epochs:g} of {planned:,}"
    )


def _final_step(history: RunHistory, planned: int) -> float | None:
    """The step the run ends on: the last epoch mark plus the epochs left at its epoch length.

    The length is the steps between the last two marks per epoch between them, else the
    steps up to the only mark (counted from step 0) per epoch: a Keras log, whose step is
    the 0-based epoch, at epoch 5 of 10 (step 4) ends on step 9.
    """
    step, epochs = history.epochs[-1]
    if len(history.epochs) >= 2:
        before, epochs_before = history.epochs[-2]
        if epochs > epochs_before:
            per_epoch = (step - before) / (epochs - epochs_before)
            return step + (planned - epochs) * per_epoch
    if epochs <= 0:
        return None
    return step + (planned - epochs) * (step + 1) / epochs


def run_observations(history: RunHistory, metric: str) -> Observations:
    """The logged values of scalar `metric`, oldest first; `missing` when it was never logged."""
    points = history.series(metric)
    if not points:
        tags = ", ".join(history.tags()) or "none"
        return Observations(
            missing=f"the run at {history.source} logged no scalar {metric!r} (its scalars: {tags})"
        )
    return Observations(
        tuple(
            Observation(
                p.value,
                run=history.run,
                when=None
                if p.wall_time is None
                else dt.datetime.fromtimestamp(p.wall_time, tz=dt.UTC),
                step=p.step,
            )
            for p in points
        )
    )


def outlook_reason(outlook: CurveOutlook) -> str:
    """'likely · P=0.83 (predicted 0.87, 0.84–0.90 at step 50,000; power law on 40 points)'."""
    status = "likely" if outlook.p_met >= LIKELY else "unlikely"
    return (
        f"{status} · P={outlook.p_met:.2f} (predicted {outlook.predicted:.3g}, "
        f"{outlook.low:.3g}–{outlook.high:.3g} at step {outlook.final_step:,.0f}; "
        f"{outlook.family} on {outlook.points} points)"
    )


def evaluate_run_gate(
    gate: MetricGate,
    link: RunLink,
    fetched: RunFetch,
    *,
    rng: np.random.Generator,
    outlook: Outlook | None = None,
) -> GateResult:
    """Judge `gate` on the run of `link` as `fetched`: met / not met, likely / unlikely, unknown.

    A log that gave nothing, or that is damaged (the fetch warned: truncated, corrupt, a
    row that does not read, no scalar the run names), leaves the gate unknown with its
    reason; so does a metric never
    logged, and a `nan` or `inf` the verdict would rest on. A finished run is judged on its
    values (`evaluate_metric_gate`). While it trains, a `max` or `min` gate already met
    stays met; otherwise the outlook of the metric's curve at the planned final step gives
    likely (P(met) >= 0.5) or unlikely, and no outlook (too few points, no spread) leaves
    the gate unknown.
    """
    history = fetched.history
    if history is None:
        return GateResult("unknown", fetched.missing or "the run's log could not be read")
    if fetched.warnings:
        # A verdict on the part of a damaged log that could be read would be a guess.
        why = f"the run's log is damaged, so the gate is not judged: {fetched.warnings[0].message}"
        return GateResult("unknown", why)
    observations = run_observations(history, gate.metric)
    judged = evaluate_metric_gate(gate, observations)
    training = training_state(link, history)
    if judged.evidence is None or not math.isfinite(judged.evidence.value):
        return judged  # nothing logged, or a nan / inf: unknown, with the reason
    if training.running is False:
        return judged
    if training.running is None:
        why = (
            f"the run's log records no epochs, so steerco cannot tell whether it finished "
            f"({training.progress})"
        )
        return GateResult("unknown", why, judged.evidence, judged.count)
    if judged.status == "met" and settled_once_met(gate):
        return judged  # a max already above (a min below) the threshold stays so
    values = observations.values
    if outlook is None:
        from steerco.forecast.learning_curve import curve_outlook

        outlook = curve_outlook
    found = None
    if training.final_step is not None:
        found = outlook(
            [p.step for p in history.series(gate.metric)],
            [p.value for p in history.series(gate.metric)],
            final_step=training.final_step,
            threshold=gate.threshold,
            op=gate.op,
            rng=rng,
        )
    latest = judged.evidence
    which = "" if gate.aggregate == "last" else f"{gate.aggregate} "
    now = f"{which}{gate.metric} = {latest.value:g} at {training.progress}"
    if found is None:
        why = (
            f"still training ({training.progress}); its {len(values)} logged values of "
            f"{gate.metric!r} give no learning-curve outlook (too few, or no trend)"
        )
        return GateResult("unknown", why, latest, len(values))
    status: GateStatus = "likely" if found.p_met >= LIKELY else "unlikely"
    return GateResult(status, f"{outlook_reason(found)}; {now}", latest, len(values), found)
