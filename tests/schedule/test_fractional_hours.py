"""Fractions of an hour in an hour-unit project: booked as whole hours, forecast as written."""

from __future__ import annotations

import pytest

from steerco.errors import ProjectError
from steerco.forecast.distributions import project_distributions
from steerco.formats.project_yaml import parse_project_yaml
from steerco.schedule.network import compile_project

TICKETS = """\
name: Tickets
start: 2027-03-01
unit: hour
tasks:
  - {id: a, duration: 0.7h}
  - {id: b, estimate: 0.25h..0.5h..2h, after: [a]}
  - {id: c, duration: 0.1d, after: [b]}
"""


def test_fractional_hours_are_booked_whole_and_forecast_as_written() -> None:
    project = parse_project_yaml(TICKETS)
    # 0.7h and 0.5h book 1 hour each; 0.1 day of 8 hours is 0.8h, booked 1
    assert compile_project(project).duration.tolist() == [1.0, 1.0, 1.0]
    durations = project_distributions(project)
    assert durations.likely.tolist() == pytest.approx([0.7, 0.5, 0.8])
    assert durations.low[1] == 0.25 and durations.high[1] == 2.0


def test_a_day_project_still_refuses_half_days() -> None:
    with pytest.raises(ProjectError) as caught:
        parse_project_yaml(TICKETS.replace("unit: hour\n", ""))
    messages = [d.message for d in caught.value.diagnostics]
    assert any("0.7h is not a whole working day" in m for m in messages)
