"""The release forecast against hand-computed boards: scope, runs, dates, burnup."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np
import pytest

from steerco.agile.release import (
    ReleaseForecast,
    forecast_release,
    periods_to_finish,
    release_scope,
    sprint_cadence,
)
from steerco.errors import ProjectError
from steerco.forecast.throughput import when_done
from steerco.model.agile import Sprint, Workflow, WorkItem

D = dt.date
FLOW = Workflow()
START = D(2027, 1, 4)  # a Monday; sprints of 14 days


def item(id: str, **fields: object) -> WorkItem:
    return WorkItem.model_validate({"id": id, **fields})


def sprint(n: int) -> Sprint:
    start = START + dt.timedelta(days=14 * (n - 1))
    return Sprint(id=f"S{n}", start=start, end=start + dt.timedelta(days=13))


def done_in(s: Sprint, id: str, points: float | None, day: int = 3) -> WorkItem:
    return item(
        id,
        points=points,
        status="Done",
        sprints=[s.id],
        done=(s.start + dt.timedelta(days=day)).isoformat(),
    )


def steady_board(remaining: list[float | None]) -> tuple[list[WorkItem], list[Sprint]]:
    """Three finished sprints, each completing exactly 10 points, then `remaining` items."""
    sprints = [sprint(n) for n in (1, 2, 3)]
    done = [done_in(s, f"D{s.id}{k}", p) for s in sprints for k, p in enumerate((4, 6))]
    todo = [item(f"T{k}", points=p, rank=k) for k, p in enumerate(remaining)]
    return [*done, *todo], sprints


AFTER = D(2027, 2, 15)  # the day after sprint 3's last day


def release(backlog: list[WorkItem], sprints: list[Sprint], **options: Any) -> ReleaseForecast:
    settings: dict[str, Any] = {
        "workflow": FLOW,
        "as_of": AFTER,
        "basis": "velocity",
        "rng": np.random.default_rng(7),
        "iterations": 2000,
    }
    settings.update(options)
    return forecast_release(backlog=backlog, sprints=sprints, **settings)


@pytest.mark.parametrize(("points", "sprints_needed"), [([5, 5, 5, 5, 5, 5, 5], 4), ([10, 20], 3)])
def test_constant_velocity_needs_ceil_remaining_over_velocity(
    points: list[float | None], sprints_needed: int
) -> None:
    backlog, sprints = steady_board(points)
    f = release(backlog, sprints)
    assert f.history == (10.0, 10.0, 10.0)
    assert f.remaining == sum(p or 0 for p in points)
    assert sprints_needed == math.ceil(f.remaining / 10)
    assert f.percentiles == {50: sprints_needed, 85: sprints_needed, 95: sprints_needed}
    assert f.runs is not None and f.runs.unfinished == 0
    # future sprints continue the 14-day cadence from the day after S3 (2027-02-14)
    last = f.period(sprints_needed)
    assert last is not None and last.sprint is None
    assert last.start == D(2027, 2, 15) + dt.timedelta(days=14 * (sprints_needed - 1))
    assert last.end == last.start + dt.timedelta(days=13)


def test_two_valued_velocity_matches_the_binomial() -> None:
    """Sprints of 5 or 10 points, equally likely, 20 points left.

    After n sprints with K tens (K ~ Binomial(n, 1/2)) the total is 5n + 5K, so a run is
    done within n sprints when n + K >= 4: P(N <= 2) = 1/4, P(N <= 3) = 7/8, P(N <= 4) = 1.
    Hence P50 = 3, P85 = 3 (7/8 >= 0.85), P95 = 4. With 20,000 runs the empirical share
    done within n has a standard error of at most sqrt(0.25 / 20000) = 0.0035; 4 standard
    errors (0.014) is the tolerance, and 7/8 is 7 standard errors above 0.85.
    """
    runs = periods_to_finish([5.0, 10.0], 20.0, 20000, np.random.default_rng(11))

    def by_hand(n: int) -> float:
        return float(sum(math.comb(n, k) for k in range(n + 1) if n + k >= 4) / 2**n)

    assert [by_hand(n) for n in (1, 2, 3, 4)] == [0.0, 0.25, 0.875, 1.0]
    for n in (1, 2, 3, 4):
        assert runs.chance_within(n) == pytest.approx(by_hand(n), abs=0.014)
    assert runs.percentiles((50, 85, 95)) == {50: 3, 85: 3, 95: 4}
    assert runs.mean == pytest.approx(1 * 0 + 2 * 0.25 + 3 * 0.625 + 4 * 0.125, abs=0.02)


def test_vectorised_runs_agree_with_a_plain_loop() -> None:
    """A run in plain Python: draw a past sprint until the total reaches what remains.

    Two samples of 5,000 runs from one distribution differ in their CDFs by more than
    1.95 * sqrt(2 / 5000) = 0.039 with probability below 0.001 (Kolmogorov-Smirnov), so
    0.04 is the tolerance at every n.
    """
    history = [3.0, 0.0, 8.5, 5.0, 2.0]
    remaining = 41.5
    rng = np.random.default_rng(5)
    plain = []
    for _ in range(5000):
        total, n = 0.0, 0
        while total < remaining:
            total += history[int(rng.integers(len(history)))]
            n += 1
        plain.append(n)
    runs = periods_to_finish(history, remaining, 5000, np.random.default_rng(6))
    loop = np.sort(np.array(plain))
    for n in range(1, 40):
        ours = runs.chance_within(n)
        theirs = np.count_nonzero(loop <= n) / loop.size
        assert abs(ours - theirs) <= 0.04, n


def test_periods_on_counts_are_when_done_for_the_same_seed() -> None:
    counts = [1, 0, 3, 2, 4]
    theirs = when_done(counts, 20, 3000, np.random.default_rng(3)).percentiles
    ours = periods_to_finish(counts, 20, 3000, np.random.default_rng(3)).percentiles(tuple(theirs))
    assert ours == theirs


def test_bad_histories_are_refused() -> None:
    rng = np.random.default_rng(0)
    with pytest.raises(ProjectError, match="no periods"):
        periods_to_finish([], 3, 10, rng)
    with pytest.raises(ProjectError, match="negative"):
        periods_to_finish([2, -1], 3, 10, rng)
    with pytest.raises(ProjectError, match="nothing is ever done"):
        periods_to_finish([0.0, 0.0], 3, 10, rng)
    assert periods_to_finish([0.0], 0, 10, rng).percentiles() == {50: 0, 85: 0, 95: 0}


RANKED = [
    item("done-low", status="Done", done="2027-01-05", rank=90),
    item("a", rank=1),
    item("E", type="epic", rank=2),
    item("b", rank=3),
    item("c", rank=4, parent="E"),
    item("c1", type="subtask", parent="c", rank=5),
    item("d", rank=6),
    item("e", rank=7, parent="E"),
    item("f", rank=8),
]


@pytest.mark.parametrize(
    ("cutline", "remaining", "left_out"),
    [
        (None, ["a", "b", "c", "d", "e", "f"], 0),
        ("b", ["a", "b"], 4),
        ("d", ["a", "b", "c", "d"], 2),
        # an epic takes its items: the cut falls after e, its lowest-ranked item
        ("E", ["a", "b", "c", "d", "e"], 1),
        # a sub-task cuts at its own rank; it is no work itself
        ("c1", ["a", "b", "c"], 3),
    ],
)
def test_cut_line_takes_exactly_the_items_ranked_at_or_above_it(
    cutline: str | None, remaining: list[str], left_out: int
) -> None:
    scope = release_scope(RANKED, FLOW, D(2027, 3, 1), cutline)
    assert [i.id for i in scope.remaining] == remaining
    assert scope.left_out == left_out
    assert [i.id for i in scope.done] == ["done-low"]  # done work counts whatever its rank


def test_an_epics_done_items_do_not_move_the_cut() -> None:
    # done items often carry no rank (they sort last): the epic's cut is its open work's
    backlog = [
        item("E", type="epic", rank=1),
        item("old", parent="E", status="Done", done="2027-01-05"),
        item("a", parent="E", rank=2),
        item("b", rank=3),
    ]
    scope = release_scope(backlog, FLOW, D(2027, 3, 1), "E")
    assert ([i.id for i in scope.remaining], scope.left_out) == (["a"], 1)


def test_an_epic_without_a_rank_cuts_after_its_lowest_ranked_open_item() -> None:
    # Unranked, the epic sorts after every ranked item: its own place took the whole
    # backlog (examples/scrum-recommender.yaml's epics have no rank).
    backlog = [
        item("E", type="epic"),
        item("a", parent="E", rank=1),
        item("b", rank=2),
        item("c", parent="E", rank=3),
        item("d", rank=4),
        item("F", type="epic"),
        item("f", parent="F", rank=5, status="Done", done="2027-01-05"),
    ]
    scope = release_scope(backlog, FLOW, D(2027, 3, 1), "E")
    assert ([i.id for i in scope.remaining], scope.left_out) == (["a", "b", "c"], 1)
    # an epic whose work is all done: the cut falls after that work
    done = release_scope(backlog, FLOW, D(2027, 3, 1), "F")
    assert ([i.id for i in done.remaining], done.left_out) == (["a", "b", "c", "d"], 0)


def test_an_item_done_after_the_as_of_date_still_remains() -> None:
    later = item("x", status="Done", done="2027-03-05")
    assert [i.id for i in release_scope([later], FLOW, D(2027, 3, 4)).remaining] == ["x"]
    assert [i.id for i in release_scope([later], FLOW, D(2027, 3, 5)).done] == ["x"]


def test_items_without_points_count_at_the_median_of_the_pointed() -> None:
    # pointed work: 4, 6 (three times each) and 3 -> median of [3,4,4,4,6,6,6] is 4
    backlog, sprints = steady_board([3, None, None])
    f = release(backlog, sprints)
    assert (f.unpointed, f.imputed, f.remaining) == (2, 4.0, 3 + 2 * 4.0)
    assert f.percentiles == {50: 2, 85: 2, 95: 2}


def test_no_finished_sprint_is_a_reason_not_a_crash() -> None:
    backlog, sprints = steady_board([5])
    f = release(backlog, sprints, as_of=D(2027, 1, 10))
    assert f.runs is None and f.percentiles == {}
    assert f.reason is not None and "no finished sprint" in f.reason
    f = release(backlog, [], as_of=AFTER)
    assert f.reason is not None and "no finished sprint" in f.reason


def test_sprints_without_points_give_a_reason() -> None:
    sprints = [sprint(1)]
    backlog = [done_in(sprints[0], "x", None), item("y", points=3)]
    f = release(backlog, sprints)
    assert f.runs is None and f.reason is not None and "no story points" in f.reason


def test_everything_done_needs_no_history_and_no_period() -> None:
    backlog = [item("x", status="Done", done="2027-01-05", points=3)]
    f = release(backlog, [], deadline=D(2027, 1, 1))
    assert f.reason is None and f.remaining == 0
    assert f.percentiles == {50: 0, 85: 0, 95: 0}
    assert f.period(0) is None and f.periods == ()
    assert f.deadline_chance == 1.0


def test_deadline_chance_counts_runs_done_by_a_period_ending_by_then() -> None:
    backlog, sprints = steady_board([35])  # 4 sprints at 10 points: ends 2027-04-11
    assert release(backlog, sprints, deadline=D(2027, 4, 11)).deadline_chance == 1.0
    assert release(backlog, sprints, deadline=D(2027, 4, 10)).deadline_chance == 0.0
    assert release(backlog, sprints).deadline_chance is None


def test_deadline_chance_of_a_two_valued_velocity() -> None:
    """Sprints of 5 and 10 points, 20 left: done within 3 sprints with P = 7/8 (see above).

    The third future sprint ends 2027-03-14 (S2 ends 01-31, then 14-day sprints); the
    tolerance is 4 standard errors of a share of 20,000 runs, as above.
    """
    sprints = [sprint(1), sprint(2)]
    backlog = [
        done_in(sprints[0], "a", 5),
        done_in(sprints[1], "b", 4),
        done_in(sprints[1], "c", 6),
        item("t", points=20),
    ]
    f = release(backlog, sprints, as_of=D(2027, 2, 1), iterations=20000, deadline=D(2027, 3, 14))
    assert f.history == (5.0, 10.0)
    assert f.deadline_chance == pytest.approx(7 / 8, abs=0.014)
    far = release(backlog, sprints, as_of=D(2027, 2, 1), deadline=D(2030, 1, 1))
    assert far.deadline_chance == 1.0
    assert far.periods[-1].end >= D(2027, 3, 28)  # the fourth sprint, where every run is done


def test_weights_and_blocks_reach_the_throughput_forecaster() -> None:
    # all the weight on the 10-point period: every run needs ceil(25 / 10) = 3 periods
    runs = periods_to_finish([1.0, 10.0], 25, 500, np.random.default_rng(2), weights=[0, 1])
    assert runs.percentiles() == {50: 3, 85: 3, 95: 3}
    # blocks of 2 from [1, 10] are "1, 10" or "10" (cut at the history's end): no two 1s
    # follow each other, so 25 points take 6 periods at most (1,10,1,10,1,10). Drawn
    # independently, 6 periods reach 25 only with 3 or more tens, so about 22/64 of the
    # runs need more than 6.
    blocks = periods_to_finish([1.0, 10.0], 25, 500, np.random.default_rng(2), block=2)
    assert int(blocks.needed.min()) == 3 and int(blocks.needed.max()) == 6
    single = periods_to_finish([1.0, 10.0], 25, 500, np.random.default_rng(2))
    assert int(single.needed.max()) > 6


def test_listed_sprints_not_finished_come_first_then_the_cadence() -> None:
    # Monday-to-Friday sprints, a new one every 14 days; as of inside S2
    week = [
        Sprint(
            id=f"S{n}", start=START + dt.timedelta(14 * n), end=START + dt.timedelta(14 * n + 11)
        )
        for n in (0, 1, 2)
    ]
    listed = sprint_cadence(week, D(2027, 1, 20), None, 4)
    assert [(p.sprint, p.start, p.end) for p in listed] == [
        ("S1", D(2027, 1, 18), D(2027, 1, 29)),
        ("S2", D(2027, 2, 1), D(2027, 2, 12)),
        (None, D(2027, 2, 15), D(2027, 2, 26)),  # a Monday to a Friday
        (None, D(2027, 3, 1), D(2027, 3, 12)),
    ]
    # `sprint_days`: sprints of that many days, each the day after the one before
    tens = sprint_cadence(week, D(2027, 1, 20), 10, 4)
    assert [(p.start, p.end) for p in tens[2:]] == [
        (D(2027, 2, 13), D(2027, 2, 22)),
        (D(2027, 2, 23), D(2027, 3, 4)),
    ]
    # one sprint only: the next starts the day after it ends
    alone = sprint_cadence([sprint(1)], D(2027, 1, 18), None, 1)
    assert (alone[0].start, alone[0].end) == (D(2027, 1, 18), D(2027, 1, 31))


def test_the_cadence_after_the_last_sprint_starts_with_the_sprint_under_way() -> None:
    # S1 ran 4-17 January; as of 1 February the cadence's 18-31 January sprint is past:
    # the first future sprint is 1-14 February, under way that day (it once was 18-31
    # January, and a release forecast could end before the day it was made).
    assert [(p.start, p.end) for p in sprint_cadence([sprint(1)], D(2027, 2, 1), None, 2)] == [
        (D(2027, 2, 1), D(2027, 2, 14)),
        (D(2027, 2, 15), D(2027, 2, 28)),
    ]
    # as of 9 and 10 May: 26 April-9 May is under way on the 9th, 10-23 May starts the 10th
    for day, first in ((9, D(2027, 4, 26)), (10, D(2027, 5, 10))):
        [late] = sprint_cadence([sprint(1)], D(2027, 5, day), None, 1)
        assert (late.start, late.end) == (first, first + dt.timedelta(days=13))


def weekly_board() -> list[WorkItem]:
    """Work from Monday 2027-03-01: 2 items done every week for 3 weeks, 5 items left."""
    done = [
        item(
            f"w{w}{k}",
            started="2027-03-01",
            done=(D(2027, 3, 2) + dt.timedelta(days=7 * w + k)).isoformat(),
        )
        for w in range(3)
        for k in range(2)
    ]
    return [*done, *(item(f"t{k}", rank=k) for k in range(5))]


def test_throughput_resamples_whole_weeks_before_the_as_of_date() -> None:
    # as of Thursday 2027-03-25: weeks from 03-01, 03-08, 03-15 are whole; 03-22 is not
    f = release(weekly_board(), [], basis="throughput", as_of=D(2027, 3, 25))
    assert f.unit == "items" and f.history == (2.0, 2.0, 2.0)
    assert f.history_labels[0] == "week of 2027-03-01"
    assert (f.done, f.remaining) == (6.0, 5.0)
    assert f.percentiles == {50: 3, 85: 3, 95: 3}  # ceil(5 / 2)
    third = f.period(3)
    assert third is not None and (third.start, third.end) == (D(2027, 4, 8), D(2027, 4, 14))


def test_no_whole_week_is_a_reason() -> None:
    f = release(weekly_board(), [], basis="throughput", as_of=D(2027, 3, 6))
    assert f.runs is None and f.reason is not None and "no whole week" in f.reason


def test_weeks_with_nothing_done_are_a_reason() -> None:
    backlog = [item("a", started="2027-03-01"), item("b", rank=1)]
    f = release(backlog, [], basis="throughput", as_of=D(2027, 3, 20))
    assert f.history == (0.0, 0.0)  # weeks from 03-01 and 03-08; 03-15 is not whole
    assert f.runs is None and f.reason is not None and "no work item was done" in f.reason


def test_burnup_counts_done_and_the_scope_created_by_each_sprint_end() -> None:
    sprints = [sprint(1), sprint(2)]
    backlog = [
        done_in(sprints[0], "a", 3),
        done_in(sprints[1], "b", 5),
        item("c", points=2, created="2027-01-20"),  # created during S2
        item("d", points=8, created="2027-02-01"),  # created after S2
    ]
    f = release(backlog, sprints, as_of=D(2027, 2, 2))
    assert [(p.label, p.end, p.done, p.scope) for p in f.burnup] == [
        ("S1", D(2027, 1, 17), 3.0, 8.0),
        ("S2", D(2027, 1, 31), 8.0, 10.0),
    ]
    # velocity 3 or 5, 10 points left: projections go from 8 done now to 18 at each Pq's end
    assert {(p.done, p.scope) for p in f.projections} == {(8.0, 18.0)}
    assert all(p.start == D(2027, 2, 2) for p in f.projections)  # the as-of day
    ends = {p.q: p.end for p in f.projections}
    assert ends[50] <= ends[85] <= ends[95]
