"""app.risks: register, quantification, suggestions and adoption equal what the CLI prints;
a refused adoption leaves the file as it was, byte for byte."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from steerco.app.risks import adopt_risk, quantify_risks, risk_register, suggest_risks
from steerco.cli.main import app
from steerco.errors import ProjectError
from steerco.forecast.run import ForecastOptions

ROOT = Path(__file__).parents[2]
EXAMPLE = ROOT / "examples" / "support-assistant.yaml"
DAY = dt.date(2027, 3, 1)
runner = CliRunner()


def _cli(*args: str | Path) -> dict[str, Any]:
    result = runner.invoke(app, [*map(str, args), "--format", "json"])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_register_equals_what_the_cli_prints() -> None:
    report = risk_register(path=EXAMPLE, as_of=DAY, top=3)
    printed = _cli("risks", EXAMPLE, "--as-of", "2027-03-01", "--top", "3")
    assert [(a.risk.id, a.inherent.score, a.inherent.rating) for a in report.register.risks] == [
        (r["id"], r["score"], r["rating"]) for r in printed["risks"]
    ]
    assert list(report.register.top) == printed["top"]
    assert report.register.expected_delay == printed["totals"]["expected_delay"]
    assert report.quantification is None


def test_quantification_equals_what_the_cli_prints() -> None:
    options = ForecastOptions(iterations=200, seed=3)
    alone = quantify_risks(path=EXAMPLE, options=options)
    report = risk_register(path=EXAMPLE, as_of=DAY, quantify=options)
    printed = _cli(
        "risks", EXAMPLE, "--as-of", "2027-03-01", "--quantify", "-n", "200", "--seed", "3"
    )
    assert report.quantification == alone
    quantify = printed["quantify"]
    assert (alone.p80, alone.p80_without_risks) == (quantify["p80"], quantify["p80_without_risks"])
    assert alone.p80_finish is not None
    assert alone.p80_finish.isoformat() == quantify["p80_finish"]
    assert [(c.id, c.contribution) for c in alone.risks] == [
        (r["id"], r["contribution"]) for r in quantify["risks"]
    ]


def test_suggestions_equal_what_the_cli_prints() -> None:
    found = suggest_risks(path=EXAMPLE, top=4)
    printed = _cli("risks", "suggest", EXAMPLE, "--top", "4")
    assert [(s.risk.id, s.score, s.tasks) for s in found.suggestions] == [
        (s["id"], s["score"], tuple(s["tasks"])) for s in printed["suggestions"]
    ]


def test_adopt_writes_the_entry_the_cli_prints(tmp_path: Path) -> None:
    ours, theirs = tmp_path / "ours.yaml", tmp_path / "theirs.yaml"
    shutil.copy(EXAMPLE, ours)
    shutil.copy(EXAMPLE, theirs)
    adopted = adopt_risk(path=ours, risk_id="label-noise")
    printed = _cli("risks", "suggest", theirs, "--adopt", "label-noise")
    assert dict(adopted.entry) == printed["adopted"]
    assert ours.read_bytes() == theirs.read_bytes()
    assert adopted.project.risks[-1].id == "label-noise"


@pytest.mark.parametrize(
    ("risk_id", "code"),
    [("label-nose", "unknown_library_risk"), ("prompt-injection", "risk_exists")],
)
def test_a_refused_adoption_leaves_the_file_byte_identical(
    tmp_path: Path, risk_id: str, code: str
) -> None:
    path = tmp_path / "p.yaml"
    shutil.copy(EXAMPLE, path)
    if code == "risk_exists":
        adopt_risk(path=path, risk_id=risk_id)
    before = path.read_bytes()
    with pytest.raises(ProjectError) as raised:
        adopt_risk(path=path, risk_id=risk_id)
    assert raised.value.code == code
    assert path.read_bytes() == before
    if code == "risk_exists":  # located at the risk already in the register
        assert raised.value.diagnostics[0].file == str(path)
        assert raised.value.line is not None


def test_an_invalid_file_is_refused_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("name: P\ntasks:\n  - {id: a, duration: -1}\n", encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(ProjectError):
        adopt_risk(path=path, risk_id="label-noise")
    assert path.read_bytes() == before
