"""Reading P6 XER files: the model data, the stored dates and steerco's CPM dates agree.

The test files in tests/data/interop/xer/ were written by hand; their dates follow P6's
rules and are derived in tests/data/interop/xer/README.md.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from steerco.app.date_check import check_dates
from steerco.codes import Code
from steerco.errors import ProjectError
from steerco.formats.foreign.plan import BaselineDates, StoredDates
from steerco.formats.foreign.xer_read import read_xer
from steerco.model import Project
from steerco.model.ranges import MAX_WBS_DEPTH

XER = Path(__file__).parents[2] / "data" / "interop" / "xer"


def _d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _entry(plan_report: tuple, what: str) -> tuple[str, int, str, tuple[str, ...]]:  # type: ignore[type-arg]
    found = [e for e in plan_report if e.what == what]
    assert len(found) == 1, (what, found)
    return found[0].outcome, found[0].count, found[0].rule, found[0].examples


def _tasks(data: dict) -> dict[str, dict]:  # type: ignore[type-arg]
    out: dict[str, dict] = {}  # type: ignore[type-arg]

    def walk(tasks: list[dict]) -> None:  # type: ignore[type-arg]
        for task in tasks:
            out[task["id"]] = task
            walk(task.get("children", []))

    walk(data["tasks"])
    return out


# -- links.xer: all four link types, lags in days, cp1252 -------------------------------


def test_links_file_reads_every_link_type_with_its_lag_in_days() -> None:
    plan = read_xer(XER / "links.xer")
    assert (plan.tool, plan.format, plan.project_id, plan.projects) == (
        "p6", "xer", "LINKS", ("LINKS",),
    )  # fmt: skip
    tasks = _tasks(plan.data)
    assert tasks["A1010"]["after"] == [{"task": "A1000", "type": "FS", "lag": "2d"}]
    assert tasks["A1020"]["after"] == [{"task": "A1010", "type": "SS", "lag": "1d"}]
    assert tasks["A1030"]["after"] == [{"task": "A1010", "type": "FF", "lag": "1d"}]
    assert tasks["A1040"]["after"] == [{"task": "A1000", "type": "SF", "lag": "6d"}]
    assert tasks["M1050"]["after"] == [
        {"task": "A1020", "type": "FS"},
        {"task": "A1030", "type": "FS"},
    ]
    assert [tasks[t].get("duration") for t in ("A1000", "A1010", "A1020", "A1030", "A1040")] == [
        "5d", "3d", "2d", "2d", "1d",
    ]  # fmt: skip
    assert tasks["M0990"]["milestone"] and tasks["M1050"]["milestone"]
    assert plan.data["unit"] == "day"
    assert plan.data["scheduling"] == {"lag_calendar": "predecessor"}
    for kind in ("FS", "SS", "FF", "SF"):
        assert _entry(plan.report, f"{kind} links")[:2] == ("carried", 4 if kind == "FS" else 1)


def test_links_file_decodes_cp1252_names_and_reports_the_encoding() -> None:
    plan = read_xer(XER / "links.xer")
    tasks = _tasks(plan.data)
    assert plan.data["name"] == "Café rollout €"
    assert tasks["A1000"]["name"] == "Café design"
    assert tasks["A1030"]["name"] == "Document (€ budget)"
    assert plan.data["resources"][0]["name"] == "Ingénieur Dupré"
    assert _entry(plan.report, "encoding")[:3] == ("carried", 1, "read as cp1252")
    assert plan.data["currency"] == "EUR"


def test_links_file_wbs_becomes_summaries_and_the_project_node_is_no_task() -> None:
    plan = read_xer(XER / "links.xer")
    top = [task["id"] for task in plan.data["tasks"]]
    assert top == ["M0990", "M1050", "LINKS.DES", "LINKS.BLD"]
    design = plan.data["tasks"][2]
    assert design["name"] == "Design"
    assert [c["id"] for c in design["children"]] == ["A1000", "A1040"]
    # Summaries: first start and last finish of their activities.
    assert plan.stored["LINKS.DES"] == StoredDates(_d("2024-01-08"), _d("2024-01-15"))
    assert plan.stored["LINKS.BLD"] == StoredDates(_d("2024-01-17"), _d("2024-01-22"))
    assert _entry(plan.report, "empty WBS elements") == (
        "dropped", 1, "a WBS element without activities", ("LINKS.EMPTY",),
    )  # fmt: skip


def test_links_file_stored_dates_are_p6s_early_dates() -> None:
    plan = read_xer(XER / "links.xer")
    expected = {
        "M0990": ("2024-01-08", "2024-01-08"),
        "A1000": ("2024-01-08", "2024-01-12"),
        "A1010": ("2024-01-17", "2024-01-19"),
        "A1020": ("2024-01-18", "2024-01-19"),
        "A1030": ("2024-01-19", "2024-01-22"),
        "A1040": ("2024-01-15", "2024-01-15"),
        "M1050": ("2024-01-22", "2024-01-22"),
    }
    for task_id, (start, finish) in expected.items():
        assert plan.stored[task_id] == StoredDates(_d(start), _d(finish)), task_id


def test_links_file_reproduces_p6s_dates() -> None:
    plan = read_xer(XER / "links.xer")
    check = check_dates(plan)
    assert check.checked == 9  # 7 activities and 2 WBS summaries
    assert check.mismatches == ()


def test_links_file_resources_assignments_costs_and_notes() -> None:
    plan = read_xer(XER / "links.xer")
    tasks = _tasks(plan.data)
    assert plan.data["resources"] == [
        {"id": "ENG", "name": "Ingénieur Dupré", "capacity": 2.0, "rate": "100/h"},
        {"id": "RIG", "name": "Test rig", "kind": "equipment"},
    ]
    assert tasks["A1000"]["demands"] == [{"resource": "ENG", "units": 1.0}]
    assert tasks["A1020"]["demands"] == [{"resource": "RIG", "units": 0.5}]
    # RIG has no rate: its assignment's 300 is the task's fixed cost; ENG's 4000 comes
    # from its rate (100/h x 40 h). The notary expense (PROJCOST) is A1040's fixed cost.
    assert tasks["A1020"]["cost"] == 300.0
    assert "cost" not in tasks["A1000"]
    assert tasks["A1040"]["cost"] == 500.0
    assert tasks["A1000"]["description"] == "Sketch the café\xa0layout.\n\nBudget in €."
    assert plan.baselines["Planned"]["A1000"] == BaselineDates(
        _d("2024-01-08"), _d("2024-01-12"), 5.0, 4000.0
    )
    Project.model_validate(plan.data)


def test_links_file_counts_every_table_and_field_it_drops() -> None:
    plan = read_xer(XER / "links.xer")
    assert _entry(plan.report, "UDFVALUE rows")[:2] == ("dropped", 2)
    assert _entry(plan.report, "UDFTYPE rows")[:2] == ("dropped", 1)
    assert _entry(plan.report, "CURRTYPE rows")[:2] == ("dropped", 1)
    outcome, count, _, fields = _entry(plan.report, "TASK fields")
    assert (outcome, count, set(fields)) == ("dropped", 2, {"duration_type", "total_float_hr_cnt"})


# -- calendar.xer: a Saturday-Thursday week with exceptions, UTF-8 with a BOM -----------


def test_calendar_file_reads_a_saturday_to_thursday_week_and_its_exceptions() -> None:
    plan = read_xer(XER / "calendar.xer")
    assert plan.data["calendar"] == {
        "workdays": ["mon", "tue", "wed", "thu", "sat", "sun"],
        "hours_per_day": 8.0,
        "holidays": [_d("2024-04-10")],
        "working_days": [_d("2024-04-19")],
    }
    assert plan.data["calendars"] == {
        "Mon–Fri office": {"workdays": ["mon", "tue", "wed", "thu", "fri"], "hours_per_day": 8.0}
    }
    assert _tasks(plan.data)["G140"]["calendar"] == "Mon–Fri office"
    assert _entry(plan.report, "encoding")[2] == "read as utf-8"
    assert _entry(plan.report, "calendar exceptions")[:2] == ("carried", 2)
    assert _entry(plan.report, "calendars not used by this project")[3] == ("Unused 7 day",)


def test_calendar_file_reproduces_p6s_dates_on_the_task_calendars() -> None:
    """Every activity but G150 (its lag counts on G140's calendar) and G160 (resources')."""
    plan = read_xer(XER / "calendar.xer")
    assert plan.stored["G100"] == StoredDates(_d("2024-04-06"), _d("2024-04-11"))
    assert plan.stored["G110"] == StoredDates(_d("2024-04-14"), _d("2024-04-16"))
    assert plan.stored["G120"] == StoredDates(_d("2024-04-17"), _d("2024-04-20"))
    assert plan.stored["G130"] == StoredDates(_d("2024-04-20"), _d("2024-04-20"))
    assert plan.stored["G140"] == StoredDates(_d("2024-04-08"), _d("2024-04-09"))
    wrong = {m.id for m in check_dates(plan).mismatches}
    assert wrong <= {"G150", "G160"}


def test_calendar_file_lag_counts_on_the_predecessors_calendar() -> None:
    """Needs the engine's lag calendar (issue 17, rule 3): 2024-04-10 is worked by G140's
    Mon-Fri calendar, a holiday of G150's Sat-Thu one."""
    plan = read_xer(XER / "calendar.xer")
    assert plan.data["scheduling"] == {"lag_calendar": "predecessor"}
    assert _tasks(plan.data)["G150"]["after"] == [{"task": "G140", "type": "FS", "lag": "1d"}]
    assert plan.stored["G150"] == StoredDates(_d("2024-04-11"), _d("2024-04-11"))
    assert "G150" not in {m.id for m in check_dates(plan).mismatches}


def test_calendar_file_resource_dependent_activity_works_on_its_resources_calendar() -> None:
    """Needs the engine's resource calendars (issue 17, rule 4)."""
    plan = read_xer(XER / "calendar.xer")
    assert plan.data["resources"] == [
        {"id": "CRANE", "name": "Mobile crane", "kind": "equipment", "calendar": "Mon–Fri office"}
    ]
    assert _tasks(plan.data)["G160"]["demands"] == [{"resource": "CRANE", "units": 1.0}]
    assert plan.stored["G160"] == StoredDates(_d("2024-04-08"), _d("2024-04-09"))
    assert "G160" not in {m.id for m in check_dates(plan).mismatches}


# -- progress.xer: a data date; finished, in progress, not started ----------------------


def test_progress_file_reads_actuals_remaining_and_the_data_date() -> None:
    plan = read_xer(XER / "progress.xer")
    progress = plan.data["progress"]
    # Data date 2024-01-17 08:00, the start of that day: done to the end of the 16th.
    assert progress["status_date"] == _d("2024-01-16")
    assert progress["tasks"] == {
        "M090": {"actual_finish": _d("2024-01-08"), "percent_complete": 100.0},
        "P100": {
            "actual_start": _d("2024-01-08"),
            "actual_finish": _d("2024-01-15"),
            "percent_complete": 100.0,
        },
        "P110": {"actual_start": _d("2024-01-16"), "percent_complete": 20.0, "remaining": "4d"},
    }
    assert plan.stored["P100"] == StoredDates(_d("2024-01-08"), _d("2024-01-15"))
    assert plan.stored["P110"] == StoredDates(_d("2024-01-16"), _d("2024-01-22"))
    assert plan.baselines["Planned"]["P110"].start == _d("2024-01-15")


def test_progress_file_reproduces_p6s_dates_from_the_data_date() -> None:
    plan = read_xer(XER / "progress.xer")
    assert plan.stored["P120"] == StoredDates(_d("2024-01-23"), _d("2024-01-24"))
    assert plan.stored["P130"] == StoredDates(_d("2024-01-17"), _d("2024-01-17"))
    assert check_dates(plan).mismatches == ()


# -- constraints.xer ----------------------------------------------------------------------


def test_constraints_file_reads_each_p6_constraint_type() -> None:
    plan = read_xer(XER / "constraints.xer")
    tasks = _tasks(plan.data)
    assert tasks["C110"]["start_no_earlier_than"] == _d("2024-01-15")
    assert tasks["C120"]["finish_no_earlier_than"] == _d("2024-01-19")
    assert tasks["C130"]["finish_no_later_than"] == _d("2024-01-10")
    assert tasks["C140"]["start_no_later_than"] == _d("2024-01-31")
    assert tasks["C150"]["must_start_on"] == _d("2024-01-22")
    assert tasks["C160"]["must_finish_on"] == _d("2024-01-26")
    assert tasks["C180"]["start_no_earlier_than"] == _d("2024-01-11")
    assert tasks["C180"]["finish_no_later_than"] == _d("2024-02-01")
    assert tasks["C190"]["must_start_on"] == _d("2024-01-15")
    constrained = {"C100", "C170"}
    assert all(
        not any(key.startswith(("start_", "finish_", "must_")) for key in tasks[t])
        for t in constrained
    )
    assert _entry(plan.report, "as-late-as-possible constraints")[:2] == ("approximated", 1)
    assert _entry(plan.report, "CS_MANDSTART constraints")[:2] == ("approximated", 1)
    assert _entry(plan.report, "CS_MSOA constraints")[:2] == ("carried", 2)


def test_constraints_file_without_fnet_or_must_constraints_reproduces_p6s_dates() -> None:
    """SNET, SNLT, FNLT (which early dates ignore), ALAP and two constraints on one task."""
    plan = read_xer(XER / "constraints.xer")
    check = check_dates(plan)
    wrong = {m.id for m in check.mismatches}
    assert wrong.isdisjoint({"C100", "C110", "C130", "C140", "C170", "C180"})


def test_constraints_file_reproduces_p6s_dates() -> None:
    """Needs the engine's FNET, must-start-on and must-finish-on (issue 17, rule 1)."""
    plan = read_xer(XER / "constraints.xer")
    assert check_dates(plan).mismatches == ()


# -- hours.xer: a lag of half a day puts the plan in hours ------------------------------


def test_hours_file_reads_a_plan_in_hours_and_reproduces_p6s_dates() -> None:
    plan = read_xer(XER / "hours.xer")
    tasks = _tasks(plan.data)
    assert plan.data["unit"] == "hour"
    assert tasks["H100"]["duration"] == "12h"
    assert tasks["H110"]["after"] == [{"task": "H100", "type": "FS", "lag": "4h"}]
    outcome, count, _, examples = _entry(plan.report, "durations and lags in hours")
    assert (outcome, count, examples) == ("carried", 2, ("H100", "H100->H110"))
    assert plan.stored["H100"] == StoredDates(_d("2024-01-08"), _d("2024-01-09"))
    assert check_dates(plan).mismatches == ()


# -- multi_1251.xer: two projects in windows-1251, a link between them -------------------


def test_multi_project_file_needs_a_project_and_lists_them() -> None:
    with pytest.raises(ProjectError) as caught:
        read_xer(XER / "multi_1251.xer")
    [diagnostic] = caught.value.diagnostics
    assert diagnostic.code == Code.unknown_foreign_project
    assert diagnostic.line == 5  # the %T PROJECT line
    assert "ALPHA, BETA" in diagnostic.message and "--project" in diagnostic.message
    with pytest.raises(ProjectError) as caught:
        read_xer(XER / "multi_1251.xer", project="GAMMA")
    assert caught.value.diagnostics[0].code == Code.unknown_foreign_project


def test_multi_project_file_picks_each_project_with_its_cyrillic_names() -> None:
    alpha = read_xer(XER / "multi_1251.xer", project="ALPHA")
    beta = read_xer(XER / "multi_1251.xer", project="BETA")
    assert alpha.projects == beta.projects == ("ALPHA", "BETA")
    assert (alpha.project_id, beta.project_id) == ("ALPHA", "BETA")
    assert alpha.data["name"] == "Проект Альфа"
    assert beta.data["name"] == "Проект Бета"
    assert [t["name"] for t in alpha.data["tasks"]] == ["Проектирование", "Сборка"]
    assert set(_tasks(beta.data)) == {"B100", "BETA.ИСП", "B200"}
    assert _tasks(beta.data)["BETA.ИСП"]["name"] == "Испытания и приёмка"
    assert beta.data["resources"] == [{"id": "IVANOV", "name": "Инженер Иванов"}]
    assert _entry(alpha.report, "encoding")[2] == "read as windows-1251"
    assert _entry(alpha.report, "TASK rows of other projects")[:2] == ("dropped", 2)
    assert _entry(alpha.report, "links to other projects' activities")[:2] == ("dropped", 1)


def test_multi_project_file_turns_the_link_from_another_project_into_a_constraint() -> None:
    beta = read_xer(XER / "multi_1251.xer", project="BETA")
    b200 = _tasks(beta.data)["B200"]
    assert b200["after"] == [{"task": "B100", "type": "FS"}]
    # A100 (ALPHA) finishes 2024-01-12; FS with a 2-day lag: work from the third working
    # day after it, Wednesday 2024-01-17.
    assert b200["start_no_earlier_than"] == _d("2024-01-17")
    outcome, count, _, examples = _entry(beta.report, "external links")
    assert (outcome, count, examples) == ("approximated", 1, ("A100 FS B200",))
    assert beta.stored["B200"] == StoredDates(_d("2024-01-17"), _d("2024-01-18"))
    assert check_dates(beta).mismatches == ()
    assert check_dates(read_xer(XER / "multi_1251.xer", project="ALPHA")).mismatches == ()


# -- located errors -------------------------------------------------------------------------


def _broken(tmp_path: Path, edit: str, new: str | None) -> Path:
    """progress.xer with the first line containing `edit` replaced by `new` (None: removed)."""
    lines = (XER / "progress.xer").read_bytes().decode().split("\r\n")
    index = next(i for i, line in enumerate(lines) if edit in line)
    if new is None:
        del lines[index:]
    else:
        lines[index] = new
    path = tmp_path / "broken.xer"
    path.write_bytes("\r\n".join(lines).encode())
    return path


def _error(path: Path) -> tuple[str, int | None, str]:
    with pytest.raises(ProjectError) as caught:
        read_xer(path)
    [diagnostic] = caught.value.diagnostics
    return diagnostic.code, diagnostic.line, diagnostic.message


def _line_of(text: str) -> int:
    lines = (XER / "progress.xer").read_bytes().decode().split("\r\n")
    return next(i for i, line in enumerate(lines, start=1) if text in line)


def test_a_truncated_file_is_a_syntax_error_at_its_last_line(tmp_path: Path) -> None:
    path = _broken(tmp_path, "%E", None)
    code, line, message = _error(path)
    assert (code, line) == (Code.foreign_syntax, _line_of("%E") - 1)
    assert "truncated" in message


def test_a_bad_date_is_a_content_error_at_its_row(tmp_path: Path) -> None:
    row = next(
        line
        for line in (XER / "progress.xer").read_bytes().decode().split("\r\n")
        if "\tP120\t" in line
    )
    path = _broken(tmp_path, "\tP120\t", row.replace("2024-01-23 08:00", "2024-13-45 08:00"))
    code, line, message = _error(path)
    assert (code, line) == (Code.foreign_content, _line_of("\tP120\t"))
    assert "'2024-13-45 08:00'" in message


def test_a_link_to_a_missing_activity_is_a_content_error_at_its_row(tmp_path: Path) -> None:
    path = _broken(tmp_path, "%R\t3\t3003\t3002", "%R\t3\t3003\t9999\t30\t30\tPR_FS\t0")
    code, line, message = _error(path)
    assert (code, line) == (Code.foreign_content, _line_of("%R\t3\t3003\t3002"))
    assert "9999" in message


def test_a_row_with_more_values_than_fields_is_a_syntax_error(tmp_path: Path) -> None:
    path = _broken(tmp_path, "%R\t3\t3003\t3002", "%R\t3\t3003\t3002\t30\t30\tPR_FS\t0\textra")
    code, line, message = _error(path)
    assert (code, line) == (Code.foreign_syntax, _line_of("%R\t3\t3003\t3002"))
    assert "8 values" in message and "7 fields" in message


def test_a_row_before_its_field_line_is_a_syntax_error(tmp_path: Path) -> None:
    path = _broken(tmp_path, "%F\ttask_pred_id", "%R\t0\t3001\t3000\t30\t30\tPR_FS\t0")
    code, line, _ = _error(path)
    assert (code, line) == (Code.foreign_syntax, _line_of("%F\ttask_pred_id"))


def test_a_file_that_is_not_xer_is_a_syntax_error_at_line_one(tmp_path: Path) -> None:
    path = tmp_path / "plan.xer"
    path.write_text("<Project/>\n", encoding="utf-8")
    assert _error(path)[:2] == (Code.foreign_syntax, 1)


# -- scheduling options and activity kinds ---------------------------------------------------


def _edited(tmp_path: Path, name: str, old: str, new: str) -> Path:
    raw = (XER / name).read_bytes()
    assert old.encode() in raw
    path = tmp_path / name
    path.write_bytes(raw.replace(old.encode(), new.encode()))
    return path


@pytest.mark.parametrize(
    ("option", "lag_calendar", "lag"),
    [
        ("rcal_Predecessor", "predecessor", "2d"),
        ("rcal_Successor", "successor", "2d"),
        ("rcal_ProjDefault", "project", "2d"),
        ("rcal_24Hour", "24x7", "1ed"),  # 16 hours of a 24-hour day, rounded (reported)
    ],
)
def test_the_lag_calendar_option_is_carried(
    tmp_path: Path, option: str, lag_calendar: str, lag: str
) -> None:
    plan = read_xer(_edited(tmp_path, "links.xer", "rcal_Predecessor", option))
    assert plan.data["scheduling"] == {"lag_calendar": lag_calendar}
    assert _tasks(plan.data)["A1010"]["after"][0]["lag"] == lag


def test_a_level_of_effort_activity_is_approximated_as_a_task(tmp_path: Path) -> None:
    path = _edited(
        tmp_path,
        "links.xer",
        "TT_Task\tDT_FixedDUR2\tTK_NotStart\tA1040",
        "TT_LOE\tDT_FixedDUR2\tTK_NotStart\tA1040",
    )
    plan = read_xer(path)
    assert _tasks(plan.data)["A1040"]["duration"] == "1d"
    outcome, count, _, examples = _entry(plan.report, "level of effort activities")
    assert (outcome, count, examples) == ("approximated", 1, ("A1040",))


def test_a_plan_without_progress_has_no_status_date() -> None:
    assert "progress" not in read_xer(XER / "links.xer").data


def test_only_the_other_projects_rows_are_dropped_once() -> None:
    alpha = read_xer(XER / "multi_1251.xer", project="ALPHA")
    # BETA's B100 -> B200 link; its link from ALPHA's A100 is counted as outgoing.
    assert _entry(alpha.report, "TASKPRED rows of other projects")[:2] == ("dropped", 1)
    assert _entry(alpha.report, "links to other projects' activities")[:2] == ("dropped", 1)


# -- tiny files written here: the WBS, numbers and activity IDs ------------------------------

_TASK_FIELDS = (
    "task_id proj_id wbs_id task_type status_code task_code task_name target_drtn_hr_cnt "
    "remain_drtn_hr_cnt early_start_date early_end_date"
)
_PRED_FIELDS = "task_pred_id task_id pred_task_id proj_id pred_proj_id pred_type lag_hr_cnt"


def _tiny(
    tmp_path: Path,
    wbs: list[str],
    tasks: list[str],
    preds: tuple[str, ...] = (),
) -> Path:
    """A one-project XER file (project 10, project node 100) with these rows, tab-separated.

    Line 7 is the first PROJWBS row after the project node; the TASK rows follow the
    PROJWBS rows and their %T and %F lines.
    """
    rows = [
        "ERMHDR\t19.12\t2024-01-05\tProject",
        "%T\tPROJECT",
        "%F\tproj_id\tproj_short_name\tplan_start_date",
        "%R\t10\tTINY\t2024-01-08 08:00",
        "%T\tPROJWBS",
        "%F\twbs_id\tproj_id\tseq_num\tproj_node_flag\twbs_short_name\twbs_name\tparent_wbs_id",
        "%R\t100\t10\t0\tY\tTINY\tTiny\t",
        *(f"%R\t{row}" for row in wbs),
        "%T\tTASK",
        "%F\t" + _TASK_FIELDS.replace(" ", "\t"),
        *(f"%R\t{row}" for row in tasks),
        "%T\tTASKPRED",
        "%F\t" + _PRED_FIELDS.replace(" ", "\t"),
        *(f"%R\t{row}" for row in preds),
        "%E",
    ]
    path = tmp_path / "tiny.xer"
    path.write_bytes(("\r\n".join(rows) + "\r\n").encode())
    return path


def _wbs(wbs_id: str, code: str, parent: str) -> str:
    return f"{wbs_id}\t10\t1\tN\t{code}\t{code} work\t{parent}"


def _activity(task_id: str, wbs_id: str, code: str, hours: str = "8") -> str:
    return (
        f"{task_id}\t10\t{wbs_id}\tTT_Task\tTK_NotStart\t{code}\t{code} work\t{hours}\t{hours}"
        "\t2024-01-08 08:00\t2024-01-08 17:00"
    )


@pytest.mark.parametrize(
    ("parents", "named"),
    [
        (("102", "101"), "101 (DES) -> 102 (BLD) -> 101 (DES)"),  # each other's parent
        (("101", "100"), "101 (DES) -> 101 (DES)"),  # its own parent
    ],
)
def test_a_wbs_loop_is_located_not_its_activities_lost(
    tmp_path: Path, parents: tuple[str, str], named: str
) -> None:
    # Before, no element of the loop was under the project: the file read with exit 0 and
    # the loop's activities were left out of the plan, reported nowhere.
    path = _tiny(
        tmp_path,
        [_wbs("101", "DES", parents[0]), _wbs("102", "BLD", parents[1])],
        [_activity("1", "100", "M0"), _activity("2", "101", "A1"), _activity("3", "102", "A2")],
    )
    code, line, message = _error(path)
    assert (code, line) == (Code.foreign_content, 8)  # the PROJWBS row of 101
    assert f"the WBS loops: parent_wbs_id leads {named}" in message


def test_a_wbs_loop_is_located_before_a_link_to_its_lost_activities(tmp_path: Path) -> None:
    # Before: "unknown_task: no task has id 'A1'" at the link's successor.
    path = _tiny(
        tmp_path,
        [_wbs("101", "DES", "102"), _wbs("102", "BLD", "101")],
        [_activity("1", "100", "M0"), _activity("2", "101", "A1")],
        ("1\t1\t2\t10\t10\tPR_FS\t0",),
    )
    assert _error(path)[:2] == (Code.foreign_content, 8)


def test_a_wbs_id_on_two_rows_is_located(tmp_path: Path) -> None:
    path = _tiny(
        tmp_path,
        [_wbs("101", "DES", "100"), _wbs("101", "BLD", "100")],
        [_activity("1", "101", "A1")],
    )
    code, line, message = _error(path)
    assert (code, line) == (Code.foreign_content, 9)
    assert "wbs_id 101 is also the wbs_id of the PROJWBS row at line 8" in message


def test_an_activity_or_element_outside_the_wbs_is_kept_at_the_top_and_reported(
    tmp_path: Path,
) -> None:
    path = _tiny(
        tmp_path,
        [_wbs("101", "DES", "999")],  # a parent the file lacks
        [_activity("1", "101", "A1"), _activity("2", "998", "A2")],  # a WBS the file lacks
    )
    plan = read_xer(path)
    assert [task["id"] for task in plan.data["tasks"]] == ["A2", "TINY.DES"]
    assert _tasks(plan.data)["TINY.DES"]["children"][0]["id"] == "A1"
    assert _entry(plan.report, "activities outside the WBS")[0::3] == ("approximated", ("A2",))
    assert _entry(plan.report, "WBS elements under a missing parent")[0::3] == (
        "approximated", ("DES",),
    )  # fmt: skip


@pytest.mark.parametrize("value", ["abc", "nan", "inf", "-Infinity", "1e999", "1_0"])
def test_a_duration_that_is_no_number_is_located(tmp_path: Path, value: str) -> None:
    # Before, it read as 0: the activity became "duration: 0d".
    path = _tiny(tmp_path, [], [_activity("1", "100", "A1"), _activity("2", "100", "A2", value)])
    code, line, message = _error(path)
    assert (code, line) == (Code.foreign_content, 11)  # the second TASK row
    assert message.startswith(f"target_drtn_hr_cnt is {value!r}; P6 writes a number here")


@pytest.mark.parametrize("value", ["abc", "nan"])
def test_a_lag_that_is_no_number_is_located(tmp_path: Path, value: str) -> None:
    # Before, the link was read without a lag.
    path = _tiny(
        tmp_path,
        [],
        [_activity("1", "100", "A1"), _activity("2", "100", "A2")],
        ("1\t2\t1\t10\t10\tPR_FS\t16", f"2\t2\t1\t10\t10\tPR_SS\t{value}"),
    )
    code, line, message = _error(path)
    assert (code, line) == (Code.foreign_content, 15)  # the second TASKPRED row
    assert message == f"lag_hr_cnt is {value!r}; P6 writes a number here, such as 40 or 12.5"


def test_empty_numbers_are_read_as_p6_leaves_them(tmp_path: Path) -> None:
    path = _tiny(
        tmp_path,
        [],
        [
            _activity("1", "100", "A1", ""),
            _activity("2", "100", "A2", "12.5"),
            _activity("3", "100", "A3"),
        ],
        ("1\t2\t1\t10\t10\tPR_FS\t", "2\t3\t2\t10\t10\tPR_FF\t-4"),
    )
    tasks = _tasks(read_xer(path).data)
    assert [tasks[t]["duration"] for t in ("A1", "A2", "A3")] == ["0h", "12.5h", "8h"]
    assert tasks["A2"]["after"] == [{"task": "A1", "type": "FS"}]  # an empty lag: none
    assert tasks["A3"]["after"] == [{"task": "A2", "type": "FF", "lag": "-4h"}]


def test_an_activity_id_on_two_task_rows_is_located_at_the_second(tmp_path: Path) -> None:
    # Before: "duplicate_id: ... (first at tasks.0)" without a line.
    path = _tiny(
        tmp_path,
        [],
        [_activity("1", "100", "A1"), _activity("2", "100", "A2"), _activity("3", "100", "A1")],
    )
    code, line, message = _error(path)
    assert (code, line) == (Code.foreign_content, 12)  # the third TASK row
    assert "task_code) 'A1' is also the ID of the TASK row at line 10" in message


def test_another_projects_activity_may_have_the_same_id(tmp_path: Path) -> None:
    other = _activity("2", "200", "A1").replace("\t10\t", "\t20\t", 1)  # project 20's
    plan = read_xer(_tiny(tmp_path, [], [_activity("1", "100", "A1"), other]))
    assert [task["id"] for task in plan.data["tasks"]] == ["A1"]


def test_a_wbs_deeper_than_a_plan_nests_is_located_not_a_crash(tmp_path: Path) -> None:
    # 1,500 levels overflowed Python's recursion; an element at level 40 puts its
    # activities at 41, deeper than a steerco plan nests
    chain = [_wbs(str(101 + i), f"W{i}", str(100 + i)) for i in range(MAX_WBS_DEPTH)]
    deepest = str(100 + MAX_WBS_DEPTH)
    path = _tiny(tmp_path, chain, [_activity("1", deepest, "A1")])
    with pytest.raises(ProjectError) as caught:
        read_xer(path)
    [error] = caught.value.diagnostics
    assert error.code == "foreign_content"
    assert error.line == 8 + MAX_WBS_DEPTH - 1  # the PROJWBS row of the 40th level (line 8: 1st)
    assert f"at most {MAX_WBS_DEPTH} levels" in error.message
    shallower = _tiny(tmp_path, chain[:-1], [_activity("1", str(99 + MAX_WBS_DEPTH), "A1")])
    assert read_xer(shallower).data["tasks"]
