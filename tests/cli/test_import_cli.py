"""`steerco import jira|csv`: the summary as a table or JSON (checked against its schema)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from cli_runner import steerco

ROOT = Path(__file__).parents[2]
DATA = ROOT / "tests" / "data" / "jira"
SCHEMA = ROOT / "docs" / "schemas" / "import.schema.json"
EXPORTS = sorted(p for p in DATA.glob("*.csv") if p.name != "broken.csv")


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "p.yaml"
    path.write_text("name: P\nstart: 2026-01-05\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("export", EXPORTS, ids=lambda p: p.stem)
def test_the_json_of_every_test_export_matches_the_schema(
    export: Path, project: Path, validator: jsonschema.Draft202012Validator
) -> None:
    result = steerco("import", "jira", export, "--into", project, "--format", "json")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    validator.validate(data)
    assert data["written"] is True


def test_dry_run_as_json(project: Path, validator: jsonschema.Draft202012Validator) -> None:
    before = project.read_bytes()
    args = ("import", "jira", DATA / "duplicates.csv", "--into", project, "--dry-run", "-f", "json")
    result = steerco(*args)
    data = json.loads(result.stdout)
    validator.validate(data)
    assert project.read_bytes() == before
    assert (data["dry_run"], data["written"], data["rows"]) == (True, False, 4)
    assert data["items"] == {"added": 2, "updated": 0, "unchanged": 0}
    assert data["sprints"] == {"added": 2, "updated": 0, "unchanged": 0}
    assert (data["types"], data["points"]) == ({"story": 2}, 7)


def test_the_table_summarises_and_lists_the_notes(project: Path) -> None:
    result = steerco("import", "jira", DATA / "tab.csv", "--into", project)
    assert result.exit_code == 0, result.output
    assert "2 rows, 2 items (1 story, 1 task); 0 with a parent; 5 story points" in result.stdout
    assert "items: 2 added, 0 updated, 0 unchanged" in result.stdout
    # the note is wrapped to the table's width, which the file's path changes
    assert "separated by tabs, not commas" in " ".join(result.stdout.split())


def test_broken_rows_exit_2_with_located_errors(project: Path) -> None:
    before = project.read_bytes()
    result = steerco("import", "jira", DATA / "broken.csv", "--into", project)
    assert result.exit_code == 2
    file = DATA / "broken.csv"
    assert result.stderr.splitlines() == [
        f"{file}:3: missing_field: this row has no issue key",
        f"{file}:4: bad_date: Created '31/Foo/26 9:00 AM' is not a date like 19/mar/26 "
        "6:57 PM, 4/7/25 or 2026-03-19",
        f"{file}:6: bad_value: Custom field (Story Points) 'eight' is not a number of story "
        "points (write 8, 8.0 or leave it empty)",
    ]
    assert project.read_bytes() == before


def test_dayfirst_reads_numeric_dates_day_first(project: Path) -> None:
    args = ("import", "jira", DATA / "numeric_dates.csv", "--into", project, "-f", "json")
    assert any("--dayfirst" in n for n in json.loads(steerco(*args).stdout)["notes"])
    steerco(*args, "--dayfirst")
    assert "created: 2025-07-04" in project.read_text(encoding="utf-8")


def test_import_csv_needs_its_mapping(project: Path, tmp_path: Path) -> None:
    mapping = tmp_path / "map.yaml"
    mapping.write_text("columns: {key: Issue key, title: Summary}\n", encoding="utf-8")
    result = steerco(
        "import", "csv", DATA / "bom.csv", "--mapping", mapping, "--into", project, "-f", "json"
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["source"], data["types"]) == ("csv", {"story": 3})
