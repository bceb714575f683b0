"""The long fuzzing run: every reader and every command, many times the `make test` budget.

Runs tests/fuzz under the hypothesis profile `long` (fresh random inputs, 20 times each
test's `ci` budget; `--factor` scales it further through FUZZ_FACTOR) and prints what it
tried: inputs per target, the distinct diagnostic codes seen, and the crashes (which must
be 0; each is printed with its input and traceback). Exit status 1 when anything crashed.

    .venv/bin/python benchmarks/fuzz.py
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).parents[1]


def main() -> int:
    """Run the fuzz tests under the long profile and print the counts."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", default="long", help="hypothesis profile (ci or long)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        stats_file = Path(tmp) / "stats.json"
        env = {
            **os.environ,
            "HYPOTHESIS_PROFILE": args.profile,
            "STEERCO_FUZZ_STATS": str(stats_file),
            "PYTHONPATH": os.pathsep.join(
                filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")])
            ),
        }
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/fuzz"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - started
        stats = json.loads(stats_file.read_text(encoding="utf-8")) if stats_file.exists() else {}
    tried: dict[str, int] = stats.get("tried", {})
    codes: dict[str, int] = stats.get("codes", {})
    crashes: list[dict[str, str]] = stats.get("crashes", [])
    print(f"fuzz ({args.profile} profile, {seconds:.0f} s)")
    print(f"{'target':<28} {'inputs':>8}")
    for target, count in sorted(tried.items()):
        print(f"{target:<28} {count:>8,}")
    print(f"{'total':<28} {sum(tried.values()):>8,}")
    print(f"distinct diagnostic codes seen: {len(codes)}")
    print("  " + ", ".join(sorted(codes)))
    print(f"crashes: {len(crashes)}")
    for found in crashes:
        print(f"--- {found['target']}: {found['input']}\n{found['error']}")
    if done.returncode != 0:
        print(done.stdout[-5000:])
    return 0 if done.returncode == 0 and not crashes else 1


if __name__ == "__main__":
    sys.exit(main())
