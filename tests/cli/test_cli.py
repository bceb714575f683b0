"""The `steerco` command line: exit codes, error lines on stderr, JSON/CSV output, files."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from cli_runner import steerco
from psplib_data import psplib_instance
from steerco.cli import main as cli_main

SCRIPT = Path(sys.executable).parent / "steerco"
CASES = Path(__file__).parents[1] / "cases"
CANONICAL = CASES / "valid" / "canonical.yaml"
SEVERAL = CASES / "invalid" / "several_field_errors.yaml"
INVALID = sorted(p for p in (CASES / "invalid").iterdir() if p.suffix in {".yaml", ".sm"})
PSPLIB = psplib_instance("j3010_1")

TOP_FIELDS = {
    "project",
    "method",
    "status",
    "unit",
    "start",
    "finish",
    "makespan",
    "tasks",
    "critical_path",
    "critical_paths",
}
TASK_FIELDS = [
    "id",
    "name",
    "parent",
    "kind",
    "es",
    "ef",
    "ls",
    "lf",
    "total_float",
    "free_float",
    "critical",
    "start",
    "finish",
]


def _script(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run the installed `steerco` script as a user would."""
    return subprocess.run(
        [str(SCRIPT), *map(str, args)], capture_output=True, text=True, timeout=60, check=False
    )


def _error_line(path: Path) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(str(path))}:\d+:\d+: [a-z][a-z_]*: \S")


@pytest.fixture(scope="module")
def psplib_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of a real j30 instance (the vendored file is never touched)."""
    copy = tmp_path_factory.mktemp("psplib") / "j3010_1.sm"
    copy.write_text(PSPLIB.read_text(encoding="ascii"), encoding="ascii")
    return copy


def test_validate_valid_file_exits_0() -> None:
    done = _script("validate", CANONICAL)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert str(CANONICAL) in done.stdout


def test_invalid_file_exits_2_with_one_located_line_per_error() -> None:
    done = _script("validate", SEVERAL)
    assert done.returncode == 2
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    *lines, summary = done.stderr.splitlines()
    assert summary == f"{SEVERAL}: 3 errors, 0 warnings"
    assert len(lines) == 3
    pattern = _error_line(SEVERAL)
    assert all(pattern.match(line) for line in lines), lines
    located = sorted(line.split(": ")[0].removeprefix(f"{SEVERAL}:") for line in lines)
    assert located == ["11:5", "13:15", "8:1"]


def test_schedule_of_invalid_file_exits_2_and_prints_nothing() -> None:
    done = _script("schedule", SEVERAL, "--format", "json")
    assert done.returncode == 2
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    assert all(_error_line(SEVERAL).match(line) for line in done.stderr.splitlines())


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_every_invalid_case_exits_2_without_traceback(path: Path) -> None:
    result = steerco("validate", str(path))
    assert result.exit_code == 2, result.output
    # steerco() lets any exception but an exit propagate: none was raised here.
    assert "Traceback" not in result.stderr
    *lines, summary = result.stderr.splitlines()
    assert lines
    for line in lines:
        assert line.startswith(f"{path}:"), line
        assert re.search(r": [a-z][a-z_]*: ", line), line
    errors = len(lines)
    assert summary == f"{path}: {errors} error{'' if errors == 1 else 's'}, 0 warnings"


def test_missing_file_is_file_not_found(tmp_path: Path) -> None:
    for name in ("nowhere.yaml", "nowhere.sm"):
        missing = tmp_path / name
        result = steerco("validate", str(missing))
        assert result.exit_code == 2
        assert result.stderr.startswith(f"{missing}: file_not_found: ")


def test_unknown_extension_is_unknown_file_type(tmp_path: Path) -> None:
    notes = tmp_path / "plan.txt"
    notes.write_text("name: x\n", encoding="utf-8")
    result = steerco("schedule", str(notes))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{notes}: unknown_file_type: ")
    assert result.stdout == ""


def test_internal_error_exits_1(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    def broken() -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(cli_main, "app", broken)
    with pytest.raises(SystemExit) as stopped:
        cli_main.run()
    assert stopped.value.code == 1
    assert "internal error: boom" in capsys.readouterr().err


def test_schedule_json_is_one_object_with_the_documented_fields() -> None:
    done = _script("schedule", CANONICAL, "--format", "json", "--method", "cpm")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)  # raises on anything after the one object
    assert isinstance(data, dict)
    assert set(data) >= TOP_FIELDS
    assert data["method"] == "cpm"
    assert data["status"] == "optimal"
    assert data["unit"] == "day"
    assert (data["start"], data["finish"], data["makespan"]) == ("2027-01-04", "2027-03-11", 48)
    tasks = {task["id"]: task for task in data["tasks"]}
    assert [task["id"] for task in data["tasks"]] == [
        "data",
        "collect",
        "label",
        "train",
        "tune",
        "launch",
    ]
    for task in data["tasks"]:
        assert set(TASK_FIELDS) <= set(task)
    assert tasks["data"]["kind"] == "summary"
    assert tasks["collect"]["parent"] == "data"
    assert {k: tasks["tune"][k] for k in ("es", "ef", "total_float", "critical")} == {
        "es": 44,
        "ef": 48,
        "total_float": 0,
        "critical": True,
    }
    assert (tasks["tune"]["start"], tasks["tune"]["finish"]) == ("2027-03-08", "2027-03-11")
    assert data["critical_path"] == ["tune", "launch"]
    assert data["critical_paths"][0] == data["critical_path"]


def test_schedule_csv_has_a_header_and_one_row_per_task() -> None:
    result = steerco("schedule", str(CANONICAL), "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    header, body = rows[0], rows[1:]
    assert set(TASK_FIELDS) <= set(header)
    assert len(header) == len(set(header))
    assert all(len(row) == len(header) for row in body)
    records = {row[header.index("id")]: dict(zip(header, row, strict=True)) for row in body}
    assert list(records) == ["data", "collect", "label", "train", "tune", "launch"]
    assert records["label"]["start"] == "2027-01-19"
    assert records["label"]["finish"] == "2027-02-08"
    assert records["train"]["total_float"] == "21"


def test_output_option_writes_the_file(tmp_path: Path) -> None:
    out = tmp_path / "plan" / "schedule.json"
    result = steerco("schedule", str(CANONICAL), "-f", "json", "--output", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["makespan"] == 48
    assert sorted(p.name for p in out.parent.iterdir()) == ["schedule.json"]


def test_failed_run_leaves_the_output_file_untouched(tmp_path: Path) -> None:
    out = tmp_path / "schedule.csv"
    out.write_text("previous result\n", encoding="utf-8")
    done = _script("schedule", SEVERAL, "--format", "csv", "--output", out)
    assert done.returncode == 2
    assert out.read_text(encoding="utf-8") == "previous result\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["schedule.csv"]


def test_schema_is_json_with_the_project_fields(tmp_path: Path) -> None:
    result = steerco("schema")
    assert result.exit_code == 0, result.output
    schema = json.loads(result.stdout)
    assert {"name", "start", "tasks"} <= set(schema["properties"])
    assert "name" in schema.get("required", [])
    out = tmp_path / "schema.json"
    written = steerco("schema", "--output", str(out))
    assert written.exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8")) == schema


def test_validate_psplib_file(psplib_file: Path) -> None:
    result = steerco("validate", str(psplib_file))
    assert result.exit_code == 0, result.output
    assert result.stderr == ""


def test_schedule_psplib_file_has_job_ids_and_integer_times(psplib_file: Path) -> None:
    done = _script("schedule", psplib_file, "--format", "json", "--method", "cpm")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["unit"] == "period"
    # The instance's header gives its critical-path length: MPM-Time 41.
    assert data["makespan"] == 41
    assert (data["start"], data["finish"]) == (0, 41)
    assert [task["id"] for task in data["tasks"]] == [str(j) for j in range(1, 33)]
    for task in data["tasks"]:
        assert type(task["start"]) is int and type(task["finish"]) is int
        assert task["parent"] is None
    first, last = data["tasks"][0], data["tasks"][-1]
    assert (first["kind"], first["start"], first["finish"]) == ("milestone", 0, 0)
    assert (last["kind"], last["es"], last["critical"]) == ("milestone", 41, True)
    assert data["critical_path"][0] == "1" and data["critical_path"][-1] == "32"


@pytest.mark.slow
def test_schedule_psplib_file_levels_by_default(psplib_file: Path) -> None:
    # j3010_1: optimal makespan 42 (tests/data/psplib/makespans.csv), above the critical path of 41.
    done = _script("schedule", psplib_file, "--format", "json", "--time-limit", "30")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["method"] in {"heuristic", "cp-sat"}
    assert (data["status"], data["makespan"], data["bound"], data["gap"]) == ("optimal", 42, 42, 0)
    assert all(type(task["start"]) is int for task in data["tasks"])
    assert data["tasks"][3]["resources"] == {"R1": 8.0, "R2": 10.0, "R3": 10.0}


@pytest.mark.slow
def test_unmeetable_hard_deadlines_exit_3_with_a_reason(tmp_path: Path) -> None:
    # Two 3-day tasks on one person, both due by the end of Wed 6 (unit 3).
    plan = tmp_path / "tight.yaml"
    plan.write_text(
        "name: Tight\n"
        "start: 2027-01-04\n"
        "resources: [{id: mle1, name: ML engineer 1}]\n"
        "tasks:\n"
        "  - {id: a, duration: 3, demands: {mle1: 1}, deadline: 2027-01-06}\n"
        "  - {id: b, duration: 3, demands: {mle1: 1}, deadline: 2027-01-06}\n"
    )
    done = _script("schedule", plan, "--hard-deadlines", "--format", "json", "--time-limit", "5")
    assert done.returncode == 3
    data = json.loads(done.stdout)
    assert data["status"] == "infeasible"
    assert "3 working days after its deadline 2027-01-06" in data["message"]
    assert [c["tasks"] for c in data["conflicts"]] == [["a", "b"], ["a"], ["b"]]
    assert f"{plan}: no_schedule: infeasible:" in done.stderr
    soft = _script("schedule", plan, "--format", "json", "--time-limit", "5")
    assert soft.returncode == 0
    assert json.loads(soft.stdout)["makespan"] == 6


@pytest.mark.slow
def test_ctrl_c_keeps_the_best_schedule_found(tmp_path: Path) -> None:
    # j3013_5 takes CP-SAT well over 10 s to prove; interrupt it after a few seconds.
    import os
    import signal
    import time

    hard = psplib_instance("j3013_5")
    process = subprocess.Popen(
        [
            str(SCRIPT),
            "schedule",
            str(hard),
            "--format",
            "json",
            "--time-limit",
            "120",
            "--method",
            "cp-sat",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    # Four seconds of the process's CPU time, not of the wall clock: on a loaded machine (the
    # suite runs in parallel) it may not have started solving 4 s after it was launched.
    stat = Path(f"/proc/{process.pid}/stat")
    if stat.exists():
        deadline = time.monotonic() + 60
        while process.poll() is None and time.monotonic() < deadline:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK") >= 4:
                break
            time.sleep(0.2)
    else:  # no /proc: the wall clock
        time.sleep(4)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    data = json.loads(out)
    assert data["status"] in {"feasible", "optimal"}
    assert data["makespan"] >= data["bound"] > 0
    assert data["solve_seconds"] < 60
