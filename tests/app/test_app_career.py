"""app.career: the typed assessment and role comparison are what `steerco career` prints."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from steerco.app.career import assess_career, compare_roles
from steerco.cli.main import app
from steerco.errors import ProjectError
from steerco.render.career import assessment_object, roles_object

ROOT = Path(__file__).parents[2]
PROFILE = ROOT / "examples" / "profiles" / "aspiring-ai-pm.yaml"
PAY = "ai-project-manager-mid: {min: 60000, max: 80000, currency: EUR, source: HR, year: 2026}\n"
runner = CliRunner()


def _printed(*args: str) -> dict[str, object]:
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(result.stdout)
    return data


def test_the_assessment_is_what_the_command_prints() -> None:
    result = assess_career(path=PROFILE)
    printed = _printed("career", "assess", str(PROFILE))
    assert assessment_object(result.assessment, result.profile, result.data) == printed
    assert result.assessment.target == printed["target"] == "ai-project-manager-mid"
    assert [r.role for r in result.assessment.levels] == [
        "ai-project-manager-entry",
        "ai-project-manager-mid",
        "ai-project-manager-senior",
    ]
    gaps = [g.priority for g in result.assessment.gaps]
    assert gaps == sorted(gaps, reverse=True)


def test_the_target_is_matched_like_a_name_and_replaces_the_profiles() -> None:
    result = assess_career(path=PROFILE, target="AI-Consultant")
    assert result.assessment.target == "ai-consultant"
    assert result.assessment.target_readiness.role == "ai-consultant"


def test_an_unknown_target_raises_unknown_role_with_a_did_you_mean() -> None:
    with pytest.raises(ProjectError) as caught:
        assess_career(path=PROFILE, target="ai-consultnt")
    assert caught.value.code == "unknown_role"
    assert "did you mean 'ai-consultant'?" in str(caught.value)


def test_salary_overrides_reach_the_assessment_and_the_roles(tmp_path: Path) -> None:
    pay = tmp_path / "pay.yaml"
    pay.write_text(PAY, encoding="utf-8")
    result = assess_career(path=PROFILE, salaries=pay)
    assert result.data.roles.roles["ai-project-manager-mid"].salary.currency == "EUR"
    data = compare_roles(salaries=pay)
    assert roles_object(data) == _printed("career", "roles", "--salaries", str(pay))
    assert data.roles.roles["ai-project-manager-mid"].salary.text() == "60,000-80,000 EUR"


def test_a_bad_salary_file_raises_a_located_error(tmp_path: Path) -> None:
    pay = tmp_path / "pay.yaml"
    pay.write_text("ai-project-managr-mid: {min: 1, max: 2, source: x, year: 2026}\n", "utf-8")
    with pytest.raises(ProjectError) as caught:
        compare_roles(salaries=pay)
    assert (caught.value.code, caught.value.line) == ("unknown_role", 1)
