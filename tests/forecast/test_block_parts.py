"""A forecast split into block ranges and merged equals the single-process run, byte for byte."""

from __future__ import annotations

import itertools
from dataclasses import fields
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from steerco.forecast.engine import (
    ForecastInput,
    Simulation,
    block_count,
    block_size,
    merge_parts,
    simulate,
    simulate_blocks,
)
from steerco.forecast.parts import part_bytes, part_from_bytes
from steerco.forecast.run import ForecastOptions, Simulator, forecast, forecast_inputs
from steerco.model import Project
from steerco.render.forecast import forecast_json
from steerco.schedule.network import compile_project


def _project(durations: list[tuple[int, int, int]], risky: list[int], links: list[bool]) -> Project:
    """A small project: task k has (low, likely, high) days; links[k] chains it after k - 1."""
    tasks: list[dict[str, Any]] = []
    for k, (low, extra, spread) in enumerate(durations):
        task: dict[str, Any] = {
            "id": f"t{k}",
            "duration": f"{low}..{low + extra}..{low + extra + spread}",
        }
        if k and links[k - 1]:
            task["after"] = [f"t{k - 1}"]
        tasks.append(task)
    risks = [
        {
            "id": f"r{k}",
            "title": f"risk {k}",
            "probability": 0.3,
            "impact": {"delay": "1..2..5", "cost": 100},
            "tasks": [f"t{k % len(durations)}"],
        }
        for k in risky
    ]
    return Project.model_validate(
        {
            "name": "parts",
            "start": "2027-01-04",
            "calendar": {"country": None},
            "tasks": tasks,
            "risks": risks,
        }
    )


def _split(cuts: list[int]) -> Simulator:
    """A simulator that runs blocks between `cuts` as separate parts, through bytes, merged."""

    def run(
        inputs: ForecastInput,
        *,
        iterations: int,
        seed: int,
        lhs: bool,
        precision: float | None,
        on_block: Any,
    ) -> Simulation:
        bounds = [0, *cuts, block_count(inputs.network.size, iterations)]
        parts = [
            part_from_bytes(
                part_bytes(
                    simulate_blocks(
                        inputs, iterations=iterations, seed=seed, lhs=lhs, first=a, end=b
                    )
                )
            )
            for a, b in itertools.pairwise(bounds)
        ]
        return merge_parts(inputs, parts)

    return run


def _same(merged: Simulation, whole: Simulation) -> None:
    """Every field equal: arrays element by element with the same dtype and shape."""
    for field in fields(Simulation):
        a, b = getattr(merged, field.name), getattr(whole, field.name)
        if isinstance(b, np.ndarray):
            assert a.dtype == b.dtype and a.shape == b.shape, field.name
            assert np.array_equal(a, b), field.name
            assert a.tobytes() == b.tobytes(), field.name
        else:
            assert a == b, field.name


durations = st.lists(
    st.tuples(st.integers(1, 5), st.integers(0, 4), st.integers(0, 6)), min_size=1, max_size=6
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    durations=durations,
    risky=st.lists(st.integers(0, 5), max_size=3, unique=True),
    links=st.lists(st.booleans(), min_size=5, max_size=5),
    iterations=st.integers(1, 26_000),
    seed=st.integers(0, 2**32),
    lhs=st.booleans(),
    data=st.data(),
)
def test_any_split_of_blocks_merges_into_the_single_process_run(
    durations: list[tuple[int, int, int]],
    risky: list[int],
    links: list[bool],
    iterations: int,
    seed: int,
    lhs: bool,
    data: st.DataObject,
) -> None:
    project = _project(durations, risky, links)
    network = compile_project(project)
    options = ForecastOptions(iterations=iterations, seed=seed, lhs=lhs)
    inputs = forecast_inputs(network, project, options)
    blocks = block_count(network.size, iterations)
    cuts = sorted(data.draw(st.sets(st.integers(1, max(1, blocks - 1)), max_size=blocks - 1)))
    cuts = [c for c in cuts if 0 < c < blocks]
    whole = simulate(inputs, iterations=iterations, seed=seed, lhs=lhs)
    merged = _split(cuts)(
        inputs, iterations=iterations, seed=seed, lhs=lhs, precision=None, on_block=None
    )
    _same(merged, whole)
    single = forecast_json(forecast(network, project, options))
    distributed = forecast_json(forecast(network, project, options, simulator=_split(cuts)))
    assert distributed == single


def test_a_part_is_one_block_range_of_the_run() -> None:
    project = _project([(1, 1, 1), (2, 1, 3)], [0], [True] * 5)
    network = compile_project(project)
    inputs = forecast_inputs(network, project, ForecastOptions())
    block = block_size(network.size)
    assert block == 8000  # two tasks: the longest rows
    iterations = 2 * block + 5  # three blocks, the last of 5 iterations
    assert block_count(network.size, iterations) == 3
    seen: list[tuple[int, int]] = []
    part = simulate_blocks(
        inputs,
        iterations=iterations,
        seed=3,
        first=1,
        end=3,
        on_block=lambda done, total: seen.append((done, total)),
    )
    assert seen == [(block, block + 5), (block + 5, block + 5)]
    assert part.makespan.shape == (block + 5,)
    assert part.critical.shape == (2, 2) and part.delay.shape == (2, 1)
    assert part.sample.shape == (2, block + 5)  # 2,000,000 // 2 tasks: every sample is kept
    whole = simulate(inputs, iterations=iterations, seed=3)
    assert np.array_equal(part.makespan, whole.makespan[block:])


def test_merging_refuses_parts_that_leave_a_gap_or_stop_short() -> None:
    project = _project([(1, 1, 1)], [], [True] * 5)
    network = compile_project(project)
    inputs = forecast_inputs(network, project, ForecastOptions())
    iterations = 3 * block_size(network.size)

    def part(first: int, end: int) -> Any:
        return simulate_blocks(inputs, iterations=iterations, first=first, end=end)

    with pytest.raises(ValueError, match="at block 1"):
        merge_parts(inputs, [part(0, 1), part(2, 3)])
    with pytest.raises(ValueError, match="end at block 2, not at the run's 3"):
        merge_parts(inputs, [part(0, 2)])
    with pytest.raises(ValueError, match="at least one part"):
        merge_parts(inputs, [])
    with pytest.raises(ValueError, match=r"blocks \[2, 4\) are not within the run's 3 blocks"):
        part(2, 4)


def test_a_part_travels_as_npy_bytes_and_garbage_is_refused() -> None:
    project = _project([(1, 2, 3), (1, 1, 1)], [0, 1], [True] * 5)
    network = compile_project(project)
    inputs = forecast_inputs(network, project, ForecastOptions())
    part = simulate_blocks(inputs, iterations=100, seed=1, first=0, end=1)
    data = part_bytes(part)
    assert data[:2] == b"PK" and b"\x93NUMPY" in data  # a zip of .npy arrays, no pickle
    back = part_from_bytes(data)
    assert (back.first, back.end, back.iterations, back.capped) == (0, 1, 100, part.capped)
    assert np.array_equal(back.delay, part.delay) and back.sample.dtype == np.float32
    with pytest.raises(ValueError, match="not a forecast part"):
        part_from_bytes(b"not a zip at all")
