"""Shared by the accounts tests: argon2id with cheap parameters, and a seeded workspace."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from argon2 import PasswordHasher

from steerco.app.workspace.passwords import HASHING

CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


@pytest.fixture(autouse=True)
def cheap_passwords() -> Iterator[PasswordHasher]:
    """argon2id with the smallest parameters, so the tests spend no seconds hashing."""
    previous = HASHING.hasher
    HASHING.hasher = CHEAP
    try:
        yield CHEAP
    finally:
        HASHING.hasher = previous
