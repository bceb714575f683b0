"""Run the console blocks of README.md and docs/*.md and compare their shown output.

A console block is a fenced block opened by three backticks and `console`. A line starting
with `$ ` is a command; the lines after it, up to the next command, are its shown output.
A command with shown output must print exactly that (trailing spaces aside; `…` in a shown
line stands for any text); a command with none must exit 0. The blocks of one file run in
order in one scratch copy of the repository's examples, so a later block may use a file an
earlier one wrote. See docs/testing.md, "The docs test".

    python tests/docs_console.py            # check, report every difference
    python tests/docs_console.py --update   # rewrite the shown outputs from the real ones
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
import re
import shlex
import shutil
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from unittest import mock

from typer.testing import CliRunner

from steerco.cli.main import app

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
# What a scratch copy holds: the files the blocks name, at the same relative paths.
SCRATCH = [
    "examples",
    "tests/cases/valid",
    "tests/data/psplib/j30/j3010_1.sm",
    "tests/data/agile",
    "tests/data/points",
]
SCRATCH += ["tests/data/interop"]
ENV = {"COLUMNS": "100", "NO_COLOR": "1"}
# The day the blocks run on, so that what depends on today (a status date after it is a
# warning, `baseline` saves today's date, `new` starts next Monday) prints the same every day.
TODAY = dt.date(2027, 3, 1)
# The modules that ask for today's date, each through its `dt` (import datetime as dt).
_ASKS_TODAY = ["steerco.app.progress", "steerco.app.project", "steerco.app.templates"]
_ASKS_TODAY += ["steerco.cli.options"]
_ASKS_TODAY += ["steerco.app.progress_from_runs"]
PLACEHOLDER = "…"
_FENCE = re.compile(r"^(\s*)```(\w*)\s*$")
_SKIP = re.compile(r"^\s*<!-- docs-test: skip \((?P<reason>[^)]+)\) -->\s*$")


@dataclass
class Command:
    """One `$ ` line of a block and the output shown under it (lines without indentation)."""

    line: int  # 0-based index of the `$ ` line in the file
    text: str
    shown: list[str] = field(default_factory=list)


@dataclass
class Block:
    """One console block: where it is, its indentation, its commands, a skip reason if any."""

    doc: Path
    start: int  # 0-based index of the opening fence
    end: int  # 0-based index of the closing fence
    indent: str
    commands: list[Command]
    skip: str | None


def blocks(doc: Path) -> list[Block]:
    """The console blocks of one Markdown file, in order."""
    lines = doc.read_text(encoding="utf-8").splitlines()
    found: list[Block] = []
    i = 0
    while i < len(lines):
        opening = _FENCE.match(lines[i])
        if not opening or opening.group(2) == "":
            i += 1
            continue
        j = i + 1
        while j < len(lines) and not re.match(r"^\s*```\s*$", lines[j]):
            j += 1
        if opening.group(2) == "console":
            indent = opening.group(1)
            previous = next((lines[k] for k in range(i - 1, -1, -1) if lines[k].strip()), "")
            skip = _SKIP.match(previous)
            commands: list[Command] = []
            for k in range(i + 1, j):
                body = lines[k].removeprefix(indent)
                if body.startswith("$ "):
                    commands.append(Command(k, body[2:]))
                elif commands:
                    commands[-1].shown.append(body)
                else:
                    raise ValueError(f"{doc.name}:{k + 1}: output before any `$ ` command")
            found.append(Block(doc, i, j, indent, commands, skip.group("reason") if skip else None))
        i = j + 1
    return found


def scratch(into: Path) -> None:
    """Copy the files the blocks use into a scratch folder, at their repository paths."""
    for name in SCRATCH:
        source, target = ROOT / name, into / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            shutil.copy(source, target)
    for folder in ("docs", "out", "plans"):
        (into / folder).mkdir(exist_ok=True)


class _PinnedDate(dt.date):
    """`datetime.date` whose today() is TODAY; its other constructors give plain dates."""

    @classmethod
    def today(cls) -> dt.date:
        """The pinned day."""
        return TODAY

    @classmethod
    def fromisoformat(cls, text: str) -> dt.date:
        """A plain date, as `datetime.date.fromisoformat` gives."""
        return dt.date.fromisoformat(text)


def _pinned_datetime() -> ModuleType:
    """A stand-in for the datetime module whose `date.today()` is TODAY."""
    stand_in = ModuleType("datetime")
    stand_in.__dict__.update(vars(dt))
    stand_in.date = _PinnedDate  # type: ignore[attr-defined]
    return stand_in


def _steerco(args: list[str]) -> tuple[int, str, str]:
    """Run steerco in process, today pinned: exit code, the terminal's text, stdout alone."""
    stand_in = _pinned_datetime()
    patches = [
        mock.patch.object(importlib.import_module(name), "dt", stand_in) for name in _ASKS_TODAY
    ]
    for patch in patches:
        patch.start()
    try:
        result = CliRunner().invoke(app, args, env=ENV, catch_exceptions=False)
    finally:
        for patch in patches:
            patch.stop()
    return result.exit_code, result.output, result.stdout


def run(command: Command, cwd: Path) -> tuple[int, str]:
    """Run one command line in cwd: its exit status and its output as a terminal shows it.

    The shell the docs use is small: `steerco ARGS`, `cat FILE`, `> FILE` after a steerco
    command, `A && B`, and `# comments`. `cat FILE` of a file not there writes the shown
    output to it: that is how a block defines a file of its own.
    """
    words = shlex.split(command.text, comments=True)
    status, shown = 0, ""
    for part in _split(words, "&&"):
        if part[0] == "cat":
            target = cwd / part[1]
            if not target.exists():
                target.write_text("".join(f"{line}\n" for line in command.shown), "utf-8")
            shown += target.read_text(encoding="utf-8")
            status = 0
        elif part[0] == "steerco":
            redirect = part.index(">") if ">" in part else None
            args = part[1:redirect] if redirect is not None else part[1:]
            status, output, stdout = _steerco(args)
            if redirect is not None:
                (cwd / part[redirect + 1]).write_text(stdout, encoding="utf-8")
                output = output.replace(stdout, "", 1)
            shown += output
        else:
            raise ValueError(f"the docs test runs only steerco and cat, not {part[0]!r}")
        if status != 0:
            break
    return status, shown


def _split(words: list[str], separator: str) -> Iterator[list[str]]:
    """The runs of words between separators."""
    part: list[str] = []
    for word in words:
        if word == separator:
            yield part
            part = []
        else:
            part.append(word)
    yield part


def matches(shown: str, real: str) -> bool:
    """Whether one shown line matches a real one: trailing spaces aside, `…` any text."""
    pattern = ".*".join(re.escape(piece) for piece in shown.rstrip().split(PLACEHOLDER))
    return re.fullmatch(pattern, real.rstrip()) is not None


@dataclass
class Outcome:
    """What running one command gave: its status and output lines, and any difference."""

    command: Command
    status: int
    real: list[str]
    problem: str | None


def check(doc: Path, workdir: Path) -> list[Outcome]:
    """Run every block of one file in order in workdir (a scratch copy, also the cwd)."""
    outcomes: list[Outcome] = []
    previous = Path.cwd()
    os.chdir(workdir)
    try:
        for block in blocks(doc):
            if block.skip:
                continue
            for command in block.commands:
                status, output = run(command, workdir)
                real = output.splitlines()
                outcomes.append(Outcome(command, status, real, _problem(command, status, real)))
    finally:
        os.chdir(previous)
    return outcomes


def _problem(command: Command, status: int, real: list[str]) -> str | None:
    """Why a command's result differs from what the doc shows, or None."""
    if not command.shown:
        if status != 0:
            return f"exit status {status}, expected 0; output:\n" + "\n".join(real)
        return None
    if len(command.shown) == len(real) and all(map(matches, command.shown, real)):
        return None
    return "shown:\n" + "\n".join(command.shown) + "\nreal:\n" + "\n".join(real)


def update(doc: Path, outcomes: list[Outcome]) -> bool:
    """Rewrite the shown outputs that differ from the real ones; whether the file changed.

    Only commands that show output get it rewritten (a line still matching, placeholder and
    all, is kept); a command that shows none keeps showing none.
    """
    lines = doc.read_text(encoding="utf-8").splitlines()
    by_line = {outcome.command.line: outcome for outcome in outcomes}
    changed = False
    for block in reversed(blocks(doc)):
        for command in reversed(block.commands):
            outcome = by_line.get(command.line)
            if outcome is None or not command.shown or outcome.problem is None:
                continue
            new = [
                command.shown[i]
                if i < len(command.shown) and matches(command.shown[i], real)
                else real
                for i, real in enumerate(outcome.real)
            ]
            start = command.line + 1
            lines[start : start + len(command.shown)] = [
                (block.indent + line).rstrip() for line in new
            ]
            changed = True
    if changed:
        doc.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return changed


def main(argv: list[str]) -> int:
    """Check every doc (or rewrite its shown outputs with --update); 1 if any differs."""
    rewrite = "--update" in argv
    failed = 0
    for doc in DOCS:
        with tempfile.TemporaryDirectory() as folder:
            workdir = Path(folder)
            scratch(workdir)
            outcomes = check(doc, workdir)
        for outcome in outcomes:
            if outcome.problem and not (rewrite and outcome.command.shown):
                failed += 1
                where = f"{doc.relative_to(ROOT)}:{outcome.command.line + 1}"
                print(f"{where}: $ {outcome.command.text}\n{outcome.problem}\n")
        if rewrite and update(doc, outcomes):
            print(f"{doc.relative_to(ROOT)}: shown outputs rewritten")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
