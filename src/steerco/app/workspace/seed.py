"""Seeding a workspace: a first site admin and the bundled example projects, idempotently.

`make run` calls it through `steerco seed`; running it again adds nothing that is already
there (an example whose project exists is left as it is, edits included) and never
creates a second admin nor shows a password again.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from steerco.app.workspace.context import Principal, Workspace
from steerco.app.workspace.errors import InvalidRequestError, NotFoundError, WorkspaceError
from steerco.errors import ProjectError

__all__ = ["SeedResult", "SeededProject", "generate_password", "seed_workspace"]


@dataclass(frozen=True)
class SeededProject:
    """One example file: the project it is (or was) seeded as, or why it was skipped.

    `outcome`: `created`, `present` (the project existed: left untouched) or `skipped`
    (`reason` says why: the file does not validate, or cannot be read).
    """

    file: str
    project: str
    outcome: str
    revision: int | None = None
    reason: str = ""


@dataclass(frozen=True)
class SeedResult:
    """What seeding did: the admin's name, its password if created now (else None), the projects."""

    admin: str
    password: str | None
    projects: tuple[SeededProject, ...]


def generate_password() -> str:
    """A random password of 24 URL-safe characters (144 bits)."""
    return secrets.token_urlsafe(18)


def _admin(workspace: Workspace, name: str) -> tuple[Principal, str | None]:
    """The site admin `name` as a principal, created with a fresh password when missing."""
    from steerco.app.workspace.accounts import create_user, list_users

    existing = {user.name: user for user in list_users(workspace=workspace)}
    password = None
    user = existing.get(name)
    if user is None:
        password = generate_password()
        user = create_user(
            workspace=workspace,
            name=name,
            password=password,
            display_name="Site admin",
            admin=True,
        )
    elif not user.is_admin or user.disabled:
        raise InvalidRequestError(
            f"the user {name!r} exists but is not an active site admin; seed with another --admin"
        )
    return Principal(user_id=user.id, name=user.name, is_admin=True), password


def _seed_file(workspace: Workspace, principal: Principal, path: Path) -> SeededProject:
    """Push one example file as the project named by its stem, unless that project exists."""
    from steerco.app.workspace.projects import get_project, push_project
    from steerco.formats.files import read_text

    slug = path.stem
    try:
        found = get_project(workspace=workspace, principal=principal, project=slug)
        return SeededProject(str(path), slug, "present", found.revision)
    except NotFoundError:
        pass
    try:
        text = read_text(path)
        pushed = push_project(
            workspace=workspace,
            principal=principal,
            text=text,
            file_name=path.name,
            project=slug,
        )
    except ProjectError as error:
        return SeededProject(str(path), slug, "skipped", reason=error.diagnostics[0].format())
    except WorkspaceError as error:
        first = error.diagnostics[0].format() if error.diagnostics else error.message
        return SeededProject(str(path), slug, "skipped", reason=first)
    return SeededProject(str(path), pushed.project, "created", pushed.number)


def seed_workspace(
    *, workspace: Workspace, files: Sequence[Path], admin: str = "admin"
) -> SeedResult:
    """Create the site admin `admin` if missing, then each file's project if missing.

    A project is named by its file's stem; one that exists is left untouched (re-seeding
    never overwrites edits), and a file that does not validate is skipped with its first
    diagnostic. The admin's generated password is returned only when created now.
    """
    principal, password = _admin(workspace, admin)
    seeded = tuple(_seed_file(workspace, principal, Path(path)) for path in files)
    return SeedResult(admin=admin, password=password, projects=seeded)
