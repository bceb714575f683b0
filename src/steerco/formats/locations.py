"""Map model paths (pydantic `loc` tuples) to line and column in a source file."""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["LocationMap", "Position"]

Position = tuple[int, int]
Key = tuple[str | int, ...]

# Model keys that a shorthand in the file fills from another key: `duration: 3d..5d..10d`
# becomes the task's `estimate`.
_WRITTEN_AS = {"estimate": "duration"}


class LocationMap:
    """Where each value (and each mapping key) of a loaded document sits, 1-based.

    A map made by `LocationMap.deferred(build)` calls `build` on first use only: loading a
    valid file never pays for the positions of its nodes, a diagnostic does.
    """

    def __init__(
        self,
        values: dict[Key, Position] | None = None,
        keys: dict[Key, Position] | None = None,
        mapping_keys: dict[Key, list[str | int]] | None = None,
    ) -> None:
        self._values = {} if values is None else values
        self._keys = {} if keys is None else keys
        self._mapping_keys = {} if mapping_keys is None else mapping_keys
        self._build: Callable[[], LocationMap] | None = None

    @classmethod
    def deferred(cls, build: Callable[[], LocationMap]) -> LocationMap:
        """A map that `build` makes the first time a position is asked for."""
        lazy = cls()
        lazy._build = build
        return lazy

    def _ready(self) -> None:
        if self._build is not None:
            built, self._build = self._build(), None
            self._values, self._keys = built.values, built.keys
            self._mapping_keys = built.mapping_keys

    @property
    def values(self) -> dict[Key, Position]:
        """Position of each value, by its path in the document."""
        self._ready()
        return self._values

    @property
    def keys(self) -> dict[Key, Position]:
        """Position of each mapping key, by the path of its value."""
        self._ready()
        return self._keys

    @property
    def mapping_keys(self) -> dict[Key, list[str | int]]:
        """The keys of each mapping in document order, by the mapping's path."""
        self._ready()
        return self._mapping_keys

    def _as_written(self, path: Key) -> tuple[Key, set[Key]]:
        """Translate a model path to the document's: list index -> mapping key, shorthands.

        Also returns the translated prefixes that are mapping entries: an entry written as
        `key: value` stands for a list item, so it is located at its key.
        """
        out: list[str | int] = []
        entries: set[Key] = set()
        for part in path:
            prefix = tuple(out)
            keys = self.mapping_keys.get(prefix)
            if isinstance(part, int) and keys is not None and 0 <= part < len(keys):
                out.append(keys[part])  # a mapping written where the model has a list
                entries.add(tuple(out))
            elif isinstance(part, str) and (*prefix, part) not in self.values:
                alias = _WRITTEN_AS.get(part)
                out.append(alias if alias and (*prefix, alias) in self.values else part)
            else:
                out.append(part)
        return tuple(out), entries

    def find(self, path: Key, *, prefer_key: bool = False) -> Position | None:
        """The position of `path`, or of its longest known prefix."""
        probe, entries = self._as_written(path)
        while True:
            if (prefer_key or probe in entries) and probe in self.keys:
                return self.keys[probe]
            if probe in self.values:
                return self.values[probe]
            if probe in self.keys:
                return self.keys[probe]
            if not probe:
                return None
            probe = probe[:-1]
