"""Seed files the repository does not ship: a baselines and a snapshots file, made by steerco."""

from __future__ import annotations

import shutil
import tempfile
from functools import cache
from pathlib import Path

from cli_runner import steerco

# A (3 days) -> B (4 days) from Monday 2027-01-04, with a baseline and two status records.
DEMO = """\
name: Demo   # kept
start: 2027-01-04
resources:
  - {id: r, name: Engineer, rate: 100}
tasks:
  - {id: a, name: A, duration: 3, demands: [{resource: r}]}
  - {id: b, name: B, duration: 4, after: [a], demands: [{resource: r}]}
"""


@cache
def demo_folder() -> Path:
    """A folder (kept for the process) with demo.yaml, its baselines and its snapshots."""
    folder = Path(tempfile.mkdtemp(prefix="steerco-fuzz-seeds-"))
    demo = folder / "demo.yaml"
    demo.write_text(DEMO, encoding="utf-8")
    for args in [
        ("baseline", demo),
        ("update", demo, "a", "--percent", "40", "--date", "2027-01-05"),
        ("update", demo, "a", "--done", "--date", "2027-01-06"),
        ("update", demo, "b", "--percent", "20", "--date", "2027-01-08"),
    ]:
        result = steerco(*args)
        assert result.exit_code == 0, result.output
    return folder


def copy_demo(into: Path) -> Path:
    """Copy the demo project and its sidecar files into `into`; the project's path."""
    for path in demo_folder().iterdir():
        shutil.copy(path, into / path.name)
    return into / "demo.yaml"
