"""Typing aliases shared across steerco (as httpx keeps its own in one module).

Importing this module costs nothing: the array aliases load NumPy only when first used, so
the CLI's start-up and `steerco.errors` stay free of it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeAlias

__all__ = ["BoolArray", "DateArray", "FloatArray", "IntArray", "ModelPath"]

ModelPath: TypeAlias = tuple[str | int, ...]
"""Where a value sits in the project model: keys and list indices, as pydantic's `loc`."""

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    FloatArray: TypeAlias = NDArray[np.float64]
    """Real numbers: working-time units, money, samples."""
    IntArray: TypeAlias = NDArray[np.int64]
    """Integers: task indices, whole working-time units, CSR offsets."""
    BoolArray: TypeAlias = NDArray[np.bool_]
    """Masks over tasks, iterations or periods."""
    DateArray: TypeAlias = NDArray[np.datetime64]
    """Calendar days (`datetime64[D]`)."""


_ARRAYS = frozenset({"FloatArray", "IntArray", "BoolArray", "DateArray"})


def __getattr__(name: str) -> Any:
    """The array aliases, built on first use (NumPy is imported then, not before)."""
    if name not in _ARRAYS:  # e.g. `__path__`, asked by every `from steerco.types import`
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import numpy as np
    from numpy.typing import NDArray

    arrays = {
        "FloatArray": NDArray[np.float64],
        "IntArray": NDArray[np.int64],
        "BoolArray": NDArray[np.bool_],
        "DateArray": NDArray[np.datetime64],
    }
    if name in arrays:
        return arrays[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
