"""The Monte Carlo engine against analytic results, a plain reference, and its own contracts.

Tolerances are a few standard errors of the estimate (never a wall-clock time).
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from steerco.forecast.distributions import (
    estimate_distributions,
    inverse_cdf,
    project_distributions,
    sample_uniforms,
)
from steerco.forecast.engine import (
    BLOCK,
    ForecastInput,
    RiskEvents,
    block_size,
    forward_pass,
    simulate,
)
from steerco.forecast.run import ForecastOptions, forecast, forecast_inputs
from steerco.model import Project
from steerco.render.forecast import forecast_object
from steerco.schedule.cpm import critical_path
from steerco.schedule.network import DEPENDENCY_TYPES, compile_project, network_from_arrays
from steerco.schedule.plan import Schedule
from steerco.schedule.planner import plan_network
from steerco.schedule.reference import reference_cpm


def project(tasks: list[dict[str, Any]], **extra: Any) -> Project:
    """A project starting Monday 2027-01-04 (no holidays) with these tasks."""
    return Project.model_validate(
        {"name": "t", "start": "2027-01-04", "calendar": {"country": None}, "tasks": tasks, **extra}
    )


def run(p: Project, **options: Any) -> Any:
    """The forecast of a project with the given ForecastOptions fields.

    `resources=True` measures it against the levelled plan, as `steerco forecast` does.
    """
    network = compile_project(p)
    plan = plan_network(network, project=p) if options.pop("resources", False) else None
    assert plan is None or isinstance(plan, Schedule)
    return forecast(network, p, ForecastOptions(**options), plan=plan)


def tri_mean_var(a: float, c: float, b: float) -> tuple[float, float]:
    """Mean and variance of triangular(low a, mode c, high b)."""
    return (a + b + c) / 3, (a * a + b * b + c * c - a * b - a * c - b * c) / 18


def within(value: float, expected: float, stderr: float, k: float = 5.0) -> bool:
    """Whether `value` is within k standard errors of `expected`."""
    return abs(value - expected) <= k * stderr


N = 20_000


def test_chain_means_and_variances_add_up() -> None:
    points = [(2, 4, 9), (1, 3, 4), (5, 5, 11)]
    tasks: list[dict[str, Any]] = []
    for k, (a, c, b) in enumerate(points):
        task: dict[str, Any] = {
            "id": f"t{k}",
            "estimate": {"low": a, "likely": c, "high": b, "distribution": "triangular"},
        }
        if k:
            task["after"] = [f"t{k - 1}"]
        tasks.append(task)
    result = run(project(tasks), iterations=N, seed=1)
    mean = sum(tri_mean_var(a, c, b)[0] for a, c, b in points)
    var = sum(tri_mean_var(a, c, b)[1] for a, c, b in points)
    assert within(result.makespan["mean"], mean, math.sqrt(var / N))
    # Variance of the sample variance for a near-normal sum: 2 sigma^4 / (n - 1).
    assert within(result.makespan["std"] ** 2, var, math.sqrt(2 * var * var / (N - 1)), 6)
    assert all(c == 1.0 for c in result.criticality.values())


def test_two_parallel_uniform_tasks_expected_maximum() -> None:
    tasks = [
        {"id": t, "estimate": {"low": 2, "likely": 4, "high": 8, "distribution": "uniform"}}
        for t in ("a", "b")
    ]
    result = run(project(tasks), iterations=N, seed=2)
    # max of two U(0,1) has mean 2/3 and variance 1/18; scale by the width 6, shift by 2.
    assert within(result.makespan["mean"], 2 + 6 * 2 / 3, 6 * math.sqrt(1 / 18 / N))
    # Each is the critical one half of the time.
    assert within(result.criticality["a"], 0.5, math.sqrt(0.25 / N))
    assert result.criticality["a"] + result.criticality["b"] == pytest.approx(1.0)


def test_single_risk_gives_the_mixture_mean_and_variance() -> None:
    p, low, high, base = 0.3, 4.0, 10.0, 5.0
    result = run(
        project(
            [{"id": "a", "duration": base}],
            risks=[
                {
                    "id": "r",
                    "title": "late",
                    "probability": p,
                    "impact": {
                        "delay": {
                            "low": low,
                            "likely": low,
                            "high": high,
                            "distribution": "uniform",
                        },
                        "cost": 1000,
                    },
                    "tasks": ["a"],
                }
            ],
        ),
        iterations=N,
        seed=3,
    )
    ed, ed2 = (low + high) / 2, (low * low + low * high + high * high) / 3
    mean, var = base + p * ed, p * ed2 - (p * ed) ** 2
    assert within(result.makespan["mean"], mean, math.sqrt(var / N))
    fourth = p * np.mean((np.linspace(low, high, 100_001) - p * ed) ** 4) + (1 - p) * (p * ed) ** 4
    assert within(result.makespan["std"] ** 2, var, math.sqrt((fourth - var * var) / N))
    outcome = result.risks["r"]
    assert within(outcome.occurrence, p, math.sqrt(p * (1 - p) / N))
    assert within(outcome.mean_delay, ed, (high - low) / math.sqrt(12 * p * N))
    assert result.cost["plan"] == 0
    assert within(result.cost["mean"], 1000 * p, 1000 * math.sqrt(p * (1 - p) / N))


def test_fixed_durations_give_the_deterministic_plan_everywhere() -> None:
    tasks = [
        {"id": "a", "duration": 3},
        {"id": "b", "duration": 4, "after": ["a"]},
        {"id": "c", "duration": 2, "after": ["a SS+1d"]},
        {"id": "m", "milestone": True, "after": ["b", "c"]},
    ]
    result = run(project(tasks), iterations=2500, seed=4)
    assert result.deterministic_makespan == 7
    for key in ("p10", "p50", "p80", "p90", "p95", "mean"):
        assert result.makespan[key] == 7
    assert result.makespan["std"] == 0
    assert result.p_on_time == 1.0
    assert result.fixed_tasks == 3
    assert result.sensitivity["a"] is None
    # 7 working days from Monday 4 January: the last working day is Tuesday the 12th.
    assert result.finish["p80"] == dt.date(2027, 1, 12)
    assert result.milestones["m"].dates["p95"] == dt.date(2027, 1, 12)


def test_band_gives_single_durations_uncertainty() -> None:
    p = project(
        [{"id": "a", "duration": 10}],
        forecast={"band": {"low": "-10%", "high": "+30%", "distribution": "triangular"}},
    )
    result = run(p, iterations=N, seed=5)
    mean, var = tri_mean_var(9, 10, 13)
    assert within(result.makespan["mean"], mean, math.sqrt(var / N))
    assert result.makespan["p10"] >= 9 and result.makespan["p95"] <= 13
    assert result.fixed_tasks == 0


def test_distributions_match_their_definitions() -> None:
    dist = estimate_distributions(
        ["pert", "lognormal", "triangular", "uniform", "fixed"],
        np.array([2.0, 4.0, 1.0, 3.0, 5.0]),
        np.array([3.0, 6.0, 2.0, 4.0, 5.0]),
        np.array([10.0, 12.0, 6.0, 5.0, 5.0]),
    )
    rng = np.random.default_rng(0)
    for direct in (None, rng):
        x = inverse_cdf(dist, sample_uniforms(rng, 5, 200_000, lhs=False), direct)
        # PERT mean (a + 4m + b) / 6 and variance (mu - a)(b - mu) / 7 for lambda = 4.
        pert_mean = (2 + 4 * 3 + 10) / 6
        assert within(
            x[0].mean(), pert_mean, math.sqrt((pert_mean - 2) * (10 - pert_mean) / 7 / 2e5)
        )
        # lognormal: low and high are its P10 and P90.
        assert np.quantile(x[1], 0.1) == pytest.approx(4.0, rel=0.01)
        assert np.quantile(x[1], 0.9) == pytest.approx(12.0, rel=0.01)
        assert x[2].min() >= 1 and x[2].max() <= 6
        assert stats.kstest(x[2], stats.triang(c=0.2, loc=1, scale=5).cdf).pvalue > 1e-4
        assert x[3].min() >= 3 and x[3].max() <= 5
        assert (x[4] == 5).all()


def test_latin_hypercube_puts_one_draw_in_every_stratum() -> None:
    u = sample_uniforms(np.random.default_rng(7), 3, 500, lhs=True)
    for row in u:
        assert sorted(np.floor(row * 500).astype(int).tolist()) == list(range(500))
    tasks = [{"id": "a", "estimate": {"low": 1, "likely": 2, "high": 6, "distribution": "pert"}}]
    plain = run(project(tasks), iterations=4000, seed=1)
    lhs = run(project(tasks), iterations=4000, seed=1, lhs=True)
    assert lhs.makespan["mean"] == pytest.approx((1 + 8 + 6) / 6, abs=0.01)
    assert plain.makespan["mean"] != lhs.makespan["mean"]


def test_the_same_seed_gives_the_same_numbers_and_blocks_are_independent() -> None:
    tasks = [
        {"id": "a", "estimate": "2..4..9"},
        {"id": "b", "estimate": "1..2..3", "after": ["a"]},
        {"id": "c", "estimate": "1..5..6", "after": ["a SS"]},
    ]
    p = project(tasks)
    net = compile_project(p)
    inputs = forecast_inputs(net, p, ForecastOptions())
    block = block_size(net.size)
    assert block == 8 * BLOCK  # a small network takes the longest blocks
    one = simulate(inputs, iterations=2 * block + 10, seed=9)
    two = simulate(inputs, iterations=2 * block + 10, seed=9)
    other = simulate(inputs, iterations=2 * block + 10, seed=10)
    assert np.array_equal(one.makespan, two.makespan)
    assert not np.array_equal(one.makespan, other.makespan)
    # Fewer iterations reproduce the first blocks exactly: streams are per block.
    short = simulate(inputs, iterations=block, seed=9)
    assert np.array_equal(short.makespan, one.makespan[:block])


def test_correlation_groups_recover_the_requested_rank_correlation() -> None:
    tasks = [{"id": f"l{k}", "estimate": "2..5..15"} for k in range(4)]
    p = project(
        tasks,
        forecast={
            "correlations": [
                {"tasks": ["l0", "l1", "l2"], "coefficient": 0.7},
                {"between": ["l2", "l3"], "coefficient": -0.4},
            ]
        },
    )
    net = compile_project(p)
    sim = simulate(forecast_inputs(net, p, ForecastOptions()), iterations=N, seed=11)
    d = sim.sample_durations
    se = (1 - 0.7**2) / math.sqrt(N) * 1.1

    def rho(i: int, j: int) -> float:
        return float(stats.spearmanr(d[i], d[j]).statistic)

    assert within(rho(0, 1), 0.7, se) and within(rho(1, 2), 0.7, se)
    assert within(rho(2, 3), -0.4, (1 - 0.4**2) / math.sqrt(N) * 1.1)
    assert abs(rho(0, 3)) < 0.3  # implied only through l2, weaker than either link
    assert not sim.copula_repaired


def test_contradictory_correlations_are_repaired_and_noted() -> None:
    tasks = [{"id": t, "estimate": "2..5..15"} for t in ("a", "b", "c")]
    p = project(
        tasks,
        forecast={
            "correlations": [
                {"tasks": ["a", "b"], "coefficient": 0.95},
                {"tasks": ["b", "c"], "coefficient": 0.95},
                {"tasks": ["a", "c"], "coefficient": -0.95},
            ]
        },
    )
    result = run(p, iterations=2000)
    assert any("nearest valid correlation" in note for note in result.notes)


def test_risk_on_a_summary_delays_its_entry_tasks_once() -> None:
    tasks = [
        {
            "id": "phase",
            "children": [
                {"id": "a", "duration": 2},
                {"id": "b", "duration": 3, "after": ["a"]},
            ],
        }
    ]
    risk = {
        "id": "r",
        "title": "t",
        "probability": 1.0,
        "impact": {"delay": {"low": 4, "likely": 4, "high": 4}},
        "tasks": ["phase"],
    }
    result = run(project(tasks, risks=[risk]), iterations=1000)
    assert result.makespan["p50"] == 2 + 3 + 4


def test_residual_uses_probability_and_impact_after_the_response() -> None:
    risk = {
        "id": "r",
        "title": "t",
        "probability": 1.0,
        "impact": {"delay": "5..5..5"},
        "tasks": ["a"],
        "residual": {"probability": 0.0},
    }
    p = project([{"id": "a", "duration": 1}], risks=[risk])
    assert run(p, iterations=1000).makespan["mean"] == 6
    assert run(p, iterations=1000, residual=True).makespan["mean"] == 1


def test_milestone_deadline_probability_and_project_on_time() -> None:
    tasks = [
        {"id": "a", "estimate": {"low": 1, "likely": 5, "high": 9, "distribution": "uniform"}},
        # Deadline Friday 8 January: the end of working day 5.
        {"id": "m", "milestone": True, "after": ["a"], "deadline": "2027-01-08"},
    ]
    result = run(project(tasks, deadline="2027-01-08"), iterations=N, seed=12)
    expected = (5 - 1) / 8
    assert within(result.milestones["m"].p_deadline, expected, math.sqrt(0.25 / N))
    assert result.p_on_time == result.milestones["m"].p_deadline


def test_precision_stops_early_once_p80_is_stable() -> None:
    tasks = [{"id": "a", "estimate": "1..2..3"}]
    result = run(project(tasks), iterations=50_000, precision=0.05)
    assert result.iterations < 50_000
    assert result.iterations % block_size(1) == 0
    assert result.makespan["p80_stderr"] <= 0.05


def test_calibration_replaces_the_estimate_by_likely_times_ratio() -> None:
    from steerco.forecast.calibration import HistoryRecord, calibrate

    history = calibrate([HistoryRecord(f"h{k}", "mle1", None, 10.0, 15.0) for k in range(20)])
    p = project(
        [
            {"id": "a", "estimate": "2..4..20", "estimated_by": "mle1"},
            {"id": "b", "duration": 3, "after": ["a"], "estimated_by": "mle1"},
        ],
        resources=[{"id": "mle1"}],
    )
    result = run(p, iterations=1000, calibration=history)
    assert result.makespan["p10"] == pytest.approx(4 * 1.5 + 3 * 1.5)
    assert result.makespan["p95"] == pytest.approx(4 * 1.5 + 3 * 1.5)
    assert result.fixed_tasks == 0


def test_levelled_iterations_share_a_person() -> None:
    tasks = [
        {"id": "a", "estimate": "1..3..5", "demands": {"p1": 1}},
        {"id": "b", "estimate": "2..2..6", "demands": {"p1": 1}},
        {"id": "c", "estimate": "1..2..3"},
    ]
    p = project(tasks, resources=[{"id": "p1"}])
    net = compile_project(p)
    levelled = run(p, iterations=3000, seed=13, resources=True)
    free = run(p, iterations=3000, seed=13)
    # One person does a and b one after the other: the sum of two PERT durations.
    mean = (1 + 4 * 3 + 5) / 6 + (2 + 4 * 2 + 6) / 6
    assert levelled.deterministic_makespan == 5
    assert critical_path(net).makespan == 3
    assert levelled.makespan["mean"] == pytest.approx(mean, abs=0.05)
    assert free.makespan["mean"] < levelled.makespan["mean"] - 1


def test_levelling_respects_leave() -> None:
    # p1 is on leave Tuesday 5 to Thursday 7 January: a 2-day task with `split: false`
    # does not fit Mon + Fri, so it starts Friday 8 (unit 4) and ends at unit 6.
    p = project(
        [{"id": "a", "duration": 2, "split": False, "demands": {"p1": 1}}],
        resources=[{"id": "p1", "leave": ["2027-01-05..2027-01-07"]}],
    )
    result = run(p, iterations=500, resources=True)
    assert result.makespan["p50"] == 6


@st.composite
def networks(draw: st.DrawFn) -> tuple[Any, list[tuple[int, int, str, float]]]:
    """A random DAG with every link type and lags, as plain links."""
    n = draw(st.integers(1, 25))
    links = []
    for j in range(1, n):
        for i in draw(st.sets(st.integers(0, j - 1), max_size=3)):
            kind = draw(st.sampled_from(DEPENDENCY_TYPES))
            links.append((i, j, kind, float(draw(st.integers(-3, 4)))))
    return n, links


@settings(max_examples=40, deadline=None)
@given(networks(), st.integers(0, 2**31))
def test_forward_pass_matches_the_plain_reference(
    drawn: tuple[int, list[tuple[int, int, str, float]]], seed: int
) -> None:
    n, links = drawn
    net = network_from_arrays(
        [f"t{i}" for i in range(n)],
        np.ones(n),
        np.array([s for s, _, _, _ in links], dtype=np.int64),
        np.array([d for _, d, _, _ in links], dtype=np.int64),
        np.array([DEPENDENCY_TYPES.index(k) for _, _, k, _ in links], dtype=np.int8),
        np.array([lag for _, _, _, lag in links]),
    )
    rng = np.random.default_rng(seed)
    d = rng.uniform(0, 10, size=(n, 8))
    d[rng.random(n) < 0.2] = 0.0
    finish = np.empty(d.shape[1])
    es_pos = forward_pass(net.plan, d[net.plan.order], np.zeros(n), finish=finish)
    es = es_pos[net.plan.position]
    # The finish it tracks on the way is exactly the largest early finish of the column.
    assert np.array_equal(finish, (es + d).max(axis=0))
    for k in range(d.shape[1]):
        ref = reference_cpm(
            net.ids,
            {f"t{i}": float(d[i, k]) for i in range(n)},
            [(f"t{s}", f"t{t}", kind, lag) for s, t, kind, lag in links],
        )
        assert es[:, k] == pytest.approx(ref.column("es"), abs=1e-9)


def test_inputs_from_a_bare_network_are_fixed() -> None:
    net = network_from_arrays(["a", "b"], np.array([2.0, 3.0]), np.array([0]), np.array([1]))
    inputs = forecast_inputs(net, None, ForecastOptions())
    assert isinstance(inputs, ForecastInput)
    assert isinstance(inputs.risks, RiskEvents)
    result = forecast(net, None, ForecastOptions(iterations=1000))
    assert result.finish["p50"] == 5.0 and result.deterministic_finish == 5.0


def test_project_distributions_read_units_and_bands() -> None:
    p = project(
        [{"id": "a", "estimate": "1w..2w..5w"}, {"id": "b", "duration": "16h"}],
        forecast={"band": {"low": "-50%", "high": "+100%", "distribution": "uniform"}},
    )
    dist = project_distributions(p)
    assert dist.low.tolist() == [5, 1] and dist.likely.tolist() == [10, 2]
    assert dist.high.tolist() == [25, 4]


def test_block_size_depends_on_the_network_only() -> None:
    assert block_size(10) == block_size(1000) == 8 * BLOCK
    assert block_size(2000) == 4 * BLOCK
    assert block_size(10_000) == block_size(1_000_000) == BLOCK


def test_one_iteration_reports_no_spread() -> None:
    # a: 2..4..6 days, b fixed 3 days after a: one draw, no standard deviation or error.
    tasks = [
        {"id": "a", "estimate": "2d..4d..6d"},
        {"id": "b", "duration": 3, "after": ["a"]},
    ]
    result = run(project(tasks), iterations=1, seed=1)
    assert result.iterations == 1
    assert result.makespan["std"] is None and result.makespan["p80_stderr"] is None
    assert result.makespan["p10"] == result.makespan["p95"] == result.makespan["mean"]
    plain = forecast_object(result)
    assert plain["makespan"]["std"] is None and plain["makespan"]["p80_stderr"] is None


def test_two_iterations_report_their_sample_spread() -> None:
    tasks = [{"id": "a", "estimate": "2d..4d..6d"}]
    result = run(project(tasks), iterations=2, seed=1)
    # Two draws x1 <= x2: P10 = x1 + 0.1 (x2 - x1), P95 = x1 + 0.95 (x2 - x1) (linear), and
    # the sample standard deviation of two values is (x2 - x1) / sqrt(2).
    p10, p95 = result.makespan["p10"], result.makespan["p95"]
    gap = (p95 - p10) / 0.85
    assert result.makespan["std"] == pytest.approx(gap / math.sqrt(2))
    # Order statistics one binomial deviation (0.57) either side of rank 1.6: both rank 1.
    assert result.makespan["p80_stderr"] == 0.0
