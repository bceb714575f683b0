"""Monte Carlo forecast: sampling, forward pass and end to end on random networks.

Networks of 1,000 and 10,000 tasks from `benchmarks/networks.py` (all four link types, 30%
of links with a lag or lead), every task triangular. The script times, in one process:

1. sampling a block (`sample_uniforms` + the triangular `inverse_cdf`) against NumPy's raw
   `rng.random` of the same count, the practical floor;
2. the engine's `forward_pass` against a plain per-iteration reference (a loop over
   iterations, each a dict-based forward pass in topological order, no NumPy) on the same
   sampled durations, checking that both give identical makespans;
3. the loop structure: by level (one gather and segmented maximum per level) against by
   task and by link (the engine) over contiguous rows of the same (positions x
   iterations) block, checking identical early starts;
4. `simulate` end to end without and with criticality, and `summarise` (sensitivity);
5. peak memory of 100,000 iterations x 10,000 tasks, in a child process.

Run: `.venv/bin/python benchmarks/montecarlo.py [--quick]`.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import numpy as np
from numpy.typing import NDArray

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cpm_scale import machine
from networks import random_network
from steerco.forecast.distributions import (
    Distributions,
    estimate_distributions,
    inverse_cdf,
    sample_uniforms,
)
from steerco.forecast.engine import (
    ForecastInput,
    RiskEvents,
    backward_pass,
    block_size,
    forward_pass,
    simulate,
)
from steerco.forecast.result import summarise
from steerco.schedule.network import LevelPlan, Network, network_from_arrays

FloatArray = NDArray[np.float64]
T = TypeVar("T")
Pred = tuple[str, float, float, float]


def best_of(runs: int, action: Callable[[], T]) -> tuple[float, T]:
    """Smallest wall time of `runs` calls, and the last result."""
    best = float("inf")
    result: T | None = None
    for _ in range(runs):
        start = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - start)
    assert result is not None
    return best, result


def build(n: int) -> tuple[Network, Distributions]:
    """A random network of `n` tasks with mixed links, and triangular estimates per task."""
    data = random_network(n, seed=n)
    network = network_from_arrays(
        [f"t{i}" for i in range(n)], data.duration, data.src, data.dst, data.dep_type, data.lag
    )
    rng = np.random.default_rng(n + 1)
    likely = data.duration + 1.0
    low = likely * rng.uniform(0.5, 0.95, n)
    high = likely * rng.uniform(1.1, 2.5, n)
    return network, estimate_distributions(["triangular"] * n, low, likely, high)


def no_risks() -> RiskEvents:
    empty = np.zeros(0)
    return RiskEvents([], empty, estimate_distributions([], empty, empty, empty), empty, [])


def sample_block(dist: Distributions, rng: np.random.Generator, size: int) -> FloatArray:
    """Durations (items x size) the way the engine draws them without LHS or copula."""
    return inverse_cdf(dist, sample_uniforms(rng, dist.size, size, lhs=False), rng)


# --- 1. sampling against the raw generator -------------------------------------------------


def sampling_row(n: int, dist: Distributions, iterations: int) -> dict[str, float]:
    block = block_size(n)
    blocks = [min(block, iterations - done) for done in range(0, iterations, block)]

    def raw() -> float:
        rng = np.random.default_rng(1)
        return sum(float(rng.random((n, size))[0, 0]) for size in blocks)

    def engine() -> float:
        rng = np.random.default_rng(1)
        return sum(float(sample_block(dist, rng, size)[0, 0]) for size in blocks)

    t_raw, _ = best_of(3, raw)
    t_engine, _ = best_of(3, engine)
    samples = float(n) * iterations
    return {"raw": t_raw, "engine": t_engine, "samples": samples}


# --- 2. forward pass against the plain per-iteration reference ----------------------------


def reference_inputs(network: Network) -> tuple[list[str], dict[str, list[Pred]]]:
    """Task ids in topological order and each task's in-links (pred, a, lag, b), as dicts."""
    order = [network.ids[i] for i in network.plan.order.tolist()]
    preds: dict[str, list[Pred]] = {tid: [] for tid in network.ids}
    a_flag = ((network.dep_type == 0) | (network.dep_type == 2)).tolist()
    b_flag = ((network.dep_type == 2) | (network.dep_type == 3)).tolist()
    for s, t, lag, a, b in zip(
        network.src.tolist(), network.dst.tolist(), network.lag.tolist(), a_flag, b_flag,
        strict=True,
    ):  # fmt: skip
        preds[network.ids[t]].append((network.ids[s], float(a), lag, float(b)))
    return order, preds


def reference_makespans(
    order: list[str], preds: dict[str, list[Pred]], durations: list[dict[str, float]]
) -> list[float]:
    """One plain forward pass per iteration: ES_j = max(0, ((ES_i + a d_i) + lag) - b d_j)."""
    spans = []
    for d in durations:
        es: dict[str, float] = {}
        span = 0.0
        for j in order:
            dj = d[j]
            start = 0.0
            for i, a, lag, b in preds[j]:
                bound = es[i] + d[i] * a + lag - dj * b
                if bound > start:
                    start = bound
            es[j] = start
            if start + dj > span:
                span = start + dj
        spans.append(span)
    return spans


def engine_makespans(plan: LevelPlan, d_pos: FloatArray, floor: FloatArray) -> FloatArray:
    span = np.empty(d_pos.shape[1])
    forward_pass(plan, d_pos, floor, finish=span)
    return span


def forward_row(n: int, network: Network, dist: Distributions, subset: int) -> dict[str, object]:
    plan = network.plan
    rng = np.random.default_rng(7)
    block = block_size(network.size)
    d = sample_block(dist, rng, block)  # network order
    d_pos = np.ascontiguousarray(d[plan.order])
    floor = network.earliest_start[plan.order]
    t_engine, spans = best_of(3, lambda: engine_makespans(plan, d_pos, floor))
    order, preds = reference_inputs(network)
    columns = d[:, :subset].T.tolist()
    per_iteration = [dict(zip(network.ids, col, strict=True)) for col in columns]
    t_ref, ref = best_of(3, lambda: reference_makespans(order, preds, per_iteration))
    engine_ms = 1e3 * t_engine / block
    ref_ms = 1e3 * t_ref / subset
    return {
        "links": int(network.src.size),
        "levels": plan.depth,
        "engine_ms": engine_ms,
        "ref_ms": ref_ms,
        "ratio": ref_ms / engine_ms,
        "same": bool(np.array_equal(np.array(ref), spans[:subset])),
        "subset": subset,
    }


# --- 3. loop structure: by level, by task, by link -----------------------------------------


def forward_by_task(plan: LevelPlan, d: FloatArray, floor: FloatArray) -> FloatArray:
    """Early starts by position, one task at a time: ES_j = max over its in-links' rows."""
    es = np.empty_like(d)
    es[...] = floor[:, None]
    n = d.shape[0]
    ptr = np.searchsorted(plan.in_dst, np.arange(n + 1)).tolist()
    src_all = plan.in_src
    a_all, b_all, lag_all = plan.in_from_finish, plan.in_to_finish, plan.in_lag
    for j in range(n):
        lo, hi = ptr[j], ptr[j + 1]
        if lo == hi:
            continue
        src = src_all[lo:hi]
        bound = _link_bound(es, d, src, np.full(hi - lo, j), a_all[lo:hi], b_all[lo:hi],
                            lag_all[lo:hi])  # fmt: skip
        np.maximum(es[j], bound.max(axis=0), out=es[j])
    return es


def forward_by_level(plan: LevelPlan, d: FloatArray, floor: FloatArray) -> FloatArray:
    """Early starts by position: one gather and segmented maximum per level (the first engine)."""
    es = np.empty_like(d)
    es[...] = floor[:, None]
    edge_ptr, node_ptr = plan.in_ptr.tolist(), plan.node_ptr.tolist()
    for lv in range(1, plan.depth):
        lo, hi = edge_ptr[lv], edge_ptr[lv + 1]
        bound = _link_bound(
            es,
            d,
            plan.in_src[lo:hi],
            plan.in_dst[lo:hi],
            plan.in_from_finish[lo:hi],
            plan.in_to_finish[lo:hi],
            plan.in_lag[lo:hi],
        )
        a, b = node_ptr[lv], node_ptr[lv + 1]
        np.maximum(es[a:b], np.maximum.reduceat(bound, plan.in_seg[lv], axis=0), out=es[a:b])
    return es


def _link_bound(
    es: FloatArray,
    d: FloatArray,
    src: NDArray[np.int64],
    dst: NDArray[np.int64],
    from_finish: FloatArray,
    to_finish: FloatArray,
    lag: FloatArray,
) -> FloatArray:
    """((ES_src + a d_src) + lag) - b d_dst per link and column, in the engine's order."""
    bound = es[src]
    bound += d[src] if from_finish.all() else d[src] * from_finish[:, None]
    if lag.any():
        bound += lag[:, None]
    if to_finish.any():
        bound -= d[dst] * to_finish[:, None]
    return bound


def structure_row(network: Network, dist: Distributions) -> dict[str, float | bool]:
    plan = network.plan
    block = block_size(network.size)
    d_pos = np.ascontiguousarray(sample_block(dist, np.random.default_rng(3), block)[plan.order])
    floor = network.earliest_start[plan.order]
    t_level, by_level = best_of(3, lambda: forward_by_level(plan, d_pos, floor))
    t_task, by_task = best_of(3, lambda: forward_by_task(plan, d_pos, floor))
    t_link, by_link = best_of(3, lambda: forward_pass(plan, d_pos, floor))
    return {
        "level": t_level,
        "task": t_task,
        "link": t_link,
        "same": bool(np.array_equal(by_level, by_task) and np.array_equal(by_level, by_link)),
    }


# --- 4. end to end, and where the time goes ------------------------------------------------


def end_to_end_row(network: Network, dist: Distributions, iterations: int) -> dict[str, float]:
    inputs = ForecastInput(network, dist, no_risks())
    t_plain, _ = best_of(
        2, lambda: simulate(inputs, iterations=iterations, seed=1, criticality=False)
    )
    t_crit, sim = best_of(2, lambda: simulate(inputs, iterations=iterations, seed=1))
    t_sum, _ = best_of(
        2,
        lambda: summarise(inputs, sim, seed=1, deterministic_makespan=0.0, deterministic_cost=None),
    )
    return {
        "plain": t_plain,
        "crit": t_crit,
        "summarise": t_sum,
        "kept": sim.sample_durations.shape[1],
    }


def breakdown(network: Network, dist: Distributions) -> dict[str, float]:
    """Seconds per block of `block_size` iterations for each step of `simulate`."""
    plan = network.plan
    floor = network.earliest_start[plan.order]
    dist_pos = dist.take(plan.order)
    rng = np.random.default_rng(5)
    t_u, u = best_of(3, lambda: sample_uniforms(rng, dist.size, block_size(dist.size), lhs=False))
    t_icdf, d = best_of(3, lambda: inverse_cdf(dist_pos, u, rng))
    finish = np.empty(d.shape[1])
    t_fwd, es = best_of(3, lambda: forward_pass(plan, d, floor, finish=finish))
    t_bwd, lf = best_of(3, lambda: backward_pass(plan, d, finish))

    def critical_count() -> FloatArray:
        slack = lf - es
        slack -= d
        counted: FloatArray = (slack <= 1e-9 * np.maximum(1.0, finish)).sum(axis=1)
        return counted

    t_count, _ = best_of(3, critical_count)
    return {
        "uniforms": t_u,
        "triangular inverse CDF": t_icdf,
        "forward pass (with the finish)": t_fwd,
        "backward pass": t_bwd,
        "critical count": t_count,
    }


# --- 5. memory, in a child process ---------------------------------------------------------


def peak_rss_kib() -> int:
    """This process's peak resident memory in KiB: VmHWM where Linux has it, else ru_maxrss.

    ru_maxrss of a child started from a large parent starts at the parent's size (Linux
    carries the high-water mark across fork and exec); VmHWM belongs to the new image only.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def memory_child(iterations: int, n: int) -> None:
    network, dist = build(n)
    base = peak_rss_kib()
    start = time.perf_counter()
    inputs = ForecastInput(network, dist, no_risks())
    sim = simulate(inputs, iterations=iterations, seed=1)
    summarise(inputs, sim, seed=1, deterministic_makespan=0.0, deterministic_cost=None)
    wall = time.perf_counter() - start
    peak = peak_rss_kib()
    print(json.dumps({"wall": wall, "base_kib": base, "peak_kib": peak}))


def memory_row(iterations: int, n: int) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--memory-child", str(iterations), str(n)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    result: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 tasks, 2,000 iterations")
    parser.add_argument("--memory-child", type=int, nargs=2, metavar=("ITERATIONS", "TASKS"))
    args = parser.parse_args()
    if args.memory_child:
        memory_child(*args.memory_child)
        return
    sizes = [1_000] if args.quick else [1_000, 10_000]
    iterations = 2_000 if args.quick else 10_000
    subset = 100 if args.quick else 200
    memory = (20_000, 1_000) if args.quick else (100_000, 10_000)
    blocks = ", ".join(f"{block_size(n):,} at {n:,} tasks" for n in sizes)
    print(f"Machine: {machine()}\nIterations per block: {blocks}\n")
    networks = {n: build(n) for n in sizes}

    print("Sampling (uniforms + triangular inverse CDF) against raw `rng.random`, same count")
    print(
        "| tasks | iterations | task-samples | raw s | engine s | × raw "
        "| engine task-samples/s | raw task-samples/s |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in sizes:
        r = sampling_row(n, networks[n][1], iterations)
        print(
            f"| {n:,} | {iterations:,} | {r['samples']:,.0f} | {r['raw']:.3f} | {r['engine']:.3f} "
            f"| {r['engine'] / r['raw']:.1f} | {r['samples'] / r['engine'] / 1e6:.0f} M "
            f"| {r['samples'] / r['raw'] / 1e6:.0f} M |",
            flush=True,
        )

    print("\nForward pass + makespan: engine (one block) against the plain reference")
    print(
        "| tasks | links | levels | engine ms/iteration | reference ms/iteration | × "
        "| same makespans |"
    )
    print("|---:|---:|---:|---:|---:|---:|:---:|")
    for n in sizes:
        network, dist = networks[n]
        f = forward_row(n, network, dist, subset)
        print(
            f"| {n:,} | {f['links']:,} | {f['levels']} | {f['engine_ms']:.4f} "
            f"| {f['ref_ms']:.2f} | {f['ratio']:.0f} "
            f"| {'yes' if f['same'] else 'NO'} ({f['subset']} iterations) |",
            flush=True,
        )

    print("\nLoop structure: forward pass over one block of iterations, seconds")
    print("| tasks | levels | by level | by task | by link (engine) | task / level | link / level "
          "| same es |")  # fmt: skip
    print("|---:|---:|---:|---:|---:|---:|---:|:---:|")
    for n in sizes:
        network, dist = networks[n]
        s = structure_row(network, dist)
        print(
            f"| {n:,} | {network.plan.depth} | {s['level']:.3f} | {s['task']:.3f} "
            f"| {s['link']:.3f} | {s['task'] / s['level']:.1f} | {s['link'] / s['level']:.1f} "
            f"| {'yes' if s['same'] else 'NO'} |",
            flush=True,
        )

    print("\nEnd to end, seconds (best of 2)")
    print(
        "| iterations | tasks | simulate, no criticality | simulate, criticality "
        "| summarise (sensitivity) | criticality + sensitivity |"
    )
    print("|---:|---:|---:|---:|---:|---:|")
    for n in sizes:
        network, dist = networks[n]
        e = end_to_end_row(network, dist, iterations)
        print(
            f"| {iterations:,} | {n:,} | {e['plain']:.2f} | {e['crit']:.2f} "
            f"| {e['summarise']:.2f} ({e['kept']:,.0f} kept) | {e['crit'] + e['summarise']:.2f} |",
            flush=True,
        )

    n = sizes[-1]
    parts = breakdown(*networks[n])
    total = sum(parts.values())
    print(f"\nWhere the time goes: one block of {block_size(n):,} iterations x {n:,} tasks")
    print("| step | s per block | share |")
    print("|---|---:|---:|")
    for name, seconds in parts.items():
        print(f"| {name} | {seconds:.3f} | {100 * seconds / total:.0f}% |", flush=True)

    print("\nPeak memory of `simulate` (criticality) + `summarise`, in a child process")
    print("| iterations | tasks | wall s | RSS before simulate MiB | peak RSS MiB |")
    print("|---:|---:|---:|---:|---:|")
    m = memory_row(*memory)
    print(
        f"| {memory[0]:,} | {memory[1]:,} | {m['wall']:.1f} | {m['base_kib'] / 1024:.0f} "
        f"| {m['peak_kib'] / 1024:.0f} |",
        flush=True,
    )


if __name__ == "__main__":
    main()
