"""The report's charts as SVG: parsed back and checked for labels, marks and geometry."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from typing import Any

import pytest

from steerco.model.communication import Stakeholder
from steerco.report.comms import quadrant as comms_quadrant
from steerco.report.data import (
    EarnedValueCurve,
    ForecastCurve,
    GanttBar,
    ProgressCurve,
    ReportCharts,
    ResourceLoad,
    RiskCell,
    SprintBurn,
    StakeholderLine,
)
from steerco.report.render.charts import (
    CHART_NAMES,
    MAX_GANTT_ROWS,
    MAX_RESOURCES,
    PALETTE,
    Chart,
    burndown_svg,
    burnup_svg,
    earned_value_svg,
    forecast_histogram_svg,
    forecast_scurve_svg,
    gantt_svg,
    power_interest_svg,
    report_charts,
    resource_load_svg,
    risk_matrix_svg,
    sprint_burndown_svg,
    sprint_burnup_svg,
)
from steerco.report.render.charts.gantt import gantt_rows

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"
D = dt.date
STATUS = D(2026, 2, 2)


# --- reading the SVG back -------------------------------------------------------------


def _root(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return root


def _groups(root: ET.Element, prefix: str) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if g.get("id", "").startswith(prefix)]


def _group(root: ET.Element, gid: str) -> ET.Element:
    (found,) = [g for g in root.iter(f"{SVG}g") if g.get("id") == gid]
    return found


def _texts(element: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in element.iter(f"{SVG}text")]


def _texts_of(element: ET.Element) -> str:
    return "".join(element.itertext())


def _points(element: ET.Element) -> list[tuple[float, float]]:
    """The vertices of the first path in `element` (matplotlib writes absolute M/L pairs)."""
    path = next(element.iter(f"{SVG}path"))
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", path.get("d", ""))]
    return list(zip(numbers[::2], numbers[1::2], strict=True))


def _box(element: ET.Element) -> tuple[float, float, float, float]:
    xs, ys = zip(*_points(element), strict=True)
    return min(xs), min(ys), max(xs), max(ys)


def _text_at(root: ET.Element, content: str) -> tuple[float, float]:
    (text,) = [t for t in root.iter(f"{SVG}text") if "".join(t.itertext()) == content]
    return float(text.get("x", "nan")), float(text.get("y", "nan"))


def _marker(element: ET.Element) -> tuple[float, float]:
    (use,) = list(element.iter(f"{SVG}use"))
    return float(use.get("x", "nan")), float(use.get("y", "nan"))


def _hatched(element: ET.Element) -> bool:
    return "url(#h" in next(element.iter(f"{SVG}path")).get("style", "")


# --- the Gantt ----------------------------------------------------------------------


_ROW = GanttBar("x", "x", 1, "task", None, None, None, None, False, 0.0)


def _bar(
    id: str, kind: str = "task", start: D | None = None, finish: D | None = None, **kw: Any
) -> GanttBar:
    return replace(_ROW, id=id, name=kw.pop("name", f"Task {id}"), kind=kind, start=start,
                   finish=finish, **kw)  # fmt: skip


SMALL_GANTT = (
    _bar("A", start=D(2026, 1, 12), finish=D(2026, 1, 23), critical=True, percent=100.0,
         baseline_start=D(2026, 1, 12), baseline_finish=D(2026, 1, 23)),
    # B runs 12 calendar days, Jan 26 to the end of Feb 6; half done.
    _bar("B", start=D(2026, 1, 26), finish=D(2026, 2, 6), critical=True, percent=50.0,
         baseline_start=D(2026, 1, 26), baseline_finish=D(2026, 2, 3)),
    _bar("C", start=D(2026, 2, 9), finish=D(2026, 2, 13)),
    _bar("M", kind="milestone", start=D(2026, 2, 13), finish=D(2026, 2, 13), critical=True,
         name="Model ready", p50=D(2026, 2, 18), p90=D(2026, 2, 27)),
)  # fmt: skip


@pytest.fixture(scope="module")
def small_gantt() -> str:
    return gantt_svg(SMALL_GANTT, STATUS)


def test_gantt_names_every_row_and_labels_the_status_date(small_gantt: str) -> None:
    texts = _texts(_root(small_gantt))
    assert {"Task A", "Task B", "Task C", "Model ready"} <= set(texts)
    assert "status date 2026-02-02" in texts
    assert not any("not shown" in t for t in texts)


def test_gantt_draws_one_bar_per_task_one_diamond_per_milestone(small_gantt: str) -> None:
    root = _root(small_gantt)
    assert len(_groups(root, "gantt-plan-")) == 1
    assert len(_groups(root, "gantt-critical-")) == 2
    assert len(_groups(root, "gantt-milestone-")) == 1
    assert len(_groups(root, "gantt-whisker-")) == 1
    assert len(_groups(root, "gantt-progress-")) == 2  # C has not started
    assert len(_groups(root, "gantt-baseline-")) == 2  # C has no baseline


def test_gantt_marks_critical_bars_by_pattern_not_only_colour(small_gantt: str) -> None:
    root = _root(small_gantt)
    assert all(_hatched(g) for g in _groups(root, "gantt-critical-"))
    assert not any(_hatched(g) for g in _groups(root, "gantt-plan-"))


def test_gantt_status_line_falls_at_the_end_of_the_status_day(small_gantt: str) -> None:
    root = _root(small_gantt)
    x0, _, x1, _ = _box(_group(root, "gantt-critical-1"))  # B: 12 days from Jan 26
    per_day = (x1 - x0) / 12
    (line_x, _), (line_x2, _) = _points(_group(root, "gantt-status-date"))
    assert line_x == pytest.approx(line_x2)
    assert line_x == pytest.approx(x0 + 8 * per_day, abs=0.01)  # end of Feb 2 = Feb 3 0:00
    assert _box(_group(root, "gantt-critical-0"))[2] < line_x  # A finished before
    assert _box(_group(root, "gantt-plan-2"))[0] > line_x  # C starts after


def test_gantt_progress_fills_the_done_share_of_the_bar(small_gantt: str) -> None:
    root = _root(small_gantt)
    b0, _, b1, _ = _box(_group(root, "gantt-critical-1"))
    p0, _, p1, _ = _box(_group(root, "gantt-progress-1"))
    assert p0 == pytest.approx(b0)
    assert p1 - p0 == pytest.approx(0.5 * (b1 - b0), abs=0.01)


def test_gantt_milestone_diamond_and_p50_p90_whisker_sit_on_their_dates(small_gantt: str) -> None:
    root = _root(small_gantt)
    x0, _, x1, _ = _box(_group(root, "gantt-critical-1"))
    per_day = (x1 - x0) / 12

    def at_end_of(date: D) -> float:
        return x0 + ((date - D(2026, 1, 26)).days + 1) * per_day

    diamond_x, diamond_y = _marker(_group(root, "gantt-milestone-3"))
    assert diamond_x == pytest.approx(at_end_of(D(2026, 2, 13)), abs=0.01)
    (w0, wy0), (w1, wy1) = _points(_group(root, "gantt-whisker-3"))
    assert (w0, w1) == (
        pytest.approx(at_end_of(D(2026, 2, 18)), abs=0.01),
        pytest.approx(at_end_of(D(2026, 2, 27)), abs=0.01),
    )
    assert wy0 == pytest.approx(diamond_y) and wy1 == pytest.approx(diamond_y)


def test_gantt_indents_names_by_wbs_level() -> None:
    rows = (
        _bar("P", kind="summary", start=D(2026, 1, 5), finish=D(2026, 1, 9), level=0),
        _bar("Q", start=D(2026, 1, 5), finish=D(2026, 1, 9), level=1),
        _bar("R", start=D(2026, 1, 5), finish=D(2026, 1, 9), level=2),
    )
    root = _root(gantt_svg(rows, None))
    xs = [_text_at(root, f"Task {k}")[0] for k in "PQR"]
    assert xs[0] < xs[1] < xs[2]
    assert len(_groups(root, "gantt-summary-")) == 1
    assert not _groups(root, "gantt-status-date")


def test_gantt_renders_the_same_bytes_twice(small_gantt: str) -> None:
    assert gantt_svg(SMALL_GANTT, STATUS) == small_gantt
    assert "dc:date" not in small_gantt
    assert "DejaVuSans-" not in small_gantt  # text stays text, no glyph outlines


BIG_CRITICAL = range(5, 1000, 97)
BIG_MILESTONES = range(40, 1000, 100)


@pytest.fixture(scope="module")
def big_gantt() -> tuple[GanttBar, ...]:
    start = D(2026, 1, 5)
    return tuple(
        _bar(
            str(k),
            kind="milestone" if k in BIG_MILESTONES else "task",
            start=start + dt.timedelta(days=k // 4),
            finish=start + dt.timedelta(days=k // 4 + 3),
            critical=k in BIG_CRITICAL,
            level=1 + k % 3,
        )
        for k in range(1000)
    )


def test_a_thousand_row_gantt_shows_the_cap_and_says_how_many_are_left_out(
    big_gantt: tuple[GanttBar, ...],
) -> None:
    root = _root(gantt_svg(big_gantt, D(2026, 3, 2)))
    assert len(_groups(root, "gantt-name-")) == MAX_GANTT_ROWS
    assert f"{1000 - MAX_GANTT_ROWS} more tasks not shown" in " ".join(_texts(root))
    shown = set(_texts(root))
    assert {f"Task {k}" for k in (*BIG_CRITICAL, *BIG_MILESTONES)} <= shown


def test_capped_rows_keep_milestones_summaries_critical_first_in_wbs_order() -> None:
    bars = [_bar(str(k)) for k in range(MAX_GANTT_ROWS + 20)]
    bars[70] = _bar("70", kind="milestone")
    bars[75] = _bar("75", critical=True)
    bars[78] = _bar("78", kind="summary", level=0)
    bars[79] = _bar("79", kind="summary", level=2)
    rows, left_out = gantt_rows(bars)
    ids = [b.id for b in rows]
    assert left_out == 20 and len(rows) == MAX_GANTT_ROWS
    assert {"70", "75", "78", "79"} <= set(ids)
    assert ids == sorted(ids, key=int)  # WBS order kept
    assert ids[: MAX_GANTT_ROWS - 4] == [str(k) for k in range(MAX_GANTT_ROWS - 4)]


# --- the forecast -------------------------------------------------------------------

FORECAST = ForecastCurve(
    dates=tuple(D(2026, 3, d) for d in (2, 3, 4, 5, 6)),
    counts=(10, 20, 40, 20, 10),
    p50=D(2026, 3, 4),
    p80=D(2026, 3, 5),
    committed=D(2026, 3, 3),
)


def test_histogram_bars_follow_the_counts_with_p50_p80_and_commitment_marked() -> None:
    root = _root(forecast_histogram_svg(FORECAST))
    bars = sorted((_box(g) for g in _groups(root, "forecast-bar-")), key=lambda b: b[0])
    assert len(bars) == 5
    heights = [b[3] - b[1] for b in bars]
    assert [h / heights[0] for h in heights] == pytest.approx([1, 2, 4, 2, 1])
    texts = _texts(root)
    assert {"P50 2026-03-04", "P80 2026-03-05", "committed 2026-03-03"} <= set(texts)
    centres = [(b[0] + b[2]) / 2 for b in bars]
    assert _points(_group(root, "forecast-p50"))[0][0] == pytest.approx(centres[2], abs=0.01)
    assert _points(_group(root, "forecast-p80"))[0][0] == pytest.approx(centres[3], abs=0.01)
    assert _points(_group(root, "forecast-committed"))[0][0] == pytest.approx(centres[1], abs=0.01)


def test_histogram_without_commitment_draws_no_commitment_line() -> None:
    curve = ForecastCurve(FORECAST.dates, FORECAST.counts, FORECAST.p50, FORECAST.p80, None)
    root = _root(forecast_histogram_svg(curve))
    assert not _groups(root, "forecast-committed")
    assert not any(t.startswith("committed") for t in _texts(root))


def test_s_curve_climbs_by_the_cumulative_share() -> None:
    root = _root(forecast_scurve_svg(FORECAST))
    ys = [y for _, y in _points(_group(root, "scurve-curve"))]
    levels = list(dict.fromkeys(ys))  # each step's level once, in order
    low, high = levels[0], levels[-1]
    shares = [100 * (low - y) / (low - high) for y in levels]
    assert shares == pytest.approx([0, 10, 30, 70, 90, 100])
    assert {"P50 2026-03-04", "P80 2026-03-05", "committed 2026-03-03"} <= set(_texts(root))
    p50_x, p50_y = _marker(_group(root, "scurve-p50-point"))
    assert p50_x == pytest.approx(_points(_group(root, "scurve-p50"))[0][0])
    assert 100 * (low - p50_y) / (low - high) == pytest.approx(50)


# --- earned value, burnup, burndown -------------------------------------------------

WEEKS = tuple(D(2026, 1, 5) + dt.timedelta(days=7 * k) for k in range(6))
EV = EarnedValueCurve(
    unit="money",
    dates=WEEKS,
    planned=(0.0, 20.0, 40.0, 60.0, 80.0, 100.0),
    earned=(0.0, 15.0, 30.0),
    earned_dates=WEEKS[:3],
    actual=(0.0, 20.0, 40.0),
    budget=100.0,
    eac=133.0,
    forecast_finish=D(2026, 3, 2),
)


def test_earned_value_draws_pv_ev_ac_bac_and_the_eac_projection_from_the_last_ac() -> None:
    root = _root(earned_value_svg(EV, unit_label="EUR"))
    texts = set(_texts(root))
    assert {
        "planned value (PV)",
        "earned value (EV)",
        "actual cost (AC)",
        "budget at completion (BAC) 100",
        "estimate at completion (EAC) 133 by 2026-03-02",
        "EUR",
    } <= texts
    last_ac = _points(_group(root, "ev-actual"))[-1]
    eac_from, eac_to = _points(_group(root, "ev-eac"))
    assert eac_from == pytest.approx(last_ac)
    assert eac_to[0] > last_ac[0] and eac_to[1] < last_ac[1]  # later and higher


def test_earned_value_in_effort_labels_effort_and_projects_from_the_last_ev() -> None:
    curve = EarnedValueCurve(
        "effort", WEEKS, EV.planned, EV.earned, EV.earned_dates, (), 100.0, 120.0, D(2026, 3, 2)
    )
    root = _root(earned_value_svg(curve))
    assert "effort (working days)" in _texts(root)
    assert not _groups(root, "ev-actual")
    assert _points(_group(root, "ev-eac"))[0] == pytest.approx(
        _points(_group(root, "ev-earned"))[-1]
    )


PROGRESS = ProgressCurve(
    unit="story points",
    dates=WEEKS[:3],
    scope=(40.0, 40.0, 45.0),
    done=(0.0, 10.0, 30.0),
    planned_done=(0.0, 15.0, 30.0),
)


def _relative(points: list[tuple[float, float]]) -> list[float]:
    """Each vertex's height relative to the first two (y grows downwards in SVG)."""
    ys = [y for _, y in points]
    return [(y - ys[0]) / (ys[1] - ys[0]) for y in ys]


def test_burnup_plots_done_against_scope_and_plan() -> None:
    root = _root(burnup_svg(PROGRESS))
    assert {"scope", "done", "planned done", "story points"} <= set(_texts(root))
    assert _relative(_points(_group(root, "burnup-done"))) == pytest.approx([0, 1, 3])


def test_burndown_plots_scope_minus_done() -> None:
    root = _root(burndown_svg(PROGRESS))
    assert {"remaining", "planned remaining", "story points remaining"} <= set(_texts(root))
    # remaining 40, 30, 15: steps of -10 then -15
    assert _relative(_points(_group(root, "burndown-left"))) == pytest.approx([0, 1, 2.5])


SPRINT = SprintBurn(
    sprint="Sprint 5",
    unit="points",
    dates=tuple(D(2026, 1, 5) + dt.timedelta(days=k) for k in range(5)),
    scope=(20.0, 20.0, 23.0, 23.0, 23.0),  # 3 points added on the third day
    ideal=(20.0, 15.0, 10.0, 5.0, 0.0),
    done=(0.0, 5.0, 5.0, 10.0),  # to the status date, the fourth day
    remaining=(20.0, 15.0, 18.0, 13.0),
    last_day=D(2026, 1, 16),
)


def _steps(points: list[tuple[float, float]]) -> list[float]:
    """The heights a stepped line passes through (repeats dropped), relative to its first step."""
    ys = [y for k, (_, y) in enumerate(points) if k == 0 or y != points[k - 1][1]]
    return [(y - ys[0]) / (ys[1] - ys[0]) for y in ys]


def test_sprint_burndown_steps_up_with_added_scope_and_stops_at_the_status_date() -> None:
    root = _root(sprint_burndown_svg(SPRINT))
    assert {"ideal", "remaining", "points remaining"} <= set(_texts(root))
    # remaining 20, 15, 18, 13: -5, then +3 (the scope change), then -5
    remaining = _group(root, "sprint-remaining")
    assert _steps(_points(remaining)) == pytest.approx([0, 1, 0.4, 1.4])
    assert len(list(remaining.iter(f"{SVG}use"))) == 4  # one marker a day to the status date
    ideal = _points(_group(root, "sprint-ideal"))  # every day, to 0 on the last
    assert len(ideal) == 5
    assert max(x for x, _ in _points(remaining)) == pytest.approx(ideal[3][0])


def test_sprint_burnup_shows_the_scope_change_as_a_step() -> None:
    root = _root(sprint_burnup_svg(SPRINT))
    assert {"scope", "done", "points"} <= set(_texts(root))
    assert _steps(_points(_group(root, "sprint-scope"))) == pytest.approx([0, 1])
    assert _steps(_points(_group(root, "sprint-done"))) == pytest.approx([0, 1, 2])


# --- the risk matrix and the power-interest grid ------------------------------------

RISKS = (
    RiskCell(probability=4, impact=5, risks=("R1",)),
    RiskCell(probability=2, impact=3, risks=("R2", "R3")),
    RiskCell(probability=1, impact=1, risks=tuple(f"Q{k}" for k in range(30))),
)


def _cell_of(root: ET.Element, x: float, y: float) -> str:
    (cell,) = [
        g.get("id", "")
        for g in _groups(root, "risk-cell-")
        if (b := _box(g))[0] <= x <= b[2] and b[1] <= y <= b[3]
    ]
    return cell


def test_risk_ids_are_written_in_their_cells() -> None:
    root = _root(risk_matrix_svg(RISKS))
    assert _cell_of(root, *_text_at(root, "R1")) == "risk-cell-4-5"
    assert _cell_of(root, *_text_at(root, "R2, R3")) == "risk-cell-2-3"
    crowded = _texts(_group(root, "risk-ids-1-1"))
    assert crowded[0].startswith("Q0, Q1")
    shown = sum(len(line.split(", ")) for line in crowded[:-1])
    assert crowded[-1] == f"+{30 - shown} more"


def test_risk_matrix_puts_impact_across_and_probability_up() -> None:
    root = _root(risk_matrix_svg(RISKS))
    low = _box(_group(root, "risk-cell-1-1"))
    assert _box(_group(root, "risk-cell-1-5"))[0] > low[2]  # impact 5 to the right
    assert _box(_group(root, "risk-cell-5-1"))[3] < low[1]  # probability 5 above
    assert len(_groups(root, "risk-cell-")) == 25


def _person(id: str, interest: str, influence: str, attitude: str = "neutral") -> StakeholderLine:
    return StakeholderLine(id, id, "Org", "role", interest, influence, attitude, "email", "team")


STAKEHOLDERS = (
    _person("Ana", "high", "high", "champion"),
    _person("Bo", "low", "high"),
    _person("Cy", "high", "low"),
    _person("Di", "low", "low"),
    _person("Eve", "high", "high"),
)


def test_power_interest_names_the_quadrants_and_places_people() -> None:
    root = _root(power_interest_svg(STAKEHOLDERS))
    texts = set(_texts(root))
    assert {"manage closely", "keep satisfied", "keep informed", "monitor"} <= texts
    ana, bo, cy, di = (
        _text_at(root, "Ana (champion)"),
        _text_at(root, "Bo"),
        _text_at(root, "Cy"),
        _text_at(root, "Di"),
    )
    assert cy[0] > di[0] and ana[1] < cy[1]  # interest across, influence up
    assert bo[1] < di[1] and bo[0] < cy[0]


def test_power_interest_stacks_people_in_the_same_cell() -> None:
    root = _root(power_interest_svg(STAKEHOLDERS))
    (ax, ay), (ex, ey) = _text_at(root, "Ana (champion)"), _text_at(root, "Eve")
    assert ex == pytest.approx(ax)  # one above the other, in the same cell
    assert abs(ey - ay) >= 8  # a line apart: 8 pt text does not overlap
    crowd = tuple(_person(f"P{k}", "low", "low") for k in range(8))
    texts = _texts(_root(power_interest_svg(crowd)))
    assert {"P0", "P3", "+4 more"} <= set(texts) and "P4" not in texts


# --- resource load ------------------------------------------------------------------


def _bars(group: ET.Element) -> int:
    """The rectangles drawn in a group: one closed subpath (`z`) each."""
    return sum(path.get("d", "").count("z") for path in group.iter(f"{SVG}path"))


def _load(name: str, load: tuple[float, ...]) -> ResourceLoad:
    return ResourceLoad(name, WEEKS[: len(load)], load, tuple(5.0 for _ in load))


def test_resource_load_marks_overload_with_a_pattern() -> None:
    root = _root(resource_load_svg((_load("Ana", (3.0, 6.0, 4.0)), _load("Bo", (1.0, 2.0)))))
    # Ana's second week (6 > 5) alone is over capacity: one hatched bar in her panel (0)
    over = _groups(root, "load-over-")
    assert [g.get("id") for g in over] == ["load-over-0"]
    assert _bars(over[0]) == 1 and _hatched(over[0])
    normal = [g for g in _groups(root, "load-") if not g.get("id", "").startswith("load-over")]
    assert [g.get("id") for g in normal] == ["load-0", "load-1"]
    assert [_bars(g) for g in normal] == [2, 2]
    assert not any(_hatched(g) for g in normal)
    assert len(_groups(root, "capacity-")) == 2
    assert {"Ana", "Bo", "capacity", "over capacity"} <= set(_texts(root))


def test_many_resources_are_capped_overloaded_first() -> None:
    loads = [_load(f"R{k}", (1.0, 2.0)) for k in range(MAX_RESOURCES + 3)]
    loads[-1] = _load("Late", (9.0, 1.0))
    texts = _texts(_root(resource_load_svg(loads)))
    assert "3 more resources not shown (overloaded resources are shown first)" in texts
    assert "Late" in texts and f"R{MAX_RESOURCES - 1}" not in texts


# --- every chart of a report --------------------------------------------------------

CHARTS = ReportCharts(
    gantt=SMALL_GANTT,
    forecast=FORECAST,
    earned_value=EV,
    progress=PROGRESS,
    risk_matrix=RISKS,
    resource_load=(_load("Ana", (3.0, 6.0)),),
    sprint_burn=SPRINT,
)


@pytest.fixture(scope="module")
def all_charts() -> dict[str, Chart]:
    return report_charts(CHARTS, STAKEHOLDERS, STATUS, value_unit="EUR")


def test_report_charts_gives_every_chart_with_data_in_order(all_charts: dict[str, Chart]) -> None:
    charts = report_charts(CHARTS, STAKEHOLDERS, STATUS, value_unit="EUR")
    assert tuple(charts) == CHART_NAMES
    for name, chart in charts.items():
        assert chart.name == name and re.fullmatch(r"[a-z]+(-[a-z]+)*", name)
        root = _root(chart.svg)
        assert [_texts_of(e) for e in root.iter(f"{SVG}title")] == [chart.title]
        assert [_texts_of(e) for e in root.iter(f"{SVG}desc")] == [chart.alt]
        assert root.get("role") == "img"
        assert chart == all_charts[name]  # deterministic


def test_no_two_charts_share_an_id(all_charts: dict[str, Chart]) -> None:
    ids = [e.get("id") for c in all_charts.values() for e in _root(c.svg).iter() if e.get("id")]
    assert len(ids) == len(set(ids))
    for chart in all_charts.values():  # every reference resolves inside its own chart
        root = _root(chart.svg)
        own = {e.get("id") for e in root.iter()}
        refs = set(re.findall(r"url\(#([^)]+)\)", chart.svg))
        refs |= {e.get(f"{XLINK}href", "")[1:] for e in root.iter(f"{SVG}use")}
        assert refs <= own


def test_alt_texts_state_the_numbers(all_charts: dict[str, Chart]) -> None:
    alt = {name: chart.alt for name, chart in all_charts.items()}
    assert "P50 2026-03-04, P80 2026-03-05; committed date 2026-03-03" in alt["forecast-histogram"]
    assert "status date 2026-02-02" in alt["gantt"]
    assert "R1 at probability 4, impact 5" in alt["risk-matrix"]
    assert "Ana in 1 weeks" in alt["resource-load"]
    assert "Ana: influence high, interest high (manage closely)" in alt["power-interest"]
    assert "in EUR" in alt["earned-value"] and "133 by 2026-03-02" in alt["earned-value"]
    assert alt["sprint-burnup"] == (
        "Burnup of Sprint 5 from 2026-01-05 to 2026-01-16 in points: 10 of 23 done by "
        "2026-01-08, scope changed once."
    )
    assert alt["sprint-burndown"] == (
        "Burndown of Sprint 5 from 2026-01-05 to 2026-01-16 in points: 13 remaining on "
        "2026-01-08 against 5 on the ideal line, scope changed once."
    )


def test_charts_without_data_are_left_out() -> None:
    assert report_charts(ReportCharts(), (), STATUS) == {}
    empty_cells = ReportCharts(risk_matrix=(RiskCell(3, 3, ()),), forecast=FORECAST)
    assert tuple(report_charts(empty_cells, (), None)) == ("forecast-histogram", "forecast-scurve")


def test_charts_use_the_palette_and_print_legible_text(all_charts: dict[str, Chart]) -> None:
    allowed = {c.lower() for c in PALETTE} | {
        "#ffffff",
        "#333333",
        "#555555",
        "#d9d9d9",
        "#f2f2f2",
    }
    for chart in all_charts.values():
        svg = chart.svg
        colours = set(re.findall(r"(?:fill|stroke): (#[0-9a-f]{6})", svg))
        assert colours <= allowed, colours - allowed
        sizes = [float(s) for s in re.findall(r"font-size: ([\d.]+)px", svg)]
        assert sizes and min(sizes) >= 8  # SVG units are points: 8 pt and up


@pytest.mark.parametrize(
    ("interest", "influence", "expected"),
    [
        ("medium", "medium", "manage closely"),  # medium counts as high on both axes
        ("medium", "low", "keep informed"),
        ("low", "medium", "keep satisfied"),
        ("low", "low", "monitor"),
    ],
)
def test_the_grid_places_medium_ratings_as_steerco_stakeholders_does(
    interest: str, influence: str, expected: str
) -> None:
    person = _person("Mo", interest, influence)
    alt = report_charts(ReportCharts(), (person,), None)["power-interest"].alt
    assert f"Mo: influence {influence}, interest {interest} ({expected})" in alt
    model = Stakeholder(id="mo", name="Mo", interest=interest, influence=influence)  # type: ignore[arg-type]
    assert comms_quadrant(model).replace("_", " ") == expected
