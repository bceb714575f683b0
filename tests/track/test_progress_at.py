"""Which recorded progress counts at a date: the latest on or before it, the file's on a tie."""

from __future__ import annotations

import datetime as dt

import pytest

from steerco.errors import ProjectError
from steerco.model import Progress, Project, TaskProgress
from steerco.track.progress import progress_at, recorded_dates


def day(n: int) -> dt.date:
    return dt.date(2027, 1, n)


def record(n: int, percent: float) -> Progress:
    started = TaskProgress(actual_start=day(4), percent_complete=percent)
    return Progress(status_date=day(n), tasks={"a": started})


def project(progress: Progress) -> Project:
    return Project.model_validate(
        {"name": "p", "start": day(4), "tasks": [{"id": "a", "duration": 5}], "progress": progress}
    )


SNAPSHOTS = [record(5, 10), record(7, 30)]


def test_without_a_date_the_files_own_progress() -> None:
    current = record(8, 40)
    assert progress_at(project(current), SNAPSHOTS, None) is current


def test_without_a_date_or_a_status_date() -> None:
    with pytest.raises(ProjectError) as caught:
        progress_at(project(Progress()), SNAPSHOTS, None)
    assert caught.value.diagnostics[0].code == "no_status_date"


@pytest.mark.parametrize(("n", "expected"), [(5, 10), (6, 10), (7, 30), (20, 40)])
def test_the_latest_record_on_or_before_the_date(n: int, expected: float) -> None:
    chosen = progress_at(project(record(8, 40)), SNAPSHOTS, day(n))
    entry = chosen.of("a")
    assert entry is not None and entry.percent_complete == expected


def test_on_a_tie_the_file_wins() -> None:
    current = record(7, 35)
    assert progress_at(project(current), SNAPSHOTS, day(7)) is current


def test_before_any_record_no_progress_at_that_date() -> None:
    assert progress_at(project(record(8, 40)), SNAPSHOTS, day(4)) == Progress(status_date=day(4))


def test_recorded_dates_once_each_oldest_first() -> None:
    assert recorded_dates(project(record(7, 35)), SNAPSHOTS) == [day(5), day(7)]
    assert recorded_dates(project(Progress()), []) == []
