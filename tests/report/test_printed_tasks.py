"""A printed (PDF) team report lists every task of a small plan, those that matter of a big one."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import replace

import pytest
from pypdf import PdfReader
from report_sample import sample_report

from steerco.report.data import GanttBar, StatusReport, TaskLine
from steerco.report.render.pdf import render_pdf
from steerco.report.render.printed import PRINT_TASKS, printed_tasks

D = dt.date
STATUS = D(2027, 3, 5)
BEFORE, AFTER = D(2027, 2, 1), D(2027, 6, 1)


def _name(k: int) -> str:
    return f"Task {k:04d}"


def _line(k: int, *, start: D = AFTER, percent: float = 0.0) -> TaskLine:
    return TaskLine(f"t{k}", _name(k), start, start + dt.timedelta(days=9), percent)


def _bar(k: int, *, late: bool = False, critical: bool = False) -> GanttBar:
    start = AFTER
    finish = start + dt.timedelta(days=9)
    baseline = finish - dt.timedelta(days=3) if late else finish
    return GanttBar(f"t{k}", _name(k), 1, "task", start, finish, start, baseline, critical, 0.0)


def _report(
    tasks: list[TaskLine], *, upcoming: tuple[int, ...] = (), bars: tuple[GanttBar, ...] = ()
) -> StatusReport:
    base = sample_report()
    assert base.status_date == STATUS
    by_id = {t.id: t for t in tasks}
    return replace(
        base,
        tasks=tuple(tasks),
        planned_next_period=tuple(by_id[f"t{k}"] for k in upcoming),
        charts=replace(base.charts, gantt=bars),
    )


def _thousand() -> StatusReport:
    """1,000 tasks: 3 in progress, 5 finished, 1 due next period, 1 late, 1 critical."""
    tasks = [_line(k) for k in range(1000)]
    for k in (10, 500, 990):
        tasks[k] = _line(k, start=BEFORE, percent=40.0)
    for k in (1, 2, 3, 4, 5):
        tasks[k] = _line(k, start=BEFORE, percent=100.0)
    bars = (_bar(30, late=True), _bar(40, critical=True), _bar(50), _bar(1, critical=True))
    return _report(tasks, upcoming=(20,), bars=bars)


def test_a_small_plan_prints_every_task() -> None:
    tasks = [_line(k) for k in range(PRINT_TASKS)]
    printed = printed_tasks(_report(tasks))
    assert printed.tasks == tuple(tasks) and printed.left_out == 0


def test_a_big_plan_prints_running_next_late_and_critical_tasks_in_plan_order() -> None:
    printed = printed_tasks(_thousand())
    # Finished task 1 is critical but done; task 50 is on time and off the critical path.
    assert [t.id for t in printed.tasks] == ["t10", "t20", "t30", "t40", "t500", "t990"]
    assert printed.left_out == 994


def test_the_cap_keeps_the_running_tasks_first() -> None:
    tasks = [_line(k) for k in range(1000)]
    for k in range(900, 900 + PRINT_TASKS):  # PRINT_TASKS running tasks late in the plan
        tasks[k] = _line(k, start=BEFORE, percent=50.0)
    printed = printed_tasks(_report(tasks, upcoming=(0, 1, 2)))
    assert [t.id for t in printed.tasks] == [f"t{k}" for k in range(900, 900 + PRINT_TASKS)]
    assert printed.left_out == 1000 - PRINT_TASKS


@pytest.fixture(scope="module")
def thousand_pdf() -> str:
    data = render_pdf(_thousand(), {})
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages)


def test_a_thousand_task_team_pdf_says_how_many_tasks_it_leaves_out(thousand_pdf: str) -> None:
    assert "994 more tasks are not printed here: the HTML report lists every task." in thousand_pdf
    assert "late or critical: 6 of 1000" in thousand_pdf


def test_a_thousand_task_team_pdf_lists_the_running_tasks(thousand_pdf: str) -> None:
    for k in (10, 500, 990, 20, 30, 40):
        assert _name(k) in thousand_pdf
    for k in (1, 50, 999):
        assert _name(k) not in thousand_pdf
