"""`steerco forecast`: the JSON contract, reproducibility, files and errors."""

from __future__ import annotations

import json
from pathlib import Path

from cli_runner import CliResult, steerco
from psplib_data import psplib_instance
from steerco.render.forecast import FORECAST_FIELDS

EXAMPLE = Path(__file__).parents[2] / "examples" / "support-assistant.yaml"
CANONICAL = Path(__file__).parents[1] / "cases" / "valid" / "canonical.yaml"
PSPLIB = psplib_instance("j3010_1")


def forecast(*args: str) -> CliResult:
    return steerco("forecast", *args)


def test_json_has_the_documented_fields_and_no_nan() -> None:
    code, out, _ = forecast(str(EXAMPLE), "-n", "1500", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert tuple(data) == FORECAST_FIELDS
    assert set(data["makespan"]) == {"p10", "p50", "p80", "p90", "p95", "mean", "std", "p80_stderr"}
    assert set(data["finish"]) == {"p10", "p50", "p80", "p90", "p95"}
    assert set(data["cost"]) == {"plan", "p50", "p80", "p95", "mean", "contingency_p80"}
    milestone = next(iter(data["milestones"].values()))
    assert set(milestone) == {"units", "dates", "p_deadline"}
    assert data["iterations"] == 1500 and data["fixed_tasks"] == 0
    assert "NaN" not in out
    p = data["makespan"]
    assert p["p10"] <= p["p50"] <= p["p80"] <= p["p90"] <= p["p95"]
    assert data["finish"]["p10"] <= data["finish"]["p95"]


def test_the_same_seed_gives_byte_identical_json() -> None:
    first = forecast(str(EXAMPLE), "-n", "1200", "--seed", "7", "-f", "json")[1]
    second = forecast(str(EXAMPLE), "-n", "1200", "--seed", "7", "-f", "json")[1]
    other = forecast(str(EXAMPLE), "-n", "1200", "--seed", "8", "-f", "json")[1]
    assert first == second
    assert first != other


def test_residual_risks_make_the_forecast_earlier() -> None:
    before = json.loads(forecast(str(EXAMPLE), "-n", "2000", "-f", "json")[1])
    after = json.loads(forecast(str(EXAMPLE), "-n", "2000", "-f", "json", "--residual")[1])
    assert after["makespan"]["mean"] < before["makespan"]["mean"]
    for rid, risk in after["risks"].items():
        assert risk["occurrence"] <= before["risks"][rid]["occurrence"] + 0.05


def test_table_notes_fixed_tasks(tmp_path: Path) -> None:
    code, out, _ = forecast(str(CANONICAL), "-n", "1000")
    assert code == 0
    assert "P80" in out
    assert "have no uncertainty" in out


def test_psplib_file_has_numbers_for_finish() -> None:
    code, out, _ = forecast(str(PSPLIB), "-n", "1000", "-f", "json")
    assert code == 0
    data = json.loads(out)
    assert data["unit"] == "period"
    assert data["finish"]["p50"] == data["deterministic"]["makespan"] == data["makespan"]["p95"]
    assert data["cost"] is None


def test_output_file_is_written(tmp_path: Path) -> None:
    target = tmp_path / "out" / "forecast.json"
    code, out, _ = forecast(str(CANONICAL), "-n", "1000", "-f", "json", "-o", str(target))
    assert code == 0 and out == ""
    assert json.loads(target.read_text())["iterations"] == 1000


def test_history_file_calibrates_and_bad_history_exits_2(tmp_path: Path) -> None:
    history = tmp_path / "h.csv"
    history.write_text("task,estimated_by,category,estimate,actual\nx,mle1,,5,10\ny,mle1,,4,8\n")
    code, out, _ = forecast(str(EXAMPLE), "-n", "1000", "-f", "json", "--history", str(history))
    assert code == 0
    assert json.loads(out)["fixed_tasks"] == 0
    bad = tmp_path / "bad.csv"
    bad.write_text("task,estimated_by,category,estimate,actual\nx,mle1,,five,10\n")
    code, out, err = forecast(str(EXAMPLE), "--history", str(bad))
    assert code == 2 and out == ""
    assert f"{bad}:2" in err


def test_invalid_project_exits_2(tmp_path: Path) -> None:
    broken = tmp_path / "p.yaml"
    broken.write_text(
        "name: x\nstart: 2027-01-04\ntasks: [{id: a, duration: 1}]\n"
        "forecast: {correlations: [{tasks: [a, b], coefficient: 0.5}]}\n"
    )
    code, out, err = forecast(str(broken))
    assert code == 2 and out == ""
    assert "unknown_task" in err and ":4:" in err
