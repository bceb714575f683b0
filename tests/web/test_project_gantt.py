"""The project page's Gantt as data: which WBS rows show, where their bars sit, the scale."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from steerco.app.workspace.project_gantt import ZOOMS, default_open, gantt_chart, toggled
from steerco.app.workspace.rows import RowView

TODAY = dt.date(2027, 1, 12)


def _task(key: str, parent: str | None, children: tuple[str, ...] = (), kind: str = "") -> RowView:
    kind = kind or ("summary" if children else "task")
    data = {"kind": kind, "parent": parent, "children": list(children)}
    return RowView("tasks", key, 0, parent, key.title(), data)


# build (summary) > data, model (summary) > tune; launch (milestone) at the top.
TASKS = [
    _task("build", None, ("data", "model")),
    _task("data", "build"),
    _task("model", "build", ("tune",)),
    _task("tune", "model"),
    _task("launch", None, kind="milestone"),
]
SCHEDULE: dict[str, Any] = {
    "tasks": [
        {"id": "build", "kind": "summary", "start": "2027-01-04", "finish": "2027-01-15",
         "critical": True, "total_float": 0, "assignees": ["ana", "bo"]},
        {"id": "data", "kind": "task", "start": "2027-01-04", "finish": "2027-01-08",
         "critical": True, "total_float": 0, "assignees": ["ana"]},
        {"id": "model", "kind": "summary", "start": "2027-01-11", "finish": "2027-01-15",
         "critical": True, "total_float": 0, "assignees": ["bo"]},
        {"id": "tune", "kind": "task", "start": "2027-01-11", "finish": "2027-01-15",
         "critical": False, "total_float": 2, "assignees": ["bo"]},
        {"id": "launch", "kind": "milestone", "start": "2027-01-15", "finish": "2027-01-15",
         "critical": True, "total_float": 0, "assignees": []},
    ]
}  # fmt: skip


def _chart(opened: frozenset[str] | None = None, **kwargs: Any) -> Any:
    options: dict[str, Any] = {"baseline": {}, "zoom": "day", "today": TODAY, **kwargs}
    return gantt_chart(
        tasks=TASKS,
        schedule=options.pop("schedule", SCHEDULE),
        opened=default_open(TASKS) if opened is None else opened,
        **options,
    )


def test_the_first_two_levels_show_by_default_deeper_summaries_start_closed() -> None:
    assert default_open(TASKS) == {"build"}
    chart = _chart()
    assert [row.id for row in chart.rows] == ["build", "data", "model", "launch"]
    model = chart.rows[2]
    assert model.is_summary and not model.is_open and model.hidden == 1
    assert chart.total == 5 and chart.summaries == 2


def test_level_zero_closes_everything_and_a_deep_level_opens_everything() -> None:
    assert [r.id for r in _chart(default_open(TASKS, 0)).rows] == ["build", "launch"]
    everything = _chart(default_open(TASKS, 99))
    assert [r.id for r in everything.rows] == ["build", "data", "model", "tune", "launch"]
    assert everything.rows[0].hidden == 0


def test_opening_a_summary_shows_its_children_and_toggling_again_closes_it() -> None:
    opened = toggled(default_open(TASKS), "model")
    assert opened == {"build", "model"}
    assert "tune" in [r.id for r in _chart(opened).rows]
    assert toggled(opened, "model") == {"build"}


def test_a_child_of_an_open_summary_under_a_closed_one_stays_hidden() -> None:
    rows = _chart(frozenset({"model"})).rows
    assert [r.id for r in rows] == ["build", "launch"]


def test_bars_sit_at_their_dates_on_the_scale_of_the_zoom() -> None:
    chart = _chart()
    first = dt.date(2027, 1, 4) - dt.timedelta(days=3)  # earliest date, padded 3 days
    assert chart.first == first and chart.last == dt.date(2027, 1, 18)
    data = chart.rows[1]
    assert data.start == dt.date(2027, 1, 4) and data.finish == dt.date(2027, 1, 8)
    assert data.x == 3 * 24.0 and data.width == 5 * 24.0  # 4th..8th: five whole days
    assert chart.width == 18 * 24.0  # Jan 1..Jan 18 inclusive
    assert chart.today_x == (TODAY - first).days * 24.0
    week = _chart(zoom="week")
    assert week.rows[1].x == 3 * ZOOMS["week"] and week.rows[1].width == 5 * ZOOMS["week"]


def test_critical_tasks_float_and_assignees_come_from_the_schedule() -> None:
    rows = {r.id: r for r in _chart(default_open(TASKS, 99)).rows}
    assert rows["data"].critical and not rows["tune"].critical
    assert rows["tune"].total_float == 2 and rows["data"].assignees == ("ana",)
    assert _chart().critical == 1  # leaf tasks only: data


def test_baseline_bars_are_placed_like_plan_bars() -> None:
    baseline = {"data": (dt.date(2027, 1, 4), dt.date(2027, 1, 6))}
    chart = _chart(baseline=baseline)
    data = chart.rows[1]
    assert chart.has_baseline
    assert data.baseline_finish == dt.date(2027, 1, 6)
    assert (data.base_x, data.base_width) == (data.x, 3 * 24.0)
    assert chart.rows[0].base_x is None


def test_ticks_fall_on_mondays_or_on_the_first_of_each_month() -> None:
    chart = _chart()
    assert chart.first is not None
    for tick in chart.ticks:
        day = chart.first + dt.timedelta(days=tick.x / 24.0)
        assert day.weekday() == 0
    assert [t.label for t in chart.ticks] == ["04 Jan", "11 Jan", "18 Jan"]
    month = _chart(zoom="month")
    assert [t.label for t in month.ticks] == ["Jan 2027"]  # the padded start is Jan 1
    late = {**SCHEDULE["tasks"][1], "finish": "2027-03-02"}
    longer = _chart(zoom="month", schedule={"tasks": [late]})
    assert [t.label for t in longer.ticks] == ["Jan 2027", "Feb 2027", "Mar 2027"]
    assert longer.ticks[1].x == (dt.date(2027, 2, 1) - dt.date(2027, 1, 1)).days * 2.5


def test_without_a_schedule_rows_show_without_bars_or_scale() -> None:
    chart = _chart(schedule={"status": "infeasible"})
    assert [r.id for r in chart.rows] == ["build", "data", "model", "launch"]
    assert all(r.x is None and r.start is None for r in chart.rows)
    assert chart.width == 0 and chart.ticks == () and chart.today_x is None


@st.composite
def _trees(draw: st.DrawFn) -> list[RowView]:
    """A random WBS in file order (depth first), each task's parent an earlier summary."""
    count = draw(st.integers(1, 25))
    parents: list[str | None] = [None]
    for index in range(1, count):
        parents.append(draw(st.sampled_from([None, *[f"t{i}" for i in range(index)]])))
    children: dict[str | None, list[str]] = {}
    for index, parent in enumerate(parents):
        children.setdefault(parent, []).append(f"t{index}")
    ordered: list[RowView] = []

    def visit(key: str) -> None:
        kids = tuple(children.get(key, ()))
        ordered.append(_task(key, parents[int(key[1:])], kids))
        for kid in kids:
            visit(kid)

    for top in children.get(None, []):
        visit(top)
    return ordered


@settings(max_examples=60, deadline=None)
@given(tasks=_trees(), data=st.data())
def test_a_row_shows_exactly_when_every_summary_above_it_is_open(
    tasks: list[RowView], data: st.DataObject
) -> None:
    keys = [t.key for t in tasks]
    opened = frozenset(data.draw(st.sets(st.sampled_from(keys))))
    chart = gantt_chart(
        tasks=tasks, schedule={}, baseline={}, opened=opened, zoom="week", today=TODAY
    )
    parent = {t.key: t.parent for t in tasks}

    def visible(key: str) -> bool:
        up = parent[key]
        while up is not None:
            if up not in opened:
                return False
            up = parent[up]
        return True

    assert [r.id for r in chart.rows] == [k for k in keys if visible(k)]
    for row in chart.rows:
        below = sum(1 for k in keys if k != row.id and _under(parent, k, row.id))
        assert row.hidden == (0 if row.is_open else below)


def _under(parent: dict[str, str | None], key: str, summary: str) -> bool:
    up = parent[key]
    while up is not None:
        if up == summary:
            return True
        up = parent[up]
    return False


def test_a_long_list_of_visible_rows_comes_in_pages() -> None:
    opened = default_open(TASKS, 99)
    first = _chart(opened, limit=2)
    assert [r.id for r in first.rows] == ["build", "data"]
    assert (first.visible, first.offset, first.limit) == (5, 0, 2)
    second = _chart(opened, limit=2, offset=2)
    assert [r.id for r in second.rows] == ["model", "tune"]
    last = _chart(opened, limit=2, offset=99)  # past the end: the last row
    assert [r.id for r in last.rows] == ["launch"] and last.offset == 4
    assert _chart(opened, limit=2, offset=-5).offset == 0


def test_the_same_rows_and_schedule_give_the_same_chart_as_new_copies_do() -> None:
    copies = [
        RowView(t.collection, t.key, t.position, t.parent, t.name, dict(t.data)) for t in TASKS
    ]
    opened = default_open(TASKS, 99)
    again = _chart(opened)  # prepared once, reused
    assert _chart(opened) == again
    fresh = gantt_chart(
        tasks=copies, schedule=dict(SCHEDULE), baseline={}, opened=opened, zoom="day", today=TODAY
    )
    assert fresh == again


def test_a_plan_too_long_for_a_page_opens_on_its_top_level() -> None:
    phases = [_task(f"p{k}", None, tuple(f"p{k}t{j}" for j in range(130))) for k in range(2)]
    tasks: list[RowView] = []
    for phase in phases:
        tasks.append(phase)
        tasks.extend(_task(child, phase.key) for child in phase.data["children"])
    assert default_open(tasks) == frozenset()  # 262 rows down to level 1: more than a page
    assert default_open(tasks[:100]) == {"p0"}  # 100 rows fit: the first two levels show
    assert default_open(tasks, 1) == {"p0", "p1"}  # asked for: as asked


def test_before_the_schedule_the_assignees_are_the_resources_a_task_demands() -> None:
    demanding = [*TASKS[:1], RowView("tasks", "data", 1, "build", "Data",
                                      {**TASKS[1].data, "demands": {"ana": 1}})]  # fmt: skip
    chart = gantt_chart(
        tasks=demanding, schedule={}, baseline={}, opened=frozenset({"build"}), zoom="day",
        today=TODAY,
    )  # fmt: skip
    assert chart.rows[1].assignees == ("ana",)
    assert _chart(default_open(TASKS, 99)).rows[1].assignees == ("ana",)  # the schedule's
