"""The fuzzing harness: a corpus of real files, their mutations, the allowed outcomes, counts.

Every reader and every command may end in exactly two ways: success, or a `ProjectError`
(exit 2) whose diagnostics carry a code and a location. Anything else is a crash: it is
recorded (input and traceback) and re-raised, so the test fails with the input shrunk.
With `STEERCO_FUZZ_STATS=FILE` set, the counts (inputs tried per target, diagnostic codes
seen, crashes) are written to FILE as JSON when the process ends (`benchmarks/fuzz.py`).
"""

from __future__ import annotations

import atexit
import json
import os
import traceback
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

from hypothesis import strategies as st

from steerco.codes import Code
from steerco.errors import ProjectError

ROOT = Path(__file__).parents[2]
STATS_ENV = "STEERCO_FUZZ_STATS"

# Codes about the file as a whole: they have no line to point at.
FILE_LEVEL = {
    Code.file_not_found,
    Code.unreadable_file,
    Code.file_too_large,
    Code.unknown_file_type,
}

TOKENS = [
    b"&a ", b"*a", b"<<: *a", b"[", b"]", b"{", b"}", b"\t", b": ", b"- ", b"? ", b",",
    b"'", b'"', b"#", b"\r", b"\x00", b"\xff", b"\xef\xbb\xbf", b"\xc3\xa9", b"---\n",
    b"...\n", b"%YAML 1.1\n", b"!!python/object:os.system ", b"!!binary ", b"null", b"~",
    b"true", b"0", b"-1", b"-0", b"1.5", b".inf", b"-.inf", b".nan", b"1e309", b"9" * 30,
    b"99999999999", b"2027-02-30", b"9999-12-31", b"0001-01-01", b"2027-03-01T25:00:00",
    b"3d..5d..10d", b"2h", b"-2d", b"a FS+2d", b"x SS-1d", b"", b"\n", b"  ", b"*",
]  # fmt: skip


def corpus(*patterns: str) -> list[bytes]:
    """The bytes of every file under the repository matching one of the glob `patterns`."""
    paths = sorted({p for pattern in patterns for p in ROOT.glob(pattern) if p.is_file()})
    return [p.read_bytes() for p in paths]


@st.composite
def mutated(draw: st.DrawFn, seeds: list[bytes]) -> bytes:
    """One seed file with one to six byte- or line-level mutations."""
    data = draw(st.sampled_from(seeds))
    for _ in range(draw(st.integers(1, 6))):
        operation = draw(st.sampled_from(_OPERATIONS))
        data = operation(draw, data)
    return data


def _at(draw: st.DrawFn, data: bytes) -> int:
    return draw(st.integers(0, len(data)))


def _flip(draw: st.DrawFn, data: bytes) -> bytes:
    i = _at(draw, data)
    return data[:i] + bytes([draw(st.integers(0, 255))]) + data[i + 1 :]


def _insert(draw: st.DrawFn, data: bytes) -> bytes:
    i = _at(draw, data)
    piece = draw(st.one_of(st.sampled_from(TOKENS), st.binary(max_size=6)))
    return data[:i] + piece + data[i:]


def _delete(draw: st.DrawFn, data: bytes) -> bytes:
    i = _at(draw, data)
    return data[:i] + data[i + draw(st.integers(1, 40)) :]


def _truncate(draw: st.DrawFn, data: bytes) -> bytes:
    return data[: _at(draw, data)]


def _lines(draw: st.DrawFn, data: bytes) -> tuple[list[bytes], int]:
    lines = data.split(b"\n")
    return lines, draw(st.integers(0, len(lines) - 1))


def _drop_line(draw: st.DrawFn, data: bytes) -> bytes:
    lines, i = _lines(draw, data)
    return b"\n".join(lines[:i] + lines[i + 1 :])


def _repeat_line(draw: st.DrawFn, data: bytes) -> bytes:
    lines, i = _lines(draw, data)
    return b"\n".join(lines[: i + 1] + [lines[i]] * draw(st.integers(1, 3)) + lines[i + 1 :])


def _swap_lines(draw: st.DrawFn, data: bytes) -> bytes:
    lines, i = _lines(draw, data)
    j = draw(st.integers(0, len(lines) - 1))
    lines[i], lines[j] = lines[j], lines[i]
    return b"\n".join(lines)


def _replace_value(draw: st.DrawFn, data: bytes) -> bytes:
    """Keep a line up to its last `:`, `,` or space, and write a token after it."""
    lines, i = _lines(draw, data)
    line = lines[i]
    cut = max(line.rfind(b":"), line.rfind(b","), line.rfind(b" "))
    lines[i] = line[: cut + 1] + draw(st.sampled_from(TOKENS))
    return b"\n".join(lines)


def _indent(draw: st.DrawFn, data: bytes) -> bytes:
    lines, i = _lines(draw, data)
    lines[i] = b" " * draw(st.integers(1, 4)) + lines[i]
    return b"\n".join(lines)


_OPERATIONS: list[Callable[[st.DrawFn, bytes], bytes]] = [
    _flip,
    _insert,
    _delete,
    _truncate,
    _drop_line,
    _repeat_line,
    _swap_lines,
    _replace_value,
    _indent,
]


class Stats:
    """What the fuzzers tried and saw in this process."""

    def __init__(self) -> None:
        self.tried: Counter[str] = Counter()
        self.codes: Counter[str] = Counter()
        self.crashes: list[dict[str, str]] = []

    def dump(self, path: str) -> None:
        """Write the counts as JSON to `path`."""
        Path(path).write_text(
            json.dumps(
                {"tried": self.tried, "codes": self.codes, "crashes": self.crashes}, indent=1
            ),
            encoding="utf-8",
        )


STATS = Stats()
if os.environ.get(STATS_ENV):
    atexit.register(STATS.dump, os.environ[STATS_ENV])


def check_diagnostics(error: ProjectError) -> list[str]:
    """The problems with an error's diagnostics: each needs a code, a file and (mostly) a line."""
    wrong = []
    if not error.diagnostics:
        wrong.append("a ProjectError without diagnostics")
    for d in error.diagnostics:
        if not isinstance(d.code, Code):
            wrong.append(f"{d.format()}: the code is not a steerco.codes.Code")
        if d.code not in FILE_LEVEL and d.line is None:
            wrong.append(f"{d.format()}: no line")
    return wrong


def run_reader(target: str, call: Callable[[], object], given: object) -> None:
    """Run one reader on one input: success, or a located ProjectError; else record and raise."""
    STATS.tried[target] += 1
    try:
        call()
    except ProjectError as error:
        STATS.codes.update(str(d.code) for d in error.diagnostics)
        wrong = check_diagnostics(error)
        if wrong:
            crash(target, given, "\n".join(wrong))
            raise AssertionError("\n".join(wrong)) from error
    except Exception:
        crash(target, given, traceback.format_exc())
        raise


def crash(target: str, given: object, what: str) -> None:
    """Record a crash: the target, its input and the traceback (or what was wrong)."""
    STATS.crashes.append({"target": target, "input": repr(given)[:4000], "error": what})


def codes_seen(lines: Iterable[str]) -> set[str]:
    """The diagnostic codes in `FILE:LINE:COL: code: message` lines of a command's stderr."""
    known = {str(c) for c in Code}
    found = set()
    for line in lines:
        for part in line.split(": "):
            word = part.rsplit(":", 1)[-1].strip()
            if word in known:
                found.add(word)
    return found
