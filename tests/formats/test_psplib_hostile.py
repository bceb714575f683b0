"""Hostile PSPLIB files: each is a located error before any large allocation, never a crash."""

from __future__ import annotations

import pytest

from psplib_data import psplib_instance
from steerco.errors import ProjectError
from steerco.formats.psplib import parse_psplib

SOURCE = psplib_instance("j3010_1").read_text(encoding="ascii")


def _edited(line: int, text: str) -> str:
    """j3010_1.sm with its line `line` (from 1) replaced by `text`."""
    lines = SOURCE.splitlines()
    lines[line - 1] = text
    return "\n".join(lines) + "\n"


JOBS_LINE = "jobs (incl. supersource/sink ):  {}"
RENEWABLE_LINE = "  - renewable                 :  {}   R"


@pytest.mark.parametrize(
    ("line", "text", "code", "at", "words"),
    [
        # more jobs than the file has lines: refused before a table of that size exists
        (6, JOBS_LINE.format(600_000_000), "psplib_truncated", 6, "600000000 jobs need"),
        (6, JOBS_LINE.format(10**12), "psplib_truncated", 6, "the file has 91 lines"),
        (9, RENEWABLE_LINE.format(10**10), "psplib_syntax", 9, "cannot hold that many"),
        (9, RENEWABLE_LINE.format(-1), "psplib_syntax", 9, "cannot be negative"),
        # availabilities: above int64, at its maximum, negative, beyond a project's limit
        (90, "   99999999999999999999999   23   25   33", "psplib_syntax", 90, "0 to 10,000"),
        (90, "   9223372036854775807   23   25   33", "psplib_syntax", 90, "0 to 10,000"),
        (90, "  -24   23   25   33", "psplib_syntax", 90, "0 to 10,000"),
        (90, "  10001   23   25   33", "psplib_syntax", 90, "0 to 10,000"),
        # a demand NumPy would clip to int64's maximum, and a duration past the horizon
        (
            59,
            "  5      1     4   99999999999999999999999    3    0    8",
            "psplib_syntax",
            59,
            "job 5",
        ),
        (
            59,
            "  5      1     99999999999999999999999    8    3    0    8",
            "horizon_too_long",
            59,
            "job 5 alone runs 99999999999999999999999 periods",
        ),
        # job 6's precedence line replaced by a second one for job 5
        (24, "   5        1          1           8", "psplib_syntax", 24, "second precedence line"),
        # a negative successor count (the fast parser's repeat would fail on it)
        (23, "   5        1         -1           8", "psplib_syntax", 23, "a precedence line"),
        # a multi-mode job
        (23, "   5        2          1           8", "psplib_syntax", 23, "2 modes"),
    ],
)
def test_a_hostile_edit_is_a_located_error(
    line: int, text: str, code: str, at: int, words: str
) -> None:
    with pytest.raises(ProjectError) as caught:
        parse_psplib(_edited(line, text), "j.sm")
    [error] = caught.value.diagnostics
    assert (error.code, error.file, error.line) == (code, "j.sm", at)
    assert words in error.message


def test_the_file_as_published_is_read_by_both_parsers() -> None:
    fast = parse_psplib(SOURCE)
    # a blank line inside the precedence table sends the file to the checking parser
    lines = SOURCE.splitlines()
    slow = parse_psplib("\n".join([*lines[:20], "", *lines[20:]]) + "\n")
    assert fast.capacity.tolist() == slow.capacity.tolist() == [24, 23, 25, 33]
    assert fast.duration.tolist() == slow.duration.tolist()
    assert fast.src.tolist() == slow.src.tolist() and fast.dst.tolist() == slow.dst.tolist()
