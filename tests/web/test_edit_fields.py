"""How the forms show stored values and read typed text back (`web.pages.edit_fields`)."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from ruamel.yaml import YAML

from steerco.web.pages.edit_fields import COLLECTIONS, FieldSpec, flow, parsed, shown

TEXT = FieldSpec("name", "Name")
NUMBER = FieldSpec("capacity", "Capacity", "number")
AMOUNT = FieldSpec("duration", "Duration", "amount")
IDS = FieldSpec("tasks", "Tasks", "ids")
DATE = FieldSpec("deadline", "Deadline", "date")
BOOL = FieldSpec("milestone", "Milestone", "bool")
ESTIMATE = FieldSpec("estimate", "Estimate", "estimate")
DEMANDS = FieldSpec("demands", "Demands", "demands")
IMPACT = FieldSpec("impact", "Impact", "yaml", hint="{delay: 5d}")
STATUS = FieldSpec("status", "Status", "choice", ("open", "closed"))

ids = st.from_regex(r"[a-z][a-z0-9_-]{0,8}", fullmatch=True)
scalars = st.one_of(
    st.integers(-(10**6), 10**6),
    st.floats(-1e6, 1e6, allow_nan=False).filter(lambda x: not float(x).is_integer()),
    st.booleans(),
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12),
)
documents = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(ids, inner, max_size=3),
    max_leaves=8,
)


def _read(text: str) -> Any:
    return YAML(typ="safe", pure=True).load(text)


@given(documents)
def test_flow_text_reads_back_as_the_same_data(value: Any) -> None:
    assert _read(flow(value)) == value


@given(st.lists(ids, min_size=1, max_size=5))
def test_a_list_of_ids_round_trips(value: list[str]) -> None:
    assert parsed(IDS, shown(IDS, value)) == (value, None)


@given(st.dictionaries(ids, st.sampled_from([0.5, 1, 2, 0.25]), min_size=1, max_size=4))
def test_resource_demands_round_trip_as_a_mapping(units: dict[str, float]) -> None:
    stored = [{"resource": r, "role": None, "skill": None, "min_level": 0, "units": u}
              for r, u in units.items()]  # fmt: skip
    text = shown(DEMANDS, stored)
    assert parsed(DEMANDS, text) == (units, None)


def test_demands_show_units_only_where_they_are_not_one() -> None:
    stored = [
        {"resource": "ana", "role": None, "skill": None, "min_level": 0, "units": 1.0},
        {"resource": "bo", "role": None, "skill": None, "min_level": 0, "units": 0.5},
    ]
    assert shown(DEMANDS, stored) == "ana, bo:0.5"
    by_role = [{"resource": None, "role": "ml", "skill": None, "min_level": 0, "units": 1.0}]
    assert shown(DEMANDS, by_role) == "[{role: ml, min_level: 0, units: 1}]"
    assert parsed(DEMANDS, "[{role: ml}]") == ([{"role": "ml"}], None)


def test_an_estimate_shows_as_its_three_points() -> None:
    stored = {"low": "3d", "likely": "5d", "high": "10d", "distribution": "pert"}
    assert shown(ESTIMATE, stored) == "3d..5d..10d"
    assert parsed(ESTIMATE, "3d..5d..10d") == ("3d..5d..10d", None)
    lognormal = {**stored, "distribution": "lognormal"}
    assert parsed(ESTIMATE, shown(ESTIMATE, lognormal)) == (lognormal, None)


def test_an_impact_drops_its_empty_parts() -> None:
    stored = {
        "delay": {"low": "5d", "likely": "10d", "high": "20d", "distribution": "pert"},
        "cost": 0.0,
        "scope": None,
        "compliance": None,
    }
    assert shown(IMPACT, stored) == "{delay: 5d..10d..20d, cost: 0}"
    assert parsed(IMPACT, "{delay: 1d..2d..3d, due: 2027-01-04}") == (
        {"delay": "1d..2d..3d", "due": "2027-01-04"},
        None,
    )


def test_numbers_amounts_dates_and_booleans() -> None:
    assert parsed(NUMBER, "0.5") == (0.5, None)
    assert parsed(NUMBER, "2") == (2, None)
    assert parsed(AMOUNT, "5d") == ("5d", None)
    assert parsed(AMOUNT, "3") == (3, None)
    assert parsed(DATE, "2027-03-01") == ("2027-03-01", None)
    assert parsed(BOOL, "true") == (True, None)
    assert shown(BOOL, False) == "" and shown(BOOL, True) == "true"
    assert shown(NUMBER, 1.0) == "1" and shown(NUMBER, 0.25) == "0.25"


def test_empty_text_removes_the_field_unless_it_is_required() -> None:
    assert parsed(TEXT, "  ") == (None, None)
    _, error = parsed(FieldSpec("title", "Title", required=True), "")
    assert error is not None and (error.code, error.field) == ("required", "title")


def test_unreadable_text_is_a_located_field_error() -> None:
    cases = [
        (NUMBER, "lots", "bad_number"),
        (NUMBER, "nan", "bad_number"),
        (DATE, "01/03/2027", "bad_date"),
        (STATUS, "maybe", "bad_choice"),
        (IMPACT, "{delay: [", "bad_yaml"),
        (DEMANDS, "ana:lots", "bad_demand"),
    ]
    for spec, text, code in cases:
        value, error = parsed(spec, text)
        assert value is None and error is not None, text
        assert (error.code, error.field) == (code, spec.name)


def test_every_field_name_is_unique_within_its_form() -> None:
    for collection, specs in COLLECTIONS.items():
        names = [spec.name for spec in specs]
        assert len(names) == len(set(names)), collection


def test_a_checkbox_reads_yes_or_no_and_refuses_anything_else() -> None:
    # A checked box sends its value (`on` by default); `maybe` was read as checked.
    for yes in ("on", "true", "1", "Yes"):
        assert parsed(BOOL, yes) == (True, None)
    for no in ("off", "false", "0", "no"):
        assert parsed(BOOL, no) == (False, None)
    value, problem = parsed(BOOL, "maybe")
    assert value is None and problem is not None
    assert problem.code == "bad_value"
    assert problem.message == "Milestone: 'maybe' is neither yes nor no"
