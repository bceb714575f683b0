"""A levelling request's limits: refused with the option's name before anything runs."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from cli_runner import steerco
from steerco.app.plan import project_plan
from steerco.app.team import PlanOptions, analyse_team
from steerco.errors import ProjectError
from steerco.limits import MAX_TIME_LIMIT, MAX_WORKERS
from steerco.model import Project
from steerco.schedule.network import Network
from steerco.schedule.options import SolveOptions, check_limits
from steerco.schedule.plan import Schedule
from steerco.schedule.planner import Unscheduled

CANONICAL = Path(__file__).parents[1] / "cases" / "valid" / "canonical.yaml"

REFUSED = [
    ({"time_limit": math.inf}, "time_limit"),
    ({"time_limit": math.nan}, "time_limit"),
    ({"time_limit": 0.0}, "time_limit"),
    ({"time_limit": -1.0}, "time_limit"),
    ({"time_limit": MAX_TIME_LIMIT + 1}, "time_limit"),
    ({"workers": 0}, "workers"),
    ({"workers": MAX_WORKERS + 1}, "workers"),
    ({"schedules": 0}, "schedules"),
    ({"seed": -1}, "seed"),
]


@pytest.mark.parametrize(("asked", "name"), REFUSED)
def test_a_request_outside_the_limits_is_refused_at_its_option(
    asked: dict[str, float], name: str
) -> None:
    arguments = {"time_limit": 10.0, **asked}
    with pytest.raises(ProjectError) as refused:
        check_limits(**arguments)  # type: ignore[arg-type]
    [found] = refused.value.diagnostics
    assert found.path == (name,)
    assert found.message.startswith(f"{name} is ")


def test_the_edges_of_the_limits_are_accepted() -> None:
    check_limits(time_limit=MAX_TIME_LIMIT, workers=MAX_WORKERS, schedules=1, seed=0)
    check_limits(time_limit=0.1, workers=1)


def test_project_plan_refuses_before_planning() -> None:
    calls: list[SolveOptions] = []

    def planner(
        network: Network, project: Project | None, options: SolveOptions
    ) -> Schedule | Unscheduled:
        calls.append(options)
        raise AssertionError("planned")

    network = Network.__new__(Network)  # never read: the options are refused first
    for options in (SolveOptions(workers=100_000), SolveOptions(time_limit=math.inf)):
        with pytest.raises(ProjectError, match=r"workers|time_limit"):
            project_plan(network, None, options=options, planner=planner)
    assert calls == []


def test_the_team_view_refuses_before_reading_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.yaml"
    with pytest.raises(ProjectError, match="time_limit is a number of seconds") as refused:
        analyse_team(path=missing, options=PlanOptions(time_limit=math.inf))
    assert refused.value.diagnostics[0].path == ("time_limit",)


@pytest.mark.parametrize(
    ("command", "option", "value"),
    [
        ("schedule", "--time-limit", "inf"),
        ("schedule", "--time-limit", "86401"),
        ("schedule", "--workers", "65"),
        ("report", "--time-limit", "inf"),
        ("team", "--time-limit", "1e400"),
        ("baseline", "--time-limit", "inf"),
    ],
)
def test_the_cli_refuses_the_option_by_name(command: str, option: str, value: str) -> None:
    result = steerco(command, CANONICAL, option, value)
    assert result.exit_code == 2, result.output
    assert f"Invalid value for '{option}'" in result.output


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (("schedule", CANONICAL, "--time-limit", "nan"), "'nan' is not a finite number"),
        (("team", CANONICAL, "--time-limit", "-inf"), "'-inf' is not a finite number"),
        (("report", CANONICAL, "--time-limit", "0.05"), "at least 0.1 and at most 86400"),
        (("baseline", CANONICAL, "--contingency", "NaN"), "'NaN' is not a finite number"),
        (("baseline", CANONICAL, "--management-reserve", "2e12"), "at most 1e+12"),
        (("forecast", CANONICAL, "--precision", "nan"), "'nan' is not a finite number"),
        (("forecast", CANONICAL, "--precision", "-1"), "-1 is out of range: at least 0"),
        (("schedule", CANONICAL, "--time-limit", "ten"), "'ten' is not a number"),
        (("schedule", CANONICAL, "--time-limit", "1e400"), "1e400 is out of range"),
        (("forecast", CANONICAL, "--precision", "1e400"), "at least 0 and finite"),
    ],
)
def test_a_number_option_says_what_is_wrong_with_the_value(
    args: tuple[object, ...], reason: str
) -> None:
    result = steerco(*args)
    assert result.exit_code == 2, result.output
    assert f"Invalid value for '{args[2]}': " in result.output
    assert reason in result.output
    assert "Input should be" not in result.output


# Each names a database that fails at once, so that a lost bound fails the test rather
# than starting 65 server processes or threads.
@pytest.mark.parametrize(
    ("args", "option"),
    [
        (("serve", "--db", "mysql+nothing://db/x", "--workers", "65"), "--workers"),
        (("worker", "--db", "mysql+nothing://db/x", "--concurrency", "65"), "--concurrency"),
    ],
)
def test_server_processes_and_job_threads_are_bounded(args: tuple[str, ...], option: str) -> None:
    result = steerco(*args)
    assert result.exit_code == 2, result.output
    assert f"Invalid value for '{option}'" in result.output
