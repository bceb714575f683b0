"""`steerco career assess` and `steerco career roles`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_runner import steerco

ROOT = Path(__file__).parents[2]
PROFILE = ROOT / "examples" / "profiles" / "aspiring-ai-pm.yaml"


def _json(*args: str) -> dict:
    result = steerco(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_assess_json_reports_readiness_gaps_plan_and_certifications() -> None:
    data = _json("career", "assess", str(PROFILE))
    assert data["target"] == "ai-project-manager-mid"
    assert [r["role"] for r in data["readiness"]] == [
        "ai-project-manager-entry",
        "ai-project-manager-mid",
        "ai-project-manager-senior",
    ]
    assert "min(level_s / required_s, 1)" in data["formula"]
    for r in data["readiness"]:
        assert r["score"] == pytest.approx(r["weighted_met"] / r["total_weight"])
    priorities = [g["priority"] for g in data["gaps"]]
    assert priorities == sorted(priorities, reverse=True)
    assert set(data["learning_plan"]["days"]) == {"30", "60", "90"}
    status = {c["id"]: c["status"] for c in data["certifications"]}
    # 30 months leading projects with a bachelor's: not yet 36 for the PMP; PSM I held
    assert (status["pmp"], status["psm-1"], status["pmi-cpmai"]) == ("not_yet", "held", "course")


def test_target_option_overrides_the_profile() -> None:
    data = _json("career", "assess", str(PROFILE), "--target", "AI-Consultant")
    assert data["target"] == "ai-consultant"
    assert data["target_readiness"]["name"] == "AI consultant"


def test_unknown_target_exits_2_with_a_did_you_mean() -> None:
    result = steerco("career", "assess", str(PROFILE), "--target", "ai-consultnt")
    assert result.exit_code == 2
    assert result.stderr.startswith("unknown_role: ")
    assert "did you mean 'ai-consultant'?" in result.stderr


def test_bad_profile_exits_2_with_located_errors(tmp_path: Path) -> None:
    profile = tmp_path / "me.yaml"
    profile.write_text("skills: {python: 7, pythn: 2}\nexperience_months: -1\n", "utf-8")
    result = steerco("career", "assess", str(profile))
    assert result.exit_code == 2
    assert result.stdout == ""
    # Field errors come first, all together (as for project files) ...
    located = [line.split(": ")[:2] for line in result.stderr.splitlines()]
    assert located == [[f"{profile}:1:18", "bad_skill_level"], [f"{profile}:2:20", "bad_value"]]
    # ... then, once every field is valid, the names.
    profile.write_text("skills: {python: 3, pythn: 2}\nexperience_months: 1\n", "utf-8")
    result = steerco("career", "assess", str(profile))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{profile}:1:21: unknown_skill: ")
    assert "did you mean 'python'?" in result.stderr


def test_html_is_one_self_contained_page(tmp_path: Path) -> None:
    out = tmp_path / "me.html"
    result = steerco("career", "assess", str(PROFILE), "-f", "html", "-o", str(out))
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "Readiness" in page and "Within 30 days" in page
    assert "<script" not in page and "<link" not in page and "src=" not in page


def test_table_output(tmp_path: Path) -> None:
    result = steerco("career", "assess", str(PROFILE))
    assert result.exit_code == 0, result.output
    assert "Readiness" in result.stdout and "Within 90 days" in result.stdout


def test_roles_compares_profiles_and_salaries_can_be_overridden(tmp_path: Path) -> None:
    data = _json("career", "roles")
    ids = [r["id"] for r in data["roles"]]
    assert {"ai-product-manager", "ai-team-lead", "ai-consultant"} <= set(ids)
    mid = next(r for r in data["roles"] if r["id"] == "ai-project-manager-mid")
    assert mid["salary"]["text"] == "90,000-120,000 USD"
    pay = tmp_path / "pay.yaml"
    pay.write_text(
        "ai-project-manager-mid: "
        "{min: 60000, max: 80000, currency: EUR, source: HR 2026, year: 2026}\n",
        "utf-8",
    )
    data = _json("career", "roles", "--salaries", str(pay))
    mid = next(r for r in data["roles"] if r["id"] == "ai-project-manager-mid")
    assert mid["salary"]["text"] == "60,000-80,000 EUR"
    assert steerco("career", "roles").exit_code == 0
