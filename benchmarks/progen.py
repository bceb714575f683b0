"""ProGen-like single-mode RCPSP instances, written as PSPLIB `.sm` files.

Follows ProGen (Kolisch, Sprecher & Drexl 1995, Management Science 41(10)), the generator
of PSPLIB's j30/j60/j90/j120 sets, with the parameters PSPLIB used:

- `jobs` non-dummy jobs numbered 2..jobs+1 in topological order, a dummy source (job 1)
  and sink (job jobs+2); durations uniform 1..10; 4 renewable resources.
- The network: exactly `starts` start jobs (2..starts+1, the source's only successors)
  and `finishes` finish jobs (the last ones, the sink's only predecessors); every other
  job has a real predecessor and a real successor; at most 3 successors and 3
  predecessors per job; no redundant arc (none implied by a longer path), as ProGen.
  Network complexity NC = arcs / nodes, dummies and their arcs included, so the network
  gets ceil(NC (jobs + 2)) arcs (PSPLIB's files: NC 1.8 on j30 has 58 arcs on 32 nodes).
  Built as ProGen does: one predecessor for each non-start job, one successor for each
  job still without one, then random non-redundant arcs up to the count.
- Resource factor RF = the mean share of the resources a job uses: round(RF jobs K)
  uses in all, every job at least one; demands uniform 1..10.
- Resource strength RS: capacity K_k = Kmin_k + round(RS (Kmax_k - Kmin_k)), Kmin_k the
  largest single demand for k, Kmax_k the peak of k's profile in the earliest-start
  schedule (precedence only).

Deterministic: an instance is a function of (set seed, jobs, class, instance number)
through `numpy.random.SeedSequence`; its own seed is written in the file's header.

Run: `.venv/bin/python benchmarks/progen.py --set j120like --per-cell 1 --seed 1 --out DIR`
writes DIR/j120like<class>_<instance>.sm for every parameter class (classes numbered as
in PSPLIB: NC slowest, then RF, then RS).
"""

from __future__ import annotations

import argparse
import itertools
import math
import os
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

DEFAULT_SEED = 1
ATTEMPTS = 200  # fresh networks tried before a parameter set is called unreachable


@dataclass(frozen=True)
class Params:
    """The parameters of one ProGen instance (PSPLIB's values by default)."""

    jobs: int
    nc: float
    rf: float
    rs: float
    resources: int = 4
    max_duration: int = 10
    max_demand: int = 10
    starts: int = 3
    finishes: int = 3
    max_successors: int = 3
    max_predecessors: int = 3

    @property
    def arcs(self) -> int:
        """Arcs the network gets: ceil(NC x nodes), dummies and their arcs counted."""
        return math.ceil(self.nc * (self.jobs + 2) - 1e-9)

    @property
    def uses(self) -> int:
        """(job, resource) pairs with a demand: round(RF x jobs x resources)."""
        return math.floor(self.rf * self.jobs * self.resources + 0.5)


@dataclass(frozen=True)
class SetSpec:
    """A family of instances: job count and the values crossed into parameter classes."""

    jobs: int
    nc: tuple[float, ...]
    rf: tuple[float, ...]
    rs: tuple[float, ...]


_NC = (1.5, 1.8, 2.1)
_RF = (0.25, 0.5, 0.75, 1.0)
SETS: dict[str, SetSpec] = {
    "j30like": SetSpec(30, _NC, _RF, (0.2, 0.5, 0.7, 1.0)),
    "j60like": SetSpec(60, _NC, _RF, (0.2, 0.5, 0.7, 1.0)),
    "j90like": SetSpec(90, _NC, _RF, (0.2, 0.5, 0.7, 1.0)),
    "j120like": SetSpec(120, _NC, _RF, (0.1, 0.2, 0.3, 0.4, 0.5)),
}


def classes(set_name: str) -> list[Params]:
    """The parameter classes of a set, in PSPLIB's order (class 1 first)."""
    spec = SETS[set_name]
    return [
        Params(spec.jobs, nc, rf, rs) for nc, rf, rs in itertools.product(spec.nc, spec.rf, spec.rs)
    ]


@dataclass(frozen=True)
class Instance:
    """A generated instance, jobs from 0 (the source) to jobs+1 (the sink)."""

    name: str
    params: Params
    seed: int
    duration: list[int]
    successors: list[list[int]]
    demand: list[list[int]]
    capacity: list[int]


def check_params(params: Params) -> None:
    """Raise ValueError naming the first parameter out of its range."""
    p = params
    if p.resources < 1 or p.max_duration < 1 or p.max_demand < 1:
        raise ValueError("resources, max_duration and max_demand must be at least 1")
    if min(p.starts, p.finishes, p.max_successors, p.max_predecessors) < 1:
        raise ValueError("starts, finishes and the fan-in/out limits must be at least 1")
    if p.jobs < p.starts + p.finishes:
        raise ValueError(f"jobs = {p.jobs} < starts + finishes = {p.starts + p.finishes}")
    if not 1 / p.resources <= p.rf <= 1:
        raise ValueError(f"RF = {p.rf} outside [1/{p.resources}, 1] (every job uses a resource)")
    if not 0 <= p.rs <= 1:
        raise ValueError(f"RS = {p.rs} outside [0, 1]")
    if p.nc <= 0:
        raise ValueError(f"NC = {p.nc} must be positive")
    most = (
        p.starts
        + p.finishes
        + min((p.jobs - p.finishes) * p.max_successors, (p.jobs - p.starts) * p.max_predecessors)
    )
    if p.arcs > most:
        raise ValueError(
            f"NC = {p.nc} ({p.arcs} arcs) unreachable: {p.jobs} jobs with at most "
            f"{p.max_successors} successors and {p.max_predecessors} predecessors have {most}"
        )


def _bits(mask: int) -> Iterator[int]:
    while mask:
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low


class _Dag:
    """Arcs between the real jobs 0..n-1 with reachability bitsets, for redundancy tests."""

    def __init__(self, n: int) -> None:
        self.succ = [0] * n
        self.desc = [0] * n  # jobs reachable from j (j excluded)
        self.anc = [0] * n  # jobs that reach j
        self.indeg = [0] * n
        self.outdeg = [0] * n
        self.count = 0

    def redundant(self, i: int, j: int) -> bool:
        """Whether arc i -> j is implied by a path, or makes an arc a -> b implied."""
        if self.desc[i] >> j & 1:
            return True
        below = self.desc[j] | 1 << j
        return any(self.succ[a] & below for a in _bits(self.anc[i] | 1 << i))

    def add(self, i: int, j: int) -> None:
        """Add arc i -> j and update reachability."""
        self.succ[i] |= 1 << j
        self.outdeg[i] += 1
        self.indeg[j] += 1
        self.count += 1
        above = self.anc[i] | 1 << i
        below = self.desc[j] | 1 << j
        for a in _bits(above):
            self.desc[a] |= below
        for b in _bits(below):
            self.anc[b] |= above


def _network(p: Params, rng: np.random.Generator) -> _Dag | None:
    """One try of ProGen's three steps on real jobs 0..n-1; None where it gets stuck."""
    n, s, f = p.jobs, p.starts, p.finishes
    dag = _Dag(n)
    target = p.arcs - s - f  # the dummies' arcs are fixed
    first_finish = n - f
    # Step 1: a predecessor for every non-start job, among earlier non-finish jobs.
    for j in range(s, n):
        options = [i for i in range(min(j, first_finish)) if dag.outdeg[i] < p.max_successors]
        if not options:
            return None
        dag.add(options[int(rng.integers(len(options)))], j)
    # Step 2: a successor for every non-finish job still without one, the last first
    # (they have the fewest later jobs to choose from).
    for i in reversed(range(first_finish)):
        if dag.outdeg[i]:
            continue
        options = [
            j
            for j in range(max(i + 1, s), n)
            if dag.indeg[j] < p.max_predecessors and not dag.redundant(i, j)
        ]
        if not options:
            return None
        dag.add(i, options[int(rng.integers(len(options)))])
    if dag.count > target:
        return None
    # Step 3: random non-redundant arcs i -> j (i < j) up to the arc count.
    while dag.count < target:
        froms = [i for i in range(first_finish) if dag.outdeg[i] < p.max_successors]
        if not froms:
            return None
        found = False
        for _ in range(50):  # random pairs first; all the pairs left when they keep failing
            i = froms[int(rng.integers(len(froms)))]
            tos = [j for j in range(max(i + 1, s), n) if dag.indeg[j] < p.max_predecessors]
            if not tos:
                continue
            j = tos[int(rng.integers(len(tos)))]
            if not dag.redundant(i, j):
                dag.add(i, j)
                found = True
                break
        if found:
            continue
        pairs = [
            (i, j)
            for i in froms
            for j in range(max(i + 1, s), n)
            if dag.indeg[j] < p.max_predecessors and not dag.redundant(i, j)
        ]
        if not pairs:
            return None
        dag.add(*pairs[int(rng.integers(len(pairs)))])
    return dag


def _demands(p: Params, rng: np.random.Generator) -> list[list[int]] | None:
    """Demands of the real jobs: `uses` (job, resource) pairs, at least one per job, drawn
    as one pair per job plus the rest spread over the other slots; None if a resource is
    left unused."""
    n, k = p.jobs, p.resources
    count = np.ones(n, dtype=np.int64)
    if k > 1:
        extra = rng.choice(n * (k - 1), p.uses - n, replace=False)
        count += np.bincount(extra // (k - 1), minlength=n)
    demand = np.zeros((n, k), dtype=np.int64)
    for j in range(n):
        used = rng.choice(k, int(count[j]), replace=False)
        demand[j, used] = rng.integers(1, p.max_demand + 1, used.size)
    if (demand.max(axis=0) == 0).any():
        return None
    return demand.tolist()


def earliest_starts(duration: list[int], successors: list[list[int]]) -> list[int]:
    """ES_j = max over predecessors i of ES_i + d_i, jobs numbered in topological order."""
    es = [0] * len(duration)
    for i, after in enumerate(successors):
        for j in after:
            es[j] = max(es[j], es[i] + duration[i])
    return es


def _capacity(
    p: Params, duration: list[int], successors: list[list[int]], demand: list[list[int]]
) -> list[int]:
    """K_k = Kmin_k + round(RS (Kmax_k - Kmin_k)) from the earliest-start profile."""
    es = earliest_starts(duration, successors)
    horizon = max(e + d for e, d in zip(es, duration, strict=True))
    profile = np.zeros((horizon + 1, p.resources), dtype=np.int64)
    for j, row in enumerate(demand):
        profile[es[j] : es[j] + duration[j]] += row
    kmax = profile.max(axis=0)
    kmin = np.asarray(demand).max(axis=0)
    return [int(lo + math.floor(p.rs * (hi - lo) + 0.5)) for lo, hi in zip(kmin, kmax, strict=True)]


def generate(params: Params, seed: int, name: str = "progen") -> Instance:
    """A ProGen-like instance drawn from `seed`; ValueError if the parameters are unreachable."""
    check_params(params)
    rng = np.random.default_rng(seed)
    n = params.jobs
    for _ in range(ATTEMPTS):
        dag = _network(params, rng)
        if dag is not None:
            break
    else:
        raise ValueError(
            f"NC = {params.nc} ({params.arcs} arcs) unreachable for {n} jobs with at most "
            f"{params.max_successors} successors and {params.max_predecessors} predecessors"
        )
    sink = n + 1
    successors = [[j + 1 for j in range(params.starts)]]
    for i in range(n):
        successors.append([j + 1 for j in _bits(dag.succ[i])] or [sink])
    successors.append([])
    duration = [0, *rng.integers(1, params.max_duration + 1, n).tolist(), 0]
    for _ in range(ATTEMPTS):
        real = _demands(params, rng)
        if real is not None:
            break
    else:
        raise ValueError(f"RF = {params.rf} leaves a resource unused with {n} jobs")
    zero = [0] * params.resources
    demand = [zero, *real, zero]
    capacity = _capacity(params, duration, successors, demand)
    return Instance(name, params, seed, duration, successors, demand, capacity)


def instance_seed(set_seed: int, jobs: int, par: int, inst: int) -> int:
    """The seed of instance `inst` of class `par`: a hash of the set's seed and position."""
    return int(np.random.SeedSequence([set_seed, jobs, par, inst]).generate_state(1)[0])


def sm_text(instance: Instance) -> str:
    """The instance in PSPLIB's single-mode `.sm` layout."""
    p = instance.params
    jobs = len(instance.duration)
    k = p.resources
    es = earliest_starts(instance.duration, instance.successors)
    mpm = max(e + d for e, d in zip(es, instance.duration, strict=True))
    rule = "*" * 72
    heads = "  ".join(f"R {r + 1}" for r in range(k))
    lines = [
        rule,
        f"file with basedata            : progen.py NC {p.nc:g} RF {p.rf:g} RS {p.rs:g}",
        f"initial value random generator: {instance.seed}",
        rule,
        "projects                      :  1",
        f"jobs (incl. supersource/sink ):  {jobs}",
        f"horizon                       :  {sum(instance.duration)}",
        "RESOURCES",
        f"  - renewable                 :  {k}   R",
        "  - nonrenewable              :  0   N",
        "  - doubly constrained        :  0   D",
        rule,
        "PROJECT INFORMATION:",
        "pronr.  #jobs rel.date duedate tardcost  MPM-Time",
        f"    1   {jobs - 2:4d}      0   {mpm:5d}        0   {mpm:5d}",
        rule,
        "PRECEDENCE RELATIONS:",
        "jobnr.    #modes  #successors   successors",
    ]
    for j, after in enumerate(instance.successors):
        cells = "".join(f"{s + 1:4d}" for s in after)
        lines.append(f"{j + 1:4d}        1       {len(after):4d}       {cells}".rstrip())
    lines += [rule, "REQUESTS/DURATIONS:", f"jobnr. mode duration  {heads}", "-" * 72]
    for j, row in enumerate(instance.demand):
        cells = "".join(f"{x:5d}" for x in row)
        lines.append(f"{j + 1:3d}      1  {instance.duration[j]:4d}  {cells}")
    capacity = "".join(f"{c:5d}" for c in instance.capacity)
    lines += [rule, "RESOURCEAVAILABILITIES:", f"  {heads}", capacity, rule]
    return "\n".join(lines) + "\n"


def write_text(path: Path, text: str) -> None:
    """Write `text` to a temporary file beside `path`, then rename it over `path`."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="ascii", newline="\n") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def instance_name(set_name: str, par: int, inst: int) -> str:
    """`j120like7_3`: class 7, instance 3 (PSPLIB's `j1207_3`, with `like` after the size)."""
    return f"{set_name}{par}_{inst}"


def generate_set(set_name: str, per_cell: int, seed: int, out: Path) -> list[Path]:
    """Write `per_cell` instances of every class of `set_name` into `out`; their paths in
    rounds over the classes (instance 1 of every class, then instance 2, ...)."""
    if set_name not in SETS:
        raise ValueError(f"unknown set {set_name!r}; one of {', '.join(SETS)}")
    if per_cell < 1:
        raise ValueError(f"per-cell = {per_cell} must be at least 1")
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for inst in range(1, per_cell + 1):
        for par, params in enumerate(classes(set_name), 1):
            name = instance_name(set_name, par, inst)
            instance = generate(params, instance_seed(seed, params.jobs, par, inst), name)
            path = out / f"{name}.sm"
            write_text(path, sm_text(instance))
            paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    """Command line: write a generated set; exit 2 with a message on bad input."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", required=True, choices=sorted(SETS), dest="set_name")
    parser.add_argument("--per-cell", type=int, default=1, help="instances per class")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", type=Path, required=True, help="folder for the .sm files")
    args = parser.parse_args(argv)
    if args.per_cell < 1:
        parser.error(f"--per-cell {args.per_cell}: must be at least 1")
    try:
        paths = generate_set(args.set_name, args.per_cell, args.seed, args.out)
    except OSError as error:
        print(f"progen.py: cannot write into {args.out}: {error}", file=sys.stderr)
        return 2
    print(f"wrote {len(paths)} instances of {args.set_name} (seed {args.seed}) to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
