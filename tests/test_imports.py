"""Start-up speed: light commands never import OR-Tools, SciPy or scikit-learn.

Each command runs in a fresh interpreter (so the test does not depend on what other
tests imported) through the `steerco` entry point, and reports `sys.modules` at exit.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "support-assistant.yaml"
HEAVY = ("ortools", "scipy", "sklearn")

PROBE = """
import atexit, sys
REPORT = sys.argv[1]
def _report():
    with open(REPORT, "w", encoding="utf-8") as out:
        out.write("\\n".join(sorted(sys.modules)))
atexit.register(_report)
sys.argv = ["steerco", *sys.argv[2:]]
from steerco.cli.main import run
run()
"""


def _modules_after(tmp_path: Path, *args: str) -> set[str]:
    """The modules loaded by the time `steerco ARGS` exits."""
    report = tmp_path / "modules.txt"
    path = os.pathsep.join(p for p in (str(ROOT / "src"), os.environ.get("PYTHONPATH")) if p)
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(report), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "PYTHONPATH": path},
    )
    assert done.returncode == 0, done.stderr
    return set(report.read_text(encoding="utf-8").split())


@pytest.mark.parametrize(
    "args",
    [
        ("--help",),
        ("validate", str(EXAMPLE)),
        ("schedule", str(EXAMPLE), "--method", "cpm", "--format", "json"),
    ],
    ids=["help", "validate", "schedule-cpm"],
)
def test_light_commands_import_no_solver_nor_scipy(tmp_path: Path, args: tuple[str, ...]) -> None:
    loaded = _modules_after(tmp_path, *args)
    assert {m.partition(".")[0] for m in loaded} & set(HEAVY) == set()


def test_forecast_imports_scipy_special_only_where_a_task_needs_it(tmp_path: Path) -> None:
    plain = _modules_after(tmp_path, "forecast", str(ROOT / "examples" / "team.yaml"))
    # Levelling this plan on its calendars loads Numba, whose import takes SciPy's package
    # itself (about 20 ms); its special functions (f2py, about 0.2 s) must stay out.
    assert not any(m.startswith(("scipy.special", "scipy.stats")) for m in plain)
    correlated = _modules_after(tmp_path, "forecast", str(EXAMPLE), "-n", "300", "-f", "json")
    assert "scipy.special" in correlated and "scipy.stats" not in correlated
