"""What every part of an MSPDI reading shares: the reader, the tally, the units, a task row."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from steerco.formats.foreign.mspdi_durations import (
    ELAPSED_FORMATS,
    Amount,
    base_format,
    parse_iso_hours,
)
from steerco.formats.foreign.mspdi_tally import Tally
from steerco.formats.foreign.mspdi_xml import Reader

__all__ = [
    "CONSTRAINT_ALIASES",
    "EPS",
    "PIN_ALIAS",
    "STEERCO_ID_ALIAS",
    "STEERCO_KIND_ALIAS",
    "Context",
    "TaskRow",
    "finish_day",
]

STEERCO_ID_ALIAS = "steerco id"
"""The alias of the extended attribute (task Text1, resource Text1) holding steerco's id."""
PIN_ALIAS = "steerco pinned"
"""The alias of the task extended attribute (Text2) holding why a task keeps its dates."""
STEERCO_KIND_ALIAS = "steerco kind"
"""The alias of the resource extended attribute (Text2) holding person, role or equipment."""
CONSTRAINT_ALIASES = {
    f"steerco {field.replace('_', ' ')}": field
    for field in (
        "must_start_on",
        "must_finish_on",
        "start_no_earlier_than",
        "finish_no_earlier_than",
        "start_no_later_than",
        "finish_no_later_than",
    )
}
"""The aliases of the task extended attributes (Date1..Date6) holding a task's further
constraints (MSPDI's ConstraintType holds one): "steerco finish no later than" and so on."""

EPS = 1e-6


@dataclass
class TaskRow:
    """One task row of the file, as read before the outline and the unit are settled."""

    uid: int
    id: str
    element: etree._Element
    name: str
    level: int
    start: dt.datetime | None
    finish: dt.datetime | None
    duration: Amount | None
    milestone: bool
    data: dict[str, Any] = field(default_factory=dict)
    links: list[tuple[int, str, Amount, etree._Element]] = field(default_factory=list)
    children: list[TaskRow] = field(default_factory=list)


def finish_day(start: dt.datetime | None, finish: dt.datetime) -> dt.date:
    """The last working day of a finish moment: midnight ends the day before."""
    if finish.time() == dt.time() and (start is None or finish > start):
        return finish.date() - dt.timedelta(days=1)
    return finish.date()


class Context:
    """One reading of one file: its reader, its tally, its day length and steerco's fields."""

    def __init__(self, file: str, root: etree._Element) -> None:
        self.file = file
        self.root = root
        self.x = Reader(file)
        self.tally = Tally()
        minutes = self.x.number(root, "MinutesPerDay", 480.0) or 480.0
        if not 0 < minutes <= 24 * 60:
            raise self.x.error(
                self.x.child(root, "MinutesPerDay"),
                f"<MinutesPerDay> is {minutes:g}; a working day holds 1 to 1440 minutes",
            )
        self.hours_per_day = minutes / 60
        self.fields = self.alias_fields()
        self.hour_unit = False
        self.as_leave: set[int] = set()
        self.left_out: set[int] = set()
        """Task UIDs not read as tasks (inactive, other projects'): their assignments too."""
        self.day_scale: dict[int, float] = {}
        """Per task UID on a calendar of other day length: project hours per its hour."""
        """Resource calendars read as their resource's leave and workdays (not dropped)."""

    def alias_fields(self) -> dict[str, set[str]]:
        """Extended attribute FieldIDs by steerco's aliases."""
        found: dict[str, set[str]] = {}
        for attr in self.x.path(self.root, "ExtendedAttributes", "ExtendedAttribute"):
            alias, field_id = self.x.text(attr, "Alias"), self.x.text(attr, "FieldID")
            if alias and field_id:
                found.setdefault(alias.strip().lower(), set()).add(field_id)
        return found

    def extended(self, element: etree._Element, label: str) -> dict[str, str]:
        """Steerco's extended attributes of a task or resource; others counted as dropped."""
        out: dict[str, str] = {}
        for attr in self.x.children(element, "ExtendedAttribute"):
            field_id, value = self.x.text(attr, "FieldID"), self.x.text(attr, "Value")
            alias = next((a for a, ids in self.fields.items() if field_id in ids), None)
            if alias in CONSTRAINT_ALIASES:
                continue  # read by `extended_dates`
            if alias in (STEERCO_ID_ALIAS, PIN_ALIAS, STEERCO_KIND_ALIAS) and value:
                out[alias] = value
            else:
                self.tally.add(
                    "extended attributes", "dropped", "steerco has no custom fields", label
                )
        return out

    def extended_dates(self, element: etree._Element) -> dict[str, dt.datetime]:
        """A task's further constraints in steerco's extended attributes, by steerco field."""
        out: dict[str, dt.datetime] = {}
        for attr in self.x.children(element, "ExtendedAttribute"):
            field_id = self.x.text(attr, "FieldID")
            alias = next((a for a, ids in self.fields.items() if field_id in ids), None)
            moment = self.x.datetime(attr, "Value") if alias in CONSTRAINT_ALIASES else None
            if alias is not None and moment is not None:
                out[CONSTRAINT_ALIASES[alias]] = moment
        return out

    def amount(self, element: etree._Element, name: str, fmt: int | None) -> Amount | None:
        """Child `name` as an ISO 8601 duration of the given format (None when missing)."""
        text = self.x.text(element, name)
        if text is None:
            return None
        hours = parse_iso_hours(text)
        if hours is None:
            raise self.x.error(
                self.x.child(element, name),
                f"<{name}> is {text!r}; write an ISO 8601 duration such as PT40H0M0S",
            )
        return Amount(hours, elapsed=base_format(fmt or 7) in ELAPSED_FORMATS)

    def days(self, amount: Amount) -> float:
        """An amount in days: working days of the project, or calendar days when elapsed."""
        return amount.hours / (24.0 if amount.elapsed else self.hours_per_day)

    def work_time(self, amount: Amount) -> str:
        """`5d`, `12h` (a plan in hours) or `3ed` (elapsed)."""
        if amount.elapsed:
            return f"{_decimal(amount.hours / 24)}ed"
        if self.hour_unit:
            return f"{_decimal(amount.hours)}h"
        return f"{_decimal(self.days(amount))}d"

    def not_whole(self, amount: Amount | None) -> bool:
        """Whether a working amount is not a whole number of days."""
        if amount is None or amount.elapsed or amount.percent is not None:
            return False
        days = self.days(amount)
        return abs(days - round(days)) > EPS


def _decimal(value: float) -> str:
    """`value` to four places, without exponent (`1e+07` would not read as working time)."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text
