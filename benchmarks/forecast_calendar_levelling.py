"""The forecast's levelling step on task calendars against its plain first version.

Each iteration of `steerco forecast` on a plan with resources is levelled; on task
calendars (leave, part-time weeks) by `steerco.forecast.calendar_levelling`. Its first
version (kept as `tests/forecast/calendar_levelling_reference.py`, the reference here)
recomputed every booking's load at each check and tried every leave spell of a resource
against every candidate start in every iteration. Two tables:

- one levelling step (a block of `--iterations` iterations) on `examples/team.yaml` and on
  generated projects with two part-timers, people on leave and a pool: seconds, and peak
  memory traced by `tracemalloc` in a second run (NumPy reports its arrays there), of the
  reference and of the shipped step both ways (all candidates at once in NumPy, and the
  compiled loop of `steerco.forecast.least_fit`, run once before the clock starts), in
  the same process, and whether all three give the same starts;
- `steerco forecast examples/team.yaml` end to end, each in a fresh process (the plan store
  off), with the reference patched in and as shipped: wall seconds and peak resident
  memory, and whether the JSON is the same.

    python benchmarks/forecast_calendar_levelling.py [--sizes 30 100 200] [--iterations 2000]
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
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "forecast"))

from calendar_levelling_reference import reference_calendar_levelling

from calendar_sgs import without_clock
from steerco.forecast.distributions import inverse_cdf, sample_uniforms
from steerco.forecast.engine import forward_pass
from steerco.forecast.levelling import levelling_problem, serial_levelling
from steerco.forecast.run import ForecastOptions, forecast_inputs
from steerco.formats.loader import load_project
from steerco.model import Project
from steerco.schedule.network import compile_project
from steerco.schedule.options import SolveOptions
from steerco.schedule.plan import Schedule
from steerco.schedule.planner import plan_network

ROOT = Path(__file__).resolve().parent.parent
calendar_module = importlib.import_module("steerco.forecast.calendar_levelling")

# The peak resident set of the process's own memory (VmHWM), in kB: ru_maxrss would keep
# the high-water mark of this script, which the child inherits across fork and exec.
REPORT = (
    "import atexit, sys; atexit.register(lambda: print([line.split()[1] for line in "
    "open('/proc/self/status') if line.startswith('VmHWM')][0], file=sys.stderr)); "
)
PLAIN = (
    REPORT + "from importlib import import_module as im; "
    "sys.path.insert(0, 'tests/forecast'); "
    "from calendar_levelling_reference import reference_calendar_levelling as ref; "
    "im('steerco.forecast.calendar_levelling').calendar_levelling = ref; "
    "from steerco.cli.main import app; sys.argv[0] = 'steerco'; app()"
)
SHIPPED = REPORT + "from steerco.cli.main import app; sys.argv[0] = 'steerco'; app()"


def generated(tasks: int, seed: int) -> Project:
    """A project on calendars: two part-timers, three people with leave, a pool of three."""
    rng = np.random.default_rng(seed)
    people = ["part1", "part2", "p1", "p2", "p3", "pool"]
    rows: list[dict[str, Any]] = []
    for k in range(tasks):
        task: dict[str, Any] = {"id": f"t{k}", "estimate": "2..4..9"}
        earlier = rng.choice(k, size=min(k, 2), replace=False).tolist() if k else []
        after = [f"t{j}" + str(rng.choice(["", " SS+1d", " FS+1d"])) for j in earlier]
        if after and rng.random() < 0.8:
            task["after"] = after
        who = rng.choice(people, size=int(rng.integers(1, 3)), replace=False)
        task["demands"] = {str(r): 1.0 for r in who}
        rows.append(task)
    leave = [f"2027-{m:02d}-10..2027-{m:02d}-14" for m in range(2, 12, 2)]
    return Project.model_validate(
        {
            "name": f"generated {tasks}",
            "start": "2027-01-04",
            "calendar": {"country": None},
            "resources": [
                {"id": "part1", "workdays": ["mon", "tue"]},
                {"id": "part2", "workdays": ["mon", "wed", "fri"]},
                {"id": "p1", "leave": leave},
                {"id": "p2", "leave": leave[1:3]},
                {"id": "p3"},
                {"id": "pool", "kind": "role", "capacity": 3},
            ],
            "tasks": rows,
        }
    )


def _step(project: Project, iterations: int) -> tuple[Callable[..., Any], Any, Any, int]:
    """The levelling steps by kind (reference, numpy, compiled), inputs for one block, tasks."""
    net = compile_project(project)
    plan = plan_network(net, project=project, options=SolveOptions(method="heuristic"))
    assert isinstance(plan, Schedule) and net.calendars is not None
    problem, demand, order = levelling_problem(net, project, plan)
    inputs = forecast_inputs(net, project, ForecastOptions())
    d_pos = inverse_cdf(
        inputs.durations.take(net.plan.order),
        sample_uniforms(np.random.default_rng(0), net.size, iterations, lhs=False),
    )
    es_pos = forward_pass(net.plan, d_pos, net.earliest_start[net.plan.order])
    steps: dict[str, Callable[..., Any]] = {
        kind: serial_levelling(problem, demand, order, compiled=compiled)
        for kind, compiled in (("numpy", False), ("compiled", True))
    }
    original = calendar_module.calendar_levelling
    try:
        calendar_module.calendar_levelling = reference_calendar_levelling
        steps["reference"] = serial_levelling(problem, demand, order)
    finally:
        calendar_module.calendar_levelling = original
    return steps.__getitem__, d_pos, es_pos, net.size


def _measured(step: Callable[..., Any], d_pos: Any, es_pos: Any) -> tuple[float, float, Any]:
    """Seconds of one step, then its peak traced MB in a second run, and its starts.

    Tracing costs the compiled loop's calls about a second at 200 tasks (Numba's argument
    checks allocate), so the clock runs without it.
    """
    began = time.perf_counter()
    starts = step(d_pos, es_pos)
    seconds = time.perf_counter() - began
    tracemalloc.start()
    step(d_pos, es_pos)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return seconds, peak, starts


def step_table(sizes: list[int], iterations: int) -> None:
    """One levelling step per plan, reference against shipped."""
    print(f"Python {platform.python_version()}, NumPy {np.__version__}; {iterations} iterations")
    print(
        "\n| plan | tasks | reference s | reference MB | NumPy s | NumPy MB | compiled s |"
        " compiled MB | × NumPy | × compiled | same |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|")
    plans = [("examples/team.yaml", load_project(ROOT / "examples" / "team.yaml"))]
    plans += [(f"generated, seed {n}", generated(n, seed=n)) for n in sizes]
    for name, project in plans:
        pick, d_pos, es_pos, n = _step(project, iterations)
        pick("compiled")(d_pos[:, :1], es_pos[:, :1])  # Numba's code for these types, loaded
        ref_s, ref_mb, ref_starts = _measured(pick("reference"), d_pos, es_pos)
        np_s, np_mb, np_starts = _measured(pick("numpy"), d_pos, es_pos)
        c_s, c_mb, c_starts = _measured(pick("compiled"), d_pos, es_pos)
        same = np.array_equal(ref_starts, np_starts) and np.array_equal(ref_starts, c_starts)
        print(
            f"| {name} | {n} | {ref_s:.2f} | {ref_mb:,.0f} | {np_s:.2f} | {np_mb:,.0f} |"
            f" {c_s:.3f} | {c_mb:,.0f} | {ref_s / np_s:.1f} | {ref_s / c_s:.0f} |"
            f" {'yes' if same else 'NO'} |"
        )


def _forecast(code: str, out: Path) -> tuple[float, float]:
    """Wall seconds and peak resident MB of `steerco forecast examples/team.yaml`."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "STEERCO_CACHE_DIR": "off"}
    began = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            code,
            "forecast",
            "examples/team.yaml",
            "-f",
            "json",
            "-o",
            str(out),
        ],
        check=True,
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - began
    return seconds, int(done.stderr.split()[-1]) / 1024


def end_to_end(runs: int) -> None:
    """`steerco forecast examples/team.yaml`, reference patched in against shipped."""
    print("\n| command | reference s | reference MB | shipped s | shipped MB | × s | same JSON |")
    print("|---|---:|---:|---:|---:|---:|:---:|")
    with tempfile.TemporaryDirectory() as folder:
        outs = [Path(folder) / "reference.json", Path(folder) / "shipped.json"]
        found = [
            min(_forecast(code, out) for _ in range(runs))
            for code, out in zip((PLAIN, SHIPPED), outs, strict=True)
        ]
        same = without_clock(json.loads(outs[0].read_text())) == without_clock(
            json.loads(outs[1].read_text())
        )
    (ref_s, ref_mb), (new_s, new_mb) = found
    print(
        f"| `steerco forecast examples/team.yaml` | {ref_s:.2f} | {ref_mb:,.0f} | {new_s:.2f} |"
        f" {new_mb:,.0f} | {ref_s / new_s:.1f} | {'yes' if same else 'NO'} |"
    )


def main() -> None:
    """Both tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[30, 100, 200])
    parser.add_argument("--iterations", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    step_table(args.sizes, args.iterations)
    end_to_end(args.runs)


if __name__ == "__main__":
    main()
