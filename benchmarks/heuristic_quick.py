"""The schedule-generation heuristic alone on PSPLIB, for tuning: quality and speed.

For the first N instances of a set (or every k-th with `--stride`), runs
`heuristic_schedule` at each schedule budget and prints one table row per budget: mean
deviation from the critical-path bound (MPM-Time in the instance file; the usual PSPLIB
metric for j60), mean deviation from the reference makespan (j30: proven optimum from
`j30opt.sm`; j60: best known from `j60hrs.sm`), how often the reference is matched, the
mean time per instance and the schedules generated per second. Every schedule is checked
with `schedule_violations`.

Published references at 5,000 schedules on j60 (deviation from the critical-path bound):
an estimation-of-distribution algorithm 11.43% (Wang & Fang); the best GAs about 11.1%.
Over all 480 instances the best-known makespans themselves are 10.37% above the bound.

Run: `.venv/bin/python benchmarks/heuristic_quick.py [--set j60] [--count 48] [--stride 10]
[--schedules 1000 5000] [--seed 1]`.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

from steerco.formats.psplib import load_psplib, psplib_network
from steerco.schedule.rcpsp import heuristic_schedule, rcpsp_problem, schedule_violations

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "psplib"


def reference(set_name: str) -> dict[tuple[int, int], int]:
    """Reference makespan per (parameter, instance): optimum (j30) or best known (j60)."""
    file = DATA / ("j30opt.sm" if set_name == "j30" else f"{set_name}hrs.sm")
    table: dict[tuple[int, int], int] = {}
    for line in file.read_text().splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[0].isdigit() and parts[1].isdigit():
            table[int(parts[0]), int(parts[1])] = int(parts[2])
    return table


def key(path: Path, set_name: str) -> tuple[int, int]:
    """(parameter, instance) from a file name such as j6014_3.sm."""
    parameter, instance = path.stem[len(set_name) :].split("_")
    return int(parameter), int(instance)


def critical_path_bound(path: Path) -> int:
    """MPM-Time, the last number of the PROJECT INFORMATION row."""
    lines = path.read_text().splitlines()
    for i, line in enumerate(lines):
        if line.strip().lower().startswith("pronr."):
            return int(lines[i + 1].split()[-1])
    raise ValueError(f"{path}: no PROJECT INFORMATION row")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default="j60", choices=["j30", "j60"])
    parser.add_argument("--count", type=int, default=48, help="instances to run")
    parser.add_argument("--stride", type=int, default=10, help="take every k-th instance")
    parser.add_argument("--schedules", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    refs = reference(args.set)
    files = sorted((DATA / args.set).glob("*.sm"), key=lambda p: key(p, args.set))
    files = files[:: args.stride][: args.count]
    problems = []
    for path in files:
        problem = rcpsp_problem(psplib_network(load_psplib(path)))
        problems.append((path, problem, critical_path_bound(path), refs[key(path, args.set)]))
    ref_dev = np.mean([(ref - cpm) / cpm for _, _, cpm, ref in problems]) * 100
    print(
        f"{args.set}: {len(problems)} instances (every {args.stride}th), seed {args.seed};"
        f" the references are {ref_dev:.2f}% above the critical-path bound"
    )
    print(
        f"{'schedules':>9} | {'vs CPM bound':>12} | {'vs reference':>12} | {'= reference':>11}"
        f" | {'s / instance':>12} | {'schedules/s':>11}"
    )
    print("-" * 84)
    for budget in args.schedules:
        over_cpm, over_ref, hits, seconds, generated = [], [], 0, 0.0, 0
        for path, problem, cpm, ref in problems:
            began = time.perf_counter()
            result = heuristic_schedule(
                problem, schedules=budget, rng=np.random.default_rng(args.seed)
            )
            seconds += time.perf_counter() - began
            assert result.start is not None and result.makespan is not None
            broken = schedule_violations(problem, result.start)
            if broken:
                sys.exit(f"{path.name}: infeasible schedule: {broken[0]}")
            generated += int(result.message.split()[0])
            over_cpm.append((result.makespan - cpm) / cpm)
            over_ref.append((result.makespan - ref) / ref)
            hits += result.makespan == ref
        print(
            f"{budget:>9} | {np.mean(over_cpm) * 100:>11.2f}% | {np.mean(over_ref) * 100:>11.2f}%"
            f" | {hits / len(problems) * 100:>10.0f}% | {seconds / len(problems):>12.3f}"
            f" | {generated / seconds:>11.0f}"
        )


if __name__ == "__main__":
    main()
