"""A plan's time axis in words: what one unit of its makespan, floats and lateness counts.

The axis is the project's working time (`working`), or every calendar day when some task
or lag needs days the project does not work (`calendar`: 24x7 tasks, elapsed durations
or lags, a named calendar with other workdays; `task_calendars.every_day_axis`). Task
durations stay working time either way; times on the axis (finishes, floats, slips) are
then calendar days (or hours of calendar days in an hour-based project).
"""

from __future__ import annotations

from typing import Literal

__all__ = ["TimeAxis", "unit_word", "unit_words"]

TimeAxis = Literal["working", "calendar"]

_WORDS = {
    ("day", "working"): "working day",
    ("hour", "working"): "working hour",
    ("day", "calendar"): "calendar day",
    ("hour", "calendar"): "calendar hour",
}


def unit_word(unit: str, axis: str = "working") -> str:
    """One unit of the axis: `working day`, `calendar day`, `working hour`, ..., `period`."""
    return _WORDS.get((unit, axis), "period" if unit == "period" else unit)


def unit_words(unit: str, axis: str = "working", count: float | None = None) -> str:
    """The unit in the plural (singular for a count of 1): `working days`, `calendar day`."""
    word = unit_word(unit, axis)
    return word if count == 1 else f"{word}s"
