"""Every route of the API, tried by every kind of caller, against a hand-written table.

Callers: the owner, manager, member (linked to resource `ana`) and client of project
`plan`; `outsider` (no project); `admin` (a site admin, member of none); no token; the
owner's expired, revoked and scoped-to-`other` tokens. A route missing from the table
fails the test, so a new endpoint must say who may call it.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from fastapi import FastAPI

from steerco.app.workspace.context import Role, Workspace
from steerco.app.workspace.edits import create_entity
from steerco.app.workspace.jobs import submit_job
from steerco.app.workspace.members import add_member
from steerco.app.workspace.projects import push_project
from steerco.app.workspace.tokens import create_token, principal_for_token
from steerco.web.app import API_PREFIX
from workspace.accounts_fixtures import cheap_passwords  # noqa: F401
from workspace.api_support import PASSWORD, PLAN_TEXT, Seeded, seed

CALLERS = (
    "owner",
    "manager",
    "member",
    "client",
    "outsider",
    "admin",
    "anonymous",
    "expired",
    "revoked",
    "other_scope",
)
PLAN_ROLES = ("owner", "manager", "member", "client")
SIGNED_IN = (*PLAN_ROLES, "outsider", "admin", "other_scope")
BAD_TOKENS = ("anonymous", "expired", "revoked")
_numbers = itertools.count()


def project_route(allowed: str, ok: int = 200) -> dict[str, int]:
    """A route on project `plan`: `allowed` (of its roles) and a site admin succeed.

    Another role on the project is forbidden (403); a caller who may not see the
    project (not a member, a token scoped elsewhere) gets 404; a bad token 401.
    """
    roles = allowed.split()
    expected = {role: ok if role in roles else 403 for role in PLAN_ROLES}
    expected |= {"admin": ok, "outsider": 404, "other_scope": 404}
    return expected | dict.fromkeys(BAD_TOKENS, 401)


def account_route(
    ok: int, *, scoped: int | None = None, admin_only: bool = False
) -> dict[str, int]:
    """A route about the caller's own account: any valid token, unless scoped or admin-only."""
    expected = {who: ok for who in SIGNED_IN}
    if admin_only:
        expected = {who: 403 for who in SIGNED_IN} | {"admin": ok}
    if scoped is not None:
        expected["other_scope"] = scoped
    return expected | dict.fromkeys(BAD_TOKENS, 401)


READ = "owner manager member"
READ_CLIENT = "owner manager member client"
EDIT = "owner manager"
OWNER = "owner"
MEMBERS = "owner manager member"


@dataclass(frozen=True)
class Call:
    """One request: its URL (under /api/v1) and the keyword arguments of the client."""

    url: str
    kwargs: dict[str, Any] = field(default_factory=dict)


Builder = Callable[[Seeded, str], Call]


def fixed(url: str, **kwargs: Any) -> Builder:
    """The same request for every caller."""
    return lambda _seeded, _who: Call(url, kwargs)


def _owner(seeded: Seeded) -> Any:
    return principal_for_token(workspace=seeded.workspace, secret=seeded.tokens["owner"])


def _fresh_project(seeded: Seeded) -> str:
    """A new project with the same members as `plan` (for calls that destroy it)."""
    slug = f"victim-{next(_numbers)}"
    owner = _owner(seeded)
    push_project(
        workspace=seeded.workspace,
        principal=owner,
        text=PLAN_TEXT,
        file_name=f"{slug}.yaml",
        project=slug,
    )
    for user, role, resource in (
        ("manager", Role.manager, None),
        ("member", Role.member, "ana"),
        ("client", Role.client, None),
    ):
        add_member(
            workspace=seeded.workspace,
            principal=owner,
            project=slug,
            user=user,
            role=role,
            resource=resource,
        )
    return slug


def _delete_project(seeded: Seeded, _who: str) -> Call:
    return Call(f"/projects/{_fresh_project(seeded)}")


def _delete_task(seeded: Seeded, _who: str) -> Call:
    key = f"gone{next(_numbers)}"
    create_entity(
        workspace=seeded.workspace,
        principal=_owner(seeded),
        project="plan",
        collection="tasks",
        data={"id": key, "name": "Doomed", "duration": 1},
    )
    return Call(f"/projects/plan/tasks/{key}")


def _delete_member(seeded: Seeded, _who: str) -> Call:
    add_member(
        workspace=seeded.workspace,
        principal=_owner(seeded),
        project="plan",
        user="extra",
        role=Role.member,
    )
    return Call("/projects/plan/members/extra")


def _revoke_token(seeded: Seeded, who: str) -> Call:
    user = who if who in (*PLAN_ROLES, "outsider", "admin") else "owner"
    issued = create_token(workspace=seeded.workspace, user=user, name="to revoke")
    return Call(f"/tokens/{issued.token.id}")


def _new_user(_seeded: Seeded, _who: str) -> Call:
    return Call("/users", {"json": {"name": f"new{next(_numbers)}", "password": PASSWORD}})


def _new_project(_seeded: Seeded, _who: str) -> Call:
    slug = f"mine{next(_numbers)}"
    return Call("/projects", {"json": {"text": PLAN_TEXT, "file_name": f"{slug}.yaml"}})


def _new_task(_seeded: Seeded, _who: str) -> Call:
    key = f"new{next(_numbers)}"
    return Call(
        "/projects/plan/tasks", {"json": {"data": {"id": key, "name": "New", "duration": 2}}}
    )


def _progress(_seeded: Seeded, _who: str) -> Call:
    percent = 10 + next(_numbers) % 80
    body = {"percent": percent, "date": "2027-01-08"}
    return Call("/projects/plan/tasks/data/progress", {"json": body})


def _job(seeded: Seeded) -> str:
    """A new queued schedule job of `plan` (no runner takes it in these tests)."""
    return submit_job(
        workspace=seeded.workspace,
        principal=_owner(seeded),
        project="plan",
        kind="schedule",
        params={"seed": next(_numbers)},
    ).id


def _job_call(suffix: str) -> Builder:
    return lambda seeded, _who: Call(f"/projects/plan/jobs/{_job(seeded)}{suffix}")


def _baseline(_seeded: Seeded, _who: str) -> Call:
    return Call("/projects/plan/baselines", {"json": {"name": f"b{next(_numbers)}"}})


# (method, route path under /api/v1) -> (expected status per caller, the request)
TABLE: dict[tuple[str, str], tuple[dict[str, int], Builder]] = {
    ("POST", "/auth/login"): (
        dict.fromkeys(CALLERS, 201),
        fixed("/auth/login", json={"name": "manager", "password": PASSWORD}),
    ),
    ("GET", "/me"): (account_route(200), fixed("/me")),
    ("GET", "/tokens"): (account_route(200, scoped=403), fixed("/tokens")),
    ("POST", "/tokens"): (
        account_route(201),
        fixed("/tokens", json={"name": "laptop"}),
    ),
    ("DELETE", "/tokens/{token_id}"): (account_route(200, scoped=403), _revoke_token),
    ("GET", "/users"): (account_route(200, admin_only=True), fixed("/users")),
    ("POST", "/users"): (account_route(201, admin_only=True), _new_user),
    ("GET", "/projects"): (account_route(200), fixed("/projects")),
    ("POST", "/projects"): (account_route(201, scoped=403), _new_project),
    ("GET", "/projects/{project}"): (project_route(READ_CLIENT), fixed("/projects/plan")),
    ("DELETE", "/projects/{project}"): (project_route(OWNER, 204), _delete_project),
    ("GET", "/projects/{project}/file"): (project_route(READ), fixed("/projects/plan/file")),
    ("PUT", "/projects/{project}/file"): (
        project_route(EDIT),
        fixed("/projects/plan/file", json={"text": PLAN_TEXT}),
    ),
    ("GET", "/projects/{project}/revisions"): (
        project_route(READ),
        fixed("/projects/plan/revisions"),
    ),
    ("GET", "/projects/{project}/audit"): (project_route(READ), fixed("/projects/plan/audit")),
    ("GET", "/projects/{project}/{collection}"): (
        project_route(READ),
        fixed("/projects/plan/tasks"),
    ),
    ("POST", "/projects/{project}/{collection}"): (project_route(EDIT, 201), _new_task),
    ("GET", "/projects/{project}/{collection}/{key}"): (
        project_route(READ),
        fixed("/projects/plan/tasks/model"),
    ),
    ("PATCH", "/projects/{project}/{collection}/{key}"): (
        project_route(EDIT),
        fixed("/projects/plan/tasks/model", json={"changes": {"name": "Train it"}}),
    ),
    ("DELETE", "/projects/{project}/{collection}/{key}"): (project_route(EDIT), _delete_task),
    ("POST", "/projects/{project}/tasks/{task}/progress"): (project_route(MEMBERS), _progress),
    ("GET", "/projects/{project}/baselines"): (
        project_route(READ),
        fixed("/projects/plan/baselines"),
    ),
    ("POST", "/projects/{project}/baselines"): (project_route(EDIT, 201), _baseline),
    ("GET", "/projects/{project}/members"): (
        project_route(READ),
        fixed("/projects/plan/members"),
    ),
    ("POST", "/projects/{project}/members"): (
        project_route(OWNER, 201),
        fixed("/projects/plan/members", json={"user": "extra", "role": "client"}),
    ),
    ("DELETE", "/projects/{project}/members/{user}"): (project_route(OWNER, 204), _delete_member),
    ("GET", "/projects/{project}/comments"): (
        project_route(READ),
        fixed("/projects/plan/comments"),
    ),
    ("POST", "/projects/{project}/comments"): (
        project_route(MEMBERS, 201),
        fixed("/projects/plan/comments", json={"target": "tasks/model", "text": "Looks late"}),
    ),
    ("POST", "/projects/{project}/jobs"): (
        project_route(MEMBERS, 202),
        fixed("/projects/plan/jobs", json={"kind": "schedule"}),
    ),
    ("GET", "/projects/{project}/jobs"): (
        project_route(READ_CLIENT),
        fixed("/projects/plan/jobs"),
    ),
    ("GET", "/projects/{project}/jobs/{job_id}"): (project_route(READ), _job_call("")),
    # A queued job has no result yet: 422 (with its state) for those who may read it.
    ("GET", "/projects/{project}/jobs/{job_id}/result"): (
        project_route(READ, 422),
        _job_call("/result"),
    ),
    ("POST", "/projects/{project}/jobs/{job_id}/cancel"): (
        project_route(MEMBERS),
        _job_call("/cancel"),
    ),
}


def _routes(seeded: Seeded) -> set[tuple[str, str]]:
    """Every (method, path) the app serves under /api/v1.

    FastAPI keeps included routers nested (not a flat `app.routes`); its OpenAPI schema
    lists every route of them, and no API route is left out of the schema.
    """
    app = seeded.client.app
    assert isinstance(app, FastAPI)
    paths = app.openapi()["paths"]
    return {
        (method.upper(), path.removeprefix(API_PREFIX))
        for path, operations in paths.items()
        for method in operations
    }


@pytest.fixture
def seeded(workspace: Workspace) -> Seeded:
    from steerco.app.workspace.accounts import create_user

    api = seed(workspace)
    create_user(workspace=workspace, name="extra", password=PASSWORD)
    return api


def test_every_route_answers_every_caller_as_the_table_says(seeded: Seeded) -> None:
    assert _routes(seeded) == set(TABLE), "every route needs a row in TABLE"
    wrong = []
    for (method, path), (expected, build) in sorted(TABLE.items()):
        assert set(expected) == set(CALLERS), path
        for who in CALLERS:
            call = build(seeded, who)
            answer = seeded.client.request(
                method, API_PREFIX + call.url, headers=seeded.headers(who), **call.kwargs
            )
            if answer.status_code != expected[who]:
                wrong.append(f"{method} {path} as {who}: {answer.status_code} {answer.text[:200]}")
    assert not wrong, "\n".join(wrong)


def test_a_client_reads_milestones_but_not_tasks(seeded: Seeded) -> None:
    client = seeded.headers("client")
    milestones = seeded.client.get(f"{API_PREFIX}/projects/plan/milestones", headers=client)
    assert milestones.status_code == 200
    assert [m["key"] for m in milestones.json()["items"]] == ["launch"]
    tasks = seeded.client.get(f"{API_PREFIX}/projects/plan/tasks", headers=client)
    assert tasks.status_code == 403


def test_a_member_records_progress_only_on_their_own_tasks(seeded: Seeded) -> None:
    member = seeded.headers("member")
    url = f"{API_PREFIX}/projects/plan/tasks/{{}}/progress"
    body = {"percent": 50, "date": "2027-01-08"}
    own = seeded.client.post(url.format("data"), json=body, headers=member)
    assert own.status_code == 200, own.text
    others = seeded.client.post(url.format("model"), json=body, headers=member)
    assert others.status_code == 403
