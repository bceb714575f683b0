"""One edit of a large project file through `steerco.formats.yaml_edit.edit_project_text`.

The workspace server applies every API edit through this editor (and `steerco update` and
`steerco risks adopt` do on files), so its time is an edit's floor. The plain reference is
the editor before the fast path, read from git at commit `OLD` and timed in the same run on
the same texts: it validated the text, loaded it twice with ruamel.yaml's round-trip loader
and composed it a third time for the spans. The fast path composes once, copies the node
graph for the document it hands to the edit, and with `valid=True` (the caller knows the
text is a valid project, as the server does for a stored revision) skips the validation
before the edit. Every edit's text must be the reference's, byte for byte.

Projects: `end_to_end.project_yaml` (one flow-style task per line, in phases of 100) and the
same tasks in block style (one field per line), each of `--sizes` tasks. Edits: a task's
name set, its three-point estimate's likely value set (a nested mapping), a task added at
the end of the last phase, the last task deleted.

Run: `.venv/bin/python benchmarks/yaml_edit.py [--sizes 100 1000] [--runs 5]`.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
import types
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from end_to_end import PHASE, Generated, generate, machine, project_yaml
from steerco.formats.yaml_edit import edit_project_text

ROOT = Path(__file__).parents[1]
OLD = "94e62a1"  # the last commit with the editor that loaded the text three times

Mutate = Callable[[Any], None]


def old_editor() -> Callable[..., tuple[str, Any]]:
    """`edit_project_text` as it was at commit OLD (its source read with `git show`)."""
    source = subprocess.run(
        ["git", "show", f"{OLD}:src/steerco/formats/yaml_edit.py"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    module = types.ModuleType("yaml_edit_old")
    sys.modules[module.__name__] = module  # its dataclass looks itself up there
    exec(compile(source, "yaml_edit_old.py", "exec"), module.__dict__)
    editor: Callable[..., tuple[str, Any]] = module.edit_project_text
    return editor


def block_yaml(net: Generated, *, name: str) -> str:
    """The tasks of `net` in block style: one field per line, the estimate a nested mapping."""
    lines = [f"name: {name}", "start: 2027-01-04", "tasks:"]
    for j in range(len(net.kind)):
        if j % PHASE == 0:
            lines += [f"  - id: phase{j // PHASE}  # phase {j // PHASE}", "    children:"]
        lines += [f"      - id: t{j}", f"        name: Task {j}", "        estimate:"]
        lines += [f"          low: {net.low[j]}", f"          likely: {net.likely[j]}"]
        lines += [f"          high: {net.high[j]}", f"          distribution: {net.kind[j]}"]
        if net.preds[j]:
            lines.append(f"        after: [{', '.join(f't{i}' for i in net.preds[j])}]")
    return "\n".join(lines) + "\n"


def edits(n: int) -> dict[str, Mutate]:
    """The timed edits of an `n`-task project, on its middle and its last task."""
    middle, last = n // 2, n - 1

    def task(document: Any, j: int) -> Any:
        return document["tasks"][j // PHASE]["children"][j % PHASE]

    def rename(document: Any) -> None:
        task(document, middle)["name"] = "Renamed task"

    def likely(document: Any) -> None:
        task(document, middle)["estimate"]["likely"] += 1

    def add(document: Any) -> None:
        document["tasks"][last // PHASE]["children"].append({"id": "new", "duration": 3})

    def delete(document: Any) -> None:
        del document["tasks"][last // PHASE]["children"][last % PHASE]

    return {
        "set a name": rename,
        "set estimate.likely": likely,
        "add a task": add,
        "delete": delete,
    }


def timed(runs: int, action: Callable[[], str]) -> tuple[float, float, str]:
    """Median wall and CPU seconds of `runs` calls of `action`, and what it returned."""
    walls, cpus, result = [], [], ""
    for _ in range(runs):
        begin, used = time.perf_counter(), time.process_time()
        result = action()
        walls.append(time.perf_counter() - begin)
        cpus.append(time.process_time() - used)
    return statistics.median(walls), statistics.median(cpus), result


def main() -> None:
    """Time the old and the fast editor on every project and edit; print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    old = old_editor()
    print(machine())
    print(
        f"median of {args.runs} runs, wall (CPU) seconds; ratios of CPU times (steadier than the "
        f"wall clock on a shared machine); reference: edit_project_text at commit {OLD}"
    )
    print()
    print(
        "| project | KB | edit | old s (CPU s) | fast s (CPU s) | fast, valid=True s (CPU s) "
        "| old / fast (CPU) | old / valid=True (CPU) |"
    )
    print("|---|---:|---|---:|---:|---:|---:|---:|")
    for n in args.sizes:
        net = generate(n)
        for style, text in (
            ("flow", project_yaml(net, name="Big")),
            ("block", block_yaml(net, name="Big")),
        ):
            for label, mutate in edits(n).items():
                print(row(old, f"{n:,} tasks, {style}", text, label, mutate, args.runs), flush=True)


def _text(editor: Callable[..., tuple[str, Any]], *args: Any, **options: Any) -> str:
    return editor(*args, **options)[0]


def row(
    old: Callable[..., tuple[str, Any]],
    project: str,
    text: str,
    label: str,
    mutate: Mutate,
    runs: int,
) -> str:
    """One line of the table: the edit by the old and the fast editor; the texts must agree."""
    before = timed(runs, partial(_text, old, text, "plan.yaml", mutate))
    fast = timed(runs, partial(_text, edit_project_text, text, "plan.yaml", mutate))
    trusted = timed(runs, partial(_text, edit_project_text, text, "plan.yaml", mutate, valid=True))
    if not before[2] == fast[2] == trusted[2] or before[2] == text:
        raise SystemExit(f"{project}, {label}: the texts differ or nothing changed")
    return (
        f"| {project} | {len(text.encode()) / 1000:.0f} | {label} "
        f"| {before[0]:.3f} ({before[1]:.3f}) | {fast[0]:.3f} ({fast[1]:.3f}) "
        f"| {trusted[0]:.3f} ({trusted[1]:.3f}) | {before[1] / fast[1]:.1f} "
        f"| {before[1] / trusted[1]:.1f} |"
    )


if __name__ == "__main__":
    main()
