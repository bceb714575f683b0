"""A seeded workspace behind a TestClient, shared by the API tests.

Users: `owner` pushed project `plan` (tests/workspace/api_plan.yaml) and owns it;
`manager`, `member` (linked to resource `ana`) and `client` have those roles there;
`outsider` belongs to no project; `admin` is a site admin and a member of none. `owner`
also owns project `other`. Tokens: one per user, plus the owner's expired, revoked and
scoped-to-`other` tokens.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from fastapi.testclient import TestClient

from steerco.app.workspace.accounts import create_user
from steerco.app.workspace.context import Role, Workspace
from steerco.app.workspace.members import add_member
from steerco.app.workspace.projects import push_project
from steerco.app.workspace.tokens import create_token, principal_for_token, revoke_token
from steerco.web.app import create_app

PLAN_TEXT = (Path(__file__).parent / "api_plan.yaml").read_text(encoding="utf-8")
PASSWORD = "correct horse battery"
USERS = ("owner", "manager", "member", "client", "outsider", "admin")


@dataclass
class Seeded:
    """The client, the workspace and one bearer token per caller kind."""

    client: TestClient
    workspace: Workspace
    tokens: dict[str, str]

    def headers(self, who: str) -> dict[str, str]:
        """The Authorization header of `who` (none for "anonymous")."""
        if who == "anonymous":
            return {}
        return {"Authorization": f"Bearer {self.tokens[who]}"}


def seed(workspace: Workspace, *, raise_server_exceptions: bool = True) -> Seeded:
    """Users, tokens, projects `plan` and `other`, and memberships, on `workspace`."""
    for name in USERS:
        create_user(workspace=workspace, name=name, password=PASSWORD, admin=name == "admin")
    tokens = {
        name: create_token(workspace=workspace, user=name, name="tests").secret for name in USERS
    }
    owner = principal_for_token(workspace=workspace, secret=tokens["owner"])
    push_project(
        workspace=workspace, principal=owner, text=PLAN_TEXT, file_name="plan.yaml", project="plan"
    )
    push_project(
        workspace=workspace,
        principal=owner,
        text=PLAN_TEXT,
        file_name="other.yaml",
        project="other",
    )
    for user, role, resource in (
        ("manager", Role.manager, None),
        ("member", Role.member, "ana"),
        ("client", Role.client, None),
    ):
        add_member(
            workspace=workspace,
            principal=owner,
            project="plan",
            user=user,
            role=role,
            resource=resource,
        )
    long_ago = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    tokens["expired"] = create_token(
        workspace=workspace,
        user="owner",
        name="expired",
        expires=long_ago + dt.timedelta(days=1),
        now=long_ago,
    ).secret
    revoked = create_token(workspace=workspace, user="owner", name="revoked")
    revoke_token(workspace=workspace, user="owner", token_id=revoked.token.id)
    tokens["revoked"] = revoked.secret
    tokens["other_scope"] = create_token(
        workspace=workspace, user="owner", name="scoped", projects=["other"]
    ).secret
    app = create_app(workspace, start_jobs=False)
    client = TestClient(app, raise_server_exceptions=raise_server_exceptions)
    return Seeded(client=client, workspace=workspace, tokens=tokens)
