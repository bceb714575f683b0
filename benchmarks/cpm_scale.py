"""Critical path at scale: compile and CPM on random networks of 10k, 100k and 1M tasks.

For each size the script times compiling the arrays into a Network and the critical path
separately (best of several runs), then times the plain-Python reference (dicts and
graphlib, `steerco.schedule.reference`) on the same network and checks that both agree
on every early and late date. It then runs `steerco schedule FILE.sm --method cpm --format
json` end to end on generated PSPLIB files of 100k and 1M jobs, with resource demands (the
early-start plan over-allocates every resource: notes on standard error and in the JSON)
and the same file without any demand (no notes), from a parent process: best wall time, the
child's CPU time and peak RSS, and, at 100k, a plain-Python parse of the same file followed
by the reference critical path (`reference_cpm`), timed in this process.

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

from machine_info import cpu_model
from networks import random_network, write_sm
from steerco.schedule.cpm import critical_path
from steerco.schedule.network import network_from_arrays
from steerco.schedule.reference import reference_cpm, reference_from_network

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
    cpu = cpu_model()
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


def without_demand(path: Path) -> None:
    """Rewrite a `.sm` file in place so that no job demands any resource (same network)."""
    lines = path.read_text(encoding="ascii").splitlines()
    start = lines.index("REQUESTS/DURATIONS:") + 3
    stop = next(i for i in range(start, len(lines)) if lines[i].startswith("*"))
    for i in range(start, stop):
        cells = lines[i].split()
        lines[i] = f"{cells[0]:>6}      1  {cells[2]:>4}   " + " ".join("   0" for _ in cells[3:])
    path.write_text("\n".join(lines) + "\n", encoding="ascii")


def plain_parse_and_cpm(path: Path) -> float:
    """Plain Python: read the `.sm` file's successors and durations, then the reference CPM."""
    lines = path.read_text(encoding="ascii").splitlines()
    first = lines.index("PRECEDENCE RELATIONS:") + 2
    links: list[tuple[str, str, str, float]] = []
    row = first
    while not lines[row].startswith("*"):
        cells = lines[row].split()
        links += [(cells[0], succ, "FS", 0.0) for succ in cells[3:]]
        row += 1
    duration: dict[str, float] = {}
    row = lines.index("REQUESTS/DURATIONS:") + 3
    while not lines[row].startswith("*"):
        cells = lines[row].split()
        duration[cells[0]] = float(cells[2])
        row += 1
    return reference_cpm(duration, duration, links).makespan


PROBE = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
    "wall = time.perf_counter() - t\n"
    "use = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "notes = done.stderr.count(b'note:')\n"
    "print(wall, use.ru_maxrss, use.ru_utime + use.ru_stime, notes, done.returncode)"
)


def end_to_end(path: Path, runs: int) -> dict[str, float]:
    """Best wall time, its CPU time, peak RSS (MiB) and note lines of the command on `path`."""
    best: dict[str, float] = {"wall": float("inf"), "cpu": 0.0, "peak": 0.0, "notes": 0.0}
    command = [str(STEERCO), "schedule", str(path), "--method", "cpm", "--format", "json"]
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", PROBE, *command], capture_output=True, text=True, check=True
        ).stdout.split()
        wall, peak, cpu, notes, code = float(out[0]), float(out[1]), float(out[2]), out[3], out[4]
        assert code == "0", f"steerco exited with {code}"
        if wall < best["wall"]:
            best.update(wall=wall, cpu=cpu, notes=float(notes))
        best["peak"] = max(best["peak"], peak / 1024)
    return best


def end_to_end_rows(jobs: int, runs: int) -> list[dict[str, object]]:
    """The command on a generated file with resource demands and on the same without."""
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"random_{jobs}.sm"
        write_sm(path, jobs, seed=jobs)
        for demands in (True, False):
            if not demands:
                without_demand(path)
            reference = (
                best_of(runs, lambda: plain_parse_and_cpm(path))[0] if jobs <= 100_000 else None
            )
            rows.append(
                {"jobs": jobs, "demands": demands, "reference": reference, **end_to_end(path, runs)}
            )
    return rows


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
        "\n| `steerco schedule FILE.sm --method cpm --format json` | resource demands "
        "| note lines | wall s (best) | CPU s | peak RSS MiB | plain parse+CPM s | × plain |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for jobs in args.e2e:
        for r in end_to_end_rows(jobs, runs=3 if jobs <= 100_000 else 1):
            reference = r["reference"]
            plain = "" if reference is None else f"{reference:.2f}"
            ratio = "" if reference is None else f"{r['wall'] / reference:.2f}"
            print(
                f"| {r['jobs']:,} jobs | {'yes, over-allocated' if r['demands'] else 'none'} "
                f"| {r['notes']:.0f} | {r['wall']:.2f} | {r['cpu']:.2f} | {r['peak']:,.0f} "
                f"| {plain} | {ratio} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
