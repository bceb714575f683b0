"""`steerco baseline` and `steerco variance`: the sidecar file, the JSON contract, errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from cli_runner import steerco
from psplib_data import psplib_instance
from steerco.formats.baselines_file import load_baseline, load_baselines
from steerco.render.variance import VARIANCE_FIELDS

CANONICAL = Path(__file__).parents[1] / "cases" / "valid" / "canonical.yaml"
PSPLIB = psplib_instance("j3010_1")


@pytest.fixture
def churn(tmp_path: Path) -> Path:
    target = tmp_path / "churn.yaml"
    shutil.copy(CANONICAL, target)
    return target


def tune_takes(churn: Path, days: int) -> None:
    """Edit the project file: Tune (4 days in the baseline) now takes `days`."""
    old = "{id: tune, name: Tune, duration: 4,"
    churn.write_text(churn.read_text().replace(old, old.replace("4", str(days))))


def test_baseline_saves_the_plan_and_prints_one_line(churn: Path) -> None:
    code, out, _ = steerco(
        "baseline",
        str(churn),
        "--date",
        "2027-01-04",
        "--contingency",
        "3000",
        "--management-reserve",
        "1000",
    )
    assert code == 0
    sidecar = churn.parent / "churn.baselines.yaml"
    assert out.startswith(f"{sidecar}: baseline 'baseline' saved 2027-01-04: BAC 27,520 USD")
    assert "finish 2027-03-11 (48 working days)" in out and "contingency 3,000 USD" in out
    frozen = load_baseline(churn)
    assert (frozen.contingency, frozen.management_reserve) == (3000, 1000)
    assert frozen.method != "cpm"  # canonical demands resources: `auto` levels it


def test_saving_a_name_twice_needs_force(churn: Path) -> None:
    assert steerco("baseline", str(churn), "--date", "2027-01-04")[0] == 0
    sidecar = churn.parent / "churn.baselines.yaml"
    before = sidecar.read_text()
    code, out, err = steerco("baseline", str(churn), "--date", "2027-02-01")
    assert code == 2 and out == ""
    assert err.startswith(f"{churn}: baseline_exists: ")
    assert sidecar.read_text() == before
    assert steerco("baseline", str(churn), "--date", "2027-02-01", "--force")[0] == 0
    assert str(load_baseline(churn).saved) == "2027-02-01"
    assert steerco("baseline", str(churn), "--name", "replan", "--date", "2027-03-01")[0] == 0
    assert load_baselines(churn).names() == ["baseline", "replan"]


def test_a_bad_date_or_empty_name_is_a_usage_error(churn: Path) -> None:
    assert steerco("baseline", str(churn), "--date", "2027-02-30")[0] == 2
    assert steerco("baseline", str(churn), "--name", " ")[0] == 2
    assert steerco("baseline", str(churn), "--contingency", "-1")[0] == 2
    assert not (churn.parent / "churn.baselines.yaml").exists()


def test_variance_json_after_a_longer_task(churn: Path) -> None:
    assert steerco("baseline", str(churn), "--date", "2027-01-04")[0] == 0
    # Tune: 4 -> 6 days; Launch follows it: 2027-03-11 -> 03-15 (+2 working days), and
    # Tune costs 2 more days at 800.
    tune_takes(churn, 6)
    code, out, _ = steerco("variance", str(churn), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert set(data) == {
        "baseline",
        "saved",
        "unit",
        "axis",
        "currency",
        "plan",
        "project",
        "slipped_milestones",
        "tasks",
    }
    assert (data["baseline"], data["unit"], data["currency"]) == ("baseline", "day", "USD")
    assert data["axis"] == "working"
    assert data["plan"].startswith("levelled (")  # the tasks use a person: levelled
    assert data["slipped_milestones"] == ["launch"]
    first = data["tasks"][0]
    assert tuple(first) == VARIANCE_FIELDS
    assert (first["id"], first["baseline_finish"], first["finish"]) == (
        "launch",
        "2027-03-11",
        "2027-03-15",
    )
    assert first["finish_variance"] == 2
    tune = next(row for row in data["tasks"] if row["id"] == "tune")
    assert (tune["duration_variance"], tune["cost_variance"]) == (2, 1600.0)
    assert [row["id"] for row in data["tasks"][1:]] == [
        "data",
        "collect",
        "label",
        "train",
        "tune",
    ]
    project = data["project"]
    assert (project["finish_variance"], project["cost_variance"]) == (2, 1600.0)
    assert project["baseline_cost"] == 27520.0


def test_variance_table_names_the_slipped_milestone(churn: Path) -> None:
    assert steerco("baseline", str(churn), "--name", "approved")[0] == 0
    tune_takes(churn, 5)
    code, out, _ = steerco("variance", str(churn), "--baseline", "approved")
    assert code == 0
    assert "Slipped milestones: launch" in out
    assert "(+1 working days)" in out


def test_variance_without_a_baseline_says_how_to_save_one(churn: Path) -> None:
    code, out, err = steerco("variance", str(churn))
    assert code == 2 and out == ""
    assert err.startswith(f"{churn}: no_baseline: ")
    assert f"steerco baseline {churn}" in err


def test_variance_with_an_unknown_name_lists_the_saved_ones(churn: Path) -> None:
    assert steerco("baseline", str(churn))[0] == 0
    assert steerco("baseline", str(churn), "--name", "replan")[0] == 0
    code, _, err = steerco("variance", str(churn), "--baseline", "q3")
    assert code == 2
    assert "no_baseline" in err and "saved: baseline, replan" in err


def test_a_broken_sidecar_is_reported_with_its_line(churn: Path) -> None:
    sidecar = churn.parent / "churn.baselines.yaml"
    sidecar.write_text("baselines:\n- name: b\n  saved: someday\n")
    code, _, err = steerco("variance", str(churn))
    assert code == 2
    assert f"{sidecar}:3:10: bad_date:" in err


def test_psplib_baseline_and_variance(tmp_path: Path) -> None:
    instance = tmp_path / "j3010_1.sm"
    shutil.copy(PSPLIB, instance)
    code, out, _ = steerco("baseline", str(instance), "--method", "cpm")
    assert code == 0 and "BAC 0 " in out and "periods)" in out
    code, out, _ = steerco("variance", str(instance), "-f", "json")
    assert code == 0
    data = json.loads(out)
    assert data["unit"] == "period" and data["slipped_milestones"] == []
    assert all(row["finish_variance"] == 0 for row in data["tasks"])


def test_a_baseline_in_days_against_a_plan_in_hours_names_the_sidecar(churn: Path) -> None:
    assert steerco("baseline", str(churn), "--method", "cpm")[0] == 0
    churn.write_text(churn.read_text().replace("deadline: 2027-05-28", "unit: hour"))
    code, _, err = steerco("variance", str(churn))
    assert code == 2
    assert err.startswith(f"{churn.parent / 'churn.baselines.yaml'}: bad_baseline: ")


def test_every_variance_json_field_is_documented(churn: Path) -> None:
    assert steerco("baseline", str(churn), "--method", "cpm")[0] == 0
    data = json.loads(steerco("variance", str(churn), "-f", "json")[1])
    cli = (Path(__file__).parents[2] / "docs" / "cli.md").read_text(encoding="utf-8")
    section = cli.split("### The JSON of `variance --format json`", 1)[1].split("\n## ", 1)[0]
    names = set(data) | set(data["project"]) | set(data["tasks"][0])
    assert sorted(name for name in names if f"`{name}`" not in section) == []
