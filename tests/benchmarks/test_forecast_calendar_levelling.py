"""The calendar levelling benchmark builds its three steps, and they agree on a small plan.

A change of `serial_levelling`'s signature once broke the benchmark's way of forcing a
path (it patched `calendar_levelling` with a keyword the caller then also passed); this
runs the script's own setup on a plan small enough for the suite.
"""

from __future__ import annotations

import numpy as np
import pytest

import forecast_calendar_levelling as bench


@pytest.mark.slow
def test_reference_numpy_and_compiled_steps_give_the_same_starts() -> None:
    pick, d_pos, es_pos, size = bench._step(bench.generated(24, seed=3), 6)
    starts = {kind: pick(kind)(d_pos, es_pos) for kind in ("reference", "numpy", "compiled")}
    assert starts["reference"].shape == (size, 6)
    assert np.isfinite(starts["reference"]).all()
    np.testing.assert_array_equal(starts["numpy"], starts["reference"])
    np.testing.assert_array_equal(starts["compiled"], starts["reference"])
