"""`steerco backtest estimates --level`: the total's level from the history's replayed windows."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from steerco.app.backtest import backtest_estimates
from steerco.errors import ProjectError
from steerco.forecast.backtest import estimate_cuts
from steerco.formats.history import load_history

ROOT = Path(__file__).parents[2]
ESTIMATES = ROOT / "examples" / "history" / "estimates.csv"


@pytest.mark.parametrize(("level", "moved"), [("past", True), ("fixed", False)])
def test_the_use_case_draws_as_the_core_does(level: str, moved: bool) -> None:
    report = backtest_estimates(path=ESTIMATES, iterations=300, seed=2, level=level)
    records = load_history(ESTIMATES)
    core = estimate_cuts(
        {"all": records},
        (0.5, 0.7, 0.9),
        model="loglinear",
        iterations=300,
        rng=np.random.default_rng(2),
        level=moved,
    )
    assert report.level == level
    assert [c.percentiles for c in report.cuts] == [c.percentiles for c in core]


def test_the_default_scores_the_forecast_as_made_and_past_widens_it() -> None:
    """`past` is what `steerco forecast --history` draws by default, wider than `fixed`."""
    default = backtest_estimates(path=ESTIMATES, iterations=300, seed=2)
    fixed = backtest_estimates(path=ESTIMATES, iterations=300, seed=2, level="fixed")
    assert default.level == "past"
    widths = [
        (p.percentiles[90] - p.percentiles[10], d.percentiles[90] - d.percentiles[10])
        for p, d in zip(default.cuts, fixed.cuts, strict=True)
    ]
    assert all(moved > plain for moved, plain in widths)


def test_a_bad_level_is_the_options_error() -> None:
    with pytest.raises(ProjectError) as raised:
        backtest_estimates(path=ESTIMATES, level="wobbly")
    (diagnostic,) = raised.value.diagnostics
    assert diagnostic.path == ("level",)
