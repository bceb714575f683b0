"""app.team.analyse_team: the typed team analysis is what `steerco team` prints."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from steerco.app.team import PlanOptions, analyse_team
from steerco.cli.main import app
from steerco.errors import ProjectError
from steerco.render.team import team_object
from steerco.schedule.plan import Schedule

ROOT = Path(__file__).parents[2]
TEAM = ROOT / "examples" / "team.yaml"


def test_the_analysis_is_what_the_command_prints() -> None:
    result = analyse_team(path=TEAM, options=PlanOptions(method="heuristic"))
    printed = CliRunner().invoke(app, ["team", str(TEAM), "-f", "json", "--method", "heuristic"])
    assert printed.exit_code == 0, printed.output
    assert json.loads(json.dumps(team_object(result.view, result.taxonomy, result.warnings))) == (
        json.loads(printed.stdout)
    )
    assert printed.stderr.splitlines() == [w.format() for w in result.warnings]


def test_the_view_holds_the_plan_matrix_coverage_and_staffing() -> None:
    result = analyse_team(path=TEAM, options=PlanOptions(method="heuristic"))
    view = result.view
    assert isinstance(view.plan, Schedule)
    assert view.plan.method == "heuristic"
    dom = view.matrix.people.index("dom")
    assert view.matrix.levels[dom, view.matrix.skills.index("facilitation")] == 4
    cv = next(c for c in view.coverage if c.skill == "computer-vision")
    assert (cv.qualified, cv.covered) == (["mle"], True)
    # every row is covered, so the plan leaves nothing out; hires are for single points
    assert all(c.covered for c in view.coverage) and view.plan.notes == []
    assert {h.cures for h in view.staffing.hire} == {"single_point"}
    assert view.workload.over_allocations() == []


def test_unknown_skills_are_located_warnings(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        "name: x\nstart: 2027-01-04\nskills: [plc]\n"
        "resources:\n  - {id: a, skills: {plc: 3, hmi: 2}}\n"
        "tasks:\n  - {id: t, duration: 1}\n",
        encoding="utf-8",
    )
    [warning] = analyse_team(path=plan, options=PlanOptions(method="cpm")).warnings
    assert (warning.code, warning.severity, warning.file) == ("unknown_skill", "warning", str(plan))
    assert (warning.line, warning.column) == (5, 30)  # the key `hmi`; `plc` is declared
    assert "'hmi'" in warning.message


def test_the_bundled_team_example_declares_its_own_skill() -> None:
    result = analyse_team(path=TEAM, options=PlanOptions(method="cpm"))
    assert result.warnings == ()
    assert result.taxonomy.lookup("Accounts payable") == "accounts-payable"
    assert result.taxonomy.category_of("accounts-payable") == "project"


def test_the_default_options_level_the_plan() -> None:
    result = analyse_team(path=TEAM, options=PlanOptions(time_limit=0.1))
    assert result.view.plan.method != "cpm"


def test_an_invalid_project_raises_a_located_error(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text("name: x\nstart: 2027-01-04\ntasks: [{id: a, duration: 8x}]\n", "utf-8")
    with pytest.raises(ProjectError) as caught:
        analyse_team(path=plan)
    assert (caught.value.diagnostics[0].file, caught.value.line) == (str(plan), 3)
