"""Use case: the portfolio, every project I may see with its status, sorted and filtered.

Each project's figures are its current revision's `status` job (the team status report
summarised, `portfolio_summary`), submitted or found in the job cache: computed once per
revision in the background, never in the request. Until it is done the row carries the job
(a page shows its progress). A client-only member (role `client`, not a site admin) gets
the project's name and nothing of the plan: their view is the client portal.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from steerco.app.workspace.context import Principal, Role, Workspace
from steerco.app.workspace.errors import InvalidRequestError
from steerco.app.workspace.jobs import JobView, job_result, submit_job
from steerco.app.workspace.portfolio_summary import StatusSummary, read_summary
from steerco.app.workspace.projects import ProjectView, list_projects
from steerco.codes import Code
from steerco.errors import Diagnostic

__all__ = [
    "DEFAULT_ORDER",
    "RAG_FILTERS",
    "ROLE_FILTERS",
    "Order",
    "Portfolio",
    "PortfolioQuery",
    "PortfolioRow",
    "SortKey",
    "list_portfolio",
    "portfolio_query",
]

SortKey = Literal["name", "rag", "finish", "late", "index", "risk", "milestone", "role"]
Order = Literal["asc", "desc"]

DEFAULT_ORDER: dict[SortKey, Order] = {
    "name": "asc",
    "rag": "asc",
    "finish": "asc",
    "late": "desc",
    "index": "asc",
    "risk": "desc",
    "milestone": "asc",
    "role": "asc",
}
"""The order a column sorts in first: the most worrying first (RAG ascending is worst
first, the lowest CPI, the latest against the commitment, the highest risk score)."""

RAG_FILTERS = ("red", "amber", "green", "grey")
ROLE_FILTERS = ("owner", "manager", "member", "client", "admin")
"""A role on the project; `admin`: a site admin who is not a member."""

_SEVERITY = {"red": 0, "amber": 1, "green": 2, "grey": 3}
_ROLE_RANK = {name: rank for rank, name in enumerate(ROLE_FILTERS)}
_ENDED = frozenset({"done", "failed", "cancelled"})
_TEXT_LIMIT = 200


@dataclass(frozen=True)
class PortfolioQuery:
    """Which projects to list and in what order (a page's query parameters, checked)."""

    text: str = ""
    """Part of the project's name or id, any case ('' lists every project)."""
    rag: str | None = None
    role: str | None = None
    sort: SortKey = "rag"
    order: Order = "asc"


@dataclass(frozen=True)
class PortfolioRow:
    """One project: its status summary once computed, else the job computing it."""

    project: ProjectView
    client_only: bool
    summary: StatusSummary | None = None
    job: JobView | None = None

    @property
    def role(self) -> str:
        """The caller's role on the project (`admin`: a site admin, not a member)."""
        return str(self.project.role) if self.project.role is not None else "admin"

    @property
    def pending(self) -> bool:
        """Whether the summary's job is still queued or running."""
        return self.job is not None and self.job.state not in _ENDED

    @property
    def failed(self) -> bool:
        """Whether the summary's job failed or was cancelled (its error says why)."""
        return self.job is not None and self.job.state in ("failed", "cancelled")

    @property
    def rag(self) -> str | None:
        """The overall RAG colour; None until computed (and for a client-only member)."""
        return self.summary.overall.colour if self.summary is not None else None


@dataclass(frozen=True)
class Portfolio:
    """The projects listed, in order, and how many the caller may see in all."""

    rows: list[PortfolioRow]
    total: int
    query: PortfolioQuery = field(default_factory=PortfolioQuery)

    @property
    def pending(self) -> bool:
        """Whether some row's summary is still being computed."""
        return any(row.pending for row in self.rows)


def _refused(name: str, message: str) -> InvalidRequestError:
    return InvalidRequestError(
        f"query.{name}: {message}",
        diagnostics=(Diagnostic(Code.bad_value, message, ("query", name)),),
    )


def _choice(name: str, value: str | None, allowed: tuple[str, ...]) -> str | None:
    if value is None or value == "":
        return None
    if value not in allowed:
        raise _refused(name, f"{name} is one of {', '.join(allowed)}, got {value!r}")
    return value


def portfolio_query(
    *,
    text: str | None = None,
    rag: str | None = None,
    role: str | None = None,
    sort: str | None = None,
    order: str | None = None,
) -> PortfolioQuery:
    """The query of those parameters, checked; a blank or None takes the default.

    InvalidRequestError located at query.NAME for a value outside its choices. The order
    defaults to the sort key's `DEFAULT_ORDER`.
    """
    words = (text or "").strip()
    if len(words) > _TEXT_LIMIT:
        raise _refused("q", f"the text to find is at most {_TEXT_LIMIT} characters")
    key = _choice("sort", sort, tuple(DEFAULT_ORDER)) or "rag"
    chosen = _choice("order", order, ("asc", "desc"))
    sort_key: SortKey = next(k for k in get_args(SortKey) if k == key)
    direction: Order = "desc" if (chosen or DEFAULT_ORDER[sort_key]) == "desc" else "asc"
    return PortfolioQuery(
        text=words,
        rag=_choice("rag", rag, RAG_FILTERS),
        role=_choice("role", role, ROLE_FILTERS),
        sort=sort_key,
        order=direction,
    )


def _client_only(principal: Principal, project: ProjectView) -> bool:
    return not principal.is_admin and project.role == Role.client


def _row(workspace: Workspace, principal: Principal, project: ProjectView) -> PortfolioRow:
    """The project's row: the summary of its current revision, or the job computing it."""
    if _client_only(principal, project):
        return PortfolioRow(project=project, client_only=True)
    job = submit_job(
        workspace=workspace, principal=principal, project=project.slug, kind="status", params={}
    )
    summary = None
    if job.state == "done":
        text = job_result(
            workspace=workspace, principal=principal, project=project.slug, job_id=job.id
        )
        summary = read_summary(text)
    return PortfolioRow(project=project, client_only=False, summary=summary, job=job)


def _matches_text(project: ProjectView, text: str) -> bool:
    wanted = text.casefold()
    return wanted in project.name.casefold() or wanted in project.slug.casefold()


def _value(row: PortfolioRow, key: SortKey) -> Any:
    """The row's value to sort by `key`; None when it has none (it then goes last)."""
    if key == "name":
        return row.project.name.casefold()
    if key == "role":
        return _ROLE_RANK[row.role]
    summary = row.summary
    if summary is None:
        return None
    values: dict[SortKey, Callable[[StatusSummary], Any]] = {
        "rag": lambda s: _SEVERITY[s.overall.colour],
        "finish": lambda s: s.p80,
        "late": lambda s: s.late_days,
        "index": lambda s: s.index,
        "risk": lambda s: s.top_risk.score if s.top_risk is not None else None,
        "milestone": lambda s: s.next_milestone.planned if s.next_milestone is not None else None,
    }
    return values[key](summary)


def _sorted(rows: list[PortfolioRow], key: SortKey, order: Order) -> list[PortfolioRow]:
    """Rows by `key` in `order`, ties by name then id; rows without a value last, by name."""
    by_name = sorted(rows, key=lambda r: (r.project.name.casefold(), r.project.slug))
    known = [r for r in by_name if _value(r, key) is not None]
    unknown = [r for r in by_name if _value(r, key) is None]
    # sorted() is stable in either direction, so equal values stay in name order
    return sorted(known, key=lambda r: _value(r, key), reverse=order == "desc") + unknown


def list_portfolio(
    *,
    workspace: Workspace,
    principal: Principal,
    query: PortfolioQuery | None = None,
) -> Portfolio:
    """Every project the principal may see that `query` keeps, with its status, in order.

    The status of each project (not a client-only one) is its current revision's `status`
    job: submitted when there is none, its summary when it is done. A RAG filter keeps only
    the projects whose summary is computed and of that colour.
    """
    query = query or PortfolioQuery()
    projects = list_projects(workspace=workspace, principal=principal)
    kept = [
        p
        for p in projects
        if (not query.text or _matches_text(p, query.text))
        and (query.role is None or (str(p.role) if p.role is not None else "admin") == query.role)
    ]
    rows = [_row(workspace, principal, p) for p in kept]
    if query.rag is not None:
        rows = [row for row in rows if row.rag == query.rag]
    return Portfolio(rows=_sorted(rows, query.sort, query.order), total=len(projects), query=query)
