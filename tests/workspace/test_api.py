"""The REST API end to end on both backends: push, list, edit, conflicts, pull, errors, docs."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from fastapi import FastAPI

from steerco.app.workspace.context import Workspace
from workspace.accounts_fixtures import cheap_passwords  # noqa: F401
from workspace.api_support import PASSWORD, PLAN_TEXT, Seeded, seed

API = "/api/v1"


@pytest.fixture
def api(workspace: Workspace) -> Seeded:
    return seed(workspace)


def test_push_then_pull_gives_back_the_exact_text_with_its_revision_as_etag(api: Seeded) -> None:
    text = PLAN_TEXT.replace("name: API test plan", "name: Pushed plan  # renamed")
    pushed = api.client.put(
        f"{API}/projects/pushed/file",
        content=text.encode(),
        headers={**api.headers("owner"), "Content-Type": "application/yaml"},
    )
    assert pushed.status_code == 200, pushed.text
    assert pushed.json()["project"] == "pushed"
    assert pushed.json()["number"] == 1
    pulled = api.client.get(f"{API}/projects/pushed/file", headers=api.headers("owner"))
    assert pulled.status_code == 200
    assert pulled.text == text
    assert pulled.headers["content-type"].startswith("text/yaml")
    assert pulled.headers["etag"] == '"1"'
    as_json = api.client.get(
        f"{API}/projects/pushed/file",
        headers={**api.headers("owner"), "Accept": "application/json"},
    )
    assert as_json.json()["text"] == text
    assert as_json.json()["revision"] == 1


def test_push_as_json_and_the_same_text_again_makes_no_new_revision(api: Seeded) -> None:
    url = f"{API}/projects/plan/file"
    again = api.client.put(url, json={"text": PLAN_TEXT}, headers=api.headers("owner"))
    assert again.status_code == 200, again.text
    assert again.json()["number"] == 1
    edited = PLAN_TEXT.replace("duration: 3", "duration: 4")
    newer = api.client.put(url, json={"text": edited}, headers=api.headers("owner"))
    assert newer.json()["number"] == 2
    revisions = api.client.get(f"{API}/projects/plan/revisions", headers=api.headers("owner"))
    assert [r["number"] for r in revisions.json()["items"]] == [2, 1]


def test_tasks_page_and_filter_read_the_rows_in_file_order(api: Seeded) -> None:
    owner = api.headers("owner")
    first = api.client.get(f"{API}/projects/plan/tasks?limit=2", headers=owner).json()
    assert [t["key"] for t in first["items"]] == ["build", "data"]
    assert (first["total"], first["offset"], first["limit"]) == (5, 0, 2)
    second = api.client.get(f"{API}/projects/plan/tasks?offset=2&limit=2", headers=owner).json()
    assert [t["key"] for t in second["items"]] == ["model", "report"]
    children = api.client.get(f"{API}/projects/plan/tasks?parent=build", headers=owner).json()
    assert [t["key"] for t in children["items"]] == ["data", "model", "report"]
    assert children["total"] == 3
    named = api.client.get(f"{API}/projects/plan/tasks?name=TRAIN", headers=owner).json()
    assert [t["key"] for t in named["items"]] == ["model"]
    closed = api.client.get(f"{API}/projects/plan/risks?status=closed", headers=owner).json()
    assert [r["key"] for r in closed["items"]] == ["r2"]
    one = api.client.get(f"{API}/projects/plan/tasks/model", headers=owner).json()
    assert one["data"]["duration"] == "8d"
    assert one["parent"] == "build"


def test_patch_edits_the_text_and_pull_gives_back_the_push_plus_the_edit(api: Seeded) -> None:
    owner = api.headers("owner")
    edited = api.client.patch(
        f"{API}/projects/plan/tasks/model",
        json={"changes": {"duration": 10}, "base_revision": 1},
        headers=owner,
    )
    assert edited.status_code == 200, edited.text
    assert edited.json()["revision"]["number"] == 2
    assert edited.json()["row"]["data"]["duration"] == "10d"
    pulled = api.client.get(f"{API}/projects/plan/file", headers=owner)
    expected = PLAN_TEXT.replace(
        "        name: Train model\n        duration: 8\n",
        "        name: Train model\n        duration: 10\n",
    )
    assert pulled.text == expected
    assert pulled.headers["etag"] == '"2"'


def test_a_stale_base_revision_answers_409_with_the_current_values(api: Seeded) -> None:
    owner = api.headers("owner")
    url = f"{API}/projects/plan/tasks/model"
    first = api.client.patch(
        url, json={"changes": {"duration": 10}, "base_revision": 1}, headers=owner
    )
    assert first.status_code == 200
    stale = api.client.patch(
        url, json={"changes": {"duration": 12}, "base_revision": 1}, headers=owner
    )
    assert stale.status_code == 409
    error = stale.json()["error"]
    assert error["code"] == "edit_conflict"
    assert error["detail"]["current"] == {"duration": "10d"}
    by_header = api.client.patch(
        url, json={"changes": {"duration": 12}}, headers={**owner, "If-Match": '"1"'}
    )
    assert by_header.status_code == 409
    other_field = api.client.patch(
        url, json={"changes": {"name": "Train the model"}, "base_revision": 1}, headers=owner
    )
    assert other_field.status_code == 200, other_field.text
    row = api.client.get(url, headers=owner).json()
    assert (row["name"], row["data"]["duration"]) == ("Train the model", "10d")
    assert "duration: 12" not in api.client.get(f"{API}/projects/plan/file", headers=owner).text


def test_a_whole_file_pushed_on_a_stale_revision_answers_409_and_keeps_the_edit(
    api: Seeded,
) -> None:
    # Pulled at revision 1; someone renames a task (revision 2); the file pushed back with
    # If-Match "1" would undo the rename (it did, with 200): it is refused.
    owner = api.headers("owner")
    renamed = api.client.patch(
        f"{API}/projects/plan/tasks/model",
        json={"changes": {"name": "Train the model"}, "base_revision": 1},
        headers=owner,
    )
    assert renamed.status_code == 200, renamed.text
    url = f"{API}/projects/plan/file"
    mine = PLAN_TEXT.replace("duration: 3", "duration: 4")
    yaml = {**owner, "Content-Type": "application/yaml"}
    stale = api.client.put(url, content=mine.encode(), headers={**yaml, "If-Match": '"1"'})
    assert stale.status_code == 409, stale.text
    error = stale.json()["error"]
    assert error["code"] == "edit_conflict"
    assert error["detail"] == {"revision": 2, "base_revision": 1}
    assert "Train the model" in api.client.get(url, headers=owner).text
    as_json = api.client.put(url, json={"text": mine, "base_revision": 1}, headers=owner)
    assert as_json.status_code == 409
    created = api.client.post(
        f"{API}/projects",
        json={"text": mine, "file_name": "plan.yaml", "project": "plan", "base_revision": 1},
        headers=owner,
    )
    assert created.status_code == 409
    # on the current revision, or without a base (the old rule: the push replaces it)
    current = api.client.put(url, content=mine.encode(), headers={**yaml, "If-Match": '"2"'})
    assert (current.status_code, current.json()["number"]) == (200, 3)
    unknown = api.client.put(url, json={"text": PLAN_TEXT, "base_revision": 9}, headers=owner)
    assert unknown.status_code == 422
    plain = api.client.put(url, json={"text": PLAN_TEXT}, headers=owner)
    assert (plain.status_code, plain.json()["number"]) == (200, 4)


def test_if_match_that_names_no_revision_is_a_located_422(api: Seeded) -> None:
    answer = api.client.patch(
        f"{API}/projects/plan/tasks/model",
        json={"changes": {"duration": 10}},
        headers={**api.headers("owner"), "If-Match": "yesterday"},
    )
    assert answer.status_code == 422
    assert answer.json()["error"]["code"] == "invalid"


def test_an_invalid_push_answers_422_with_the_cli_codes_and_locations(api: Seeded) -> None:
    broken = PLAN_TEXT.replace("after: [data]", "after: [dta]")
    answer = api.client.put(
        f"{API}/projects/plan/file",
        content=broken.encode(),
        headers={**api.headers("owner"), "Content-Type": "text/plain"},
    )
    assert answer.status_code == 422
    error = answer.json()["error"]
    codes = {(d["code"], d["line"]) for d in error["diagnostics"]}
    line = broken.splitlines().index("        after: [dta]") + 1
    assert ("unknown_task", line) in codes


def test_request_validation_errors_use_the_error_body_with_the_request_path(api: Seeded) -> None:
    answer = api.client.get(f"{API}/projects/plan/tasks?limit=501", headers=api.headers("owner"))
    assert answer.status_code == 422
    error = answer.json()["error"]
    assert error["code"] == "invalid_request"
    assert [d["path"] for d in error["diagnostics"]] == [["query", "limit"]]
    body = api.client.patch(
        f"{API}/projects/plan/tasks/model", json={"base_revision": 1}, headers=api.headers("owner")
    )
    assert [d["path"] for d in body.json()["error"]["diagnostics"]] == [["body", "changes"]]


def test_no_token_answers_401_with_www_authenticate(api: Seeded) -> None:
    answer = api.client.get(f"{API}/projects")
    assert answer.status_code == 401
    assert answer.headers["www-authenticate"] == "Bearer"
    assert answer.json()["error"]["code"] == "unauthorized"
    wrong = api.client.get(f"{API}/projects", headers={"Authorization": "Bearer stc_nonsense"})
    assert wrong.status_code == 401


def test_login_gives_a_session_token_and_repeated_failures_answer_429(api: Seeded) -> None:
    signed_in = api.client.post(f"{API}/auth/login", json={"name": "member", "password": PASSWORD})
    assert signed_in.status_code == 201, signed_in.text
    assert signed_in.json()["token"]["kind"] == "session"
    secret = signed_in.json()["secret"]
    me = api.client.get(f"{API}/me", headers={"Authorization": f"Bearer {secret}"})
    assert me.json()["name"] == "member"
    answers = [
        api.client.post(f"{API}/auth/login", json={"name": "member", "password": "wrong guess"})
        for _ in range(6)
    ]
    assert [a.status_code for a in answers] == [401] * 5 + [429]
    assert int(answers[-1].headers["retry-after"]) > 0
    assert answers[-1].json()["error"]["code"] == "rate_limited"


def test_another_projects_ids_answer_404(api: Seeded) -> None:
    member = api.headers("member")
    assert api.client.get(f"{API}/projects/other/tasks", headers=member).status_code == 404
    assert api.client.get(f"{API}/projects/other/tasks/model", headers=member).status_code == 404
    assert api.client.get(f"{API}/projects/plan/tasks/nope", headers=member).status_code == 404


def test_the_docs_are_served_from_the_package_without_a_cdn(api: Seeded) -> None:
    page = api.client.get("/api/docs")
    assert page.status_code == 200
    assert "/api/docs/static/swagger-ui-bundle.js" in page.text
    assert "http" not in page.text  # no absolute URL: nothing from another host
    script = api.client.get("/api/docs/static/swagger-ui-bundle.js")
    assert script.status_code == 200
    assert "SwaggerUIBundle" in script.text
    schema = api.client.get("/api/openapi.json").json()
    assert f"{API}/projects/{{project}}/{{collection}}" in schema["paths"]


def test_an_unexpected_error_is_a_generic_500_logged_without_secrets(
    api: Seeded, caplog: pytest.LogCaptureFixture
) -> None:
    from fastapi.testclient import TestClient

    app = api.client.app
    assert isinstance(app, FastAPI)

    @app.get("/api/v1/boom")
    def boom() -> None:
        raise RuntimeError("kaput")

    client = TestClient(app, raise_server_exceptions=False)
    secret = api.tokens["owner"]
    with caplog.at_level(logging.ERROR, logger="steerco.web"):
        answer = client.get("/api/v1/boom", headers={"Authorization": f"Bearer {secret}"})
    assert answer.status_code == 500
    assert answer.json() == {
        "error": {
            "code": "internal_error",
            "message": "internal server error",
            "diagnostics": [],
            "detail": {},
        }
    }
    assert "GET /api/v1/boom" in caplog.text
    assert secret not in caplog.text


def test_a_nul_character_is_refused_not_a_server_error(api: Seeded, workspace: Workspace) -> None:
    answer = api.client.get(f"{API}/projects/plan/tasks/a%00b", headers=api.headers("owner"))
    # PostgreSQL cannot store or compare a NUL in a text (422); SQLite finds no such task.
    expected = (422, "invalid_request") if workspace.is_postgresql else (404, "not_found")
    assert (answer.status_code, answer.json()["error"]["code"]) == expected


def test_the_docs_table_lists_every_endpoint(api: Seeded) -> None:
    docs = Path(__file__).parents[2] / "docs" / "workspace.md"
    section = docs.read_text(encoding="utf-8").split("\n## The REST API\n")[1].split("\n## ")[0]
    documented = set(re.findall(r"^(GET|POST|PUT|PATCH|DELETE) \| `([^`]+)` \|", section, re.M))
    app = api.client.app
    assert isinstance(app, FastAPI)
    served = {
        (method.upper(), path.removeprefix(API))
        for path, operations in app.openapi()["paths"].items()
        for method in operations
    }
    assert documented == served


def test_a_project_error_keeps_the_cli_codes_and_locations(api: Seeded) -> None:
    from steerco.codes import Code
    from steerco.errors import Diagnostic, ProjectError

    app = api.client.app
    assert isinstance(app, FastAPI)

    @app.get("/api/v1/located")
    def located() -> None:
        diagnostic = Diagnostic(Code.unknown_task, "no task 'dta'", ("tasks", 0, "after", 0))
        raise ProjectError([diagnostic.located("plan.yaml", 17, 17)])

    answer = api.client.get("/api/v1/located")
    assert answer.status_code == 422
    assert answer.json()["error"] == {
        "code": "unknown_task",
        "message": "no task 'dta'",
        "diagnostics": [
            {
                "code": "unknown_task",
                "message": "no task 'dta'",
                "file": "plan.yaml",
                "line": 17,
                "column": 17,
                "path": ["tasks", 0, "after", 0],
            }
        ],
        "detail": {},
    }


def test_an_unknown_path_or_method_answers_the_error_body(api: Seeded) -> None:
    missing = api.client.get(f"{API}/nothing-here", headers=api.headers("owner"))
    assert (missing.status_code, missing.json()["error"]["code"]) == (404, "not_found")
    wrong = api.client.put(f"{API}/me", headers=api.headers("owner"))
    assert (wrong.status_code, wrong.json()["error"]["code"]) == (405, "method_not_allowed")


def test_delete_on_a_stale_base_answers_409_and_on_the_current_one_removes(api: Seeded) -> None:
    owner = api.headers("owner")
    url = f"{API}/projects/plan/tasks/launch"
    renamed = api.client.patch(url, json={"changes": {"name": "Go live"}}, headers=owner)
    assert renamed.json()["revision"]["number"] == 2
    stale = api.client.delete(url, headers={**owner, "If-Match": '"1"'})
    assert (stale.status_code, stale.json()["error"]["code"]) == (409, "edit_conflict")
    removed = api.client.delete(f"{url}?base_revision=2", headers=owner)
    assert removed.status_code == 200, removed.text
    assert removed.json()["number"] == 3
    assert api.client.get(url, headers=owner).status_code == 404
    assert "id: launch" not in api.client.get(f"{API}/projects/plan/file", headers=owner).text


def test_steerco_push_and_pull_with_server_go_through_the_file_endpoints(
    api: Seeded, tmp_path: Path
) -> None:
    from steerco.app.workspace.errors import InvalidRequestError
    from steerco.app.workspace.remote_files import pull_remote_file, push_remote_file

    source = tmp_path / "roadmap.yaml"
    source.write_bytes(PLAN_TEXT.replace("\n", "\r\n").encode())
    token = api.tokens["owner"]
    pushed = push_remote_file(server="", token=token, path=source, client=api.client)
    assert (pushed.project, pushed.number) == ("roadmap", 1)
    out = tmp_path / "pulled" / "roadmap.yaml"
    out.parent.mkdir()
    pulled = pull_remote_file(server="", token=token, project="roadmap", out=out, client=api.client)
    assert pulled.revision == 1
    assert out.read_bytes() == source.read_bytes()
    source.write_text(PLAN_TEXT.replace("after: [data]", "after: [dta]"), encoding="utf-8")
    with pytest.raises(InvalidRequestError) as refused:
        push_remote_file(server="", token=token, path=source, client=api.client)
    assert "unknown_task" in {str(d.code) for d in refused.value.diagnostics}
    assert ("tasks", 0, "children", 1, "after", 0) in {d.path for d in refused.value.diagnostics}


def test_a_filter_compares_numbers_as_numbers_and_objects_by_the_id_they_name() -> None:
    # `cost=0` found nothing beside `cost: 0.0`, and `after=data` nothing where a link is
    # an object `{task: data, type: SS}`.
    from steerco.app.workspace.rows import _matches
    from steerco.store.tables import ProjectRow

    row = ProjectRow(
        name="Train",
        key="model",
        parent=None,
        data={"cost": 0.0, "after": [{"task": "data", "type": "SS"}, "spec"], "tags": ["ml"]},
    )
    for filters in ({"cost": "0"}, {"cost": "0.0"}, {"after": "data"}, {"after": "spec"}):
        assert _matches(row, filters), filters
    for filters in ({"cost": "1"}, {"cost": "free"}, {"after": "SS"}, {"tags": "data"}):
        assert not _matches(row, filters), filters


@pytest.mark.parametrize(
    "baselines", ["{", "x\n", "- 1\n", "version: 1\nbaselines:\n- name: x\n  tasks: 7\n"]
)
def test_a_pushed_sidecar_no_command_could_read_is_refused_at_its_line(
    api: Seeded, baselines: str
) -> None:
    # It was stored (201), and failed only when a job first read it, naming the project file.
    answer = api.client.put(
        f"{API}/projects/plan/file",
        json={"text": PLAN_TEXT.replace("duration: 3", "duration: 4"), "baselines": baselines},
        headers=api.headers("owner"),
    )
    assert answer.status_code == 422, answer.text
    [first, *_] = answer.json()["error"]["diagnostics"]
    assert first["file"] == "plan.baselines.yaml"
    revisions = api.client.get(f"{API}/projects/plan/revisions", headers=api.headers("owner"))
    assert [r["number"] for r in revisions.json()["items"]] == [1]
