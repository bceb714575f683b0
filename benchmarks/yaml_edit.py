"""One edit of a large project file through `steerco.formats.yaml_edit.edit_project_text`.

The workspace server applies every API edit through this editor (and `steerco update` and
`steerco risks adopt` do on files), so its time is an edit's floor. The plain reference is
the editor before the fast path, read from git at commit `OLD` and timed in the same run on
the same texts: it validated the text, loaded it twice with ruamel.yaml's round-trip loader
and composed it a third time for the spans. The fast path composes once, copies the node
graph for the document it hands to the edit, and with `valid=True` (the caller knows the
text is a valid project, as the server does for a stored revision) skips the validation
before the edit. Every edit's text must be the reference's, byte for byte.

The one-entry editor (`steerco.formats.yaml_entry_edit.edit_entry_text`, what the workspace
server runs for an edit of one entity) re-reads only the edited entry's lines: its column is
timed on the same texts, the entry's path given, and its text must be the others', byte for
byte. It keeps where the entries sit per text, so its first run on a text reads the whole
file with PyYAML's C parser (the `first` column) and the next runs (the median) do not, as
the server's edits do on the revision the previous edit wrote.

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
from steerco.formats.yaml_entry_edit import _INDEXES, edit_entry_text

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


Path = tuple[str | int, ...]


def edits(n: int) -> dict[str, tuple[Mutate, Path, Mutate]]:
    """The timed edits of an `n`-task project, on its middle and its last task.

    Each: the change of the whole document, the path of the entry it changes, and the
    same change of that entry alone (the one-entry editor's input).
    """
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

    def entry_rename(entry: Any) -> None:
        entry["name"] = "Renamed task"

    def entry_likely(entry: Any) -> None:
        entry["estimate"]["likely"] += 1

    def entry_add(entry: Any) -> None:
        entry["children"].append({"id": "new", "duration": 3})

    def entry_delete(entry: Any) -> None:
        del entry["children"][last % PHASE]

    middle_task: Path = ("tasks", middle // PHASE, "children", middle % PHASE)
    phase: Path = ("tasks", last // PHASE)
    return {
        "set a name": (rename, middle_task, entry_rename),
        "set estimate.likely": (likely, middle_task, entry_likely),
        "add a task": (add, phase, entry_add),
        "delete": (delete, phase, entry_delete),
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
        "| one entry, first s (CPU s) | one entry s (CPU s) | old / fast (CPU) "
        "| old / valid=True (CPU) | old / one entry (CPU) |"
    )
    print("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in args.sizes:
        net = generate(n)
        for style, text in (
            ("flow", project_yaml(net, name="Big")),
            ("block", block_yaml(net, name="Big")),
        ):
            for label, (mutate, path, change) in edits(n).items():
                project = f"{n:,} tasks, {style}"
                print(row(old, project, text, label, (mutate, path, change), args.runs), flush=True)


def _text(editor: Callable[..., tuple[str, Any]], *args: Any, **options: Any) -> str:
    return editor(*args, **options)[0]


def _entry_text(text: str, path: Path, change: Mutate) -> str:
    edited = edit_entry_text(text, "plan.yaml", lambda _: path, change)
    if edited is None:
        raise SystemExit(f"the one-entry editor declined the edit of {path}")
    return edited.text


def _forget(text: str) -> None:
    """Drop what the one-entry editor keeps about `text` (its first run reads it all)."""
    import hashlib

    _INDEXES.discard(hashlib.sha256(text.encode("utf-8")).hexdigest())


def row(
    old: Callable[..., tuple[str, Any]],
    project: str,
    text: str,
    label: str,
    edit: tuple[Mutate, Path, Mutate],
    runs: int,
) -> str:
    """One line of the table: the edit by each editor; the texts must agree."""
    mutate, path, change = edit
    before = timed(runs, partial(_text, old, text, "plan.yaml", mutate))
    fast = timed(runs, partial(_text, edit_project_text, text, "plan.yaml", mutate))
    trusted = timed(runs, partial(_text, edit_project_text, text, "plan.yaml", mutate, valid=True))
    _forget(text)
    first = timed(1, partial(_entry_text, text, path, change))
    entry = timed(runs, partial(_entry_text, text, path, change))
    if not before[2] == fast[2] == trusted[2] == first[2] == entry[2] or before[2] == text:
        raise SystemExit(f"{project}, {label}: the texts differ or nothing changed")
    return (
        f"| {project} | {len(text.encode()) / 1000:.0f} | {label} "
        f"| {before[0]:.3f} ({before[1]:.3f}) | {fast[0]:.3f} ({fast[1]:.3f}) "
        f"| {trusted[0]:.3f} ({trusted[1]:.3f}) | {first[0]:.3f} ({first[1]:.3f}) "
        f"| {entry[0]:.3f} ({entry[1]:.3f}) | {before[1] / fast[1]:.1f} "
        f"| {before[1] / trusted[1]:.1f} | {before[1] / entry[1]:.1f} |"
    )


if __name__ == "__main__":
    main()
