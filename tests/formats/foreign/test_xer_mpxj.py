"""MPXJ's own XER reader agrees with steerco's on the hand-made test files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from steerco.formats.foreign.jvm import mpxj_available, start_jvm
from steerco.formats.foreign.xer_read import read_xer

XER = Path(__file__).parents[2] / "data" / "interop" / "xer"

pytestmark = pytest.mark.skipif(
    not mpxj_available(), reason="needs the mpxj extra (pip install 'steerco[mpxj]') and Java"
)


def _mpxj_projects(name: str, charset: str | None = None) -> list[Any]:
    """Every project MPXJ reads from the test file `name`."""
    start_jvm()
    import jpype
    from org.mpxj.primavera import PrimaveraXERFileReader  # type: ignore[import-not-found]

    reader = PrimaveraXERFileReader()
    if charset is not None:
        reader.setCharset(jpype.JClass("java.nio.charset.Charset").forName(charset))
    return list(reader.readAll(jpype.JClass("java.io.File")(str(XER / name))))


def _mpxj_view(project: Any) -> tuple[dict[str, str], set[tuple[str, str, str, float]]]:
    """MPXJ's activities (id -> name) and links (predecessor, successor, type, lag hours)."""
    activities = {
        str(task.getActivityID()): str(task.getName())
        for task in project.getTasks()
        if not task.getSummary()
    }
    links = {
        (
            str(link.getPredecessorTask().getActivityID()),
            str(task.getActivityID()),
            str(link.getType()),
            float(link.getLag().getDuration()),
        )
        for task in project.getTasks()
        for link in task.getPredecessors()
    }
    return activities, links


def _steerco_view(data: dict[str, Any]) -> tuple[dict[str, str], set[tuple[str, str, str, float]]]:
    """steerco's leaves (id -> name) and links, lags back in hours (8-hour days)."""
    activities: dict[str, str] = {}
    links: set[tuple[str, str, str, float]] = set()

    def walk(tasks: list[dict[str, Any]]) -> None:
        for task in tasks:
            if task.get("children"):
                walk(task["children"])
                continue
            activities[task["id"]] = task["name"]
            for dep in task.get("after", []):
                lag = dep.get("lag", "0d")
                hours = float(lag[:-1]) * (8 if lag.endswith("d") else 1)
                links.add((dep["task"], task["id"], dep["type"], hours))

    walk(data["tasks"])
    return activities, links


def test_mpxj_reads_the_same_activities_names_and_links_from_a_cp1252_file() -> None:
    [project] = _mpxj_projects("links.xer")
    plan = read_xer(XER / "links.xer")
    assert _steerco_view(plan.data) == _mpxj_view(project)
    assert len(_mpxj_view(project)[1]) == 7
    assert {link[2] for link in _mpxj_view(project)[1]} == {"FS", "SS", "FF", "SF"}


def test_mpxj_reads_each_project_of_the_windows_1251_file_as_steerco_does() -> None:
    projects = _mpxj_projects("multi_1251.xer", charset="windows-1251")
    assert [str(p.getProjectProperties().getProjectID()) for p in projects] == ["ALPHA", "BETA"]
    for project in projects:
        project_id = str(project.getProjectProperties().getProjectID())
        plan = read_xer(XER / "multi_1251.xer", project=project_id)
        assert str(project.getProjectProperties().getName()) == plan.data["name"]
        activities, links = _mpxj_view(project)
        mine, my_links = _steerco_view(plan.data)
        assert mine == activities
        # Neither keeps BETA's link from ALPHA's A100 among the project's links (steerco
        # makes it a constraint on B200, tested in test_xer_read).
        assert my_links == links


def test_mpxj_reads_the_same_working_days_and_exceptions_of_a_saturday_to_thursday_week() -> None:
    start_jvm()
    import jpype
    from org.mpxj.reader import UniversalProjectReader  # type: ignore[import-not-found]

    project = UniversalProjectReader().read(jpype.JClass("java.io.File")(str(XER / "calendar.xer")))
    calendar = next(c for c in project.getCalendars() if str(c.getName()) == "Sat–Thu week")
    days = jpype.JClass("java.time.DayOfWeek").values()
    working = [str(day)[:3].lower() for day in days if calendar.isWorkingDay(day)]
    exceptions = {
        str(e.getFromDate()): bool(e.getWorking()) for e in calendar.getCalendarExceptions()
    }
    plan = read_xer(XER / "calendar.xer")
    mine = plan.data["calendar"]
    assert working == mine["workdays"]
    assert exceptions == {
        **{str(day): False for day in mine["holidays"]},
        **{str(day): True for day in mine["working_days"]},
    }
