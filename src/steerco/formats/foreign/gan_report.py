"""The conversion report of a `.gan` import, built up entry by entry while the file is read."""

from __future__ import annotations

from collections.abc import Iterable

from lxml import etree

from steerco.formats.foreign.plan import ConversionEntry, Outcome

__all__ = ["Tally", "tag"]

_EXAMPLES = 5


class Tally:
    """Report entries in the order they are added; an entry with a count of 0 is left out."""

    def __init__(self) -> None:
        self._entries: list[ConversionEntry] = []

    def add(
        self,
        what: str,
        outcome: Outcome,
        count: int,
        rule: str = "",
        examples: Iterable[str] = (),
    ) -> None:
        """Add `count` items of `what` with their outcome, the rule or reason, a few examples."""
        if count:
            shown = tuple(examples)[:_EXAMPLES]
            self._entries.append(ConversionEntry(what, outcome, count, rule, shown))

    def entries(self) -> tuple[ConversionEntry, ...]:
        """Every entry added, in order."""
        return tuple(self._entries)


def tag(element: etree._Element) -> str:
    """The element's name as text (lxml types it as text or bytes)."""
    name = element.tag
    return name if isinstance(name, str) else repr(name)
