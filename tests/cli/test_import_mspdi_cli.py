"""`steerco import` and `steerco schedule` on a real MS Project XML file (tests/data/interop/cli).

The dates stored in tiny.xml are derived by hand in its header comment.
"""

from __future__ import annotations

import json
from pathlib import Path

from cli_runner import steerco
from steerco.formats.loader import load_project

TINY = Path(__file__).parents[1] / "data" / "interop" / "cli" / "tiny.xml"


def test_schedule_reads_the_mspdi_file_with_its_dates() -> None:
    result = steerco("schedule", TINY, "--method", "cpm", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = {t["id"]: (t["start"], t["finish"]) for t in json.loads(result.stdout)["tasks"]}
    assert rows["1"] == ("2027-01-04", "2027-01-11")
    assert rows["2"] == ("2027-01-04", "2027-01-06")
    assert rows["3"] == ("2027-01-08", "2027-01-11")
    assert rows["4"] == ("2027-01-11", "2027-01-11")


def test_import_matches_every_stored_date_and_writes_a_project_file(tmp_path: Path) -> None:
    out = tmp_path / "tiny.yaml"
    result = steerco("import", TINY, "--out", out, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["dates"]["mismatches"] == []
    assert data["dates"]["checked"] >= 4
    assert (data["format"], data["tool"], data["project"]) == ("mspdi", "msproject", "Tiny plan")
    project = load_project(out)
    assert [t.id for t in project.all_tasks()][-4:] == ["1", "2", "3", "4"]
    assert "# Tool: MS Project; format: MSPDI XML" in out.read_text(encoding="utf-8")


XER = Path(__file__).parents[1] / "data" / "interop" / "xer" / "multi_1251.xer"


def test_a_multi_project_xer_is_ambiguous_for_schedule_but_not_for_import() -> None:
    result = steerco("schedule", XER)
    assert result.exit_code == 2
    assert result.stderr == (
        f"{XER}:5: unknown_foreign_project: the file holds 2 projects (ALPHA, BETA); write one "
        f"to a project file first: steerco import {XER} --project ID --out x.yaml\n"
    )
    chosen = steerco("import", XER, "--project", "BETA", "--format", "json")
    assert chosen.exit_code == 0, chosen.output
    data = json.loads(chosen.stdout)
    assert (data["project_id"], data["projects"]) == ("BETA", ["ALPHA", "BETA"])


BASELINES = Path(__file__).parents[1] / "data" / "interop" / "mspdi" / "baselines.xml"


def test_the_baselines_of_an_mspdi_file_go_to_the_sidecar(tmp_path: Path) -> None:
    from steerco.formats.baselines_file import load_baselines
    from steerco.formats.foreign.read import read_foreign

    out = tmp_path / "b.yaml"
    result = steerco("import", BASELINES, "--out", out, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["baselines"] == str(tmp_path / "b.baselines.yaml")
    stored = read_foreign(BASELINES).baselines
    saved = load_baselines(out)
    assert saved.names() == list(stored)
    for baseline in saved.baselines:
        for task in baseline.tasks:
            dates = stored[baseline.name][task.id]
            assert (task.start, task.finish, task.cost) == (dates.start, dates.finish, dates.cost)
