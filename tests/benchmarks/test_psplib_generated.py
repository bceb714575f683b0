"""psplib.py on generated sets: names, long-run references tied to the file, the run's own
bound otherwise, the parameter table; and progen_reference.py writing and resuming a CSV."""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import pytest

import progen
import progen_reference
import psplib


def test_names_of_psplib_and_generated_files() -> None:
    assert psplib.name_key("j3012_3") == (12, 3)
    assert psplib.name_key("j601_10") == (1, 10)
    assert psplib.name_key("j120like12_3") == (12, 3)
    assert psplib.name_key("j90like48_1") == (48, 1)
    assert psplib.name_key("results") is None


def _reference_csv(folder: Path, set_name: str, rows: list[dict[str, object]]) -> Path:
    path = folder / f"{set_name}.csv"
    with path.open("w", encoding="ascii", newline="") as handle:
        writer = csv.DictWriter(handle, psplib.LONG_RUN_FIELDS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def _row(path: Path, makespan: int, lower: int, sha: str | None = None) -> dict[str, object]:
    return {
        "instance": path.stem,
        "seed": 1,
        "sha256": sha or psplib.digest(path),
        "makespan": makespan,
        "lower_bound": lower,
        "how": "test",
    }


def test_a_long_run_counts_only_for_the_file_it_was_made_on(tmp_path: Path) -> None:
    first, second = progen.generate_set("j30like", 1, 3, tmp_path / "set")[:2]
    csv_path = _reference_csv(
        tmp_path, "j30like", [_row(first, 60, 55), _row(second, 70, 70, sha="0" * 64)]
    )
    runs = psplib.long_runs(csv_path)
    assert psplib.long_run_reference(runs[first.stem], first) == psplib.Reference(
        60, 55, False, "long run"
    )
    assert psplib.long_run_reference(runs[second.stem], second) is None  # another file
    assert psplib.long_run_reference(None, first) is None
    assert psplib.long_runs(tmp_path / "absent.csv") == {}


def test_a_broken_reference_file_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "j30like.csv"
    path.write_text(
        "instance,seed,sha256,makespan,lower_bound,how\nj30like1_1,1,ab,sixty,5,x\n",
        encoding="ascii",
    )
    with pytest.raises(SystemExit, match=r"j30like\.csv:2: "):
        psplib.long_runs(path)
    path.write_text("instance,seed\n", encoding="ascii")
    with pytest.raises(SystemExit, match=r"j30like\.csv:1: missing columns how, lower_bound"):
        psplib.long_runs(path)


def test_without_a_long_run_the_reference_is_the_best_bound_known(tmp_path: Path) -> None:
    (path,) = progen.generate_set("j30like", 1, 3, tmp_path)[:1]
    instance = psplib.read_sm(path)
    outcomes = {
        "a": psplib.Outcome("feasible", 90, instance.mpm + 4, 1.0, None),
        "b": psplib.Outcome("feasible", 88, instance.mpm + 7, 1.0, None),
        "c": psplib.Outcome("unknown", None, None, 1.0, None),
    }
    ref = psplib.bound_reference(instance, outcomes)
    assert (ref.best, ref.lower, ref.kind) == (
        instance.mpm + 7,
        instance.mpm + 7,
        "run's best bound",
    )
    assert psplib.bound_reference(instance, {"c": outcomes["c"]}).best == instance.mpm


def _args(tmp_path: Path, references: Path) -> argparse.Namespace:
    return argparse.Namespace(
        limit=1.0, workers=1, seed=0, out=tmp_path / "rows.csv", references=references
    )


def test_a_generated_set_runs_with_its_references_and_checks_every_schedule(
    tmp_path: Path,
) -> None:
    paths = progen.generate_set("j30like", 1, 5, tmp_path / "set")[:2]
    refs = tmp_path / "refs"
    refs.mkdir()
    # A long run "found" the critical path on the first instance: a bound every schedule meets.
    mpm = psplib.read_sm(paths[0]).mpm
    _reference_csv(refs, "j30like", [_row(paths[0], mpm, mpm)])
    items: list[psplib.Instance] = [psplib.read_sm(path) for path in paths]
    rows = psplib.run_set("j30like", items, ["heuristic-1000"], _args(tmp_path, refs), [])
    assert [r["reference"] for r in rows] == ["long run", "run's best bound"]
    assert all(r["feasible"] == 1 and not r["suspect"] for r in rows)
    assert rows[0]["best_known"] == mpm
    assert int(str(rows[1]["best_known"])) >= int(str(rows[1]["cpm"]))
    text = psplib.table("j30like", rows, ["heuristic-1000"], 1.0)
    assert "long-run makespan (`references/j30like.csv`) on 1 instances" in text
    assert "on the 1 instances without a matching long run" in text
    assert "| = reference |" in text
    with (tmp_path / "rows.csv").open(encoding="ascii") as handle:
        assert len(list(csv.DictReader(handle))) == 2


def test_a_schedule_below_the_long_run_bound_is_flagged(tmp_path: Path) -> None:
    (path,) = progen.generate_set("j30like", 1, 5, tmp_path / "set")[:1]
    instance = psplib.read_sm(path)
    ref = psplib.Reference(10_000, 10_000, False, "long run")
    out = psplib.Outcome("feasible", None, None, 1.0, None)
    heuristic = psplib.RUNNERS["heuristic-1000"](instance, psplib.Context(1.0, 1, 0))
    row = psplib.row_for("j30like", instance, "heuristic-1000", heuristic, ref)
    assert "< lower bound 10000 (long run)" in str(row["suspect"])
    assert not psplib.row_for("j30like", instance, "x", out, ref)["suspect"]


def test_parameters_mode_prints_requested_against_measured(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    psplib.main(["--sets", "j90like", "--parameters", "--generated", str(tmp_path)])
    text = capsys.readouterr().out
    assert "**j90like** (48 instances)" in text
    assert "| NC | 1.5 | 16 | 1.500 | 1.500 | 1.500 |" in text  # 1.5 x 92 nodes = 138 arcs
    assert "| RF | 0.75 | 12 | 0.750 | 0.750 | 0.750 |" in text
    assert len(list(tmp_path.glob("j90like*_1.sm"))) == 48


def test_reference_run_writes_and_resumes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "j30like.csv"
    argv = ["--set", "j30like", "--instances", "1", "--limit", "5", "--workers", "1"]
    assert progen_reference.main([*argv, "--out", str(out)]) == 0
    (row,) = psplib.long_runs(out).values()
    paths = progen.generate_set("j30like", 1, progen.DEFAULT_SEED, tmp_path / "set")
    assert row.instance == paths[0].stem == "j30like1_1"
    assert row.sha256 == psplib.digest(paths[0])
    assert row.seed == progen.instance_seed(progen.DEFAULT_SEED, 30, 1, 1)
    assert psplib.read_sm(paths[0]).mpm <= row.lower_bound <= row.makespan
    capsys.readouterr()
    assert progen_reference.main([*argv, "--out", str(out)]) == 0
    assert "j30like1_1: kept" in capsys.readouterr().err
    assert psplib.long_runs(out) == {row.instance: row}


def test_a_large_plan_runs_checked_against_the_runs_bound(tmp_path: Path) -> None:
    plan = psplib.plan_instance("large1000", 60, 10, seed=2)
    assert plan.name == "large1000_s2" and len(plan.duration) == 60
    rows = psplib.run_set("large1000", [plan], ["heuristic-1000"], _args(tmp_path, tmp_path), [])
    (row,) = rows
    assert row["feasible"] == 1 and not row["suspect"]
    assert row["reference"] == "run's best bound"
    assert int(str(row["makespan"])) >= int(str(row["best_known"])) >= plan.mpm
    # The check is the benchmark's own: everything at time 0 breaks links and capacities.
    assert psplib.schedule_errors(plan, [0] * 60)
    assert "best lower bound this run knows" in psplib.table(
        "large1000", rows, ["heuristic-1000"], 1.0
    )


def test_large_sets_are_built_per_seed(tmp_path: Path) -> None:
    args = argparse.Namespace(instances=2)
    plans = psplib.set_instances(args, "large1000", tmp_path)
    assert [p.name for p in plans] == ["large1000_s0", "large1000_s1"]
    assert all(isinstance(p, psplib.PlanInstance) and p.problem.resources == 10 for p in plans)


def test_time_to_one_percent_is_the_first_schedule_that_close() -> None:
    history = [(0.1, 120, 90), (0.5, 104, 95), (2.0, 101, 99), (3.0, 100, 100)]
    # 1% above 100 is 101: reached at 2.0 s, not at 0.5 s (104) nor only at the end.
    assert psplib.within_one_percent(history, 100) == 2.0
    assert psplib.within_one_percent(history, 103) == 0.5
    assert psplib.within_one_percent([], 100) is None
    assert psplib.within_one_percent(history, None) is None


def test_the_table_reports_the_time_to_one_percent(tmp_path: Path) -> None:
    paths = progen.generate_set("j30like", 1, 5, tmp_path / "set")[:2]
    items: list[psplib.Instance] = [psplib.read_sm(path) for path in paths]
    refs = tmp_path / "refs"
    refs.mkdir()
    rows = psplib.run_set("j30like", items, ["heuristic-1000"], _args(tmp_path, refs), [])
    times = [float(str(r["to_1pct_s"])) for r in rows]
    assert all(0 <= t <= float(str(r["seconds"])) for t, r in zip(times, rows, strict=True))
    text = psplib.table("j30like", rows, ["heuristic-1000"], 1.0)
    assert "| mean s to 1% |" in text
    assert f"| {sum(times) / len(times):.2f} |" in text
