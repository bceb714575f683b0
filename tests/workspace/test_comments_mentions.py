"""Mentions in comments, comments on decisions, and "mentions of you" (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from steerco.app.workspace.comments import (
    add_comment,
    comment_parts,
    list_comments,
    mentions_in,
    mentions_of,
)
from steerco.app.workspace.context import Principal, Role, Workspace
from steerco.app.workspace.errors import ForbiddenError, NotFoundError
from steerco.app.workspace.projects import push_project
from workspace.projects_support import PLAN, member, user

DECISIONS = "decisions:\n  - {id: d1, title: Pick a vendor}\n"
MEMBERS = frozenset({"ana", "bo", "ana.b"})


def test_a_mention_is_an_at_sign_and_a_members_name() -> None:
    assert mentions_in("@ana and @bo, not @cleo", MEMBERS) == ("ana", "bo")
    assert mentions_in("thanks @ana. And @ana!", MEMBERS) == ("ana",)  # once, dot not in it
    assert mentions_in("ask @ana.b today", MEMBERS) == ("ana.b",)  # the longest member name
    assert mentions_in("mail ana@bo.org or @@bo", MEMBERS) == ()  # an address is no mention
    assert mentions_in("@Ana is not a user name", MEMBERS) == ()


def test_the_parts_of_a_comment_mark_the_mentions() -> None:
    parts = comment_parts("Hi @ana, see @cleo.", MEMBERS)
    assert [(p.text, p.mention) for p in parts] == [
        ("Hi ", None),
        ("@ana", "ana"),
        (", see @cleo.", None),
    ]


@given(st.text(alphabet="ab.@ ,!-_xyz", max_size=40))
def test_the_parts_put_together_are_the_text(text: str) -> None:
    parts = comment_parts(text, MEMBERS)
    assert "".join(p.text for p in parts) == text
    assert all(p.mention is None or p.text == f"@{p.mention}" for p in parts)
    assert {p.mention for p in parts if p.mention} <= MEMBERS


def _team(workspace: Workspace) -> tuple[Principal, Principal, Principal]:
    """ann owns project p (with decision d1); bo is a member, cleo a client."""
    ann, bo, cleo = user(workspace, "ann"), user(workspace, "bo"), user(workspace, "cleo")
    push_project(workspace=workspace, principal=ann, text=PLAN + DECISIONS, file_name="p.yaml")
    member(workspace, "p", bo, Role.member, resource="bo")
    member(workspace, "p", cleo, Role.client)
    return ann, bo, cleo


def test_a_client_comments_on_a_decision_and_on_nothing_else(workspace: Workspace) -> None:
    _, bo, cleo = _team(workspace)
    said = add_comment(
        workspace=workspace, principal=cleo, project="p", target="decisions/d1", text="@ann yes"
    )
    assert said.mentions == ("ann",)
    with pytest.raises(ForbiddenError):
        add_comment(workspace=workspace, principal=cleo, project="p", target="tasks/code", text="x")
    with pytest.raises(NotFoundError, match="no decision 'd9'"):
        add_comment(workspace=workspace, principal=bo, project="p", target="decisions/d9", text="?")
    on_d1 = list_comments(workspace=workspace, principal=cleo, project="p", target="decisions/d1")
    assert [(c.author, c.text) for c in on_d1] == [("cleo", "@ann yes")]
    with pytest.raises(ForbiddenError):
        list_comments(workspace=workspace, principal=cleo, project="p")


def test_mentions_of_me_are_newest_first_and_only_those_i_may_read(workspace: Workspace) -> None:
    ann, bo, cleo = _team(workspace)
    for who, target, text in (
        (ann, "tasks/code", "@bo first"),
        (ann, "tasks/code", "@cleo on a task"),
        (bo, "decisions/d1", "@cleo, @bo here: second"),
        (ann, "", "@bob is not bo, nor is b@bo"),
    ):
        add_comment(workspace=workspace, principal=who, project="p", target=target, text=text)
    assert [c.text for c in mentions_of(workspace=workspace, principal=bo)] == [
        "@cleo, @bo here: second",
        "@bo first",
    ]
    # The client reads decisions only: the task comment mentioning them is left out.
    assert [c.text for c in mentions_of(workspace=workspace, principal=cleo)] == [
        "@cleo, @bo here: second"
    ]
    assert mentions_of(workspace=workspace, principal=bo, limit=1)[0].target == "decisions/d1"
    outsider = user(workspace, "dan")
    assert mentions_of(workspace=workspace, principal=outsider) == []
