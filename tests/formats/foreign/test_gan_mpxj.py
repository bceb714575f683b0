"""What MPXJ 16 loses on a GanttProject file that steerco's own reader keeps.

MPXJ's GanttProjectReader reads `<depend>` only on top-level tasks and turns every
`thirdDate` into a start-no-earlier-than constraint; GanttProject applies a thirdDate
only with `thirdDate-constraint="1"`. The nested file holds 7 links, 6 of them on nested
tasks, and one thirdDate without the flag (task 11).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from steerco.formats.foreign.gan_read import read_gan
from steerco.formats.foreign.jvm import mpxj_available, start_jvm

NESTED = Path(__file__).parents[2] / "data" / "interop" / "gan" / "nested_links.gan"

pytestmark = pytest.mark.skipif(not mpxj_available(), reason="needs the mpxj extra and Java")


def _mpxj(source: Path) -> Any:
    start_jvm(str(source))
    from org.mpxj.reader import UniversalProjectReader

    project = UniversalProjectReader().read(str(source))
    assert project is not None, "MPXJ does not recognise the file"
    return project


def _links_in_file(source: Path) -> int:
    """The file's own count: its `<depend>` elements at any depth."""
    return sum(1 for _ in etree.parse(str(source)).iter("depend"))


def test_steerco_reads_every_link_mpxj_only_the_top_level_ones() -> None:
    plan = read_gan(NESTED)
    ours = sum(len(task.get("after", [])) for task in _walk(plan.data["tasks"]))
    assert ours == _links_in_file(NESTED) == 7
    project = _mpxj(NESTED)
    theirs = sum(len(list(task.getPredecessors())) for task in project.getTasks())
    assert theirs == 1  # only Design -> Release, on a top-level task
    assert theirs < ours


def test_mpxj_makes_an_unflagged_third_date_a_constraint_steerco_does_not() -> None:
    plan = read_gan(NESTED)
    review = next(t for t in _walk(plan.data["tasks"]) if t["id"] == "11")
    assert "start_no_earlier_than" not in review
    project = _mpxj(NESTED)
    task = next(t for t in project.getTasks() if str(t.getName()) == "Review")
    assert str(task.getConstraintType()) == "START_NO_EARLIER_THAN"
    assert str(task.getConstraintDate()).startswith("2024-01-10")


def _walk(tasks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for task in tasks:
        found.append(task)
        found.extend(_walk(task.get("children", [])))
    return found
