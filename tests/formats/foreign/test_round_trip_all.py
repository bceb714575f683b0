"""Every plan read from another tool survives a trip out to MSPDI and back: same model, same dates.

MSPDI holds two rules steerco's model does not share with it: where a lag counts (MS Project
always counts on the successor's calendar) and where a finish link lands (on its driving
time). A plan from P6 or GanttProject keeps its own `scheduling.lag_calendar` and
`scheduling.finish_links` only in steerco, so the trip compares the models without them
(`CANNOT_TRAVEL`, listed in docs/interop.md) and checks the dates with the source's rule
where it has lags. What MSPDI has no field for travels in steerco's custom fields (a
task's further constraints), or in the field MS Project has for it (a resource's role in
Group, `split: false` as IgnoreResourceCalendar, leave and workdays as days off in the
resource's calendar).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from steerco.app.date_check import check_dates
from steerco.errors import ProjectError
from steerco.formats.foreign.gan_read import read_gan
from steerco.formats.foreign.jvm import mpxj_available, start_jvm
from steerco.formats.foreign.mspdi_read import read_mspdi
from steerco.formats.foreign.mspdi_write import write_mspdi
from steerco.formats.foreign.mspdi_xml import NS
from steerco.formats.foreign.plan import ForeignPlan
from steerco.formats.foreign.xer_read import read_xer
from steerco.model import Project
from steerco.schedule.network import compile_project
from steerco.schedule.plan import schedule_cpm

DATA = Path(__file__).parents[2] / "data" / "interop"
SUFFIXES = {"xer": ".xer", "gan": ".gan"}

UNREADABLE = {"gan/bad_date.gan", "gan/bad_depend.gan", "gan/truncated.gan"}
"""The test files that test the readers' errors: no plan to send on a trip."""
PROJECTS = {"xer/multi_1251.xer": ("ALPHA", "BETA")}
"""The files holding several projects: each project makes its own trip."""
CANNOT_TRAVEL = {"scheduling": {"lag_calendar", "finish_links"}}
"""The model's fields MSPDI cannot hold: MS Project counts every lag on the successor's calendar
and lands every finish link on its driving time."""


def _files() -> list[str]:
    return [
        f"{folder}/{path.name}"
        for folder, suffix in SUFFIXES.items()
        for path in sorted((DATA / folder).glob(f"*{suffix}"))
    ]


CASES = [
    (name, project)
    for name in _files()
    if name not in UNREADABLE
    for project in PROJECTS.get(name, (None,))
]


def _read(name: str, project: str | None = None) -> ForeignPlan:
    path = DATA / name
    if path.suffix == ".xer":
        return read_xer(path, project=project)
    return read_gan(path)


def _trip(plan: ForeignPlan) -> tuple[Project, bytes, ForeignPlan]:
    """The plan's model, the MSPDI written from it, and that MSPDI read back."""
    first = Project.model_validate(plan.data)
    xml = write_mspdi(first, schedule_cpm(compile_project(first)))
    return first, xml, read_mspdi(Path("again.xml"), content=xml)


def _travelling(project: Project) -> dict[str, Any]:
    """The project's fields less those MSPDI cannot hold."""
    dump = project.model_dump()
    for section, fields in CANNOT_TRAVEL.items():
        for name in fields:
            dump[section].pop(name)
    return dump


def test_every_test_file_makes_the_trip_or_tests_an_error() -> None:
    """No test file is left out silently: the ones left out are the broken ones."""
    for name in UNREADABLE:
        with pytest.raises(ProjectError):
            _read(name)
    for name, projects in PROJECTS.items():
        with pytest.raises(ProjectError):  # several projects: one must be named
            _read(name)
        assert _read(name, projects[0]).projects == projects
    assert {name for name, _ in CASES} | UNREADABLE == set(_files())


@pytest.mark.parametrize(("name", "project_id"), CASES)
def test_foreign_steerco_mspdi_steerco_keeps_the_model(name: str, project_id: str | None) -> None:
    first, _, back = _trip(_read(name, project_id))
    again = Project.model_validate(back.data)
    assert _travelling(again) == _travelling(first)
    assert again.scheduling.lag_calendar == "successor"  # MS Project's rules, whatever they were
    assert again.scheduling.finish_links == "driving"


@pytest.mark.parametrize(("name", "project_id"), CASES)
def test_the_trip_keeps_the_source_tools_dates(name: str, project_id: str | None) -> None:
    plan = _read(name, project_id)
    assert check_dates(plan).mismatches == ()
    first, _, back = _trip(plan)
    rule = first.scheduling.lag_calendar
    lagged = any(dep.lag.value or dep.lag_percent for t in first.all_tasks() for dep in t.after)
    if rule != "successor" and lagged:
        # MS Project counts the lags on the successor's calendar: steerco with the source's
        # rule gives the source's dates, which the written file stores.
        again = Project.model_validate(back.data).model_copy(
            update={"scheduling": first.scheduling}
        )
        assert check_dates(back, again).mismatches == ()
    else:
        assert check_dates(back).mismatches == ()


def _ns(path: str) -> str:
    return "/".join(f"m:{step}" for step in path.split("/"))


def test_what_mspdi_has_no_field_for_travels_in_steercos_custom_fields() -> None:
    """P6's second constraint of C180 (finish on or before 2024-02-01) is the custom Date6."""
    _, xml, back = _trip(_read("xer/constraints.xer"))
    root = etree.fromstring(xml)
    m = {"m": NS}
    aliases = {
        a.findtext("m:FieldName", namespaces=m): a.findtext("m:Alias", namespaces=m)
        for a in root.iterfind(_ns("ExtendedAttributes/ExtendedAttribute"), m)
    }
    assert aliases["Date6"] == "steerco finish no later than"
    (task,) = [
        t
        for t in root.iterfind(_ns("Tasks/Task"), m)
        if t.findtext("m:Name", namespaces=m) == "Two constraints"
    ]
    assert task.findtext("m:ConstraintType", namespaces=m) == "4"  # start no earlier than
    assert task.findtext("m:ConstraintDate", namespaces=m) == "2024-01-11T08:00:00"
    values = {
        a.findtext("m:FieldID", namespaces=m): a.findtext("m:Value", namespaces=m)
        for a in task.iterfind("m:ExtendedAttribute", m)
    }
    assert values["188743950"] == "2024-02-01T17:00:00"
    entries = {(e.what, e.outcome): e.count for e in back.report}
    assert entries[("further constraints", "carried")] == 1


def test_role_split_and_leave_use_ms_projects_own_fields() -> None:
    """resources.gan: Ana and Ben's roles are their Group, Ben's leave days off his calendar."""
    _, xml, back = _trip(_read("gan/resources.gan"))
    root = etree.fromstring(xml)
    m = {"m": NS}
    groups = [
        r.findtext("m:Group", namespaces=m) for r in root.iterfind(_ns("Resources/Resource"), m)
    ]
    assert groups == ["data engineer", "project manager"]
    ignoring = [
        t.findtext("m:Name", namespaces=m)
        for t in root.iterfind(_ns("Tasks/Task"), m)
        if t.findtext("m:IgnoreResourceCalendar", namespaces=m) == "1"
    ]
    assert ignoring == ["Label data"]
    ben = next(
        c
        for c in root.iterfind(_ns("Calendars/Calendar"), m)
        if c.findtext("m:Name", namespaces=m) == "Ben"
    )
    assert ben.findtext("m:BaseCalendarUID", namespaces=m) == "1"  # the project's calendar
    off = [
        (
            e.findtext("m:TimePeriod/m:FromDate", namespaces=m),
            e.findtext("m:TimePeriod/m:ToDate", namespaces=m),
        )
        for e in ben.iterfind(_ns("Exceptions/Exception"), m)
    ]
    assert off == [("2024-01-03T00:00:00", "2024-01-04T23:59:00")]  # one spell, one exception
    assert "calendars" not in back.data


@pytest.mark.skipif(
    not mpxj_available(), reason="the mpxj extra (MPXJ, JPype, Java) is not installed"
)
def test_mpxj_reads_steercos_custom_fields_group_and_ignore_resource_calendar(
    tmp_path: Path,
) -> None:
    start_jvm()
    from org.mpxj.reader import UniversalProjectReader  # type: ignore[import-not-found]

    path = tmp_path / "constraints.xml"
    path.write_bytes(_trip(_read("xer/constraints.xer"))[1])
    theirs = UniversalProjectReader().read(str(path))
    aliases = {str(f.getFieldType()): str(f.getAlias()) for f in theirs.getCustomFields()}
    assert aliases["Date6"] == "steerco finish no later than"
    task = next(t for t in theirs.getTasks() if str(t.getName()) == "Two constraints")
    assert str(task.getDate(6)) == "2024-02-01T17:00"
    path = tmp_path / "resources.xml"
    path.write_bytes(_trip(_read("gan/resources.gan"))[1])
    theirs = UniversalProjectReader().read(str(path))
    assert [str(r.getGroup()) for r in theirs.getResources() if r.getName() is not None] == [
        "data engineer",
        "project manager",
    ]
    label = next(t for t in theirs.getTasks() if str(t.getName()) == "Label data")
    assert bool(label.getIgnoreResourceCalendar())
