"""Typing aliases shared across steerco (as httpx keeps its own in one module)."""

from __future__ import annotations

from typing import TypeAlias

import numpy as np
from numpy.typing import NDArray

__all__ = ["BoolArray", "DateArray", "FloatArray", "IntArray", "ModelPath"]

FloatArray: TypeAlias = NDArray[np.float64]
"""Real numbers: working-time units, money, samples."""

IntArray: TypeAlias = NDArray[np.int64]
"""Integers: task indices, whole working-time units, CSR offsets."""

BoolArray: TypeAlias = NDArray[np.bool_]
"""Masks over tasks, iterations or periods."""

DateArray: TypeAlias = NDArray[np.datetime64]
"""Calendar days (`datetime64[D]`)."""

ModelPath: TypeAlias = tuple[str | int, ...]
"""Where a value sits in the project model: keys and list indices, as pydantic's `loc`."""
