"""Bad risk data in a project file gets located errors with stable codes."""

from __future__ import annotations

import pytest

from steerco.errors import ProjectError
from steerco.formats.project_yaml import parse_project_yaml

HEAD = """\
name: Risky
start: 2027-01-04
resources:
  - {id: pm, name: Project manager}
tasks:
  - {id: collect, name: Collect, duration: 5}
risks:
"""


def _errors(risk_lines: str) -> list[tuple[str, int | None, int | None]]:
    with pytest.raises(ProjectError) as caught:
        parse_project_yaml(HEAD + risk_lines, "risky.yaml")
    return [(d.code, d.line, d.column) for d in caught.value.diagnostics]


def _at(line: str, value: str) -> int:
    """The 1-based column of `value` in `line` (where the error must point)."""
    return line.index(value) + 1


def test_probability_outside_zero_one() -> None:
    line = "  - {id: r, title: T, probability: 1.2}"
    assert _errors(line + "\n") == [("bad_value", 8, _at(line, "1.2"))]


def test_unknown_task_with_did_you_mean() -> None:
    line = "  - {id: r, title: T, probability: 0.2, tasks: [colect]}"
    with pytest.raises(ProjectError) as caught:
        parse_project_yaml(HEAD + line + "\n")
    d = caught.value.diagnostics[0]
    assert (d.code, d.line, d.column) == ("unknown_task", 8, _at(line, "colect"))
    assert "did you mean 'collect'" in d.message


def test_impact_low_above_high() -> None:
    line = "  - {id: r, title: T, probability: 0.2, impact: {delay: {low: 9, likely: 5, high: 7}}}"
    assert _errors(line + "\n") == [("bad_duration", 8, _at(line, "{low"))]


def test_action_owner_must_be_a_resource() -> None:
    lines = "  - id: r\n    title: T\n    probability: 0.2\n    actions:\n"
    line = "      - {action: Ask, owner: pmm}"
    assert _errors(lines + line + "\n") == [("unknown_resource", 12, _at(line, "pmm"))]


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("status: done", "done", "bad_value"),
        ("impact: {scope: 6}", "6", "bad_value"),
        ("review: soon", "soon", "bad_date"),
    ],
)
def test_bad_register_values(field: str, value: str, code: str) -> None:
    line = f"  - {{id: r, title: T, probability: 0.2, {field}}}"
    assert _errors(line + "\n") == [(code, 8, _at(line, value))]


def test_action_written_as_text_and_in_full() -> None:
    project = parse_project_yaml(
        HEAD
        + "  - id: r\n    title: T\n    probability: 0.2\n    actions:\n"
        + "      - Call the vendor\n      - {action: Ask, owner: pm, due: 2027-02-01, done: true}\n"
    )
    first, second = project.risks[0].actions
    assert (first.action, first.owner, first.due, first.done) == (
        "Call the vendor",
        None,
        None,
        False,
    )
    assert (second.owner, str(second.due), second.done) == ("pm", "2027-02-01", True)
