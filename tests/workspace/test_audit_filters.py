"""The audit log filtered by project, user, operation, outcome and days, newest first, paged.

The listings are checked against a plain filter over the entries the test wrote.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete

from steerco.app.workspace.accounts import create_user
from steerco.app.workspace.audit import (
    OUTCOMES,
    AuditFilters,
    audit_operations,
    list_audit,
    list_site_audit,
    record_audit,
)
from steerco.app.workspace.context import Principal, Workspace
from steerco.app.workspace.errors import ForbiddenError, InvalidRequestError, NotFoundError
from steerco.store.tables import AuditEntry
from workspace.accounts_fixtures import add_project, cheap_passwords  # noqa: F401

PASSWORD = "correct horse battery"
USERS = ("root", "ada", "bob")
PROJECTS = ("alpha", "beta")
OPERATIONS = ("edit_tasks", "comment", "add_member")
FIRST_DAY = dt.date(2027, 3, 1)
DAYS = 6


@dataclass(frozen=True)
class Written:
    """One entry the test wrote: what a filter looks at."""

    id: int
    project: str | None
    user: str | None
    operation: str
    outcome: str
    day: dt.date


@dataclass
class Log:
    """The people, and the entries written (oldest first)."""

    people: dict[str, Principal]
    written: list[Written]


@pytest.fixture
def log(workspace: Workspace) -> Log:
    """40 entries over six days, by three users (or the machine), on two projects (or none)."""
    people = {}
    for name in USERS:
        view = create_user(workspace=workspace, name=name, password=PASSWORD, admin=name == "root")
        people[name] = Principal(user_id=view.id, name=name, is_admin=view.is_admin)
    ids = {
        "alpha": add_project(workspace, "alpha", {"ada": "owner", "bob": "member"}),
        "beta": add_project(workspace, "beta", {"bob": "owner"}),
    }
    with workspace.transaction() as session:
        session.execute(delete(AuditEntry))  # the users' creation: not part of this log
    rng = random.Random(7)
    written = []
    for _ in range(40):
        project = rng.choice((*PROJECTS, None))
        user = rng.choice((*USERS, None))
        day = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
        at = dt.datetime.combine(day, dt.time(rng.randrange(24), rng.randrange(60)), tzinfo=dt.UTC)
        operation, outcome = rng.choice(OPERATIONS), rng.choice(OUTCOMES)
        with workspace.transaction() as session:
            entry = record_audit(
                session,
                principal=None if user is None else people[user],
                project_id=None if project is None else ids[project],
                operation=operation,
                outcome=outcome,
                target="tasks/t1",
            )
            entry.at = at
            session.flush()
            written.append(Written(entry.id, project, user, operation, outcome, day))
    return Log(people=people, written=written)


def _kept(written: list[Written], filters: AuditFilters) -> list[int]:
    """The ids a plain filter keeps, newest (highest id) first."""
    return sorted(
        (
            w.id
            for w in written
            if (filters.project is None or w.project == filters.project)
            and (filters.user is None or w.user == filters.user)
            and (filters.operation is None or w.operation == filters.operation)
            and (filters.outcome is None or w.outcome == filters.outcome)
            and (filters.since is None or w.day >= filters.since)
            and (filters.until is None or w.day <= filters.until)
        ),
        reverse=True,
    )


def _day() -> st.SearchStrategy[dt.date | None]:
    return st.none() | st.dates(FIRST_DAY - dt.timedelta(days=1), FIRST_DAY + dt.timedelta(DAYS))


filters_strategy = st.builds(
    AuditFilters,
    project=st.none() | st.sampled_from((*PROJECTS, "gamma")),
    user=st.none() | st.sampled_from((*USERS, "nobody")),
    operation=st.none() | st.sampled_from(OPERATIONS),
    outcome=st.none() | st.sampled_from(OUTCOMES),
    since=_day(),
    until=_day(),
).filter(lambda f: not (f.since and f.until and f.since > f.until))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(filters=filters_strategy)
def test_the_site_log_keeps_exactly_what_a_plain_filter_keeps(
    workspace: Workspace, log: Log, filters: AuditFilters
) -> None:
    page = list_site_audit(
        workspace=workspace, principal=log.people["root"], filters=filters, limit=1000
    )
    expected = _kept(log.written, filters)
    assert [entry.id for entry in page.items] == expected
    assert page.total == len(expected)


def test_the_day_range_includes_both_ends(workspace: Workspace, log: Log) -> None:
    day = FIRST_DAY + dt.timedelta(days=2)
    page = list_site_audit(
        workspace=workspace,
        principal=log.people["root"],
        filters=AuditFilters(since=day, until=day),
        limit=1000,
    )
    assert page.items, "the fixture writes entries on every day"
    assert {entry.at.date() for entry in page.items} == {day}
    assert [e.id for e in page.items] == [w.id for w in reversed(log.written) if w.day == day]


def test_pages_follow_each_other_newest_first(workspace: Workspace, log: Log) -> None:
    root = log.people["root"]
    seen = []
    for offset in range(0, 40, 15):
        page = list_site_audit(workspace=workspace, principal=root, offset=offset, limit=15)
        assert page.total == 40
        seen.extend(entry.id for entry in page.items)
    assert seen == sorted((w.id for w in log.written), reverse=True)


def test_a_projects_log_keeps_its_own_entries_under_the_same_filters(
    workspace: Workspace, log: Log
) -> None:
    filters = AuditFilters(project="beta", outcome="applied")  # project is the listing's
    page = list_audit(
        workspace=workspace,
        principal=log.people["bob"],
        project="alpha",
        filters=filters,
        limit=1000,
    )
    assert [e.id for e in page.items] == _kept(
        log.written, AuditFilters(project="alpha", outcome="applied")
    )
    assert {e.project for e in page.items} <= {"alpha"}


def test_only_a_site_admin_reads_the_whole_log(workspace: Workspace, log: Log) -> None:
    with pytest.raises(ForbiddenError):
        list_site_audit(workspace=workspace, principal=log.people["ada"])
    with pytest.raises(ForbiddenError):
        audit_operations(workspace=workspace, principal=log.people["bob"])
    with pytest.raises(NotFoundError):  # bob is no member of a project 'gamma'
        list_audit(workspace=workspace, principal=log.people["bob"], project="gamma")
    assert audit_operations(workspace=workspace, principal=log.people["root"]) == sorted(
        {w.operation for w in log.written}
    )


@pytest.mark.parametrize(
    ("filters", "match"),
    [
        (AuditFilters(since=dt.date(2027, 3, 5), until=dt.date(2027, 3, 1)), "swap them"),
        (AuditFilters(outcome="done"), "unknown outcome 'done'"),
    ],
)
def test_an_impossible_filter_is_refused_with_what_to_write(
    workspace: Workspace, log: Log, filters: AuditFilters, match: str
) -> None:
    with pytest.raises(InvalidRequestError, match=match):
        list_site_audit(workspace=workspace, principal=log.people["root"], filters=filters)
