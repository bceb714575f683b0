"""`record_progress`: the rules of a progress record, and what it writes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from steerco.app.progress import RecordedProgress, record_progress
from steerco.codes import Code
from steerco.errors import ProjectError

# A (3 days) -> B (4 days) from Monday 2027-01-04: B is planned Thu 7 .. Tue 12.
SOURCE = """\
name: Demo   # kept
start: 2027-01-04
resources:
  - {id: r, name: Engineer, rate: 100}
tasks:
  - {id: a, name: A, duration: 3, demands: [{resource: r}]}
  - {id: b, name: B, duration: 4, after: [a], demands: [{resource: r}]}
"""


def day(n: int) -> dt.date:
    return dt.date(2027, 1, n)


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    path = tmp_path / "demo.yaml"
    path.write_text(SOURCE, encoding="utf-8")
    return path


def progress(path: Path) -> dict[str, object]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["progress"]  # type: ignore[no-any-return]


def test_a_record_returns_what_the_file_now_says(demo: Path) -> None:
    recorded = record_progress(path=demo, task="a", percent=40, cost=120, date=day(5))
    assert isinstance(recorded, RecordedProgress)
    assert (recorded.task, recorded.status_date, recorded.currency) == ("a", day(5), "USD")
    assert recorded.entry.actual_start == day(4)  # its planned start
    assert (recorded.entry.percent_complete, recorded.entry.actual_cost) == (40, 120)
    assert recorded.snapshots == demo.with_name("demo.snapshots.yaml")
    assert demo.read_text(encoding="utf-8").startswith(SOURCE)


def test_done_finishes_on_the_status_date_with_nothing_left(demo: Path) -> None:
    record_progress(path=demo, task="a", percent=40, remaining="2d", date=day(5))
    recorded = record_progress(path=demo, task="a", done=True, date=day(6))
    assert recorded.entry.actual_finish == day(6)
    assert recorded.entry.percent_complete == 100 and recorded.entry.remaining is None


def test_percent_100_is_done(demo: Path) -> None:
    recorded = record_progress(path=demo, task="a", percent=100, date=day(6))
    assert recorded.entry.finished and recorded.entry.actual_finish == day(6)


def test_the_first_record_starts_at_the_planned_start_at_the_latest_the_status_date(
    demo: Path,
) -> None:
    early = record_progress(path=demo, task="b", percent=10, date=day(5))
    assert early.entry.actual_start == day(5)  # planned for the 7th, recorded on the 5th
    demo.write_text(SOURCE, encoding="utf-8")
    late = record_progress(path=demo, task="b", percent=10, date=day(11))
    assert late.entry.actual_start == day(7)
    again = record_progress(path=demo, task="b", percent=20, date=day(12))
    assert again.entry.actual_start == day(7)  # a later record keeps it
    moved = record_progress(path=demo, task="b", start=day(8), date=day(12))
    assert moved.entry.actual_start == day(8)


def test_the_date_defaults_to_the_files_then_today(demo: Path) -> None:
    first = record_progress(path=demo, task="a", percent=10, today=day(5))
    assert first.status_date == day(5)
    second = record_progress(path=demo, task="a", percent=20, today=day(20))
    assert second.status_date == day(5)  # the file's status date wins over today


def test_whole_numbers_are_written_as_integers(demo: Path) -> None:
    record_progress(path=demo, task="a", percent=40.0, remaining="2", cost=99.5, date=day(5))
    entry = progress(demo)["tasks"]["a"]  # type: ignore[index]
    assert (entry["percent_complete"], entry["remaining"], entry["actual_cost"]) == (40, 2, 99.5)


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"task": "a"}, "nothing_to_record"),
        ({"task": "zz", "done": True}, "unknown_task"),
        ({"task": "a", "percent": 140.0}, "bad_percent"),
    ],
)
def test_a_refused_record_changes_nothing(
    demo: Path, changes: dict[str, object], code: str
) -> None:
    with pytest.raises(ProjectError) as caught:
        record_progress(path=demo, date=day(5), **changes)  # type: ignore[arg-type]
    assert [d.code for d in caught.value.diagnostics] == [code]
    assert caught.value.diagnostics[0].file == str(demo)
    assert demo.read_text(encoding="utf-8") == SOURCE
    assert not demo.with_name("demo.snapshots.yaml").exists()


def test_the_status_date_never_moves_back(demo: Path) -> None:
    record_progress(path=demo, task="a", percent=10, date=day(6))
    with pytest.raises(ProjectError) as caught:
        record_progress(path=demo, task="a", percent=20, date=day(5))
    assert caught.value.diagnostics[0].code == "bad_date"


_RECORD = """
import datetime as dt, sys
from pathlib import Path
from steerco.app.progress import record_progress
record_progress(path=Path(sys.argv[1]), task=sys.argv[2], percent=50, date=dt.date(2027, 1, 5))
"""


def test_concurrent_updates_serialise_and_both_survive(demo: Path) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2] / "src")}
    for _ in range(3):
        demo.write_text(SOURCE, encoding="utf-8")
        runs = [
            subprocess.Popen([sys.executable, "-c", _RECORD, str(demo), task], env=env)
            for task in ("a", "b")
        ]
        assert [run.wait() for run in runs] == [0, 0]
        tasks = progress(demo)["tasks"]
        assert isinstance(tasks, dict) and sorted(tasks) == ["a", "b"]
        snapshot = yaml.safe_load(demo.with_name("demo.snapshots.yaml").read_text("utf-8"))
        assert sorted(snapshot["snapshots"][0]["tasks"]) == ["a", "b"]


def test_update_through_a_symlink_writes_the_target(tmp_path: Path) -> None:
    real = tmp_path / "repo" / "demo.yaml"
    real.parent.mkdir()
    real.write_text(SOURCE, encoding="utf-8")
    link = tmp_path / "demo.yaml"
    link.symlink_to(real)
    record_progress(path=link, task="a", percent=40, date=day(5))
    assert link.is_symlink()
    assert "percent_complete: 40" in real.read_text(encoding="utf-8")


def test_a_private_project_and_its_sidecar_stay_private(demo: Path) -> None:
    demo.chmod(0o600)
    recorded = record_progress(path=demo, task="a", percent=40, date=day(5))
    assert demo.stat().st_mode & 0o777 == 0o600
    assert recorded.snapshots.stat().st_mode & 0o777 == 0o600


def test_an_invalid_record_is_located_in_the_file_on_disk(demo: Path) -> None:
    with pytest.raises(ProjectError) as raised:  # the whole progress section is new
        record_progress(path=demo, task="a", remaining="3x", date=day(5))
    assert (raised.value.code, raised.value.line) == ("bad_duration", None)
    record_progress(path=demo, task="a", percent=40, date=day(5))
    on_disk = demo.read_text(encoding="utf-8")
    with pytest.raises(ProjectError) as raised:  # a new key in the task's existing entry
        record_progress(path=demo, task="a", remaining="3x", date=day(5))
    line = raised.value.line
    assert line is not None and line <= len(on_disk.splitlines())
    assert on_disk.splitlines()[line - 1].strip().startswith("a:")
    assert demo.read_text(encoding="utf-8") == on_disk


# A (3 days, Mon 4 .. Wed 6) -> M (a milestone, reached on Wed 6); the plan finishes on Wed 6.
MILESTONE_SOURCE = """\
name: Gate
start: 2027-01-04
tasks:
  - {id: a, name: A, duration: 3}
  - {id: m, name: M, milestone: true, after: [a]}
"""


@pytest.fixture
def gated(tmp_path: Path) -> Path:
    path = tmp_path / "gated.yaml"
    path.write_text(MILESTONE_SOURCE, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "what",
    [{"percent": 50.0}, {"remaining": "1"}, {"start": day(5)}, {"percent": 50.0, "done": True}],
)
def test_a_milestone_is_done_or_not(gated: Path, what: dict[str, Any]) -> None:
    with pytest.raises(ProjectError) as caught:
        record_progress(path=gated, task="m", date=day(6), today=day(6), **what)
    assert [d.code for d in caught.value.diagnostics] == [Code.milestone_progress]
    assert caught.value.diagnostics[0].file == str(gated)
    assert gated.read_text(encoding="utf-8") == MILESTONE_SOURCE


def test_a_milestone_done_has_one_actual_date(gated: Path) -> None:
    recorded = record_progress(path=gated, task="m", done=True, date=day(6), today=day(6))
    assert recorded.entry.actual_start == recorded.entry.actual_finish == day(6)
    assert progress(gated)["tasks"] == {"m": {"actual_start": day(6), "actual_finish": day(6)}}
    assert recorded.warnings == ()


@pytest.mark.parametrize("remaining", ["-2", "-2d", "-0.5h"])
def test_negative_remaining_is_refused_before_anything_is_written(
    demo: Path, remaining: str
) -> None:
    with pytest.raises(ProjectError) as caught:
        record_progress(path=demo, task="a", remaining=remaining, date=day(5), today=day(5))
    assert [d.code for d in caught.value.diagnostics] == [Code.negative_remaining]
    assert demo.read_text(encoding="utf-8") == SOURCE
    assert not demo.with_name("demo.snapshots.yaml").exists()


def test_zero_remaining_is_allowed(demo: Path) -> None:
    recorded = record_progress(path=demo, task="a", remaining="0", date=day(5), today=day(5))
    assert recorded.entry.remaining is not None and recorded.entry.remaining.value == 0


def test_an_actual_date_on_a_weekend_is_kept_and_warned(demo: Path) -> None:
    # a finishes on Saturday 9: kept as recorded, one located warning at its line.
    recorded = record_progress(path=demo, task="a", done=True, date=day(9), today=day(9))
    assert recorded.entry.actual_finish == day(9)
    assert [d.code for d in recorded.warnings] == [Code.actual_on_non_working_day]
    warning = recorded.warnings[0]
    lines = demo.read_text(encoding="utf-8").splitlines()
    assert warning.file == str(demo) and warning.line is not None
    assert lines[warning.line - 1].strip() == "actual_finish: 2027-01-09"


def test_a_status_date_after_today_is_a_warning(demo: Path) -> None:
    recorded = record_progress(path=demo, task="a", percent=10, date=day(8), today=day(5))
    assert recorded.status_date == day(8)
    assert [d.code for d in recorded.warnings] == [Code.status_date_in_future]
    assert recorded.warnings[0].file == str(demo)


def test_a_status_date_on_or_before_today_warns_nothing(demo: Path) -> None:
    assert (
        record_progress(path=demo, task="a", percent=10, date=day(8), today=day(8)).warnings == ()
    )


def test_a_status_date_beyond_the_plans_finish_needs_force(demo: Path) -> None:
    # The plan (A Mon 4 .. Wed 6, B Thu 7 .. Tue 12) finishes on Tuesday 12.
    assert record_progress(path=demo, task="a", percent=10, date=day(12), today=day(31))
    demo.write_text(SOURCE, encoding="utf-8")
    with pytest.raises(ProjectError) as caught:
        record_progress(path=demo, task="a", percent=10, date=day(13), today=day(31))
    assert [d.code for d in caught.value.diagnostics] == [Code.status_date_beyond_plan]
    assert demo.read_text(encoding="utf-8") == SOURCE
    forced = record_progress(
        path=demo, task="a", percent=10, date=day(13), today=day(31), force=True
    )
    assert forced.status_date == day(13)
