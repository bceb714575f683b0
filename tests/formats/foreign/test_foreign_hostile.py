"""Hostile values in imported plans: dates a project cannot hold and NaN are located errors."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from cli_runner import steerco
from steerco.errors import ProjectError
from steerco.formats.foreign.gan_read import read_gan
from steerco.formats.foreign.mspdi_read import read_mspdi
from steerco.formats.foreign.plan import task_lines
from steerco.formats.foreign.project import load_foreign_project
from steerco.formats.foreign.xer_read import read_xer

DATA = Path(__file__).parents[2] / "data" / "interop"


def _edited(tmp_path: Path, source: Path, old: str, new: str) -> Path:
    """A copy of `source` with its first `old` replaced by `new` (same bytes otherwise)."""
    raw = source.read_bytes()
    assert old.encode() in raw
    path = tmp_path / source.name
    path.write_bytes(raw.replace(old.encode(), new.encode(), 1))
    return path


@pytest.mark.parametrize(
    "moment",
    [
        "9999-12-31T08:00:00",
        "0001-01-01T08:00:00",
        "2200-01-03T08:00:00",
        "2199-12-31T24:00:00",  # the end of the last day is 2200-01-01, 00:00
        "9999-12-31T24:00:00",  # rolled over, past what a date holds
    ],
)
def test_an_mspdi_date_outside_1900_to_2199_is_located(tmp_path: Path, moment: str) -> None:
    old = "<StartDate>2027-01-04T08:00:00</StartDate>"
    path = _edited(tmp_path, DATA / "cli" / "tiny.xml", old, f"<StartDate>{moment}</StartDate>")
    with pytest.raises(ProjectError) as caught:
        read_mspdi(path)
    [error] = caught.value.diagnostics
    assert (error.code, error.line) == ("foreign_content", 7)
    assert "from 1900-01-01 to 2199-12-31" in error.message


def test_two_mspdi_tasks_with_one_uid_are_located(tmp_path: Path) -> None:
    # Before, the link to the replaced task said "<PredecessorUID> 3 names no task".
    old = "<UID>3</UID><ID>3</ID>"
    path = _edited(tmp_path, DATA / "cli" / "tiny.xml", old, "<UID>2</UID><ID>3</ID>")
    with pytest.raises(ProjectError) as caught:
        read_mspdi(path)
    [error] = caught.value.diagnostics
    assert (error.code, error.line) == ("foreign_content", 69)
    assert "<UID> 2 is also at line 62" in error.message


def test_a_negative_mspdi_outline_level_is_located(tmp_path: Path) -> None:
    # Before, the file was read, later tasks nested under it, and its links made a cycle.
    old = "<OutlineLevel>2</OutlineLevel>"
    path = _edited(tmp_path, DATA / "cli" / "tiny.xml", old, "<OutlineLevel>-2</OutlineLevel>")
    with pytest.raises(ProjectError) as caught:
        read_mspdi(path)
    [error] = caught.value.diagnostics
    assert (error.code, error.line) == ("foreign_content", 63)
    assert "<OutlineLevel> -2 is below 0" in error.message


def test_a_ganttproject_date_outside_1900_to_2199_is_located(tmp_path: Path) -> None:
    path = _edited(
        tmp_path, DATA / "gan" / "placed.gan", 'start="2024-01-01"', 'start="9999-12-31"'
    )
    with pytest.raises(ProjectError) as caught:
        read_gan(path)
    [error] = caught.value.diagnostics
    assert (error.code, error.line) == ("foreign_content", 23)
    assert "start='9999-12-31'" in error.message and "1900-01-01 to 2199-12-31" in error.message


def test_a_p6_date_outside_1900_to_2199_is_located(tmp_path: Path) -> None:
    old = "LINKS\tY\t1\t2024-01-08 08:00"  # the project's plan_start_date, line 10
    path = _edited(tmp_path, DATA / "xer" / "links.xer", old, old.replace("2024", "9999"))
    with pytest.raises(ProjectError) as caught:
        read_xer(path)
    [error] = caught.value.diagnostics
    assert (error.code, error.line) == ("foreign_content", 10)
    assert "from 1900-01-01 to 2199-12-31" in error.message


def test_two_p6_task_rows_with_one_task_id_are_located(tmp_path: Path) -> None:
    # Before, the second row replaced the first, and a link to the lost one said
    # "TASKPRED task_id '1003' names no activity" at the link's line.
    old = "%R\t1003\t10\t102"
    path = _edited(tmp_path, DATA / "xer" / "links.xer", old, "%R\t1002\t10\t102")
    with pytest.raises(ProjectError) as caught:
        read_xer(path)
    [error] = caught.value.diagnostics
    assert (error.code, error.line) == ("foreign_content", 22)
    assert "task_id 1002 is also the task_id of the TASK row at line 21" in error.message


def test_a_p6_lag_that_is_not_a_number_is_located(tmp_path: Path) -> None:
    # Before, the link was read without its 2-day lag.
    path = _edited(tmp_path, DATA / "xer" / "links.xer", "PR_FS\t16", "PR_FS\tnan")
    with pytest.raises(ProjectError) as caught:
        read_xer(path)
    [error] = caught.value.diagnostics
    assert (error.code, error.line) == ("foreign_content", _line_of(path, "PR_FS\tnan"))
    assert error.message == "lag_hr_cnt is 'nan'; P6 writes a number here, such as 40 or 12.5"


def test_an_mspdi_duration_too_long_to_plan_says_so(tmp_path: Path) -> None:
    old = "<Duration>PT24H0M0S</Duration>"  # a task's, not a summary's
    path = _edited(tmp_path, DATA / "cli" / "tiny.xml", old, "<Duration>PT9999999H0M0S</Duration>")
    result = steerco("import", "file", path, "--out", tmp_path / "plan.yaml")
    assert result.exit_code == 2, result.output
    assert "9999999.0 is longer than any plan steerco makes" in result.stderr
    assert "e+07" not in result.stderr  # the amount as written, not in exponent notation
    assert not (tmp_path / "plan.yaml").exists()


def _line_of(path: Path, text: str) -> int:
    """The 1-based line of the first line of `path` that holds `text`."""
    lines = path.read_bytes().decode("utf-8", errors="replace").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if text in line)


def _cycle_error(path: Path) -> tuple[int | None, str]:
    with pytest.raises(ProjectError) as caught:
        load_foreign_project(path)
    [error] = caught.value.diagnostics
    assert error.code == "dependency_cycle"
    return error.line, error.message


def test_a_cycle_in_an_mspdi_file_is_located_at_the_task_it_names(tmp_path: Path) -> None:
    # Task 2 after task 4 closes 2 -> 3 -> 4 -> 2; before, the error had no line.
    old = "<ConstraintType>0</ConstraintType>\n    </Task>"
    link = "<PredecessorLink><PredecessorUID>4</PredecessorUID><Type>1</Type></PredecessorLink>"
    path = _edited(
        tmp_path, DATA / "cli" / "tiny.xml", old, old.replace("\n", f"\n      {link}\n", 1)
    )
    line, message = _cycle_error(path)
    named = message.split(" ")[1]  # "task 3 (Build), after, 0: ..."
    assert line == _line_of(path, f"<UID>{named}</UID>") - 1  # its <Task> line
    assert message.startswith(f"task {named} (")


def test_a_cycle_in_a_ganttproject_file_is_located_at_the_task_it_names(tmp_path: Path) -> None:
    old = '<task id="2" name="Clean" meeting="false" start="2024-01-08" duration="2" complete="0"/>'
    depend = '<depend id="1" type="2" difference="0" hardness="Strong"/>'
    path = _edited(tmp_path, DATA / "gan" / "placed.gan", old, old[:-2] + f">{depend}</task>")
    line, message = _cycle_error(path)
    named = message.split(" ")[1]
    assert line == _line_of(path, f'<task id="{named}"')


def test_a_cycle_in_a_p6_file_is_located_at_the_activity_it_names(tmp_path: Path) -> None:
    old = "%R\t7\t1006\t1004\t10\t10\tPR_FS\t0"
    path = _edited(
        tmp_path, DATA / "xer" / "links.xer", old, old + "\n%R\t8\t1000\t1006\t10\t10\tPR_FS\t0"
    )
    line, message = _cycle_error(path)
    named = message.split(" ")[1]  # an activity ID (task_code)
    assert line == _line_of(path, f"\t{named}\t")


def test_a_task_id_given_twice_gets_no_line() -> None:
    assert task_lines([("a", 3), ("b", 5), ("a", 9), ("c", None), ("a", 11)]) == {"b": 5}
    tiny = DATA / "cli" / "tiny.xml"
    assert read_mspdi(tiny).lines["3"] == _line_of(tiny, "<UID>3</UID>") - 1


def _as_mpp(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, xml: bytes) -> Path:
    """An .mpp file that MPXJ (stood in for: no JVM) turns into the MSPDI `xml`."""
    import steerco.formats.foreign.jvm as jvm

    bridge = importlib.import_module("steerco.formats.foreign.mpxj_bridge")
    monkeypatch.setattr(jvm, "start_jvm", lambda where: None)
    monkeypatch.setattr(bridge, "_read_project", lambda path, kind, raw: object())
    monkeypatch.setattr(bridge, "_mpxj_version", lambda: "stand-in")
    monkeypatch.setattr(bridge, "_mspdi_bytes", lambda path, project: xml)
    path = tmp_path / "plan.mpp"
    path.write_bytes(b"not read by the stand-in")
    return path


def test_an_mpp_plan_gives_no_lines_of_the_xml_mpxj_wrote(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    bridge = importlib.import_module("steerco.formats.foreign.mpxj_bridge")
    tiny = (DATA / "cli" / "tiny.xml").read_bytes()
    plan = bridge.read_with_mpxj(_as_mpp(monkeypatch, tmp_path, tiny))
    assert plan.format == "mpp" and plan.data["tasks"] and plan.lines == {}
    bad = tiny.replace(b"<OutlineLevel>2</OutlineLevel>", b"<OutlineLevel>-2</OutlineLevel>", 1)
    with pytest.raises(ProjectError) as caught:
        bridge.read_with_mpxj(_as_mpp(monkeypatch, tmp_path, bad))
    [error] = caught.value.diagnostics
    assert (error.code, error.line) == ("foreign_content", None)
    assert error.file == str(tmp_path / "plan.mpp")
    assert "<OutlineLevel> -2 is below 0" in error.message


def test_a_p6_task_row_without_a_task_id_is_located(tmp_path: Path) -> None:
    path = _edited(tmp_path, DATA / "xer" / "links.xer", "%R\t1003\t10\t102", "%R\t\t10\t102")
    with pytest.raises(ProjectError) as caught:
        read_xer(path)
    [error] = caught.value.diagnostics
    assert (error.code, error.line, error.message) == (
        "foreign_content",
        22,
        "a TASK row without a task_id",
    )
