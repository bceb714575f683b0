"""The PSPLIB slice in tests/data: every instance has its makespans, and they are consistent."""

from __future__ import annotations

import csv

from psplib_data import PSPLIB, psplib_instances
from steerco.formats.psplib import load_psplib, psplib_network
from steerco.schedule import critical_path


def test_every_vendored_instance_has_a_row_with_bounds_above_its_critical_path() -> None:
    with (PSPLIB / "makespans.csv").open(encoding="ascii", newline="") as rows:
        table = {row["instance"]: row for row in csv.DictReader(rows)}
    files = psplib_instances("j30") + psplib_instances("j60")
    assert sorted(table) == sorted(path.stem for path in files)
    for path in files:
        row = table[path.stem]
        bound = int(row["lower_bound"] or 0)
        assert row["proven_optimal"] == ("yes" if bound == int(row["makespan"]) else "no")
        cpm = critical_path(psplib_network(load_psplib(path))).makespan
        assert cpm <= max(bound, cpm) <= int(row["makespan"])
