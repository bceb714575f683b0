"""The conversion report of an MSPDI import, counted as the reader meets each item."""

from __future__ import annotations

from steerco.formats.foreign.plan import ConversionEntry, Outcome

__all__ = ["Tally"]

_EXAMPLES = 3


class Tally:
    """Counts per (what, outcome, rule), with a few examples each, in the order first met."""

    def __init__(self) -> None:
        self._counts: dict[tuple[str, Outcome, str], int] = {}
        self._examples: dict[tuple[str, Outcome, str], list[str]] = {}

    def add(
        self, what: str, outcome: Outcome, rule: str = "", example: str = "", count: int = 1
    ) -> None:
        """Count `count` items of `what` with this outcome (and rule or reason)."""
        if count <= 0:
            return
        key = (what, outcome, rule)
        self._counts[key] = self._counts.get(key, 0) + count
        examples = self._examples.setdefault(key, [])
        if example and example not in examples and len(examples) < _EXAMPLES:
            examples.append(example)

    def entries(self) -> tuple[ConversionEntry, ...]:
        """The report: one entry per concept, outcome and rule."""
        return tuple(
            ConversionEntry(
                what, outcome, count, rule, tuple(self._examples[(what, outcome, rule)])
            )
            for (what, outcome, rule), count in self._counts.items()
        )
