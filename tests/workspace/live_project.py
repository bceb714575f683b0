"""A project with its editors, set up through the use cases, for tests against a live server.

The database is prepared in the test's process (users, tokens, the pushed project, the
editors' memberships); the server under test then only sees requests.
"""

from __future__ import annotations

from dataclasses import dataclass

from steerco.app.workspace.accounts import create_user
from steerco.app.workspace.context import Role, open_workspace
from steerco.app.workspace.members import add_member
from steerco.app.workspace.projects import push_project
from steerco.app.workspace.tokens import create_token, principal_for_token

__all__ = ["LiveProject", "prepare_project"]


@dataclass(frozen=True)
class LiveProject:
    """The project's slug, its first revision and each editor's bearer header."""

    slug: str
    revision: int
    headers: dict[str, dict[str, str]]


def prepare_project(url: str, *, text: str, slug: str, editors: tuple[str, ...]) -> LiveProject:
    """Push `text` as `slug` (owned by `owner`) and make each editor a manager with a token."""
    workspace = open_workspace(url)
    try:
        headers = {}
        for name in ("owner", *editors):
            create_user(workspace=workspace, name=name, password=f"{name} long passphrase")
            secret = create_token(workspace=workspace, user=name, name="test").secret
            headers[name] = {"Authorization": f"Bearer {secret}"}
        owner = principal_for_token(
            workspace=workspace, secret=headers["owner"]["Authorization"].split()[1]
        )
        pushed = push_project(
            workspace=workspace, principal=owner, text=text, file_name=f"{slug}.yaml", project=slug
        )
        for name in editors:
            add_member(
                workspace=workspace, principal=owner, project=slug, user=name, role=Role.manager
            )
    finally:
        workspace.engine.dispose()
    return LiveProject(slug=slug, revision=pushed.number, headers=headers)
