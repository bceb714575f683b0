"""Adopting a library risk writes it into the register with its defaults, and nothing else."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from steerco.errors import ProjectError
from steerco.formats.project_yaml import parse_project_yaml
from steerco.library.risks import load_risk_library
from steerco.risk.adopt import adopted_entry, library_risk
from steerco.risk.register import PlanScale

SOURCE = """\
# Churn model
name: Churn model
start: 2027-01-04
tasks:
  - {id: data, name: Data extract, duration: 5, cost: 30000}   # vendor invoice
  - {id: train, name: Train, duration: 10, after: [data], cost: 70000}
risks:
  - {id: late-data, title: Extract late, probability: 0.3, tasks: [data]}
"""


def test_defaults_are_the_midpoints() -> None:
    library = load_risk_library()
    risk = library_risk(library, "data-not-ready")  # probability 0.3..0.5, delay 5..25 days,
    project = parse_project_yaml(SOURCE)  # cost 2%..8% of the planned cost
    entry = adopted_entry(project, risk, PlanScale(15.0, 100_000.0))
    assert entry["probability"] == 0.4
    assert entry["impact"]["delay"] == {"low": 5, "likely": 15, "high": 25}
    assert entry["impact"]["cost"] == 5000  # 5% of 100,000
    assert entry["library"] == "data-not-ready"
    assert entry["plan"] == risk.contingency
    assert entry["actions"] == list(risk.responses)
    assert entry["status"] == "open"


def test_likely_delay_rounds_half_up_and_no_budget_means_no_cost() -> None:
    library = load_risk_library()
    risk = library_risk(library, "hallucination")  # delay 5..20: midpoint 12.5
    entry = adopted_entry(parse_project_yaml(SOURCE), risk, PlanScale(15.0, None))
    assert entry["impact"]["delay"]["likely"] == 13
    assert entry["impact"]["cost"] == 0


def test_unknown_library_id_suggests_the_closest() -> None:
    with pytest.raises(ProjectError) as caught:
        library_risk(load_risk_library(), "data-not-redy")
    assert caught.value.code == "unknown_library_risk"
    assert "'data-not-ready'" in str(caught.value)


def test_a_risk_already_adopted_is_refused_at_its_entry() -> None:
    project = parse_project_yaml(SOURCE.replace("tasks: [data]}", "tasks: [data], library: drift}"))
    with pytest.raises(ProjectError) as caught:
        adopted_entry(project, library_risk(load_risk_library(), "drift"), PlanScale(15, None))
    assert (caught.value.code, caught.value.path) == ("risk_exists", ("risks", 0, "id"))


def test_adopted_risk_is_appended_and_validates(tmp_path: Path) -> None:
    from steerco.app.risks import risk_appender
    from steerco.formats.yaml_edit import edit_project_file

    path = tmp_path / "churn.yaml"
    path.write_text(SOURCE, encoding="utf-8")
    project = parse_project_yaml(SOURCE)
    entry = adopted_entry(project, library_risk(load_risk_library(), "drift"), PlanScale(15, 1e5))
    edited = edit_project_file(path, risk_appender(entry))
    assert [r.id for r in edited.risks] == ["late-data", "drift"]
    assert edited.risks[1].library == "drift"
    after = path.read_text(encoding="utf-8")
    diff = list(difflib.ndiff(SOURCE.splitlines(), after.splitlines()))
    assert not [line for line in diff if line.startswith("- ")]  # nothing removed or changed
    assert "    impact:\n      delay: {low: 3, likely: 7, high: 10}\n" in after  # 3..10 days
