"""RCPSP on PSPLIB j30 and j60: steerco's heuristic and exact solver against a CP-SAT peer.

Reads the single-mode instances and the reference makespans from ../shared/data/psplib
(`j30opt.sm`: proven optima; `j60hrs.sm`: best-known makespans; `j60lb.sm`: published
lower bounds), runs each method with a per-instance time limit, checks EVERY schedule
with a feasibility check written here from the `.sm` text alone (successor lists,
durations, demands and capacities per period; steerco's parser and checker are not used
for it), and prints one Markdown table per set.

Generated sets, beside PSPLIB's:
- `j30like`, `j60like`, `j90like`, `j120like`: ProGen-like instances (`progen.py`,
  `--per-cell` per parameter class from `--progen-seed`), measured against the long runs
  of `benchmarks/references/<set>.csv` (`progen_reference.py`) where a row's sha256
  matches the generated file, else against the best lower bound the run itself knows
  (the critical path or any method's reported bound); the table says which.
- `large1000`, `large5000`: `rcpsp_scale.build` plans (1,000 tasks and 10 resources,
  5,000 and 20; mixed FS/SS/FF/SF links with lags; seeds 0-4), checked with
  `rcpsp_scale.violations`, against the run's best bound; no peer (its model has
  finish-to-start links only).

Methods:
- `heuristic-1000`, `heuristic-5000`: `sgs.heuristic_schedule` with that schedule budget.
- `steerco`: the full method, `steerco.schedule.rcpsp.solve` (method "auto") when it
  exists; otherwise the heuristic (1,000 schedules), then `solve_cpsat` for the time left,
  warm-started with the heuristic's schedule, makespan and bound.
- `cp-sat-plain`: `solve_cpsat` without the disjunctions and without a hint.
- `pyjobshop`: the peer, PyJobShop's RCPSP model on OR-Tools (`peer_pyjobshop.py`;
  `.venv/bin/pip install pyjobshop`, benchmark only). Skipped with a message if missing.
The exact methods get the same time limit and number of workers.

"mean s to 1%" is the time until a method first held a schedule within 1% of the
makespan it ended with, read from the result's history (the whole run where the history
never came that close; a dash for the peer, which reports no history).

Run: `.venv/bin/python benchmarks/psplib.py --sets j30 j60 --limit 10 --out results.csv`.
Instances are taken in rounds over the 48 parameter classes (instance 1 of every class,
then instance 2, ...), so `--instances N` is spread over the classes.
`--parameters` solves nothing: it prints each set's network complexity, resource factor
and resource strength as measured here from the files, against the requested values.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
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

import progen
from peer_pyjobshop import available as peer_available
from peer_pyjobshop import solve_pyjobshop
from rcpsp_scale import _cpm as plan_critical_path  # the bound rcpsp_scale's table reports
from rcpsp_scale import build, violations
from steerco.formats.psplib import load_psplib, psplib_network
from steerco.schedule import rcpsp
from steerco.schedule.options import SolveOptions
from steerco.schedule.rcpsp import heuristic_schedule, rcpsp_problem
from steerco.schedule.rcpsp.cpsat import ModelOptions, solve_cpsat

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "psplib"
REFERENCES = Path(__file__).resolve().parent / "references"
OFFICIAL = ("j30", "j60")
# Large generated plans, (tasks, resources): `rcpsp_scale.build` (mixed FS/SS/FF/SF links
# with lags and leads, capacities that force levelling), one plan per seed 0..4.
LARGE = {"large1000": (1000, 10), "large5000": (5000, 20)}
LARGE_SEEDS = 5
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
    par, inst = name_key(path.stem) or (0, 0)
    return SmInstance(
        path.stem, path, par, inst, duration, successors, demand, capacity, mpm=info[-1]
    )


@dataclass(frozen=True)
class PlanInstance:
    """A large plan from `rcpsp_scale.build`; checked with `rcpsp_scale.violations`."""

    name: str
    problem: rcpsp.RcpspProblem
    mpm: int
    par: int = 0
    inst: int = 0

    @property
    def duration(self) -> list[int]:
        """Durations in units, task by task."""
        return [int(d) for d in self.problem.duration]


Instance = SmInstance | PlanInstance


def plan_instance(set_name: str, tasks: int, resources: int, seed: int) -> PlanInstance:
    """The plan of one seed, as `rcpsp_scale.py --tasks T --resources R --seed S` builds it."""
    problem = build(tasks, resources, seed=seed, mixed=True, tightness=1.5)
    return PlanInstance(f"{set_name}_s{seed}", problem, plan_critical_path(problem), 0, seed)


def schedule_errors(instance: Instance, start: list[int]) -> list[str]:
    """The benchmark's own check: `check_schedule` on a file, array arithmetic on a plan."""
    if isinstance(instance, SmInstance):
        return check_schedule(instance, start)
    broken = violations(instance.problem, np.asarray(start, dtype=np.int64))
    return [f"{broken} broken links or overloaded (resource, unit) cells"] if broken else []


def name_key(stem: str) -> tuple[int, int] | None:
    """(parameter class, instance) of `j3012_3` (PSPLIB) or `j120like12_3` (generated)."""
    match = re.fullmatch(r"j\d+like(\d+)_(\d+)", stem) or re.fullmatch(r"j\d+?(\d+)_(\d+)", stem)
    return (int(match.group(1)), int(match.group(2))) if match else None


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


@dataclass(frozen=True)
class Measured:
    """ProGen's parameters as a file shows them (Kolisch, Sprecher & Drexl 1995), and the
    network's shape: NC = arcs / nodes (dummies included), RF = mean share of the resources
    a non-dummy job uses, RS_k = (K_k - Kmin_k) / (Kmax_k - Kmin_k) with Kmin_k the largest
    demand and Kmax_k the peak of the earliest-start profile (None where Kmax_k = Kmin_k)."""

    nodes: int
    arcs: int
    nc: float
    rf: float
    rs: list[float | None]
    kmin: list[int]
    kmax: list[int]
    sources: int
    sinks: int
    starts: int
    finishes: int
    max_successors: int
    max_predecessors: int
    redundant: int
    acyclic: bool


def measure(instance: SmInstance) -> Measured:
    """Measure NC, RF, RS and the network's shape from the parsed file alone."""
    n = len(instance.duration)
    succ = instance.successors
    preds = [0] * n
    for after in succ:
        for j in after:
            preds[j] += 1
    order: list[int] = [j for j in range(n) if preds[j] == 0]
    left = list(preds)
    for i in order:  # Kahn's algorithm; `order` grows while it is walked
        for j in succ[i]:
            left[j] -= 1
            if left[j] == 0:
                order.append(j)
    acyclic = len(order) == n
    reach = [0] * n  # bitset of the jobs reachable from each job
    for i in reversed(order):
        for j in succ[i]:
            reach[i] |= reach[j] | 1 << j
    redundant = sum(
        1 for i in range(n) for j in succ[i] if any(reach[o] >> j & 1 for o in succ[i] if o != j)
    )
    es = [0] * n
    for i in order:
        for j in succ[i]:
            es[j] = max(es[j], es[i] + instance.duration[i])
    horizon = max(es[j] + instance.duration[j] for j in range(n))
    kinds = len(instance.capacity)
    kmin = [max(row[k] for row in instance.demand) for k in range(kinds)]
    kmax = []
    for k in range(kinds):
        profile = [0] * (horizon + 1)
        for j in range(n):
            for t in range(es[j], es[j] + instance.duration[j]):
                profile[t] += instance.demand[j][k]
        kmax.append(max(profile))
    rs = [
        None if hi == lo else (cap - lo) / (hi - lo)
        for cap, lo, hi in zip(instance.capacity, kmin, kmax, strict=True)
    ]
    real = range(1, n - 1)
    rf = sum(sum(1 for x in instance.demand[j] if x > 0) for j in real) / (len(real) * kinds)
    arcs = sum(len(after) for after in succ)
    return Measured(
        nodes=n,
        arcs=arcs,
        nc=arcs / n,
        rf=rf,
        rs=rs,
        kmin=kmin,
        kmax=kmax,
        sources=sum(1 for p in preds if p == 0),
        sinks=sum(1 for after in succ if not after),
        starts=len(succ[0]),
        finishes=sum(1 for i in range(n) if n - 1 in succ[i]),
        max_successors=max((len(succ[j]) for j in real), default=0),
        max_predecessors=max((preds[j] for j in real), default=0),
        redundant=redundant,
        acyclic=acyclic,
    )


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
    """Best-known makespan, and a published lower bound when there is one; `kind` says
    where it comes from (the table and the CSV rows name it)."""

    best: int
    lower: int | None
    proven: bool
    kind: str = "best-known"


def references(set_name: str) -> dict[tuple[int, int], Reference]:
    """j30: the proven optima; j60: best-known makespans with the published lower bounds."""
    if set_name == "j30":
        return {
            key: Reference(int(row[0]), int(row[0]), True, "optimum")
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


def instances(set_name: str, count: int | None, folder: Path | None = None) -> list[Path]:
    """Files in rounds over the parameter classes (instance 1 of every class, then 2, ...)."""
    paths = list((folder or DATA / set_name).glob(f"{set_name}*_*.sm"))

    def key(path: Path) -> tuple[int, int]:
        par, inst = name_key(path.stem) or (0, 0)
        return inst, par

    paths.sort(key=key)
    return paths if count is None else paths[:count]


@dataclass(frozen=True)
class LongRun:
    """One row of `benchmarks/references/<set>.csv`: a generated instance's long-run result."""

    instance: str
    seed: int
    sha256: str
    makespan: int
    lower_bound: int
    how: str


LONG_RUN_FIELDS = ["instance", "seed", "sha256", "makespan", "lower_bound", "how"]


def digest(path: Path) -> str:
    """SHA-256 of a file's bytes: ties a reference to the exact instance it was run on."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def long_runs(path: Path) -> dict[str, LongRun]:
    """The rows of a reference CSV by instance name ({} when the file is absent)."""
    if not path.is_file():
        return {}
    with path.open(encoding="ascii", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = set(LONG_RUN_FIELDS) - set(reader.fieldnames or [])
        if missing:
            raise SystemExit(f"{path}:1: missing columns {', '.join(sorted(missing))}")
        table = {}
        for line, row in enumerate(reader, 2):
            try:
                table[row["instance"]] = LongRun(
                    row["instance"],
                    int(row["seed"]),
                    row["sha256"],
                    int(row["makespan"]),
                    int(row["lower_bound"]),
                    row["how"],
                )
            except ValueError as error:
                raise SystemExit(f"{path}:{line}: {error}") from None
    return table


def long_run_reference(run: LongRun | None, path: Path) -> Reference | None:
    """The long run's makespan as the reference, if it was made on this very file."""
    if run is None or run.sha256 != digest(path):
        return None
    return Reference(run.makespan, run.lower_bound, run.makespan == run.lower_bound, "long run")


def bound_reference(instance: Instance, outcomes: dict[str, Outcome]) -> Reference:
    """No long run: the best lower bound this run knows (critical path or a reported bound)."""
    bound = max([instance.mpm] + [o.bound for o in outcomes.values() if o.bound is not None])
    return Reference(bound, bound, False, "run's best bound")


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
    to_final: float | None = None
    """Seconds until a schedule within 1% of the final makespan: the first such entry of the
    method's history, else the whole run (the final schedule was there by then); None for
    a method that reports no history (the peer)."""


@dataclass
class Context:
    limit: float
    workers: int
    seed: int
    cache: dict[str, Outcome] = field(default_factory=dict)


def _problem(instance: Instance) -> rcpsp.RcpspProblem:
    if isinstance(instance, PlanInstance):
        return instance.problem
    return rcpsp_problem(psplib_network(load_psplib(instance.path)))


def within_one_percent(history: list[tuple[float, int, int]], final: int | None) -> float | None:
    """The first time in a (seconds, makespan, bound) history at most 1% above `final`."""
    if final is None:
        return None
    return next((t for t, span, _ in history if span <= 1.01 * final), None)


def _outcome(result: rcpsp.ScheduleResult, seconds: float) -> Outcome:
    start = None if result.start is None else [int(s) for s in result.start]
    reached = within_one_percent(result.history, result.makespan)
    return Outcome(
        result.status,
        result.makespan,
        result.bound,
        seconds,
        start,
        result.message,
        to_final=seconds if reached is None else reached,
    )


def run_heuristic(schedules: int) -> Callable[[Instance, Context], Outcome]:
    def run(instance: Instance, ctx: Context) -> Outcome:
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


def run_steerco(instance: Instance, ctx: Context) -> Outcome:
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


def run_cpsat_plain(instance: Instance, ctx: Context) -> Outcome:
    began = time.perf_counter()
    problem = _problem(instance)
    result = solve_cpsat(
        problem,
        options=SolveOptions(time_limit=ctx.limit, workers=ctx.workers, seed=ctx.seed),
        model_options=ModelOptions(disjunctions=False),
    )
    return _outcome(result, time.perf_counter() - began)


def run_pyjobshop(instance: Instance, ctx: Context) -> Outcome:
    if not isinstance(instance, SmInstance):
        raise ValueError("the peer's model has finish-to-start links only: no large plans")
    peer = solve_pyjobshop(
        instance.duration,
        instance.successors,
        instance.demand,
        instance.capacity,
        time_limit=ctx.limit,
        workers=ctx.workers,
    )
    return Outcome(peer.status, peer.makespan, peer.bound, peer.seconds, peer.start)


RUNNERS: dict[str, Callable[[Instance, Context], Outcome]] = {
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
    "to_1pct_s",
    "feasible",
    "suspect",
    "note",
    "reference",
]


def row_for(
    set_name: str, instance: Instance, method: str, out: Outcome, ref: Reference
) -> dict[str, object]:
    """One CSV row: the outcome, checked here, and flagged if it contradicts the references."""
    feasible = False
    note = out.note
    makespan = out.makespan
    if out.start is not None:
        errors = schedule_errors(instance, out.start)
        actual = max(s + d for s, d in zip(out.start, instance.duration, strict=True))
        if actual != out.makespan:
            errors.append(f"reported makespan {out.makespan}, schedule ends at {actual}")
            makespan = actual
        feasible = not errors
        if errors:
            note = "; ".join(errors[:3])
    suspect = []
    if out.status == "optimal" and makespan is not None and makespan > ref.best:
        suspect.append(f"'optimal' {makespan} > {ref.kind} {ref.best}")
    if feasible and ref.lower is not None and makespan is not None and makespan < ref.lower:
        suspect.append(f"makespan {makespan} < lower bound {ref.lower} ({ref.kind})")
    if out.bound is not None and out.bound > ref.best:
        suspect.append(f"bound {out.bound} > {ref.kind} {ref.best}")
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
        "to_1pct_s": "" if out.to_final is None else f"{out.to_final:.4f}",
        "feasible": int(feasible),
        "suspect": "; ".join(suspect),
        "note": note,
        "reference": ref.kind,
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
    mean_to_1pct: float


def summarise(rows: list[dict[str, object]]) -> Summary:
    """Aggregates over rows of one set and method; a failed row counts in `failed` only."""
    ok = [r for r in rows if int(r["feasible"])]  # type: ignore[call-overload]
    dev = [100 * (int(r["makespan"]) - int(r["best_known"])) / int(r["best_known"]) for r in ok]  # type: ignore[call-overload]
    cpm = [100 * (int(r["makespan"]) - int(r["cpm"])) / int(r["cpm"]) for r in ok]  # type: ignore[call-overload]
    secs = [float(r["seconds"]) for r in rows]  # type: ignore[arg-type]
    to_1pct = [float(str(r["to_1pct_s"])) for r in ok if r.get("to_1pct_s") not in (None, "")]
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
        mean_to_1pct=float(np.mean(to_1pct)) if to_1pct else math.nan,
    )


def reference_text(set_name: str, rows: list[dict[str, object]]) -> str:
    """What the deviations of a set's table are measured from."""
    if set_name in OFFICIAL:
        ref = "optimum" if set_name == "j30" else "best-known"
        return f"the {ref} makespan"
    if set_name in LARGE:
        return "the best lower bound this run knows (critical path or a method's reported bound)"
    instances = {str(r["instance"]): str(r["reference"]) for r in rows if r["set"] == set_name}
    long = sum(1 for kind in instances.values() if kind == "long run")
    texts = []
    if long:
        texts.append(f"the long-run makespan (`references/{set_name}.csv`) on {long} instances")
    if len(instances) > long:
        texts.append(
            "the best lower bound this run knows (critical path or a method's reported bound) "
            f"on the {len(instances) - long} instances without a matching long run"
        )
    return ", ".join(texts)


def table(set_name: str, rows: list[dict[str, object]], methods: list[str], limit: float) -> str:
    """The Markdown table of one set: one line per method."""
    same = "= best-known" if set_name in OFFICIAL else "= reference"
    lines = [
        f"**{set_name}** ({limit:g} s per instance for the exact methods; deviations from "
        f"{reference_text(set_name, rows)} and from the critical-path bound MPM-Time)",
        "",
        f"| method | instances | proven optimal | {same} | mean dev. | max dev. "
        "| mean dev. CPM | mean s | max s | mean s to 1% | infeasible/failed |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
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
            f"| {_seconds(s.mean_to_1pct)} | {failed} |"
        )
    return "\n".join(lines)


def _seconds(value: float) -> str:
    """Seconds with 2 decimals, or a dash where no method run reported them."""
    return "–" if math.isnan(value) else f"{value:.2f}"


def parameter_table(set_name: str, paths: list[Path]) -> str:
    """Requested against measured NC, RF and RS, by parameter value, over a set's files.

    The requested values are the file's parameter class (PSPLIB's numbering, which the
    generated sets share); RS averages the resources where Kmax > Kmin.
    """
    spec = progen.classes(set_name if set_name in progen.SETS else f"{set_name}like")
    got: dict[tuple[str, float], list[float]] = {}
    for path in paths:
        instance = read_sm(path)
        wanted = spec[instance.par - 1]
        m = measure(instance)
        rs = [r for r in m.rs if r is not None]
        got.setdefault(("NC", wanted.nc), []).append(m.nc)
        got.setdefault(("RF", wanted.rf), []).append(m.rf)
        got.setdefault(("RS", wanted.rs), []).append(sum(rs) / len(rs) if rs else math.nan)
    lines = [
        f"**{set_name}** ({len(paths)} instances): requested against measured from the files",
        "",
        "| parameter | requested | instances | measured mean | measured min | measured max |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for (name, value), values in sorted(got.items()):
        lines.append(
            f"| {name} | {value:g} | {len(values)} | {np.nanmean(values):.3f} "
            f"| {np.nanmin(values):.3f} | {np.nanmax(values):.3f} |"
        )
    return "\n".join(lines)


def set_instances(args: argparse.Namespace, set_name: str, folder: Path) -> list[Instance]:
    """The instances of a set: PSPLIB's files, a generated set written into `folder`, or the
    large plans of the first `--instances` seeds (all 5 by default)."""
    if set_name in LARGE:
        tasks, resources = LARGE[set_name]
        seeds = range(min(args.instances or LARGE_SEEDS, LARGE_SEEDS))
        return [plan_instance(set_name, tasks, resources, seed) for seed in seeds]
    if set_name in OFFICIAL:
        return [read_sm(path) for path in instances(set_name, args.instances)]
    progen.generate_set(set_name, args.per_cell, args.progen_seed, folder)
    return [read_sm(path) for path in instances(set_name, args.instances, folder)]


def run_set(
    set_name: str,
    items: list[Instance],
    methods: list[str],
    args: argparse.Namespace,
    done: list[dict[str, object]],
) -> list[dict[str, object]]:
    """Every method on every instance of a set; rows checked and compared with references
    (`done`: the rows of the sets before, written again with these to `--out`)."""
    official = references(set_name) if set_name in OFFICIAL else {}
    runs = long_runs(args.references / f"{set_name}.csv") if set_name in progen.SETS else {}
    if set_name in LARGE and "pyjobshop" in methods:
        print(f"{set_name}: no peer (its model has finish-to-start links only)", file=sys.stderr)
        methods = [m for m in methods if m != "pyjobshop"]
    rows: list[dict[str, object]] = []
    for number, instance in enumerate(items, 1):
        ctx = Context(args.limit, args.workers, args.seed)
        outcomes: dict[str, Outcome] = {}
        # steerco first: its heuristic step is the heuristic-1000 run, reused.
        for method in sorted(methods, key=lambda m: m != "steerco"):
            cached = ctx.cache.pop(method, None)
            outcomes[method] = cached if cached is not None else RUNNERS[method](instance, ctx)
        if set_name in OFFICIAL:
            ref = official[instance.par, instance.inst]
        else:
            run = runs.get(instance.name)
            long = (
                long_run_reference(run, instance.path) if isinstance(instance, SmInstance) else None
            )
            ref = long or bound_reference(instance, outcomes)
        rows += [row_for(set_name, instance, m, out, ref) for m, out in outcomes.items()]
        if args.out is not None:
            write_csv(args.out, done + rows)
        progress = []
        for method in methods:
            s = summarise([r for r in rows if r["method"] == method])
            progress.append(
                f"{method}: opt {s.optimal:.0f}% dev {s.mean_dev:.2f}% {s.mean_s:.2f}s"
                + (f" FAILED {s.failed}" if s.failed else "")
            )
        print(
            f"{set_name} {number}/{len(items)} {instance.name}: " + " | ".join(progress),
            file=sys.stderr,
            flush=True,
        )
    return rows


SET_CHOICES = [*OFFICIAL, *progen.SETS, *LARGE]


def main(argv: list[str] | None = None) -> None:
    """Command line: the tables (or, with --parameters, the measured parameters) per set."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="+", default=["j30", "j60"], choices=SET_CHOICES)
    parser.add_argument("--limit", type=float, default=10.0, help="seconds per instance")
    parser.add_argument("--instances", type=int, default=None, help="first N per set")
    parser.add_argument("--methods", nargs="+", default=list(METHODS), choices=METHODS)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=None, help="per-instance rows (CSV)")
    parser.add_argument(
        "--per-cell", type=int, default=1, help="generated sets: instances per class"
    )
    parser.add_argument(
        "--progen-seed", type=int, default=progen.DEFAULT_SEED, help="generated sets' seed"
    )
    parser.add_argument(
        "--generated", type=Path, default=None, help="keep generated sets here (else a temp dir)"
    )
    parser.add_argument(
        "--references", type=Path, default=REFERENCES, help="folder of <set>.csv long runs"
    )
    parser.add_argument(
        "--parameters", action="store_true", help="print measured NC/RF/RS per set, no solving"
    )
    args = parser.parse_args(argv)
    if args.per_cell < 1:
        parser.error(f"--per-cell {args.per_cell}: must be at least 1")

    with tempfile.TemporaryDirectory(prefix="progen-") as scratch:
        folder = args.generated or Path(scratch)
        try:
            items = {name: set_instances(args, name, folder) for name in args.sets}
        except OSError as error:
            parser.error(f"cannot write the generated sets into {folder}: {error}")
        if args.parameters:
            for set_name in args.sets:
                if set_name in LARGE:
                    print(f"{set_name}: a large plan, not a ProGen instance: no NC/RF/RS\n")
                    continue
                files = [i.path for i in items[set_name] if isinstance(i, SmInstance)]
                print(parameter_table(set_name, files))
                print()
            return
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
            rows += run_set(set_name, items[set_name], methods, args, rows)
    for set_name in args.sets:
        print(table(set_name, rows, methods, args.limit))
        print()


if __name__ == "__main__":
    main()
