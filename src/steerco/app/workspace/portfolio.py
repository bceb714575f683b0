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

from sqlalchemy import select
from sqlalchemy.orm import defer

from steerco.app.workspace.context import Principal, Role, Workspace
from steerco.app.workspace.errors import InvalidRequestError
from steerco.app.workspace.job_kinds import canonical_params
from steerco.app.workspace.jobs import JobView, job_result, revision_cache_key, submit_job
from steerco.app.workspace.portfolio_summary import StatusSummary, read_summary
from steerco.app.workspace.projects import ProjectView, list_projects
from steerco.codes import Code
from steerco.errors import Diagnostic
from steerco.store.tables import Job, Project, Revision

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
    "sorted_rows",
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
    """One project: its status summary, else the job computing it, or why it failed."""

    project: ProjectView
    client_only: bool
    summary: StatusSummary | None = None
    job: JobView | None = None
    """The queued or running job computing the summary (None once it is done)."""
    error: str | None = None
    """Why the summary's job failed on this revision (it is not run again until the
    revision, or the day, changes)."""

    @property
    def role(self) -> str:
        """The caller's role on the project (`admin`: a site admin, not a member)."""
        return _role_name(self.project)

    @property
    def pending(self) -> bool:
        """Whether the summary's job is still queued or running."""
        return self.job is not None and self.job.state not in _ENDED

    @property
    def failed(self) -> bool:
        """Whether the summary's job failed (`error` says why)."""
        return self.error is not None

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


@dataclass(frozen=True)
class _Latest:
    """The status job of a project's current revision, as far as the cache knows it."""

    state: str
    result: str | None
    error: dict[str, Any] | None


def _cached_status(workspace: Workspace, projects: list[ProjectView]) -> dict[str, _Latest]:
    """Each project's status job on its current revision, read in one transaction.

    A done job wins (its summary is the answer); else the latest job of that key. The
    projects are those the caller may read the plan of (`list_projects` checked them).
    """
    if not projects:
        return {}
    canonical = canonical_params("status", {})
    slugs = [p.slug for p in projects]
    with workspace.transaction() as session:
        current = session.execute(
            select(Project.slug, Revision)
            .join(
                Revision,
                (Revision.project_id == Project.id) & (Revision.number == Project.revision),
            )
            .where(Project.slug.in_(slugs))
            .options(defer(Revision.text))
        ).all()
        # two projects with the same text share a key: a job is known by project and key
        keys = {
            (rev.project_id, revision_cache_key("status", canonical, rev)): slug
            for slug, rev in current
        }
        jobs = session.execute(
            select(Job.project_id, Job.cache_key, Job.state, Job.result, Job.error)
            .where(
                Job.project_id.in_({project_id for project_id, _ in keys}),
                Job.cache_key.in_({key for _, key in keys}),
            )
            .order_by(Job.created_at, Job.id)
        ).all()
    latest: dict[str, _Latest] = {}
    for project_id, key, state, result, error in jobs:
        slug = keys.get((project_id, key))
        if slug is not None and (slug not in latest or latest[slug].state != "done"):
            latest[slug] = _Latest(state=state, result=result, error=error)
    return latest


def _row(
    workspace: Workspace, principal: Principal, project: ProjectView, cached: _Latest | None
) -> PortfolioRow:
    """The project's row: its summary, the job computing it (submitted if none), or why not."""
    if _client_only(principal, project):
        return PortfolioRow(project=project, client_only=True)
    if cached is not None and cached.state == "done" and cached.result is not None:
        return PortfolioRow(project=project, client_only=False, summary=read_summary(cached.result))
    if cached is not None and cached.state == "failed":
        message = str((cached.error or {}).get("message") or "the status job failed")
        return PortfolioRow(project=project, client_only=False, error=message)
    job = submit_job(
        workspace=workspace, principal=principal, project=project.slug, kind="status", params={}
    )
    if job.state == "done":  # it ended since the cache was read
        text = job_result(
            workspace=workspace, principal=principal, project=project.slug, job_id=job.id
        )
        return PortfolioRow(project=project, client_only=False, summary=read_summary(text))
    return PortfolioRow(project=project, client_only=False, job=job)


def _role_name(project: ProjectView) -> str:
    """The caller's role on the project as the role filter names it (`admin`: not a member)."""
    return str(project.role) if project.role is not None else "admin"


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


def sorted_rows(rows: list[PortfolioRow], *, sort: SortKey, order: Order) -> list[PortfolioRow]:
    """Rows by `sort` in `order`, ties by name then id; rows without a value last, by name.

    RAG sorts by severity (red, amber, green, grey: ascending is worst first), role by
    owner, manager, member, client, site admin; the others by their value.
    """
    by_name = sorted(rows, key=lambda r: (r.project.name.casefold(), r.project.slug))
    known = [r for r in by_name if _value(r, sort) is not None]
    unknown = [r for r in by_name if _value(r, sort) is None]
    # sorted() is stable in either direction, so equal values stay in name order
    return sorted(known, key=lambda r: _value(r, sort), reverse=order == "desc") + unknown


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
        and (query.role is None or _role_name(p) == query.role)
    ]
    cached = _cached_status(workspace, [p for p in kept if not _client_only(principal, p)])
    rows = [_row(workspace, principal, p, cached.get(p.slug)) for p in kept]
    if query.rag is not None:
        rows = [row for row in rows if row.rag == query.rag]
    return Portfolio(
        rows=sorted_rows(rows, sort=query.sort, order=query.order), total=len(projects), query=query
    )
