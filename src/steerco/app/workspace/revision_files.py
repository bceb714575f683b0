"""A revision as files: the project file and its sidecars in a private temporary directory.

Use cases that work on a path (`app.progress.record_progress`, `app.baseline.save_baseline`,
`app.project.validate_project_file`) run on the revision written here, so the server gives
the CLI's answer; their texts are read back into the next revision.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from steerco.app.workspace.errors import InvalidRequestError
from steerco.errors import ProjectError

__all__ = ["RevisionFiles", "invalid_request", "read_back", "written_revision"]


@dataclass(frozen=True)
class RevisionFiles:
    """A revision's texts: the project file and its sidecars (None: no such file)."""

    text: str
    baselines: str | None = None
    snapshots: str | None = None


def _sidecars(path: Path) -> tuple[Path, Path]:
    """The baselines and snapshots sidecars of the project file at `path`."""
    from steerco.formats.baselines_file import baselines_path
    from steerco.formats.snapshots import snapshots_path

    return baselines_path(path), snapshots_path(path)


@contextmanager
def written_revision(files: RevisionFiles, file_name: str) -> Iterator[Path]:
    """The revision written to a fresh private directory as `file_name` and its sidecars."""
    with tempfile.TemporaryDirectory(prefix="steerco-revision-") as directory:
        path = Path(directory) / Path(file_name).name
        path.write_bytes(files.text.encode("utf-8"))
        baselines, snapshots = _sidecars(path)
        if files.baselines is not None:
            baselines.write_bytes(files.baselines.encode("utf-8"))
        if files.snapshots is not None:
            snapshots.write_bytes(files.snapshots.encode("utf-8"))
        yield path


def _text(path: Path) -> str | None:
    return path.read_bytes().decode("utf-8") if path.exists() else None


def read_back(path: Path) -> RevisionFiles:
    """The texts of the project file at `path` and its sidecars, exactly as written."""
    baselines, snapshots = _sidecars(path)
    return RevisionFiles(path.read_bytes().decode("utf-8"), _text(baselines), _text(snapshots))


def invalid_request(error: ProjectError, path: Path | None, file_name: str) -> InvalidRequestError:
    """The located diagnostics of `error`, naming `file_name` (and its sidecars) not temp files."""
    names: dict[str, str] = {}
    if path is not None:
        baselines, snapshots = _sidecars(path)
        shown = Path(file_name)
        names = {
            str(path): file_name,
            str(baselines): _sidecars(shown)[0].name,
            str(snapshots): _sidecars(shown)[1].name,
        }
    diagnostics = tuple(
        d.located(names.get(d.file, d.file) if d.file else file_name, d.line, d.column)
        for d in error.diagnostics
    )
    first = diagnostics[0].format() if diagnostics else "the project is not valid"
    return InvalidRequestError(first, diagnostics=diagnostics)
