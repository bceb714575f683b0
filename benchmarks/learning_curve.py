"""Learning-curve outlook: calibration of P(met) on synthetic runs, and the time of one outlook.

The runs come from `tests/synthetic_curves.py` (the generator of the calibration test): a
power law or an exponential, rising or falling, noise 0.5% to 5% of the rise, cut at 20% to
80% of training, a threshold around the true final value; a run meets its gate when the value
it logs at the final step (the curve plus one draw of its noise) meets the threshold.

Three tables:

1. reliability: the outlooks binned by P(met), each bin's count, mean P and the share of its
   runs that met the gate; then the Brier score against a constant (the share met overall)
   and the naive "the current value already meets it" (P = 1 or 0);
2. the share of runs whose P10..P90 holds the value logged at the end (target about 80%) and
   the noiseless curve's final value, per true family, and how often the family was found;
3. the time of one outlook of 300 points with 400 resamples (best of 5, wall and CPU).

Run: `.venv/bin/python benchmarks/learning_curve.py [--curves 2000] [--resamples 200]`.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from cpm_scale import machine
from steerco.forecast.learning_curve import curve_outlook
from synthetic_curves import exponential, reliability, synthetic_run


def calibration(curves: int, resamples: int, seed: int) -> None:
    """Print the reliability table, the Brier scores and the interval coverage."""
    rng = np.random.default_rng(seed)
    p, met, naive, noisy_in, true_in = [], [], [], [], []
    found: Counter[tuple[str, str]] = Counter()
    started = time.process_time()
    for index in range(curves):
        run = synthetic_run(rng)
        outlook = curve_outlook(
            run.steps,
            run.values,
            final_step=run.final_step,
            threshold=run.threshold,
            op=run.op,
            rng=np.random.default_rng(index),
            resamples=resamples,
        )
        if outlook is None:
            continue
        p.append(outlook.p_met)
        met.append(run.met)
        last = float(run.values[-1])
        naive.append(last >= run.threshold if run.op == ">=" else last <= run.threshold)
        noisy_in.append(outlook.low <= run.noisy_final <= outlook.high)
        true_in.append(outlook.low <= run.true_final <= outlook.high)
        found[run.family, outlook.family] += 1
    cpu = time.process_time() - started
    probability, outcome = np.array(p), np.array(met)
    print(f"{len(p)} outlooks of {curves} runs, {resamples} resamples, {cpu:.1f} s CPU")
    print()
    print("| P(met) | runs | mean P | share met |")
    print("|---|---:|---:|---:|")
    bins = reliability(probability, outcome, np.linspace(0.0, 1.0, 11))
    for b in bins:
        print(f"| {b.low:.1f}-{b.high:.1f} | {b.count} | {b.mean_p:.3f} | {b.observed:.3f} |")
    around = (probability >= 0.7) & (probability <= 0.9)
    error = np.sqrt(0.8 * 0.2 / max(1, around.sum()))
    print(
        f"| 0.7-0.9 | {around.sum()} | {probability[around].mean():.3f} | "
        f"{outcome[around].mean():.3f} (binomial SE {error:.3f}) |"
    )
    gap = sum(b.count * abs(b.mean_p - b.observed) for b in bins) / len(p)
    print()
    print(f"mean |P - share met| over the bins, weighted by count: {gap:.3f}")
    naive_p = np.array(naive, dtype=float)
    print(
        f"Brier: outlook {np.mean((probability - outcome) ** 2):.4f}, constant "
        f"{np.mean((outcome.mean() - outcome) ** 2):.4f}, current value meets it "
        f"{np.mean((naive_p - outcome) ** 2):.4f}"
    )
    for said in (1.0, 0.0):
        chosen = naive_p == said
        print(
            f"  current value {'meets' if said else 'misses'}: {chosen.sum()} runs, "
            f"{outcome[chosen].mean():.3f} met at the end"
        )
    print()
    print(
        f"P10..P90 holds the value logged at the end: {np.mean(noisy_in):.3f}; "
        f"the noiseless final value: {np.mean(true_in):.3f}"
    )
    print(
        "family found (true -> chosen): "
        + ", ".join(f"{k[0]} -> {k[1]}: {v}" for k, v in sorted(found.items()))
    )


def timing() -> None:
    """Print the time of one outlook of 300 points with 400 resamples."""
    rng = np.random.default_rng(0)
    v = np.arange(1, 301) / 500
    values = exponential(v, 0.3) + rng.normal(0.0, 0.02, v.size)
    walls, cpus = [], []
    for _ in range(5):
        wall, cpu = time.perf_counter(), time.process_time()
        curve_outlook(
            v * 50_000, values, final_step=50_000, threshold=0.8, op=">=", rng=rng, resamples=400
        )
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    print()
    print(f"one outlook, 300 points, 400 resamples: {min(walls):.3f} s wall, {min(cpus):.3f} s CPU")


def main() -> None:
    """Parse the options and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--curves", type=int, default=2000)
    parser.add_argument("--resamples", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2026)
    options = parser.parse_args()
    print(machine())
    calibration(options.curves, options.resamples, options.seed)
    timing()


if __name__ == "__main__":
    main()
