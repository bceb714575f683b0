"""Dates as issue trackers export them: `19/mar/26 6:57 PM`, `10/Jan/26 11:19 AM`, `4/7/25`.

Jira writes dates in the exporting user's language and format: a month abbreviation in
English, Spanish, German, French or Portuguese (`ene`, `Mrz`, `févr.`, `set`), numbers with
slashes, dots or dashes, two- or four-digit years, a time of day (ignored: the model counts
days). Numbers alone (`4/7/25`) are ambiguous; `numeric_order` decides day or month first
for a whole export at once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

__all__ = ["MONTHS", "numeric_order", "numeric_parts", "parse_day", "parse_with_format"]

MONTHS: dict[str, int] = {}
"""Month names and abbreviations (lower case, without accents' dots) in the five languages."""

_NAMES = {
    1: "jan january ene enero januar janv janvier janeiro jän",
    2: "feb february febrero februar fév févr fev février fevereiro",
    3: "mar march marzo mär mrz märz mars março marco",
    4: "apr april abr abril avr avril",
    5: "may mayo mai",
    6: "jun june junio juni juin junho",
    7: "jul july julio juli juil juillet julho",
    8: "aug august ago agosto août aout",
    9: "sep sept september septiembre setiembre septembre set setembro",
    10: "oct october octubre okt oktober octobre out outubro",
    11: "nov november noviembre novembre novembro",
    12: "dec december dic diciembre dez dezember déc décembre dezembro",
}
for _month, _words in _NAMES.items():
    MONTHS.update(dict.fromkeys(_words.split(), _month))

_TIME = (
    r"(?:[ T]+\d{1,2}[:.h]\d{2}(?:[:.]\d{2}(?:[.,]\d+)?)?"
    r"(?:\s*[ap]\.?\s?m\.?)?(?:\s*(?:Z|[+-]\d{2}:?\d{2}))?)?"
)
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})" + _TIME, re.IGNORECASE)
_NAMED = re.compile(r"(\d{1,2})[/ .-]+([^\W\d_]+)\.?[/ .-]+(\d{2}|\d{4})" + _TIME, re.IGNORECASE)
_NAMED_FIRST = re.compile(r"([^\W\d_]+)\.?\s+(\d{1,2}),?\s+(\d{4})" + _TIME, re.IGNORECASE)
_NUMERIC = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})" + _TIME, re.IGNORECASE)


def _year(text: str) -> int:
    """A four-digit year as written; a two-digit one in 2000-2099 (Jira's `yy`)."""
    return int(text) + (2000 if len(text) == 2 else 0)


def _day(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def numeric_parts(text: str) -> tuple[int, int] | None:
    """The first two numbers of a numeric date (`4/7/25` -> (4, 7)), else None."""
    match = _NUMERIC.fullmatch(text.strip())
    return (int(match[1]), int(match[2])) if match else None


def numeric_order(values: Iterable[str], dayfirst: bool | None) -> tuple[bool, bool]:
    """Whether the export's numeric dates put the day first, and whether that was a guess.

    `dayfirst` given (`--dayfirst`/`--monthfirst`) decides. Else a first number above 12
    anywhere means day first, a second number above 12 month first; when no date tells
    (or they contradict each other), month first is assumed, as Jira's English `M/d/yy`,
    and the second value is True so the caller can say so.
    """
    if dayfirst is not None:
        return dayfirst, False
    first = second = False
    for value in values:
        parts = numeric_parts(value)
        if parts is not None:
            first = first or parts[0] > 12
            second = second or parts[1] > 12
    if first != second:
        return first, False
    return False, True


def parse_day(text: str, *, dayfirst: bool = False) -> dt.date | None:
    """The day `text` names, in any of the forms above; None when it names none."""
    value = text.strip()
    if match := _ISO.fullmatch(value):
        return _day(int(match[1]), int(match[2]), int(match[3]))
    if match := _NAMED.fullmatch(value):
        month = MONTHS.get(match[2].casefold())
        return None if month is None else _day(_year(match[3]), month, int(match[1]))
    if match := _NAMED_FIRST.fullmatch(value):
        month = MONTHS.get(match[1].casefold())
        return None if month is None else _day(int(match[3]), month, int(match[2]))
    if match := _NUMERIC.fullmatch(value):
        a, b = int(match[1]), int(match[2])
        day, month = (a, b) if dayfirst else (b, a)
        return _day(_year(match[3]), month, day)
    return None


def parse_with_format(text: str, fmt: str) -> dt.date | None:
    """The day `text` names in the strptime format `fmt` (a mapping file's `date_format`)."""
    try:
        return dt.datetime.strptime(text.strip(), fmt).date()
    except ValueError:
        return None
