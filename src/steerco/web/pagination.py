"""Pagination of collections: `?offset=&limit=` in, `{items, total, offset, limit}` out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Generic, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel

__all__ = ["MAX_LIMIT", "PageOut", "PageParams", "Paging"]

MAX_LIMIT = 500
"""The most items one page may ask for."""

ItemT = TypeVar("ItemT")


class PageOut(BaseModel, Generic[ItemT]):
    """One page of a collection: `total` items in all, these from `offset` on."""

    items: list[ItemT]
    total: int
    offset: int
    limit: int


@dataclass(frozen=True)
class PageParams:
    """The page a request asks for."""

    offset: int
    limit: int


def _page_params(
    offset: Annotated[int, Query(ge=0, le=2**31 - 1, description="Items to skip.")] = 0,
    limit: Annotated[
        int, Query(ge=1, le=MAX_LIMIT, description=f"Items per page (at most {MAX_LIMIT}).")
    ] = 50,
) -> PageParams:
    return PageParams(offset=offset, limit=limit)


Paging = Annotated[PageParams, Depends(_page_params)]
"""The `offset` and `limit` query parameters of a collection."""
