"""The admin pages: site admins only; users, project members, every token, the audit log."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from steerco.app.workspace.accounts import get_user
from steerco.app.workspace.audit import record_audit
from steerco.app.workspace.context import Principal, Workspace
from steerco.app.workspace.members import list_members
from steerco.app.workspace.tokens import list_tokens
from steerco.web.pages.admin_audit import PAGE_SIZE, Change, changes
from web.pages_support import Browser, csrf_in, pages_client, sign_in
from workspace.api_support import PASSWORD

ADMIN_PAGES = (
    "/admin",
    "/admin/users",
    "/admin/tokens",
    "/admin/audit",
    "/admin/projects/plan/members",
)
_GENERATED = re.compile(r'data-testid="generated-password" class="secret" value="([^"]+)"')


def _signs_in(workspace: Workspace, name: str, password: str) -> int:
    """The status of signing `name` in with `password` from a fresh browser."""
    client = pages_client(workspace)
    form = client.get("/login")
    return client.post(
        "/login",
        data={"csrf_token": csrf_in(form.text), "name": name, "password": password},
        follow_redirects=False,
    ).status_code


def _admin(workspace: Workspace) -> Browser:
    return sign_in(pages_client(workspace), "admin")


def _my_projects(workspace: Workspace, user: str) -> dict[str, str]:
    """The projects and roles the user's own account page lists."""
    page = sign_in(pages_client(workspace), user).get("/account")
    return dict(
        re.findall(r'<tr data-project="([^"]+)">.*?</td>\s*<td>([^<]+)</td>', page.text, re.S)
    )


def _rows(html: str, attribute: str) -> list[str]:
    return re.findall(rf'<tr {attribute}="([^"]+)"', html)


@pytest.mark.parametrize("user", ["owner", "manager", "member", "client", "outsider"])
def test_every_admin_page_is_forbidden_to_anyone_but_a_site_admin(
    seeded_workspace: Workspace, user: str
) -> None:
    browser = sign_in(pages_client(seeded_workspace), user)
    for url in ADMIN_PAGES:
        answer = browser.get(url)
        assert answer.status_code == 403, url
        assert "site admin" in answer.text
        assert "users-table" not in answer.text and "audit-table" not in answer.text
    assert 'href="/admin"' not in browser.get("/account").text  # no Admin link either
    refused = browser.post("/admin/users", {"name": "intruder", "password": PASSWORD})
    assert refused.status_code == 403
    assert browser.post("/admin/users/member/disable").status_code == 403
    assert browser.post("/admin/projects/plan/members/owner/remove").status_code == 403
    assert _signs_in(seeded_workspace, "intruder", PASSWORD) == 401
    assert get_user(workspace=seeded_workspace, name="member").disabled is False


def test_without_a_session_the_admin_pages_ask_to_sign_in(seeded_workspace: Workspace) -> None:
    client = pages_client(seeded_workspace)
    answer = client.get("/admin/users", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/login?next=/admin/users"


def test_the_admin_overview_counts_users_and_links_each_projects_members(
    seeded_workspace: Workspace,
) -> None:
    page = _admin(seeded_workspace).get("/admin")
    assert page.status_code == 200
    assert 'href="/admin"' in page.text and 'aria-current="page">Projects' in page.text
    assert "6 users (1 site admin, 0 disabled), 2 projects." in page.text
    assert _rows(page.text, "data-project") == ["other", "plan"]
    assert 'href="/admin/projects/plan/members"' in page.text


def test_an_admin_adds_a_user_with_a_typed_password_who_can_then_sign_in(
    seeded_workspace: Workspace,
) -> None:
    admin = _admin(seeded_workspace)
    answer = admin.post(
        "/admin/users",
        {"name": "ml.engineer.1", "display_name": "ML engineer 1", "password": "typed password 1"},
    )
    assert answer.status_code == 201
    assert "User <strong>ml.engineer.1</strong> added." in answer.text
    assert "generated-password" not in answer.text and "typed password 1" not in answer.text
    assert "ml.engineer.1" in _rows(answer.text, "data-user")
    assert _signs_in(seeded_workspace, "ml.engineer.1", "typed password 1") == 303
    assert get_user(workspace=seeded_workspace, name="ml.engineer.1").is_admin is False


def test_a_user_added_without_a_password_gets_a_generated_one_shown_once(
    seeded_workspace: Workspace,
) -> None:
    admin = _admin(seeded_workspace)
    answer = admin.post("/admin/users", {"name": "data.scientist", "admin": "true"})
    assert answer.status_code == 201
    found = _GENERATED.search(answer.text)
    assert found is not None
    generated = found.group(1)
    assert len(generated) >= 16
    assert "as a site admin" in answer.text
    assert generated not in admin.get("/admin/users").text
    assert _signs_in(seeded_workspace, "data.scientist", generated) == 303
    assert get_user(workspace=seeded_workspace, name="data.scientist").is_admin is True


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"name": "Bad Name"}, "Invalid user name"),
        ({"name": "member"}, "A user &#39;member&#39; already exists"),
        ({"name": "newbie", "password": "short"}, "The password is too short"),
    ],
)
def test_an_invalid_new_user_is_refused_with_the_reason_and_nothing_added(
    seeded_workspace: Workspace, form: dict[str, str], message: str
) -> None:
    admin = _admin(seeded_workspace)
    before = _rows(admin.get("/admin/users").text, "data-user")
    answer = admin.post("/admin/users", form)
    assert answer.status_code == 422
    assert message in answer.text
    assert f'value="{form["name"]}"' in answer.text  # the form keeps what was typed
    assert _rows(answer.text, "data-user") == before


def test_disabling_a_user_signs_them_out_and_enabling_lets_them_back(
    seeded_workspace: Workspace,
) -> None:
    admin = _admin(seeded_workspace)
    member = sign_in(pages_client(seeded_workspace), "member")
    answer = admin.post("/admin/users/member/disable")
    assert answer.status_code == 303 and answer.headers["location"] == "/admin/users"
    assert member.get("/account").status_code == 303
    assert _signs_in(seeded_workspace, "member", PASSWORD) == 401
    row = re.search(r'<tr data-user="member">(.*?)</tr>', admin.get("/admin/users").text, re.S)
    assert row is not None and ">disabled<" in row.group(1) and "/enable" in row.group(1)
    assert admin.post("/admin/users/member/enable").status_code == 303
    assert _signs_in(seeded_workspace, "member", PASSWORD) == 303
    assert admin.post("/admin/users/nobody/disable").status_code == 404


def test_an_admin_cannot_disable_themselves(seeded_workspace: Workspace) -> None:
    admin = _admin(seeded_workspace)
    row = re.search(r'<tr data-user="admin">(.*?)</tr>', admin.get("/admin/users").text, re.S)
    assert row is not None and "/disable" not in row.group(1)
    answer = admin.post("/admin/users/admin/disable")
    assert answer.status_code == 422
    assert "cannot disable your own account" in answer.text
    assert get_user(workspace=seeded_workspace, name="admin").disabled is False


def test_the_members_page_lists_roles_and_offers_the_plans_resources(
    seeded_workspace: Workspace,
) -> None:
    page = _admin(seeded_workspace).get("/admin/projects/plan/members")
    assert page.status_code == 200
    members = re.findall(r'<tr data-member="([^"]+)" data-role="([^"]+)">', page.text)
    assert members == [
        ("owner", "owner"),
        ("manager", "manager"),
        ("member", "member"),
        ("client", "client"),
    ]
    add_form = page.text[page.text.index('id="member-add-form"') :]
    assert re.findall(r'<select id="member-user" name="user">(.*?)</select>', add_form, re.S)
    candidates = re.findall(r'<option value="([^"]+)">', add_form.split("</select>")[0])
    assert candidates == ["admin", "outsider"]
    resources = re.findall(
        r'<option value="([^"]*)"', add_form.split('id="member-resource"')[1].split("</select>")[0]
    )
    assert resources[0] == "" and "ana" in resources
    member_row = page.text.split('data-member="member"')[1].split("</tr>")[0]
    assert '<option value="ana" selected>' in member_row
    assert _signs_in(seeded_workspace, "owner", PASSWORD) == 303


def test_membership_changes_are_what_the_user_then_sees(seeded_workspace: Workspace) -> None:
    admin = _admin(seeded_workspace)
    assert _my_projects(seeded_workspace, "outsider") == {}
    added = admin.post(
        "/admin/projects/plan/members", {"user": "outsider", "role": "member", "resource": "ana"}
    )
    assert added.status_code == 303
    assert added.headers["location"] == "/admin/projects/plan/members"
    assert _my_projects(seeded_workspace, "outsider") == {"plan": "member"}
    owner = Principal(user_id=1, name="owner")
    seen = {
        m.user: (m.role.value, m.resource)
        for m in list_members(workspace=seeded_workspace, principal=owner, project="plan")
    }
    assert seen["outsider"] == ("member", "ana")
    changed = admin.post("/admin/projects/plan/members", {"user": "outsider", "role": "client"})
    assert changed.status_code == 303
    assert _my_projects(seeded_workspace, "outsider") == {"plan": "client"}
    removed = admin.post("/admin/projects/plan/members/outsider/remove")
    assert removed.status_code == 303
    assert _my_projects(seeded_workspace, "outsider") == {}


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"user": "outsider", "role": "member", "resource": "nobody"}, "has no resource"),
        ({"user": "outsider", "role": "boss"}, "unknown role"),
        ({"user": "ghost", "role": "member"}, "no user &#39;ghost&#39;"),
        ({"user": "owner", "role": "manager"}, "last owner of project &#39;plan&#39;"),
    ],
)
def test_a_refused_membership_change_shows_why_and_changes_nothing(
    seeded_workspace: Workspace, form: dict[str, str], message: str
) -> None:
    admin = _admin(seeded_workspace)
    before = admin.get("/admin/projects/plan/members").text
    answer = admin.post("/admin/projects/plan/members", form)
    assert answer.status_code == 422
    assert message.lower() in answer.text.lower()
    pattern = r'<tr data-member="([^"]+)" data-role="([^"]+)">'
    assert re.findall(pattern, answer.text) == re.findall(pattern, before)


def test_the_last_owner_cannot_be_removed(seeded_workspace: Workspace) -> None:
    admin = _admin(seeded_workspace)
    answer = admin.post("/admin/projects/plan/members/owner/remove")
    assert answer.status_code == 422
    assert "is the last owner of project &#39;plan&#39;" in answer.text
    assert _my_projects(seeded_workspace, "owner") == {"other": "owner", "plan": "owner"}
    assert admin.post("/admin/projects/plan/members/outsider/remove").status_code == 404
    assert admin.get("/admin/projects/nope/members").status_code == 404


def test_every_users_tokens_are_listed_and_an_admin_revokes_a_session(
    seeded_workspace: Workspace,
) -> None:
    admin = _admin(seeded_workspace)
    member = sign_in(pages_client(seeded_workspace), "member")
    page = admin.get("/admin/tokens")
    assert page.status_code == 200
    owners = set(re.findall(r'<tr data-token="\d+" data-user="([^"]+)">', page.text))
    assert {"owner", "manager", "member", "client", "outsider", "admin"} <= owners
    assert ">expired<" not in page.text and ">revoked<" not in page.text  # active ones only
    every = admin.get("/admin/tokens?all=1").text
    assert len(_rows(every, "data-token")) > len(_rows(page.text, "data-token"))
    assert ">revoked<" in every and ">expired<" in every
    session = next(
        t for t in list_tokens(workspace=seeded_workspace, user="member") if t.kind == "session"
    )
    only_member = admin.get("/admin/tokens?user=member").text
    assert set(re.findall(r'data-user="([^"]+)">', only_member)) == {"member"}
    answer = admin.post(f"/admin/tokens/{session.id}/revoke", {"user": "member"})
    assert answer.status_code == 303
    assert answer.headers["location"] == "/admin/tokens?user=member"
    assert member.get("/account").status_code == 303  # signed out
    assert admin.post("/admin/tokens/999999/revoke").status_code == 404


def _operations(html: str) -> list[str]:
    return re.findall(r'<tr data-audit="\d+" data-operation="([^"]+)"', html)


def _audit_ids(html: str) -> list[int]:
    return [int(i) for i in _rows(html, "data-audit")]


def test_the_audit_log_shows_admin_changes_compactly_newest_first(
    seeded_workspace: Workspace,
) -> None:
    admin = _admin(seeded_workspace)
    admin.post("/admin/projects/plan/members", {"user": "member", "role": "manager"})
    page = admin.get("/admin/audit")
    assert page.status_code == 200
    ids = _audit_ids(page.text)
    assert ids == sorted(ids, reverse=True) and ids
    newest = page.text.split(f'data-audit="{ids[0]}"')[1].split("</tr>")[0]
    assert "change_member" in newest and "<td>admin</td>" in newest
    assert "<code>role</code>: member → manager" in newest
    assert "<code>resource</code>: ana → none" in newest


def test_the_audit_filters_keep_matching_entries_only(seeded_workspace: Workspace) -> None:
    admin = _admin(seeded_workspace)
    admin.post("/admin/users", {"name": "newbie", "password": "typed password 1"})
    admin.post("/admin/projects/other/members", {"user": "newbie", "role": "client"})
    by_operation = admin.get("/admin/audit?operation=add_member").text
    assert set(_operations(by_operation)) == {"add_member"}
    assert len(_operations(by_operation)) == 4  # three by the seed, one now
    on_other = admin.get("/admin/audit?project=other&user=admin").text
    assert _operations(on_other) == ["add_member"]
    assert '<option value="other" selected>' in on_other
    by_admin = admin.get("/admin/audit?user=admin").text
    assert _operations(by_admin) == ["add_member", "add_user"]
    today = dt.datetime.now(dt.UTC).date()
    tomorrow = today + dt.timedelta(days=1)
    assert _rows(admin.get(f"/admin/audit?since={tomorrow}").text, "data-audit") == []
    assert "No entry matches" in admin.get(f"/admin/audit?since={tomorrow}").text
    assert len(_rows(admin.get(f"/admin/audit?since={today}&until={today}").text, "data-audit"))
    refused = admin.get("/admin/audit?outcome=conflict").text
    assert _rows(refused, "data-audit") == []


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("since=yesterday", "The from date &#39;yesterday&#39; is not a date"),
        ("since=2027-03-05&until=2027-03-01", "swap them"),
        ("outcome=maybe", "Unknown outcome &#39;maybe&#39;"),
    ],
)
def test_an_impossible_audit_filter_says_why(
    seeded_workspace: Workspace, query: str, message: str
) -> None:
    answer = _admin(seeded_workspace).get(f"/admin/audit?{query}")
    assert answer.status_code == 422
    assert message in answer.text
    assert 'id="audit-filters"' in answer.text  # the filters stay to correct


def test_the_audit_log_pages_keep_the_filters(seeded_workspace: Workspace) -> None:
    with seeded_workspace.transaction() as session:
        for number in range(PAGE_SIZE + 7):
            record_audit(
                session, principal=None, project_id=None, operation="bulk", target=f"t/{number}"
            )
    admin = _admin(seeded_workspace)
    first = admin.get("/admin/audit?operation=bulk").text
    assert len(_audit_ids(first)) == PAGE_SIZE
    assert f"Entries 1 to {PAGE_SIZE} of {PAGE_SIZE + 7}" in first
    older = re.search(r'href="([^"]+)" rel="next"', first)
    assert older is not None
    assert older.group(1) == f"/admin/audit?operation=bulk&amp;offset={PAGE_SIZE}"
    second = admin.get(older.group(1).replace("&amp;", "&")).text
    assert len(_audit_ids(second)) == 7
    assert max(_audit_ids(second)) < min(_audit_ids(first))
    assert 'rel="next"' not in second and 'rel="prev"' in second
    assert "<td>(the machine)</td>" in second


def test_changes_show_each_field_before_and_after() -> None:
    shown, more = changes(
        {"role": "member", "resource": "ana"}, {"role": "owner", "resource": None}
    )
    assert shown == [Change("resource", "ana", "none"), Change("role", "member", "owner")]
    assert more == 0
    added, _ = changes(None, {"duration": 5, "name": "Train"})
    assert added == [Change("duration", "—", "5"), Change("name", "—", "Train")]
    gone, _ = changes({"depends": ["a", "b"]}, None)
    assert gone == [Change("depends", '["a","b"]', "—")]
    long, _ = changes(None, {"note": "x" * 200})
    assert len(long[0].after) == 60 and long[0].after.endswith("…")
    many, left = changes(None, {f"f{i}": i for i in range(9)}, at_most=6)
    assert len(many) == 6 and left == 3
