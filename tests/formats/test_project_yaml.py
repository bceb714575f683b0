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
