"""`steerco team` and the unknown-skill warnings of `steerco validate`."""

from __future__ import annotations

import json
import re
from pathlib import Path

from cli_runner import steerco

ROOT = Path(__file__).parents[2]
TEAM = ROOT / "examples" / "team.yaml"


def test_team_json_has_every_part_of_the_view() -> None:
    result = steerco("team", str(TEAM), "--format", "json", "--method", "heuristic")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {
        "project", "method", "status", "makespan", "unit", "people", "skills", "matrix",
        "coverage", "single_points_of_failure", "workload", "over_allocations", "capacity",
        "staffing", "notes", "warnings",
    } <= set(data)  # fmt: skip
    assert data["method"] == "heuristic"
    # examples/team.yaml: dom writes `data-labeling` and `training`, aliases of these skills
    assert data["matrix"]["dom"]["data-quality"] == 3
    assert data["matrix"]["dom"]["facilitation"] == 4
    # user-training asks for facilitation 3+: dom's `training: 4` qualifies, and the plan
    # staffs it (no unstaffable note), as `schedule` does
    training = next(a for a in data["staffing"]["assign"] if a["task"] == "user-training")
    assert (training["assigned"], training["qualified"]) == (["dom"], ["dom"])
    assert data["notes"] == [] and data["status"] in {"optimal", "feasible"}
    # only de has sql at 4+ (extract, connector: 16 days) and nobody is within two levels:
    # a hire makes a second person qualify
    hire = next(h for h in data["staffing"]["hire"] if h["skill"] == "sql")
    assert (hire["cures"], hire["qualified_before"], hire["qualified_after"]) == (
        "single_point",
        1,
        2,
    )
    assert data["staffing"]["no_hire"] == []
    # only ds1 has nlp at 3+: guidelines (4 days) and the field model (12 days)
    nlp = next(s for s in data["single_points_of_failure"] if s["skill"] == "nlp")
    assert (nlp["person"], nlp["work"]) == ("ds1", 16.0)
    # a levelled plan never books anyone beyond capacity
    assert data["over_allocations"] == []
    for weeks in data["workload"].values():
        assert all(w["booked"] <= w["capacity"] + 1e-9 for w in weeks)
    for row in data["staffing"]["assign"]:
        assert set(row["assigned"]) <= set(row["qualified"])
    # accounts-payable is the project's own skill, declared under `skills:`: no warning
    assert data["warnings"] == []
    ap = next(s for s in data["skills"] if s["id"] == "accounts-payable")
    assert ap == {
        "id": "accounts-payable",
        "name": "Accounts payable",
        "category": "project",
        "known": True,
    }


def test_team_table_prints_the_sections() -> None:
    result = steerco("team", str(TEAM), "--method", "heuristic")
    assert result.exit_code == 0, result.output
    for title in ("Skills matrix", "Coverage", "Single points of failure", "Workload per week"):
        assert title in result.stdout


def test_validate_warns_about_unknown_skills_at_their_location(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        "name: x\nstart: 2027-01-04\n"
        "resources:\n  - {id: a, skills: {PyTorch: 3, pytorh: 2, nlpp: 1}}\n"
        "tasks:\n  - id: t\n    duration: 1\n    demands: [{skill: nlpp}]\n",
        encoding="utf-8",
    )
    result = steerco("validate", str(plan))
    assert result.exit_code == 0
    lines = result.stderr.splitlines()
    assert [re.sub(r": skill .*", "", line) for line in lines] == [
        f"{plan}:4:34: warning: unknown_skill",  # the key `pytorh`
        f"{plan}:4:45: warning: unknown_skill",  # the key `nlpp`: a can do the demand
        f"{plan}:8:23: warning: unknown_skill",
    ]
    assert "did you mean 'pytorch'?" in lines[0]
    assert "valid: 1 tasks" in result.stdout


def test_team_of_an_invalid_file_exits_2(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text("name: x\nstart: 2027-01-04\ntasks: [{id: a, duration: 8x}]\n", "utf-8")
    result = steerco("team", str(plan))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{plan}:3:")
