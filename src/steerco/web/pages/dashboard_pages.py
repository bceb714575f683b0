"""`/dashboard`: the portfolio, every project I may see with its RAG, P80, CPI, risk, milestone.

Sorting and filtering are plain GET parameters (`q`, `rag`, `role`, `sort`, `order`), so
the page works without JavaScript; htmx only swaps the table when the filter form changes.
Every figure comes from `app.workspace.portfolio.list_portfolio` (each project's status
job, computed in the background); rows still computing show the job's progress bar.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from starlette.responses import Response

from steerco.app.workspace.portfolio import (
    DEFAULT_ORDER,
    RAG_FILTERS,
    ROLE_FILTERS,
    PortfolioQuery,
    SortKey,
    list_portfolio,
    portfolio_query,
)
from steerco.web.auth import CurrentWorkspace
from steerco.web.pages.session import SignedIn
from steerco.web.pages.templating import is_htmx, render

__all__ = ["SortHeader", "router", "sort_headers"]

router = APIRouter()

_LABELS: dict[SortKey, str] = {
    "name": "Project",
    "rag": "RAG",
    "finish": "P80 finish",
    "late": "Against the commitment",
    "index": "CPI / SPI",
    "risk": "Top risk",
    "milestone": "Next milestone",
    "role": "My role",
}


@dataclass(frozen=True)
class SortHeader:
    """A sortable column's header: its label, the link that sorts by it, its aria-sort."""

    key: SortKey
    label: str
    href: str
    aria_sort: str
    """ascending or descending on the column the table is sorted by, else none."""


def _href(query: PortfolioQuery, **changes: str) -> str:
    """The dashboard's URL for `query` with `changes`, leaving blank parameters out."""
    params = {
        "q": query.text,
        "rag": query.rag or "",
        "role": query.role or "",
        "sort": query.sort,
        "order": query.order,
        **changes,
    }
    return "/dashboard?" + urlencode({k: v for k, v in params.items() if v})


def sort_headers(query: PortfolioQuery) -> list[SortHeader]:
    """Each column's header: sorting by it in its first order, or the other way if it is on."""
    headers = []
    for key, label in _LABELS.items():
        current = query.sort == key
        flipped = "desc" if query.order == "asc" else "asc"
        order = flipped if current else DEFAULT_ORDER[key]
        aria = ("ascending" if query.order == "asc" else "descending") if current else "none"
        headers.append(SortHeader(key, label, _href(query, sort=key, order=order), aria))
    return headers


@router.get("/dashboard")
def dashboard(
    request: Request,
    workspace: CurrentWorkspace,
    session: SignedIn,
    q: str = "",
    rag: str = "",
    role: str = "",
    sort: str = "",
    order: str = "",
) -> Response:
    """The portfolio: one row per project, sortable and filterable (a fragment for htmx)."""
    query = portfolio_query(text=q, rag=rag, role=role, sort=sort, order=order)
    portfolio = list_portfolio(workspace=workspace, principal=session.principal, query=query)
    template = "dashboard_table.html" if is_htmx(request) else "dashboard.html"
    return render(
        request,
        template,
        session,
        portfolio=portfolio,
        query=query,
        columns=sort_headers(query),
        rag_filters=RAG_FILTERS,
        role_filters=ROLE_FILTERS,
    )
