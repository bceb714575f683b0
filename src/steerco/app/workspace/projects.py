"""Projects as sequences of revisions: push, pull, list, get and delete.

A push stores the YAML text exactly as given (comments, order, line breaks) with its
sidecars (baselines, snapshots); a pull gives those texts back byte for byte. The text is
validated as `steerco validate` checks a file, and its derived rows replaced, in the same
transaction as the new revision.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from steerco.app.workspace.audit import record_audit
from steerco.app.workspace.context import Action, Principal, Role, Workspace
from steerco.app.workspace.errors import (
    EditConflictError,
    ForbiddenError,
    InvalidRequestError,
)
from steerco.app.workspace.pages import Page
from steerco.app.workspace.revision_files import (
    RevisionFiles,
    invalid_request,
    written_revision,
)
from steerco.app.workspace.revisions import (
    RevisionView,
    current_files,
    locked_project,
    revision_view,
    sha256_of,
    write_revision,
)
from steerco.app.workspace.rows import check_page
from steerco.app.workspace.timestamps import aware
from steerco.errors import ProjectError
from steerco.model import Project as Model
from steerco.store.tables import Membership, Project, Revision, User

__all__ = [
    "Page",
    "ProjectView",
    "PulledProject",
    "RevisionView",
    "current_revision_text",
    "delete_project",
    "get_project",
    "list_projects",
    "list_revisions",
    "project_slug",
    "pull_project",
    "push_project",
    "validated_text",
]

_SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]{0,119}$")
_YAML_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class ProjectView:
    """A project as a list shows it: its id (slug), name, current revision and your role."""

    slug: str
    name: str
    revision: int
    role: Role | None
    file_name: str
    updated_at: dt.datetime


@dataclass(frozen=True)
class PulledProject:
    """A revision's texts as pushed or edited, and the file name to write them to."""

    text: str
    baselines: str | None
    snapshots: str | None
    revision: int
    file_name: str


def project_slug(file_name: str) -> str:
    """A url-safe project id from a file name: its stem, lower case, other characters as `-`."""
    stem = Path(file_name).stem.lower()
    slug = re.sub(r"[^a-z0-9._-]+", "-", stem).strip("-._")[:120]
    return slug or "project"


def validated_text(
    text: str,
    file_name: str,
    files: RevisionFiles | None = None,
    *,
    pushed: RevisionFiles | None = None,
) -> Model:
    """The project `text` describes, checked as `steerco validate` checks a file.

    Another tool's plan is refused (push a project YAML: `steerco import` writes one);
    every problem raises InvalidRequestError with the located diagnostics. The sidecar
    texts a push sends (`pushed`: None where it sends none) are read as the commands read
    them, so one that no command could read is refused at its line then, not when a job
    first reads it.
    """
    from steerco.app.project import validate_project_file
    from steerco.formats.baselines_file import load_baselines
    from steerco.formats.project_yaml import parse_project_yaml
    from steerco.formats.snapshots import load_snapshots

    if Path(file_name).suffix.lower() not in _YAML_SUFFIXES:
        raise InvalidRequestError(
            f"{file_name}: a workspace keeps project files (.yaml); write another tool's plan "
            f"to one first (steerco import {file_name} --out project.yaml)"
        )
    with written_revision(files or RevisionFiles(text), file_name) as path:
        try:
            validate_project_file(path=path)
            model = parse_project_yaml(text, file_name)
            if pushed is not None and pushed.baselines is not None:
                load_baselines(path)
            if pushed is not None and pushed.snapshots is not None:
                load_snapshots(path)
            return model
        except ProjectError as error:
            raise invalid_request(error, path, file_name) from None


def _project_by_slug(session: Session, slug: str) -> Project | None:
    return session.scalar(select(Project).where(Project.slug == slug))


def _create(
    session: Session, principal: Principal, slug: str, file_name: str, model: Model
) -> Project:
    """A new project owned by the principal (a token scoped to projects may not create one)."""
    if principal.projects is not None:
        raise ForbiddenError("a token scoped to projects cannot create one; use another token")
    if not _SLUG.match(slug):
        raise InvalidRequestError(
            f"project id {slug!r} is not url-safe: write lower-case letters, digits, '.', '_' "
            "or '-', starting with a letter or digit"
        )
    project = Project(slug=slug, name=model.name[:300], file_name=Path(file_name).name, revision=0)
    session.add(project)
    try:
        session.flush()
    except IntegrityError:  # pushed at the same moment by someone else
        raise InvalidRequestError(
            f"project id {slug!r} was just taken: push again to add a revision, or choose "
            "another --project"
        ) from None
    session.add(Membership(project_id=project.id, user_id=principal.user_id, role=Role.owner))
    return project


def push_project(
    *,
    workspace: Workspace,
    principal: Principal,
    text: str,
    file_name: str,
    project: str | None = None,
    baselines: str | None = None,
    snapshots: str | None = None,
    base_revision: int | None = None,
) -> RevisionView:
    """A new project, or the next revision of `project` (edit_plan), from a project file's text.

    The slug is `project`, else the file's stem made url-safe; the pusher of a new project
    becomes its owner. Sidecars left out (None) stay as the current revision has them. The
    same texts as the current revision make no new revision: its view comes back.
    `base_revision`: the revision the pushed file was pulled at (`If-Match`); a project
    that has a newer one is an EditConflictError (409), since a whole file replaces
    whatever was edited since. None: the push replaces the current revision, as before.
    """
    from steerco.app.workspace.permissions import authorize

    slug = project or project_slug(file_name)
    with workspace.transaction() as session:
        existing = _project_by_slug(session, slug)
        if existing is None and base_revision is not None:
            raise InvalidRequestError(
                f"project {slug!r} has no revision {base_revision}: it does not exist yet; "
                "push it without a base revision to create it"
            )
        if existing is None:
            files = RevisionFiles(text, baselines, snapshots)
            model = validated_text(text, file_name, files, pushed=files)
            row = _create(session, principal, slug, file_name, model)
            return write_revision(
                session,
                project=row,
                principal=principal,
                files=files,
                model=model,
                operation="push",
                target=file_name,
            )[0]
        project_id = authorize(session, principal, slug, Action.edit_plan).project_id
        row = locked_project(session, project_id)
        current = current_files(session, row)
        files = RevisionFiles(
            text,
            current.baselines if baselines is None else baselines,
            current.snapshots if snapshots is None else snapshots,
        )
        if (files.text, files.baselines, files.snapshots) == (
            current.text,
            current.baselines,
            current.snapshots,
        ):
            return revision_view(session, row.slug, current)
        _check_push_base(row.slug, current.number, base_revision)
        sent = RevisionFiles(text, baselines, snapshots)
        model = validated_text(text, row.file_name, files, pushed=sent)
        return write_revision(
            session,
            project=row,
            principal=principal,
            files=files,
            model=model,
            operation="push",
            target=file_name,
            before={"sha256": current.sha256},
            after={"sha256": sha256_of(text)},
        )[0]


def _check_push_base(slug: str, current: int, base: int | None) -> None:
    """Refuse a push based on another revision than the current one (no lost edits)."""
    if base is None or base == current:
        return
    if not 1 <= base <= current:
        raise InvalidRequestError(
            f"base revision {base} is not a revision of {slug!r} (1..{current})"
        )
    raise EditConflictError(
        f"{slug!r} is at revision {current}, and your file was pulled at revision {base}: "
        f"pushing it would undo what changed since; pull revision {current}, make your "
        "changes there and push again (or push without a base revision to replace it)",
        detail={"revision": current, "base_revision": base},
    )


def _pulled(project: Project, revision: Revision) -> PulledProject:
    return PulledProject(
        text=revision.text,
        baselines=revision.baselines,
        snapshots=revision.snapshots,
        revision=revision.number,
        file_name=project.file_name,
    )


def pull_project(
    *, workspace: Workspace, principal: Principal, project: str, revision: int | None = None
) -> PulledProject:
    """The texts of a revision (default: the current one) exactly as pushed or edited."""
    from steerco.app.workspace.permissions import authorize

    with workspace.transaction() as session:
        project_id = authorize(session, principal, project, Action.read_plan).project_id
        row = session.get_one(Project, project_id)
        return _pulled(row, current_files(session, row, revision))


def current_revision_text(
    *, workspace: Workspace, principal: Principal, project: str, action: Action
) -> PulledProject:
    """The current revision's texts, once the principal may do `action` (jobs use it)."""
    from steerco.app.workspace.permissions import authorize

    with workspace.transaction() as session:
        project_id = authorize(session, principal, project, action).project_id
        row = session.get_one(Project, project_id)
        return _pulled(row, current_files(session, row))


def _view(project: Project, role: str | None) -> ProjectView:
    return ProjectView(
        slug=project.slug,
        name=project.name,
        revision=project.revision,
        role=Role(role) if role is not None else None,
        file_name=project.file_name,
        updated_at=aware(project.updated_at),
    )


def list_projects(*, workspace: Workspace, principal: Principal) -> list[ProjectView]:
    """The projects the principal may see (a site admin: all), by id, with their role."""
    with workspace.transaction() as session:
        mine = (
            select(Membership.project_id, Membership.role)
            .where(Membership.user_id == principal.user_id)
            .subquery()
        )
        query = select(Project, mine.c.role).outerjoin(mine, mine.c.project_id == Project.id)
        if not principal.is_admin:
            query = query.where(mine.c.role.is_not(None))
        if principal.projects is not None:
            query = query.where(Project.id.in_(principal.projects))
        rows = session.execute(query.order_by(Project.slug)).all()
        return [_view(project, role) for project, role in rows]


def get_project(*, workspace: Workspace, principal: Principal, project: str) -> ProjectView:
    """One project the principal may see, with their role (a client too)."""
    from steerco.app.workspace.permissions import authorize

    with workspace.transaction() as session:
        found = authorize(session, principal, project, Action.read_client)
        return _view(session.get_one(Project, found.project_id), found.role)


def delete_project(*, workspace: Workspace, principal: Principal, project: str) -> None:
    """Delete the project with every revision, row, membership and job (owner only)."""
    from steerco.app.workspace.permissions import authorize

    with workspace.transaction() as session:
        project_id = authorize(session, principal, project, Action.delete_project).project_id
        row = locked_project(session, project_id)
        record_audit(
            session,
            principal=principal,
            project_id=None,
            operation="delete_project",
            target=row.slug,
            revision_before=row.revision,
            before={"slug": row.slug, "name": row.name, "revision": row.revision},
        )
        session.execute(delete(Project).where(Project.id == project_id))


def list_revisions(
    *, workspace: Workspace, principal: Principal, project: str, offset: int = 0, limit: int = 50
) -> Page[RevisionView]:
    """A page of the project's revisions, newest first."""
    from steerco.app.workspace.permissions import authorize

    check_page(offset, limit)
    with workspace.transaction() as session:
        project_id = authorize(session, principal, project, Action.read_plan).project_id
        slug = session.get_one(Project, project_id).slug
        where = Revision.project_id == project_id
        total = session.scalar(select(func.count()).select_from(Revision).where(where))
        rows = session.execute(
            select(Revision, User.name)
            .outerjoin(User, User.id == Revision.author_id)
            .where(where)
            .order_by(Revision.number.desc())
            .offset(offset)
            .limit(limit)
        ).all()
        items = [
            RevisionView(slug, r.number, r.sha256, r.operation, author, aware(r.created_at))
            for r, author in rows
        ]
        return Page(items, int(total or 0), offset, limit)
