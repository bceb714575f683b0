"""The project YAML reader: shorthands into the model, located diagnostics, suggestions."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from steerco import ProjectError
from steerco.formats.project_yaml import parse_project_yaml
from steerco.model import DateRange, Demand, Dependency, Estimate, Project, Rate, WorkTime


def _load(text: str) -> Project:
    return parse_project_yaml(textwrap.dedent(text), "plan.yaml")


def _errors(text: str) -> list[tuple[str, int | None, int | None, str]]:
    with pytest.raises(ProjectError) as caught:
        _load(text)
    return [(d.code, d.line, d.column, d.message) for d in caught.value.diagnostics]


MINIMAL = """\
name: p
start: 2027-03-01
tasks:
"""


def test_unknown_task_key_suggests_the_closest_field() -> None:
    [(code, line, column, message)] = _errors(MINIMAL + "  - {id: a, durration: 3}\n")
    assert (code, line, column) == ("unknown_key", 4, 13)
    assert "did you mean 'duration'?" in message


def test_unknown_key_suggestion_follows_the_nesting() -> None:
    text = """\
    name: p
    start: 2027-03-01
    calendar: {workday: [mon]}
    tasks:
      - id: a
        after: [{task: b, typ: SS}]
      - id: b
    """
    found = {(code, line): message for code, line, _, message in _errors(text)}
    assert "did you mean 'workdays'?" in found[("unknown_key", 3)]
    assert "did you mean 'type'?" in found[("unknown_key", 6)]


def test_unknown_key_far_from_any_field_has_no_suggestion() -> None:
    [(code, _, _, message)] = _errors(MINIMAL + "  - {id: a, zzzzzz: 3}\n")
    assert code == "unknown_key"
    assert "did you mean" not in message


def test_dates_are_parsed_to_dates() -> None:
    project = _load(
        """\
        name: p
        start: 2027-03-01
        deadline: 2027-06-30
        calendar: {holidays: [2027-05-31], working_days: [2027-03-06]}
        resources:
          - {id: dev, leave: [2027-04-01, "2027-04-12..2027-04-16"]}
        tasks:
          - {id: a, duration: 3, deadline: 2027-04-30, start_no_earlier_than: 2027-03-03}
        """
    )
    assert project.start == dt.date(2027, 3, 1)
    assert project.deadline == dt.date(2027, 6, 30)
    assert project.calendar.holidays == (dt.date(2027, 5, 31),)
    assert project.calendar.working_days == (dt.date(2027, 3, 6),)
    task = project.task("a")
    assert task.deadline == dt.date(2027, 4, 30)
    assert task.start_no_earlier_than == dt.date(2027, 3, 3)
    assert project.resource("dev").leave == (
        DateRange(start=dt.date(2027, 4, 1), end=dt.date(2027, 4, 1)),
        DateRange(start=dt.date(2027, 4, 12), end=dt.date(2027, 4, 16)),
    )


def test_date_range_backwards_is_bad_date() -> None:
    text = MINIMAL.replace(
        "tasks:\n", 'resources: [{id: dev, leave: ["2027-04-16..2027-04-12"]}]\n'
    )
    [(code, line, _, _)] = _errors(text)
    assert (code, line) == ("bad_date", 3)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("5", WorkTime(5.0, "d")),
        ("2.5", WorkTime(2.5, "d")),
        ("5d", WorkTime(5.0, "d")),
        ("4h", WorkTime(4.0, "h")),
        ("2w", WorkTime(2.0, "w")),
        ("3 days", WorkTime(3.0, "d")),
    ],
)
def test_duration_shorthands(written: str, expected: WorkTime) -> None:
    project = _load(f"{MINIMAL}  - {{id: a, duration: {written}}}\nunit: hour\n")
    assert project.task("a").duration == expected


def test_work_time_converts_to_days() -> None:
    assert WorkTime(2.0, "w").in_days(8.0, 5) == 10
    assert WorkTime(4.0, "h").in_days(8.0, 5) == 0.5
    assert WorkTime(3.0, "d").in_days(8.0, 5) == 3


def test_three_point_shorthand_becomes_an_estimate() -> None:
    project = _load(MINIMAL + "  - {id: a, duration: 3d..5d..10d}\n")
    task = project.task("a")
    assert task.duration is None
    assert task.estimate == Estimate(
        low=WorkTime(3.0, "d"), likely=WorkTime(5.0, "d"), high=WorkTime(10.0, "d")
    )
    assert task.estimate.distribution == "pert"
    assert task.planned == WorkTime(5.0, "d")


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("design", Dependency(task="design")),
        ("design SS", Dependency(task="design", type="SS")),
        ('"design SS+2d"', Dependency(task="design", type="SS", lag=WorkTime(2.0, "d"))),
        ('"design ff-1d"', Dependency(task="design", type="FF", lag=WorkTime(-1.0, "d"))),
        ('"design SF+1w"', Dependency(task="design", type="SF", lag=WorkTime(1.0, "w"))),
        (
            "{task: design, type: ss, lag: 2}",
            Dependency(task="design", type="SS", lag=WorkTime(2.0)),
        ),
    ],
)
def test_dependency_shorthands(written: str, expected: Dependency) -> None:
    project = _load(
        MINIMAL + f"  - {{id: design, duration: 5}}\n  - {{id: b, after: [{written}]}}\n"
    )
    assert project.task("b").after == (expected,)


def test_dependency_default_is_finish_to_start_without_lag() -> None:
    project = _load(MINIMAL + "  - {id: 1, duration: 5}\n  - {id: b, after: [1]}\n")
    [dep] = project.task("b").after
    assert (dep.task, dep.type, dep.lag) == ("1", "FS", WorkTime(0.0, "d"))


def test_demands_as_mapping_and_as_list() -> None:
    project = _load(
        """\
        name: p
        start: 2027-03-01
        resources: [{id: gpu, kind: equipment, capacity: 4}, {id: mle}]
        tasks:
          - {id: a, duration: 2, demands: {gpu: 2, mle: 0.5}}
          - id: b
            duration: 2
            demands:
              - {resource: gpu}
              - {role: engineer, skill: nlp, min_level: 3, units: 2}
        """
    )
    assert project.task("a").demands == (
        Demand(resource="gpu", units=2.0),
        Demand(resource="mle", units=0.5),
    )
    assert project.task("b").demands == (
        Demand(resource="gpu", units=1.0),
        Demand(role="engineer", skill="nlp", min_level=3, units=2.0),
    )


@pytest.mark.parametrize(
    ("written", "expected", "per_day"),
    [
        ('"2.5/h"', Rate(2.5, "h"), 20.0),
        ('"100/h"', Rate(100.0, "h"), 800.0),
        ("800", Rate(800.0, "d"), 800.0),
        ('"800/d"', Rate(800.0, "d"), 800.0),
    ],
)
def test_rates(written: str, expected: Rate, per_day: float) -> None:
    project = _load(f"name: p\nstart: 2027-03-01\nresources: [{{id: gpu, rate: {written}}}]\n")
    rate = project.resource("gpu").rate
    assert rate == expected
    assert rate is not None and rate.per_day(8.0) == per_day


def test_negative_rate_is_bad_rate() -> None:
    [(code, line, column, _)] = _errors(
        "name: p\nstart: 2027-03-01\nresources:\n  - {id: x, rate: -5}\n"
    )
    assert (code, line, column) == ("bad_rate", 4, 19)


def test_negative_duration_is_bad_duration() -> None:
    [(code, line, column, _)] = _errors(MINIMAL + "  - id: a\n    duration: -2\n")
    assert (code, line, column) == ("bad_duration", 5, 15)


def test_diagnostics_carry_the_file_name() -> None:
    with pytest.raises(ProjectError) as caught:
        _load(MINIMAL + "  - {id: a, duration: 1x}\n")
    [diagnostic] = caught.value.diagnostics
    assert diagnostic.file == "plan.yaml"
    assert diagnostic.format().startswith("plan.yaml:4:23: bad_duration: ")


def test_a_file_that_is_not_a_mapping_is_rejected() -> None:
    [(code, line, _, _)] = _errors("- just\n- a list\n")
    assert (code, line) == ("bad_value", 1)


def test_hour_project_counts_in_hours() -> None:
    project = _load("name: p\nstart: 2027-03-01\nunit: hour\ntasks: [{id: a, duration: 2d}]\n")
    assert project.unit == "hour"
    duration = project.task("a").duration
    assert duration is not None
    assert project.units(duration.in_days(8.0, 5)) == 16


# -- Messages in the file's language, not the validator's (issue 14) --------------------


def _only_message(text: str) -> tuple[str, int | None, int | None, str]:
    [error] = _errors(text)
    return error


def test_a_dependency_of_the_wrong_shape_says_how_to_write_one() -> None:
    code, line, column, message = _only_message(
        MINIMAL + "  - {id: a, duration: 1}\n  - {id: b, duration: 1, after: [[a, 2]]}\n"
    )
    assert (code, line, column) == ("bad_value", 5, 34)
    assert "'task FS+2d'" in message
    assert "Input should" not in message


def test_an_unreadable_date_says_how_to_write_a_date() -> None:
    code, line, column, message = _only_message(
        MINIMAL + "  - {id: a, duration: 1, deadline: tomorrow}\n"
    )
    assert (code, line, column) == ("bad_date", 4, 36)
    assert "YYYY-MM-DD" in message
    assert "valid date or datetime" not in message


def test_a_scalar_where_a_list_belongs_suggests_the_list() -> None:
    code, _, _, message = _only_message(MINIMAL + "  - {id: a, duration: 1, tags: ml}\n")
    assert code == "bad_value"
    assert "[ml]" in message
    assert "valid tuple" not in message


def test_probability_written_as_a_percentage_suggests_the_fraction() -> None:
    text = MINIMAL + "  - {id: a, duration: 1}\nrisks:\n  - {id: r, title: R, probability: 30}\n"
    code, line, _, message = _only_message(text)
    assert (code, line) == ("bad_value", 6)
    assert "write 0.3" in message


def test_probability_far_above_one_gets_no_percentage_hint() -> None:
    text = MINIMAL + "  - {id: a, duration: 1}\nrisks:\n  - {id: r, title: R, probability: 250}\n"
    _, _, _, message = _only_message(text)
    assert "must be at most 1, got 250" in message
    assert "write 2.5" not in message


def test_a_comma_in_a_flow_style_name_suggests_quoting_it() -> None:
    code, line, column, message = _only_message(
        MINIMAL + "  - {id: a, name: Train, tune, duration: 2}\n"
    )
    assert (code, line, column) == ("unknown_key", 4, 26)
    assert 'name: "Train, tune"' in message


def test_an_unknown_key_with_a_value_still_gets_did_you_mean() -> None:
    _, _, _, message = _only_message(MINIMAL + "  - {id: a, name: Train, durration: 2}\n")
    assert "did you mean 'duration'?" in message
    assert "quote" not in message


def test_a_lag_glued_to_the_task_id_suggests_the_link_type() -> None:
    text = MINIMAL + "  - {id: a, duration: 1}\n  - {id: b, duration: 1, after: ['a+2d']}\n"
    code, _, _, message = _only_message(text)
    assert code == "unknown_task"
    assert "write 'a FS+2d'" in message


def test_an_unknown_id_that_only_looks_glued_gets_did_you_mean() -> None:
    text = MINIMAL + "  - {id: a, duration: 1}\n  - {id: b, duration: 1, after: ['x+2d']}\n"
    _, _, _, message = _only_message(text)
    assert "FS" not in message


@pytest.mark.parametrize(
    ("line", "wanted"),
    [
        ("  - {id: a, duration: 1, milestone: maybe}", "true or false"),
        ("  - {id: a, duration: 1, cost: lots}", "write a number"),
        ("  - {id: a, duration: 1, demands: [{resource: r, min_level: 2.5}]}", "whole number"),
        ("  - {id: a, duration: 1, after: [{task: a, type: XX}]}", "write one of 'FS'"),
        ("  - {id: '', duration: 1}", "cannot be empty"),
        ("  - {id: a, duration: 1, name: {x: 1}}", "not a mapping"),
        ("  - {id: a, duration: 1, name: 12}", "in quotes, e.g. '12'"),
        ("  - {id: a, duration: 1, cost: -5}", "must be at least 0, got -5"),
        ("  - {id: a, duration: 1, cost: 1.0e+13}", "at most 1000000000000, got 10000000000000"),
        ("  - {id: a, duration: 1, cost: 1.0e+308}", "at most 1000000000000, got 1e+308"),
        ("  - {id: a, duration: 1, cost: 3" + "0" * 20 + "}", "at most 1000000000000, got 3e+20"),
        (
            "  - {id: a, duration: 1, cost: 1" + "0" * 400 + "}",
            "1.8e+308 here, got a number of 401 digits",
        ),
        ("  - {id: a, duration: 1, start_no_earlier_than: 2027-03-01T10:00:00}", "without a time"),
    ],
)
def test_pydantic_wording_never_leaks(line: str, wanted: str) -> None:
    messages = [message for _, _, _, message in _errors(MINIMAL + line + "\n")]
    assert any(wanted in m for m in messages), messages
    for message in messages:
        assert "Input should" not in message
        assert "Value error" not in message


@pytest.mark.parametrize(
    ("field", "code"),
    [
        ("duration: .inf", "bad_duration"),
        ("duration: -.inf", "bad_duration"),
        ("duration: .nan", "bad_duration"),
        ("duration: 99999999999", "bad_duration"),
        ("duration: 1, after: [{task: b, lag: 99999999999}]", "bad_duration"),
        ("duration: 1, cost: .inf", "bad_value"),
        ("duration: 1, cost: 1.0e13", "bad_value"),
        ("duration: 1, start_no_earlier_than: 1899-12-31", "bad_date"),
        ("duration: 1, deadline: 2200-01-01", "bad_date"),
    ],
)
def test_out_of_range_values_are_located_at_the_value(field: str, code: str) -> None:
    text = MINIMAL + "  - {id: b, duration: 1}\n  - {id: a, " + field + "}\n"
    [(got, line, column, _)] = _errors(text)
    assert got == code
    assert line == 5
    assert column is not None and column > 12


def test_dates_at_both_ends_of_the_range_are_accepted() -> None:
    project = _load(
        """\
        name: p
        start: 1900-01-01
        calendar: {holidays: [2199-12-31]}
        tasks:
          - {id: a, duration: 1}
        """
    )
    assert project.start == dt.date(1900, 1, 1)
    assert project.calendar.holidays == (dt.date(2199, 12, 31),)


def test_a_duration_of_exactly_the_horizon_is_accepted_and_one_more_is_not() -> None:
    ok = "name: p\nstart: 2027-03-01\ntasks:\n  - {id: a, duration: 36500}\n"
    assert _load(ok).tasks[0].duration == WorkTime(36500.0)
    [(code, _, _, message)] = _errors(ok.replace("36500", "36501"))
    assert code == "bad_duration"
    assert "36500 working days" in message


def test_lags_and_risk_delays_count_toward_the_horizon() -> None:
    # 20 000 + lag 10 000 + risk delay high 7 000 = 37 000 > 36 500.
    text = """\
    name: p
    start: 2027-03-01
    tasks:
      - {id: a, duration: 20000}
      - {id: b, duration: 0, after: ["a FS+10000d"]}
    risks:
      - {id: r, title: R, probability: 0.1, impact: {delay: 1000d..2000d..7000d}}
    """
    [(code, line, _, message)] = _errors(text)
    assert (code, line) == ("horizon_too_long", 4)
    assert "37000" in message


def test_a_period_project_may_run_a_million_periods() -> None:
    text = "name: p\nunit: period\ntasks:\n  - {id: a, duration: 600000}\n"
    assert _load(text).tasks[0].duration == WorkTime(600000.0)
    [(code, _, _, _)] = _errors(text + "  - {id: b, duration: 600000}\n")
    assert code == "horizon_too_long"


def test_negative_remaining_work_is_refused_at_its_value() -> None:
    text = """\
    name: p
    start: 2027-03-01
    tasks:
      - {id: a, duration: 5}
    progress:
      status_date: 2027-03-02
      tasks:
        a: {actual_start: 2027-03-01, remaining: -2}
    """
    [(code, line, column, message)] = _errors(text)
    assert (code, line, column) == ("negative_remaining", 8, 46)
    assert "0 or more" in message
