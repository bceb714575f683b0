"""`steerco push` and `steerco pull`: project files into and out of a workspace.

They open the workspace database directly, on the machine the server runs on: `--as
NAME` acts with that user's rights; without it, with a site admin's. With `--server URL`
they go through that server's REST API instead, as the user of the API token.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from steerco.cli.workspace_guard import DbOption, in_workspace, reported

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

ServerOption = Annotated[
    str | None,
    typer.Option(
        "--server",
        metavar="URL",
        help="Go through this steerco server's REST API (e.g. http://127.0.0.1:8000) "
        "instead of opening the database.",
        show_default=False,
    ),
]
TokenOption = Annotated[
    str | None,
    typer.Option(
        "--token",
        metavar="TOKEN",
        envvar="STEERCO_TOKEN",
        help="The API token to use with --server (default: $STEERCO_TOKEN).",
        show_default=False,
    ),
]


def _one_way(server: str | None, db: str | None, as_user: str | None) -> None:
    """--server goes through the API with the token's user: no --db, no --as with it."""
    if server is not None and (db is not None or as_user is not None):
        sys.stderr.write(
            "bad_request: --server acts as the token's user on the server; "
            "leave out --db and --as\n"
        )
        raise typer.Exit(2)


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
    base: Annotated[
        int | None,
        typer.Option(
            "--base",
            metavar="N",
            min=1,
            help="The revision the file was pulled at (what `steerco pull` printed): a "
            "project now at a newer revision refuses the push instead of undoing the edits "
            "made since.",
            show_default=False,
        ),
    ] = None,
    db: DbOption = None,
    as_user: AsOption = None,
    server: ServerOption = None,
    token: TokenOption = None,
) -> None:
    """Store a project file in the workspace: a new project, or a new revision of one.

    The file is checked as `steerco validate` checks it and kept byte for byte
    (comments too). The same text as the current revision makes no new revision.
    """
    _one_way(server, db, as_user)
    if server is not None:
        from steerco.app.workspace.remote_files import push_remote_file

        def sent() -> RevisionView:
            return push_remote_file(
                server=server, token=token, path=file, project=project, base_revision=base
            )

        revision = reported(sent)
    else:
        from steerco.app.workspace.project_files import push_project_file

        def pushed(workspace: Workspace) -> RevisionView:
            return push_project_file(
                workspace=workspace,
                path=file,
                project=project,
                as_user=as_user,
                base_revision=base,
            )

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
    server: ServerOption = None,
    token: TokenOption = None,
) -> None:
    """Write a project's file (and sidecars) exactly as pushed, with the edits made since."""
    _one_way(server, db, as_user)
    if server is not None:
        from steerco.app.workspace.remote_files import pull_remote_file

        def fetched() -> PulledFile:
            return pull_remote_file(
                server=server, token=token, project=project, out=out, revision=revision
            )

        written = reported(fetched)
    else:
        from steerco.app.workspace.project_files import pull_project_file

        def pulled(workspace: Workspace) -> PulledFile:
            return pull_project_file(
                workspace=workspace, project=project, out=out, revision=revision, as_user=as_user
            )

        written = in_workspace(db, pulled)
    extra = "".join(f", {path}" for path in written.sidecars)
    sys.stdout.write(f"{project}: revision {written.revision} written to {written.path}{extra}\n")
