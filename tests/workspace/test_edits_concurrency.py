"""Two editors at once: one transaction waits for the other and sees what it wrote."""

from __future__ import annotations

import threading
from typing import Any

from steerco.app.workspace.audit import list_audit
from steerco.app.workspace.context import Workspace
from steerco.app.workspace.edits import edit_entity
from steerco.app.workspace.errors import EditConflictError
from steerco.app.workspace.projects import pull_project, push_project
from workspace.projects_support import PLAN, user


def _race(workspace: Workspace, edits: list[dict[str, Any]]) -> list[Any]:
    """Run the edits in threads released together; each one's result or exception."""
    ann = user(workspace, "ann")
    push_project(workspace=workspace, principal=ann, text=PLAN, file_name="p.yaml")
    start = threading.Barrier(len(edits))
    outcomes: list[Any] = [None] * len(edits)

    def run(index: int) -> None:
        start.wait()
        try:
            outcomes[index] = edit_entity(
                workspace=workspace,
                principal=ann,
                project="p",
                collection="tasks",
                key="code",
                changes=edits[index],
                base_revision=1,
            )
        except EditConflictError as error:
            outcomes[index] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(edits))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def test_two_editors_of_one_field_at_once_one_wins(workspace: Workspace) -> None:
    outcomes = _race(workspace, [{"duration": 7}, {"duration": 9}])
    conflicts = [o for o in outcomes if isinstance(o, EditConflictError)]
    applied = [o for o in outcomes if not isinstance(o, EditConflictError)]
    assert (len(applied), len(conflicts)) == (1, 1)
    assert applied[0].revision.number == 2
    won = applied[0].row.data["duration"]
    assert conflicts[0].detail == {"current": {"duration": won}, "revision": 2}
    ann = user(workspace, "auditor", admin=True)
    text = pull_project(workspace=workspace, principal=ann, project="p").text
    assert f"duration: {won.removesuffix('d')}, after: [design]" in text
    log = list_audit(workspace=workspace, principal=ann, project="p").items
    assert sorted((e.operation, e.outcome) for e in log) == [
        ("edit", "applied"),
        ("edit", "conflict"),
        ("push", "applied"),
    ]


def test_two_editors_of_different_fields_at_once_both_land(workspace: Workspace) -> None:
    outcomes = _race(workspace, [{"duration": 7}, {"name": "Write the code"}])
    assert sorted(o.revision.number for o in outcomes) == [2, 3]
    ann = user(workspace, "auditor", admin=True)
    text = pull_project(workspace=workspace, principal=ann, project="p").text
    assert "- {id: code, name: Write the code, duration: 7, after: [design]" in text
