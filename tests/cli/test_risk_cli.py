"""`steerco risks`: the register (plain and `show`), suggestions, adoption, quantification."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_runner import steerco

EXAMPLES = Path(__file__).parents[2] / "examples"

PROJECT = """\
name: Churn model
start: 2027-01-04
resources:
  - {id: pm, name: Project manager}
tasks:
  - {id: data, name: Extract customer data, duration: 5, cost: 5000}
  - {id: train, name: Train churn model, duration: 10, after: [data], cost: 15000}
risks:
  - id: late-data
    title: Extract late
    probability: 0.3
    impact: {delay: 4..4..4, cost: 2000}
    tasks: [data]
    review: 2027-01-10
    actions: [{action: Chase the DBA, owner: pm, due: 2027-01-08}]
  - {id: old, title: Gone, probability: 0.5, status: closed}
"""


@pytest.fixture
def project_file(tmp_path: Path) -> Path:
    path = tmp_path / "churn.yaml"
    path.write_text(PROJECT, encoding="utf-8")
    return path


def _json(*args: str | Path) -> dict:
    result = steerco(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_plain_risks_file_is_show(project_file: Path) -> None:
    plain = _json("risks", project_file, "--as-of", "2027-01-11")
    assert plain == _json("risks", "show", project_file, "--as-of", "2027-01-11")
    # options may come before the file too
    assert plain == _json("risks", "--as-of", "2027-01-11", project_file)


def test_register_json(project_file: Path) -> None:
    data = _json("risks", project_file, "--as-of", "2027-01-11")
    assert data["plan"] == {"makespan": 15.0, "cost": 20000.0}
    late = data["risks"][0]
    # p 0.3 -> 3; delay 4 of 15 = 26.7% -> 5; cost 2000 of 20000 = 10% -> 3; impact 5
    assert (late["probability_level"], late["impact_level"], late["score"]) == (3, 5, 15)
    assert late["expected_delay"] == pytest.approx(1.2)
    assert late["expected_cost"] == pytest.approx(600.0)
    assert late["review_overdue"] is True
    assert data["overdue_reviews"] == ["late-data"]
    assert data["overdue_actions"] == [
        {
            "risk": "late-data",
            "action": "Chase the DBA",
            "owner": "pm",
            "due": "2027-01-08",
            "done": False,
        }
    ]
    assert data["matrix"][2][4] == ["late-data"]
    assert data["top"] == ["late-data"]
    assert data["totals"]["closed"] == 1
    assert data["totals"]["open"] == 1


def test_register_table(project_file: Path) -> None:
    result = steerco("risks", str(project_file), "--as-of", "2027-01-11")
    assert result.exit_code == 0, result.output
    assert "Top risks: late-data" in result.stdout
    assert "Reviews overdue: late-data" in result.stdout


def test_bad_as_of_is_a_usage_error(project_file: Path) -> None:
    result = steerco("risks", str(project_file), "--as-of", "soon")
    assert result.exit_code == 2


def test_invalid_risk_is_located(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(PROJECT.replace("probability: 0.3", "probability: 3"), encoding="utf-8")
    result = steerco("risks", str(path))
    assert result.exit_code == 2
    assert f"{path}:11:18: bad_value:" in result.stderr


def test_quantify_json(project_file: Path) -> None:
    data = _json("risks", project_file, "--quantify", "-n", "500", "--seed", "3")
    q = data["quantify"]
    # the only active risk adds a fixed 4 days in 30% of the runs, to the critical chain:
    # P80 of a fixed 15-day plan with it is 19, without it 15.
    assert (q["p80"], q["p80_without_risks"]) == (19.0, 15.0)
    assert q["risks"] == [{"id": "late-data", "p80_without": 15.0, "contribution": 4.0}]
    assert (q["p80_finish"], q["p80_finish_without_risks"]) == ("2027-01-28", "2027-01-22")


def test_suggest_json_ranks_and_explains() -> None:
    data = _json("risks", "suggest", EXAMPLES / "support-assistant.yaml", "--top", "3")
    ranked = data["suggestions"]
    assert [s["rank"] for s in ranked] == [1, 2, 3]
    assert "prompt-injection" in [s["id"] for s in ranked]
    assert all(s["terms"] and s["tasks"] for s in ranked)


def test_adopt_then_refuse_the_second_time(project_file: Path) -> None:
    result = steerco("risks", "suggest", str(project_file), "--adopt", "drift")
    assert result.exit_code == 0, result.output
    data = _json("risks", project_file)
    assert [r["id"] for r in data["risks"]] == ["late-data", "old", "drift"]
    assert data["risks"][2]["library"] == "drift"
    again = steerco("risks", "suggest", str(project_file), "--adopt", "drift")
    assert again.exit_code == 2
    assert "risk_exists" in again.stderr
    suggested = _json("risks", "suggest", project_file, "--top", "50")
    assert "drift" not in [s["id"] for s in suggested["suggestions"]]


def test_adopt_unknown_id(project_file: Path) -> None:
    before = project_file.read_text(encoding="utf-8")
    result = steerco("risks", "suggest", str(project_file), "--adopt", "drfit")
    assert result.exit_code == 2
    assert "unknown_library_risk" in result.stderr
    assert project_file.read_text(encoding="utf-8") == before


def _section(title: str) -> str:
    text = (Path(__file__).parents[2] / "docs" / "cli.md").read_text(encoding="utf-8")
    start = text.index(title)
    end = text.find("\n## ", start + len(title))
    return text[start:end]


def _keys(value: object) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def test_every_json_field_is_documented(project_file: Path) -> None:
    register = _json("risks", project_file, "--quantify", "-n", "100")
    section = _section("## `steerco risks FILE`")
    missing = sorted(k for k in _keys(register) if f"`{k}`" not in section)
    assert not missing, f"risks JSON fields missing from docs/cli.md: {missing}"
    suggested = _json("risks", "suggest", project_file)
    section = _section("## `steerco risks suggest FILE`")
    fields = _keys(suggested) - {"low", "high"}  # the ranges' ends, named in the prose
    missing = sorted(k for k in fields if f"`{k}`" not in section)
    assert not missing, f"suggest JSON fields missing from docs/cli.md: {missing}"
