"""Map model paths (pydantic `loc` tuples) to line and column in a source file."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["LocationMap", "Position"]

Position = tuple[int, int]
Key = tuple[str | int, ...]


@dataclass
class LocationMap:
    """Where each value (and each mapping key) of a loaded document sits, 1-based."""

    values: dict[Key, Position] = field(default_factory=dict)
    keys: dict[Key, Position] = field(default_factory=dict)

    def find(self, path: Key, *, prefer_key: bool = False) -> Position | None:
        """The position of `path`, or of its longest known prefix."""
        probe = tuple(path)
        while True:
            if prefer_key and probe in self.keys:
                return self.keys[probe]
            if probe in self.values:
                return self.values[probe]
            if probe in self.keys:
                return self.keys[probe]
            if not probe:
                return None
            probe = probe[:-1]
