"""`check_entry_edit` raises exactly what `check_project` raises after one task is replaced.

The workspace validates an edit of one task by checking again only what that task can
change (`model.validate.check_entry_edit`). The reference is the whole check on the same
project. Random valid plans (a WBS up to 3 deep, random links) get one task replaced the
way the one-entry editor replaces it (`yaml_entry_edit._spliced`: the containers on its
path rebuilt, every other object kept) with a change that is harmless or breaks a rule:
a name, a duration (fractional, in hours, a summary's, one that takes the plan's sum past
the longest horizon steerco plans), a deadline before the start, an
unknown calendar or resource, a link added (to a known task, an unknown one, or making a
cycle) or dropped, an id changed (to a fresh one or a taken one), a milestone flag.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from model.random_plans import plans
from steerco.errors import Diagnostic, ProjectError
from steerco.formats.project_yaml import parse_project_yaml
from steerco.formats.yaml_entry_edit import _spliced
from steerco.model import Project, Task
from steerco.model.validate import check_entry_edit, check_project

CHANGES = [
    "name",
    "duration",
    "duration_fraction",
    "duration_hours",
    "duration_near_the_horizon",
    "deadline_before_start",
    "unknown_calendar",
    "unknown_resource",
    "link_known",
    "link_unknown",
    "unlinked",
    "fresh_id",
    "taken_id",
    "milestone",
]


def _changed(task: Task, change: str, other: str) -> dict[str, Any]:
    """The fields to revise `task` with (`other`: another task's id)."""
    plain: dict[str, Any] = {
        "name": {"name": "renamed"},
        "duration": {"duration": 4},
        "duration_fraction": {"duration": 2.5},
        "duration_hours": {"duration": "3h"},
        "duration_near_the_horizon": {"duration": 36_495},
        "deadline_before_start": {"deadline": dt.date(2020, 1, 1)},
        "unknown_calendar": {"calendar": "night-shift"},
        "unknown_resource": {"estimated_by": "nobody"},
        "link_known": {"after": (*task.after, {"task": other})},
        "link_unknown": {"after": ({"task": "no-such-task"},)},
        "unlinked": {"after": ()},
        "fresh_id": {"id": "brand-new"},
        "taken_id": {"id": other},
        "milestone": {"milestone": not task.milestone, "duration": None},
    }
    return plain[change]


def _outcome(check: Any) -> list[tuple[str, tuple[Any, ...], str]] | None:
    try:
        check()
    except ProjectError as error:
        return [_shown(d) for d in error.diagnostics]
    return None


def _shown(diagnostic: Diagnostic) -> tuple[str, tuple[Any, ...], str]:
    return (str(diagnostic.code), tuple(diagnostic.path), diagnostic.message)


@settings(max_examples=250, deadline=None)
@given(plans(), st.integers(0, 10_000), st.integers(0, 10_000), st.sampled_from(CHANGES))
def test_the_edit_check_raises_what_the_whole_check_raises(
    text: str, pick: int, other_pick: int, change: str
) -> None:
    try:
        previous = parse_project_yaml(text, "p.yaml")
    except ProjectError:
        assume(False)  # a drawn plan with a cycle: no valid revision to edit
        return
    placed = list(previous.placed_tasks())
    target = placed[pick % len(placed)]
    other = placed[other_pick % len(placed)].task.id
    try:
        fields = {
            name: getattr(target.task, name) for name in target.task.model_fields_set
        } | _changed(target.task, change, other)
        edited = Task.model_validate(fields)
        project = _spliced(previous, target.path, edited)
    except ValidationError:
        assume(False)  # refused by the task's own fields before any whole-project check
        return
    assert isinstance(project, Project)
    whole = _outcome(lambda: check_project(project))
    assert _outcome(lambda: check_entry_edit(project, previous, target.path)) == whole
