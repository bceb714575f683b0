"""`steerco update FILE --from-runs`: training tasks' progress from their real run logs.

The project starts Monday 2027-03-01; `data` is finished on Wednesday 3 March. `finetune`
(24x7) logs 0..10,000 steps from Thursday 4 March 00:00 UTC at 500 steps an hour (20 hours);
`sft` (Mon-Fri, 8 h days) logs 0..6,000 steps from Friday 5 March 00:00 to Monday 8 March
12:00: 8 + 4 = 12 working hours, 500 steps a working hour.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

from cli_runner import steerco
from run_logs import write_tensorboard

HOUR = 3600.0
THU = dt.datetime(2027, 3, 4, tzinfo=dt.UTC).timestamp()
FRI = dt.datetime(2027, 3, 5, tzinfo=dt.UTC).timestamp()

SOURCE = """\
# Fine-tuning plan: the comments must survive the update
name: Fine-tune
start: 2027-03-01
tasks:
  - {id: data, duration: 3}   # data prep
  - id: finetune
    duration: 6
    calendar: 24x7            # the cluster trains round the clock
    after: [data]
    run: {source: tensorboard, path: runs/finetune, tag: train/loss, steps: 50000}
  - id: sft
    duration: 10
    after: [data]
    run: {source: tensorboard, path: runs/sft, steps: 40000}   # office-hours cluster
  - {id: eval, duration: 2, after: [finetune, sft]}
progress:
  status_date: 2027-03-03
  tasks:
    data: {actual_start: 2027-03-01, actual_finish: 2027-03-03}   # done on time
"""


def _curve(
    first: float, steps: int, per_hour: float, every: int = 1000
) -> list[tuple[int, float, float]]:
    """(step, loss, wall time): `per_hour` steps an hour of wall time from `first`."""
    return [(s, 1.0 / (1 + s), first + s / per_hour * HOUR) for s in range(0, steps + 1, every)]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "plan.yaml"
    path.write_text(SOURCE, encoding="utf-8")
    write_tensorboard(tmp_path / "runs" / "finetune", {"train/loss": _curve(THU, 10_000, 500)})
    # sft: Fri 00:00 -> 4,000 by Fri 08:00 (8 h), then 2,000 more by Mon 12:00 (4 working h).
    sft = [(0, 1.0, FRI), (4_000, 0.5, FRI + 8 * HOUR), (6_000, 0.4, FRI + 84 * HOUR)]
    write_tensorboard(tmp_path / "runs" / "sft", {"loss": sft})
    return path


def _tasks(path: Path) -> dict[str, dict[str, object]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["progress"]["tasks"]  # type: ignore[no-any-return]


def _finishes(path: Path) -> dict[str, str]:
    code, out, err = steerco("schedule", path, "-f", "json")
    assert code == 0, err
    return {row["id"]: row["finish"] for row in json.loads(out)["tasks"]}


def test_from_runs_sets_percent_start_and_remaining_and_keeps_the_comments(project: Path) -> None:
    code, out, err = steerco("update", project, "--from-runs", "--date", "2027-03-08")
    assert code == 0, err
    text = project.read_text(encoding="utf-8")
    assert text.startswith(SOURCE.split("progress:")[0])  # tasks, comments, flow style untouched
    assert "data: {actual_start: 2027-03-01, actual_finish: 2027-03-03}   # done on time" in text
    tasks = _tasks(project)
    # finetune: 20%, 40,000 steps at 500/h = 80 h = 80/24 = 3.33.. days of 24x7, rounded up.
    assert tasks["finetune"] == {
        "actual_start": dt.date(2027, 3, 4),
        "percent_complete": 20,
        "remaining": 3.34,
    }
    # sft: 6,000 of 40,000 = 15%; 34,000 at 500 per working hour = 68 h = 8.5 working days.
    assert tasks["sft"] == {
        "actual_start": dt.date(2027, 3, 5),
        "percent_complete": 15,
        "remaining": 8.5,
    }
    assert out.splitlines()[1:] == [  # as docs/ml-runs.md shows them
        "  finetune: 10,000 of 50,000 steps (20%), started 2027-03-04, "
        "remaining 3.34 days (80 h at 500 steps/h)",
        "  sft: 6,000 of 40,000 steps (15%), started 2027-03-05, "
        "remaining 8.5 days (68 h at 500 steps/h)",
    ]
    snapshots = yaml.safe_load(project.with_name("plan.snapshots.yaml").read_text())["snapshots"]
    assert str(snapshots[-1]["status_date"]) == "2027-03-08"


def test_the_reschedule_runs_the_remaining_time_on_each_tasks_calendar(project: Path) -> None:
    assert steerco("update", project, "--from-runs", "--date", "2027-03-08")[0] == 0
    finishes = _finishes(project)
    # 3.34 days on 24x7 from Tue 9 March: Tue, Wed, Thu, Fri (its fourth calendar day).
    assert finishes["finetune"] == "2027-03-12"
    # 8.5 working days from Tue 9: Tue 9 .. Fri 12 (4), Mon 15 .. Fri 19 (9 days, the half
    # day booked whole).
    assert finishes["sft"] == "2027-03-19"


def test_a_run_that_reached_its_steps_finishes_on_the_day_of_its_last_event(
    project: Path, tmp_path: Path
) -> None:
    done = project.parent / "runs" / "finetune"
    for old in done.iterdir():
        old.unlink()
    write_tensorboard(done, {"train/loss": _curve(THU, 50_000, 500, every=5000)})  # 100 h: Mon 8
    code, out, err = steerco("update", project, "--from-runs", "--date", "2027-03-09")
    assert code == 0, err
    assert _tasks(project)["finetune"] == {
        "actual_start": dt.date(2027, 3, 4),
        "percent_complete": 100,
        "actual_finish": dt.date(2027, 3, 8),
    }
    assert "finetune: finished on 2027-03-08 (50,000 of 50,000 steps)" in out


def test_only_what_was_logged_by_the_status_date_counts(project: Path) -> None:
    # By the end of Thursday 4 March: finetune's 20 h (all of it); sft has not started.
    code, out, err = steerco("update", project, "--from-runs", "--date", "2027-03-04")
    assert code == 0, err
    tasks = _tasks(project)
    assert tasks["finetune"]["percent_complete"] == 20
    assert "sft" not in tasks
    assert "sft: skipped: not started: nothing logged by the end of 2027-03-04" in out
    assert "run_log_unreadable" not in err  # a run not started yet is not a damaged log


def test_dry_run_prints_the_edit_and_writes_nothing(project: Path) -> None:
    code, out, err = steerco("update", project, "--from-runs", "--date", "2027-03-08", "--dry-run")
    assert code == 0, err
    assert project.read_text(encoding="utf-8") == SOURCE
    assert not project.with_name("plan.snapshots.yaml").exists()
    assert "finetune: 10,000 of 50,000 steps (20%)" in out
    assert "-  status_date: 2027-03-03\n+  status_date: 2027-03-08\n" in out
    assert "+    finetune:\n+      actual_start: 2027-03-04\n+      percent_complete: 20\n" in out
    assert f"(dry run: {project} not written)" in out


def test_a_missing_log_is_skipped_with_a_located_warning(project: Path) -> None:
    for old in (project.parent / "runs" / "sft").iterdir():
        old.unlink()
    (project.parent / "runs" / "sft").rmdir()
    code, out, err = steerco("update", project, "--from-runs", "--date", "2027-03-08")
    assert code == 0, err
    assert "run_log_unreadable" in err
    assert f"{project}:14:" in err  # sft's `run:` line
    assert "sft: skipped:" in out
    tasks = _tasks(project)
    assert "sft" not in tasks and tasks["finetune"]["percent_complete"] == 20


def test_a_damaged_event_file_is_skipped_not_a_crash(project: Path) -> None:
    event = next((project.parent / "runs" / "sft").iterdir())
    event.write_bytes(b"\x00garbage, not a TFRecord")
    code, out, err = steerco("update", project, "--from-runs", "--date", "2027-03-08")
    assert code == 0, err
    assert "run_log_unreadable" in err and "sft: skipped:" in out
    assert _tasks(project)["finetune"]["percent_complete"] == 20


def test_a_task_finished_in_the_file_is_left_as_recorded(project: Path) -> None:
    text = SOURCE.replace(
        "# done on time",
        "# done on time\n    sft: {actual_start: 2027-03-02, actual_finish: 2027-03-03}",
    )
    project.write_text(text, encoding="utf-8")
    code, out, _ = steerco("update", project, "--from-runs", "--date", "2027-03-08")
    assert code == 0
    assert "sft: skipped: finished on 2027-03-03 already" in out
    assert "sft: {actual_start: 2027-03-02, actual_finish: 2027-03-03}" in project.read_text()


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["sft", "--from-runs"], "drop TASK 'sft'"),
        (["--from-runs", "--percent", "10"], "drop --percent"),
        ([], "name the TASK to update, or give --from-runs"),
        (["sft", "--percent", "10", "--dry-run"], "--dry-run goes with --from-runs"),
    ],
)
def test_from_runs_and_a_task_exclude_each_other(
    project: Path, args: list[str], words: str
) -> None:
    code, _, err = steerco("update", project, *args)
    assert code == 2
    assert words in " ".join(err.split())  # Rich wraps the usage error's box
    assert project.read_text(encoding="utf-8") == SOURCE


@pytest.mark.parametrize(
    ("text", "args", "code"),
    [
        (SOURCE.replace("    run:", "    # run:"), ["--date", "2027-03-08"], "nothing_to_record"),
        (SOURCE, ["--date", "2027-03-02"], "bad_date"),
    ],
)
def test_refused_requests_change_nothing(
    project: Path, text: str, args: list[str], code: str
) -> None:
    project.write_text(text, encoding="utf-8")
    exit_code, _, err = steerco("update", project, "--from-runs", *args)
    assert exit_code == 2
    assert f": {code}: " in err
    assert project.read_text(encoding="utf-8") == text


def test_a_run_planned_in_epochs_reads_a_keras_csv_log(tmp_path: Path) -> None:
    # Keras' CSVLogger, one row per finished epoch, with a wall_time column: epochs 0..2
    # (3 epochs done) ended at 1 h, 2 h and 3 h: (3 - 1) epochs in 2 h = 1 an hour.
    path = tmp_path / "plan.yaml"
    path.write_text(
        "name: p\nstart: 2027-03-01\ntasks:\n"
        "  - {id: train, duration: 2, calendar: 24x7,"
        " run: {source: csv, path: log.csv, epochs: 10}}\n",
        encoding="utf-8",
    )
    rows = [f"{e},{1 / (e + 1)},{THU + (e + 1) * HOUR}" for e in range(3)]
    (tmp_path / "log.csv").write_text("epoch,loss,wall_time\n" + "\n".join(rows) + "\n")
    code, out, err = steerco("update", path, "--from-runs", "--date", "2027-03-04")
    assert code == 0, err
    assert _tasks(path)["train"] == {
        "actual_start": dt.date(2027, 3, 4),
        "percent_complete": 30,
        "remaining": 0.3,  # 7 epochs at 1 an hour = 7 h = 7/24 = 0.2917 days, rounded up
    }
    assert "3 of 10 epochs (30%)" in out


def test_an_hour_project_runs_the_same_remaining_days_on_24x7(project: Path) -> None:
    # unit: hour, 8 h days: 3.34 days are 26.72 hours-units, booked as 27 on 24x7's 8-unit
    # days: the fourth calendar day after the status date, as in a day project.
    project.write_text(SOURCE.replace("start: 2027-03-01\n", "start: 2027-03-01\nunit: hour\n"))
    assert steerco("update", project, "--from-runs", "--date", "2027-03-08")[0] == 0
    assert _tasks(project)["finetune"]["remaining"] == 3.34
    assert _tasks(project)["sft"]["remaining"] == 8.5  # 68 working hours, 8 a day
    finishes = _finishes(project)
    assert finishes["finetune"] == "2027-03-12"
    assert finishes["sft"] == "2027-03-19"  # 68 units from Tue 9: 4 h into Fri 19


def test_a_run_on_a_milestone_is_refused_located_and_nothing_written(project: Path) -> None:
    text = SOURCE.replace(
        "  - {id: eval, duration: 2, after: [finetune, sft]}\n",
        "  - {id: eval, duration: 2, after: [finetune, sft]}\n"
        "  - {id: ship, milestone: true, after: [eval],"
        " run: {source: tensorboard, path: runs/sft, steps: 10}}\n",
    )
    project.write_text(text, encoding="utf-8")
    code, _, err = steerco("update", project, "--from-runs", "--date", "2027-03-08")
    assert code == 2
    assert f"{project}:" in err and ": bad_run: " in err and "'ship'" in err
    assert project.read_text(encoding="utf-8") == text


def test_a_tag_the_log_lacks_is_warned_once_and_skipped(project: Path) -> None:
    text = SOURCE.replace(
        "path: runs/sft, steps: 40000", "path: runs/sft, tag: val/auc, steps: 40000"
    )
    project.write_text(text, encoding="utf-8")
    code, out, err = steerco("update", project, "--from-runs", "--date", "2027-03-08")
    assert code == 0, err
    assert err.count("run_log_unreadable") == 1 and "'val/auc'" in err
    assert "sft: skipped: the run logged no scalar 'val/auc' (it has: loss)" in out
    assert "sft" not in _tasks(project)


def test_a_run_the_file_cannot_take_is_skipped_and_the_others_written(project: Path) -> None:
    # sft's log starts two days before the project: skipped, warned; finetune still written
    (sft,) = (project.parent / "runs" / "sft").iterdir()
    sft.unlink()
    early = FRI - 6 * 24 * HOUR
    write_tensorboard(project.parent / "runs" / "sft", {"loss": [(0, 1.0, early), (10, 0.9, FRI)]})
    code, out, err = steerco("update", project, "--from-runs", "--date", "2027-03-08")
    assert code == 0, err
    assert "before the project's start 2027-03-01" in out
    assert ": warning: run_log_unreadable: " in err
    tasks = _tasks(project)
    assert "sft" not in tasks and tasks["finetune"]["percent_complete"] == 20


def test_a_started_run_whose_predecessor_has_no_progress_is_warned_of(project: Path) -> None:
    # Without data's progress the plan holds both runs until data is done (15 and 24 March,
    # not 12 and 19): the update says so, at each run's `after`.
    project.write_text(SOURCE.split("progress:")[0], encoding="utf-8")
    code, _, err = steerco("update", project, "--from-runs", "--date", "2027-03-08")
    assert code == 0, err
    warned = [line for line in err.splitlines() if "waits_on_unrecorded" in line]
    assert [line.split(": warning")[0] for line in warned] == [
        f"{project}:9:13",
        f"{project}:13:13",
    ]
    assert warned[0].endswith(
        "task 'finetune' is recorded as started, but its predecessor 'data' has no progress: "
        f"the plan holds the run until 'data' is done; record it (steerco update {project} "
        "data --done)"
    )
    assert _finishes(project)["finetune"] == "2027-03-15"
