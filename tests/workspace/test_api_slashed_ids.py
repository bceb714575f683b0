"""Entity ids with `/` through the API: `/projects/{p}/{collection}/{key}` reaches them.

The id is one path segment, its `/` sent as `%2F`; the server decodes that before it
routes, so the route must still take everything between the collection and the end (or
`/progress`) as the key.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

import pytest
import yaml

from steerco.app.workspace.context import Workspace
from workspace.accounts_fixtures import cheap_passwords  # noqa: F401
from workspace.api_support import PLAN_TEXT, Seeded, seed

API = "/api/v1"
IDS = ("WBS/1.2", "../../../admin/users/owner/disable?", "a/../b?c#d&50%", "go live/2 #1 & 50%")
"""A WBS code, a traversal, and `..`, `?`, `#`, `&`, `%` and spaces around a `/` (no `%2F`:
Starlette's TestClient decodes a path twice, a server once)."""


@pytest.fixture
def api(workspace: Workspace) -> Seeded:
    return seed(workspace)


def _push_with_milestone_id(api: Seeded, milestone_id: str) -> None:
    """Project `plan` again, its milestone `launch` (which nothing names) renamed."""
    text = PLAN_TEXT.replace("- id: launch", f'- id: "{milestone_id}"')
    assert text.count(milestone_id) == 1
    pushed = api.client.put(
        f"{API}/projects/plan/file", json={"text": text}, headers=api.headers("owner")
    )
    assert pushed.status_code == 200, pushed.text


def _url(entity_id: str) -> str:
    return f"{API}/projects/plan/tasks/{quote(entity_id, safe='')}"


@pytest.mark.parametrize("milestone_id", IDS)
def test_get_patch_and_delete_reach_a_task_whose_id_has_a_slash(
    api: Seeded, milestone_id: str
) -> None:
    _push_with_milestone_id(api, milestone_id)
    owner = api.headers("owner")
    url = _url(milestone_id)
    read = api.client.get(url, headers=owner)
    assert read.status_code == 200, read.text
    assert (read.json()["key"], read.json()["name"]) == (milestone_id, "Launch")
    edited = api.client.patch(url, json={"changes": {"name": "Go live"}}, headers=owner)
    assert edited.status_code == 200, edited.text
    assert (edited.json()["row"]["key"], edited.json()["row"]["name"]) == (milestone_id, "Go live")
    assert api.client.get(url, headers=owner).json()["name"] == "Go live"
    removed = api.client.delete(url, headers=owner)
    assert removed.status_code == 200, removed.text
    assert removed.json()["operation"].startswith("delete")
    left = api.client.get(f"{API}/projects/plan/tasks", headers=owner).json()
    assert [t["key"] for t in left["items"]] == ["build", "data", "model", "report"]


@pytest.mark.parametrize("milestone_id", IDS)
def test_progress_reaches_a_task_whose_id_has_a_slash(api: Seeded, milestone_id: str) -> None:
    _push_with_milestone_id(api, milestone_id)
    owner = api.headers("owner")
    answer = api.client.post(
        f"{_url(milestone_id)}/progress",
        json={"done": True, "date": "2027-01-20"},
        headers=owner,
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["row"]["key"] == milestone_id
    pulled = yaml.safe_load(api.client.get(f"{API}/projects/plan/file", headers=owner).text)
    assert pulled["progress"]["tasks"] == {
        milestone_id: {"actual_start": dt.date(2027, 1, 20), "actual_finish": dt.date(2027, 1, 20)}
    }


def test_a_missing_id_with_a_slash_answers_the_usual_404_body(api: Seeded) -> None:
    owner = api.headers("owner")
    for method in ("GET", "PATCH", "DELETE"):
        body = {"changes": {"name": "x"}} if method == "PATCH" else None
        answer = api.client.request(method, _url("WBS/9.9"), json=body, headers=owner)
        assert answer.status_code == 404, (method, answer.text)
        error = answer.json()["error"]
        assert error["code"] == "not_found"
        assert "WBS/9.9" in error["message"], method  # the use case's, not the router's


def test_an_id_without_a_slash_still_reaches_its_task(api: Seeded) -> None:
    answer = api.client.get(_url("model"), headers=api.headers("owner"))
    assert (answer.status_code, answer.json()["key"]) == (200, "model")


def test_a_trailing_slash_on_a_collection_is_still_the_collection(api: Seeded) -> None:
    owner = api.headers("owner")
    listed = api.client.get(f"{API}/projects/plan/tasks/", headers=owner, follow_redirects=False)
    assert listed.status_code == 307  # no row has an empty key: the list, as without `/`
    assert listed.headers["location"].endswith(f"{API}/projects/plan/tasks")
