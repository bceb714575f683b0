"""Readable at any width, the rest of the tables: evm, variance, gates, calibration,
throughput, career assess and career roles at 80 and 200 columns and with `--wide`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cli_runner import steerco
from width_checks import LEFT_OUT, assert_fits, json_of, table_at

ROOT = Path(__file__).parents[2]
LLM = ROOT / "examples" / "llm-assistant.yaml"
ESTIMATES = ROOT / "examples" / "history" / "estimates.csv"
THROUGHPUT = ROOT / "examples" / "history" / "throughput.csv"
PROFILE = ROOT / "examples" / "profiles" / "aspiring-ai-pm.yaml"


def _header(text: str, first: str) -> str:
    return next(line for line in text.splitlines() if f"┃ {first} " in line)


@pytest.fixture(scope="module")
def tracked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The LLM example with a cpm baseline of 2027-01-04, `problem` done and a snapshot."""
    path = tmp_path_factory.mktemp("evm") / "llm.yaml"
    shutil.copy(LLM, path)
    assert steerco("baseline", path, "--method", "cpm", "--date", "2027-01-04").exit_code == 0
    for args in (("--percent", "50", "--date", "2027-02-01"), ("--done", "--date", "2027-02-05")):
        assert steerco("update", path, "problem", *args).exit_code == 0
    return path


def test_evm_at_80_columns_drops_spi_t_and_vac_and_keeps_every_node_whole(tracked: Path) -> None:
    data = json_of("evm", tracked)
    text = table_at("evm", tracked)
    assert_fits(text, 80)
    for node in data["wbs"]:
        assert f"│ {node} " in text
    assert f"{data['bac']:,.0f}" in text and f"{data['eac']:,.0f}" in text
    assert f"{LEFT_OUT}: SPI(t), VAC (--wide shows all)." in text
    assert str(data["forecast_finish"]) in text
    wide = table_at("evm", tracked, "--wide")
    assert LEFT_OUT not in wide
    for column in ("BAC", "PV", "EV", "AC", "SPI", "CPI", "SPI(t)", "EAC", "VAC"):
        assert f" {column} " in _header(wide, "Node")
    text = table_at("evm", tracked, width=200)
    assert_fits(text, 200)
    assert LEFT_OUT not in text


def test_evm_trend_is_a_table_with_one_row_per_status_date(tracked: Path) -> None:
    data = json_of("evm", tracked, "--trend")
    assert [p["status_date"] for p in data["trend"]] == ["2027-02-01", "2027-02-05"]
    text = table_at("evm", tracked, "--trend")
    assert_fits(text, 80)
    for point in data["trend"]:
        row = next(line for line in text.splitlines() if f"│ {point['status_date']} " in line)
        assert f"{point['spi']:.2f}" in row and str(point["forecast_finish"]) in row
    assert "Forecast finish" in _header(text, "Status date")
    assert LEFT_OUT not in text  # six short columns fit in 80


def test_variance_at_80_columns_keeps_ids_and_dates_whole(tracked: Path) -> None:
    data = json_of("variance", tracked)
    text = table_at("variance", tracked)
    assert_fits(text, 80)
    for task in data["tasks"]:
        row = next(line for line in text.splitlines() if f"│ {task['id']} " in line)
        assert str(task["baseline_finish"]) in row and str(task["finish"]) in row
    assert f"{LEFT_OUT}: Δ start, Δ dur. (--wide shows all)." in text
    wide = table_at("variance", tracked, "--wide")
    assert LEFT_OUT not in wide and "…" not in wide
    assert "Δ start" in _header(wide, "Task") and "Δ dur." in _header(wide, "Task")
    assert_fits(table_at("variance", tracked, width=200), 200)


def test_gates_at_80_columns_leave_out_the_evidence_and_wide_shows_it() -> None:
    data = json_of("gates", LLM)
    text = table_at("gates", LLM)
    assert_fits(text, 80)
    for gate in data["gates"]:
        row = next(line for line in text.splitlines() if f"│ {gate['planned']} " in line)
        assert gate["status"].replace("_", " ") in row
    assert f"{LEFT_OUT}: Evidence (--wide shows all)." in text
    assert "2 met, 1 likely, 1 not met, 2 unknown of 6 gates" in text
    assert_fits(table_at("gates", LLM, width=200), 200)
    for wide in (table_at("gates", LLM, width=200), table_at("gates", LLM, "--wide")):
        assert LEFT_OUT not in wide
        assert "0.84 (run prompt-v5, step 3, 2027-04-28 11:00)" in wide


def test_calibration_at_80_columns_shows_shares_as_percentages() -> None:
    data = json_of("calibration", ESTIMATES)
    text = table_at("calibration", ESTIMATES)
    assert_fits(text, 80)
    assert LEFT_OUT not in text
    for name, row in data["estimators"].items():
        line = next(line for line in text.splitlines() if f"│ {name} " in line)
        assert line.rstrip("│ ").endswith(f"{row['within_estimate'] * 100:.0f}%")
    narrow = table_at("calibration", ESTIMATES, width=60)
    assert_fits(narrow, 60)
    assert f"{LEFT_OUT}: P90, Mean (--wide shows" in narrow
    assert LEFT_OUT not in table_at("calibration", ESTIMATES, "--wide", width=60)


@pytest.mark.parametrize("question", [("--items", "40"), ("--by", "2027-04-30")])
def test_throughput_at_80_columns_keeps_its_dates_whole(question: tuple[str, str]) -> None:
    args = ("throughput", THROUGHPUT, *question)
    data = json_of(*args)
    text = table_at(*args)
    assert_fits(text, 80)
    assert LEFT_OUT not in text
    assert f"{data['history']['first']} to {data['history']['last']}" in text.replace("\n", " ")
    assert_fits(table_at(*args, width=200), 200)


def test_career_assess_at_80_columns_names_each_level_whole() -> None:
    data = json_of("career", "assess", PROFILE)
    text = table_at("career", "assess", PROFILE)
    assert_fits(text, 80)
    assert LEFT_OUT not in text
    words = " ".join(text.split())  # a role name may wrap between its words
    for row in data["readiness"]:
        assert f"{row['score'] * 100:.0f}%" in text
    names = [row["name"] for row in data["readiness"]]
    assert names == [
        "AI project manager (entry)",
        "AI project manager (mid)",
        "AI project manager (senior)",
    ]
    for part in ("(entry)", "(mid)", "(senior)"):
        assert part in words
    assert_fits(table_at("career", "assess", PROFILE, width=200), 200)


def test_career_roles_at_80_columns_keeps_ids_and_wide_shows_salaries() -> None:
    data = json_of("career", "roles")
    text = table_at("career", "roles")
    assert_fits(text, 80)
    for role in data["roles"]:
        assert f"│ {role['id']} " in text
    assert f"{LEFT_OUT}: Experience, Salary (--wide shows all)." in text
    wide = table_at("career", "roles", "--wide")
    assert LEFT_OUT not in wide
    for role in data["roles"]:
        assert role["salary"]["text"] in wide
    assert_fits(table_at("career", "roles", width=200), 200)
