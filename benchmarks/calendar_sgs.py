"""The calendar SGS compiled with Numba against its Python pass, on plans with task calendars.

Three tables. First, per plan size, one batch of LFT-biased activity lists scheduled by
`calendar_sgs_batch` in Python (the reference) and through the compiled loop
(`calendar_compiled`), on generated plans whose tasks work a five-day or a three-day
week, with links whose lags count on a calendar or in plain units, and leave on every
resource; both must give the same starts and failures. The compiled loop is loaded
before the clock starts; packing a plan's tables (`pack`, once per search) is timed on
its own. Second, end to end: `steerco schedule` on every bundled example with task
calendars and `steerco team examples/team.yaml`, each in a fresh process with the
compiled loop kept out (the reference: every pass in Python, as before) and as shipped,
the plan store off (every run solves); the JSON must be the same but for the solver's
clock. Third, `solve(method="auto")` on generated calendar plans, 2 workers, with the
genetic search beside the whole model kept out (`GENETIC_AFTER` infinite, as before the
compiled pass) and as shipped; every schedule is checked.

    python benchmarks/calendar_sgs.py [--sizes 30 120 500 1000] [--batch 80] [--runs 3]
        [--plans 60 120 250 500] [--seeds 2] [--limit 10] [--skip-kernel]
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from rcpsp_scale import build
from steerco.schedule.network import network_from_arrays
from steerco.schedule.options import SolveOptions
from steerco.schedule.rcpsp import (
    RcpspProblem,
    Unavailability,
    heuristic_schedule,
    rcpsp_problem,
    schedule_violations,
)
from steerco.schedule.rcpsp.calendar_compiled import calendar_rows, pack
from steerco.schedule.rcpsp.calendar_sgs import calendar_sgs_batch, calendar_tables
from steerco.schedule.rcpsp.kernel import kernel_data
from steerco.schedule.rcpsp.priority import cpm_times, order_by
from steerco.schedule.rcpsp.solve import solve
from steerco.schedule.worktime import task_calendars
from steerco.types import IntArray

ROOT = Path(__file__).resolve().parent.parent

PYTHON_ONLY = (
    "import sys; from importlib import import_module as im; "
    "im('steerco.schedule.rcpsp.compiled').COMPILE_AFTER = float('inf'); "
    "im('steerco.schedule.rcpsp.calendar_compiled').loaded = lambda: False; "
    "from steerco.cli.main import app; sys.argv[0] = 'steerco'; app()"
)
SHIPPED = "import sys; from steerco.cli.main import app; sys.argv[0] = 'steerco'; app()"


def calendar_plan(tasks: int, resources: int, seed: int) -> RcpspProblem:
    """`rcpsp_scale.build`'s plan with task calendars, calendar lags and leave."""
    plain = build(tasks, resources, seed=seed, mixed=True, tightness=1.5)
    net = plain.network
    rng = np.random.default_rng(seed + 7)
    weeks = max(4, plain.horizon // 3)
    works = np.array(
        [[True] * 5 + [False] * 2, [True, False, True, False, True, False, False]], dtype=bool
    )
    calendars = task_calendars(
        np.where(rng.random(tasks) < 0.8, 0, 1).astype(np.int64),
        np.tile(works, (1, weeks)),
        ("five-day", "three-day"),
        lag_calendar=np.where(rng.random(net.src.size) < 0.5, 0, -1).astype(np.int64),
    )
    network = network_from_arrays(
        list(net.ids),
        net.duration,
        net.src,
        net.dst,
        net.dep_type,
        net.lag,
        resource_ids=list(net.resource_ids),
        capacity=net.capacity,
        demand=net.demand,
        calendars=calendars,
    )
    span = max(plain.horizon // 4, 10)
    leave = tuple(
        Unavailability(resource=k, start=begin, end=begin + 5, units=int(plain.capacity[k]))
        for k in range(resources)
        for begin in rng.integers(0, span, 2).tolist()
    )
    return rcpsp_problem(network, unavailable=leave)


def _lists(problem: RcpspProblem, batch: int, seed: int) -> IntArray:
    """LFT-biased random activity lists, as the GA samples them."""
    data = kernel_data(problem)
    _, _, lf, _ = cpm_times(problem)
    rng = np.random.default_rng(seed)
    spread = float(max(lf.max() - lf.min(), 1.0))
    key = np.rint((lf[None, :] + rng.random((batch, data.n)) * spread * 0.3) * 16)
    return order_by(data, key.astype(np.int64), backward=False)


def kernel_table(sizes: list[int], batch: int, runs: int) -> None:
    """Milliseconds per list, Python against compiled, at every size."""
    began = time.perf_counter()
    tiny = calendar_plan(20, 3, seed=0)
    tiny_kernel = pack(tiny, calendar_tables(tiny))
    assert tiny_kernel is not None
    calendar_rows(tiny_kernel, _lists(tiny, 1, 0))
    load = time.perf_counter() - began
    print(
        f"Python {platform.python_version()}, NumPy {np.__version__}; batches of {batch}"
        f" lists, best of {runs}; the compiled loop loaded in {load:.2f} s.\n"
    )
    print(
        "| plan | resources | links | fits | pack ms | Python ms/list | compiled ms/list | × |"
        " same starts |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|:---:|")
    for n in sizes:
        resources = 10 if n <= 1000 else 20
        problem = calendar_plan(n, resources, seed=0)
        tables = calendar_tables(problem)
        lists = _lists(problem, batch, seed=n)
        clock = time.perf_counter()
        kernel = pack(problem, tables)
        packed = 1000 * (time.perf_counter() - clock)
        assert kernel is not None
        found: list[tuple[IntArray, Any]] = []
        seconds: list[float] = []
        for compiled in (None, kernel):
            best = float("inf")
            for _ in range(runs if compiled is not None or n <= 500 else 1):
                clock = time.perf_counter()
                result = calendar_sgs_batch(problem, lists, tables, compiled)
                best = min(best, time.perf_counter() - clock)
            seconds.append(1000 * best / batch)
            found.append(result)
        (plain, plain_ok), (fast, fast_ok) = found
        same = np.array_equal(plain, fast) and np.array_equal(plain_ok, fast_ok)
        print(
            f"| {n:,} tasks | {resources} | {problem.network.src.size:,} |"
            f" {int(plain_ok.sum())}/{batch} | {packed:.1f} | {seconds[0]:.2f} |"
            f" {seconds[1]:.4f} | {seconds[0] / seconds[1]:.0f} | {'yes' if same else 'NO'} |"
        )


def _calendar_examples() -> list[Path]:
    """The bundled examples whose plans have task calendars."""
    from steerco.formats.loader import load_project
    from steerco.schedule.network import compile_project

    found = []
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        if compile_project(load_project(path)).calendars is not None:
            found.append(path)
    return found


def _run(code: str, args: list[str], out: Path) -> float:
    """Seconds a fresh process takes for one steerco command (bytecode and Numba cached)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "STEERCO_CACHE_DIR": "off"}
    clock = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", code, *args, "-f", "json", "-o", str(out)],
        check=True,
        env=env,
        cwd=ROOT,
        capture_output=True,
    )
    return time.perf_counter() - clock


def without_clock(value: Any) -> Any:
    """The JSON without the solver's timings, which differ from run to run."""
    if isinstance(value, dict):
        return {k: without_clock(v) for k, v in value.items() if "seconds" not in k}
    if isinstance(value, list):
        return [without_clock(v) for v in value]
    return value


def end_to_end_table(runs: int) -> None:
    """Wall seconds of whole commands, every pass in Python against as shipped."""
    commands = [["schedule", str(p.relative_to(ROOT))] for p in _calendar_examples()]
    commands.append(["team", "examples/team.yaml"])
    _run(SHIPPED, commands[-1], Path(tempfile.gettempdir()) / "warm.json")  # Numba's cache
    print("\n| command | Python passes s | as shipped s | × | same JSON |")
    print("|---|---:|---:|---:|:---:|")
    with tempfile.TemporaryDirectory() as folder:
        for args in commands:
            outs = [Path(folder) / "python.json", Path(folder) / "shipped.json"]
            times = [
                min(_run(code, args, out) for _ in range(runs))
                for code, out in zip((PYTHON_ONLY, SHIPPED), outs, strict=True)
            ]
            same = without_clock(json.loads(outs[0].read_text())) == without_clock(
                json.loads(outs[1].read_text())
            )
            print(
                f"| `steerco {' '.join(args)}` | {times[0]:.2f} | {times[1]:.2f} |"
                f" {times[0] / times[1]:.1f} | {'yes' if same else 'NO'} |"
            )


def portfolio_table(sizes: list[int], seeds: int, limit: float) -> None:
    """`solve(method="auto")` on calendar plans, the GA beside the whole model kept out and on."""
    solve_module = importlib.import_module("steerco.schedule.rcpsp.solve")
    after = solve_module.GENETIC_AFTER
    print(f"\n`auto`, {limit:g} s, 2 workers; makespan (bound) without and with the GA beside:\n")
    print("| plan | seed | heuristic | without the GA | with the GA | bound | gain | checked |")
    print("|---|---:|---:|---:|---:|---:|---:|:---:|")
    for n in sizes:
        for seed in range(seeds):
            problem = calendar_plan(n, 10 if n <= 1000 else 20, seed=seed)
            found = []
            for beside in (False, True):
                solve_module.GENETIC_AFTER = after if beside else float("inf")
                try:
                    result = solve(problem, options=SolveOptions(time_limit=limit, workers=2))
                finally:
                    solve_module.GENETIC_AFTER = after
                assert result.start is not None and result.makespan is not None
                found.append(result)
            first = heuristic_schedule(
                problem, schedules=SolveOptions().schedules, rng=np.random.default_rng(0)
            )
            ok = all(
                schedule_violations(problem, r.start) == [] for r in found if r.start is not None
            )
            off, on = (r.makespan or 0 for r in found)
            print(
                f"| {n:,} tasks | {seed} | {first.makespan} | {off} | {on} | {found[1].bound} |"
                f" {100 * (off - on) / off:.1f}% | {'yes' if ok else 'NO'} |"
            )


def main() -> None:
    """The three tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[30, 120, 500, 1000])
    parser.add_argument("--batch", type=int, default=80)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-kernel", action="store_true", help="leave out the kernel table")
    parser.add_argument("--plans", type=int, nargs="+", default=[60, 120, 250, 500])
    parser.add_argument("--seeds", type=int, default=2, help="seeds of each planned size")
    parser.add_argument("--limit", type=float, default=10.0, help="seconds of each plan")
    args = parser.parse_args()
    if not args.skip_kernel:
        kernel_table(args.sizes, args.batch, args.runs)
        end_to_end_table(args.runs)
    portfolio_table(args.plans, args.seeds, args.limit)


if __name__ == "__main__":
    main()
