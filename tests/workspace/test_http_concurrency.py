"""Two editors at once over HTTP, against a real `steerco serve` process (SQLite and PostgreSQL).

Both PATCH the same task from the same revision at the same moment (a barrier releases
them together): on the same field one gets 200 and the other 409 with the winner's value,
and the audit log holds both; on different fields both are applied.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from workspace.live_project import LiveProject, prepare_project
from workspace.serve_process import ServeProcess, start_serve

PLAN = """\
name: Concurrency
start: 2027-01-04
tasks:
  # both editors change these
  - {id: a, name: Collect data, duration: 3}
  - {id: b, name: Train model, duration: 5, after: [a]}
"""
ROUNDS = 3


@pytest.fixture
def served(workspace_url: str) -> Iterator[tuple[ServeProcess, LiveProject]]:
    """A live server on a workspace with the plan and two editors, ada and bob."""
    live = prepare_project(workspace_url, text=PLAN, slug="plan", editors=("ada", "bob"))
    server = start_serve(workspace_url)
    try:
        yield server, live
    finally:
        server.stop()


def _at_once(*calls: Callable[[], httpx.Response]) -> list[httpx.Response]:
    """Run the calls in threads released together by a barrier; their answers in order."""
    barrier = threading.Barrier(len(calls))
    answers: list[Any] = [None] * len(calls)

    def run(index: int) -> None:
        barrier.wait(timeout=10)
        answers[index] = calls[index]()

    threads = [threading.Thread(target=run, args=(k,)) for k in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return answers


def _patch(
    server: ServeProcess, live: LiveProject, who: str, changes: dict[str, Any], base: int
) -> Callable[[], httpx.Response]:
    """A PATCH of task `a` by `who`, based on revision `base`."""
    url = f"{server.base}/api/v1/projects/{live.slug}/tasks/a"
    body = {"changes": changes, "base_revision": base}
    return lambda: httpx.patch(url, json=body, headers=live.headers[who], timeout=30)


def _get(server: ServeProcess, live: LiveProject, path: str) -> Any:
    """GET a project path as the owner; the JSON answer."""
    answer = httpx.get(
        f"{server.base}/api/v1/projects/{live.slug}{path}",
        headers=live.headers["owner"],
        timeout=30,
    )
    assert answer.status_code == 200, answer.text
    return answer.json()


@pytest.mark.slow
def test_same_field_at_once_one_wins_one_gets_409_and_both_are_audited(
    served: tuple[ServeProcess, LiveProject],
) -> None:
    server, live = served
    base = live.revision
    for round_ in range(ROUNDS):
        names = {"ada": f"Collect data (ada {round_})", "bob": f"Collect data (bob {round_})"}
        answers = _at_once(
            *(_patch(server, live, who, {"name": name}, base) for who, name in names.items())
        )
        assert sorted(a.status_code for a in answers) == [200, 409], [a.text for a in answers]
        won, lost = sorted(answers, key=lambda a: a.status_code)
        winner = "ada" if won is answers[0] else "bob"
        assert won.json()["revision"]["number"] == base + 1
        error = lost.json()["error"]
        assert error["code"] == "edit_conflict"
        assert error["detail"]["current"] == {"name": names[winner]}
        assert error["detail"]["revision"] == base + 1
        assert _get(server, live, "/tasks/a")["name"] == names[winner]
        base += 1
    audit = _get(server, live, "/audit?limit=100")["items"]
    edits = [entry for entry in audit if entry["target"] == "tasks/a"]
    outcomes = sorted((entry["outcome"], entry["user"]) for entry in edits)
    assert [o for o, _ in outcomes] == ["applied"] * ROUNDS + ["conflict"] * ROUNDS
    assert {user for _, user in outcomes} <= {"ada", "bob"}
    assert _get(server, live, "")["revision"] == live.revision + ROUNDS


@pytest.mark.slow
def test_different_fields_at_once_are_both_applied(
    served: tuple[ServeProcess, LiveProject],
) -> None:
    server, live = served
    answers = _at_once(
        _patch(server, live, "ada", {"name": "Collect and label data"}, live.revision),
        _patch(server, live, "bob", {"duration": 4}, live.revision),
    )
    assert [a.status_code for a in answers] == [200, 200], [a.text for a in answers]
    task = _get(server, live, "/tasks/a")
    assert (task["name"], task["data"]["duration"]) == ("Collect and label data", "4d")
    assert _get(server, live, "")["revision"] == live.revision + 2
    pulled = httpx.get(
        f"{server.base}/api/v1/projects/{live.slug}/file",
        headers=live.headers["owner"],
        timeout=30,
    ).text
    assert "  # both editors change these\n" in pulled
    assert "Collect and label data" in pulled
