"""Fuzz every command's options: exit 0 with valid output, or exit 2 with a located error.

The commands and their options are read from the Typer app, so a new command is fuzzed
without a change here. Each example runs one command in process on copies of small
projects in a fresh folder, with a few options drawn from a pool of ordinary and hostile
values. Exit 3 ("no result", e.g. no feasible schedule) is a documented outcome too.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import shutil
import tempfile
from pathlib import Path
from unittest import mock

import pytest
import typer.main
from fuzz_harness import ROOT, STATS, codes_seen, crash
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from seeds import copy_demo

from cli_runner import steerco
from steerco.cli.main import app

EXAMPLES = 30  # under the `ci` profile: about fifteen seconds


def _commands() -> list[tuple[tuple[str, ...], list[object]]]:
    found: list[tuple[tuple[str, ...], list[object]]] = []

    def walk(command: object, words: tuple[str, ...]) -> None:
        subcommands = getattr(command, "commands", None)
        if subcommands is not None:
            for name, sub in subcommands.items():
                walk(sub, (*words, name))
        else:
            found.append((words, list(command.params)))  # type: ignore[attr-defined]

    walk(typer.main.get_command(app), ())
    return [(words, params) for words, params in found if words not in SERVERS]


SERVERS = {("serve",), ("worker",)}
"""Commands that run until stopped: tests/workspace/test_serve*.py and test_jobs* drive them."""


COMMANDS = _commands()
VALUES = [
    "0", "1", "3", "-1", "2.5", "1e309", "nan", "inf", "-inf", "abc", "", " ", "a,b",
    "2027-01-05", "2027-02-30", "9999-12-31", "0001-01-01", "2027-W02", "json", "csv",
    "table", "markdown", "cpm", "rcpsp", "heuristic", "day", "week", "a", "b", "zz",
    "baseline", "--done", "-", "ml-engineer", "ai-project-manager",
    "99999999999", "-99999999999", "10000001", "1e18", "-0", "NaN", "-nan", "Infinity",
]  # fmt: skip
HUGE = ["99999999999", "-99999999999", "10000001", "0", "-1", "nan", "inf", "-inf"]
"""Each numeric option (one with a bound) gets each of these once, outside hypothesis."""
UNFIXED: set[tuple[str, str, str]] = set()
"""Known crashes not fixed yet, as (command, option, value): strict xfail, so a fix flips it."""


def _argument(name: str, folder: Path, project: Path, draw: st.DrawFn) -> str:
    """A value for a positional argument: a copy of a fitting file, a task, or junk."""
    pools = {
        "FILE": [
            project,
            folder / "canonical.yaml",
            folder / "j3010_1.sm",
            folder / "missing.yaml",
        ],
        "HISTORY": [folder / "estimates.csv", folder / "throughput.csv", project],
        "PROFILE_FILE": [folder / "aspiring-ai-pm.yaml", project],
        "TASK": ["a", "b", "zz", ""],
    }
    return str(draw(st.sampled_from(pools.get(name, VALUES))))


def _folder() -> tuple[Path, Path]:
    folder = Path(tempfile.mkdtemp(prefix="steerco-fuzz-cli-"))
    for source in [
        "tests/cases/valid/canonical.yaml",
        "tests/data/psplib/j30/j3010_1.sm",
        "examples/history/estimates.csv",
        "examples/history/throughput.csv",
        "examples/profiles/aspiring-ai-pm.yaml",
    ]:
        shutil.copy(ROOT / source, folder)
    return folder, copy_demo(folder)


@settings(max_examples=EXAMPLES, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_every_command_exits_0_or_2_on_any_options(data: st.DataObject) -> None:
    words, params = data.draw(st.sampled_from(COMMANDS), label="command")
    folder, project = _folder()
    args: list[str] = list(words)
    for param in params:
        kind = param.param_type_name  # type: ignore[attr-defined]
        if kind == "argument" and data.draw(st.integers(0, 9)) > 0:  # at times none
            name = param.name.upper()  # type: ignore[attr-defined]
            args.append(_argument(name, folder, project, data.draw))
    options = [p for p in params if p.param_type_name == "option"]  # type: ignore[attr-defined]
    for option in data.draw(
        st.lists(st.sampled_from(options), max_size=4, unique=True) if options else st.just([])
    ):
        flag = option.opts[0]  # type: ignore[attr-defined]
        args.append(flag)
        if option.is_flag:  # type: ignore[attr-defined]
            continue
        if "output" in option.name:  # type: ignore[attr-defined]
            args.append(
                str(folder / data.draw(st.sampled_from(["out.json", "sub/out.csv", "demo.yaml"])))
            )
        elif option.name in {"history", "salaries"}:  # type: ignore[attr-defined]
            args.append(
                str(folder / data.draw(st.sampled_from(["estimates.csv", "demo.yaml", "none.csv"])))
            )
        else:
            args.append(data.draw(st.sampled_from(VALUES)))
    STATS.tried["cli " + " ".join(words)] += 1
    # A workspace command without --db opens the default workspace: the folder's, never $HOME's.
    workspace = {"STEERCO_DATA_DIR": str(folder / "workspace")}
    try:
        with mock.patch.dict(os.environ, workspace), contextlib.chdir(folder):
            result = steerco(*args)
    except Exception:
        import traceback

        crash("cli", args, traceback.format_exc())
        raise
    STATS.codes.update(codes_seen(result.stderr.splitlines()))
    wrong = _judge(args, result.exit_code, result.stdout, result.stderr)
    if wrong:
        crash("cli", args, wrong)
    assert not wrong, f"steerco {' '.join(args)}: {wrong}\n{result.output[-3000:]}"


def _judge(args: list[str], code: int, stdout: str, stderr: str) -> str:
    """What is wrong with an outcome ('' when nothing is)."""
    if "Traceback" in stdout + stderr:
        return "a traceback"
    if code == 0:
        wants_json = any(
            a in {"-f", "--format"} and b == "json" for a, b in itertools.pairwise(args)
        )
        if wants_json and not any(a in {"-o", "--output"} for a in args):
            try:
                json.loads(stdout)
            except ValueError:
                return "--format json printed something that is not JSON"
        return ""
    if code in (2, 3):
        return "" if stderr.strip() else f"exit {code} without a message on stderr"
    return f"exit {code}"


def _numeric_cases() -> list[object]:
    """(command words, its params, flag, value) for every bounded option and HUGE value."""
    cases: list[object] = []
    for words, params in COMMANDS:
        for option in params:
            bounded = getattr(option, "min", None) is not None or getattr(option, "max", None)
            if option.param_type_name != "option" or option.is_flag or not bounded:  # type: ignore[attr-defined]
                continue
            for value in HUGE:
                flag = option.opts[0]  # type: ignore[attr-defined]
                marks = (
                    [pytest.mark.xfail(strict=True, reason="not fixed yet: see UNFIXED")]
                    if (words[0], flag, value) in UNFIXED
                    else []
                )
                cases.append(pytest.param(words, params, flag, value, marks=marks))
    return cases


def _numeric_ids() -> list[str]:
    return [" ".join((*c.values[0], c.values[2], c.values[3])) for c in _numeric_cases()]  # type: ignore[attr-defined]


@pytest.mark.parametrize(("words", "params", "flag", "value"), _numeric_cases(), ids=_numeric_ids())
def test_every_bounded_option_exits_0_2_or_3_on_huge_negative_and_non_finite_values(
    words: tuple[str, ...], params: list[object], flag: str, value: str
) -> None:
    folder, project = _folder()
    args: list[str] = list(words)
    for param in params:
        if param.param_type_name == "argument":  # type: ignore[attr-defined]
            name = param.name.upper()  # type: ignore[attr-defined]
            args.append(_argument(name, folder, project, lambda pool: pool.elements[0]))  # type: ignore[attr-defined]
    args += [flag, value]
    STATS.tried["cli " + " ".join(words)] += 1
    result = steerco(*args)
    STATS.codes.update(codes_seen(result.stderr.splitlines()))
    wrong = _judge(args, result.exit_code, result.stdout, result.stderr)
    assert not wrong, f"steerco {' '.join(args)}: {wrong}\n{result.output[-3000:]}"
