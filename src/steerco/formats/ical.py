"""iCalendar (RFC 5545) output: all-day events with stable UIDs, written with `icalendar`.

The same events give the same bytes: events are written in the order given, every
timestamp comes from the caller, and nothing depends on the clock or the machine.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["PRODID", "CalendarEvent", "calendar_text"]

PRODID = "-//steerco//steerco project calendar//EN"


@dataclass(frozen=True)
class CalendarEvent:
    """One all-day event: a stable UID, the day, a title, a description and a category."""

    uid: str
    day: dt.date
    summary: str
    category: str
    description: str = ""


def calendar_text(
    events: Iterable[CalendarEvent], *, name: str, stamp: dt.datetime, sequence: int = 0
) -> str:
    """The iCalendar text of `events` (CRLF line ends), each stamped `stamp` (UTC).

    Every event is all-day (DTSTART the day, DTEND the next day, DATE values) and carries
    SEQUENCE `sequence`: a calendar that imports the file again updates the events of the
    same UID in place rather than adding them twice.
    """
    from icalendar import Calendar, Event, vText

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # an X- property is written as given unless typed: vText escapes it (RFC 5545 3.3.11)
    calendar.add("x-wr-calname", vText(name))
    for item in events:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp.astimezone(dt.UTC))
        event.add("dtstart", item.day)
        event.add("dtend", item.day + dt.timedelta(days=1))
        event.add("summary", item.summary)
        if item.description:
            event.add("description", item.description)
        event.add("categories", [item.category])
        event.add("transp", "TRANSPARENT")
        event.add("sequence", sequence)
        calendar.add_component(event)
    text: str = calendar.to_ical().decode("utf-8")
    return text
