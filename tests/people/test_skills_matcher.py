"""One skills matcher: `validate`, `schedule` and `team` agree on who qualifies for a demand.

Each case is a tiny project whose answer is worked out by hand in its comment: an alias of
the bundled taxonomy (`training` is `facilitation`), a `kind: role` pool with `skills:`, a
hire that cures its shortfall and one that cannot, a plan that leaves out an unstaffable
demand (never `optimal`), and the `unstaffable_demand` error of `validate` at the demand.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from steerco.app.project import validate_project_file
from steerco.app.schedule import schedule_project
from steerco.app.team import analyse_team
from steerco.cli.main import app
from steerco.codes import Code
from steerco.errors import ProjectError
from steerco.formats.loader import load_project
from steerco.formats.project_yaml import parse_project_yaml
from steerco.people.skills import qualifies
from steerco.people.staffing import PlanOptions
from steerco.schedule.options import SolveOptions
from steerco.schedule.plan import Schedule

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "docs" / "schemas" / "schedule.schema.json").read_text("utf-8"))
METHODS = ["cpm", "heuristic", "cp-sat"]
HEAD = "name: m\nstart: 2027-01-04\n"

# dom's `training: 4` is the taxonomy's facilitation at 4 >= 3: dom qualifies; ann has
# facilitation 2 < 3 and does not. The plan is t alone, 2 days, given to dom.
ALIAS = HEAD + (
    "resources:\n"
    "  - {id: dom, skills: {training: 4}}\n"
    "  - {id: ann, skills: {facilitation: 2}}\n"
    "tasks:\n"
    "  - {id: t, duration: 2, demands: [{skill: facilitation, min_level: 3}]}\n"
)
# Only the pool has annotation (an alias of data-quality) at 3; lee has it at 1.
POOL = HEAD + (
    "resources:\n"
    "  - {id: lee, role: annotator, skills: {annotation: 1}}\n"
    "  - {id: annotators, kind: role, role: annotator, capacity: 3, skills: {annotation: 3}}\n"
    "tasks:\n"
    "  - {id: label, duration: 4, demands: [{skill: annotation, min_level: 3}]}\n"
)
# Nobody has computer vision: ocr is unstaffable. ana has no computer vision to train, so a
# hire: one data scientist (the demand's role) with computer-vision 3 makes 1 qualify.
CURED = HEAD + (
    "resources:\n"
    "  - {id: ana, role: data-scientist, rate: 800, skills: {python: 4}}\n"
    "tasks:\n"
    "  - {id: prep, duration: 3, demands: [{resource: ana}]}\n"
    "  - id: ocr\n"
    "    duration: 5\n"
    "    after: [prep]\n"
    "    demands:\n"
    "      - {role: data-scientist, skill: computer-vision, min_level: 3}\n"
)
# One skill row (computer vision 3+) with two demands of different roles: one new person
# has one role, so a hire cannot make both staffable.
UNCURED = HEAD + (
    "resources:\n"
    "  - {id: ana, role: data-scientist, skills: {python: 4}}\n"
    "tasks:\n"
    "  - {id: a, duration: 2, demands: [{role: data-scientist, skill: cv, min_level: 3}]}\n"
    "  - {id: b, duration: 2, demands: [{role: ml-engineer, skill: cv, min_level: 3}]}\n"
)


def _file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _plan(path: Path, method: str) -> Schedule:
    plan = schedule_project(source=path, options=SolveOptions(method=method, time_limit=5))
    assert isinstance(plan, Schedule)
    return plan


def test_the_matcher_sees_an_alias_only_once_the_names_are_resolved(tmp_path: Path) -> None:
    raw = parse_project_yaml(ALIAS, "plan.yaml")
    loaded = load_project(_file(tmp_path, ALIAS))
    demand = loaded.tasks[0].demands[0]
    assert [qualifies(r, demand) for r in raw.resources] == [False, False]
    assert [qualifies(r, demand) for r in loaded.resources] == [True, False]
    assert loaded.resources[0].skills == {"facilitation": 4}


@pytest.mark.parametrize("method", METHODS)
def test_an_alias_qualifies_in_schedule_and_team_alike(tmp_path: Path, method: str) -> None:
    path = _file(tmp_path, ALIAS)
    validate_project_file(path=path)  # no unstaffable_demand error
    plan = _plan(path, method)
    assert plan.notes == []
    assert plan.status == "optimal"
    assert plan.makespan == 2
    view = analyse_team(path=path, options=PlanOptions(method=method, time_limit=5)).view
    (row,) = view.coverage
    assert (row.skill, row.min_level, row.qualified, row.covered) == (
        "facilitation",
        3,
        ["dom"],
        True,
    )
    (chosen,) = view.staffing.assign
    if method != "cpm":  # the critical path picks nobody
        assert chosen.assigned == ["dom"]
        assert next(t for t in plan.tasks() if t.id == "t").assignees == ("dom",)
    assert chosen.qualified == ["dom"]
    assert view.plan.notes == []
    assert view.staffing.hire == []


@pytest.mark.parametrize("method", METHODS)
def test_a_role_pool_with_skills_is_qualified_assigned_and_not_unstaffable(
    tmp_path: Path, method: str
) -> None:
    path = _file(tmp_path, POOL)
    validate_project_file(path=path)
    plan = _plan(path, method)
    assert plan.notes == []
    assert plan.status == "optimal"
    view = analyse_team(path=path, options=PlanOptions(method=method, time_limit=5)).view
    (row,) = view.coverage
    assert (row.skill, row.qualified, row.covered) == ("data-quality", ["annotators"], True)
    (chosen,) = view.staffing.assign
    assert chosen.qualified == ["annotators"]
    if method != "cpm":
        assert chosen.assigned == ["annotators"]
        assert next(t for t in plan.tasks() if t.id == "label").assignees == ("annotators",)
    assert view.plan.notes == []
    assert view.single_points[0].person == "annotators"  # the pool alone can do the 4 days
    assert view.single_points[0].work == 4


def test_a_hire_is_suggested_when_it_cures_the_unstaffable_demand(tmp_path: Path) -> None:
    path = _file(tmp_path, CURED)
    view = analyse_team(path=path, options=PlanOptions(method="heuristic")).view
    assert view.staffing.train == []
    (hire,) = view.staffing.hire
    assert (hire.skill, hire.level, hire.people, hire.cures) == (
        "computer-vision",
        3,
        1,
        "unstaffable",
    )
    assert hire.tasks == ["ocr"]
    assert (hire.qualified_before, hire.qualified_after) == (0, 1)
    assert (hire.unstaffable_before, hire.unstaffable_after) == (1, 0)
    # without ocr's demand the plan is prep then ocr: 3 + 5 days, with the hire the same
    assert (hire.makespan_before, hire.makespan_after) == (8, 8)
    assert view.staffing.no_hire == []


def test_a_hire_that_cures_nothing_is_not_suggested_and_says_why(tmp_path: Path) -> None:
    path = _file(tmp_path, UNCURED)
    view = analyse_team(path=path, options=PlanOptions(method="heuristic")).view
    (row,) = view.coverage
    assert (row.short, row.covered) == (["a", "b"], False)
    assert view.staffing.hire == []
    (none,) = view.staffing.no_hire
    assert (none.skill, none.level) == ("computer-vision", 3)
    assert "would still leave it short, so no hire is suggested" in none.reason


@pytest.mark.parametrize("method", METHODS)
def test_a_plan_with_an_unstaffable_demand_is_never_optimal(tmp_path: Path, method: str) -> None:
    path = _file(tmp_path, CURED)
    plan = _plan(path, method)
    # ocr's demand is dropped: prep (3) then ocr (5) is the critical path, 8 = bound, yet
    # the plan does not staff ocr, so it is feasible only without that demand
    assert plan.makespan == 8
    assert plan.status == "feasible"
    assert plan.notes[0].startswith("unstaffable: ocr: needs 1 x role data-scientist with")
    assert plan.notes[1].startswith("not optimal: 1 unstaffable demand is left out")
    result = CliRunner().invoke(
        app, ["schedule", str(path), "--method", method, "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["status"] == "feasible"
    jsonschema.validate(data, SCHEMA)
    table = CliRunner().invoke(app, ["schedule", str(path), "--method", method])
    assert "optimal," not in table.stdout and "— " + method + ", feasible" in table.stdout


def test_the_schema_refuses_optimal_next_to_an_unstaffable_note(tmp_path: Path) -> None:
    path = _file(tmp_path, CURED)
    result = CliRunner().invoke(app, ["schedule", str(path), "--format", "json"])
    data = json.loads(result.stdout)
    data["status"] = "optimal"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, SCHEMA)


def test_validate_reports_a_skill_level_nobody_has_at_the_demand(tmp_path: Path) -> None:
    # dom's training (facilitation) is 2, the demand asks for 3: nobody qualifies.
    path = _file(
        tmp_path,
        HEAD + "resources:\n  - {id: dom, skills: {training: 2}}\n"
        "tasks:\n  - id: t\n    duration: 2\n    demands:\n"
        "      - {skill: facilitation, min_level: 3}\n",
    )
    with pytest.raises(ProjectError) as caught:
        validate_project_file(path=path)
    (error,) = caught.value.diagnostics
    assert error.code is Code.unstaffable_demand
    assert (error.file, error.line, error.column) == (str(path), 9, 9)
    assert error.path == ("tasks", 0, "demands", 0)
    assert error.message == (
        "task 't' needs 1 x skill facilitation at level 3 or more; 0 qualify (nobody): add a "
        "person (or a `kind: role` pool) with `facilitation: 3` or more under `skills`, or "
        "lower `min_level` or `units`"
    )
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{path}:9:9: unstaffable_demand: task 't' needs 1 x")


def test_validate_counts_units_as_the_scheduler_does(tmp_path: Path) -> None:
    # two people at python 4 qualify; a demand of 2.5 units needs 3 of them at once
    text = HEAD + (
        "resources:\n  - {id: a, skills: {python: 4}}\n  - {id: b, skills: {python: 5}}\n"
        "tasks:\n  - {id: t, duration: 1, demands: [{skill: python, min_level: 4, units: 2.5}]}\n"
    )
    path = _file(tmp_path, text)
    with pytest.raises(ProjectError) as caught:
        validate_project_file(path=path)
    (error,) = caught.value.diagnostics
    assert "needs 3 x skill python at level 4 or more; 2 qualify (a, b)" in error.message
    plan = _plan(path, "heuristic")
    assert plan.notes[0] == (
        "unstaffable: t: needs 3 x skill python at level 4 or more; 2 qualified (a, b)"
    )


def test_a_hire_for_a_single_point_serves_every_level_of_its_work(tmp_path: Path) -> None:
    # only x has nlp: t1 asks for 3, t2 for 4 (5 days of work in all). y has no nlp to train
    # (two levels at most), so a hire, at level 4, so that a second person can do both.
    text = HEAD + (
        "resources:\n  - {id: x, skills: {nlp: 5}}\n  - {id: y, skills: {python: 3}}\n"
        "tasks:\n"
        "  - {id: t1, duration: 2, demands: [{skill: nlp, min_level: 3}]}\n"
        "  - {id: t2, duration: 3, demands: [{skill: nlp, min_level: 4}]}\n"
    )
    view = analyse_team(path=_file(tmp_path, text), options=PlanOptions(method="heuristic")).view
    (hire,) = view.staffing.hire
    assert (hire.skill, hire.level, hire.cures, hire.tasks) == (
        "nlp",
        4,
        "single_point",
        ["t1", "t2"],
    )
    assert (hire.qualified_before, hire.qualified_after) == (1, 2)
    # t1 and t2 one after the other on x (5 days); with the hire they run side by side (3)
    assert (hire.makespan_before, hire.makespan_after) == (5, 3)


def test_a_project_built_in_code_is_matched_through_the_taxonomy_too() -> None:
    raw = parse_project_yaml(ALIAS, "plan.yaml")  # not through the file loader
    plan = schedule_project(source=raw, options=SolveOptions(method="heuristic"))
    assert isinstance(plan, Schedule)
    assert plan.notes == []
    assert next(t for t in plan.tasks() if t.id == "t").assignees == ("dom",)
