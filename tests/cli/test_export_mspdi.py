"""`steerco export FILE --out plan.xml`: MS Project XML through the MSPDI writer, with notes."""

from __future__ import annotations

import json
from pathlib import Path

from lxml import etree

from cli_runner import steerco

MSPDI = "{http://schemas.microsoft.com/project}"

PLAN = """\
name: Demo
start: 2027-01-04
resources:
  - {id: r, name: Engineer, rate: 100}
tasks:
  - id: s
    name: Stage
    children:
      - {id: a, name: Alpha, duration: 2d..3d..5d, demands: {r: 1}}
      - {id: b, name: Beta, duration: 2d, after: ["a FS+1d"]}
  - {id: m, name: Done, milestone: true, after: [s]}
"""


def test_mspdi_export_writes_ms_project_xml_and_says_what_it_cannot_hold(
    tmp_path: Path,
) -> None:
    plan = tmp_path / "demo.yaml"
    plan.write_text(PLAN, encoding="utf-8")
    assert steerco("baseline", plan).exit_code == 0
    out = tmp_path / "plan.xml"
    result = steerco("export", plan, "--out", out, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["format"], data["tasks"], data["links"]) == ("mspdi", 4, 2)
    assert data["baseline"] == "baseline"
    assert data["bytes"] == out.stat().st_size
    assert any(note.startswith("1 three-point estimate") for note in data["notes"])
    assert any("lag" in note and "project calendar" in note for note in data["notes"])
    root = etree.fromstring(out.read_bytes(), etree.XMLParser(resolve_entities=False))
    assert root.tag == f"{MSPDI}Project"
    names = {task.findtext(f"{MSPDI}Name") for task in root.iter(f"{MSPDI}Task")}
    assert {"Stage", "Alpha", "Beta", "Done"} <= names
    assert {r.findtext(f"{MSPDI}Name") for r in root.iter(f"{MSPDI}Resource")} >= {"Engineer"}


def test_mspdi_is_the_format_of_an_xml_out_and_the_table_says_so(tmp_path: Path) -> None:
    plan = tmp_path / "demo.yaml"
    plan.write_text(PLAN, encoding="utf-8")
    out = tmp_path / "plan.xml"
    result = steerco("export", plan, "--out", out)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"{out}: mspdi, ")
    assert "note: 1 three-point estimate written as the likely duration" in result.stdout


def test_the_holiday_note_counts_the_exceptions_the_file_holds(tmp_path: Path) -> None:
    plan = tmp_path / "us.yaml"
    plan.write_text(
        "name: US\nstart: 2027-01-04\ncalendar: {country: US}\ntasks:\n  - {id: a, duration: 5d}\n",
        encoding="utf-8",
    )
    out = tmp_path / "plan.xml"
    result = steerco("export", plan, "--out", out, "--format", "json")
    assert result.exit_code == 0, result.output
    (note,) = [n for n in json.loads(result.stdout)["notes"] if "public holidays" in n]
    # 2027: 15 days (tests/app/test_export.py); 2028: New Year's Day, MLK Day, Washington's
    # Birthday, Memorial Day, Juneteenth, Independence Day, Labor Day, Columbus Day,
    # Veterans Day (Sat 11, observed Fri 10), Thanksgiving, Christmas: 12. Together 27.
    assert "written as 27 exceptions (2027 to 2028)" in note
    root = etree.fromstring(out.read_bytes(), etree.XMLParser(resolve_entities=False))
    standard = next(
        c for c in root.iter(f"{MSPDI}Calendar") if c.findtext(f"{MSPDI}Name") == "Standard"
    )
    assert len(list(standard.iter(f"{MSPDI}Exception"))) == 27
