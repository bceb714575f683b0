"""`steerco seed`: a workspace with a first site admin and example projects (as `make run`)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from steerco.cli.serve_command import fail, open_migrated_workspace
from steerco.cli.workspace_guard import DbOption

__all__ = ["seed"]


def _write_secret(path: Path, name: str, password: str) -> None:
    """Write the admin's login to `path`, readable by its owner only (mode 0600)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
        stream.write(f"name: {name}\npassword: {password}\n")


def seed(
    files: Annotated[
        list[Path],
        typer.Argument(
            metavar="FILE", help="Project files to add as projects (named by file stem)."
        ),
    ],
    db: DbOption = None,
    admin: Annotated[
        str, typer.Option(help="The site admin's name (created with a generated password).")
    ] = "admin",
    password_file: Annotated[
        Path | None,
        typer.Option(
            "--password-file",
            help="Write the new admin's password to this file (mode 0600) instead of printing it.",
        ),
    ] = None,
) -> None:
    """Add a site admin and a project per FILE to a workspace, creating it if needed.

    Idempotent: an existing admin or project is left as it is (edits kept), so running it
    again adds nothing; the password is shown (or written) only when the admin is created.
    A file that does not validate is skipped with its first problem.
    """
    from steerco.app.workspace.errors import WorkspaceError
    from steerco.app.workspace.seed import seed_workspace

    workspace = open_migrated_workspace(db)
    try:
        result = seed_workspace(workspace=workspace, files=files, admin=admin)
    except WorkspaceError as error:
        fail(error.message)
    finally:
        workspace.engine.dispose()
    created = [p.project for p in result.projects if p.outcome == "created"]
    present = [p.project for p in result.projects if p.outcome == "present"]
    for skipped in (p for p in result.projects if p.outcome == "skipped"):
        sys.stderr.write(f"skipped {skipped.file}: {skipped.reason}\n")
    where = db or "the default workspace"
    sys.stdout.write(
        f"{where}: {len(created)} project{'' if len(created) == 1 else 's'} added"
        f"{' (' + ', '.join(created) + ')' if created else ''}, {len(present)} already there\n"
    )
    if result.password is None:
        note = f" (written to {password_file} when it was created)" if password_file else ""
        sys.stdout.write(f"first login: {result.admin}; its password is not shown again{note}\n")
    elif password_file is None:
        sys.stdout.write(
            f"first login: {result.admin}, password {result.password} (shown once: keep it)\n"
        )
    else:
        try:
            _write_secret(password_file, result.admin, result.password)
        except OSError as error:
            sys.stdout.write(
                f"first login: {result.admin}, password {result.password} (shown once: "
                f"{password_file} could not be written: {error.strerror or error})\n"
            )
        else:
            sys.stdout.write(
                f"first login: {result.admin}, password in {password_file} (mode 0600)\n"
            )
    command = "steerco serve" + (f" --db {db}" if db else "")
    sys.stdout.write(f"start it: {command}\n")
