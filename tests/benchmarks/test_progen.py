"""The ProGen-like generator: measured NC, RF and RS are the requested ones, the network has
ProGen's shape, the output is deterministic and reads back as PSPLIB files do.

Every measurement comes from `psplib.measure` on the written file (its own parser and
definitions, no code of the generator), itself checked on a hand-computed file and on
PSPLIB's own ProGen files.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import progen
import psplib
from psplib_data import psplib_instance
from steerco.formats.psplib import load_psplib

# 3 real jobs (2, 3, 4) and 2 resources; arc 2 -> 5 is redundant (2 -> 4 -> 5).
HAND = """\
************************************************************************
jobs (incl. supersource/sink ):  5
RESOURCES
  - renewable                 :  2   R
************************************************************************
PROJECT INFORMATION:
pronr.  #jobs rel.date duedate tardcost  MPM-Time
    1      3      0        7        0        7
************************************************************************
PRECEDENCE RELATIONS:
jobnr.    #modes  #successors   successors
   1        1          2           2   3
   2        1          2           4   5
   3        1          1           4
   4        1          1           5
   5        1          0
************************************************************************
REQUESTS/DURATIONS:
jobnr. mode duration  R 1  R 2
------------------------------------------------------------------------
  1      1     0       0    0
  2      1     3       4    0
  3      1     2       2    5
  4      1     4       0    3
  5      1     0       0    0
************************************************************************
RESOURCEAVAILABILITIES:
  R 1  R 2
    5    7
************************************************************************
"""


def _hand(tmp_path: Path, text: str = HAND) -> psplib.SmInstance:
    path = tmp_path / "j301_1.sm"
    path.write_text(text, encoding="ascii")
    return psplib.read_sm(path)


def test_measure_matches_a_hand_computed_file(tmp_path: Path) -> None:
    m = psplib.measure(_hand(tmp_path))
    assert (m.nodes, m.arcs) == (5, 6)
    assert m.nc == pytest.approx(6 / 5)
    assert m.rf == pytest.approx(4 / 6)  # jobs use 1, 2 and 1 of 2 resources
    # Earliest starts 0, 0, 3: R1 peaks at 4 + 2 = 6 over a largest demand of 4, so
    # RS = (5 - 4) / (6 - 4); R2 peaks at its largest demand, 5: no RS.
    assert (m.kmin, m.kmax) == ([4, 5], [6, 5])
    assert m.rs == [pytest.approx(0.5), None]
    assert (m.sources, m.sinks, m.starts, m.finishes) == (1, 1, 2, 2)
    assert (m.max_successors, m.max_predecessors) == (2, 2)
    assert m.redundant == 1
    assert m.acyclic


def test_measure_finds_a_cycle(tmp_path: Path) -> None:
    cyclic = HAND.replace("   4        1          1           5", "   4        1          2  2  5")
    assert not psplib.measure(_hand(tmp_path, cyclic)).acyclic


@pytest.mark.parametrize("name", ["j301_1", "j305_3", "j3016_4", "j3032_8", "j3046_10"])
def test_measure_reads_progens_own_parameters_from_psplib_files(name: str) -> None:
    """On PSPLIB's j30 (made by ProGen) the measured values are the class's parameters."""
    instance = psplib.read_sm(psplib_instance(name))
    wanted = progen.classes("j30like")[instance.par - 1]
    m = psplib.measure(instance)
    assert m.arcs == math.ceil(wanted.nc * 32 - 1e-9)
    if wanted.rf in (0.25, 1.0):  # PSPLIB's RF 0.5 and 0.75 files have one use more
        assert m.rf == wanted.rf
    for rs, lo, hi in zip(m.rs, m.kmin, m.kmax, strict=True):
        assert rs is not None or hi == lo  # no RS where the peak is one job's demand
        if rs is not None:
            assert abs(rs - wanted.rs) <= 0.5 / (hi - lo) + 1e-9
    assert (m.starts, m.finishes, m.sources, m.sinks) == (3, 3, 1, 1)
    assert m.max_successors <= 3 and m.max_predecessors <= 3
    assert m.redundant == 0 and m.acyclic


def assert_progen_shape(path: Path, params: progen.Params) -> psplib.SmInstance:
    """Everything the generator promises, measured from the written file."""
    instance = psplib.read_sm(path)
    m = psplib.measure(instance)
    nodes = params.jobs + 2
    assert m.nodes == nodes
    assert m.acyclic and m.redundant == 0
    assert (m.sources, m.sinks) == (1, 1)
    assert (m.starts, m.finishes) == (params.starts, params.finishes)
    assert m.max_successors <= params.max_successors
    assert m.max_predecessors <= params.max_predecessors
    assert m.arcs == math.ceil(params.nc * nodes - 1e-9)  # ProGen's rounding, as in PSPLIB
    assert abs(m.nc - params.nc) < 1 / nodes
    assert abs(m.rf - params.rf) <= 0.5 / (params.jobs * params.resources) + 1e-12
    for rs, lo, hi in zip(m.rs, m.kmin, m.kmax, strict=True):
        if rs is not None:
            assert abs(rs - params.rs) <= 0.5 / (hi - lo) + 1e-9
    real = slice(1, -1)
    assert all(1 <= d <= params.max_duration for d in instance.duration[real])
    used = [x for row in instance.demand[real] for x in row if x]
    assert all(1 <= x <= params.max_demand for x in used)
    dummies = (0, nodes - 1)
    assert all(instance.duration[j] == 0 and not any(instance.demand[j]) for j in dummies)
    return instance


@pytest.mark.parametrize("set_name", ["j30like", "j120like"])
def test_every_class_of_a_set_has_its_parameters(tmp_path: Path, set_name: str) -> None:
    paths = progen.generate_set(set_name, 1, 7, tmp_path)
    wanted = progen.classes(set_name)
    assert len(paths) == len(wanted) == {"j30like": 48, "j120like": 60}[set_name]
    for path in paths:
        instance = assert_progen_shape(path, wanted[instance_class(path) - 1])
        assert instance.par == instance_class(path)


def instance_class(path: Path) -> int:
    match = re.fullmatch(r"j\d+like(\d+)_\d+", path.stem)
    assert match, path.stem
    return int(match.group(1))


def test_rf_is_exact_where_rf_x_jobs_x_resources_is_whole(tmp_path: Path) -> None:
    for rf in (0.25, 0.5, 0.75, 1.0):
        instance = progen.generate(progen.Params(30, 1.8, rf, 0.5), seed=3)
        path = tmp_path / "j301_1.sm"
        path.write_text(progen.sm_text(instance), encoding="ascii")
        assert psplib.measure(psplib.read_sm(path)).rf == rf


def test_the_same_seed_writes_the_same_bytes(tmp_path: Path) -> None:
    first = progen.generate_set("j30like", 2, 11, tmp_path / "a")
    second = progen.generate_set("j30like", 2, 11, tmp_path / "b")
    other = progen.generate_set("j30like", 2, 12, tmp_path / "c")
    assert [p.name for p in first] == [p.name for p in second]
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(first, second, strict=True))
    assert all(a.read_bytes() != c.read_bytes() for a, c in zip(first, other, strict=True))


def test_rounds_over_the_classes(tmp_path: Path) -> None:
    paths = progen.generate_set("j90like", 2, 1, tmp_path)
    assert [p.stem for p in paths[:2]] == ["j90like1_1", "j90like2_1"]
    assert paths[48].stem == "j90like1_2"
    assert psplib.instances("j90like", None, tmp_path) == paths


def _cpm(duration: list[int], successors: list[list[int]]) -> int:
    """Longest path by memoised recursion (independent of the generator's forward pass)."""
    memo: dict[int, int] = {}

    def tail(j: int) -> int:
        if j not in memo:
            memo[j] = duration[j] + max((tail(s) for s in successors[j]), default=0)
        return memo[j]

    return tail(0)


def test_read_sm_and_steercos_parser_read_back_what_was_generated(tmp_path: Path) -> None:
    instance = progen.generate(progen.Params(60, 2.1, 0.75, 0.2), seed=5, name="j60like1_1")
    path = tmp_path / "j60like1_1.sm"
    path.write_text(progen.sm_text(instance), encoding="ascii")
    back = psplib.read_sm(path)
    assert back.duration == instance.duration
    assert back.successors == instance.successors
    assert back.demand == instance.demand
    assert back.capacity == instance.capacity
    assert back.mpm == _cpm(instance.duration, instance.successors)
    assert (back.par, back.inst) == (1, 1)
    parsed = load_psplib(path)
    assert parsed.duration.tolist() == instance.duration
    assert parsed.capacity.tolist() == instance.capacity
    arcs = sorted(zip(parsed.src.tolist(), parsed.dst.tolist(), strict=True))
    assert arcs == sorted((i, j) for i, after in enumerate(instance.successors) for j in after)


@settings(max_examples=20)
@given(
    seed=st.integers(0, 2**32 - 1),
    jobs=st.integers(24, 60),
    nc=st.sampled_from([1.5, 1.8, 2.1]),
    rf=st.sampled_from([0.25, 0.5, 0.75, 1.0]),
    rs=st.floats(0, 1),
)
def test_any_seed_and_parameters_give_the_requested_instance(
    tmp_path_factory: pytest.TempPathFactory, seed: int, jobs: int, nc: float, rf: float, rs: float
) -> None:
    params = progen.Params(jobs, nc, rf, rs)
    path = tmp_path_factory.mktemp("progen") / "j301_1.sm"
    text = progen.sm_text(progen.generate(params, seed))
    path.write_text(text, encoding="ascii")
    assert_progen_shape(path, params)
    assert progen.sm_text(progen.generate(params, seed)) == text


@pytest.mark.parametrize(
    ("params", "says"),
    [
        (progen.Params(30, 1.5, 0.2, 0.5), "RF = 0.2"),
        (progen.Params(30, 1.5, 0.5, 1.5), "RS = 1.5"),
        (progen.Params(5, 1.5, 0.5, 0.5), "jobs = 5"),
        (progen.Params(30, -1, 0.5, 0.5), "NC = -1"),
        (progen.Params(30, 4.0, 0.5, 0.5), "NC = 4.0 (128 arcs) unreachable"),
    ],
)
def test_unreachable_parameters_are_refused_with_the_reason(
    params: progen.Params, says: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(says)):
        progen.generate(params, seed=0)


def test_the_command_line_writes_a_set_and_refuses_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert progen.main(["--set", "j60like", "--per-cell", "1", "--out", str(tmp_path)]) == 0
    assert len(list(tmp_path.glob("j60like*_1.sm"))) == 48
    with pytest.raises(SystemExit) as stop:
        progen.main(["--set", "j60like", "--per-cell", "0", "--out", str(tmp_path)])
    assert stop.value.code == 2
    assert "--per-cell 0" in capsys.readouterr().err
    blocked = tmp_path / "file"
    blocked.write_text("", encoding="ascii")
    assert progen.main(["--set", "j30like", "--out", str(blocked / "sub")]) == 2
    assert "cannot write into" in capsys.readouterr().err


def test_instance_seeds_differ_by_position_and_are_stable() -> None:
    seeds = {progen.instance_seed(1, 120, par, inst) for par in range(1, 61) for inst in (1, 2)}
    assert len(seeds) == 120
    assert progen.instance_seed(1, 120, 5, 1) == progen.instance_seed(1, 120, 5, 1)
    # The seed in the header regenerates the file.
    instance = progen.generate(progen.classes("j30like")[4], progen.instance_seed(1, 30, 5, 1))
    text = progen.sm_text(instance)
    header = int(re.search(r"initial value random generator: (\d+)", text).group(1))  # type: ignore[union-attr]
    assert progen.sm_text(progen.generate(progen.classes("j30like")[4], header)) == text
