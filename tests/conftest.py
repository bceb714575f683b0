"""Hypothesis profiles for the whole suite, chosen by HYPOTHESIS_PROFILE (see docs/testing.md).

- `ci` (the default): the same examples on every run (derandomize, no example database), each
  test's own `max_examples` (100 where it sets none), no deadline, and a reproduction blob
  printed with any failure.
- `long`: fresh random examples and LONG_FACTOR times each test's `ci` budget, for a search
  before a release or after a change to a solver.
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path

import pytest
from hypothesis import settings

CI_EXAMPLES = 100
LONG_FACTOR = 20

settings.register_profile(
    "ci", derandomize=True, max_examples=CI_EXAMPLES, deadline=None, print_blob=True
)
settings.register_profile(
    "long", max_examples=CI_EXAMPLES * LONG_FACTOR, deadline=None, print_blob=True
)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
settings.load_profile(PROFILE)

# The benchmark scripts tested in tests/benchmarks are plain modules of benchmarks/: on the
# path, after everything installed (a conftest of their own would be imported as `conftest`
# too, and hide this one from the tests that import its constants).
BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
if str(BENCHMARKS) not in sys.path:
    sys.path.append(str(BENCHMARKS))

# Every test solves what it asks for: no plan remembered from a run before (the user's
# plan store) answers it. The plan store's own tests turn it on in a temporary directory.
os.environ["STEERCO_CACHE_DIR"] = "off"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Under `long`, scale the budget a test sets for itself with @settings(max_examples=N).

    Such a setting overrides the profile, so the profile alone would leave most property tests
    at their `ci` size. Hypothesis reads a test's settings from the attribute set here when the
    test runs; tests without their own budget already have the profile's.
    """
    if PROFILE != "long":
        return
    seen: set[int] = set()
    for item in items:
        test = getattr(item, "obj", None)
        own = getattr(test, "_hypothesis_internal_use_settings", None)
        if own is None or id(test) in seen or own.max_examples == settings.default.max_examples:
            continue
        seen.add(id(test))
        test._hypothesis_internal_use_settings = settings(  # type: ignore[union-attr]
            own, max_examples=own.max_examples * LONG_FACTOR
        )


def pytest_addoption(parser: pytest.Parser) -> None:
    """`--update-docs`: tests/test_docs_console.py rewrites the docs' shown outputs."""
    parser.addoption(
        "--update-docs",
        action="store_true",
        help="rewrite the shown outputs of the docs' console blocks from the real ones",
    )


@pytest.fixture(autouse=True)
def _compiled_sgs_not_loaded(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts as a fresh process: the compiled SGS loop counts as not loaded yet.

    A search switches to the loop once loaded; without this, which kernel a test's search
    ran (the same schedules either way) would depend on the tests run before it.
    """
    compiled = importlib.import_module("steerco.schedule.rcpsp.compiled")
    monkeypatch.setattr(compiled, "loaded", lambda: False)
