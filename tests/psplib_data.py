"""The PSPLIB instances vendored in tests/data/psplib and their known makespans."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

PSPLIB = Path(__file__).parent / "data" / "psplib"


def psplib_instance(name: str) -> Path:
    """The vendored file of one instance: "j3010_1" -> tests/data/psplib/j30/j3010_1.sm."""
    path = PSPLIB / name[:3] / f"{name}.sm"
    assert path.is_file(), f"{name} is not vendored in {PSPLIB} (see tests/data/README.md)"
    return path


def psplib_instances(folder: str) -> list[Path]:
    """Every vendored instance of a set ("j30" or "j60"), sorted by name."""
    files = sorted((PSPLIB / folder).glob("*.sm"))
    assert files, f"no PSPLIB instances in {PSPLIB / folder}"
    return files


@cache
def _makespan_rows() -> tuple[dict[str, str], ...]:
    """The rows of makespans.csv."""
    with (PSPLIB / "makespans.csv").open(encoding="ascii", newline="") as rows:
        return tuple(csv.DictReader(rows))


def optimal_makespans() -> dict[str, int]:
    """The proven optimal makespan of each vendored instance that has one (makespans.csv)."""
    return {
        row["instance"]: int(row["makespan"])
        for row in _makespan_rows()
        if row["proven_optimal"] == "yes"
    }


def best_known_makespans() -> dict[str, int]:
    """The best makespan known for each vendored instance, proven optimal or not."""
    return {row["instance"]: int(row["makespan"]) for row in _makespan_rows()}
