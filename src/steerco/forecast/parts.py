"""A part of a distributed forecast run as compact bytes (NumPy's .npy format, never pickle)."""

from __future__ import annotations

import io
import zipfile

import numpy as np

from steerco.forecast.engine import SimulationPart

__all__ = ["part_bytes", "part_from_bytes"]

_ARRAYS = ("makespan", "milestone_finish", "cost", "critical", "sample", "occurred", "delay")


def part_bytes(part: SimulationPart) -> bytes:
    """`part` as bytes: its arrays in .npy format, its counts in one int64 array, zipped."""
    buffer = io.BytesIO()
    header = np.array(
        [part.first, part.end, part.iterations, part.capped, int(part.copula_repaired)],
        dtype=np.int64,
    )
    np.savez(buffer, header=header, **{name: getattr(part, name) for name in _ARRAYS})
    return buffer.getvalue()


def part_from_bytes(data: bytes) -> SimulationPart:
    """The part `part_bytes` wrote; ValueError when `data` is not one."""
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as stored:
            arrays = {name: stored[name] for name in ("header", *_ARRAYS)}
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as error:
        raise ValueError(f"not a forecast part: {error}") from None
    first, end, iterations, capped, repaired = (int(v) for v in arrays["header"])
    return SimulationPart(
        first=first,
        end=end,
        iterations=iterations,
        makespan=arrays["makespan"],
        milestone_finish=arrays["milestone_finish"],
        cost=arrays["cost"],
        critical=arrays["critical"],
        sample=arrays["sample"],
        occurred=arrays["occurred"],
        delay=arrays["delay"],
        capped=capped,
        copula_repaired=bool(repaired),
    )
