"""Numbers in a project file are written in ASCII digits, as the JSON Schema says.

Python's `\\d` and `float` also read other scripts' digits (Arabic-Indic, full-width),
which the schema (ECMA regular expressions) and every other reader of the file refuse:
steerco refuses them too, at the value, instead of planning on a number no editor shows.
"""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from steerco.errors import ProjectError
from steerco.formats.project_yaml import parse_project_yaml
from steerco.model.compute import UtilisationBand
from steerco.model.quantities import parse_rate, parse_work_time

HEAD = "name: P\nstart: 2027-01-04\n"

# (template, code): each template holds one number as {n}, read as ASCII and as others
CASES = [
    ('tasks:\n  - {{id: a, duration: "{n}d"}}\n', "bad_duration"),
    ('tasks:\n  - {{id: a, duration: 2}}\n  - {{id: b, duration: 1, after: ["a FS +{n}d"]}}\n',
     "bad_dependency"),
    ('tasks:\n  - {{id: a, duration: 2, points: "{n} pts"}}\n', "bad_value"),
    ('resources:\n  - {{id: r, rate: "{n}/h"}}\ntasks:\n  - {{id: a, duration: 2}}\n',
     "bad_rate"),
    ('resources:\n  - {{id: r, leave: ["2027-02-0{n}..2027-02-10"]}}\n'
     "tasks:\n  - {{id: a, duration: 2}}\n", "bad_date"),
]  # fmt: skip

# 3 in Arabic-Indic, Extended Arabic-Indic, Devanagari and full-width digits
OTHER_THREES = ["\u0663", "\u06f3", "\u0969", "\uff13"]


@pytest.mark.parametrize(("template", "code"), CASES)
def test_ascii_digits_read(template: str, code: str) -> None:
    parse_project_yaml(HEAD + template.format(n="3"), "p.yaml")


@pytest.mark.parametrize("three", OTHER_THREES)
@pytest.mark.parametrize(("template", "code"), CASES)
def test_other_digits_are_refused_at_the_value(template: str, code: str, three: str) -> None:
    text = HEAD + template.format(n=three)
    with pytest.raises(ProjectError) as raised:
        parse_project_yaml(text, "p.yaml")
    line = next(i for i, written in enumerate(text.splitlines(), 1) if three in written)
    found = raised.value.diagnostics
    assert found
    assert {d.line for d in found} == {line}
    assert {d.code for d in found} == {code}


@pytest.mark.parametrize("three", OTHER_THREES)
def test_quantity_parsers_refuse_other_digits(three: str) -> None:
    assert parse_work_time("3h").value == 3.0
    assert parse_rate("3/h").amount == 3.0
    for parse, written in ((parse_work_time, f"{three}h"), (parse_rate, f"{three}/h")):
        with pytest.raises(ValueError, match="cannot read"):
            parse(written)


@pytest.mark.parametrize(
    "written", ["\u0664\u0660%", "\uff14\uff10%", "0.\u0664", "1.2.3%", "4e-1"]
)
def test_utilisation_reads_plain_ascii_numbers_only(written: str) -> None:
    assert UtilisationBand.model_validate("40%").likely == pytest.approx(0.4)
    assert UtilisationBand.model_validate("0.4").likely == pytest.approx(0.4)
    with pytest.raises(ValidationError) as raised:
        UtilisationBand.model_validate(written)
    assert [e["type"] for e in raised.value.errors()] == ["bad_compute"]
