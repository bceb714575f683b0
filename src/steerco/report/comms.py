"""The communication plan: when each line falls due, what is due now, the power-interest grid.

A line of the plan falls due on its `first` date (the project's start when left out) and
then every 7 days (`weekly`), 14 days (`fortnightly`) or month (`monthly`: on the first
date's day of the month, the month's last day where the month is shorter, so a line first
due on 31 January falls due on 28 or 29 February and on 31 March). `once` falls due once.
Nothing falls due after the plan's end, except a line's first date when that comes after
it (`last_day`): `comms due` and `steerco ical` list the same dates.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

from steerco.codes import Code
from steerco.errors import Diagnostic, warning
from steerco.model.communication import Communication, Frequency, Stakeholder
from steerco.model.project import Project

__all__ = [
    "QUADRANTS",
    "DueReport",
    "Quadrant",
    "SendRecord",
    "due",
    "first_date",
    "last_day",
    "latest_index",
    "missing_emails",
    "occurrence",
    "occurrences",
    "power_interest",
    "project_key",
    "project_slug",
    "quadrant",
    "quadrant_of",
]

Quadrant = Literal["manage_closely", "keep_satisfied", "keep_informed", "monitor"]
QUADRANTS: tuple[Quadrant, ...] = ("manage_closely", "keep_satisfied", "keep_informed", "monitor")
"""The four quadrants of the power-interest grid, most attention first."""

_STEP_DAYS = {"weekly": 7, "fortnightly": 14}


@dataclass(frozen=True)
class SendRecord:
    """One attempt to send a line of the plan, as the send journal keeps it."""

    line: str
    occurrence: dt.date
    recipients: tuple[str, ...]
    status: Literal["sent", "failed"]
    sent_at: str
    """When it was attempted: an ISO 8601 timestamp with its UTC offset."""
    format: str
    error: str = ""


@dataclass(frozen=True)
class DueReport:
    """A line of the plan that is due: its latest occurrence not yet sent, and to whom."""

    line: Communication
    occurrence: dt.date
    skipped: int
    """Earlier occurrences after the last one sent that were never sent (nor are they now)."""
    recipients: tuple[Stakeholder, ...]
    failures: int = 0
    """Failed attempts already made to send this occurrence."""


def project_slug(name: str) -> str:
    """A project's name for file names: lower case ASCII, accents dropped, other runs a dash."""
    # casefold: ß is ss; NFKD then splits an accented letter into the letter and its accent
    # (Mn), which is dropped. Neither changes a name all in ASCII beyond lower case.
    folded = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(char for char in folded if unicodedata.category(char) != "Mn")
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-") or "project"


def project_key(name: str) -> str:
    """A project's name for UIDs: its slug, and a short hash of a name not all in ASCII.

    The slug keeps only ASCII letters and digits, so names in other scripts would share
    one ("项目" and "Проект" are both `project`) and their calendars overwrite each other's
    events: such a name gets the first 8 hex digits of its SHA-256 after the slug. A name
    all in ASCII keeps its slug alone, the UIDs its calendars already hold.
    """
    slug = project_slug(name)
    if name.isascii():
        return slug
    digest = hashlib.sha256(unicodedata.normalize("NFC", name).encode("utf-8")).hexdigest()
    return f"{slug}-{digest[:8]}"


def first_date(project: Project, line: Communication) -> dt.date | None:
    """The date `line` is first due: its `first`, else the project's start (None without dates)."""
    return line.first if line.first is not None else project.start


def last_day(first: dt.date, end: dt.date) -> dt.date:
    """The last day a line first due on `first` may fall due in a plan that ends on `end`.

    The plan's end, or the line's first date when that comes after it: a line first due
    after the end still falls due once, on its first date.
    """
    return max(end, first)


def _add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by `months`, on its day of the month or the month's last day if shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def occurrence(first: dt.date, frequency: Frequency, k: int) -> dt.date:
    """The `k`-th date (from 0) a line first due on `first` falls due."""
    if frequency == "once":
        if k != 0:
            raise ValueError("a line sent once has one occurrence")
        return first
    if frequency == "monthly":
        return _add_months(first, k)
    return first + dt.timedelta(days=_STEP_DAYS[frequency] * k)


def latest_index(first: dt.date, frequency: Frequency, date: dt.date) -> int | None:
    """The index of the last occurrence on or before `date`; None when the first is after it."""
    if date < first:
        return None
    if frequency == "once":
        return 0
    if frequency == "monthly":
        k = (date.year - first.year) * 12 + date.month - first.month
        return k if occurrence(first, frequency, k) <= date else k - 1
    return (date - first).days // _STEP_DAYS[frequency]


def occurrences(first: dt.date, frequency: Frequency, until: dt.date) -> Iterator[dt.date]:
    """Every date from `first` to `until` (both included) a line falls due."""
    last = latest_index(first, frequency, until)
    for k in range(0 if last is None else last + 1):
        yield occurrence(first, frequency, k)


def _index_of(first: dt.date, frequency: Frequency, day: dt.date) -> int | None:
    """The index of the occurrence on `day`; None when the line does not fall due that day."""
    k = latest_index(first, frequency, day)
    return k if k is not None and occurrence(first, frequency, k) == day else None


def due(
    project: Project,
    journal: Iterable[SendRecord],
    date: dt.date,
    end: dt.date | None = None,
) -> tuple[DueReport, ...]:
    """Each line's latest occurrence on or before `date` that the journal has not seen sent.

    Occurrences before the latest one and after the last one sent are counted as skipped:
    a late report replaces them, it does not go out several times. A line whose latest
    occurrence was sent is not due; one whose sending failed stays due. With the plan's
    `end`, no occurrence after `last_day` is due: after the end, the line's last report
    stays due until it is sent, and nothing after it.
    """
    sent: dict[str, set[dt.date]] = {}
    failed: dict[tuple[str, dt.date], int] = {}
    for record in journal:
        if record.status == "sent":
            sent.setdefault(record.line, set()).add(record.occurrence)
        else:
            failed[(record.line, record.occurrence)] = (
                failed.get((record.line, record.occurrence), 0) + 1
            )
    people = {person.id: person for person in project.stakeholders}
    found: list[DueReport] = []
    for line in project.communications:
        first = first_date(project, line)
        if first is None:
            continue
        until = date if end is None else min(date, last_day(first, end))
        latest = latest_index(first, line.frequency, until)
        if latest is None:
            continue
        day = occurrence(first, line.frequency, latest)
        done = sent.get(line.id, set())
        if day in done:
            continue
        indices = [_index_of(first, line.frequency, d) for d in done if d < day]
        last_sent = max((k for k in indices if k is not None), default=-1)
        found.append(
            DueReport(
                line=line,
                occurrence=day,
                skipped=latest - last_sent - 1,
                recipients=tuple(people[i] for i in line.to if i in people),
                failures=failed.get((line.id, day), 0),
            )
        )
    return tuple(found)


def missing_emails(project: Project) -> list[Diagnostic]:
    """A `no_email` warning at each recipient of the plan whose stakeholder has no `email`."""
    people = {person.id: person for person in project.stakeholders}
    found: list[Diagnostic] = []
    for i, line in enumerate(project.communications):
        for j, person_id in enumerate(line.to):
            person = people.get(person_id)
            if person is not None and not person.email:
                message = (
                    f"stakeholder {person_id!r} has no `email`; `steerco comms send` leaves "
                    f"them out of {line.id!r}: add their address under `stakeholders:`"
                )
                found.append(warning(Code.no_email, message, ("communications", i, "to", j)))
    return found


def _high(level: str) -> bool:
    """Whether a rating counts as high on the power-interest grid: `medium` does."""
    return level != "low"


def quadrant_of(influence: str, interest: str) -> Quadrant:
    """The quadrant of an influence (power) and an interest rating.

    `high` and `medium` both count as high, `low` as low: someone of medium interest is
    kept informed rather than only watched, someone of medium influence kept satisfied (a
    quadrant too many costs an e-mail; one too few, a surprise).
    """
    if _high(influence):
        return "manage_closely" if _high(interest) else "keep_satisfied"
    return "keep_informed" if _high(interest) else "monitor"


def quadrant(stakeholder: Stakeholder) -> Quadrant:
    """Where a stakeholder sits on the power-interest grid (see `quadrant_of`)."""
    return quadrant_of(stakeholder.influence, stakeholder.interest)


def power_interest(
    stakeholders: Iterable[Stakeholder],
) -> dict[Quadrant, tuple[Stakeholder, ...]]:
    """The stakeholders of each quadrant (all four present, in `QUADRANTS` order), file order."""
    grid: dict[Quadrant, list[Stakeholder]] = {q: [] for q in QUADRANTS}
    for stakeholder in stakeholders:
        grid[quadrant(stakeholder)].append(stakeholder)
    return {q: tuple(people) for q, people in grid.items()}
