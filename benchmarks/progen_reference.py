"""Reference makespans for a generated (ProGen-like) set, from long solves, kept as a CSV.

Generates the set exactly as `psplib.py --sets SET` does (same `--per-cell` and `--seed`),
solves every instance with each method in `--methods` for `--limit` seconds (steerco's
`solve(method="auto")` by default; add `pyjobshop` for the peer), checks every schedule
with `psplib.check_schedule` (the benchmark's own checker, from the `.sm` text), and
writes one row per instance to `--out` (default `benchmarks/references/<set>.csv`):
instance, seed (the instance's own, as in the file's header), sha256 of the file,
makespan (the best checked schedule), lower_bound (the best of the critical path and
every method's bound) and how (methods, limit, workers, date, the code's commit).
`psplib.py` uses a row only when the sha256 matches the file it generated, so a changed
generator cannot pair an instance with another instance's reference.

Rows already in `--out` whose file still matches are kept and not solved again, so a long
run can be stopped and resumed; the file is rewritten whole after every instance.

Run (the long run, about 10 h for 60 j120like instances at 600 s; not part of any test):
`.venv/bin/python benchmarks/progen_reference.py --set j120like --limit 600 --workers 2`.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import progen
import psplib
from peer_pyjobshop import available as peer_available

OUTPUT_SPEC = ":(top,exclude)benchmarks/references"
"""What the dirty check leaves out: the references this script writes."""


def code_version() -> str:
    """The repository's short commit, `+` when the code has changes; `unknown` outside git.

    The references written so far (`benchmarks/references/`) are this script's output,
    not code: a resumed run does not count them as a change.
    """
    root = Path(__file__).resolve().parent.parent
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True
        )
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no", "--", ".", OUTPUT_SPEC],
            cwd=root,
            capture_output=True,
            text=True,
        )
    except OSError:
        return "unknown"
    if commit.returncode != 0 or not commit.stdout.strip():
        return "unknown"
    return commit.stdout.strip() + ("+" if dirty.stdout.strip() else "")


def reference_row(
    path: Path, methods: list[str], ctx: psplib.Context, how: str
) -> dict[str, object] | None:
    """Solve one file with every method; its row, or None when no schedule passed the check."""
    instance = psplib.read_sm(path)
    best: int | None = None
    bound = instance.mpm
    for method in methods:
        outcome = psplib.RUNNERS[method](instance, ctx)
        if outcome.bound is not None:
            bound = max(bound, outcome.bound)
        if outcome.start is None:
            continue
        errors = psplib.check_schedule(instance, outcome.start)
        span = max(s + d for s, d in zip(outcome.start, instance.duration, strict=True))
        if errors:
            print(f"{instance.name}: {method}'s schedule fails: {errors[0]}", file=sys.stderr)
            continue
        best = span if best is None else min(best, span)
    if best is None:
        return None
    if bound > best:
        print(f"{instance.name}: bound {bound} > makespan {best}; row kept out", file=sys.stderr)
        return None
    seed = progen_seed(path)
    return {
        "instance": instance.name,
        "seed": seed,
        "sha256": psplib.digest(path),
        "makespan": best,
        "lower_bound": bound,
        "how": how,
    }


def progen_seed(path: Path) -> int:
    """The instance's own seed, from the header line `initial value random generator`."""
    for line in path.read_text(encoding="ascii").splitlines():
        if line.startswith("initial value random generator"):
            return int(line.split(":")[1])
    raise ValueError(f"{path}: no 'initial value random generator' line")


def write_rows(path: Path, rows: list[dict[str, object]]) -> None:
    """Write the rows (sorted by instance name) to a temporary file, then rename it over `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    with os.fdopen(fd, "w", newline="", encoding="ascii") as handle:
        writer = csv.DictWriter(handle, psplib.LONG_RUN_FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(sorted(rows, key=lambda r: psplib.name_key(str(r["instance"])) or (0, 0)))
    os.replace(tmp, path)


def main(argv: list[str] | None = None) -> int:
    """Command line: long solves of a generated set into its reference CSV."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", required=True, choices=sorted(progen.SETS), dest="set_name")
    parser.add_argument("--per-cell", type=int, default=1)
    parser.add_argument("--seed", type=int, default=progen.DEFAULT_SEED, help="the set's seed")
    parser.add_argument("--instances", type=int, default=None, help="first N (in rounds)")
    parser.add_argument("--limit", type=float, default=600.0, help="seconds per method")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--methods", nargs="+", default=["steerco"], choices=["steerco", "pyjobshop"]
    )
    parser.add_argument("--out", type=Path, default=None, help="the CSV (default references/)")
    args = parser.parse_args(argv)
    if args.per_cell < 1 or args.limit <= 0 or args.workers < 1:
        parser.error("--per-cell and --workers must be at least 1, --limit positive")
    methods: list[str] = list(args.methods)
    if "pyjobshop" in methods and (why := peer_available()) is not None:
        parser.error(f"the peer is not available: {why}")
    out: Path = args.out or psplib.REFERENCES / f"{args.set_name}.csv"
    kept = psplib.long_runs(out)
    date = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d")
    how = (
        f"best of {'+'.join(methods)}, {args.limit:g} s each, {args.workers} workers, "
        f"per-cell {args.per_cell}, set seed {args.seed}, {date}, code {code_version()}"
    )
    with tempfile.TemporaryDirectory(prefix="progen-") as scratch:
        progen.generate_set(args.set_name, args.per_cell, args.seed, Path(scratch))
        paths = psplib.instances(args.set_name, args.instances, Path(scratch))
        rows: list[dict[str, object]] = [
            vars(run) for run in kept.values() if run.instance not in {p.stem for p in paths}
        ]
        for number, path in enumerate(paths, 1):
            run = kept.get(path.stem)
            if run is not None and run.sha256 == psplib.digest(path):
                rows.append(vars(run))
                print(f"{number}/{len(paths)} {path.stem}: kept", file=sys.stderr)
                continue
            ctx = psplib.Context(args.limit, args.workers, seed=0)
            row = reference_row(path, methods, ctx, how)
            if row is not None:
                rows.append(row)
                write_rows(out, rows)
            print(f"{number}/{len(paths)} {path.stem}: {row}", file=sys.stderr, flush=True)
    write_rows(out, rows)
    print(f"{len(rows)} rows in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
