"""Resource levelling at scale: a 5,000-task plan with 20 resources, heuristic then CP-SAT LNS.

The plan: `networks.random_network` links (mixed FS/SS/FF/SF with lags and leads, or FS
only with `--fs-only`), durations 1..15 (milestones stay 0), and each task demands 1..3
units of 1..3 of the 20 resources. Each capacity is set so that the resource's work
fills `--tightness` times the critical-path length (at least the largest single demand),
so the resources, not the links, set the length: levelling is forced.

Timed: the heuristic (`heuristic_schedule`, up to 1,000 schedules within
`--heuristic-limit` seconds, 10 by default; target: a feasible levelled schedule in under
10 s), then what `solve(method="auto")` does after it on plans this large
(`neighbourhood_search`: the large-neighbourhood search of `lns.py` re-solving slices of
the plan with one CP-SAT worker and, with 2 workers or more, the genetic search going on
beside it from the same plan, the two sharing their best schedule; from 3 workers the
whole CP-SAT model on the rest for the lower bound; 60 s; target: a shorter schedule).
`--whole` runs the whole model alone instead (`solve_cpsat` with the heuristic's schedule
as hint, its makespan as horizon and its bound), the previous second stage. Both
schedules are checked here (every link and every resource in every unit). Peak memory is
the process's maximum resident set (`resource.getrusage`).

Run: `.venv/bin/python benchmarks/rcpsp_scale.py [--tasks 5000 --resources 20 --limit 60]`.
"""

from __future__ import annotations

import argparse
import platform
import resource
import sys
import time
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

sys.path.insert(0, str(Path(__file__).resolve().parent))

from networks import random_network
from steerco.schedule.network import network_from_arrays
from steerco.schedule.options import SolveOptions
from steerco.schedule.rcpsp import RcpspProblem, heuristic_schedule, rcpsp_problem
from steerco.schedule.rcpsp.cpsat import solve_cpsat
from steerco.schedule.rcpsp.solve import neighbourhood_search


def peak_mib() -> float:
    """Maximum resident set of this process so far, in MiB (ru_maxrss is KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build(tasks: int, resources: int, *, seed: int, mixed: bool, tightness: float) -> RcpspProblem:
    """The random plan as an RcpspProblem, with capacities that force levelling."""
    rng = np.random.default_rng(seed + 1)
    net = random_network(tasks, seed=seed, mixed=mixed)
    duration = np.where(net.duration > 0, rng.integers(1, 16, tasks), 0).astype(np.float64)
    demand = np.zeros((tasks, resources))
    for i in np.flatnonzero(duration > 0).tolist():
        uses = rng.choice(resources, size=int(rng.integers(1, 4)), replace=False)
        demand[i, uses] = rng.integers(1, 4, uses.size)
    ids = [f"t{i}" for i in range(tasks)]
    loose = network_from_arrays(ids, duration, net.src, net.dst, net.dep_type, net.lag)
    cpm = max(_cpm(rcpsp_problem(loose)), 1)
    energy = (duration[:, None] * demand).sum(axis=0)
    capacity = np.maximum(np.ceil(energy / (tightness * cpm)), demand.max(axis=0))
    network = network_from_arrays(
        ids,
        duration,
        net.src,
        net.dst,
        net.dep_type,
        net.lag,
        resource_ids=[f"R{k + 1}" for k in range(resources)],
        capacity=capacity,
        demand=demand,
    )
    return rcpsp_problem(network)


def _cpm(problem: RcpspProblem) -> int:
    """Critical-path length with starts >= 0: ES_j = max(0, max_i ES_i + c_ij)."""
    net = problem.network
    offset = problem.link_offset()
    es = np.zeros(problem.size, dtype=np.int64)
    order = net.plan.order.tolist()
    by_src: list[list[int]] = [[] for _ in range(problem.size)]
    for e, i in enumerate(net.src.tolist()):
        by_src[i].append(e)
    dst = net.dst.tolist()
    off = offset.tolist()
    for i in order:
        for e in by_src[i]:
            j = dst[e]
            es[j] = max(es[j], es[i] + off[e])
    return int((es + problem.duration).max(initial=0))


def violations(problem: RcpspProblem, start: NDArray[np.int64]) -> int:
    """Broken links and overloaded (resource, unit) cells, counted with array arithmetic.

    Links from the Network's types and lags directly: FS S_j >= S_i + d_i + lag,
    SS S_j >= S_i + lag, FF F_j >= F_i + lag, SF F_j >= S_i + lag.
    """
    net = problem.network
    d = problem.duration
    i, j = net.src, net.dst
    lag = np.rint(net.lag).astype(np.int64)
    finish = start + d
    before = np.select(
        [net.dep_type == 0, net.dep_type == 1, net.dep_type == 2],
        [finish[i] + lag, start[i] + lag, finish[i] + lag],
        start[i] + lag,
    )
    after = np.where((net.dep_type == 2) | (net.dep_type == 3), finish[j], start[j])
    broken = int((after < before).sum()) + int((start < 0).sum())
    horizon = int(finish.max(initial=0)) + 1
    for k in range(problem.resources):
        use = np.zeros(horizon + 1, dtype=np.int64)
        np.add.at(use, start, problem.demand[:, k])
        np.add.at(use, finish, -problem.demand[:, k])
        broken += int((np.cumsum(use)[:horizon] > problem.capacity[k]).sum())
    return broken


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=5000)
    parser.add_argument("--resources", type=int, default=20)
    parser.add_argument("--limit", type=float, default=60.0, help="CP-SAT seconds")
    parser.add_argument("--schedules", type=int, default=1000)
    parser.add_argument(
        "--heuristic-limit", type=float, default=10.0, help="seconds for the heuristic (target: 10)"
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--tightness", type=float, default=1.5)
    parser.add_argument("--fs-only", action="store_true", help="FS links without lags")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--whole", action="store_true", help="the whole CP-SAT model alone")
    args = parser.parse_args()

    began = time.perf_counter()
    problem = build(
        args.tasks,
        args.resources,
        seed=args.seed,
        mixed=not args.fs_only,
        tightness=args.tightness,
    )
    built = time.perf_counter() - began
    cpm = _cpm(problem)
    print(
        f"{problem.size} tasks, {problem.network.src.size} links, {problem.resources} resources;"
        f" critical path {cpm}; built in {built:.2f} s; {peak_mib():.0f} MiB",
        file=sys.stderr,
    )
    heuristic = heuristic_schedule(
        problem,
        schedules=args.schedules,
        rng=np.random.default_rng(args.seed),
        deadline_seconds=args.heuristic_limit,
    )
    heuristic_mib = peak_mib()
    assert heuristic.start is not None and heuristic.makespan is not None
    first = heuristic.history[0][0] if heuristic.history else heuristic.solve_seconds
    print(
        f"heuristic: {heuristic.makespan} (bound {heuristic.bound}) in"
        f" {heuristic.solve_seconds:.2f} s; {heuristic.message}",
        file=sys.stderr,
    )
    if args.whole:
        exact = solve_cpsat(
            problem,
            options=SolveOptions(time_limit=args.limit, workers=args.workers, seed=args.seed),
            hint=heuristic.start,
            upper_bound=heuristic.makespan,
            lower_bound=heuristic.bound,
        )
        stage = f"CP-SAT whole model from it ({args.limit:g} s, {args.workers} workers)"
    else:
        exact = neighbourhood_search(
            problem,
            heuristic,
            options=SolveOptions(time_limit=args.limit, workers=args.workers, seed=args.seed),
        )
        beside = {1: "alone", 2: "GA beside it"}.get(
            args.workers, f"GA and whole model on {args.workers - 2} beside it"
        )
        stage = (
            f"LNS from it ({args.limit:g} s; 1 worker, {beside}); {exact.method}, {exact.message}"
        )

    exact_mib = peak_mib()
    rows = [
        (
            f"heuristic (up to {args.schedules} schedules, {args.heuristic_limit:g} s)",
            heuristic.status,
            heuristic.makespan,
            heuristic.bound,
            heuristic.gap,
            heuristic.solve_seconds,
            violations(problem, heuristic.start),
            heuristic_mib,
        )
    ]
    if exact.start is not None:
        rows.append(
            (
                stage,
                exact.status,
                exact.makespan,
                exact.bound,
                exact.gap,
                exact.solve_seconds,
                violations(problem, exact.start),
                exact_mib,
            )
        )
    else:
        rows.append(
            (
                stage,
                exact.status,
                None,
                exact.bound,
                None,
                exact.solve_seconds,
                0,
                exact_mib,
            )
        )
    print(
        f"**{problem.size:,} tasks, {problem.network.src.size:,} links"
        f" ({'FS only' if args.fs_only else 'mixed FS/SS/FF/SF with lags'}),"
        f" {problem.resources} resources; critical path {cpm}; Python"
        f" {platform.python_version()}.** First heuristic schedule after {first:.2f} s.\n"
    )
    print("| method | status | makespan | bound | gap | seconds | violations | peak RSS MiB |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for name, status, span, bound, gap, secs, bad, mib in rows:
        gap_text = "" if gap is None else f"{100 * gap:.1f}%"
        print(
            f"| {name} | {status} | {'' if span is None else span} | {bound} | {gap_text}"
            f" | {secs:.2f} | {bad} | {mib:,.0f} |"
        )
    if exact.makespan is not None:
        better = heuristic.makespan - exact.makespan
        print(
            f"\nThe second stage shortened the heuristic's schedule by {better} units"
            f" ({100 * better / heuristic.makespan:.1f}%)."
        )


if __name__ == "__main__":
    main()
