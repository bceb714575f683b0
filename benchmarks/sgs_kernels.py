"""The serial SGS compiled with Numba against the batched NumPy kernel, on generated plans.

For each size, one batch of LFT-biased activity lists (the heuristic's kind) is scheduled
by `kernel.sgs_batch` with the NumPy kernel (the reference) and with the compiled loop
(`compiled=True`), forward on the free profile and backward (the first pass of a double
justification) on the reversed profiles. Both must give the same starts and failures; the
table gives milliseconds per list and the ratio. The compiled loop is loaded (and, on a
first run, compiled) before the clock starts: `load s` is that one-time cost in this
process.

    python benchmarks/sgs_kernels.py [--sizes 30 60 120 500 1000 5000] [--batch 80] [--runs 3]
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from rcpsp_scale import build
from steerco.schedule.rcpsp.kernel import (
    KernelData,
    Links,
    free_profile,
    kernel_data,
    makespans,
    reversed_profiles,
    sgs_batch,
)
from steerco.schedule.rcpsp.priority import cpm_times, order_by
from steerco.schedule.rcpsp.problem import RcpspProblem
from steerco.types import IntArray


def _lists(problem: RcpspProblem, data: KernelData, batch: int, seed: int) -> IntArray:
    """LFT-biased random activity lists, as the GA samples them."""
    _, _, lf, _ = cpm_times(problem)
    rng = np.random.default_rng(seed)
    spread = float(max(lf.max() - lf.min(), 1.0))
    key = np.rint((lf[None, :] + rng.random((batch, data.n)) * spread * 0.3) * 16)
    return order_by(data, key.astype(np.int64), backward=False)


def _timed(
    runs: int,
    rows: int,
    data: KernelData,
    lists: IntArray,
    earliest: IntArray,
    links: Links,
    profiles: IntArray,
    cap: int,
) -> tuple[tuple[float, float], bool, IntArray]:
    """(NumPy, compiled) ms per list, best of `runs`; whether both agree; the NumPy starts."""
    seconds: list[float] = []
    found: list[tuple[IntArray, IntArray]] = []
    for compiled in (False, True):
        best = float("inf")
        for _ in range(runs):
            fresh = profiles.copy()
            began = time.perf_counter()
            result = sgs_batch(data, lists, earliest, links, fresh, cap, compiled=compiled)
            best = min(best, time.perf_counter() - began)
        seconds.append(1000 * best / rows)
        found.append(result)
    (plain, plain_ok), (fast, fast_ok) = found
    same = np.array_equal(plain, fast) and np.array_equal(plain_ok, fast_ok)
    return (seconds[0], seconds[1]), same, plain


def main() -> None:
    """Time both kernels at every size and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[30, 60, 120, 500, 1000, 5000])
    parser.add_argument("--batch", type=int, default=80)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    began = time.perf_counter()
    tiny = build(20, 4, seed=0, mixed=False, tightness=1.5)
    tiny_data = kernel_data(tiny)
    sgs_batch(
        tiny_data,
        tiny.network.plan.order[None, :].astype(np.int64),
        tiny_data.release[None, :],
        tiny_data.forward,
        free_profile(tiny, tiny_data, tiny.horizon)[None].copy(),
        tiny.horizon,
        compiled=True,
    )
    load = time.perf_counter() - began
    print(
        f"Python {platform.python_version()}, NumPy {np.__version__}; batches of {args.batch}"
        f" lists, best of {args.runs}; the compiled loop loaded in {load:.2f} s.\n"
    )
    print(
        "| plan | resources | words | pass | NumPy ms/list | compiled ms/list | × | same starts |"
    )
    print("|---|---:|---:|---|---:|---:|---:|:---:|")
    for n in args.sizes:
        resources = 10 if n <= 1000 else 20
        problem = build(n, resources, seed=0, mixed=True, tightness=1.5)
        data = kernel_data(problem)
        lists = _lists(problem, data, args.batch, seed=n)
        cap = problem.horizon
        forward = free_profile(problem, data, cap)
        earliest = np.broadcast_to(data.release, lists.shape)

        profiles = np.broadcast_to(forward, (args.batch, *forward.shape))
        (plain_ms, fast_ms), same, start = _timed(
            args.runs, args.batch, data, lists, earliest, data.forward, profiles, cap
        )
        span = makespans(data, start)
        back_lists = order_by(data, span[:, None] - start - data.duration[None, :], backward=True)
        zero = np.zeros((args.batch, data.n), dtype=np.int64)
        back = reversed_profiles(data, cap, span, forward)
        (back_plain_ms, back_fast_ms), back_same, _ = _timed(
            args.runs, args.batch, data, back_lists, zero, data.backward, back, cap
        )
        for name, a, b, ok in (
            ("forward", plain_ms, fast_ms, same),
            ("backward", back_plain_ms, back_fast_ms, back_same),
        ):
            print(
                f"| {n:,} tasks | {resources} | {data.guard.size} | {name} | {a:.2f} | {b:.4f}"
                f" | {a / b:.0f} | {'yes' if ok else 'NO'} |"
            )


if __name__ == "__main__":
    main()
