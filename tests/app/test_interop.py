"""`import_plan`: read, validate, check the dates, write the YAML and the baselines sidecar."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from fake_foreign import D, install
from steerco.app.interop import import_plan
from steerco.errors import ProjectError
from steerco.formats.baselines_file import load_baselines
from steerco.formats.loader import load_project
from steerco.model import Project

TODAY = dt.date(2027, 3, 1)


def test_the_dates_are_checked_against_the_stored_ones(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    install(monkeypatch)
    result = import_plan(path=tmp_path / "plan.xml", today=TODAY)
    assert result.out is None and result.baselines is None
    assert result.dates.checked == 4
    wrong = {m.id: (m.start, m.finish) for m in result.dates.mismatches}
    assert wrong == {"2": (D(2027, 1, 8), D(2027, 1, 11)), "S": (D(2027, 1, 4), D(2027, 1, 11))}
    assert result.project.task("2").name == "Build"


def test_the_yaml_reads_back_as_the_same_project_with_its_header(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    install(monkeypatch)
    out = tmp_path / "plan.yaml"
    result = import_plan(path=tmp_path / "plan.xml", out=out, today=TODAY)
    assert result.out == out
    assert load_project(out) == result.project == Project.model_validate(result.plan.data)
    text = out.read_text(encoding="utf-8")
    header = [line for line in text.splitlines() if line.startswith("#")]
    assert header == [
        "# Imported by `steerco import` from plan.xml on 2027-03-01.",
        f"# Source: {tmp_path / 'plan.xml'}",
        "# Tool: MS Project; format: MSPDI XML",
        "# Conversion: 7 carried, 1 approximated, 2 dropped (run `steerco import plan.xml` "
        "for the report).",
        "# Edit freely: steerco does not read this header.",
    ]
    assert "after: [1 FS+1d]" in text and "start: 2027-01-04\n" in text


def test_baselines_go_to_the_sidecar_in_working_units(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    install(monkeypatch)
    out = tmp_path / "plan.yaml"
    result = import_plan(path=tmp_path / "plan.xml", out=out, today=TODAY)
    assert result.baselines == tmp_path / "plan.baselines.yaml"
    (saved,) = load_baselines(out).baselines
    assert (saved.name, saved.saved, saved.finish_units) == ("Baseline", TODAY, 5)
    units = {t.id: (t.start_units, t.finish_units, t.cost) for t in saved.tasks}
    # Jan 4 is unit 0; Jan 6 ends at 3, Jan 7 starts at 3, Jan 8 ends at 5; the milestone
    # on Jan 8 is the end of that day
    assert units == {
        "S": (0, 5, 500.0),
        "1": (0, 3, 300.0),
        "2": (3, 5, 200.0),
        "3": (5, 5, 0.0),
    }
    assert saved.task("S").children == ("1", "2")
    header = (tmp_path / "plan.baselines.yaml").read_text(encoding="utf-8").splitlines()[0]
    written_by = "written by `steerco import` from plan.xml (see docs/baselines.md)."
    assert header == f"# Baselines of plan.yaml, {written_by}"
    assert ("baselines", "carried", 1) in [(e.what, e.outcome, e.count) for e in result.plan.report]


def test_a_baseline_date_off_the_calendar_is_reported_as_approximated(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from fake_foreign import BASELINES
    from steerco.formats.foreign.plan import BaselineDates

    early = BaselineDates(D(2027, 1, 2), D(2027, 1, 6), 3)  # a Saturday, before the start
    moved = {"Baseline": {**BASELINES["Baseline"], "1": early}}
    install(monkeypatch, baselines=moved)
    result = import_plan(path=tmp_path / "plan.xml", out=tmp_path / "p.yaml", today=TODAY)
    entries = {(e.what, e.outcome): e for e in result.plan.report}
    found = entries["baseline task dates", "approximated"]
    assert (found.count, found.examples) == (1, ("1",))
    assert "next working day" in found.rule


def test_an_invalid_plan_names_the_task_and_field_at_the_source(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from fake_foreign import data

    bad = data()
    bad["tasks"][1]["duration"] = "-2d"
    bad["tasks"][1].pop("milestone")
    install(monkeypatch, data=bad)
    source = tmp_path / "plan.xml"
    with pytest.raises(ProjectError) as caught:
        import_plan(path=source)
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.file == str(source)
    assert diagnostic.format().startswith(f"{source}: ")
    assert "task 3 (Done), duration: " in diagnostic.message
    assert not (tmp_path / "plan.yaml").exists()


def test_an_import_without_baselines_removes_the_sidecar_of_the_file_it_replaces(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    out = tmp_path / "plan.yaml"
    install(monkeypatch)
    import_plan(path=tmp_path / "plan.xml", out=out, today=TODAY)
    sidecar = tmp_path / "plan.baselines.yaml"
    assert sidecar.exists()
    install(monkeypatch, baselines={})
    result = import_plan(path=tmp_path / "other.xml", out=out, today=TODAY)
    # a baseline of the plan replaced would measure this one against another plan
    assert (result.baselines, result.removed) == (None, sidecar)
    assert not sidecar.exists() and load_baselines(out).baselines == ()
    again = import_plan(path=tmp_path / "other.xml", out=out, today=TODAY)
    assert (again.baselines, again.removed) == (None, None)
