"""Limits that the CLI's option parsing needs, in a module that imports nothing.

`steerco.model.ranges` re-exports them with the ranges of the project file; the CLI reads
them from here so that parsing an option loads no pydantic.
"""

from __future__ import annotations

__all__ = ["MAX_AMOUNT", "MAX_ITERATIONS"]

MAX_ITERATIONS = 10_000_000
"""The most Monte Carlo iterations one forecast runs (`--iterations` of `forecast`,
`risks --quantify` and `throughput`)."""

MAX_AMOUNT = 1e12
"""The largest amount of money in a project file or an option (costs, reserves)."""
