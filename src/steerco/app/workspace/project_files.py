"""`steerco push` and `steerco pull` on the server machine: project files in and out.

Both work on the database directly, as a user of it (`--as NAME`) or, by default, as
the workspace's first site admin. A push sends the file's bytes exactly (its line breaks
too) with the sidecars beside it; a pull writes the revision's texts atomically, byte for
byte, the sidecars beside the file it writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from steerco.app.workspace.context import Principal, Workspace
from steerco.app.workspace.errors import InvalidRequestError, NotFoundError
from steerco.app.workspace.projects import PulledProject, pull_project, push_project
from steerco.app.workspace.revision_files import RevisionFiles
from steerco.app.workspace.revisions import RevisionView
from steerco.store.tables import User

__all__ = [
    "PulledFile",
    "local_principal",
    "pull_project_file",
    "push_project_file",
    "read_project_files",
    "write_pulled",
]


@dataclass(frozen=True)
class PulledFile:
    """Where a pull wrote the project file (and which sidecars), and from which revision."""

    path: Path
    revision: int
    sidecars: tuple[Path, ...]


def local_principal(*, workspace: Workspace, name: str | None = None) -> Principal:
    """The user `name` (their own rights), else the first enabled site admin's rights."""
    with workspace.transaction() as session:
        query = select(User).where(User.disabled.is_(False))
        if name is not None:
            found = session.scalar(query.where(User.name == name))
            if found is None:
                raise NotFoundError(f"no enabled user '{name}' (steerco users list shows them)")
        else:
            found = session.scalar(query.where(User.is_admin.is_(True)).order_by(User.id))
            if found is None:
                raise NotFoundError(
                    "the workspace has no site admin yet: add one (steerco users add NAME "
                    "--admin) or act as a user with --as NAME"
                )
        return Principal(user_id=found.id, name=found.name, is_admin=found.is_admin)


def _bytes_as_text(path: Path) -> str | None:
    """A file's UTF-8 text exactly as on disk (None when there is no such file)."""
    from steerco.formats.files import read_bytes

    if not path.exists():
        return None
    try:
        return read_bytes(path).decode("utf-8")
    except UnicodeDecodeError as error:
        raise InvalidRequestError(
            f"{path}: not UTF-8 text (byte {error.start}); save the file as UTF-8"
        ) from None


def read_project_files(path: Path) -> RevisionFiles:
    """The project file at `path` and the sidecars beside it, exactly as on disk."""
    from steerco.formats.baselines_file import baselines_path
    from steerco.formats.snapshots import snapshots_path

    text = _bytes_as_text(path)
    if text is None:
        raise NotFoundError(f"{path}: no such file")
    return RevisionFiles(
        text, _bytes_as_text(baselines_path(path)), _bytes_as_text(snapshots_path(path))
    )


def push_project_file(
    *,
    workspace: Workspace,
    path: Path,
    project: str | None = None,
    as_user: str | None = None,
    base_revision: int | None = None,
) -> RevisionView:
    """Push the project file at `path` and its sidecars (`push_project`) as `as_user`."""
    principal = local_principal(workspace=workspace, name=as_user)
    files = read_project_files(path)
    return push_project(
        workspace=workspace,
        principal=principal,
        text=files.text,
        file_name=path.name,
        project=project,
        baselines=files.baselines,
        snapshots=files.snapshots,
        base_revision=base_revision,
    )


def write_pulled(pulled: PulledProject, out: Path | None) -> PulledFile:
    """Write a pulled revision to `out` (default: its file name, here), sidecars beside it."""
    from steerco.formats.atomic import atomic_write
    from steerco.formats.baselines_file import baselines_path
    from steerco.formats.snapshots import snapshots_path

    target = out if out is not None else Path(Path(pulled.file_name).name)
    written: list[Path] = []
    for sidecar, text in (
        (baselines_path(target), pulled.baselines),
        (snapshots_path(target), pulled.snapshots),
    ):
        if text is not None:
            atomic_write(sidecar, text, like=target if target.exists() else None)
            written.append(sidecar)
    atomic_write(target, pulled.text)
    return PulledFile(target, pulled.revision, tuple(written))


def pull_project_file(
    *,
    workspace: Workspace,
    project: str,
    out: Path | None = None,
    revision: int | None = None,
    as_user: str | None = None,
) -> PulledFile:
    """Write a revision's project file (default: its file name, here) and its sidecars."""
    principal = local_principal(workspace=workspace, name=as_user)
    pulled = pull_project(
        workspace=workspace, principal=principal, project=project, revision=revision
    )
    return write_pulled(pulled, out)
