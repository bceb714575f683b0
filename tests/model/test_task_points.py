"""Story points on a task (`points`): how they are read, and where they may stand."""

from __future__ import annotations

import pytest

from steerco.errors import ProjectError
from steerco.formats.project_yaml import parse_project_yaml

HEAD = "name: P\nstart: 2027-01-04\ntasks:\n"


def _load(tasks: str) -> object:
    return parse_project_yaml(HEAD + tasks, "p.yaml")


def _problem(tasks: str) -> tuple[str, int | None, int | None, tuple[object, ...]]:
    with pytest.raises(ProjectError) as raised:
        _load(tasks)
    [found] = raised.value.diagnostics
    return found.code, found.line, found.column, found.path


@pytest.mark.parametrize(
    ("written", "points"),
    [("5", 5.0), ("0.5", 0.5), ('"5pt"', 5.0), ('"8 points"', 8.0), ('"3 SP"', 3.0)],
)
def test_points_are_read_as_a_number(written: str, points: float) -> None:
    project = parse_project_yaml(HEAD + f"  - {{id: a, points: {written}, duration: 2}}\n", "p")
    assert next(project.leaves()).points == points


@pytest.mark.parametrize("written", ["-1", "0", "10001", '"1e9"', "five", "true", ".nan", ".inf"])
def test_points_out_of_range_or_not_a_number_are_bad_value_at_the_value(written: str) -> None:
    line = f"  - {{id: a, points: {written}, duration: 2}}\n"
    code, at_line, column, path = _problem(line)
    assert code == "bad_value"
    assert (at_line, column) == (4, line.index("points: ") + len("points: ") + 1)
    assert path[-1] == "points"


def test_points_on_a_summary_or_a_milestone_are_refused_at_the_points() -> None:
    summary = "  - id: s\n    points: 3\n    children:\n      - {id: a, duration: 1}\n"
    assert _problem(summary)[:3] == ("summary_duration", 5, 13)
    milestone = "  - {id: m, milestone: true, points: 2}\n"
    assert _problem(milestone)[:2] == ("milestone_duration", 4)


def test_points_beside_a_compute_are_refused() -> None:
    text = (
        "name: P\nstart: 2027-01-04\nresources:\n"
        "  - {id: gpus, kind: equipment, accelerator: h100-sxm, capacity: 8}\n"
        "tasks:\n"
        "  - {id: t, points: 3, demands: {gpus: 8}, compute: {flops: 1.0e+21, accelerator: gpus,"
        " utilisation: 30%..40%..50%}}\n"
    )
    with pytest.raises(ProjectError) as raised:
        parse_project_yaml(text, "p.yaml")
    codes = {(d.code, d.path[-1]) for d in raised.value.diagnostics}
    assert ("bad_value", "points") in codes


def test_points_with_a_duration_keep_the_duration_as_the_plan() -> None:
    project = parse_project_yaml(HEAD + "  - {id: a, points: 8, duration: 3}\n", "p")
    leaf = next(project.leaves())
    assert (leaf.points, leaf.planned.value) == (8.0, 3.0)
