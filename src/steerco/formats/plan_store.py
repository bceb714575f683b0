"""The plan store on disk: levelled solves remembered between commands (`schedule.reuse`).

Entries are small JSON files under `<cache>/plans/<code>/<key>.json`, where `<code>` is a
digest of steerco's own source (a changed scheduler never reads plans an older one made)
and `<key>` the problem's (`schedule.reuse.solve_key`). The cache directory is
`STEERCO_CACHE_DIR`, else `$XDG_CACHE_HOME/steerco`, else `~/.cache/steerco`;
`STEERCO_CACHE_DIR=off` turns the store off. A store is a convenience: a file that cannot
be read or written is a miss, never an error, and at most `MAX_ENTRIES` plans are kept
(the least recently written go first; plans of other steerco versions are removed).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Any

import numpy as np

from steerco.formats.atomic import atomic_write
from steerco.schedule.rcpsp.result import ScheduleResult, ScheduleStatus
from steerco.schedule.reuse import StoredSolve

__all__ = ["MAX_ENTRIES", "FilePlanStore", "default_plan_store", "source_digest"]

MAX_ENTRIES = 200
_MAX_BYTES = 64 << 20
"""An entry larger than this is not read (a plan of 100,000 tasks is about 2 MB)."""
_OFF = {"off", "0", "no", "false", "none"}


@functools.cache
def source_digest() -> str:
    """A digest of steerco's Python source and bundled data, read once per process."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.suffix in {".py", ".yaml"} and path.is_file():
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _to_json(entry: StoredSolve) -> str:
    result = entry.result
    assert result.start is not None
    data: dict[str, Any] = {
        "time_limit": entry.time_limit,
        "status": str(result.status),
        "method": result.method,
        "makespan": result.makespan,
        "bound": result.bound,
        "solve_seconds": result.solve_seconds,
        "start": result.start.tolist(),
        "objective": result.objective,
        "assignees": result.assignees,
        "message": result.message,
        "picks": None if result.picks is None else [list(p) for p in result.picks],
        "schedules": result.schedules,
    }
    return json.dumps(data, separators=(",", ":"))


def _from_json(text: str) -> StoredSolve:
    data = json.loads(text)
    picks = data["picks"]
    result = ScheduleResult(
        status=ScheduleStatus(data["status"]),
        method=str(data["method"]),
        makespan=None if data["makespan"] is None else int(data["makespan"]),
        bound=int(data["bound"]),
        solve_seconds=float(data["solve_seconds"]),
        start=np.asarray(data["start"], dtype=np.int64),
        objective=None if data["objective"] is None else float(data["objective"]),
        assignees=data["assignees"],
        message=str(data["message"]),
        picks=None if picks is None else [tuple(int(x) for x in p) for p in picks],
        schedules=int(data.get("schedules", 0)),  # stores written before it: 0
    )
    return StoredSolve(result, float(data["time_limit"]))


class FilePlanStore:
    """Levelled solves as JSON files in a directory, one per problem key."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.folder = root / "plans" / source_digest()

    def load(self, key: str) -> StoredSolve | None:
        """The entry under `key`, or None when there is none or it cannot be read."""
        path = self.folder / f"{key}.json"
        try:
            if path.stat().st_size > _MAX_BYTES:
                return None
            return _from_json(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def save(self, key: str, entry: StoredSolve) -> None:
        """Remember `entry` under `key`; a store that cannot be written is left as it is."""
        with contextlib.suppress(OSError):
            self.folder.mkdir(parents=True, exist_ok=True)
            atomic_write(self.folder / f"{key}.json", _to_json(entry))
            self._prune()

    def _prune(self) -> None:
        for other in (self.root / "plans").iterdir():
            if other != self.folder and other.is_dir():
                shutil.rmtree(other, ignore_errors=True)
        entries = sorted(self.folder.glob("*.json"), key=lambda p: p.stat().st_mtime)
        for path in entries[: max(0, len(entries) - MAX_ENTRIES)]:
            path.unlink(missing_ok=True)


def default_plan_store() -> FilePlanStore | None:
    """The store in the user's cache directory, or None when `STEERCO_CACHE_DIR=off`."""
    chosen = os.environ.get("STEERCO_CACHE_DIR")
    if chosen is not None:
        if chosen.strip().lower() in _OFF or not chosen.strip():
            return None
        return FilePlanStore(Path(chosen).expanduser())
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return FilePlanStore(Path(base) / "steerco")
