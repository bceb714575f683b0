"""Located errors for other tools' plan files: at the line (XML, XER) or record (MPP)."""

from __future__ import annotations

from collections.abc import Iterable

from steerco.codes import Code
from steerco.errors import Diagnostic, ProjectError

__all__ = ["content_error", "syntax_error", "unknown_project"]


def syntax_error(file: str, message: str, line: int | None = None) -> ProjectError:
    """A file that is not well formed (`foreign_syntax`), at the line where reading stopped."""
    return ProjectError([Diagnostic(Code.foreign_syntax, message, (), file, line)])


def content_error(
    file: str, message: str, line: int | None = None, path: tuple[str | int, ...] = ()
) -> ProjectError:
    """A well-formed file with a value steerco cannot read (`foreign_content`), located."""
    return ProjectError([Diagnostic(Code.foreign_content, message, path, file, line)])


def unknown_project(file: str, wanted: str, known: Iterable[str]) -> ProjectError:
    """`--project` names no project of the file (`unknown_foreign_project`); lists the known."""
    names = ", ".join(known) or "none"
    message = f"the file holds no project {wanted!r}; its projects: {names}"
    return ProjectError([Diagnostic(Code.unknown_foreign_project, message, (), file)])
