"""`Model` refuses a boolean where a number is expected: lax mode would read `true` as 1.

`probability: true` made a risk certain (level 5), `probability: off` impossible, and
`python: true` a level-1 skill, all without a word from `validate`. Each is now a located
`bad_value`, as `duration: true` and `rate: true` already were; fields that are booleans
(`milestone`, an action's `done`) take `true` and `false` as before.
"""

from __future__ import annotations

import textwrap
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError, create_model

from steerco.errors import ProjectError
from steerco.formats.profile_yaml import parse_profile
from steerco.formats.project_yaml import parse_project_yaml
from steerco.library.people import load_people_data
from steerco.model.base import Model

# Each line is written so that the boolean sits at a column counted by hand below.
PROJECT = """\
name: R
start: 2026-11-30
resources:
  - {{id: a, name: Alice, kind: person, rate: 100, capacity: {CAP}, skills: {{python: {LVL}}}}}
tasks:
  - {{id: t1, name: T1, duration: 10, demands: {{a: 1}}, cost: {COST}}}
  - {{id: m, name: M, milestone: true, after: [t1]}}
risks:
  - {{id: r1, title: X, probability: {P}, impact: {{scope: {SCOPE}, cost: {ICOST}}}, residual: {{probability: {RP}}}}}
progress:
  status_date: 2026-12-01
  manager_eac: {MEAC}
  tasks:
    t1: {{actual_start: 2026-11-30, percent_complete: {PCT}, actual_cost: {AC}}}
"""  # noqa: E501
GOOD = {
    "CAP": "1",
    "LVL": "3",
    "COST": "0",
    "P": "0.3",
    "SCOPE": "2",
    "ICOST": "0",
    "RP": "0.1",
    "MEAC": "100",
    "PCT": "10",
    "AC": "50",
}
# (placeholder, the model path of the value, its line and column in PROJECT when `true`)
WHERE = [
    ("CAP", ("resources", 0, "capacity"), 4, 61),
    ("LVL", ("resources", 0, "skills", "python"), 4, 81),
    ("COST", ("tasks", 0, "cost"), 6, 61),
    ("P", ("risks", 0, "probability"), 9, 37),
    ("SCOPE", ("risks", 0, "impact", "scope"), 9, 58),
    ("ICOST", ("risks", 0, "impact", "cost"), 9, 67),
    ("RP", ("risks", 0, "residual", "probability"), 9, 95),
    ("MEAC", ("progress", "manager_eac"), 12, 16),
    ("PCT", ("progress", "tasks", "t1", "percent_complete"), 14, 54),
    ("AC", ("progress", "tasks", "t1", "actual_cost"), 14, 71),
]
WHOLE = {"LVL", "SCOPE"}  # a skill level and a scope impact (1..5) are whole numbers


def _project(**changes: str) -> str:
    return PROJECT.format(**(GOOD | changes))


def test_the_file_with_numbers_is_valid() -> None:
    project = parse_project_yaml(_project(), "plan.yaml")
    assert project.risks[0].probability == 0.3
    assert project.tasks[1].milestone is True


@pytest.mark.parametrize("written", ["true", "false", "off", "yes"])
@pytest.mark.parametrize(("key", "path", "line", "column"), WHERE, ids=[w[0] for w in WHERE])
def test_a_boolean_in_a_number_field_is_a_located_bad_value(
    key: str, path: tuple[Any, ...], line: int, column: int, written: str
) -> None:
    with pytest.raises(ProjectError) as caught:
        parse_project_yaml(_project(**{key: written}), "plan.yaml")
    [d] = caught.value.diagnostics
    number = "a whole number" if key in WHOLE else "a number"
    assert (d.code, d.path, d.line) == ("bad_value", path, line)
    assert d.message == f"expected {number}, got a boolean"
    if written == "true":  # the other spellings are longer: the same line, another column
        assert d.column == column


def test_a_boolean_field_still_takes_true_and_false() -> None:
    text = """\
    name: R
    start: 2027-01-04
    tasks:
      - {id: m, name: M, milestone: false, duration: 2}
    risks:
      - {id: r1, title: X, probability: 0.5, actions: [{action: Ask, done: true}]}
    """
    project = parse_project_yaml(textwrap.dedent(text), "plan.yaml")
    assert project.tasks[0].milestone is False
    assert project.risks[0].actions[0].done is True


def test_a_profile_refuses_a_boolean_for_months_and_for_a_skill_level() -> None:
    data = load_people_data()
    text = "name: X\nleading_months: true\nskills: {python: off}\n"
    with pytest.raises(ProjectError) as caught:
        parse_profile(text, "me.yaml", data)
    found = [(d.code, d.path, d.line, d.column, d.message) for d in caught.value.diagnostics]
    assert found == [
        ("bad_value", ("skills", "python"), 3, 18, "expected a whole number, got a boolean"),
        ("bad_value", ("leading_months",), 2, 17, "expected a whole number, got a boolean"),
    ]


# --- the rule for any model: every number, however nested, and nothing else ------------------

Nested = create_model(
    "Nested",
    __base__=Model,
    share=(float, 0.0),
    count=(int | None, None),
)
Sample = create_model(
    "Sample",
    __base__=Model,
    amount=(float, 0.0),
    maybe=(int | None, None),
    levels=(dict[str, int], {}),
    values=(tuple[float, ...], ()),
    nested=(Nested | None, None),
    flag=(bool, False),
)

_number = st.one_of(st.integers(-1000, 1000), st.floats(-1e6, 1e6, allow_nan=False))
_slot = st.one_of(_number, st.booleans())


@st.composite
def _documents(draw: st.DrawFn) -> tuple[dict[str, Any], set[tuple[Any, ...]]]:
    """A document for Sample and the paths of the booleans it holds where numbers go."""
    document: dict[str, Any] = {"flag": draw(st.booleans())}
    levels = draw(
        st.dictionaries(st.sampled_from("abc"), st.one_of(st.integers(0, 5), st.booleans()))
    )
    document["levels"] = levels
    values = draw(st.lists(_slot, max_size=3))
    document["values"] = values
    for key in ("amount", "maybe"):
        if draw(st.booleans()):
            document[key] = draw(st.one_of(st.integers(-9, 9), st.booleans()))
    if draw(st.booleans()):
        document["nested"] = {
            "share": draw(_slot),
            "count": draw(st.one_of(st.none(), st.integers(), st.booleans())),
        }
    booleans = {(key,) for key in ("amount", "maybe") if isinstance(document.get(key), bool)}
    booleans |= {("levels", k) for k, v in levels.items() if isinstance(v, bool)}
    booleans |= {("values", i) for i, v in enumerate(values) if isinstance(v, bool)}
    for key, value in document.get("nested", {}).items():
        if isinstance(value, bool):
            booleans.add(("nested", key))
    return document, booleans


@given(_documents())
def test_a_boolean_is_refused_exactly_where_a_number_goes(
    drawn: tuple[dict[str, Any], set[tuple[Any, ...]]],
) -> None:
    document, booleans = drawn
    if not booleans:
        sample = Sample.model_validate(document)
        assert sample.flag is document["flag"]  # a boolean field keeps its boolean
        assert dict(sample.levels) == document["levels"]
        return
    with pytest.raises(ValidationError) as caught:
        Sample.model_validate(document)
    errors = caught.value.errors()
    assert {error["loc"] for error in errors} == booleans
    assert {error["type"] for error in errors} == {"bad_value"}
