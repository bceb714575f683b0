"""`status_report` of a small costed project: sections, audiences, snapshots, decisions.

The project: from Monday 2027-01-04, A (3 days, Alice at 100 a day) -> B (4 days, Bob at
120) -> milestone M (deadline 2027-01-15) -> C (2 days, Alice). Baseline: A 300, B 480,
C 200 (BAC 980); M at the end of B on Tuesday 2027-01-12. Recorded: A done on 2027-01-06
at a cost of 350, then B 25% on 2027-01-08 (the file's status date); a snapshot at each.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from steerco.app.baseline import save_baseline
from steerco.app.progress import record_progress
from steerco.app.report import report_inputs, status_report
from steerco.codes import Code
from steerco.errors import ProjectError
from steerco.formats.baselines_file import baselines_path
from steerco.formats.snapshots import snapshots_path
from steerco.model.communication import Audience
from steerco.report.build import ReportInputs, build_status_report
from steerco.report.data import StatusReport
from steerco.schedule.options import SolveOptions

SOURCE = """\
name: Demo
start: 2027-01-04
deadline: 2027-01-20
resources:
  - {id: alice, name: Alice Example, role: ml-engineer, rate: 100}
  - {id: bob, name: Bob Example, role: data-engineer, rate: 120}
tasks:
  - id: ph
    name: Build
    children:
      - {id: a, name: Task A, duration: 3, demands: [{resource: alice}]}
      - {id: b, name: Task B, duration: 4, after: [a], demands: [{resource: bob}]}
      - {id: m, name: Model ready, milestone: true, after: [b], deadline: 2027-01-15}
  - {id: c, name: Task C, duration: 2, after: [m], demands: [{resource: alice}]}
risks:
  - id: r1
    title: Labels arrive late
    probability: 0.5
    impact: {delay: {low: 1, likely: 2, high: 4}}
    tasks: [b]
    owner: alice
    response: mitigate
    actions:
      - {action: Chase the vendor, owner: bob, due: 2027-01-05}
      - {action: Book a second vendor, owner: alice, due: 2027-01-20}
      - {action: Sign the contract, owner: bob, due: 2027-01-04, done: true}
stakeholders:
  - {id: s1, name: Sponsor 1, role: VP, audience: sponsor, email: sponsor1@example.com}
decisions:
  - {id: d1, title: Pick the vendor, owner: alice, needed_by: 2027-01-05}
  - {id: d2, title: Approve the budget, owner: s1, needed_by: 2027-01-08}
  - {id: d3, title: Choose the cloud, owner: s1, needed_by: 2027-01-01, status: decided}
reporting:
  period_days: 7
  narratives:
    - date: 2027-01-06
      text: |
        Task A is done, a day early.

        Next: Task B.
"""

MONEY = ("USD", "$")
NAMES = ("Alice", "Bob")


def day(n: int) -> dt.date:
    return dt.date(2027, 1, n)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report") / "demo.yaml"
    path.write_text(SOURCE, encoding="utf-8")
    save_baseline(path=path, saved=day(1), options=SolveOptions("cpm"))
    record_progress(path=path, task="a", done=True, start=day(4), cost=350, date=day(6))
    record_progress(path=path, task="b", percent=25, date=day(8))
    return path


@pytest.fixture(scope="module")
def inputs(demo: Path) -> ReportInputs:
    return report_inputs(path=demo, iterations=200, seed=3)


@pytest.fixture(scope="module")
def reports(inputs: ReportInputs) -> dict[Audience, StatusReport]:
    return {a: build_status_report(inputs, audience=a) for a in ("client", "sponsor", "team")}


def leaves(value: Any) -> Iterator[Any]:
    """Every str, number and date inside a report: dataclass fields, tuples, all the way down."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from leaves(getattr(value, f.name))
    elif isinstance(value, tuple | list):
        for item in value:
            yield from leaves(item)
    else:
        yield value


def test_the_status_date_defaults_to_the_files(reports: dict[Audience, StatusReport]) -> None:
    team = reports["team"]
    assert (team.status_date, team.period_start, team.period_end) == (day(8), day(1), day(15))
    assert [t.id for t in team.done_in_period] == ["a"]
    assert [t.id for t in team.planned_next_period] == ["b", "m", "c"]
    assert team.committed == day(20) and team.project == "Demo"


def test_the_team_sees_money_names_and_tasks(reports: dict[Audience, StatusReport]) -> None:
    team = reports["team"]
    assert team.budget is not None and team.budget.unit == "money"
    assert (team.budget.budget, team.budget.currency) == (980, "USD")
    assert team.budget.actual_cost is not None and team.budget.actual_cost > 350  # B's days too
    assert [t.id for t in team.tasks] == ["a", "b", "m", "c"]
    b = next(t for t in team.tasks if t.id == "b")
    assert (b.percent, b.people) == (25.0, ("Bob Example",))
    assert [(p.person, [t.id for t in p.tasks]) for p in team.next_tasks] == [
        ("Alice Example", ["c"]),
        ("Bob Example", ["b"]),
    ]
    assert [s.name for s in team.stakeholders] == ["Sponsor 1"]
    assert team.hidden == ()
    scope = next(d.status for d in team.dimensions if d.name == "scope")
    assert (scope.colour, scope.value) == (
        "green",
        "9.0 working days planned vs 9.0 baselined",
    )  # A 3 + B 4 + C 2 in both
    assert {bar.kind for bar in team.charts.gantt} == {"summary", "task", "milestone"}


def test_the_sponsor_sees_money_but_no_task_detail(reports: dict[Audience, StatusReport]) -> None:
    sponsor = reports["sponsor"]
    assert sponsor.budget is not None and sponsor.currency == "USD"
    assert sponsor.charts.earned_value is not None
    assert sponsor.tasks == () and sponsor.next_tasks == ()
    assert [s.name for s in sponsor.stakeholders] == ["Sponsor 1"]
    assert {bar.kind for bar in sponsor.charts.gantt} == {"summary", "milestone"}
    assert sponsor.risks[0].owner == "Alice Example"
    assert sponsor.hidden == ("task-level detail: each task and each person's next tasks",)


def test_a_client_report_has_no_money_and_no_names(reports: dict[Audience, StatusReport]) -> None:
    client, team = reports["client"], reports["team"]
    assert client.budget is None and client.charts.earned_value is None and client.currency == ""
    assert client.stakeholders == () and client.tasks == ()
    assert team.budget is not None
    amounts = {
        team.budget.budget,
        team.budget.planned_value,
        team.budget.earned_value,
        team.budget.actual_cost,
        team.budget.eac,
        100.0,
        120.0,
    }
    for value in leaves(client):
        if isinstance(value, str):
            assert not any(word in value for word in (*MONEY, *NAMES)), value
            assert not any(f"{amount:,.0f}" in value for amount in amounts if amount), value
        elif isinstance(value, float | int) and not isinstance(value, bool):
            assert value not in amounts or value == 100.0, value  # 100: a percent complete
    cost = next(d.status for d in client.dimensions if d.name == "cost")
    assert cost.colour == next(d.status.colour for d in team.dimensions if d.name == "cost")
    assert client.risks[0].owner == "ml-engineer"
    assert client.risks[0].actions == (
        "Chase the vendor (data-engineer, due 2027-01-05)",
        "Book a second vendor (ml-engineer, due 2027-01-20)",
    )
    assert {load.resource for load in client.charts.resource_load} == {
        "ml-engineer",
        "data-engineer",
    }
    assert len(client.hidden) == 4 and "rates, costs and money figures" in client.hidden[0]


def test_a_client_sees_money_and_names_when_the_file_allows(demo: Path, tmp_path: Path) -> None:
    open_book = tmp_path / "open.yaml"
    text = demo.read_text(encoding="utf-8").replace(
        "reporting:\n", "reporting:\n  client_hides_costs: false\n  client_hides_names: false\n"
    )
    open_book.write_text(text, encoding="utf-8")
    for sidecar in (baselines_path, snapshots_path):
        sidecar(open_book).write_bytes(sidecar(demo).read_bytes())
    report = status_report(path=open_book, audience="client", iterations=50)
    assert report.budget is not None and report.risks[0].owner == "Alice Example"
    assert report.hidden == (
        "task-level detail: each task and each person's next tasks",
        "the stakeholder register",
    )


def test_decisions_are_overdue_only_when_open_past_needed_by(
    reports: dict[Audience, StatusReport],
) -> None:
    team = reports["team"]
    assert [(d.id, d.overdue) for d in team.decisions] == [
        ("d1", True),  # open, needed 2027-01-05 < 2027-01-08
        ("d2", False),  # needed on the status date itself
        ("d3", False),  # decided
    ]
    assert [d.owner for d in team.decisions] == ["Alice Example", "Sponsor 1", "Sponsor 1"]
    assert reports["client"].decisions[0].owner == "ml-engineer"


def test_top_risks_list_open_and_overdue_actions(reports: dict[Audience, StatusReport]) -> None:
    [risk] = reports["team"].risks
    assert (risk.id, risk.response, risk.owner) == ("r1", "mitigate", "Alice Example")
    assert risk.probability == 4  # 50%: level 4 (50% up to 70%)
    assert risk.overdue == ("Chase the vendor (Bob Example, due 2027-01-05)",)
    assert len(risk.actions) == 2


def test_milestones_carry_plan_forecast_and_deadline(reports: dict[Audience, StatusReport]) -> None:
    [m] = reports["team"].milestones
    # baselined at the end of B: unit 7, the last working day of which is Tuesday the 12th
    assert (m.id, m.deadline, m.baseline, m.done) == ("m", day(15), day(12), None)
    assert m.planned is not None and m.p50 is not None and m.p80 is not None
    assert m.p90 is not None and m.p50 <= m.p80 <= m.p90
    assert m.on_time is not None and 0 <= m.on_time <= 1


def test_the_written_narrative_speaks_of_the_report(reports: dict[Audience, StatusReport]) -> None:
    team, client = reports["team"], reports["client"]
    assert team.narrative_written_by == "steerco"
    text = " ".join(team.narrative)
    assert text.startswith(f"Overall status: {team.overall.colour.upper()}.")
    assert "Finished since 2027-01-01: Task A." in text
    assert "Pick the vendor (Alice Example) by 2027-01-05 (overdue)" in text
    assert "The top risk is r1 (Labels arrive late)" in text
    assert not any(w in " ".join(client.narrative) for w in (*MONEY, *NAMES))


def test_an_earlier_date_reads_its_snapshot_and_the_managers_words(demo: Path) -> None:
    report = status_report(path=demo, status_date=day(6), iterations=50)
    assert report.status_date == day(6)
    b = next(t for t in report.tasks if t.id == "b")
    assert b.percent == 0.0  # 25% was recorded on the 8th
    assert [t.id for t in report.done_in_period] == ["a"]
    assert report.narrative_written_by == "manager"
    assert report.narrative == ("Task A is done, a day early.", "Next: Task B.")
    assert report.budget is not None and report.budget.actual_cost == 350


def test_charts_have_their_data(reports: dict[Audience, StatusReport]) -> None:
    charts = reports["team"].charts
    assert charts.forecast is not None and sum(charts.forecast.counts) == 200
    assert charts.forecast.committed == day(20)
    assert list(charts.forecast.dates) == sorted(charts.forecast.dates)
    ev = charts.earned_value
    assert ev is not None and ev.unit == "money" and ev.planned[-1] == 980
    assert ev.earned_dates == (day(6), day(8)) and len(ev.actual) == 2
    progress = charts.progress
    assert progress is not None and progress.dates == (day(6), day(8))
    assert progress.scope == (9.0, 9.0)  # 3 + 4 + 2 working days
    assert progress.done == (3.0, 4.0)  # A; then A and a quarter of B
    assert progress.planned_done == (3.0, 5.0)  # the baseline by the end of the 6th, the 8th
    assert len(charts.risk_matrix) == 25
    assert [c.risks for c in charts.risk_matrix if c.risks] == [("r1",)]
    bar = next(b for b in charts.gantt if b.id == "m")
    assert (bar.level, bar.baseline_finish) == (1, day(12))
    assert bar.p50 is not None and bar.p90 is not None


def test_dates_outside_the_record_are_located_errors(demo: Path) -> None:
    with pytest.raises(ProjectError) as early:
        status_report(path=demo, status_date=day(1))
    [d] = early.value.diagnostics
    assert (d.code, d.file, d.line) == (Code.bad_date, str(demo), 2)  # at `start`
    with pytest.raises(ProjectError) as late:
        status_report(path=demo, status_date=day(11))
    [d] = late.value.diagnostics
    assert d.code == Code.bad_date and "after the file's progress status date" in d.message
    assert d.line is not None and d.line > 2  # at progress.status_date


def test_a_baseline_without_progress_has_scope_but_no_cost_yet(tmp_path: Path) -> None:
    path = tmp_path / "fresh.yaml"
    grown = SOURCE.replace("duration: 4,", "duration: 5,")  # B grows by a day after the baseline
    path.write_text(SOURCE, encoding="utf-8")
    save_baseline(path=path, saved=day(1), options=SolveOptions("cpm"))
    path.write_text(grown, encoding="utf-8")
    report = status_report(path=path, status_date=day(5), iterations=20)
    status = {d.name: d.status for d in report.dimensions}
    assert (status["cost"].colour, status["cost"].value) == ("grey", "no cost performance yet")
    assert status["scope"].colour == "amber"  # 10 / 9 - 1 = 11.1%: beyond 5%, within 15%
    assert status["scope"].rule.startswith("the work grew by 11.1% since the baseline: amber")
    assert report.budget is not None and report.budget.earned_value == 0
    assert report.charts.progress is None  # nothing recorded


def test_a_project_without_a_backlog_has_no_agile_section(
    reports: dict[Audience, StatusReport],
) -> None:
    assert all(r.agile is None and r.charts.sprint_burn is None for r in reports.values())


def test_the_agile_section_comes_as_computed_and_the_client_sees_roles(
    inputs: ReportInputs,
) -> None:
    from steerco.report.data import AgileItemLine, AgileSection, FlowSummary, SprintBurn

    item = AgileItemLine("ML-7", "Label the pilot set", "In Progress", 3.0, "alice", 2)
    section = AgileSection(flow=FlowSummary(2.0, 5.0, 1.5, 1), in_progress=(item,))
    burn = SprintBurn(
        "Sprint 1", "points", (day(4), day(5)), (3.0, 3.0), (3.0, 0.0), (0.0,), (3.0,)
    )
    given = dataclasses.replace(inputs, agile=section, sprint_burn=burn)
    built = {a: build_status_report(given, audience=a) for a in ("client", "team")}
    team, client = built["team"].agile, built["client"].agile
    assert team is not None and client is not None
    assert team.flow == client.flow == section.flow  # the figures as given, nothing recomputed
    assert team.in_progress == (dataclasses.replace(item, assignee="Alice Example"),)
    assert client.in_progress == (dataclasses.replace(item, assignee="ml-engineer"),)
    assert built["team"].charts.sprint_burn == built["client"].charts.sprint_burn == burn
    for value in leaves(built["client"].agile):
        assert not (isinstance(value, str) and any(name in value for name in NAMES)), value


LEAVE = SOURCE.replace(
    "rate: 120}", "rate: 120, leave: [2027-01-08]}"
)  # Bob away on Friday: B's 4 days span 5


def test_scope_compares_estimates_not_the_spans_leave_gives_them(tmp_path: Path) -> None:
    # B (4 days) pauses over Bob's Friday off: its span is 5 days, its work still 4. A
    # baseline saved from the unchanged file holds the same work as the plan: 9 days
    # (3 + 4 + 2), not 10 against 9 ("shrank by 10%").
    path = tmp_path / "leave.yaml"
    path.write_text(LEAVE, encoding="utf-8")
    save_baseline(path=path, saved=day(1), options=SolveOptions("cpm"))
    report = status_report(path=path, status_date=day(5), iterations=20)
    scope = next(d.status for d in report.dimensions if d.name == "scope")
    assert (scope.colour, scope.value) == ("green", "9.0 working days planned vs 9.0 baselined")
    assert scope.rule.startswith("the work changed by 0% since the baseline: green")


def test_a_baseline_saved_before_estimated_work_counts_its_spans(tmp_path: Path) -> None:
    # Such a baseline holds work as span x units: B's 5 days, 10 in all against 9 now.
    path = tmp_path / "old.yaml"
    path.write_text(LEAVE, encoding="utf-8")
    save_baseline(path=path, saved=day(1), options=SolveOptions("cpm"))
    sidecar = baselines_path(path)
    text = sidecar.read_text(encoding="utf-8")
    old = re.sub(r", estimated_work: [0-9.]+", "", text)
    assert old != text and "estimated_work" not in old
    sidecar.write_text(old, encoding="utf-8")
    report = status_report(path=path, status_date=day(5), iterations=20)
    scope = next(d.status for d in report.dimensions if d.name == "scope")
    assert scope.value == "9.0 working days planned vs 10.0 baselined"


def test_several_baselines_and_none_chosen_say_so_and_one_can_be_chosen(tmp_path: Path) -> None:
    # Two baselines, neither named `baseline`: cost and scope are not measured, and say
    # why, instead of "no baseline"; --baseline chooses one, and a name not saved is the
    # no_baseline error that `steerco evm` gives.
    path = tmp_path / "two.yaml"
    path.write_text(SOURCE, encoding="utf-8")
    for name in ("q1", "q2"):
        save_baseline(path=path, name=name, saved=day(1), options=SolveOptions("cpm"))
    report = status_report(path=path, status_date=day(5), iterations=20)
    status = {d.name: d.status for d in report.dimensions}
    for name in ("cost", "scope"):
        assert (status[name].colour, status[name].value) == ("grey", "no baseline chosen")
        assert status[name].rule == (
            "several baselines (q1, q2) and none named 'baseline': choose the one to measure "
            "against with --baseline NAME"
        )
    chosen = status_report(path=path, status_date=day(5), iterations=20, baseline="q2")
    scope = next(d.status for d in chosen.dimensions if d.name == "scope")
    assert scope.value == "9.0 working days planned vs 9.0 baselined"
    with pytest.raises(ProjectError) as raised:
        status_report(path=path, status_date=day(5), iterations=20, baseline="q3")
    assert raised.value.code == Code.no_baseline


def test_a_report_says_when_its_epics_are_counted_at_another_day() -> None:
    # The hybrid example records no progress: its epic is counted at its start, 2027-01-04,
    # whatever day the report is made for; a report on 1 February says so.
    path = Path(__file__).parents[2] / "examples" / "hybrid-model-development.yaml"
    later = report_inputs(path=path, status_date=day(4) + dt.timedelta(days=28), iterations=20)
    assert (
        "the epics that deliver tasks are counted as of 2027-01-04, the file's start: record "
        "progress at 2027-02-01 (steerco update) to forecast them as of the report's date"
    ) in later.notes
    same = report_inputs(path=path, status_date=day(4), iterations=20)
    assert not any("counted as of" in note for note in same.notes)
