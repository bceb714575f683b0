"""Remembered levelled plans: reused for the same problem and effort, never for another."""

from __future__ import annotations

import importlib
import json
import os
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from steerco.formats import plan_store
from steerco.formats.plan_store import FilePlanStore, default_plan_store
from steerco.model import Project
from steerco.schedule import compile_project
from steerco.schedule.options import SolveOptions
from steerco.schedule.plan import Schedule
from steerco.schedule.planner import plan_network
from steerco.schedule.rcpsp.result import ScheduleResult, ScheduleStatus
from steerco.schedule.reuse import StoredSolve, merged, reusable, solve_key

solve_module = importlib.import_module("steerco.schedule.rcpsp.solve")


class MemoryStore:
    def __init__(self) -> None:
        self.entries: dict[str, StoredSolve] = {}

    def load(self, key: str) -> StoredSolve | None:
        return self.entries.get(key)

    def save(self, key: str, entry: StoredSolve) -> None:
        self.entries[key] = entry


def two_people(duration: int = 3) -> Project:
    # three tasks on one person: 3 * duration days, whatever the order
    return Project.model_validate(
        {
            "name": "p",
            "start": "2027-01-04",
            "resources": [{"id": "mle1"}],
            "tasks": [
                {"id": t, "duration": duration, "demands": {"mle1": 1}} for t in ("a", "b", "c")
            ],
        }
    )


def counting_solve(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = solve_module.solve

    def counted(*args: Any, **kwargs: Any) -> ScheduleResult:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(solve_module, "solve", counted)
    return calls


def plan(project: Project, store: Any, **options: Any) -> Schedule:
    result = plan_network(
        compile_project(project), project=project, options=SolveOptions(**options), store=store
    )
    assert isinstance(result, Schedule)
    return result


def test_the_same_problem_is_solved_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = counting_solve(monkeypatch)
    store = MemoryStore()
    first = plan(two_people(), store)
    again = plan(two_people(), store)
    assert len(calls) == 1 and len(store.entries) == 1
    assert first.makespan == again.makespan == 9
    assert [row.es for row in first.tasks()] == [row.es for row in again.tasks()]
    plan(two_people(duration=4), store)  # another problem
    plan(two_people(), store, seed=1)  # another search
    assert len(calls) == 3 and len(store.entries) == 3


def test_a_stopped_search_is_not_remembered(monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    stop = threading.Event()
    stop.set()
    store = MemoryStore()
    plan_network(
        compile_project(two_people()),
        project=two_people(),
        options=SolveOptions(),
        stop=stop,
        store=store,
    )
    assert store.entries == {}


def result(makespan: int, bound: int, status: str = "feasible") -> ScheduleResult:
    return ScheduleResult(
        status=ScheduleStatus(status),
        method="cp-sat",
        makespan=makespan,
        bound=bound,
        solve_seconds=1.0,
        start=np.zeros(3, dtype=np.int64),
    )


def test_effort_decides_reuse() -> None:
    ten = SolveOptions(time_limit=10)
    sixty = SolveOptions(time_limit=60)
    searched = StoredSolve(result(100, 80), time_limit=10)
    assert reusable(searched, ten) and not reusable(searched, sixty)
    proved = StoredSolve(result(90, 90, "optimal"), time_limit=1)
    assert reusable(proved, sixty)


def test_solving_again_keeps_the_better_plan_and_the_larger_bound() -> None:
    old = StoredSolve(result(100, 80), time_limit=10)
    sixty = SolveOptions(time_limit=60)
    worse = merged(result(104, 85), old, sixty)
    # the older schedule (100) with the newer bound (85), at the longer effort
    assert (worse.result.makespan, worse.result.bound, worse.time_limit) == (100, 85, 60)
    proved = merged(result(100, 100), old, sixty)
    assert proved.result.status == ScheduleStatus.optimal
    lateness = merged(result(104, 85), old, SolveOptions(time_limit=60, objective="lateness"))
    assert lateness.result.makespan == 104  # only makespan plans are compared


def test_the_key_covers_the_project_the_network_and_the_goal() -> None:
    p = two_people()
    net = compile_project(p)
    base = solve_key(p, net, SolveOptions())
    assert solve_key(p, net, SolveOptions(time_limit=99, workers=8)) == base  # effort only
    assert solve_key(p, net, SolveOptions(objective="cost")) != base
    renamed = p.revised(name="q")
    assert solve_key(renamed, compile_project(renamed), SolveOptions()) != base


def test_file_store_round_trip_and_bad_files(tmp_path: Path) -> None:
    store = FilePlanStore(tmp_path)
    entry = StoredSolve(
        ScheduleResult(
            status=ScheduleStatus.feasible,
            method="heuristic",
            makespan=12,
            bound=10,
            solve_seconds=0.5,
            start=np.array([0, 3, 7], dtype=np.int64),
            assignees=[["mle1"], [], ["mle2"]],
            message="",
            picks=[(1, 2)],
            schedules=4321,
        ),
        time_limit=10.0,
    )
    store.save("k1", entry)
    back = store.load("k1")
    assert back is not None and back.time_limit == 10.0
    assert back.result.start is not None and back.result.start.tolist() == [0, 3, 7]
    assert (back.result.makespan, back.result.bound, back.result.picks) == (12, 10, [(1, 2)])
    assert back.result.schedules == 4321
    assert store.load("missing") is None
    (store.folder / "k2.json").write_text("{not json", encoding="utf-8")
    assert store.load("k2") is None
    (store.folder / "k3.json").write_text(json.dumps({"start": [1]}), encoding="utf-8")
    assert store.load("k3") is None


def test_file_store_forgets_old_entries_and_other_versions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(plan_store, "MAX_ENTRIES", 2)
    stale = tmp_path / "plans" / "an-older-steerco"
    stale.mkdir(parents=True)
    store = FilePlanStore(tmp_path)
    entry = StoredSolve(result(5, 5, "optimal"), 1.0)
    for i, key in enumerate(("a", "b", "c")):
        store.save(key, entry)
        os.utime(store.folder / f"{key}.json", (1000 + i, 1000 + i))
    store.save("d", entry)
    assert sorted(p.stem for p in store.folder.glob("*.json")) == ["c", "d"]
    assert not stale.exists()


def test_an_unwritable_store_is_a_miss(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a directory", encoding="utf-8")
    store = FilePlanStore(blocked)
    store.save("k", StoredSolve(result(5, 5, "optimal"), 1.0))  # no error
    assert store.load("k") is None


def test_where_the_store_lives(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("STEERCO_CACHE_DIR", "off")
    assert default_plan_store() is None
    monkeypatch.setenv("STEERCO_CACHE_DIR", str(tmp_path))
    chosen = default_plan_store()
    assert chosen is not None and chosen.root == tmp_path
    monkeypatch.delenv("STEERCO_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    xdg = default_plan_store()
    assert xdg is not None and xdg.root == tmp_path / "xdg" / "steerco"


def test_commands_on_one_file_share_the_levelled_plan(tmp_path: Path) -> None:
    from cli_runner import steerco

    source = Path(__file__).parents[2] / "examples" / "team.yaml"
    env = {"STEERCO_CACHE_DIR": str(tmp_path / "cache")}
    first = steerco("schedule", source, "--format", "json", env=env)
    assert first.exit_code == 0, first.output
    entries = list((tmp_path / "cache" / "plans").rglob("*.json"))
    assert len(entries) == 1
    written = entries[0].stat().st_mtime_ns
    again = steerco("schedule", source, "--format", "json", env=env)
    gates = steerco("gates", source, "--format", "json", env=env)
    assert gates.exit_code == 0, gates.output
    assert json.loads(again.stdout)["tasks"] == json.loads(first.stdout)["tasks"]
    # answered from the store: nothing solved, nothing written again
    assert list((tmp_path / "cache" / "plans").rglob("*.json")) == entries
    assert entries[0].stat().st_mtime_ns == written
