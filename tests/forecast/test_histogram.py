"""The forecast's histogram of finish dates and its milestones' P90, for the status report."""

from __future__ import annotations

import datetime as dt

import numpy as np

from steerco.forecast.result import finish_histogram
from steerco.forecast.run import ForecastOptions, forecast
from steerco.model import Project
from steerco.schedule.network import compile_project

PROJECT = Project.model_validate(
    {
        "name": "H",
        "start": "2027-01-04",
        "tasks": [
            {"id": "a", "estimate": {"low": 2, "likely": 4, "high": 9}},
            {"id": "m", "milestone": True, "after": ["a"]},
            {"id": "b", "estimate": {"low": 1, "likely": 2, "high": 6}, "after": ["m"]},
        ],
    }
)


def test_the_histogram_counts_every_iteration_by_finish_date() -> None:
    network = compile_project(PROJECT)
    result = forecast(network, PROJECT, ForecastOptions(iterations=500, seed=1))
    dates = [d for d, _ in result.histogram]
    assert dates == sorted(set(dates)) and all(isinstance(d, dt.date) for d in dates)
    assert sum(n for _, n in result.histogram) == 500
    p80 = result.finish["p80"]
    assert isinstance(p80, dt.date)
    by_p80 = sum(n for d, n in result.histogram if isinstance(d, dt.date) and d <= p80)
    assert by_p80 >= 400  # at least 80% finish by the P80 date
    milestone = result.milestones["m"]
    p80_m, p90_m = milestone.dates["p80"], milestone.p90
    assert p80_m is not None and p90_m is not None and p80_m <= p90_m


def test_a_histogram_without_calendar_counts_whole_time_points() -> None:
    network = compile_project(PROJECT.model_copy(update={"start": None, "unit": "period"}))
    # time points 3.2, 3.9 and 4.0 all end in period 4; 0 stays 0
    counts = finish_histogram(network, np.array([3.2, 3.9, 4.0, 0.0, 6.5]))
    assert counts == ((0.0, 1), (4.0, 3), (7.0, 1))
