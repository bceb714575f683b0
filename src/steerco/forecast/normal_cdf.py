"""The standard normal CDF of an array, from a table: the shared factor's Phi without SciPy.

The estimates' shared factor (`steerco.forecast.calibrated.share_normals`) turns ten
million normal scores into uniforms in a forecast of 1,000 tasks. `scipy.special.ndtr`
does that exactly but importing `scipy.special` costs about 0.2 s, a tenth of the
target for a whole calibrated forecast (issue 22), and the table is about three times
as fast (54 ms against 168 ms for five million values). Phi is tabulated at 2^16 + 1
points on [-8.5, 8.5] (with `math.erfc`) and interpolated linearly: the error is at most
h² max|phi'| / 8 ≈ 2e-9 (h = 17 / 2^16, max|phi'| = phi(1) ≈ 0.242), far below what a
draw's `floor(u * n)` can notice. Below -8.5 it returns Phi(-8.5) ≈ 1e-17 (`ndtr` goes
on down to 0 at about -38), above 8.5 exactly 1 (as `ndtr` does in doubles); NaN stays NaN.
"""

from __future__ import annotations

import math
from functools import cache

import numpy as np
from numpy.typing import NDArray

__all__ = ["normal_cdf"]

FloatArray = NDArray[np.float64]

_LOW = -8.5
_HIGH = 8.5
_STEPS = 1 << 16
_STEP = (_HIGH - _LOW) / _STEPS
_CHUNK = 1 << 15
"""Values interpolated at once: the working arrays stay in the processor's cache."""


@cache
def _table() -> tuple[FloatArray, FloatArray]:
    """Phi at the table's points, and the differences between neighbours."""
    root = math.sqrt(2.0)
    at = [0.5 * math.erfc(-(_LOW + _STEP * k) / root) for k in range(_STEPS + 1)]
    values = np.array(at, dtype=np.float64)
    values.setflags(write=False)
    steps = np.diff(values)
    steps.setflags(write=False)
    return values, steps


def normal_cdf(z: FloatArray, *, out: FloatArray | None = None) -> FloatArray:
    """Phi(z) elementwise, within 2e-9 of the exact value; into `out` (may be `z`) when given."""
    source = np.asarray(z, dtype=np.float64, order="C")
    if out is not None and out.shape != source.shape:
        raise ValueError(f"normal_cdf: `out` has shape {out.shape}, z {source.shape}")
    if out is not None and not out.flags.c_contiguous:  # work in order, then copy back
        out[...] = normal_cdf(source)
        return out
    result = np.empty_like(source) if out is None else out
    values, steps = _table()
    flat_in, flat_out = source.reshape(-1), result.reshape(-1)
    position = np.empty(min(_CHUNK, flat_in.size))
    index = np.empty(position.size, dtype=np.intp)
    for start in range(0, flat_in.size, _CHUNK):
        x, done = flat_in[start : start + _CHUNK], flat_out[start : start + _CHUNK]
        at, k = position[: x.size], index[: x.size]
        np.subtract(x, _LOW, out=at)
        at *= 1.0 / _STEP
        np.clip(at, 0.0, _STEPS - 1e-9, out=at)
        with np.errstate(invalid="ignore"):  # NaN: any index, and the fraction stays NaN
            np.copyto(k, at, casting="unsafe")  # at >= 0: truncation is the floor
        at -= k  # the fraction of the step
        np.take(steps, k, out=done, mode="clip")
        done *= at
        done += np.take(values, k, mode="clip")
    return result
