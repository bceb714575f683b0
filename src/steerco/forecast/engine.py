"""The Monte Carlo engine: sample durations and risk events, run the network, keep statistics.

Iterations run in fixed-size blocks. Block b draws from its own stream,
`SeedSequence(seed).spawn(...)[b]`, so a seed gives the same numbers on any machine
whatever the memory, and memory is bounded by one block. Within a block every array is
(network positions x iterations), one contiguous row per task, and the passes walk the
links in topological order, one row operation per link for all iterations of the block
(the loop structure was chosen by measurement: see benchmarks/montecarlo.py). Durations are real
numbers of working units; nothing is rounded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from steerco.forecast.calendar_pass import calendar_iterations
from steerco.forecast.correlation import Copula, copula, correlate
from steerco.forecast.distributions import Distributions, inverse_cdf, sample_uniforms
from steerco.forecast.stats import quantile_stderr
from steerco.schedule.cost import CostTable, overhead_cost
from steerco.schedule.network import LevelPlan, Network
from steerco.schedule.worktime import TaskCalendars

if TYPE_CHECKING:
    from steerco.forecast.total_level import TotalLevel

__all__ = [
    "BLOCK",
    "SENSITIVITY_ITERATIONS",
    "SENSITIVITY_VALUES",
    "ForecastInput",
    "Levelling",
    "ReworkEvents",
    "RiskEvents",
    "Simulation",
    "SimulationPart",
    "backward_pass",
    "block_count",
    "block_size",
    "forward_pass",
    "merge_parts",
    "simulate",
    "simulate_blocks",
]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

BLOCK = 1000
"""Iterations per block of a large network; smaller networks take several of these."""
_BLOCK_VALUES = 8_000_000
_MIN_ITERATIONS_FOR_PRECISION = 2000
_PASS_VALUES = 2_000_000
_PASS_COLUMNS = 2000


def block_size(tasks: int) -> int:
    """Iterations per block: 1,000 x (8,000 // tasks), between 1,000 and 8,000.

    It depends on the network only, never on the machine, so a seed gives the same
    numbers everywhere; small networks get longer rows, which spread the fixed cost of
    each row operation over more iterations.
    """
    return BLOCK * min(8, max(1, _BLOCK_VALUES // BLOCK // max(tasks, 1)))


SENSITIVITY_VALUES = 2_000_000
"""Task-samples kept for the rank correlations (sensitivity): about 8 MB as float32.

Ranking costs about as much as the simulation itself; two thousand iterations put a
Spearman coefficient within about 0.02 of its limit, plenty for a tornado chart.
"""
SENSITIVITY_ITERATIONS = 2000
"""The sensitivity keeps at least this many iterations (all, when fewer ran)."""
_EPS = 1e-9


@dataclass(frozen=True)
class RiskEvents:
    """Risks as events: each occurs with its probability and delays its tasks (network rows)."""

    ids: list[str]
    probability: FloatArray
    delay: Distributions
    cost: FloatArray
    tasks: list[IntArray]

    @property
    def size(self) -> int:
        """Number of risks."""
        return len(self.ids)


@dataclass(frozen=True)
class ReworkEvents:
    """The gates whose failure the engine draws: each fails with its probability per iteration.

    `milestone[k]` is the gated milestone's network row, delayed by `delay[k]` units when
    gate k fails; `tasks[k]` the network rows of its rework task, whose durations count
    only when it fails (empty for a duration path).
    """

    probability: FloatArray
    delay: FloatArray
    milestone: IntArray
    tasks: list[IntArray]

    @property
    def size(self) -> int:
        """Number of gates drawn."""
        return int(self.probability.size)


Levelling = Callable[[FloatArray, FloatArray], FloatArray]
"""(durations, early starts) by position, iterations in columns -> levelled starts."""


@dataclass(frozen=True)
class ForecastInput:
    """What a forecast runs: the network, its duration distributions, risks, correlation."""

    network: Network
    durations: Distributions
    risks: RiskEvents
    correlations: list[tuple[list[int], float]] = field(default_factory=list)
    levelling: Levelling | None = None
    duration_cap: FloatArray | None = None
    """The most a task's sample may be, by network row (inf: no cap); see `horizon_caps`."""
    delay_cap: FloatArray | None = None
    """The most a risk's sampled delay may be (inf: no cap)."""
    shared: tuple[list[int], float] | None = None
    """Network rows whose normal scores share one factor, and its correlation (the shared
    error of tasks calibrated on history, `steerco.forecast.calibrated.share_normals`)."""
    rework: ReworkEvents | None = None
    """The metric gates that may fail and what failing costs (`steerco.forecast.rework`)."""
    level: tuple[list[int], TotalLevel] | None = None
    """Network rows whose sampled durations an iteration multiplies by one factor
    `exp(sd · z)`, and the level that says `sd` (the total's level of the tasks calibrated
    on history, `steerco.forecast.total_level`; not applied: no factor)."""


@dataclass
class Simulation:
    """Raw outcome of the iterations, in network order where per task."""

    iterations: int
    makespan: FloatArray
    milestone_finish: FloatArray
    cost: FloatArray
    critical_count: FloatArray
    sample_durations: NDArray[np.float32]
    risk_occurred: FloatArray
    risk_delay_sum: FloatArray
    copula_repaired: bool = False
    capped: int = 0
    """Samples (task durations and risk delays) cut to their cap to keep within the horizon."""


def forward_pass(
    plan: LevelPlan, d: FloatArray, floor: FloatArray, *, finish: FloatArray | None = None
) -> FloatArray:
    """Early starts by position for every column of `d` (positions x iterations).

    Task by task in topological position: a task's early start is final when it is
    reached, so its early finish row `ES_i + d_i` is computed once and pushed along each
    out-link, `ES_j = max(ES_j, ((ES_i + a d_i) + lag) - b d_j)`; a finish-to-start link
    without lag is then one maximum. With `finish` (one value per column), each column's
    project finish `max_i (ES_i + d_i)` is written into it on the way; only tasks without
    an FS out-link of lag >= 0 can finish last (such a successor finishes no earlier, in
    floating point too), so only theirs are compared. Every step reads and writes whole
    contiguous rows, which measured faster than one gather and segmented maximum per level
    (benchmarks/montecarlo.py).
    """
    n = d.shape[0]
    es = np.empty_like(d)  # each row is written first by its first in-link (or its floor)
    started = [False] * n
    floors = floor.tolist()
    early_finish = np.empty(d.shape[1])
    row = np.empty(d.shape[1])
    if finish is not None:
        finish[...] = 0.0 if n == 0 else -np.inf
    ptr = np.searchsorted(plan.out_src, np.arange(n + 1)).tolist()
    followed = np.zeros(n, dtype=bool)
    finish_to_start = (plan.out_from_finish == 1.0) & (plan.out_to_finish == 0.0)
    followed[plan.out_src[finish_to_start & (plan.out_lag >= 0)]] = True
    last = (~followed).tolist() if finish is not None else [False] * n
    links = list(
        zip(
            plan.out_dst.tolist(),
            plan.out_from_finish.tolist(),
            plan.out_lag.tolist(),
            plan.out_to_finish.tolist(),
            strict=True,
        )
    )
    for i in range(n):
        if not started[i]:
            es[i].fill(floors[i])
        out = links[ptr[i] : ptr[i + 1]]
        if last[i] or any(a for _, a, _, _ in out):
            np.add(es[i], d[i], out=early_finish)
            if last[i] and finish is not None:
                np.maximum(finish, early_finish, out=finish)
        for j, a, lag, b in out:
            base = early_finish if a else es[i]
            if lag:
                np.add(base, lag, out=row)
                base = row
            if b:
                np.subtract(base, d[j], out=row)
                base = row
            if started[j]:
                np.maximum(es[j], base, out=es[j])
            else:
                np.maximum(base, floors[j], out=es[j])
                started[j] = True
    return es


def backward_pass(plan: LevelPlan, d: FloatArray, finish: FloatArray) -> FloatArray:
    """Late finishes by position for every column, against the column's project finish."""
    lf = np.empty_like(d)
    lf[...] = finish[None, :]
    row = np.empty(d.shape[1])
    links = zip(
        plan.out_src.tolist(),
        plan.out_dst.tolist(),
        plan.out_from_finish.tolist(),
        plan.out_lag.tolist(),
        plan.out_to_finish.tolist(),
        strict=True,
    )
    for i, j, a, lag, b in reversed(list(links)):
        # LF_i <= LF_j - (1 - b) d_j - lag + (1 - a) d_i
        if b:
            row[...] = lf[j]
        else:
            np.subtract(lf[j], d[j], out=row)
        if lag:
            row -= lag
        if not a:
            row += d[i]
        np.minimum(lf[i], row, out=lf[i])
    return lf


@dataclass(frozen=True)
class _Prepared:
    """Per-position arrays computed once for all blocks."""

    uncertain: IntArray
    fixed: IntArray
    fixed_value: FloatArray
    dist: Distributions
    copula: Copula | None
    floor: FloatArray
    risk_rows: list[IntArray]
    milestones: IntArray
    rate: FloatArray | None
    fixed_cost: float
    overheads: CostTable | None
    """The cost table when it has overheads that follow the sampled spans, else None."""
    cap_at: IntArray
    cap: FloatArray
    delay_cap_at: IntArray
    delay_cap: FloatArray
    shared_rows: IntArray
    shared_rho: float
    level_rows: IntArray
    """Positions the level factor moves (uncertain ones only: a finished task stays put)."""
    level_sd: float
    rework_milestone: IntArray
    """Positions of the gated milestones a failing gate delays (`ForecastInput.rework`)."""
    rework_tasks: list[IntArray]
    """Positions of each gate's rework task, done only when the gate fails."""
    milestone_calendar: IntArray | None
    """The calendar of each milestone (task calendars only), to date a delayed one."""

    @property
    def shares(self) -> bool:
        """Whether some rows' normal scores share a factor (two or more rows, rho > 0)."""
        return self.shared_rows.size > 1 and self.shared_rho > 0


def _prepare(inputs: ForecastInput) -> _Prepared:
    net = inputs.network
    order, position = net.plan.order, net.plan.position
    dist = inputs.durations.take(order)
    uncertain = np.flatnonzero(dist.uncertain).astype(np.int64)
    fixed = np.flatnonzero(~dist.uncertain).astype(np.int64)
    row_of = np.full(net.size, -1, dtype=np.int64)
    row_of[uncertain] = np.arange(uncertain.size)
    groups = []
    for rows, coefficient in inputs.correlations:
        mine = [int(row_of[position[r]]) for r in rows if row_of[position[r]] >= 0]
        if len(mine) >= 2:
            groups.append((mine, coefficient))
    shared_rows, shared_rho = np.zeros(0, dtype=np.int64), 0.0
    if inputs.shared is not None:
        mapped = [int(row_of[position[r]]) for r in inputs.shared[0]]
        shared_rows = np.unique(np.array([r for r in mapped if r >= 0], dtype=np.int64))
        shared_rho = inputs.shared[1]
    level_rows, level_sd = np.zeros(0, dtype=np.int64), 0.0
    if inputs.level is not None and inputs.level[1].applied and inputs.level[1].sd > 0:
        moved = [int(position[r]) for r in inputs.level[0] if row_of[position[r]] >= 0]
        level_rows = np.unique(np.array(moved, dtype=np.int64))
        level_sd = inputs.level[1].sd
    costs = net.costs
    rework = inputs.rework
    cap = np.full(net.size, np.inf) if inputs.duration_cap is None else inputs.duration_cap[order]
    cap_at = np.flatnonzero(np.isfinite(cap)).astype(np.int64)
    delay_cap = np.full(inputs.risks.size, np.inf) if inputs.delay_cap is None else inputs.delay_cap
    delay_cap_at = np.flatnonzero(np.isfinite(delay_cap)).astype(np.int64)
    return _Prepared(
        uncertain=uncertain,
        fixed=fixed,
        fixed_value=dist.likely[fixed],
        dist=dist.take(uncertain),
        copula=copula(uncertain.size, groups),
        floor=net.earliest_start[order],
        risk_rows=[position[rows] for rows in inputs.risks.tasks],
        milestones=position[np.flatnonzero(net.milestone)],
        rate=costs.rate[order] if costs is not None else None,
        fixed_cost=float(costs.fixed.sum()) if costs is not None else 0.0,
        overheads=costs if costs is not None and (costs.overhead or costs.spans) else None,
        cap_at=cap_at,
        cap=cap[cap_at],
        delay_cap_at=delay_cap_at,
        delay_cap=delay_cap[delay_cap_at],
        shared_rows=shared_rows,
        shared_rho=shared_rho,
        level_rows=level_rows,
        level_sd=level_sd,
        rework_milestone=np.zeros(0, dtype=np.int64)
        if rework is None
        else position[rework.milestone],
        rework_tasks=[] if rework is None else [position[rows] for rows in rework.tasks],
        milestone_calendar=None
        if net.calendars is None
        else net.calendars.index[order][position[np.flatnonzero(net.milestone)]],
    )


def _uniforms(
    prep: _Prepared, rng: np.random.Generator, rows: int, size: int, lhs: bool
) -> FloatArray:
    """The uniforms of `rows` varying items (items x samples): stratified, correlated, shared.

    Without strata or a copula the shared rows take their normal scores from `rng`
    directly (`share_normals`); otherwise their uniforms go through `share_factor`.
    """
    if prep.shares and not lhs and prep.copula is None:
        return _shared_uniforms(prep, rng, rows, size)
    u = sample_uniforms(rng, rows, size, lhs=lhs)
    if prep.copula is not None:
        correlate(prep.copula, u)
    if prep.shares:
        _share(prep, u, rng)
    return u


def _shared_uniforms(prep: _Prepared, rng: np.random.Generator, rows: int, size: int) -> FloatArray:
    """Independent uniforms, the shared rows' from normal scores with their common factor."""
    from steerco.forecast.calibrated import share_normals

    shared = prep.shared_rows  # sorted and distinct: as many as the rows means all of them
    if shared.size == rows:  # in place, no copy
        u = rng.standard_normal((rows, size))
        return share_normals(u, prep.shared_rho, rng.standard_normal(size), out=u)
    u = np.empty((rows, size))
    alone = np.ones(rows, dtype=bool)
    alone[shared] = False
    u[alone] = rng.random((int(alone.sum()), size))
    scores = rng.standard_normal((shared.size, size))
    u[shared] = share_normals(scores, prep.shared_rho, rng.standard_normal(size), out=scores)
    return u


def _share(prep: _Prepared, u: FloatArray, rng: np.random.Generator) -> None:
    """Give the shared rows of `u` (items x samples) their common factor, in place."""
    from steerco.forecast.calibrated import share_factor

    common = np.asarray(rng.standard_normal(int(u.shape[1])), dtype=np.float64)
    rows = prep.shared_rows  # sorted and distinct: as many as `u` has means all of them
    if rows.size == u.shape[0]:  # the factor applies sample by sample: in place, no copy
        share_factor(u, prep.shared_rho, common, out=u)
    else:
        part = u[rows]
        u[rows] = share_factor(part, prep.shared_rho, common, out=part)


def _block_durations(
    prep: _Prepared,
    risks: RiskEvents,
    rng: np.random.Generator,
    size: int,
    lhs: bool,
    rework: ReworkEvents | None = None,
) -> tuple[FloatArray, NDArray[np.bool_], FloatArray, int]:
    """Durations by position for one block, the risks' occurrences and delays, samples capped.

    The rows of the total's level factor (`ForecastInput.level`) are multiplied by one
    factor per iteration, drawn right after the durations (and only when there is one, so
    that a forecast without it draws what it drew before). Then each gate with a rework
    path fails with its probability (drawn last, so that without rework the other draws
    are the same): its milestone is delayed, its rework task's duration kept; where the
    gate holds, the rework task takes 0.
    """
    n = prep.uncertain.size + prep.fixed.size
    direct = rng if not lhs and prep.copula is None and not prep.shares else None
    if prep.fixed.size == 0 and n:  # every position varies: the uniforms become the durations
        d = _uniforms(prep, rng, n, size, lhs)
        inverse_cdf(prep.dist, d, direct, out=d)
    else:
        d = np.empty((n, size))
        d[prep.fixed] = prep.fixed_value[:, None]
        if prep.uncertain.size:
            u = _uniforms(prep, rng, prep.uncertain.size, size, lhs)
            d[prep.uncertain] = inverse_cdf(prep.dist, u, direct, out=u)
    if prep.level_rows.size:  # one factor per iteration, drawn only when there is a level
        d[prep.level_rows] *= np.exp(prep.level_sd * rng.standard_normal(size))
    occurred = sample_uniforms(rng, risks.size, size, lhs=False) < risks.probability[:, None]
    delay = inverse_cdf(
        risks.delay, sample_uniforms(rng, risks.size, size, lhs=lhs), None if lhs else rng
    )
    delay *= occurred
    capped = _cap_rows(d, prep.cap_at, prep.cap) + _cap_rows(
        delay, prep.delay_cap_at, prep.delay_cap
    )
    for k, rows in enumerate(prep.risk_rows):
        if rows.size:
            d[rows] += delay[k]
    if rework is not None and rework.size:
        fails = sample_uniforms(rng, rework.size, size, lhs=False) < rework.probability[:, None]
        for k, at in enumerate(prep.rework_milestone.tolist()):  # over gates, not iterations
            if rework.delay[k]:
                d[at] += rework.delay[k] * fails[k]
            rows = prep.rework_tasks[k]
            if rows.size:
                d[rows] *= fails[k]
    return d, occurred, delay, capped


def _overheads(
    table: CostTable,
    position: IntArray,
    es: FloatArray,
    d: FloatArray,
    finish: FloatArray,
    calendars: TaskCalendars | None = None,
) -> FloatArray:
    """The overheads of each column: the project's over its finish, the summaries' spans.

    On task calendars a leaf's finish is where its work ends on its calendar, not ES + d.
    """
    if not table.spans:
        return overhead_cost(table, finish[None], finish[None], finish)
    start = es[position]
    if calendars is None:
        return overhead_cost(table, start, start + d[position], finish)
    ends = calendars.finish(calendars.index[:, None], start, d[position])
    return overhead_cost(table, start, ends, finish)


def _cap_rows(values: FloatArray, rows: IntArray, cap: FloatArray) -> int:
    """Cut `values[rows]` to `cap` (one per row) in place; how many samples were cut."""
    if rows.size == 0:
        return 0
    if rows.size == values.shape[0]:  # sorted and distinct (flatnonzero): every row, in place
        limit = cap[:, None]
        over = int(np.count_nonzero(values > limit))
        if over:
            np.minimum(values, limit, out=values)
        return over
    part = values[rows]
    over = int(np.count_nonzero(part > cap[:, None]))
    if over:
        values[rows] = np.minimum(part, cap[:, None])
    return over


def _pass_columns(tasks: int) -> int:
    """Columns of a block that the forward and backward passes take at a time.

    The passes are independent column by column, so slicing changes no number; slices of
    about `_PASS_VALUES` values (at least `_PASS_COLUMNS` columns, which keeps the
    per-row overhead small) touch less fresh memory than a whole block of a mid-sized
    network, which measured faster in a fresh process.
    """
    return max(_PASS_COLUMNS, _PASS_VALUES // max(tasks, 1))


def block_count(tasks: int, iterations: int) -> int:
    """How many blocks `iterations` iterations of a network of `tasks` tasks take."""
    return -(-iterations // block_size(tasks))


@dataclass
class SimulationPart:
    """Blocks [first, end) of a run: their columns, and each block's sums, in block order.

    `merge_parts` of parts that cover every block in order gives the Simulation that
    `simulate` gives (same seed, same numbers, byte for byte): each block draws from its
    own stream, and the sums are added block by block in the same order.
    """

    first: int
    end: int
    iterations: int
    """Iterations of the whole run (not of this part)."""
    makespan: FloatArray
    milestone_finish: FloatArray
    cost: FloatArray
    critical: FloatArray
    """Per block (rows) the critical counts by network position."""
    sample: NDArray[np.float32]
    """The kept sample columns among this part's (by position), maybe none."""
    occurred: FloatArray
    """Per block (rows) each risk's occurrences."""
    delay: FloatArray
    """Per block (rows) each risk's summed delay."""
    capped: int
    copula_repaired: bool


@dataclass
class _Totals:
    """The arrays a run of blocks fills: columns from `offset` on, and the per-block sums."""

    offset: int
    makespan: FloatArray
    milestone_finish: FloatArray
    cost: FloatArray
    sample: NDArray[np.float32]
    keep: int
    critical: list[FloatArray] = field(default_factory=list)
    occurred: list[FloatArray] = field(default_factory=list)
    delay: list[FloatArray] = field(default_factory=list)
    capped: int = 0


def _keep(n: int, iterations: int) -> int:
    """Iterations whose task samples are kept for the sensitivity."""
    return min(iterations, max(SENSITIVITY_ITERATIONS, SENSITIVITY_VALUES // max(n, 1)))


def _totals(inputs: ForecastInput, prep: _Prepared, start: int, stop: int, keep: int) -> _Totals:
    """Empty arrays for the columns [start, stop) of a run that keeps `keep` samples."""
    n = inputs.network.size
    columns = stop - start
    return _Totals(
        offset=start,
        makespan=np.empty(columns),
        milestone_finish=np.empty((prep.milestones.size, columns)),
        cost=np.zeros(columns),
        sample=np.empty((n, max(0, min(stop, keep) - start)), dtype=np.float32),
        keep=keep,
    )


def _run_block(
    inputs: ForecastInput,
    prep: _Prepared,
    totals: _Totals,
    *,
    seed: int,
    index: int,
    done: int,
    size: int,
    lhs: bool,
    criticality: bool,
) -> None:
    """Run block `index` (iterations [done, done + size)) into `totals`.

    Its stream is `SeedSequence(seed).spawn(index + 1)[index]`, whatever ran before it.
    """
    net = inputs.network
    risks = inputs.risks
    n = net.size
    stream = np.random.SeedSequence(seed, spawn_key=(index,))
    rng = np.random.Generator(np.random.PCG64(stream))
    d, occurred, delay, cut = _block_durations(prep, risks, rng, size, lhs, inputs.rework)
    totals.capped += cut
    at = done - totals.offset
    columns = slice(at, at + size)
    critical = np.zeros(n)
    step = size if inputs.levelling is not None else _pass_columns(n)
    for first in range(0, size, step):  # the passes, a slice of the block's columns at a time
        part = slice(first, min(size, first + step))
        out = slice(at + first, at + part.stop)
        dc = d[:, part]
        finish = np.empty(dc.shape[1])
        if net.calendars is not None:  # work pauses on each task's days off
            es, finish, total = calendar_iterations(
                net, dc, prep.floor, floats=criticality, levelling=inputs.levelling
            )
            totals.makespan[out] = finish
            assert prep.milestone_calendar is not None
            totals.milestone_finish[:, out] = net.calendars.finish(  # a delayed one: its end
                prep.milestone_calendar[:, None], es[prep.milestones], dc[prep.milestones]
            )
            if prep.overheads is not None:
                totals.cost[out] = _overheads(
                    prep.overheads, net.plan.position, es, dc, finish, net.calendars
                )
            if total is not None:
                critical += (total <= _EPS * np.maximum(1.0, finish)).sum(axis=1)
            continue
        es = forward_pass(net.plan, dc, prep.floor, finish=finish)
        if inputs.levelling is not None:
            es = inputs.levelling(dc, es)
            finish = (es + dc).max(axis=0) if n else np.zeros(size)
        totals.makespan[out] = finish
        if prep.overheads is not None:
            totals.cost[out] = _overheads(prep.overheads, net.plan.position, es, dc, finish)
        totals.milestone_finish[:, out] = es[prep.milestones] + dc[prep.milestones]
        if criticality and n:
            lf = backward_pass(net.plan, dc, finish)
            lf -= es
            lf -= dc  # total float, in place: LF - (ES + d)
            critical += (lf <= _EPS * np.maximum(1.0, finish)).sum(axis=1)
        del es
    if prep.rate is not None:
        totals.cost[columns] += prep.fixed_cost + prep.rate @ d + risks.cost @ occurred
    else:  # no rates: zero times every duration, so no product over the block
        totals.cost[columns] += risks.cost @ occurred
    if done < totals.keep:
        take = min(size, totals.keep - done)
        totals.sample[:, at : at + take] = d[:, :take]
    totals.critical.append(critical)
    totals.occurred.append(occurred.sum(axis=1))
    totals.delay.append(delay.sum(axis=1))


def _summed(rows: list[FloatArray], width: int) -> FloatArray:
    """`rows` added one by one, in order, from zeros (the block order of every run)."""
    total = np.zeros(width)
    for row in rows:
        total += row
    return total


def simulate(
    inputs: ForecastInput,
    *,
    iterations: int = 10_000,
    seed: int = 0,
    lhs: bool = False,
    criticality: bool = True,
    precision: float | None = None,
    on_block: Callable[[int, int], None] | None = None,
) -> Simulation:
    """Run the iterations block by block and keep what the forecast reports.

    With `precision`, stop early once the standard error of P80 is at most that many
    units (checked after each block, from 2,000 iterations on). The early stop exists only
    here, in one process: `simulate_blocks` runs exactly the blocks it is given.
    """
    net = inputs.network
    prep = _prepare(inputs)
    n = net.size
    block = block_size(n)
    totals = _totals(inputs, prep, 0, iterations, _keep(n, iterations))
    done = 0
    index = 0
    while done < iterations:
        size = min(block, iterations - done)
        _run_block(
            inputs,
            prep,
            totals,
            seed=seed,
            index=index,
            done=done,
            size=size,
            lhs=lhs,
            criticality=criticality,
        )
        done += size
        index += 1
        if on_block is not None:
            on_block(done, iterations)
        if (
            precision is not None
            and done >= _MIN_ITERATIONS_FOR_PRECISION
            and quantile_stderr(totals.makespan[:done], 0.8) <= precision
        ):
            break
    return _simulation(
        inputs,
        done,
        totals,
        copula_repaired=prep.copula.repaired if prep.copula is not None else False,
    )


def _simulation(
    inputs: ForecastInput, done: int, totals: _Totals, *, copula_repaired: bool
) -> Simulation:
    """The Simulation of the first `done` iterations gathered in `totals` (from column 0)."""
    net = inputs.network
    n = net.size
    order = net.plan.position
    return Simulation(
        iterations=done,
        makespan=totals.makespan[:done],
        milestone_finish=totals.milestone_finish[:, :done],
        cost=totals.cost[:done],
        critical_count=_summed(totals.critical, n)[order],
        sample_durations=totals.sample[order, : min(totals.keep, done)],
        risk_occurred=_summed(totals.occurred, inputs.risks.size),
        risk_delay_sum=_summed(totals.delay, inputs.risks.size),
        copula_repaired=copula_repaired,
        capped=totals.capped,
    )


def simulate_blocks(
    inputs: ForecastInput,
    *,
    iterations: int,
    seed: int = 0,
    lhs: bool = False,
    criticality: bool = True,
    first: int,
    end: int,
    on_block: Callable[[int, int], None] | None = None,
) -> SimulationPart:
    """Run blocks [first, end) of a run of `iterations` iterations, for `merge_parts`.

    Block b draws from `SeedSequence(seed).spawn(...)[b]` as in `simulate`, so parts run
    anywhere merge into the single-process run. There is no early stop (`precision`): a
    part cannot know the others' iterations. `on_block(done, total)` counts this part's
    iterations.
    """
    n = inputs.network.size
    block = block_size(n)
    blocks = block_count(n, iterations)
    if not 0 <= first <= end <= blocks:
        raise ValueError(f"blocks [{first}, {end}) are not within the run's {blocks} blocks")
    prep = _prepare(inputs)
    start, stop = first * block, min(end * block, iterations)
    totals = _totals(inputs, prep, start, stop, _keep(n, iterations))
    for index in range(first, end):
        done = index * block
        _run_block(
            inputs,
            prep,
            totals,
            seed=seed,
            index=index,
            done=done,
            size=min(block, iterations - done),
            lhs=lhs,
            criticality=criticality,
        )
        if on_block is not None:
            on_block(min(iterations, done + block) - start, stop - start)

    def rows(values: list[FloatArray], width: int) -> FloatArray:
        return np.array(values, dtype=np.float64).reshape(len(values), width)

    return SimulationPart(
        first=first,
        end=end,
        iterations=iterations,
        makespan=totals.makespan,
        milestone_finish=totals.milestone_finish,
        cost=totals.cost,
        critical=rows(totals.critical, n),
        sample=totals.sample,
        occurred=rows(totals.occurred, inputs.risks.size),
        delay=rows(totals.delay, inputs.risks.size),
        capped=totals.capped,
        copula_repaired=prep.copula.repaired if prep.copula is not None else False,
    )


def merge_parts(inputs: ForecastInput, parts: list[SimulationPart]) -> Simulation:
    """The Simulation of a run from its parts, which cover all its blocks in order.

    Columns are laid side by side and each block's sums added in block order, so the
    result equals `simulate` with the same seed, byte for byte.
    """
    if not parts:
        raise ValueError("a run has at least one part")
    n = inputs.network.size
    iterations = parts[0].iterations
    blocks = block_count(n, iterations)
    reach = 0
    for part in parts:
        if part.first != reach or part.iterations != iterations:
            raise ValueError(f"the parts do not follow each other at block {reach}")
        reach = part.end
    if reach != blocks:
        raise ValueError(f"the parts end at block {reach}, not at the run's {blocks}")
    keep = _keep(n, iterations)
    totals = _Totals(
        offset=0,
        makespan=np.concatenate([p.makespan for p in parts]),
        milestone_finish=np.concatenate([p.milestone_finish for p in parts], axis=1),
        cost=np.concatenate([p.cost for p in parts]),
        sample=np.concatenate([p.sample for p in parts], axis=1),
        keep=keep,
        critical=[row for p in parts for row in p.critical],
        occurred=[row for p in parts for row in p.occurred],
        delay=[row for p in parts for row in p.delay],
        capped=sum(p.capped for p in parts),
    )
    return _simulation(
        inputs, iterations, totals, copula_repaired=any(p.copula_repaired for p in parts)
    )
