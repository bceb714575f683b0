"""Synthetic validation curves with a known truth, for the learning-curve tests and benchmark.

A run is a saturating curve in the fraction of training `v = step / final_step` (a power law
`top - b·(v + c)^-d` or an exponential `top - b·exp(-v/τ)`, rising by 1 over the whole run),
with Gaussian noise, cut at a random fraction of training, and a threshold around its true
final value. Half the runs are flipped (a loss: falling, with a `<=` gate).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from steerco.model.gate import Comparison

TOP = 0.9


@dataclass(frozen=True)
class SyntheticRun:
    """A run cut before its end: the points logged so far and what the end will bring."""

    family: str
    steps: NDArray[np.float64]
    values: NDArray[np.float64]
    final_step: float
    true_final: float
    """The noiseless curve at final_step."""
    noisy_final: float
    """The value the run will log at final_step: the curve plus one draw of its noise."""
    sigma: float
    threshold: float
    op: Comparison

    @property
    def met(self) -> bool:
        """Whether the value logged at final_step meets the threshold."""
        if self.op == ">=":
            return self.noisy_final >= self.threshold
        return self.noisy_final <= self.threshold


def power_law(v: NDArray[np.float64], c: float, d: float) -> NDArray[np.float64]:
    """`TOP - b·(v + c)^-d`, rising by 1 from v = 0 to v = 1."""
    b = 1.0 / (c**-d - (1.0 + c) ** -d)
    return np.asarray(TOP - b * (v + c) ** -d, dtype=np.float64)


def exponential(v: NDArray[np.float64], tau: float) -> NDArray[np.float64]:
    """`TOP - b·exp(-v/τ)`, rising by 1 from v = 0 to v = 1."""
    b = 1.0 / (1.0 - math.exp(-1.0 / tau))
    return np.asarray(TOP - b * np.exp(-v / tau), dtype=np.float64)


def synthetic_run(rng: np.random.Generator) -> SyntheticRun:
    """One random run: family, shape, noise (0.5% to 5% of the rise), cut at 20% to 80%."""
    family = "power law" if rng.random() < 0.5 else "exponential"
    final_step = float(rng.choice([1_000.0, 20_000.0, 300_000.0]))
    logged = int(rng.integers(40, 201))
    v = np.arange(1, logged + 1) / logged
    if family == "power law":
        c = math.exp(rng.uniform(math.log(0.005), math.log(0.2)))
        d = rng.uniform(0.3, 2.0)
        truth = power_law(np.append(v, 1.0), c, d)
    else:
        tau = math.exp(rng.uniform(math.log(0.05), math.log(0.6)))
        truth = exponential(np.append(v, 1.0), tau)
    sigma = math.exp(rng.uniform(math.log(0.005), math.log(0.05)))
    sign = 1.0 if rng.random() < 0.5 else -1.0
    seen = max(5, int(rng.uniform(0.2, 0.8) * logged))
    values = sign * (truth[:seen] + rng.normal(0.0, sigma, seen))
    true_final = sign * float(truth[-1])
    noisy_final = true_final + sign * rng.normal(0.0, sigma)
    still_to_gain = abs(float(truth[-1] - truth[seen - 1]))
    threshold = true_final + rng.normal(0.0, 1.5 * sigma + 0.3 * still_to_gain)
    return SyntheticRun(
        family=family,
        steps=v[:seen] * final_step,
        values=values,
        final_step=final_step,
        true_final=true_final,
        noisy_final=noisy_final,
        sigma=sigma,
        threshold=float(threshold),
        op=">=" if sign > 0 else "<=",
    )


@dataclass(frozen=True)
class ReliabilityBin:
    """Outlooks whose P(met) fell in [low, high): how many, their mean P, the share met."""

    low: float
    high: float
    count: int
    mean_p: float
    observed: float


def reliability(
    p: NDArray[np.float64], met: NDArray[np.bool_], edges: NDArray[np.float64]
) -> list[ReliabilityBin]:
    """Bin the probabilities by `edges` (the last bin closed) and compare with the outcomes."""
    index = np.clip(np.searchsorted(edges, p, side="right") - 1, 0, edges.size - 2)
    bins = []
    for b in range(edges.size - 1):
        inside = index == b
        if inside.any():
            bins.append(
                ReliabilityBin(
                    float(edges[b]),
                    float(edges[b + 1]),
                    int(inside.sum()),
                    float(p[inside].mean()),
                    float(met[inside].mean()),
                )
            )
    return bins
