"""Readable at any width: ids, dates and figures whole at 80 columns, `--wide` shows all."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from rich.console import Console

from cli_runner import steerco
from steerco.cli.tables import Col, Row, build_table, percent
from width_checks import LEFT_OUT, assert_fits, json_of, table_at

ROOT = Path(__file__).parents[2]
LLM = ROOT / "examples" / "llm-assistant.yaml"
TEAM = ROOT / "examples" / "team.yaml"
SCHEMAS = ROOT / "docs" / "schemas"


def _render(columns: list[Col], rows: list[Row], width: int) -> tuple[str, list[str]]:
    console = Console(width=width, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    table, omitted = build_table(columns, rows, width)
    console.print(table)
    return console.export_text(), omitted


def test_percent_reads_as_a_percentage() -> None:
    assert percent(0.094) == "9.4%"
    assert percent(1.0, 0) == "100%"
    assert percent(None) == "—"


def test_a_table_drops_the_lowest_priority_column_first_and_never_cuts_a_key() -> None:
    columns = [
        Col("Id"),
        Col("Name", "text"),
        Col("Cost", "figure", priority=1, justify="right"),
        Col("Owner", priority=2),
    ]
    rows = [Row(["a-very-long-task-id", "A name far longer than the room left", "12,345", "pm"])]
    # natural widths 19 + 36 + 6 + 5, plus 3 a column and 1: 79 columns hold everything
    text, omitted = _render(columns, rows, 79)
    assert omitted == []
    assert "A name far longer than the room left" in text
    # at 40: Id 19 + Name at least 12 + frame 7 = 38 fit; Cost (6 + 3) would not: both go
    text, omitted = _render(columns, rows, 40)
    assert omitted == ["Cost", "Owner"]
    assert "a-very-long-task-id" in text
    assert "A name far" in text and "…" in text
    assert_fits(text, 40)
    # at 50: Cost fits (19 + 12 + 6 + 10 = 47), Owner (5 + 3 more) does not
    _, omitted = _render(columns, rows, 50)
    assert omitted == ["Owner"]


def test_a_list_column_wraps_between_ids_not_inside_one() -> None:
    columns = [Col("Skill"), Col("Tasks", "list")]
    rows = [Row(["sql", "extract, connector, data-audit-long"])]
    text, _ = _render(columns, rows, 30)
    for task in ("extract", "connector", "data-audit-long"):
        assert task in text
    assert_fits(text, 30)


def test_schedule_at_80_columns_keeps_every_id_and_date_whole() -> None:
    data = json_of("schedule", LLM, "--method", "cpm")
    text = table_at("schedule", LLM, "--method", "cpm")
    assert_fits(text, 80)
    for task in data["tasks"]:
        assert f"│ {task['id']} " in text
        assert str(task["start"]) in text and str(task["finish"]) in text
    assert f"{LEFT_OUT}: Free float, Cost (USD) (--wide shows all)." in text
    assert "Critical path:" in text


def test_schedule_wide_shows_every_column_and_names_whole() -> None:
    text = table_at("schedule", LLM, "--method", "cpm", "--wide")
    assert LEFT_OUT not in text
    header = next(line for line in text.splitlines() if "Task" in line and "Id" in line)
    for column in ("Start", "Finish", "Total float", "Free float", "Cost (USD)"):
        assert column in header
    assert "Regulatory and privacy classification" in text
    assert "…" not in text


def test_schedule_at_200_columns_needs_no_wide() -> None:
    text = table_at("schedule", LLM, "--method", "cpm", width=200)
    assert_fits(text, 200)
    assert LEFT_OUT not in text
    assert "Free float" in text


def test_forecast_at_80_columns_keeps_dates_whole_and_shows_percentages() -> None:
    args = ("forecast", LLM, "-n", "200")
    data = json_of(*args)
    text = table_at(*args)
    assert_fits(text, 80)
    for key in ("p10", "p50", "p80", "p90", "p95"):
        assert data["finish"][key] in text
    for mid, milestone in data["milestones"].items():
        assert f"│ {mid} " in text
        for key in ("p50", "p80"):
            assert str(milestone["dates"][key]) in text
    assert f"P(on time) = {data['p_on_time'] * 100:.1f}%" in text
    assert f"{max(data['criticality'].values()) * 100:.1f}%" in text


def test_team_at_80_columns_keeps_task_ids_whole_and_has_a_week_axis() -> None:
    args = ("team", TEAM, "--method", "heuristic")
    data = json_of(*args)
    text = table_at(*args)
    assert_fits(text, 80)
    words = set(text.replace(",", " ").split())
    for cover in data["coverage"]:
        assert set(cover["tasks"]) <= words
    # the axis row labels every fourth week with its ISO week, from the first week on
    first = next(iter(data["workload"].values()))[0]["week"]
    import datetime as dt

    week = dt.date.fromisoformat(first).isocalendar().week
    axis = next(line for line in text.splitlines() if "│ week " in line)
    assert f"W{week:02d} W{week + 4:02d}" in axis
    assert "Peak" in text and "100%" in text


def test_risks_at_80_columns_keeps_ids_whole_and_wide_shows_every_column() -> None:
    args = ("risks", LLM, "--as-of", "2027-03-01")
    data = json_of(*args)
    text = table_at(*args)
    assert_fits(text, 80)
    for risk in data["risks"]:
        assert f"│ {risk['id']} " in text
    assert f"{LEFT_OUT}: " in text
    wide = table_at(*args, "--wide")
    assert LEFT_OUT not in wide
    for column in ("Status", "Exp. cost", "Owner"):
        assert column in wide


def test_footers_wrap_between_words() -> None:
    text = table_at("schedule", LLM, "--method", "cpm")
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Critical path:"))
    # broken only at spaces: joining the lines with a space gives the path back, id by id
    path = " ".join(line.rstrip() for line in lines[start:]).removeprefix("Critical path: ")
    assert path.split(" → ") == json_of("schedule", LLM, "--method", "cpm")["critical_path"]
    assert len(lines) - start > 1  # 22 ids do not fit on one line of 80


def test_version() -> None:
    from steerco import __version__

    result = steerco("--version")
    assert (result.exit_code, result.stdout) == (0, f"steerco {__version__}\n")
    assert __version__ == "0.1.0"


@pytest.mark.parametrize("command", ["skills", "certifications"])
def test_library_lists_match_their_schema_and_the_table(command: str) -> None:
    data = json_of(command)
    schema = json.loads((SCHEMAS / f"{command}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator(schema).validate(data)
    items = data[command]
    text = table_at(command)
    assert_fits(text, 80)
    for item in items:
        assert f"│ {item['id']} " in text


def test_skills_name_the_ids_the_files_accept() -> None:
    from steerco.library.people import load_people_data

    taxonomy = load_people_data().taxonomy
    data = json_of("skills")
    assert [s["id"] for s in data["skills"]] == list(taxonomy.skills)
    assert sorted(data["levels"]) == ["0", "1", "2", "3", "4", "5"]
    python = next(s for s in data["skills"] if s["id"] == "python")
    assert python["name"] == "Python"
    certs = json_of("certifications")["certifications"]
    assert {"pmp", "capm"} <= {c["id"] for c in certs}
