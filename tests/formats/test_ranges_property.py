"""Any number in a numeric field gives a valid project or located errors, nothing else.

Huge, negative, fractional, infinite and NaN values go into durations, lags, capacities,
rates, demand units, costs, probabilities and risk delays; loading either builds a project
that compiles and schedules, or raises a ProjectError whose every diagnostic has a code
and a line and column in the file (issue 14: no traceback, ever, on user input).
"""

from __future__ import annotations

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from steerco import ProjectError
from steerco.codes import Code
from steerco.formats.project_yaml import parse_project_yaml
from steerco.schedule import compile_project, critical_path

FIELDS = ("d1", "d2", "lag", "capacity", "rate", "units", "cost", "probability", "high")

numbers = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30),
    st.integers(min_value=-5, max_value=40_000),
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=-2.0, max_value=2.0),
    st.sampled_from([0, 1, 30, 36_500, 36_501, 99_999_999_999, 1e400, -1e400]),
)


def _yaml(value: float) -> str:
    """`value` as YAML writes it: `.inf`, `-.inf`, `.nan`, or the number itself."""
    if isinstance(value, float) and math.isnan(value):
        return ".nan"
    if isinstance(value, float) and math.isinf(value):
        return ".inf" if value > 0 else "-.inf"
    return repr(value)


TEMPLATE = """\
name: p
start: 2027-03-01
resources:
  - {{id: r, capacity: {capacity}, rate: {rate}}}
tasks:
  - {{id: a, duration: {d1}, cost: {cost}}}
  - {{id: b, duration: {d2}, after: [{{task: a, lag: {lag}}}], demands: {{r: {units}}}}}
risks:
  - id: k
    title: K
    probability: {probability}
    tasks: [a]
    impact: {{delay: {{low: 0, likely: 0, high: {high}}}}}
"""


SANE = {field: 1 for field in FIELDS} | {"probability": 0.5, "high": 3, "rate": 800}


def _check(values: dict[str, float]) -> bool:
    """Load the template with these values: True if it scheduled, False if it was refused."""
    text = TEMPLATE.format(**{field: _yaml(value) for field, value in values.items()})
    try:
        project = parse_project_yaml(text, "plan.yaml")
    except ProjectError as error:
        assert error.diagnostics
        for d in error.diagnostics:
            assert isinstance(d.code, Code)
            assert d.file == "plan.yaml"
            assert d.line is not None and d.column is not None, d.format()
            assert (d.line, d.column) != (1, 1), d.format()
        return False
    result = critical_path(compile_project(project))
    assert math.isfinite(float(result.makespan))
    return True


def test_the_sane_template_schedules() -> None:
    assert _check(SANE)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.fixed_dictionaries({field: numbers for field in FIELDS}))
def test_numbers_everywhere_give_a_project_or_located_errors(values: dict[str, float]) -> None:
    _check(values)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(FIELDS), numbers)
def test_one_hostile_number_gives_a_project_or_located_errors(field: str, value: float) -> None:
    _check(SANE | {field: value})
