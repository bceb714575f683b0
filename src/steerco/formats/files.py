"""The one guard around reading a user's file: a located diagnostic, never a traceback."""

from __future__ import annotations

import codecs
from pathlib import Path

from steerco.codes import Code
from steerco.errors import Diagnostic, ProjectError

__all__ = ["MAX_FILE_BYTES", "marked_encoding", "read_bytes", "read_text", "text_codec"]

MAX_FILE_BYTES = 64 * 1024 * 1024
"""The largest file read (64 MiB): never more is read, so `/dev/zero` can't exhaust memory."""


def read_bytes(path: Path) -> bytes:
    """A file's bytes, as `read_text` guards them: never more than `MAX_FILE_BYTES` read."""
    try:
        return _guarded(path)
    except FileNotFoundError:
        raise ProjectError(
            [Diagnostic(Code.file_not_found, "no such file", (), str(path))]
        ) from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise ProjectError([Diagnostic(Code.unreadable_file, reason, (), str(path))]) from None


def _guarded(path: Path) -> bytes:
    """Up to `MAX_FILE_BYTES` of the file; `file_too_large` past that (OSError passes through)."""
    with path.open("rb") as stream:
        raw = stream.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        message = (
            f"the file is larger than {MAX_FILE_BYTES:,} bytes, the most steerco reads "
            "(64 MiB); split it or leave out what it does not need"
        )
        raise ProjectError([Diagnostic(Code.file_too_large, message, (), str(path))])
    return raw


def read_text(path: Path, *, encoding: str = "utf-8", errors: str = "strict") -> str:
    """A file's text; `file_not_found` or `unreadable_file` (with the reason) when it can't be read.

    `encoding="utf-8-sig"` drops the byte-order mark that spreadsheets write. Line ends
    read as in text mode (CRLF and CR become LF); a file over `MAX_FILE_BYTES` is
    `file_too_large`, found without reading more than that.
    """
    try:
        raw = _guarded(path)
        return raw.decode(encoding, errors).replace("\r\n", "\n").replace("\r", "\n")
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


def text_codec(name: str) -> str | None:
    """The canonical name of the text encoding called `name`; None when Python has none.

    Python's bytes-to-bytes and str-to-str codecs (hex, rot13, uu...) read no text: None.
    """
    try:
        codec = codecs.lookup(name)
    except LookupError:
        return None
    return codec.name if getattr(codec, "_is_text_encoding", True) else None


def marked_encoding(raw: bytes) -> str | None:
    """UTF-32 or UTF-16 when the bytes start with that byte-order mark, else None.

    Excel's "Unicode text" is UTF-16. UTF-32's little-endian mark begins with UTF-16's,
    so it is looked for first.
    """
    if raw.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return None
