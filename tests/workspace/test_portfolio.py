"""The portfolio use case: each role's projects with their status, sorted and filtered."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from steerco.app.workspace.context import Principal, Role, Workspace
from steerco.app.workspace.errors import InvalidRequestError
from steerco.app.workspace.portfolio import (
    DEFAULT_ORDER,
    PortfolioRow,
    SortKey,
    list_portfolio,
    portfolio_query,
    sorted_rows,
)
from steerco.app.workspace.portfolio_summary import (
    NextMilestone,
    RagMark,
    StatusSummary,
    TopRisk,
)
from steerco.app.workspace.projects import ProjectView, push_project
from steerco.store.tables import Job, Project
from workspace.jobs_fixtures import drain
from workspace.portfolio_plans import demo_files
from workspace.projects_support import member, user

QUIET = """\
name: Quiet plan
start: 2027-01-04
calendar: {country: null}
tasks:
  - {id: work, name: Work, duration: 3}
"""
CALM = """\
name: Calm plan
start: 2027-01-04
deadline: 2027-06-30
calendar: {country: null}
tasks:
  - {id: work, name: Work, duration: 3}
  - {id: done, name: Done, milestone: true, after: [work]}
"""


def _people(workspace: Workspace, tmp_path: Path) -> dict[str, Principal]:
    """owner owns demo, quiet and calm; manager, member and client are on demo only."""
    people = {name: user(workspace, name) for name in ("owner", "manager", "member", "client")}
    people["outsider"] = user(workspace, "outsider")
    people["admin"] = user(workspace, "admin", admin=True)
    files = demo_files(tmp_path)
    owner = people["owner"]
    push_project(
        workspace=workspace,
        principal=owner,
        text=files.text,
        file_name="demo.yaml",
        project="demo",
        baselines=files.baselines,
    )
    for slug, text in (("quiet", QUIET), ("calm", CALM)):
        push_project(
            workspace=workspace, principal=owner, text=text, file_name=f"{slug}.yaml", project=slug
        )
    member(workspace, "demo", people["manager"], Role.manager)
    member(workspace, "demo", people["member"], Role.member, resource="ana")
    member(workspace, "demo", people["client"], Role.client)
    return people


def drain_count(workspace: Workspace) -> int:
    """How many status jobs are queued; then run them all."""
    with workspace.transaction() as session:
        queued = session.query(Job).filter(Job.kind == "status", Job.state == "queued").count()
    drain(workspace)
    return queued


def _run_status_jobs(workspace: Workspace, people: dict[str, Principal]) -> None:
    """Submit every project's status job (the admin sees them all) and run them."""
    list_portfolio(workspace=workspace, principal=people["admin"])
    drain(workspace)


def _computed(workspace: Workspace, principal: Principal, **query: str) -> list[PortfolioRow]:
    """The portfolio as `principal` sees it, with `query`."""
    return list_portfolio(
        workspace=workspace, principal=principal, query=portfolio_query(**query)
    ).rows


def _slugs(rows: list[PortfolioRow]) -> list[str]:
    return [row.project.slug for row in rows]


def test_each_role_sees_its_projects_and_a_client_no_plan_data(
    workspace: Workspace, tmp_path: Path
) -> None:
    people = _people(workspace, tmp_path)
    _run_status_jobs(workspace, people)
    owner = _computed(workspace, people["owner"])
    assert sorted(_slugs(owner)) == ["calm", "demo", "quiet"]
    assert all(row.summary is not None and row.role == "owner" for row in owner)
    manager = _computed(workspace, people["manager"])
    assert _slugs(manager) == ["demo"] and manager[0].role == "manager"
    assert manager[0].summary == next(r.summary for r in owner if r.project.slug == "demo")
    assert _slugs(_computed(workspace, people["member"])) == ["demo"]
    client = list_portfolio(workspace=workspace, principal=people["client"])
    assert _slugs(client.rows) == ["demo"]
    row = client.rows[0]
    assert row.client_only and row.summary is None and row.job is None and row.rag is None
    assert list_portfolio(workspace=workspace, principal=people["outsider"]).rows == []
    admin = _computed(workspace, people["admin"])
    assert sorted(_slugs(admin)) == ["calm", "demo", "quiet"]
    assert {row.role for row in admin} == {"admin"}
    with workspace.transaction() as session:
        calm_id = session.query(Project.id).filter(Project.slug == "calm").scalar()
    scoped = replace(people["owner"], projects=frozenset({calm_id}))
    assert _slugs(list_portfolio(workspace=workspace, principal=scoped).rows) == ["calm"]


def test_rows_wait_for_their_job_and_a_rag_filter_keeps_computed_ones(
    workspace: Workspace, tmp_path: Path
) -> None:
    people = _people(workspace, tmp_path)
    first = list_portfolio(workspace=workspace, principal=people["owner"])
    assert all(row.pending and row.summary is None for row in first.rows) and first.pending
    assert (
        list_portfolio(
            workspace=workspace, principal=people["owner"], query=portfolio_query(rag="red")
        ).rows
        == []
    )
    assert {row.job.id for row in first.rows if row.job} == {
        row.job.id
        for row in list_portfolio(workspace=workspace, principal=people["admin"]).rows
        if row.job
    }  # the same queued jobs for everyone: one per revision
    assert drain_count(workspace) == 3
    again = list_portfolio(workspace=workspace, principal=people["owner"])
    assert not again.pending and all(row.summary is not None for row in again.rows)
    assert drain_count(workspace) == 0  # computed once per revision: nothing new to run


def test_a_failed_status_shows_why_and_is_not_run_again_on_each_view(
    workspace: Workspace, tmp_path: Path
) -> None:
    people = _people(workspace, tmp_path)
    owner = people["owner"]
    first = list_portfolio(workspace=workspace, principal=owner, query=portfolio_query(text="calm"))
    job = first.rows[0].job
    assert job is not None
    with workspace.transaction() as session:
        row = session.get(Job, job.id)
        assert row is not None
        row.state, row.error = "failed", {"code": "no_schedule", "message": "no plan fits"}
    failed = list_portfolio(
        workspace=workspace, principal=owner, query=portfolio_query(text="calm")
    )
    assert failed.rows[0].failed and failed.rows[0].error == "no plan fits"
    assert failed.rows[0].job is None and not failed.pending
    with workspace.transaction() as session:
        assert session.query(Job).filter(Job.kind == "status").count() == 1


def test_sorting_and_filtering(workspace: Workspace, tmp_path: Path) -> None:
    people = _people(workspace, tmp_path)
    _run_status_jobs(workspace, people)
    owner = people["owner"]
    rows = _computed(workspace, owner)
    assert {r.project.slug: r.rag for r in rows} == {
        "demo": "red",
        "calm": "green",
        "quiet": "grey",
    }
    assert _slugs(rows) == ["demo", "calm", "quiet"]  # RAG, worst first
    assert _slugs(_computed(workspace, owner, sort="rag", order="desc")) == [
        "quiet",
        "calm",
        "demo",
    ]
    assert _slugs(_computed(workspace, owner, sort="name")) == ["calm", "demo", "quiet"]
    # demo's P80 is after its commitment, calm's long before it; quiet has none: last
    assert _slugs(_computed(workspace, owner, sort="late")) == ["demo", "calm", "quiet"]
    assert _slugs(_computed(workspace, owner, sort="late", order="asc")) == [
        "calm",
        "demo",
        "quiet",
    ]
    # only demo has earned value; the others follow by name
    assert _slugs(_computed(workspace, owner, sort="index", order="desc")) == [
        "demo",
        "calm",
        "quiet",
    ]
    assert _slugs(_computed(workspace, owner, rag="green")) == ["calm"]
    assert _slugs(_computed(workspace, owner, text="  DEMO ")) == ["demo"]
    assert _slugs(_computed(workspace, owner, text="plan")) == ["calm", "quiet"]
    assert _computed(workspace, owner, role="manager") == []
    assert _slugs(_computed(workspace, people["manager"], role="manager")) == ["demo"]
    assert _slugs(_computed(workspace, people["admin"], role="admin", sort="name")) == [
        "calm",
        "demo",
        "quiet",
    ]


@pytest.mark.parametrize(
    ("options", "where"),
    [
        ({"sort": "colour"}, "sort"),
        ({"order": "up"}, "order"),
        ({"rag": "pink"}, "rag"),
        ({"role": "boss"}, "role"),
        ({"text": "x" * 201}, "q"),
    ],
)
def test_a_bad_query_is_refused_where_it_is(options: dict[str, str], where: str) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        portfolio_query(**options)
    assert [(d.code, d.path) for d in caught.value.diagnostics] == [("bad_value", ("query", where))]


def test_a_blank_query_takes_the_defaults_and_each_keys_first_order() -> None:
    query = portfolio_query(text="", rag="", role="", sort="", order="")
    assert (query.text, query.rag, query.role, query.sort, query.order) == (
        "",
        None,
        None,
        "rag",
        "asc",
    )
    assert portfolio_query(sort="risk").order == DEFAULT_ORDER["risk"] == "desc"
    assert portfolio_query(sort="risk", order="asc").order == "asc"


# sorting against a plain reference: compare values in the order asked, then names


_DAY = dt.date(2027, 1, 4)
_COLOURS = ("red", "amber", "green", "grey")
_ROLES = (Role.owner, Role.manager, Role.member, None)


@st.composite
def _rows(draw: st.DrawFn) -> PortfolioRow:
    name = draw(st.sampled_from(["Alpha", "beta", "Gamma", "delta"]))
    slug = draw(st.text(alphabet="abcxyz", min_size=1, max_size=4))
    project = ProjectView(
        slug=slug,
        name=name,
        revision=1,
        role=draw(st.sampled_from(_ROLES)),
        file_name="p.yaml",
        updated_at=dt.datetime(2027, 1, 4, tzinfo=dt.UTC),
    )
    if draw(st.booleans()):
        return PortfolioRow(project=project, client_only=False)
    days = st.none() | st.integers(0, 9).map(lambda n: _DAY + dt.timedelta(days=n))
    mark = RagMark(draw(st.sampled_from(_COLOURS)), "", "")
    risk = draw(st.none() | st.integers(1, 25))
    milestone = draw(days)
    summary = StatusSummary(
        name=name,
        status_date=_DAY,
        overall=mark,
        schedule=mark,
        cost=mark,
        p80=draw(days),
        committed=None,
        index_name="CPI",
        index=draw(st.none() | st.sampled_from([0.5, 0.9, 1.0, 1.2])),
        top_risk=TopRisk("r", "R", 1, 1, risk) if risk is not None else None,
        next_milestone=NextMilestone("m", "M", milestone, None, None) if milestone else None,
        late_days=draw(st.none() | st.sampled_from([-2.0, 0.0, 3.5])),
    )
    return PortfolioRow(project=project, client_only=False, summary=summary)


def _reference_value(row: PortfolioRow, key: str) -> Any:
    s = row.summary
    role_rank = {"owner": 0, "manager": 1, "member": 2, "client": 3, "admin": 4}
    severity = {"red": 0, "amber": 1, "green": 2, "grey": 3}
    if key == "name":
        return row.project.name.lower()
    if key == "role":
        return role_rank[row.role]
    if s is None:
        return None
    return {
        "rag": severity[s.overall.colour],
        "finish": s.p80,
        "late": s.late_days,
        "index": s.index,
        "risk": s.top_risk.score if s.top_risk else None,
        "milestone": s.next_milestone.planned if s.next_milestone else None,
    }[key]


@given(st.lists(_rows(), max_size=8), st.sampled_from(list(DEFAULT_ORDER)), st.booleans())
def test_sorting_matches_a_plain_reference(
    rows: list[PortfolioRow], key: SortKey, descending: bool
) -> None:
    def compare(a: PortfolioRow, b: PortfolioRow) -> int:
        va, vb = _reference_value(a, key), _reference_value(b, key)
        if va != vb:
            return (-1 if va < vb else 1) * (-1 if descending else 1)
        na, nb = (a.project.name.lower(), a.project.slug), (b.project.name.lower(), b.project.slug)
        return -1 if na < nb else 1 if na > nb else 0

    known = [r for r in rows if _reference_value(r, key) is not None]
    unknown = [r for r in rows if _reference_value(r, key) is None]
    expected = sorted(known, key=functools.cmp_to_key(compare)) + sorted(
        unknown, key=lambda r: (r.project.name.lower(), r.project.slug)
    )
    got = sorted_rows(rows, sort=key, order="desc" if descending else "asc")
    assert [id(r) for r in got] == [id(r) for r in expected] or [
        (r.project.name, r.project.slug, _reference_value(r, key)) for r in got
    ] == [(r.project.name, r.project.slug, _reference_value(r, key)) for r in expected]
