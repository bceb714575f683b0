"""Parsing an MSPDI file safely, and reading its elements' values with their line numbers."""

from __future__ import annotations

import datetime as dt
import re

from lxml import etree

from steerco.errors import ProjectError
from steerco.formats.foreign.errors import content_error, syntax_error
from steerco.model.ranges import MAX_DATE, MIN_DATE

__all__ = ["NS", "Reader", "parse_mspdi", "tag"]

NS = "http://schemas.microsoft.com/project"
_Q = f"{{{NS}}}"
_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?")


def tag(element: etree._Element) -> str:
    """The element's name without the MSPDI namespace."""
    name = element.tag
    return name[len(_Q) :] if isinstance(name, str) and name.startswith(_Q) else str(name)


def parse_mspdi(file: str, content: bytes) -> etree._Element:
    """The root `Project` element; located errors for XML that is not well formed or hostile.

    Entities are never expanded and no network is used: a file that declares entities (an
    "entity bomb") is refused before anything of it is read.
    """
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False
    )
    try:
        root = etree.fromstring(content, parser)
    except etree.XMLSyntaxError as error:
        raise syntax_error(file, f"not well-formed XML: {error.msg}", error.lineno) from None
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise content_error(
            file, "the file declares XML entities; an MS Project XML file has none", 1
        )
    if tag(root) != "Project" or root.nsmap.get(None) != NS:
        raise content_error(
            file,
            f'not an MS Project XML file: the root is <{tag(root)}>, not <Project xmlns="{NS}">',
            root.sourceline,
        )
    return root


class Reader:
    """Typed values of the children of MSPDI elements, with located errors for bad ones."""

    def __init__(self, file: str) -> None:
        self.file = file

    def child(self, element: etree._Element, name: str) -> etree._Element | None:
        """The first child named `name`, or None."""
        return element.find(_Q + name)

    def children(self, element: etree._Element, name: str) -> list[etree._Element]:
        """Every child named `name`."""
        return element.findall(_Q + name)

    def path(self, element: etree._Element, *names: str) -> list[etree._Element]:
        """Every element at `names` below `element`, e.g. ("Tasks", "Task")."""
        return element.findall("/".join(_Q + name for name in names))

    def text(self, element: etree._Element, name: str) -> str | None:
        """The stripped text of child `name`; None when missing or empty."""
        found = element.find(_Q + name)
        if found is None or found.text is None or not found.text.strip():
            return None
        return found.text.strip()

    def error(self, element: etree._Element | None, message: str) -> ProjectError:
        """A `foreign_content` error at the element's line."""
        return content_error(
            self.file, message, element.sourceline if element is not None else None
        )

    def integer(self, element: etree._Element, name: str, default: int | None = None) -> int | None:
        """Child `name` as an integer (a located error when it is not one)."""
        value = self.text(element, name)
        if value is None:
            return default
        try:
            return int(value)
        except ValueError:
            raise self.error(
                element.find(_Q + name), f"<{name}> is {value!r}; write a whole number"
            ) from None

    def number(
        self, element: etree._Element, name: str, default: float | None = None
    ) -> float | None:
        """Child `name` as a number (a located error when it is not one)."""
        value = self.text(element, name)
        if value is None:
            return default
        try:
            return float(value)
        except ValueError:
            raise self.error(
                element.find(_Q + name), f"<{name}> is {value!r}; write a number such as 1.5"
            ) from None

    def flag(self, element: etree._Element, name: str) -> bool:
        """Child `name` as MSPDI's boolean (1 or true)."""
        return (self.text(element, name) or "0").lower() in {"1", "true"}

    def datetime(self, element: etree._Element, name: str) -> dt.datetime | None:
        """Child `name` as a date and time (`2026-01-05T08:00:00`); None when missing."""
        value = self.text(element, name)
        if value is None:
            return None
        match = _TIME.match(value)
        try:
            if match is None:
                raise ValueError(value)
            day = dt.date.fromisoformat(match.group(1))
            hour, minute, second = (int(match.group(i) or 0) for i in (2, 3, 4))
            if hour == 24 and minute == 0:  # the end of the day: midnight of the next
                day, hour, second = min(day, MAX_DATE) + dt.timedelta(days=1), 0, 0
            moment = dt.datetime.combine(day, dt.time(hour, minute, second))
        except ValueError:
            raise self.error(
                element.find(_Q + name),
                f"<{name}> is {value!r}; write a date and time such as 2026-01-05T08:00:00",
            ) from None
        if not MIN_DATE <= moment.date() <= MAX_DATE:
            raise self.error(
                element.find(_Q + name),
                f"<{name}> is {value!r}; steerco plans dates from {MIN_DATE} to {MAX_DATE}",
            )
        return moment

    def date(self, element: etree._Element, name: str) -> dt.date | None:
        """Child `name`'s date (its time of day left out); None when missing."""
        moment = self.datetime(element, name)
        return moment.date() if moment is not None else None
