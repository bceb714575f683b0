"""`steerco evm --format json` (and `--trend`) on every bundled example, against its schema.

The examples have no baseline and no progress: each is copied, baselined, and two of its
tasks get progress at two status dates (so that there are snapshots), as a user would.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from steerco.cli.main import app
from steerco.formats.loader import load_project
from steerco.formats.snapshots import load_snapshots
from steerco.render.evm import MEASURES, TREND_MEASURES
from steerco.track.progress import recorded_dates

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
SCHEMAS = ROOT / "docs" / "schemas"


def steerco(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.stderr
    return result.stdout


def validator(name: str) -> Draft202012Validator:
    schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def tracked(example: Path, folder: Path) -> Path:
    """A copy of `example` with a baseline, and progress on two tasks at two dates.

    The tasks are the first two with nothing recorded yet; in an example that records
    progress, the dates follow its status date (nothing may be recorded before it).
    """
    copy = folder / example.name
    shutil.copy(example, copy)
    project = load_project(copy)
    assert project.start is not None
    recorded = project.progress.status_date
    fresh = [leaf for leaf in project.leaves() if project.progress.of(leaf.id) is None]
    first, second = [leaf.id for leaf in fresh if not leaf.milestone][:2]
    base = recorded or project.start
    earlier, later = (str(base + dt.timedelta(days=d)) for d in (10, 20))
    steerco("baseline", str(copy), "--method", "cpm", "--date", "2026-12-01")
    steerco("update", str(copy), first, "--percent", "50", "--cost", "1200", "--date", earlier)
    steerco("update", str(copy), first, "--done", "--date", later)
    when = ("--date", later) if recorded is not None else ()
    steerco("update", str(copy), second, "--percent", "30", "--remaining", "3", *when)
    return copy


@pytest.fixture(scope="module", params=EXAMPLES, ids=[p.stem for p in EXAMPLES])
def example(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tracked(request.param, tmp_path_factory.mktemp(request.param.stem))


def test_the_schemas_list_every_measure() -> None:
    evm = json.loads((SCHEMAS / "evm.schema.json").read_text(encoding="utf-8"))
    assert evm["$defs"]["node"]["required"] == list(MEASURES)
    point = json.loads((SCHEMAS / "evm-trend.schema.json").read_text(encoding="utf-8"))
    fields = point["properties"]["trend"]["items"]["required"]
    assert fields == ["status_date", *TREND_MEASURES, "forecast_finish", "earliest_finish"]


def test_evm_json_matches_its_schema(example: Path) -> None:
    data: dict[str, Any] = json.loads(steerco("evm", str(example), "--format", "json"))
    validator("evm.schema.json").validate(data)
    assert data["tasks"] and data["ev"] > 0


def test_evm_json_at_an_earlier_date_matches_its_schema(example: Path) -> None:
    first = recorded_dates(load_project(example), load_snapshots(example))[0]
    day = str(first + dt.timedelta(days=2))  # between the first two records
    data = json.loads(steerco("evm", str(example), "--status-date", day, "--format", "json"))
    validator("evm.schema.json").validate(data)
    assert data["status_date"] < day


def test_evm_trend_json_matches_its_schema(example: Path) -> None:
    data = json.loads(steerco("evm", str(example), "--trend", "--format", "json"))
    validator("evm-trend.schema.json").validate(data)
    assert len(data["trend"]) == 2


@pytest.mark.parametrize("trend", [[], ["--trend"]], ids=["evm", "trend"])
def test_output_writes_what_format_renders(example: Path, tmp_path: Path, trend: list[str]) -> None:
    printed = steerco("evm", str(example), *trend, "--format", "json")
    target = tmp_path / "evm.json"
    assert steerco("evm", str(example), *trend, "--format", "json", "--output", str(target)) == ""
    assert target.read_text(encoding="utf-8") == printed
    table = tmp_path / "evm.txt"
    assert steerco("evm", str(example), *trend, "--output", str(table)) == ""
    text = table.read_text(encoding="utf-8")
    assert "\x1b[" not in text and ("SPI" in text)
