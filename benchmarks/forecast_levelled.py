"""The levelled forecast (the default when tasks use resources), against plain references.

Every iteration of a levelled forecast runs a serial schedule-generation scheme over the
plan's start order (`steerco.forecast.levelling`), vectorised over a block of iterations.
For each project this prints, in one run:

1. *plan*: `steerco.app.plan.dating_plan`, the levelled plan every command dates by
   (heuristic, then CP-SAT, as `steerco schedule`);
2. *critical-path forecast* (`--no-resources`) and *levelled forecast* (the default), both
   `steerco.forecast.run.forecast` on the same options, and their ratio;
3. *levelling step*: the engine's step on one block of sampled durations against the plain
   reference `steerco.forecast.reference.reference_levelling`, a per-iteration serial
   scheme in pure Python (lists, one task and one iteration at a time) on the first
   iterations of the same block; the start of every task
   in every compared iteration must agree. A plan whose tasks work on calendars (the
   flagship's GPUs run 24x7) is levelled by `steerco.forecast.calendar_levelling`, and
   compared with that step as first written (`tests/forecast/calendar_levelling_reference.py`,
   vectorised but quadratic in the bookings), both on the first iterations;
4. end to end, `steerco forecast FILE --iterations N` (levelled) and the same with
   `--no-resources`, wall clock of a fresh process, best of `--runs`.

Projects: the flagship example `examples/support-assistant.yaml` at 5,000 iterations (the
forecast of `make run`), and generated projects (`end_to_end.generate`: three-point
estimates, finish-to-start links mostly to the 50 tasks before) in which every task needs
one of `tasks / 12` people, one task in five a second person, one in four at half time.

Run: `.venv/bin/python benchmarks/forecast_levelled.py [--sizes 200 1000] [--runs 3]`.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "forecast"))

from calendar_levelling_reference import reference_calendar_levelling

from end_to_end import PHASE, best_of, generate, machine, steerco_command
from steerco.app.plan import dating_plan
from steerco.forecast import calendar_levelling
from steerco.forecast.distributions import inverse_cdf, sample_uniforms
from steerco.forecast.engine import Levelling, block_size, forward_pass
from steerco.forecast.levelling import levelling_problem, serial_levelling
from steerco.forecast.reference import reference_levelling
from steerco.forecast.run import ForecastOptions, forecast, forecast_inputs
from steerco.formats.loader import load_plan_input
from steerco.schedule.rcpsp.problem import RcpspProblem
from steerco.types import IntArray

ROOT = Path(__file__).parents[1]
FLAGSHIP = ROOT / "examples" / "support-assistant.yaml"


def staffed_yaml(n: int, *, seed: int, people: int | None = None) -> str:
    """A generated project of `n` tasks in which every task needs one or two of `people`.

    `people` defaults to `n / 12` (at least 2).
    """
    net = generate(n, seed=seed)
    rng = random.Random(seed)
    people = people or max(2, n // 12)
    lines = ["name: Staffed", "start: 2027-01-04", "resources:"]
    lines += [f"  - {{id: p{k}, name: Person {k}}}" for k in range(people)]
    lines.append("tasks:")
    for j in range(n):
        if j % PHASE == 0:
            lines += [f"  - id: phase{j // PHASE}", "    children:"]
        who = rng.sample(range(people), 2 if rng.random() < 0.2 else 1)
        units = 0.5 if rng.random() < 0.25 else 1
        demands = ", ".join(f"p{k}: {units}" for k in who)
        after = ", ".join(f"t{i}" for i in net.preds[j])
        estimate = f"{net.low[j]}..{net.likely[j]}..{net.high[j]}"
        lines.append(
            f"      - {{id: t{j}, estimate: '{estimate}', demands: {{{demands}}}"
            + (f", after: [{after}]" if after else "")
            + "}"
        )
    return "\n".join(lines) + "\n"


def best_seconds(runs: int, action: object) -> tuple[float, float]:
    """Smallest wall time and smallest CPU time of `runs` calls of `action`.

    The CPU time (this process) is less disturbed than the wall clock by other jobs on a
    shared machine; both are reported.
    """
    wall = cpu = float("inf")
    for _ in range(runs):
        begin, used = time.perf_counter(), time.process_time()
        action()  # type: ignore[operator]
        wall = min(wall, time.perf_counter() - begin)
        cpu = min(cpu, time.process_time() - used)
    return wall, cpu


def calendar_reference(problem: RcpspProblem, demand: IntArray, order: list[int]) -> Levelling:
    """The levelling step on task calendars as first written, built as the engine's is."""
    original = calendar_levelling.calendar_levelling
    calendar_levelling.calendar_levelling = reference_calendar_levelling
    try:
        return serial_levelling(problem, demand, order)
    finally:
        calendar_levelling.calendar_levelling = original


def measure(path: Path, iterations: int, runs: int, compared: int) -> dict[str, object]:
    """Plan, both forecasts and the levelling step of one project file."""
    network, project = load_plan_input(path)
    begin = time.perf_counter()
    plan = dating_plan(network, project)
    plan_s = time.perf_counter() - begin
    options = ForecastOptions(iterations=iterations)
    plain_s = best_seconds(runs, lambda: forecast(network, project, options))
    levelled_s = best_seconds(runs, lambda: forecast(network, project, options, plan=plan.schedule))
    # One block of sampled durations, levelled by the engine and by the plain reference.
    problem, demand, order = levelling_problem(network, project, plan.schedule)
    level = serial_levelling(problem, demand, order)
    inputs = forecast_inputs(network, project, options)
    size = min(block_size(network.size), iterations)
    rng = np.random.default_rng(0)
    d_pos = inverse_cdf(
        inputs.durations.take(network.plan.order),
        sample_uniforms(rng, network.size, size, lhs=False),
    )
    es_pos = forward_pass(network.plan, d_pos, network.earliest_start[network.plan.order])
    step_s, step_cpu = best_seconds(runs, lambda: level(d_pos, es_pos))
    if network.calendars is None:
        engine = level(d_pos, es_pos)[network.plan.position][:, :compared]
        d = d_pos[network.plan.position]
        lasts = (d.max(axis=1) > 0).tolist()
        head = [row[:compared] for row in d.tolist()]
        begin, used = time.perf_counter(), time.process_time()
        reference = np.array(reference_levelling(problem, demand, order, head, lasts))
    else:
        engine = level(d_pos[:, :compared], es_pos[:, :compared])
        begin, used = time.perf_counter(), time.process_time()
        reference = calendar_reference(problem, demand, order)(
            d_pos[:, :compared], es_pos[:, :compared]
        )
    reference_s = (time.perf_counter() - begin) / compared
    reference_cpu = (time.process_time() - used) / compared
    same = np.allclose(engine, reference, rtol=0, atol=1e-6)
    return {
        "tasks": network.size,
        "resources": problem.resources,
        "iterations": iterations,
        "plan": plan.name,
        "plan_s": plan_s,
        "plain_s": plain_s,
        "levelled_s": levelled_s,
        "block": size,
        "step_ms": 1000 * step_s / size,
        "reference_ms": 1000 * reference_s,
        "step_cpu_ms": 1000 * step_cpu / size,
        "reference_cpu_ms": 1000 * reference_cpu,
        "same": same,
    }


def end_to_end(
    path: Path, iterations: int, runs: int
) -> tuple[tuple[float, float], tuple[float, float]]:
    """(wall, CPU) of `steerco forecast` (levelled) and with `--no-resources`, best of runs."""
    steerco = steerco_command()
    base = [*steerco, "forecast", str(path), "--iterations", str(iterations)]
    return best_of(runs, base), best_of(runs, [*base, "--no-resources"])


def main() -> None:
    """Time every project and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[200, 1000])
    parser.add_argument("--iterations", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--compared", type=int, default=100, help="iterations of the reference")
    args = parser.parse_args()
    print(f"Machine: {machine()}\n")
    with tempfile.TemporaryDirectory(prefix="steerco-levelled-") as folder:
        cases = [("support-assistant.yaml (flagship)", FLAGSHIP, 5_000)]
        for n in args.sizes:
            path = Path(folder) / f"staffed-{n}.yaml"
            path.write_text(staffed_yaml(n, seed=n), encoding="utf-8")
            cases.append((f"generated, {n} tasks", path, args.iterations))
        rows = []
        for name, path, iterations in cases:
            found = measure(path, iterations, args.runs, args.compared)
            wall = end_to_end(path, iterations, args.runs)
            rows.append((name, found, wall))
            print(f"measured {name}", file=sys.stderr)
    print("Levelled forecast against the critical-path forecast (same options): wall s / CPU s")
    print(
        "| project | tasks | resources | iterations | plan | plan s | critical-path forecast"
        " | levelled forecast | levelled / critical path (CPU) |"
    )
    print("|---|---:|---:|---:|---|---:|---:|---:|---:|")
    for name, f, _ in rows:
        plain_w, plain_c = f["plain_s"]  # type: ignore[misc]
        lev_w, lev_c = f["levelled_s"]  # type: ignore[misc]
        print(
            f"| {name} | {f['tasks']:,} | {f['resources']} | {f['iterations']:,} | {f['plan']} "
            f"| {f['plan_s']:.2f} | {plain_w:.2f} / {plain_c:.2f} | {lev_w:.2f} / {lev_c:.2f} "
            f"| {lev_c / plain_c:.1f} |"
        )
    print("\nLevelling step: engine (one block) against the plain per-iteration reference")
    print(
        "| project | block | engine ms/iteration (wall / CPU) | reference ms/iteration"
        " (wall / CPU) | × (CPU) | same starts |"
    )
    print("|---|---:|---:|---:|---:|:---:|")
    for name, f, _ in rows:
        ratio = f["reference_cpu_ms"] / f["step_cpu_ms"]  # type: ignore[operator]
        same = f"yes ({args.compared} iterations)" if f["same"] else "NO"
        print(
            f"| {name} | {f['block']:,} | {f['step_ms']:.4f} / {f['step_cpu_ms']:.4f} "
            f"| {f['reference_ms']:.3f} / {f['reference_cpu_ms']:.3f} | {ratio:.0f} | {same} |"
        )
    print("\nEnd to end, `steerco forecast FILE --iterations N`: wall s / CPU s (best of runs)")
    print("| project | iterations | levelled (default) | `--no-resources` | ratio (CPU) |")
    print("|---|---:|---:|---:|---:|")
    for name, f, (levelled, quick) in rows:
        print(
            f"| {name} | {f['iterations']:,} | {levelled[0]:.2f} / {levelled[1]:.2f} "
            f"| {quick[0]:.2f} / {quick[1]:.2f} | {levelled[1] / quick[1]:.1f} |"
        )


if __name__ == "__main__":
    main()
