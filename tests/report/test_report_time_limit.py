"""A report dates by the plan `steerco schedule --time-limit T` makes: the limit reaches it."""

from __future__ import annotations

from pathlib import Path

import pytest

from steerco.app.report import report_inputs
from steerco.schedule import planner
from steerco.schedule.options import SolveOptions

SOURCE = """\
name: Two tasks, one person
start: 2027-01-04
resources:
  - {id: ana, name: Ana}
tasks:
  - {id: a, name: A, duration: 3, demands: {ana: 1}}
  - {id: b, name: B, duration: 2, demands: {ana: 1}}
"""


@pytest.fixture
def asked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, list[SolveOptions]]:
    """The project file, and the options every plan of the report was asked for with."""
    path = tmp_path / "two.yaml"
    path.write_text(SOURCE, encoding="utf-8")
    calls: list[SolveOptions] = []
    real = planner.plan_network

    def recording(network, *, project=None, options=None, **rest):  # type: ignore[no-untyped-def]
        calls.append(options)
        return real(network, project=project, options=options, **rest)

    monkeypatch.setattr(planner, "plan_network", recording)
    return path, calls


def test_the_time_limit_reaches_the_levelled_plan(asked: tuple[Path, list[SolveOptions]]) -> None:
    path, calls = asked
    inputs = report_inputs(path=path, iterations=20, seed=1, time_limit=2.5)
    assert [o.time_limit for o in calls] == [2.5]
    assert [o.method for o in calls] == ["auto"]
    # Levelled: the two tasks share Ana, one after the other.
    assert inputs.plan.plan_name.startswith("levelled")
    assert max(r.ef for r in inputs.plan.tasks()) == 5


def test_by_default_the_limit_is_schedules(asked: tuple[Path, list[SolveOptions]]) -> None:
    path, calls = asked
    report_inputs(path=path, iterations=20, seed=1)
    assert [o.time_limit for o in calls] == [SolveOptions().time_limit] == [10.0]
