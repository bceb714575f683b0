"""Rows derived from the current revision: counts and parents checked by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from steerco.app.workspace.context import Role, Workspace
from steerco.app.workspace.errors import ForbiddenError, NotFoundError
from steerco.app.workspace.projects import push_project
from steerco.app.workspace.rows import get_row, list_rows
from workspace.projects_support import PLAN, member, user

ROOT = Path(__file__).resolve().parents[2]


def _keys(workspace: Workspace, principal, project: str, collection: str) -> list[str]:  # type: ignore[no-untyped-def]
    page = list_rows(
        workspace=workspace, principal=principal, project=project, collection=collection, limit=1000
    )
    assert page.total == len(page.items)
    return [row.key for row in page.items]


def test_rows_of_the_small_plan(workspace: Workspace) -> None:
    ann = user(workspace, "ann")
    push_project(workspace=workspace, principal=ann, text=PLAN, file_name="p.yaml")
    tasks = list_rows(workspace=workspace, principal=ann, project="p", collection="tasks").items
    assert [(t.key, t.parent, t.position) for t in tasks] == [
        ("design", None, 0),
        ("build", None, 1),
        ("code", "build", 2),
        ("test", "build", 3),
        ("ship", None, 4),
    ]
    assert tasks[1].data["kind"] == "summary" and tasks[1].data["children"] == ["code", "test"]
    links = list_rows(workspace=workspace, principal=ann, project="p", collection="dependencies")
    assert [(r.key, r.data["type"], r.data["lag"]) for r in links.items] == [
        ("code:design", "FS", "0d"),
        ("test:code", "SS", "2d"),
        ("ship:build", "FS", "0d"),
    ]
    assert _keys(workspace, ann, "p", "resources") == ["ana", "bo"]
    assert _keys(workspace, ann, "p", "risks") == ["r1"]
    assert _keys(workspace, ann, "p", "milestones") == ["ship"]
    assert _keys(workspace, ann, "p", "gates") == []
    risk = get_row(workspace=workspace, principal=ann, project="p", collection="risks", key="r1")
    assert (risk.name, risk.data["probability"], risk.data["tasks"]) == (
        "Vendor late",
        0.3,
        ["code"],
    )


def test_rows_of_the_scrum_example(workspace: Workspace) -> None:
    ann = user(workspace, "ann")
    text = (ROOT / "examples" / "scrum-recommender.yaml").read_text()
    push_project(workspace=workspace, principal=ann, text=text, file_name="scrum.yaml")
    tasks = list_rows(
        workspace=workspace, principal=ann, project="scrum", collection="tasks", limit=100
    )
    assert tasks.total == 18  # 4 summaries, 11 leaves, 3 milestones
    parents = {row.key: row.parent for row in tasks.items}
    assert (parents["discovery"], parents["go-no-go"], parents["handover"]) == (
        None,
        "discovery",
        "rollout",
    )
    links = _keys(workspace, ann, "scrum", "dependencies")
    assert len(links) == 15
    assert links[:3] == ["data-audit:kickoff", "success-metrics:kickoff", "sprint-zero:kickoff"]
    assert "ranking:candidates" in links and "rollout:launch" in links
    assert _keys(workspace, ann, "scrum", "gates") == ["go-no-go", "launch"]
    assert _keys(workspace, ann, "scrum", "milestones") == ["go-no-go", "launch", "handover"]
    assert _keys(workspace, ann, "scrum", "sprints") == ["S1", "S2", "S3", "S4", "S5", "S6"]
    assert len(_keys(workspace, ann, "scrum", "resources")) == 9
    assert len(_keys(workspace, ann, "scrum", "risks")) == 4
    assert len(_keys(workspace, ann, "scrum", "backlog")) == 41


def test_filters_and_pages(workspace: Workspace) -> None:
    ann = user(workspace, "ann")
    text = (ROOT / "examples" / "scrum-recommender.yaml").read_text()
    push_project(workspace=workspace, principal=ann, text=text, file_name="scrum.yaml")
    build = list_rows(
        workspace=workspace,
        principal=ann,
        project="scrum",
        collection="tasks",
        filters={"parent": "build"},
    )
    assert [r.key for r in build.items] == ["candidates", "ranking", "serving"]
    epics = list_rows(
        workspace=workspace,
        principal=ann,
        project="scrum",
        collection="backlog",
        filters={"type": "epic"},
        offset=1,
        limit=1,
    )
    assert (epics.total, [r.key for r in epics.items]) == (3, ["REC-E2"])
    named = list_rows(
        workspace=workspace,
        principal=ann,
        project="scrum",
        collection="tasks",
        filters={"name": "ROLLOUT"},
    )
    assert [r.key for r in named.items] == ["rollout", "full-traffic"]
    second = list_rows(
        workspace=workspace, principal=ann, project="scrum", collection="tasks", offset=16
    )
    assert (second.total, [r.key for r in second.items]) == (18, ["hypercare", "handover"])


def test_a_client_reads_milestones_only(workspace: Workspace) -> None:
    ann, cleo = user(workspace, "ann"), user(workspace, "cleo")
    push_project(workspace=workspace, principal=ann, text=PLAN, file_name="p.yaml")
    member(workspace, "p", cleo, Role.client)
    ship = list_rows(workspace=workspace, principal=cleo, project="p", collection="milestones")
    assert [(r.key, r.data) for r in ship.items] == [
        ("ship", {"id": "ship", "name": "Ship", "deadline": None, "reached": None})
    ]
    with pytest.raises(ForbiddenError):
        list_rows(workspace=workspace, principal=cleo, project="p", collection="tasks")
    with pytest.raises(NotFoundError):
        get_row(workspace=workspace, principal=ann, project="p", collection="tasks", key="nope")
    with pytest.raises(NotFoundError):
        list_rows(workspace=workspace, principal=ann, project="p", collection="people")


def test_an_edit_rewrites_only_the_rows_it_changes(workspace: Workspace) -> None:
    from sqlalchemy import select

    from steerco.app.workspace.edits import edit_entity
    from steerco.store.tables import ProjectRow

    def stored() -> dict[tuple[str, str], tuple[int, dict[str, object]]]:
        with workspace.transaction() as session:
            rows = session.execute(
                select(ProjectRow.id, ProjectRow.collection, ProjectRow.key, ProjectRow.data)
            )
            return {(c, k): (i, d) for i, c, k, d in rows}

    ann = user(workspace, "ann")
    push_project(workspace=workspace, principal=ann, text=PLAN, file_name="p.yaml")
    before = stored()
    edit_entity(
        workspace=workspace,
        principal=ann,
        project="p",
        collection="tasks",
        key="ship",
        changes={"name": "Shipped"},
    )
    after = stored()
    assert {key: row_id for key, (row_id, _) in after.items()} == {
        key: row_id for key, (row_id, _) in before.items()
    }
    changed = sorted(key for key in after if after[key][1] != before[key][1])
    assert changed == [("milestones", "ship"), ("tasks", "ship")]
