"""The one guard around reading a user's file: a located diagnostic, never a traceback."""

from __future__ import annotations

from pathlib import Path

from steerco.codes import Code
from steerco.errors import Diagnostic, ProjectError

__all__ = ["read_text"]


def read_text(path: Path, *, encoding: str = "utf-8", errors: str = "strict") -> str:
    """A file's text; `file_not_found` or `unreadable_file` (with the reason) when it can't be read.

    `encoding="utf-8-sig"` drops the byte-order mark that spreadsheets write.
    """
    try:
        return path.read_text(encoding=encoding, errors=errors)
    except FileNotFoundError:
        raise ProjectError(
            [Diagnostic(Code.file_not_found, "no such file", (), str(path))]
        ) from None
    except UnicodeDecodeError as error:
        message = (
            f"not {encoding.removesuffix('-sig').upper()} text (byte {error.start}: "
            f"{error.reason}); save the file as UTF-8"
        )
        raise ProjectError([Diagnostic(Code.unreadable_file, message, (), str(path))]) from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise ProjectError([Diagnostic(Code.unreadable_file, reason, (), str(path))]) from None
