"""No traceback on values out of range: every command exits 2 with a located error."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli_runner import steerco
from steerco.cli.main import run


@pytest.mark.parametrize(
    ("value", "where", "code"),
    [
        ("start: 9999-12-20\ntasks:\n  - {id: a, duration: 2}\n", "2:8", "bad_date"),
        ("start: 2027-03-01\ntasks:\n  - id: a\n    duration: .inf\n", "5:15", "bad_duration"),
        ("start: 2027-03-01\ntasks:\n  - id: a\n    duration: .nan\n", "5:15", "bad_duration"),
        (
            "start: 2027-03-01\ntasks:\n  - id: a\n    duration: 99999999999\n",
            "5:15",
            "bad_duration",
        ),
    ],
)
@pytest.mark.parametrize("command", ["validate", "schedule", "forecast"])
def test_out_of_range_values_exit_2_with_a_located_code(
    tmp_path: Path, command: str, value: str, where: str, code: str
) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text("name: p\n" + value, encoding="utf-8")
    result = steerco(command, path)
    assert result.exit_code == 2, result.output
    assert f"plan.yaml:{where}: {code}:" in result.stderr
    assert "Traceback" not in result.output


PLAN = "name: p\nstart: 2027-03-01\ntasks:\n  - {id: a, duration: 2}\n"


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (("report", "{plan}", "--status-date", "9999-12-31"), "--status-date"),
        (("baseline", "{plan}", "--date", "9999-12-31"), "--date"),
        (("baseline", "{plan}", "--date", "1899-12-31"), "--date"),
        (("update", "{plan}", "--date", "2200-01-01"), "--date"),
    ],
)
def test_a_date_option_out_of_the_projects_range_exits_2_naming_it(
    tmp_path: Path, args: tuple[str, ...], option: str
) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN, encoding="utf-8")
    before = path.read_text(encoding="utf-8")
    result = steerco(*(str(path) if a == "{plan}" else a for a in args))
    assert result.exit_code == 2, result.output
    assert option in result.stderr and "out of range" in result.stderr
    assert "from 1900-01-01 to 2199-12-31" in result.stderr
    assert "Traceback" not in result.output
    assert path.read_text(encoding="utf-8") == before  # nothing written


def test_an_output_path_that_cannot_be_written_exits_2_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN, encoding="utf-8")
    monkeypatch.setattr("sys.argv", ["steerco", "schedule", str(path), "-o", str(tmp_path)])
    with pytest.raises(SystemExit) as ended:
        run()  # the script's entry point, which turns OSError into one line
    assert ended.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith(f"steerco: {tmp_path}: a folder, not a file")
    assert "Traceback" not in err and "internal error" not in err


def test_running_out_of_memory_ends_in_one_line_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def exhausted() -> None:
        raise MemoryError

    monkeypatch.setattr("steerco.cli.main.app", exhausted)
    with pytest.raises(SystemExit) as ended:
        run()
    assert ended.value.code == 1
    assert capsys.readouterr().err.startswith("steerco: out of memory:")
