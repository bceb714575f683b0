"""The horizon is bounded before any array is sized by it (issue 14)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from steerco import ProjectError
from steerco.model import Calendar
from steerco.schedule.calendar import work_calendar
from steerco.schedule.network import network_from_arrays


def test_a_network_longer_than_a_million_units_is_refused() -> None:
    # 600 000 + 300 000 + a lag of 200 000 = 1 100 000 > 1 000 000.
    with pytest.raises(ProjectError) as caught:
        network_from_arrays(
            ["a", "b"], np.array([600_000.0, 300_000.0]), np.array([0]), np.array([1]),
            np.zeros(1, dtype=np.int8), np.array([200_000.0]),
        )  # fmt: skip
    [diagnostic] = caught.value.diagnostics
    assert diagnostic.code == "horizon_too_long"
    assert "1100000" in diagnostic.message


def test_a_network_of_exactly_a_million_units_with_a_lead_is_built() -> None:
    # A lead (negative lag) does not lengthen the plan: 600 000 + 400 000 = 1 000 000.
    network = network_from_arrays(
        ["a", "b"], np.array([600_000.0, 400_000.0]), np.array([0]), np.array([1]),
        np.zeros(1, dtype=np.int8), np.array([-5.0]),
    )  # fmt: skip
    assert network.size == 2


def test_a_network_with_an_infinite_duration_is_refused() -> None:
    with pytest.raises(ProjectError) as caught:
        network_from_arrays(["a"], np.array([np.inf]), np.zeros(0), np.zeros(0))
    assert caught.value.diagnostics[0].code == "horizon_too_long"


def test_a_calendar_never_reaches_past_its_end_date() -> None:
    # One working day a week for 2 000 000 working days is 38 000 years: refused, no overflow.
    with pytest.raises(ProjectError) as caught:
        work_calendar(Calendar(workdays=("mon",)), dt.date(2027, 3, 1), min_days=2_000_000)
    assert caught.value.diagnostics[0].code == "horizon_too_long"


def test_a_calendar_from_the_last_date_is_still_built() -> None:
    # 2199-12-31 is a Tuesday: with Mon-Fri it is unit 0.
    calendar = work_calendar(Calendar(), dt.date(2199, 12, 31), min_days=10)
    assert calendar.days[0] == np.datetime64("2199-12-31")
    assert len(calendar.days) >= 10
