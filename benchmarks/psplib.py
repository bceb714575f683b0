"""RCPSP on PSPLIB j30 and j60: steerco's heuristic and exact solver against a CP-SAT peer.

Reads the single-mode instances and the reference makespans from ../shared/data/psplib
(`j30opt.sm`: proven optima; `j60hrs.sm`: best-known makespans; `j60lb.sm`: published
lower bounds), runs each method with a per-instance time limit, checks EVERY schedule
with a feasibility check written here from the `.sm` text alone (successor lists,
durations, demands and capacities per period; steerco's parser and checker are not used
for it), and prints one Markdown table per set.

Methods:
- `heuristic-1000`, `heuristic-5000`: `sgs.heuristic_schedule` with that schedule budget.
- `steerco`: the full method, `steerco.schedule.rcpsp.solve` (method "auto") when it
  exists; otherwise the heuristic (1,000 schedules), then `solve_cpsat` for the time left,
  warm-started with the heuristic's schedule, makespan and bound.
- `cp-sat-plain`: `solve_cpsat` without the disjunctions and without a hint.
- `pyjobshop`: the peer, PyJobShop's RCPSP model on OR-Tools (`peer_pyjobshop.py`;
  `.venv/bin/pip install pyjobshop`, benchmark only). Skipped with a message if missing.
The exact methods get the same time limit and number of workers.

Run: `.venv/bin/python benchmarks/psplib.py --sets j30 j60 --limit 10 --out results.csv`.
Instances are taken in rounds over the 48 parameter classes (instance 1 of every class,
then instance 2, ...), so `--instances N` is spread over the classes.
"""

from __future__ import annotations

import argparse
import csv
import importlib
import math
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from peer_pyjobshop import available as peer_available
from peer_pyjobshop import solve_pyjobshop
from steerco.formats.psplib import load_psplib, psplib_network
from steerco.schedule import rcpsp
from steerco.schedule.options import SolveOptions
from steerco.schedule.rcpsp import heuristic_schedule, rcpsp_problem
from steerco.schedule.rcpsp.cpsat import ModelOptions, solve_cpsat

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "psplib"
METHODS = ("heuristic-1000", "heuristic-5000", "steerco", "cp-sat-plain", "pyjobshop")


# --- the instance, read from the text alone (independent of steerco) -----------------------


@dataclass(frozen=True)
class SmInstance:
    """A single-mode `.sm` file: jobs from 0, successor lists, demands, capacities, CPM bound."""

    name: str
    path: Path
    par: int
    inst: int
    duration: list[int]
    successors: list[list[int]]
    demand: list[list[int]]
    capacity: list[int]
    mpm: int


def read_sm(path: Path) -> SmInstance:
    """Parse a `.sm` file with a few regular expressions and section markers."""
    text = path.read_text(encoding="ascii", errors="replace")
    lines = text.splitlines()
    jobs = int(re.search(r"jobs \(incl\. supersource/sink \)\s*:\s*(\d+)", text).group(1))  # type: ignore[union-attr]

    def rows_after(marker: str, count: int) -> list[list[int]]:
        at = next(i for i, line in enumerate(lines) if line.strip().startswith(marker))
        rows: list[list[int]] = []
        for line in lines[at + 1 :]:
            tokens = line.split()
            if tokens and tokens[0].isdigit():
                rows.append([int(t) for t in tokens])
                if len(rows) == count:
                    break
        return rows

    (info,) = rows_after("PROJECT INFORMATION", 1)
    successors: list[list[int]] = [[] for _ in range(jobs)]
    for row in rows_after("PRECEDENCE RELATIONS", jobs):
        successors[row[0] - 1] = [s - 1 for s in row[3 : 3 + row[2]]]
    duration = [0] * jobs
    demand: list[list[int]] = [[] for _ in range(jobs)]
    for row in rows_after("REQUESTS/DURATIONS", jobs):
        duration[row[0] - 1] = row[2]
        demand[row[0] - 1] = row[3:]
    (capacity,) = rows_after("RESOURCEAVAILABILITIES", 1)
    match = re.fullmatch(r"j\d+?(\d+)_(\d+)", path.stem)
    par, inst = (int(match.group(1)), int(match.group(2))) if match else (0, 0)
    return SmInstance(
        path.stem, path, par, inst, duration, successors, demand, capacity, mpm=info[-1]
    )


def check_schedule(instance: SmInstance, start: list[int]) -> list[str]:
    """Every broken rule: a missing or negative start, a successor starting before its
    predecessor's finish, or a resource used beyond its capacity in some period."""
    n = len(instance.duration)
    if len(start) != n:
        return [f"{len(start)} starts for {n} jobs"]
    errors = [f"job {j + 1} starts at {start[j]} < 0" for j in range(n) if start[j] < 0]
    d = instance.duration
    for j in range(n):
        for s in instance.successors[j]:
            if start[s] < start[j] + d[j]:
                errors.append(f"job {s + 1} starts before job {j + 1} ends")
    finish = max(start[j] + d[j] for j in range(n))
    for t in range(finish):
        running = [j for j in range(n) if start[j] <= t < start[j] + d[j]]
        for k, cap in enumerate(instance.capacity):
            used = sum(instance.demand[j][k] for j in running)
            if used > cap:
                errors.append(f"resource {k + 1} uses {used} > {cap} in period {t}")
    return errors


def read_reference(path: Path) -> dict[tuple[int, int], list[str]]:
    """Rows of a PSPLIB bound file keyed by (parameter class, instance): the other tokens."""
    table: dict[tuple[int, int], list[str]] = {}
    for line in path.read_text(encoding="latin-1").splitlines():
        tokens = line.split()
        if len(tokens) >= 3 and all(t.isdigit() for t in tokens[:3]):
            table[int(tokens[0]), int(tokens[1])] = tokens[2:]
    return table


@dataclass(frozen=True)
class Reference:
    """Best-known makespan, and a published lower bound when there is one."""

    best: int
    lower: int | None
    proven: bool


def references(set_name: str) -> dict[tuple[int, int], Reference]:
    """j30: the proven optima; j60: best-known makespans with the published lower bounds."""
    if set_name == "j30":
        return {
            key: Reference(int(row[0]), int(row[0]), True)
            for key, row in read_reference(DATA / "j30opt.sm").items()
        }
    lower = read_reference(DATA / "j60lb.sm")
    refs = {}
    for key, row in read_reference(DATA / "j60hrs.sm").items():
        lb = lower.get(key)
        refs[key] = Reference(
            int(row[0]),
            int(lb[1]) if lb else None,
            bool(lb and lb[2:3] == ["*"]),
        )
    return refs


def instances(set_name: str, count: int | None) -> list[Path]:
    """Files in rounds over the parameter classes (instance 1 of every class, then 2, ...)."""
    paths = list((DATA / set_name).glob(f"{set_name}*_*.sm"))

    def key(path: Path) -> tuple[int, int]:
        par, inst = re.fullmatch(r"j\d+?(\d+)_(\d+)", path.stem).groups()  # type: ignore[union-attr]
        return int(inst), int(par)

    paths.sort(key=key)
    return paths if count is None else paths[:count]


# --- the methods ------------------------------------------------------------------------------


@dataclass
class Outcome:
    """What a method returned: status, makespan, lower bound, wall seconds, starts per job."""

    status: str
    makespan: int | None
    bound: int | None
    seconds: float
    start: list[int] | None
    note: str = ""


@dataclass
class Context:
    limit: float
    workers: int
    seed: int
    cache: dict[str, Outcome] = field(default_factory=dict)


def _problem(instance: SmInstance) -> rcpsp.RcpspProblem:
    return rcpsp_problem(psplib_network(load_psplib(instance.path)))


def _outcome(result: rcpsp.ScheduleResult, seconds: float) -> Outcome:
    start = None if result.start is None else [int(s) for s in result.start]
    return Outcome(result.status, result.makespan, result.bound, seconds, start, result.message)


def run_heuristic(schedules: int) -> Callable[[SmInstance, Context], Outcome]:
    def run(instance: SmInstance, ctx: Context) -> Outcome:
        began = time.perf_counter()
        problem = _problem(instance)
        result = heuristic_schedule(
            problem, schedules=schedules, rng=np.random.default_rng(ctx.seed)
        )
        return _outcome(result, time.perf_counter() - began)

    return run


def steerco_solve() -> Callable[..., rcpsp.ScheduleResult] | None:
    """`steerco.schedule.rcpsp.solve` (the function) if it exists and imports, else None."""
    found = getattr(rcpsp, "solve", None)
    if found is None or isinstance(found, ModuleType):
        try:
            found = importlib.import_module("steerco.schedule.rcpsp.solve").solve
        except (ImportError, AttributeError):
            return None
    return found if callable(found) else None


def run_steerco(instance: SmInstance, ctx: Context) -> Outcome:
    """`rcpsp.solve` if it exists, else the heuristic then CP-SAT warm-started from it."""
    began = time.perf_counter()
    problem = _problem(instance)
    built = time.perf_counter() - began
    solve = steerco_solve()
    if solve is not None:
        options = SolveOptions(
            method="auto", time_limit=ctx.limit, workers=ctx.workers, seed=ctx.seed
        )
        result = solve(problem, options=options)
        return _outcome(result, time.perf_counter() - began)
    first = heuristic_schedule(problem, schedules=1000, rng=np.random.default_rng(ctx.seed))
    # The same call as heuristic-1000 with the same seed: keep it rather than run it twice.
    ctx.cache["heuristic-1000"] = _outcome(first, built + first.solve_seconds)
    if first.status == "optimal" or first.start is None:
        return _outcome(first, time.perf_counter() - began)
    remaining = ctx.limit - (time.perf_counter() - began)
    exact = solve_cpsat(
        problem,
        options=SolveOptions(time_limit=max(remaining, 0.01), workers=ctx.workers, seed=ctx.seed),
        hint=first.start,
        upper_bound=first.makespan,
        lower_bound=first.bound,
    )
    seconds = time.perf_counter() - began
    if exact.start is not None and exact.makespan is not None:
        assert first.makespan is not None
        if exact.makespan <= first.makespan:
            return _outcome(exact, seconds)
    bound = max(first.bound, exact.bound)
    status = "optimal" if first.makespan == bound else "feasible"
    return Outcome(status, first.makespan, bound, seconds, [int(s) for s in first.start])


def run_cpsat_plain(instance: SmInstance, ctx: Context) -> Outcome:
    began = time.perf_counter()
    problem = _problem(instance)
    result = solve_cpsat(
        problem,
        options=SolveOptions(time_limit=ctx.limit, workers=ctx.workers, seed=ctx.seed),
        model_options=ModelOptions(disjunctions=False),
    )
    return _outcome(result, time.perf_counter() - began)


def run_pyjobshop(instance: SmInstance, ctx: Context) -> Outcome:
    peer = solve_pyjobshop(
        instance.duration,
        instance.successors,
        instance.demand,
        instance.capacity,
        time_limit=ctx.limit,
        workers=ctx.workers,
    )
    return Outcome(peer.status, peer.makespan, peer.bound, peer.seconds, peer.start)


RUNNERS: dict[str, Callable[[SmInstance, Context], Outcome]] = {
    "heuristic-1000": run_heuristic(1000),
    "heuristic-5000": run_heuristic(5000),
    "steerco": run_steerco,
    "cp-sat-plain": run_cpsat_plain,
    "pyjobshop": run_pyjobshop,
}


# --- rows, verification and the table ----------------------------------------------------------

FIELDS = [
    "set",
    "instance",
    "method",
    "status",
    "makespan",
    "bound",
    "best_known",
    "published_lb",
    "cpm",
    "seconds",
    "feasible",
    "suspect",
    "note",
]


def row_for(
    set_name: str, instance: SmInstance, method: str, out: Outcome, ref: Reference
) -> dict[str, object]:
    """One CSV row: the outcome, checked here, and flagged if it contradicts the references."""
    feasible = False
    note = out.note
    makespan = out.makespan
    if out.start is not None:
        errors = check_schedule(instance, out.start)
        actual = max(s + d for s, d in zip(out.start, instance.duration, strict=True))
        if actual != out.makespan:
            errors.append(f"reported makespan {out.makespan}, schedule ends at {actual}")
            makespan = actual
        feasible = not errors
        if errors:
            note = "; ".join(errors[:3])
    suspect = []
    if out.status == "optimal" and makespan is not None and makespan > ref.best:
        suspect.append(f"'optimal' {makespan} > best-known {ref.best}")
    if feasible and ref.lower is not None and makespan is not None and makespan < ref.lower:
        suspect.append(f"makespan {makespan} < published lower bound {ref.lower}")
    if out.bound is not None and out.bound > ref.best:
        suspect.append(f"bound {out.bound} > best-known {ref.best}")
    return {
        "set": set_name,
        "instance": instance.name,
        "method": method,
        "status": out.status,
        "makespan": "" if makespan is None else makespan,
        "bound": "" if out.bound is None else out.bound,
        "best_known": ref.best,
        "published_lb": "" if ref.lower is None else ref.lower,
        "cpm": instance.mpm,
        "seconds": f"{out.seconds:.4f}",
        "feasible": int(feasible),
        "suspect": "; ".join(suspect),
        "note": note,
    }


def write_csv(path: Path, rows: list[dict[str, object]]) -> None:
    """Write all rows to a temporary file beside `path`, then rename it over `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    with os.fdopen(fd, "w", newline="") as handle:
        writer = csv.DictWriter(handle, FIELDS)
        writer.writeheader()
        writer.writerows(rows)
    os.replace(tmp, path)


@dataclass
class Summary:
    count: int
    optimal: float
    best: float
    mean_dev: float
    max_dev: float
    mean_cpm: float
    mean_s: float
    max_s: float
    failed: int
    suspect: int


def summarise(rows: list[dict[str, object]]) -> Summary:
    """Aggregates over rows of one set and method; a failed row counts in `failed` only."""
    ok = [r for r in rows if int(r["feasible"])]  # type: ignore[call-overload]
    dev = [100 * (int(r["makespan"]) - int(r["best_known"])) / int(r["best_known"]) for r in ok]  # type: ignore[call-overload]
    cpm = [100 * (int(r["makespan"]) - int(r["cpm"])) / int(r["cpm"]) for r in ok]  # type: ignore[call-overload]
    secs = [float(r["seconds"]) for r in rows]  # type: ignore[arg-type]
    n = len(rows)
    return Summary(
        count=n,
        optimal=100 * sum(1 for r in ok if r["status"] == "optimal") / max(n, 1),
        best=100 * sum(1 for r in ok if int(r["makespan"]) <= int(r["best_known"])) / max(n, 1),  # type: ignore[call-overload]
        mean_dev=float(np.mean(dev)) if dev else math.nan,
        max_dev=max(dev, default=math.nan),
        mean_cpm=float(np.mean(cpm)) if cpm else math.nan,
        mean_s=float(np.mean(secs)) if secs else math.nan,
        max_s=max(secs, default=math.nan),
        failed=n - len(ok),
        suspect=sum(1 for r in rows if r["suspect"]),
    )


def table(set_name: str, rows: list[dict[str, object]], methods: list[str], limit: float) -> str:
    ref = "optimum" if set_name == "j30" else "best-known"
    lines = [
        f"**{set_name}** ({limit:g} s per instance for the exact methods; deviations from the "
        f"{ref} makespan and from the critical-path bound MPM-Time)",
        "",
        "| method | instances | proven optimal | = best-known | mean dev. | max dev. "
        "| mean dev. CPM | mean s | max s | infeasible/failed |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for method in methods:
        mine = [r for r in rows if r["set"] == set_name and r["method"] == method]
        if not mine:
            continue
        s = summarise(mine)
        failed = f"{s.failed}" + (f" ({s.suspect} suspect)" if s.suspect else "")
        lines.append(
            f"| {method} | {s.count} | {s.optimal:.1f}% | {s.best:.1f}% | {s.mean_dev:.2f}% "
            f"| {s.max_dev:.2f}% | {s.mean_cpm:.2f}% | {s.mean_s:.2f} | {s.max_s:.2f} "
            f"| {failed} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="+", default=["j30", "j60"], choices=["j30", "j60"])
    parser.add_argument("--limit", type=float, default=10.0, help="seconds per instance")
    parser.add_argument("--instances", type=int, default=None, help="first N per set")
    parser.add_argument("--methods", nargs="+", default=list(METHODS), choices=METHODS)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=None, help="per-instance rows (CSV)")
    args = parser.parse_args()

    methods: list[str] = list(args.methods)
    if "pyjobshop" in methods and (why := peer_available()) is not None:
        print(f"skipping the peer: {why}", file=sys.stderr)
        methods.remove("pyjobshop")
    via = "rcpsp.solve" if steerco_solve() is not None else "heuristic + solve_cpsat"
    print(
        f"methods {methods}; limit {args.limit:g} s; workers {args.workers}; steerco via {via}",
        file=sys.stderr,
    )
    rows: list[dict[str, object]] = []
    for set_name in args.sets:
        refs = references(set_name)
        paths = instances(set_name, args.instances)
        for number, path in enumerate(paths, 1):
            instance = read_sm(path)
            ref = refs[instance.par, instance.inst]
            ctx = Context(args.limit, args.workers, args.seed)
            # steerco first: its heuristic step is the heuristic-1000 run, reused.
            for method in sorted(methods, key=lambda m: m != "steerco"):
                cached = ctx.cache.pop(method, None)
                outcome = cached if cached is not None else RUNNERS[method](instance, ctx)
                rows.append(row_for(set_name, instance, method, outcome, ref))
            if args.out is not None:
                write_csv(args.out, rows)
            progress = []
            for method in methods:
                mine = [r for r in rows if r["set"] == set_name and r["method"] == method]
                s = summarise(mine)
                progress.append(
                    f"{method}: opt {s.optimal:.0f}% dev {s.mean_dev:.2f}% {s.mean_s:.2f}s"
                    + (f" FAILED {s.failed}" if s.failed else "")
                )
            print(
                f"{set_name} {number}/{len(paths)} {instance.name}: " + " | ".join(progress),
                file=sys.stderr,
                flush=True,
            )
    for set_name in args.sets:
        print(table(set_name, rows, methods, args.limit))
        print()


if __name__ == "__main__":
    main()
