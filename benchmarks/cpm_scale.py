"""Critical path at scale: compile and CPM on random networks of 10k, 100k and 1M tasks.

For each size the script times compiling the arrays into a Network and the critical path
separately (best of several runs), then times the plain-Python reference (dicts and
graphlib, `steerco.schedule.reference`) on the same network and checks that both agree
on every early and late date. It then runs `steerco schedule --method cpm --format json`
end to end on generated PSPLIB files of 100k tasks (time) and 1M tasks (peak memory).

Run: `make bench` or `.venv/bin/python benchmarks/cpm_scale.py [--sizes 10000 100000]`.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from networks import random_network, write_sm
from steerco.schedule.cpm import critical_path
from steerco.schedule.network import network_from_arrays
from steerco.schedule.reference import reference_from_network

STEERCO = Path(sys.executable).parent / "steerco"


def best_of(runs: int, action):  # type: ignore[no-untyped-def]
    """Smallest wall time of `runs` calls, and the last result."""
    best = float("inf")
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - start)
    return best, result


def machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, NumPy {np.__version__}"
    )


def scale_row(n: int) -> dict[str, object]:
    net_data = random_network(n, seed=n)
    ids = [f"t{i}" for i in range(n)]
    runs = 2 if n >= 1_000_000 else 3

    def compile_network():  # type: ignore[no-untyped-def]
        return network_from_arrays(
            ids, net_data.duration, net_data.src, net_data.dst, net_data.dep_type, net_data.lag
        )

    t_compile, network = best_of(runs, compile_network)
    t_cpm, result = best_of(runs, lambda: critical_path(network))
    start = time.perf_counter()
    reference = reference_from_network(network)
    t_ref = time.perf_counter() - start
    agree = all(
        np.array_equal(getattr(result, key), np.array(reference.column(key)))  # type: ignore[arg-type]
        for key in ("es", "ef", "ls", "lf")
    )
    return {
        "tasks": n,
        "links": int(network.src.size),
        "levels": network.plan.depth,
        "compile": t_compile,
        "cpm": t_cpm,
        "total": t_compile + t_cpm,
        "reference": t_ref,
        "ratio_cpm": t_ref / t_cpm,
        "ratio_total": t_ref / (t_compile + t_cpm),
        "agree": agree,
    }


def end_to_end(jobs: int, runs: int) -> tuple[float, float]:
    """Best wall time and peak RSS (MiB) of `steerco schedule --format json` on a .sm file."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"random_{jobs}.sm"
        write_sm(path, jobs, seed=jobs)
        probe = (
            "import resource, subprocess, sys, time\n"
            "t = time.perf_counter()\n"
            "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)\n"
            "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
        )
        best, peak = float("inf"), 0.0
        for _ in range(runs):
            out = subprocess.run(
                [
                    sys.executable,
                    "-c",
                    probe,
                    str(STEERCO),
                    "schedule",
                    str(path),
                    "--method",
                    "cpm",
                    "--format",
                    "json",
                ],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()
            best = min(best, float(out[0]))
            peak = max(peak, float(out[1]) / 1024)
        return best, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--e2e", type=int, nargs="*", default=[100_000, 1_000_000])
    args = parser.parse_args()
    print(f"Machine: {machine()}\n")
    print(
        "| tasks | links | levels | compile s | CPM s | compile+CPM s | reference s "
        "| × (CPM) | × (compile+CPM) | same dates |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|")
    for n in args.sizes:
        r = scale_row(n)
        print(
            f"| {r['tasks']:,} | {r['links']:,} | {r['levels']} | {r['compile']:.3f} "
            f"| {r['cpm']:.3f} | {r['total']:.3f} | {r['reference']:.2f} | {r['ratio_cpm']:.0f} "
            f"| {r['ratio_total']:.0f} | {'yes' if r['agree'] else 'NO'} |",
            flush=True,
        )
    print(
        "\n| `steerco schedule --method cpm --format json` on a .sm file | wall s (best) "
        "| peak RSS MiB |"
    )
    print("|---|---:|---:|")
    for jobs in args.e2e:
        wall, peak = end_to_end(jobs, runs=3 if jobs <= 100_000 else 1)
        print(f"| {jobs:,} jobs | {wall:.2f} | {peak:.0f} |", flush=True)


if __name__ == "__main__":
    main()
