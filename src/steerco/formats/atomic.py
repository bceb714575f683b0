"""Write a file so that nothing is lost: through symlinks, keeping mode and owner, atomically.

`atomic_write` is the one place where steerco replaces a file: it writes the text to a
temporary file in the target's directory, gives it the target's mode and owner, syncs it,
then renames it over the target (a reader sees the old file or the new one, never a mix).
`locked` is the advisory lock (`fcntl.flock` on the file itself) that serialises the
read-modify-write of a project file and its sidecars between processes and threads.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import stat
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

__all__ = ["atomic_write", "locked"]

_held = threading.local()


def _real(path: Path) -> Path:
    """The file a write to `path` replaces: `path`, or what its symlinks finally point to."""
    return Path(os.path.realpath(path))


def _stat(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _keep_owner(fd: int, old: os.stat_result) -> None:
    """Give the new file the old one's owner and group, as far as this process may."""
    new = os.fstat(fd)
    if (new.st_uid, new.st_gid) == (old.st_uid, old.st_gid):
        return
    with contextlib.suppress(PermissionError):
        os.fchown(fd, old.st_uid, old.st_gid)
        return
    with contextlib.suppress(PermissionError):  # not root: at least the group, if ours
        os.fchown(fd, -1, old.st_gid)


def _sync_directory(directory: Path) -> None:
    """Make the rename durable (where the platform lets a directory be synced)."""
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def atomic_write(path: Path, text: str | bytes, *, like: Path | None = None) -> None:
    """Replace the file at `path` (through symlinks) by `text`, atomically; mode and owner kept.

    `text` is written as UTF-8 (newlines as given); bytes (a PDF) are written as they are.

    A symlink stays a link and its target gets the text. An existing file keeps its
    permission bits and (as far as allowed) its owner and group; a new file takes the mode
    of `like` when given (a sidecar takes its project file's), else the umask's default.
    The text goes to a hidden temporary file beside the target, synced, then renamed over
    it: readers and a crash see the old file or the new one, never a mix.
    """
    target = _real(path)
    if target.is_dir():
        raise IsADirectoryError(errno.EISDIR, "a folder, not a file: name a file in it", str(path))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        old = _stat(target)
        handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as error:  # named after the file asked for, not the temporary one
        raise OSError(error.errno, f"cannot write it ({error.strerror})", str(path)) from None
    try:
        model = _stat(like) if old is None and like is not None else None
        if old is not None:
            mode = stat.S_IMODE(old.st_mode)
        elif model is not None:
            mode = stat.S_IMODE(model.st_mode) & 0o666
        else:
            mode = _default_mode()
        with os.fdopen(handle, "wb") as out:
            out.write(text.encode("utf-8") if isinstance(text, str) else text)
            out.flush()
            if old is not None:
                _keep_owner(out.fileno(), old)
            os.fchmod(out.fileno(), mode)  # after chown, which may clear set-id bits
            os.fsync(out.fileno())
        os.replace(temp, target)
    except OSError as error:  # a full disk, a target another user owns: named as asked
        Path(temp).unlink(missing_ok=True)
        raise OSError(error.errno, f"cannot write it ({error.strerror})", str(path)) from None
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    _sync_directory(target.parent)


def _acquire(real: str) -> int | None:
    """An open descriptor of `real` holding its exclusive flock; None when there is no file."""
    while True:
        try:
            fd = os.open(real, os.O_RDONLY | os.O_CLOEXEC)
        except OSError:  # missing or unreadable: the read that follows reports it
            return None
        fcntl.flock(fd, fcntl.LOCK_EX)
        now = _stat(Path(real))
        mine = os.fstat(fd)
        if now is not None and (now.st_dev, now.st_ino) == (mine.st_dev, mine.st_ino):
            return fd
        os.close(fd)  # replaced while we waited: lock the file that is there now
        if now is None:
            return None


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold the advisory lock of the file at `path` (through symlinks) for a read-modify-write.

    Other processes and threads that ask for the same file's lock wait until the block
    ends. The lock is re-entrant within a thread, so a use case may hold it while the
    writers it calls take it again. Replacing the file itself must be the block's last
    step: a waiter then locks the new file, which holds every edit made before it.
    A missing file has no lock (there is nothing to lose yet).
    """
    real = str(_real(path))
    counts: dict[str, int] = _held.__dict__.setdefault("counts", {})
    if real in counts:
        counts[real] += 1
        try:
            yield
        finally:
            counts[real] -= 1
        return
    fd = _acquire(real)
    counts[real] = 1
    try:
        yield
    finally:
        del counts[real]
        if fd is not None:
            os.close(fd)  # closing the descriptor releases the flock
