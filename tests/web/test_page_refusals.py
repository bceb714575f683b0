"""A value the database refuses (PostgreSQL: a NUL in a text) is a 422 page, not JSON."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import DataError

from steerco.app.workspace.context import Workspace
from web.pages_support import pages_client, sign_in


def _refused(**_: object) -> None:
    raise DataError("SELECT ...", {}, ValueError("A string literal cannot contain NUL"))


def test_a_value_the_database_refuses_is_answered_with_a_page(
    seeded_workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    browser = sign_in(pages_client(seeded_workspace), "member")
    monkeypatch.setattr("steerco.web.pages.portal_pages.list_projects", _refused)
    page = browser.get("/portal")
    assert page.status_code == 422
    assert page.headers["content-type"].startswith("text/html")
    assert "cannot be stored: a text holds a NUL character" in page.text
    assert "SELECT" not in page.text  # never the statement


def test_the_api_keeps_its_json_body_for_the_same_refusal(
    seeded_workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    from steerco.app.workspace.tokens import create_token

    secret = create_token(workspace=seeded_workspace, user="member", name="t").secret
    monkeypatch.setattr("steerco.web.api.projects.list_projects", _refused)
    answer = pages_client(seeded_workspace).get(
        "/api/v1/projects", headers={"Authorization": f"Bearer {secret}"}
    )
    assert answer.status_code == 422
    assert answer.json()["error"]["code"] == "invalid_request"
