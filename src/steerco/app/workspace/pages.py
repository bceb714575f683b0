"""One page of a listing: the items, the total, and where the page starts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

__all__ = ["Page"]

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    """`items` from `offset` (at most `limit` of them) out of `total`."""

    items: list[T]
    total: int
    offset: int
    limit: int
