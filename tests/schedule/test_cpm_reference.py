"""The vectorised critical path agrees with the plain-Python reference, and its invariants.

Random DAGs mix FS/SS/FF/SF links with lags and leads, zero durations, earliest starts
and latest finishes. Integer inputs keep every time exact, so results compare with ==.
PSPLIB instances check the two ways of compiling a file and the makespan printed in it.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from psplib_data import psplib_instances
from steerco.errors import CycleError
from steerco.formats.psplib import load_psplib, psplib_network, psplib_project
from steerco.schedule import compile_project, critical_path, network_from_arrays
from steerco.schedule.cpm import critical_chains
from steerco.schedule.network import DEPENDENCY_TYPES, Network
from steerco.schedule.reference import TIME_FIELDS, Link, reference_cpm, reference_from_network

FIELDS = TIME_FIELDS


@dataclass(frozen=True)
class Drawn:
    """A random network in plain Python form, and the Network built from it."""

    ids: list[str]
    duration: dict[str, float]
    links: list[Link]
    earliest: dict[str, float]
    latest: dict[str, float]
    network: Network


@st.composite
def dags(
    draw: st.DrawFn,
    *,
    max_nodes: int = 40,
    constraints: bool = True,
    types: tuple[str, ...] = DEPENDENCY_TYPES,
    min_lag: int = -5,
) -> Drawn:
    """A random DAG: nodes shuffled so that index order is not a topological order."""
    n = draw(st.integers(min_value=1, max_value=max_nodes))
    rank = draw(st.permutations(range(n)))  # rank[i] < rank[j] for every link i -> j
    by_rank = sorted(range(n), key=lambda i: rank[i])
    ids = [f"t{i}" for i in range(n)]
    durations = draw(
        st.lists(
            st.one_of(st.just(0), st.integers(min_value=0, max_value=12)), min_size=n, max_size=n
        )
    )
    pairs = draw(
        st.lists(
            st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)).filter(lambda p: p[0] != p[1]),
            max_size=3 * n,
        )
        if n > 1
        else st.just([])
    )
    links: list[Link] = []
    for a, b in pairs:
        lo, hi = sorted((a, b))
        pred, succ = by_rank[lo], by_rank[hi]
        kind = draw(st.sampled_from(types))
        lag = draw(st.integers(min_value=min_lag, max_value=6))
        links.append((ids[pred], ids[succ], kind, float(lag)))
    earliest: dict[str, float] = {}
    latest: dict[str, float] = {}
    if constraints:
        for task_id in draw(st.lists(st.sampled_from(ids), max_size=4)):
            earliest[task_id] = float(draw(st.integers(min_value=0, max_value=30)))
        for task_id in draw(st.lists(st.sampled_from(ids), max_size=4)):
            latest[task_id] = float(draw(st.integers(min_value=0, max_value=80)))
    index = {task_id: i for i, task_id in enumerate(ids)}
    network = network_from_arrays(
        ids,
        np.array(durations, dtype=np.float64),
        np.array([index[p] for p, _, _, _ in links], dtype=np.int64),
        np.array([index[s] for _, s, _, _ in links], dtype=np.int64),
        np.array([DEPENDENCY_TYPES.index(k) for _, _, k, _ in links], dtype=np.int8),
        np.array([lag for _, _, _, lag in links], dtype=np.float64),
        earliest_start=np.array([earliest.get(t, 0.0) for t in ids]),
        latest_finish=np.array([latest.get(t, math.inf) for t in ids]),
    )
    return Drawn(
        ids,
        {t: float(d) for t, d in zip(ids, durations, strict=True)},
        links,
        earliest,
        latest,
        network,
    )


def forward_bound(kind: str, lag: float, es_i: float, d_i: float, d_j: float) -> float:
    """What a link demands of its successor's early start."""
    return {
        "FS": es_i + d_i + lag,
        "SS": es_i + lag,
        "FF": es_i + d_i + lag - d_j,
        "SF": es_i + lag - d_j,
    }[kind]


# --- agreement with the reference -------------------------------------------------------


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(dags())
def test_critical_path_equals_reference(drawn: Drawn) -> None:
    result = critical_path(drawn.network)
    reference = reference_cpm(drawn.ids, drawn.duration, drawn.links, drawn.earliest, drawn.latest)
    assert result.makespan == reference.makespan
    for field in FIELDS:
        assert getattr(result, field).tolist() == reference.column(field), field
    assert result.critical.tolist() == [reference[t].critical for t in drawn.ids]


@settings(max_examples=50, deadline=None)
@given(dags())
def test_reference_from_network_reads_the_arrays(drawn: Drawn) -> None:
    direct = reference_cpm(drawn.ids, drawn.duration, drawn.links, drawn.earliest, drawn.latest)
    assert reference_from_network(drawn.network) == direct
    assert reference_from_network(drawn.network).makespan == direct.makespan


@settings(max_examples=100, deadline=None)
@given(dags(), st.data())
def test_critical_path_with_sampled_durations_equals_reference(
    drawn: Drawn, data: st.DataObject
) -> None:
    # The forecast passes durations of its own; FF and SF bounds must use them.
    sampled = data.draw(
        st.lists(st.integers(0, 15), min_size=len(drawn.ids), max_size=len(drawn.ids))
    )
    duration = np.array(sampled, dtype=np.float64)
    result = critical_path(drawn.network, duration=duration)
    reference = reference_from_network(drawn.network, duration=sampled)
    assert result.makespan == reference.makespan
    for field in FIELDS:
        assert getattr(result, field).tolist() == reference.column(field), field


# --- invariants -------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(dags())
def test_early_dates_satisfy_every_link_and_time_zero(drawn: Drawn) -> None:
    result = critical_path(drawn.network)
    es = dict(zip(drawn.ids, result.es.tolist(), strict=True))
    assert all(value >= 0 for value in es.values())
    for task_id, bound in drawn.earliest.items():
        assert es[task_id] >= bound
    for pred, succ, kind, lag in drawn.links:
        d_i, d_j = drawn.duration[pred], drawn.duration[succ]
        assert es[succ] >= forward_bound(kind, lag, es[pred], d_i, d_j)
    assert np.array_equal(result.ef, result.es + drawn.network.duration)
    assert result.makespan == max(result.ef.tolist())


@settings(max_examples=200, deadline=None)
@given(dags())
def test_late_dates_satisfy_every_link_and_cap(drawn: Drawn) -> None:
    result = critical_path(drawn.network)
    ls = dict(zip(drawn.ids, result.ls.tolist(), strict=True))
    lf = dict(zip(drawn.ids, result.lf.tolist(), strict=True))
    assert max(lf.values()) <= result.makespan
    for task_id, cap in drawn.latest.items():
        assert lf[task_id] <= cap
    for pred, succ, kind, lag in drawn.links:
        d_i, d_j = drawn.duration[pred], drawn.duration[succ]
        assert ls[succ] >= forward_bound(kind, lag, ls[pred], d_i, d_j)
    assert np.array_equal(result.total_float, result.ls - result.es)


@settings(max_examples=200, deadline=None)
@given(dags(constraints=False))
def test_float_is_never_negative_without_deadlines(drawn: Drawn) -> None:
    result = critical_path(drawn.network)
    assert result.total_float.min() >= 0
    assert result.free_float.min() >= 0
    assert result.critical.any()
    assert result.total_float.min() == 0


@settings(max_examples=200, deadline=None)
@given(dags(constraints=False, types=("FS",), min_lag=0))
def test_total_float_bounds_free_float_on_fs_networks(drawn: Drawn) -> None:
    # FS links with lag >= 0 and no latest finish: FF <= TF (LS_j >= ES_j for every j and
    # the makespan is at least ES_j + d_j >= EF_i + lag).
    result = critical_path(drawn.network)
    assert np.all(result.free_float <= result.total_float)


@settings(max_examples=200, deadline=None)
@given(dags(constraints=False, min_lag=0))
def test_total_float_bounds_free_float_when_successors_never_finish_first(drawn: Drawn) -> None:
    # With no latest finish, FF_i <= TF_i holds for a task when one of its outgoing links
    # keeps the successor from finishing before it (EF_j >= EF_i): FS, FF, and SS/SF
    # with lag >= d_i - d_j / lag >= d_i. Leads or the time-zero floor can break it
    # elsewhere (see the report on free float above the makespan).
    result = critical_path(drawn.network)
    ok: dict[str, bool] = {t: False for t in drawn.ids}
    for pred, succ, kind, lag in drawn.links:
        d_i, d_j = drawn.duration[pred], drawn.duration[succ]
        shift = forward_bound(kind, lag, 0.0, d_i, d_j)  # ES_j >= ES_i + shift
        ok[pred] = ok[pred] or shift >= d_i - d_j
    for i, task_id in enumerate(drawn.ids):
        has_successor = any(p == task_id for p, _, _, _ in drawn.links)
        if ok[task_id] or not has_successor:
            assert result.free_float[i] <= result.total_float[i], task_id


@settings(max_examples=200, deadline=None)
@given(dags())
def test_critical_nodes_have_no_float_and_paths_are_chains_of_links(drawn: Drawn) -> None:
    result = critical_path(drawn.network)
    assert np.array_equal(result.critical, result.total_float <= 0)
    pairs = {
        (s, t) for s, t in zip(drawn.network.src.tolist(), drawn.network.dst.tolist(), strict=True)
    }
    paths = critical_chains(drawn.network, result)
    for path in paths:
        assert path
        assert all(result.critical[i] for i in path)
        assert all((a, b) in pairs for a, b in itertools.pairwise(path))
    on_paths = {i for path in paths for i in path}
    if len(paths) < 64:
        assert on_paths == set(np.flatnonzero(result.critical).tolist())


@settings(max_examples=100, deadline=None)
@given(dags(constraints=False, types=("FS",), min_lag=0))
def test_longest_critical_path_spans_the_makespan(drawn: Drawn) -> None:
    # FS with lags >= 0, no constraints: the first chain listed runs from time 0 to M,
    # and along it each task starts when its predecessor's bound says.
    result = critical_path(drawn.network)
    lags = list(
        zip(
            drawn.network.src.tolist(),
            drawn.network.dst.tolist(),
            drawn.network.lag.tolist(),
            strict=True,
        )
    )
    chains = critical_chains(drawn.network, result)
    assert chains
    path = chains[0]
    assert result.ef[path[-1]] == result.makespan
    assert result.es[path[0]] == 0
    for a, b in itertools.pairwise(path):
        assert any(result.es[b] == result.ef[a] + g for s, t, g in lags if (s, t) == (a, b))


# --- cycles -----------------------------------------------------------------------------


def arrays(n: int, links: list[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return (
        np.ones(n),
        np.array([s for s, _ in links], dtype=np.int64),
        np.array([t for _, t in links], dtype=np.int64),
    )


def assert_is_cycle(cycle: tuple[str, ...], links: set[tuple[str, str]]) -> None:
    assert len(cycle) >= 2
    assert cycle[0] == cycle[-1]
    assert len(set(cycle[:-1])) == len(cycle) - 1
    assert all((a, b) in links for a, b in itertools.pairwise(cycle))


def test_cycle_raises_with_the_cycle_in_link_order() -> None:
    # a -> b -> c -> a, and c -> d hanging off it; e alone.
    ids = ["a", "b", "c", "d", "e"]
    edges = [(0, 1), (1, 2), (2, 0), (2, 3)]
    with pytest.raises(CycleError) as caught:
        network_from_arrays(ids, *arrays(5, edges))
    rotations = {("a", "b", "c", "a"), ("b", "c", "a", "b"), ("c", "a", "b", "c")}
    assert caught.value.cycle in rotations
    assert caught.value.code == "dependency_cycle"


def test_self_link_is_a_cycle() -> None:
    with pytest.raises(CycleError) as caught:
        network_from_arrays(["a", "b"], *arrays(2, [(0, 1), (1, 1)]))
    assert caught.value.cycle == ("b", "b")


def test_reference_raises_cycle_error_too() -> None:
    links: list[Link] = [("a", "b", "FS", 0.0), ("b", "a", "SS", 1.0)]
    with pytest.raises(CycleError) as caught:
        reference_cpm(["a", "b"], {"a": 1.0, "b": 1.0}, links)
    assert_is_cycle(caught.value.cycle, {("a", "b"), ("b", "a")})


@settings(max_examples=200, deadline=None)
@given(dags(constraints=False), st.data())
def test_back_link_makes_a_cycle_that_is_reported_in_link_order(
    drawn: Drawn, data: st.DataObject
) -> None:
    # Close a path of the DAG with a link from its last node back to its first.
    links = [(p, s) for p, s, _, _ in drawn.links]
    if not links:
        links = [(drawn.ids[0], drawn.ids[0])]
    first = data.draw(st.sampled_from(links))
    path = list(first)
    for _ in range(data.draw(st.integers(min_value=0, max_value=6))):
        following = [s for p, s in links if p == path[-1]]
        if not following:
            break
        path.append(following[0])
    links.append((path[-1], path[0]))
    index = {t: i for i, t in enumerate(drawn.ids)}
    with pytest.raises(CycleError) as caught:
        network_from_arrays(
            drawn.ids, *arrays(len(drawn.ids), [(index[p], index[s]) for p, s in links])
        )
    assert_is_cycle(caught.value.cycle, set(links))


# --- PSPLIB -----------------------------------------------------------------------------


def psplib_files(folder: str, count: int) -> list[Path]:
    """`count` vendored instances spread over the parameter classes of a set (sorted names)."""
    files = psplib_instances(folder)
    step = max(1, len(files) // count)
    return files[::step][:count]


def mpm_time(path: Path) -> int:
    """The MPM-Time (critical-path length) printed under PROJECT INFORMATION."""
    lines = path.read_text(encoding="ascii").splitlines()
    header = next(i for i, line in enumerate(lines) if "MPM-Time" in line)
    return int(lines[header + 1].split()[-1])


def edges(network: Network) -> list[tuple[str, str, int, float]]:
    return sorted(
        (network.ids[s], network.ids[t], k, g)
        for s, t, k, g in zip(
            network.src.tolist(),
            network.dst.tolist(),
            network.dep_type.tolist(),
            network.lag.tolist(),
            strict=True,
        )
    )


@pytest.mark.parametrize("path", psplib_files("j30", 5), ids=lambda p: p.stem)
def test_psplib_network_equals_compiled_project(path: Path) -> None:
    instance = load_psplib(path)
    direct = psplib_network(instance)
    compiled = compile_project(psplib_project(instance))
    assert compiled.ids == direct.ids
    assert compiled.duration.tolist() == direct.duration.tolist()
    assert compiled.milestone.tolist() == direct.milestone.tolist()
    assert edges(compiled) == edges(direct)
    assert compiled.earliest_start.tolist() == direct.earliest_start.tolist()
    assert compiled.latest_finish.tolist() == direct.latest_finish.tolist()
    assert compiled.resource_ids == direct.resource_ids
    assert compiled.capacity.tolist() == direct.capacity.tolist()
    assert compiled.demand.tolist() == direct.demand.tolist()
    assert compiled.unit == direct.unit == "period"
    ours, theirs = critical_path(compiled), critical_path(direct)
    for field in FIELDS:
        assert getattr(ours, field).tolist() == getattr(theirs, field).tolist(), field


@pytest.mark.parametrize(
    "path", psplib_instances("j30") + psplib_instances("j60"), ids=lambda p: p.stem
)
def test_psplib_makespan_equals_mpm_time(path: Path) -> None:
    network = psplib_network(load_psplib(path))
    result = critical_path(network)
    assert result.makespan == mpm_time(path)
    assert reference_from_network(network).makespan == mpm_time(path)
    for field in FIELDS:
        assert getattr(result, field).tolist() == reference_from_network(network).column(field)
