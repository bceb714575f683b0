"""Issue 14: iterations within 1..MAX_ITERATIONS, and wide tails cut at the plan's horizon."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from cli_runner import steerco
from steerco.errors import ProjectError
from steerco.forecast.engine import simulate
from steerco.forecast.run import ForecastOptions, forecast, forecast_inputs
from steerco.forecast.throughput import how_many, when_done
from steerco.formats.loader import load_project
from steerco.limits import MAX_ITERATIONS
from steerco.model.ranges import MAX_ITERATIONS as DOCUMENTED
from steerco.schedule.network import compile_project

ROOT = Path(__file__).resolve().parents[2]
# A lognormal of P10 = 1 and P90 = 30 000 days: sigma = ln(30000) / (2 x 1.2816) = 4.022,
# so P(sample > 36 495) = P(Z > (ln 36495 - ln 173.2) / 4.022) = P(Z > 1.330) = 9.2%.
WIDE = """\
name: Wide
start: 2027-01-04
tasks:
  - {id: a, name: A, estimate: {low: 1, likely: 10, high: 30000, distribution: lognormal}}
  - {id: b, name: B, duration: 5, after: [a]}
"""
# The same tail as a risk's delay, on a fixed task of 5 days.
WIDE_RISK = """\
name: Wide risk
start: 2027-01-04
tasks:
  - {id: a, name: A, duration: 5}
risks:
  - id: r
    title: A wait of unknown length
    probability: 1
    impact: {delay: {low: 1, likely: 10, high: 30000, distribution: lognormal}}
    tasks: [a]
"""


def test_the_cli_reads_the_documented_limit() -> None:
    assert MAX_ITERATIONS == DOCUMENTED == 10_000_000


@pytest.mark.parametrize(
    "options",
    [
        {"iterations": 0},
        {"iterations": MAX_ITERATIONS + 1},
        {"iterations": 99_999_999_999},
        {"seed": -1},
        {"precision": float("nan")},
        {"precision": -1.0},
    ],
)
def test_forecast_options_out_of_range_are_bad_value(options: dict[str, float]) -> None:
    with pytest.raises(ProjectError) as caught:
        ForecastOptions(**options)  # type: ignore[arg-type]
    assert caught.value.code == "bad_value"
    assert str(options.popitem()[0]) in str(caught.value)


def test_forecast_options_at_the_limits_are_accepted() -> None:
    assert ForecastOptions(iterations=MAX_ITERATIONS, seed=0, precision=0.0).iterations == (
        MAX_ITERATIONS
    )
    assert ForecastOptions(iterations=1).iterations == 1


def test_throughput_iterations_above_the_limit_are_bad_value() -> None:
    rng = np.random.default_rng(0)
    for call in (
        lambda: when_done([1], 1, MAX_ITERATIONS + 1, rng),
        lambda: how_many([1], 1, MAX_ITERATIONS + 1, rng),
    ):
        with pytest.raises(ProjectError) as caught:
            call()
        assert caught.value.code == "bad_value"
        assert "10,000,000" in str(caught.value)


@pytest.mark.parametrize(
    "args",
    [
        ("forecast", "examples/llm-assistant.yaml"),
        ("risks", "examples/support-assistant.yaml", "--quantify"),
        ("throughput", "examples/history/throughput.csv", "--items", "5"),
    ],
)
@pytest.mark.parametrize(
    ("flag", "value"), [("--iterations", "10000001"), ("--iterations", "0"), ("--seed", "-1")]
)
def test_iterations_and_seed_out_of_range_exit_2(
    args: tuple[str, ...], flag: str, value: str
) -> None:
    result = steerco(*[ROOT / a if a.startswith("examples") else a for a in args], flag, value)
    assert result.exit_code == 2, result.output
    assert flag in result.stderr
    assert "Traceback" not in result.output


def _plan(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "wide.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("text", [WIDE, WIDE_RISK], ids=["task", "risk"])
def test_a_very_wide_lognormal_is_cut_at_the_horizon_and_noted(tmp_path: Path, text: str) -> None:
    project = load_project(_plan(tmp_path, text))
    result = forecast(compile_project(project), project, ForecastOptions(iterations=10_000))
    # horizon 36 500 working days; the other terms add 30 000 (P90) + 5, so the cap is
    # 30 000 + 6 495 and the longest run is 36 495 + 5 = 36 500: P95 sits on it.
    assert result.makespan["p95"] == 36_500.0
    assert result.makespan["p50"] < 200
    (note,) = result.notes
    capped = int(note.split()[0].replace(",", ""))
    assert 700 < capped < 1100  # 9.2% of 10 000 runs
    assert "cut" in note


def test_a_very_wide_lognormal_forecasts_from_the_cli(tmp_path: Path) -> None:
    result = steerco("forecast", _plan(tmp_path, WIDE), "-f", "json")
    assert result.exit_code == 0, result.output
    assert '"p95": "2166-' in result.stdout  # 36 500 working days from 2027-01-04
    assert "were cut to fit it" in result.stdout


def test_caps_that_are_never_reached_change_no_number() -> None:
    project = load_project(ROOT / "examples" / "support-assistant.yaml")
    network = compile_project(project)
    inputs = forecast_inputs(network, project, ForecastOptions())
    assert inputs.duration_cap is not None and np.isfinite(inputs.duration_cap).any()
    capped = simulate(inputs, iterations=3000, seed=7)
    plain = simulate(replace(inputs, duration_cap=None, delay_cap=None), iterations=3000, seed=7)
    assert capped.capped == 0
    assert np.array_equal(capped.makespan, plain.makespan)
    assert np.array_equal(capped.cost, plain.cost)
