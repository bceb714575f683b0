"""MSPDI's units of time: ISO 8601 durations, duration formats, link lags in tenths of minutes.

MS Project stores a working duration in hours of working time (`PT40H0M0S` is 5 days of
8 hours) and an elapsed one in hours of calendar time (`PT72H0M0S` for `3ed`); the
`DurationFormat` or `LagFormat` code says which unit the user wrote, the elapsed ones
being the working ones plus one (3 m, 4 em, 5 h, 6 eh, 7 d, 8 ed, 9 w, 10 ew, 11 mo,
12 emo, 19 %, 20 e%); 32 more marks an estimated one (39 is `5d?`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "ELAPSED_FORMATS",
    "PERCENT_FORMATS",
    "Amount",
    "format_iso_hours",
    "lag_amount",
    "parse_iso_hours",
]

_ISO = re.compile(
    r"^(?P<sign>-)?P(?:(?P<y>\d+(?:\.\d+)?)Y)?(?:(?P<mo>\d+(?:\.\d+)?)M)?(?:(?P<d>\d+(?:\.\d+)?)D)?"
    r"(?:T(?:(?P<h>\d+(?:\.\d+)?)H)?(?:(?P<m>\d+(?:\.\d+)?)M)?(?:(?P<s>\d+(?:\.\d+)?)S)?)?$"
)

ELAPSED_FORMATS = frozenset({4, 6, 8, 10, 12, 20})
"""Duration and lag formats of elapsed time (calendar time, every day counts)."""

PERCENT_FORMATS = frozenset({19, 20})
"""Lag formats that read the lag as a percentage of the predecessor's duration."""


def parse_iso_hours(text: str) -> float | None:
    """Hours of an ISO 8601 duration such as `PT40H0M0S` or `-PT4H30M0S`; None if unreadable.

    Days count 24 hours (MS Project writes hours only); years and months are refused.
    """
    match = _ISO.match(text.strip())
    if match is None or match.group("y") or match.group("mo"):
        return None
    if all(match.group(key) is None for key in ("d", "h", "m", "s")):
        return None  # "P" or "PT": no amount at all
    parts = {key: float(match.group(key) or 0) for key in ("d", "h", "m", "s")}
    hours = parts["d"] * 24 + parts["h"] + parts["m"] / 60 + parts["s"] / 3600
    return -hours if match.group("sign") else hours


def format_iso_hours(hours: float) -> str:
    """`PT40H0M0S` for 40 hours (whole seconds, a minus sign for negative time)."""
    seconds = round(abs(hours) * 3600)
    sign = "-" if hours < 0 and seconds else ""
    return f"{sign}PT{seconds // 3600}H{seconds % 3600 // 60}M{seconds % 60}S"


def base_format(code: int) -> int:
    """The format without its "estimated" mark (39 `d?` -> 7 `d`)."""
    return code - 32 if 35 <= code <= 52 else code


@dataclass(frozen=True)
class Amount:
    """An amount of time read from MSPDI: working hours, elapsed hours, or a percentage."""

    hours: float
    elapsed: bool = False
    percent: float | None = None


def lag_amount(link_lag: int, lag_format: int) -> Amount:
    """A link's lag: `LinkLag` is tenths of a minute, or the percentage itself (formats 19, 20).

    MPXJ reads and writes a percentage lag as the number itself (`50` for 50%).
    """
    code = base_format(lag_format)
    if code in PERCENT_FORMATS:
        return Amount(0.0, elapsed=code == 20, percent=float(link_lag))
    return Amount(link_lag / 600.0, elapsed=code in ELAPSED_FORMATS)
