"""What `steerco push --server` sends: a base revision only when one is given.

A server from before base revisions refuses a body field it does not know (422), so a push
without `--base` must send the body it always sent.
"""

from __future__ import annotations

import json
from pathlib import Path

import httpx

from steerco.app.workspace.remote_files import push_remote_file

ANSWER = {
    "project": "p",
    "number": 2,
    "sha256": "0" * 64,
    "operation": "push",
    "author": "ann",
    "created_at": "2027-01-04T00:00:00+00:00",
}


def _sent(tmp_path: Path, base: int | None) -> dict[str, object]:
    path = tmp_path / "p.yaml"
    path.write_text("name: P\nstart: 2027-01-04\ntasks:\n  - {id: a, duration: 1}\n")
    bodies: list[dict[str, object]] = []

    def answer(request: httpx.Request) -> httpx.Response:
        bodies.append(json.loads(request.content))
        return httpx.Response(200, json=ANSWER)

    client = httpx.Client(base_url="http://server", transport=httpx.MockTransport(answer))
    push_remote_file(
        server="http://server", token="t", path=path, client=client, base_revision=base
    )
    [body] = bodies
    return body


def test_a_push_without_a_base_sends_no_base_field(tmp_path: Path) -> None:
    assert set(_sent(tmp_path, None)) == {"text", "file_name", "baselines", "snapshots"}


def test_a_push_with_a_base_sends_it(tmp_path: Path) -> None:
    assert _sent(tmp_path, 3)["base_revision"] == 3
