"""Fuzz every reader with mutations of the real files: a value, or a located ProjectError.

The mutations (byte flips, inserted YAML/CSV tokens, dropped, repeated, swapped and
re-indented lines, truncation) start from the examples, the test cases and the PSPLIB
instances; see fuzz_harness.py for the allowed outcomes.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from fuzz_harness import corpus, mutated, run_reader
from hypothesis import HealthCheck, given, settings
from seeds import demo_folder

from conftest import LONG_FACTOR, PROFILE
from steerco.errors import ProjectError
from steerco.formats.baselines_file import load_baselines
from steerco.formats.history import load_history, load_throughput
from steerco.formats.metrics_file import load_metrics
from steerco.formats.profile_yaml import load_profile
from steerco.formats.project_yaml import load_project_yaml
from steerco.formats.psplib import load_psplib
from steerco.formats.snapshots import load_snapshots
from steerco.library.people import load_people_data

WORK = Path(tempfile.mkdtemp(prefix="steerco-fuzz-"))
# Per reader: about a second each under `ci`; the inner test sets its own budget, which the
# conftest hook cannot reach, so `long` scales it here.
EXAMPLES = 60 * (LONG_FACTOR if PROFILE == "long" else 1)


def _demo(name: str) -> list[bytes]:
    return [(demo_folder() / name).read_bytes()]


def _project(path: Path) -> object:
    return load_project_yaml(path)


def _sidecar(load: Callable[[Path], object], suffix: str) -> Callable[[Path], object]:
    def read(path: Path) -> object:
        project = path.with_name("p.yaml")
        path.replace(project.with_name(f"p.{suffix}.yaml"))
        return load(project)

    return read


READERS: dict[str, tuple[Callable[[], list[bytes]], str, Callable[[Path], object]]] = {
    "project": (
        lambda: [*corpus("examples/*.yaml", "tests/cases/**/*.yaml"), *_demo("demo.yaml")],
        ".yaml",
        _project,
    ),
    "psplib": (
        lambda: corpus(
            "tests/data/psplib/*.sm", "tests/data/psplib/j30/*_1.sm", "tests/cases/**/*.sm"
        ),
        ".sm",
        load_psplib,
    ),
    "history-csv": (lambda: corpus("examples/history/estimates.csv"), ".csv", load_history),
    "history-yaml": (lambda: corpus("examples/history/estimates.csv"), ".yaml", load_history),
    "throughput-csv": (lambda: corpus("examples/history/throughput.csv"), ".csv", load_throughput),
    "throughput-yaml": (
        lambda: corpus("examples/history/throughput.csv"),
        ".yaml",
        load_throughput,
    ),
    "metrics-csv": (
        lambda: corpus("examples/metrics.csv"),
        ".csv",
        lambda p: load_metrics(p, "answer_accuracy"),
    ),
    "metrics-yaml": (
        lambda: corpus("examples/metrics.csv"),
        ".yaml",
        lambda p: load_metrics(p, "answer_accuracy", run="prompt-v4"),
    ),
    "profile": (
        lambda: corpus("examples/profiles/*.yaml"),
        ".yaml",
        lambda p: load_profile(p, load_people_data()),
    ),
    "baselines": (
        lambda: _demo("demo.baselines.yaml"),
        ".yaml",
        _sidecar(load_baselines, "baselines"),
    ),
    "snapshots": (
        lambda: _demo("demo.snapshots.yaml"),
        ".yaml",
        _sidecar(load_snapshots, "snapshots"),
    ),
}


@pytest.mark.parametrize("target", sorted(READERS))
def test_every_reader_reads_or_locates_its_errors(target: str) -> None:
    seeds, suffix, read = READERS[target]
    found = seeds()
    assert found, f"no seed files for {target}"

    @settings(max_examples=EXAMPLES, suppress_health_check=[HealthCheck.too_slow])
    @given(mutated(found))
    def fuzz(data: bytes) -> None:
        folder = Path(tempfile.mkdtemp(dir=WORK))
        path = folder / f"input{suffix}"
        path.write_bytes(data)
        run_reader(target, lambda: read(path), data)

    fuzz()


@pytest.mark.parametrize(
    ("read", "suffix"),
    [
        (load_history, ".yaml"),
        (load_throughput, ".yaml"),
        (lambda p: load_metrics(p, "m"), ".yaml"),
    ],
)
def test_an_empty_yaml_history_or_metrics_file_is_located(
    read: Callable[[Path], object], suffix: str, tmp_path: Path
) -> None:
    """Found by the fuzzer: the error had no line."""
    path = tmp_path / f"empty{suffix}"
    path.write_text("", encoding="utf-8")
    with pytest.raises(ProjectError) as caught:
        read(path)
    first = caught.value.diagnostics[0]
    assert (first.code, first.line, first.column) == ("bad_value", 1, 1)
