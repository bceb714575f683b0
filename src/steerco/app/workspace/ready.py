"""Opening a workspace for a command: refused with what to run when its schema is not current."""

from __future__ import annotations

from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from steerco.app.workspace.context import Workspace, open_workspace
from steerco.app.workspace.errors import WorkspaceError
from steerco.store.migrate import current_revision, head_revision

__all__ = ["WorkspaceNotReadyError", "open_ready_workspace"]


class WorkspaceNotReadyError(WorkspaceError):
    """The database cannot be reached, or its schema is missing or not this version's."""

    status = 503
    code = "workspace_not_ready"


def open_ready_workspace(db: str | None = None) -> Workspace:
    """The workspace at `db` (as `open_workspace`), refused unless migrated to this version."""
    workspace = open_workspace(db, pool=False)
    shown = make_url(workspace.url).render_as_string(hide_password=True)
    try:
        reached = current_revision(workspace.engine)
    except SQLAlchemyError as error:
        workspace.engine.dispose()
        reason = str(getattr(error, "orig", None) or error).splitlines()[0]
        raise WorkspaceNotReadyError(
            f"cannot open the workspace database {shown}: {reason}"
        ) from None
    if reached != head_revision():
        workspace.engine.dispose()
        state = "has no workspace yet" if reached is None else "is from another steerco version"
        raise WorkspaceNotReadyError(
            f"the database {shown} {state}: run `steerco db upgrade` on it (the same --db) first"
        )
    return workspace
