"""GanttProject `.gan` files in: the model, GanttProject's dates and the conversion report.

The files under tests/data/interop/gan were written by hand; each one's comment derives
its dates from GanttProject's rules (the scheduler, the calendar and the link classes of
bardsoftware/ganttproject). `check_dates` then shows steerco's critical path gives them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from steerco.app.date_check import check_dates
from steerco.codes import Code
from steerco.errors import ProjectError
from steerco.formats.foreign.gan_read import read_gan
from steerco.formats.foreign.plan import BaselineDates, ForeignPlan, StoredDates
from steerco.model import Project

DATA = Path(__file__).parents[2] / "data" / "interop" / "gan"
D = dt.date


def _read(name: str) -> ForeignPlan:
    return read_gan(DATA / name)


def _counts(plan: ForeignPlan) -> dict[tuple[str, str], int]:
    return {(e.what, e.outcome): e.count for e in plan.report}


def _tasks(plan: ForeignPlan) -> dict[str, dict[str, object]]:
    """Every task dict of the plan's data by id, at any depth."""
    found: dict[str, dict[str, object]] = {}

    def visit(tasks: list[dict[str, object]]) -> None:
        for task in tasks:
            found[str(task["id"])] = task
            visit(task.get("children", []))  # type: ignore[arg-type]

    visit(plan.data["tasks"])
    return found


def _span(start: dt.date, finish: dt.date | None = None) -> StoredDates:
    return StoredDates(start, finish or start)


# -- the nested file: all four link types, a one-day lead, links on nested tasks --------


def test_nested_file_gives_the_wbs_and_every_link_at_every_depth() -> None:
    plan = _read("nested_links.gan")
    assert (plan.tool, plan.format) == ("ganttproject", "gan")
    assert [t["id"] for t in plan.data["tasks"]] == ["1", "5", "9", "11"]
    tasks = _tasks(plan)
    assert [c["id"] for c in tasks["5"]["children"]] == ["4", "6", "10"]  # type: ignore[attr-defined]
    assert [c["id"] for c in tasks["10"]["children"]] == ["7", "8"]  # type: ignore[attr-defined]
    assert tasks["3"]["after"] == [{"task": "2", "type": "FS"}]
    assert tasks["4"]["after"] == [{"task": "3", "type": "SS", "lag": "1d"}]
    assert tasks["6"]["after"] == [{"task": "4", "type": "FF"}]
    assert tasks["7"]["after"] == [{"task": "6", "type": "FS", "lag": "-1d"}]
    assert tasks["8"]["after"] == [{"task": "7", "type": "SF"}]
    assert tasks["9"]["after"] == [{"task": "1", "type": "FS"}, {"task": "7", "type": "FS"}]
    assert tasks["9"]["milestone"] is True and "duration" not in tasks["9"]
    assert "duration" not in tasks["1"] and tasks["2"]["duration"] == "3d"
    assert tasks["2"]["description"] == "What the model must do."
    assert plan.data["scheduling"] == {"lag_calendar": "project"}
    assert plan.data["start"] == D(2024, 1, 1)
    Project.model_validate(plan.data)


def test_nested_file_stores_ganttprojects_dates() -> None:
    plan = _read("nested_links.gan")
    assert plan.stored == {
        "1": _span(D(2024, 1, 1), D(2024, 1, 9)),
        "2": _span(D(2024, 1, 1), D(2024, 1, 3)),
        "3": _span(D(2024, 1, 4), D(2024, 1, 9)),
        "5": _span(D(2024, 1, 5), D(2024, 1, 12)),
        "4": _span(D(2024, 1, 5), D(2024, 1, 11)),
        "6": _span(D(2024, 1, 9), D(2024, 1, 11)),
        "10": _span(D(2024, 1, 9), D(2024, 1, 12)),
        "7": _span(D(2024, 1, 11), D(2024, 1, 12)),
        "8": _span(D(2024, 1, 9), D(2024, 1, 10)),
        "9": _span(D(2024, 1, 12)),  # stored start 01-15: the point after Friday 01-12
        "11": _span(D(2024, 1, 1)),
    }


def test_nested_file_has_the_same_dates_in_steerco() -> None:
    check = check_dates(_read("nested_links.gan"))
    assert check.checked == 11
    assert check.mismatches == ()


def test_nested_file_report_counts_the_files_own_elements() -> None:
    counts = _counts(_read("nested_links.gan"))
    assert counts[("summary tasks", "carried")] == 3
    assert counts[("tasks", "carried")] == 7
    assert counts[("milestones", "carried")] == 1
    for kind, n in (("FS", 4), ("SS", 1), ("FF", 1), ("SF", 1)):
        assert counts[(f"{kind} links", "carried")] == n
    assert counts[("lags", "carried")] == 1
    assert counts[("leads (negative lags)", "carried")] == 1
    assert counts[("links of nested tasks", "carried")] == 6
    assert counts[("notes", "carried")] == 1
    assert counts[("percent complete", "dropped")] == 2
    assert counts[("thirdDate without thirdDate-constraint=1", "dropped")] == 1
    assert counts[("priorities", "dropped")] == 1
    assert counts[("colours", "dropped")] == 11
    assert counts[("views", "dropped")] == 1


# -- thirdDate ----------------------------------------------------------------------------


def test_third_date_is_an_earliest_start_only_with_its_constraint_flag() -> None:
    plan = _read("thirddate.gan")
    tasks = _tasks(plan)
    assert tasks["2"]["start_no_earlier_than"] == D(2024, 1, 8)
    assert "start_no_earlier_than" not in tasks["3"]
    # a milestone's earliest start is a point at the start of 01-10: shown on 01-09
    assert tasks["4"]["start_no_earlier_than"] == D(2024, 1, 9)
    assert plan.stored["2"] == _span(D(2024, 1, 8), D(2024, 1, 10))
    assert plan.stored["3"] == _span(D(2024, 1, 3), D(2024, 1, 4))
    assert plan.stored["4"] == _span(D(2024, 1, 9))
    counts = _counts(plan)
    assert counts[("earliest starts (thirdDate-constraint=1)", "carried")] == 2
    assert counts[("thirdDate without thirdDate-constraint=1", "dropped")] == 1


def test_third_date_file_has_the_same_dates_in_steerco() -> None:
    assert check_dates(_read("thirddate.gan")).mismatches == ()


def test_tasks_no_strong_link_drives_stay_where_they_were_put() -> None:
    plan = _read("placed.gan")
    tasks = _tasks(plan)
    assert tasks["2"]["start_no_earlier_than"] == D(2024, 1, 8)  # rubber link kept
    assert tasks["3"]["start_no_earlier_than"] == D(2024, 1, 10)  # no link
    assert "start_no_earlier_than" not in tasks["4"]  # strong link: pulled back
    assert plan.stored["4"] == _span(D(2024, 1, 3), D(2024, 1, 4))
    counts = _counts(plan)
    assert counts[("placed starts", "carried")] == 2
    assert counts[("rubber links", "carried")] == 1
    assert check_dates(plan).mismatches == ()


# -- calendar -----------------------------------------------------------------------------


def test_calendar_holidays_worked_saturday_and_yearly_dates() -> None:
    plan = _read("calendar.gan")
    assert plan.data["calendar"] == {
        "workdays": ["mon", "tue", "wed", "thu", "fri"],
        "holidays": [D(2024, 1, 1), D(2024, 1, 3), D(2025, 1, 1)],
        "working_days": [D(2024, 1, 6)],
    }
    assert plan.stored == {
        "1": _span(D(2024, 1, 2), D(2024, 1, 6)),
        "2": _span(D(2024, 1, 8), D(2024, 1, 9)),
        "3": _span(D(2024, 1, 12)),
    }
    counts = _counts(plan)
    assert counts[("calendar exceptions", "carried")] == 2
    assert counts[("yearly calendar dates", "approximated")] == 1
    assert counts[("neutral calendar dates", "dropped")] == 1


def test_calendar_file_has_the_same_dates_in_steerco() -> None:
    assert check_dates(_read("calendar.gan")).mismatches == ()


def test_only_show_weekends_works_every_day() -> None:
    plan = _read("weekends.gan")
    assert plan.data["calendar"] == {"workdays": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]}
    assert plan.stored["1"] == _span(D(2024, 1, 5), D(2024, 1, 8))
    assert plan.stored["2"] == _span(D(2024, 1, 9))
    assert _counts(plan)[("worked weekends (only-show-weekends)", "carried")] == 1
    assert check_dates(plan).mismatches == ()


# -- resources ----------------------------------------------------------------------------


def test_resources_allocations_and_vacations() -> None:
    plan = _read("resources.gan")
    assert plan.data["resources"] == [
        {
            "id": "0",
            "name": "Ana",
            "role": "data engineer",
            "description": "e-mail ana@example.com; phone +1 555 0100",
            "rate": 400.0,
            "leave": [{"start": D(2024, 2, 1), "end": D(2024, 2, 2)}],
        },
        {
            "id": "1",
            "name": "Ben",
            "role": "project manager",
            "rate": 600.0,
            "leave": [{"start": D(2024, 1, 3), "end": D(2024, 1, 4)}],
        },
    ]
    tasks = _tasks(plan)
    assert tasks["1"]["demands"] == [
        {"resource": "0", "units": 1.0},
        {"resource": "1", "units": 0.5},
    ]
    assert tasks["2"]["demands"] == [{"resource": "1", "units": 1.0}]
    assert "demands" not in tasks["10"]
    assert tasks["2"]["cost"] == 500.0
    assert tasks["1"]["split"] is False and "split" not in tasks["2"]
    counts = _counts(plan)
    assert counts[("resources", "carried")] == 2
    assert counts[("allocations", "carried")] == 3
    assert counts[("allocations on summary tasks", "dropped")] == 1
    assert counts[("vacations", "carried")] == 2
    assert counts[("tasks over a vacation", "approximated")] == 1
    assert counts[("manual costs", "carried")] == 1


def test_resources_file_has_the_same_dates_in_steerco() -> None:
    assert check_dates(_read("resources.gan")).mismatches == ()


def test_a_vacation_would_move_the_task_without_split_false() -> None:
    plan = _read("resources.gan")
    model = Project.model_validate(plan.data)
    label = model.task("1").model_copy(update={"split": True})
    summary = model.tasks[0].model_copy(update={"children": (label, model.task("2"))})
    moved = model.model_copy(update={"tasks": (summary,)})
    mismatches = check_dates(plan, moved).mismatches
    assert {m.id for m in mismatches} >= {"1", "2"}


# -- baselines and milestones -------------------------------------------------------------


def test_baselines_from_previous_states() -> None:
    plan = _read("baselines.gan")
    assert plan.baselines == {
        "Approved": {
            "5": BaselineDates(D(2024, 1, 1), D(2024, 1, 3), 3.0),
            "1": BaselineDates(D(2024, 1, 1), D(2024, 1, 3), 3.0),
            "2": BaselineDates(D(2024, 1, 3), D(2024, 1, 3), 0.0),
        },
        "Kick-off": {"1": BaselineDates(D(2024, 1, 8), D(2024, 1, 9), 2.0)},
    }
    counts = _counts(plan)
    assert counts[("baselines", "carried")] == 2
    assert counts[("baseline tasks", "carried")] == 4
    assert counts[("baseline tasks no longer in the plan", "dropped")] == 1


def test_milestone_after_a_task_shows_on_its_predecessors_finish() -> None:
    plan = _read("baselines.gan")
    assert _tasks(plan)["2"]["milestone"] is True
    assert plan.stored["2"] == _span(D(2024, 1, 4))  # stored start 01-05
    assert plan.stored["5"] == _span(D(2024, 1, 1), D(2024, 1, 4))
    assert check_dates(plan).mismatches == ()


# -- bad files ----------------------------------------------------------------------------


def _error(source: Path) -> tuple[Code, int | None]:
    with pytest.raises(ProjectError) as caught:
        read_gan(source)
    diagnostic = caught.value.diagnostics[0]
    assert diagnostic.file == str(source)
    return diagnostic.code, diagnostic.line


def test_truncated_file_is_a_syntax_error_at_its_last_line() -> None:
    assert _error(DATA / "truncated.gan") == (Code.foreign_syntax, 7)


def test_link_to_a_missing_task_is_located() -> None:
    assert _error(DATA / "bad_depend.gan") == (Code.foreign_content, 6)


def test_bad_date_is_located() -> None:
    assert _error(DATA / "bad_date.gan") == (Code.foreign_content, 6)


@pytest.mark.parametrize("days", ["-2", "1000000", "2.5"])
def test_bad_duration_is_located(tmp_path: Path, days: str) -> None:
    source = tmp_path / "duration.gan"
    source.write_text(
        '<project name="x">\n<tasks>\n'
        f'<task id="1" name="a" start="2024-01-01" duration="{days}"/>\n</tasks>\n</project>\n'
    )
    assert _error(source) == (Code.foreign_content, 3)


def test_entity_bomb_is_refused_not_expanded(tmp_path: Path) -> None:
    levels = ['<!ENTITY e0 "aaaaaaaaaa">'] + [
        f'<!ENTITY e{k} "{f"&e{k - 1};" * 10}">' for k in range(1, 9)
    ]
    source = tmp_path / "bomb.gan"
    source.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE project [{"".join(levels)}]>\n'
        '<project name="&e8;"><tasks/></project>\n'
    )
    code, _ = _error(source)
    assert code == Code.foreign_syntax


def test_external_entity_is_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("do not read me")
    source = tmp_path / "external.gan"
    source.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE project [<!ENTITY x SYSTEM "{secret.as_uri()}">]>\n'
        '<project name="External"><description>&x;</description><tasks>'
        '<task id="1" name="a" start="2024-01-01" duration="1"><notes>&x;</notes></task>'
        "</tasks></project>\n"
    )
    plan = read_gan(source)
    assert "do not read me" not in repr(plan.data)
