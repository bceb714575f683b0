"""Whole commands as a user runs them, against plain references timed in the same run.

Each row times a command in a fresh process (`steerco ...`, wall clock, best of N runs)
next to a plain reference, also a fresh process:

1. `steerco --help` against `python -c "import typer, rich"` (the CLI's own libraries);
2. `steerco forecast` of a generated 1,000-task three-point network, 10,000 iterations,
   JSON output, against a plain per-iteration Monte Carlo of the same network in pure
   Python (the network as plain lists, `random.triangular` and `random.betavariate` for
   PERT, a forward pass per iteration);
3. `steerco validate` and `steerco schedule --method cpm --format json` of a generated
   10,000-task project file against PyYAML's C loader alone reading the same file.

The project files are generated (seeded, deterministic) into a temporary folder: phases
of 100 tasks as summaries, each task with a three-point estimate (two thirds triangular,
one third PERT) and up to three finish-to-start predecessors among the 50 tasks before it
(plus a few links to any earlier task).

Run: `.venv/bin/python benchmarks/end_to_end.py [--runs 3]`.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from machine_info import cpu_model

# Every timed command solves afresh: no levelled plan remembered by an earlier run answers
# it (benchmarks/report.py times a stored plan on purpose, in its own directory).
os.environ.setdefault("STEERCO_CACHE_DIR", "off")

PHASE = 100
WINDOW = 50


@dataclass(frozen=True)
class Generated:
    """A generated project: its tasks in document (topological) order, as plain lists."""

    kind: list[str]
    low: list[int]
    likely: list[int]
    high: list[int]
    preds: list[list[int]]


def generate(n: int, *, seed: int = 0, longest: int = 20) -> Generated:
    """`n` tasks with three-point estimates and finish-to-start links to earlier tasks.

    Likely durations are 2..`longest` days (1..`longest` when `longest` < 2).
    """
    rng = random.Random(seed)
    kind, low, likely, high, preds = [], [], [], [], []
    for j in range(n):
        likely_j = rng.randint(min(2, longest), longest)
        kind.append("pert" if rng.random() < 1 / 3 else "triangular")
        low.append(max(1, likely_j - rng.randint(0, likely_j // 2)))
        likely.append(likely_j)
        high.append(likely_j + rng.randint(1, likely_j))
        chosen: set[int] = set()
        for _ in range(rng.randint(0, 3) if j else 0):
            far = rng.random() < 0.1
            chosen.add(rng.randrange(j) if far else max(0, j - 1 - rng.randrange(WINDOW)))
        preds.append(sorted(chosen))
    return Generated(kind, low, likely, high, preds)


def project_yaml(net: Generated, *, name: str) -> str:
    """The project file of `net`: phases of PHASE tasks, one task per line (flow style)."""
    lines = [f"name: {name}", "start: 2027-01-04", "tasks:"]
    for j in range(len(net.kind)):
        if j % PHASE == 0:
            lines += [
                f"  - id: phase{j // PHASE}",
                f"    name: Phase {j // PHASE}",
                "    children:",
            ]
        after = ", ".join(f"t{i}" for i in net.preds[j])
        estimate = (
            f"{{low: {net.low[j]}, likely: {net.likely[j]}, high: {net.high[j]}, "
            f"distribution: {net.kind[j]}}}"
        )
        lines.append(
            f"      - {{id: t{j}, name: Task {j}, estimate: {estimate}"
            + (f", after: [{after}]" if after else "")
            + "}"
        )
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Goal:
    """A target ratio: `command / reference <= 2` or `reference / command >= 10`."""

    ratio_name: str
    relation: str
    bound: float

    def ratio(self, command: float, reference: float) -> float:
        """The ratio the target is about."""
        return command / reference if self.ratio_name.startswith("command") else reference / command

    def met(self, ratio: float) -> bool:
        """Whether `ratio` meets the target."""
        return ratio <= self.bound if self.relation == "<=" else ratio >= self.bound

    def __str__(self) -> str:
        return f"{self.ratio_name} {self.relation} {self.bound:g}"


REFERENCE = """
import json, random, sys
kind, low, likely, high, preds = json.load(open(sys.argv[1]))
iterations = int(sys.argv[2])
random.seed(0)
n = len(kind)
pert = [k == "pert" for k in kind]
alpha = [1 + 4 * (m - a) / (b - a) for a, m, b in zip(low, likely, high)]
beta = [1 + 4 * (b - m) / (b - a) for a, m, b in zip(low, likely, high)]
spans = []
for _ in range(iterations):
    finish = [0.0] * n
    span = 0.0
    for j in range(n):
        if pert[j]:
            d = low[j] + (high[j] - low[j]) * random.betavariate(alpha[j], beta[j])
        else:
            d = random.triangular(low[j], high[j], likely[j])
        start = 0.0
        for i in preds[j]:
            if finish[i] > start:
                start = finish[i]
        finish[j] = start + d
        if finish[j] > span:
            span = finish[j]
    spans.append(span)
spans.sort()
print(f"P80 {spans[int(0.8 * iterations)]:.1f}")
"""


YAML_ALONE = "import sys, yaml; yaml.load(open(sys.argv[1]), Loader=yaml.CSafeLoader)"


def best_of(runs: int, command: list[str]) -> tuple[float, float]:
    """Smallest wall time and smallest CPU time (user + system) of `runs` runs of `command`.

    The CPU time of the child process is less sensitive than the wall clock to other jobs
    on a shared machine; both are reported.
    """
    wall = cpu = float("inf")
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wall = min(wall, time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        cpu = min(cpu, used)
    return wall, cpu


def machine() -> str:
    """CPU model, core count and Python version of this machine."""
    cpu = cpu_model()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"{cpu}, nproc {os.cpu_count()}, Python {platform.python_version()}, "
        f"load average {load:.1f} at start"
    )


def steerco_command() -> list[str]:
    """The `steerco` script next to this interpreter (as a user runs it), else its entry point."""
    script = Path(sys.executable).with_name("steerco")
    if script.exists():
        return [str(script)]
    found = shutil.which("steerco")
    return [found] if found else [sys.executable, "-c", "from steerco.cli.main import run; run()"]


def main() -> None:
    """Generate the files, time every pair, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="best of this many runs")
    parser.add_argument("--iterations", type=int, default=10_000)
    parser.add_argument("--forecast-tasks", type=int, default=1_000)
    parser.add_argument("--load-tasks", type=int, default=10_000)
    args = parser.parse_args()
    steerco = steerco_command()
    python = sys.executable
    print(f"Machine: {machine()}\n")
    with tempfile.TemporaryDirectory(prefix="steerco-e2e-") as folder:
        tmp = Path(folder)
        small = generate(args.forecast_tasks, seed=1)
        small_file = tmp / "forecast.yaml"
        small_file.write_text(project_yaml(small, name="Forecast bench"), encoding="utf-8")
        lists = tmp / "network.json"
        lists.write_text(
            json.dumps([small.kind, small.low, small.likely, small.high, small.preds]),
            encoding="utf-8",
        )
        reference = tmp / "reference.py"
        reference.write_text(REFERENCE, encoding="utf-8")
        # Likely 1..2 days: every high estimate added up must fit steerco's 100-year horizon
        # (`horizon_too_long`), as a levelled plan could run them all in series.
        big = generate(args.load_tasks, seed=2, longest=2)
        big_file = tmp / "large.yaml"
        big_file.write_text(project_yaml(big, name="Load bench"), encoding="utf-8")
        runs = args.runs

        def row(label: str, command: list[str], ref_label: str, ref: list[str], goal: Goal) -> None:
            (t, cpu), (t_ref, cpu_ref) = best_of(runs, command), best_of(runs, ref)
            ratio, ratio_cpu = goal.ratio(t, t_ref), goal.ratio(cpu, cpu_ref)
            print(
                f"| {label} | {t:.3f} | {cpu:.3f} | {ref_label} | {t_ref:.3f} | {cpu_ref:.3f} "
                f"| {ratio:.2f} | {ratio_cpu:.2f} | {goal} "
                f"| {'yes' if goal.met(ratio) else 'no'} |",
                flush=True,
            )

        print(
            "| command | wall s | CPU s | reference | wall s | CPU s | ratio (wall) "
            "| ratio (CPU) | target | met (wall) |"
        )
        print("|---|---:|---:|---|---:|---:|---:|---:|---|:---:|")
        row(
            "`steerco --help`",
            [*steerco, "--help"],
            '`python -c "import typer, rich"`',
            [python, "-c", "import typer, rich"],
            Goal("command / reference", "<=", 2),
        )
        row(
            f"`steerco forecast` ({args.forecast_tasks:,} tasks, {args.iterations:,} "
            "iterations, JSON)",
            [*steerco, "forecast", str(small_file), "-n", str(args.iterations), "-f", "json"],
            "plain Python Monte Carlo, per iteration",
            [python, str(reference), str(lists), str(args.iterations)],
            Goal("reference / command", ">=", 10),
        )
        load = [
            python,
            "-c",
            "import sys, yaml; yaml.load(open(sys.argv[1]), Loader=yaml.CSafeLoader)",
        ]
        row(
            f"`steerco validate` ({args.load_tasks:,} tasks)",
            [*steerco, "validate", str(big_file)],
            "PyYAML C loader alone",
            [*load, str(big_file)],
            Goal("command / reference", "<=", 3),
        )
        row(
            f"`steerco schedule --method cpm --format json` ({args.load_tasks:,} tasks)",
            [*steerco, "schedule", str(big_file), "--method", "cpm", "--format", "json"],
            "PyYAML C loader alone",
            [*load, str(big_file)],
            Goal("command / reference", "<=", 3),
        )


if __name__ == "__main__":
    main()
