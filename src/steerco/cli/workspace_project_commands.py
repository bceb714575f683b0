"""`steerco push` and `steerco pull`: project files into and out of a workspace.

They open the workspace database directly, on the machine the server runs on: `--as
NAME` acts with that user's rights; without it, with a site admin's.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from steerco.cli.workspace_guard import DbOption, in_workspace

if TYPE_CHECKING:
    from steerco.app.workspace.context import Workspace
    from steerco.app.workspace.project_files import PulledFile
    from steerco.app.workspace.revisions import RevisionView

__all__ = ["pull", "push"]

AsOption = Annotated[
    str | None,
    typer.Option(
        "--as",
        metavar="USER",
        help="Act with this user's rights (default: a site admin's, the first one added).",
        show_default=False,
    ),
]


def push(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE",
            help="A project file (.yaml); its sidecars (.baselines.yaml, .snapshots.yaml) "
            "go with it.",
            show_default=False,
        ),
    ],
    project: Annotated[
        str | None,
        typer.Option(
            "--project",
            metavar="ID",
            help="The project's id in the workspace (default: the file's stem, url-safe). "
            "An existing project gets a new revision.",
            show_default=False,
        ),
    ] = None,
    db: DbOption = None,
    as_user: AsOption = None,
) -> None:
    """Store a project file in the workspace: a new project, or a new revision of one.

    The file is checked as `steerco validate` checks it and kept byte for byte
    (comments too). The same text as the current revision makes no new revision.
    """
    from steerco.app.workspace.project_files import push_project_file

    def pushed(workspace: Workspace) -> RevisionView:
        return push_project_file(workspace=workspace, path=file, project=project, as_user=as_user)

    revision = in_workspace(db, pushed)
    sys.stdout.write(
        f"{revision.project}: revision {revision.number} ({revision.operation} by "
        f"{revision.author}, sha256 {revision.sha256[:12]})\n"
    )


def pull(
    project: Annotated[
        str, typer.Argument(metavar="PROJECT", help="The project's id.", show_default=False)
    ],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            metavar="FILE",
            help="Where to write the project file (default: its file name, here); its "
            "sidecars are written beside it.",
            show_default=False,
        ),
    ] = None,
    revision: Annotated[
        int | None,
        typer.Option(
            "--revision", min=1, metavar="N", help="An older revision (default: the current one)."
        ),
    ] = None,
    db: DbOption = None,
    as_user: AsOption = None,
) -> None:
    """Write a project's file (and sidecars) exactly as pushed, with the edits made since."""
    from steerco.app.workspace.project_files import pull_project_file

    def pulled(workspace: Workspace) -> PulledFile:
        return pull_project_file(
            workspace=workspace, project=project, out=out, revision=revision, as_user=as_user
        )

    written = in_workspace(db, pulled)
    extra = "".join(f", {path}" for path in written.sidecars)
    sys.stdout.write(f"{project}: revision {written.revision} written to {written.path}{extra}\n")
