"""`steerco serve`: a real server process on loopback starts, answers with a token, stops.

Its mistakes (a database it cannot open, a port in use) are one clear line, exit 2.
"""

from __future__ import annotations

import signal
import socket
import sqlite3
import time
from pathlib import Path

import httpx
import pytest

from cli_runner import steerco
from steerco.app.workspace.context import open_workspace
from steerco.app.workspace.database import upgrade_database
from steerco.store.migrate import current_revision, head_revision
from workspace.live_project import prepare_project
from workspace.serve_process import start_serve


def _token(url: str, user: str = "ada", *, admin: bool = False) -> str:
    """A new user's API token on the workspace at `url`."""
    from steerco.app.workspace.accounts import create_user
    from steerco.app.workspace.tokens import create_token

    workspace = open_workspace(url)
    try:
        create_user(workspace=workspace, name=user, password="a long passphrase", admin=admin)
        return create_token(workspace=workspace, user=user, name="test").secret
    finally:
        workspace.engine.dispose()


@pytest.mark.slow
def test_serve_answers_me_with_a_token_and_stops_on_ctrl_c(workspace_url: str) -> None:
    secret = _token(workspace_url)
    server = start_serve(workspace_url)
    try:
        unsigned = httpx.get(f"{server.base}/api/v1/me", timeout=10)
        signed = httpx.get(
            f"{server.base}/api/v1/me", headers={"Authorization": f"Bearer {secret}"}, timeout=10
        )
    finally:
        code = server.stop()
    assert unsigned.status_code == 401, server.output()
    assert signed.status_code == 200, server.output()
    assert signed.json()["name"] == "ada"
    assert code == 0, server.output()
    said = server.output()
    assert f"API:  {server.base}/api/v1" in said
    assert "steerco serve: stopped" in said
    assert "Traceback" not in said


@pytest.mark.slow
def test_serve_stops_cleanly_on_sigterm(tmp_path: Path) -> None:
    server = start_serve(str(tmp_path / "w.db"))
    server.process.send_signal(signal.SIGTERM)
    assert server.process.wait(timeout=20) == 0, server.output()
    assert "steerco serve: stopped" in server.output()


@pytest.mark.slow
def test_serve_upgrades_an_empty_database_first(tmp_path: Path) -> None:
    path = tmp_path / "fresh.db"
    server = start_serve(str(path))
    server.stop()
    workspace = open_workspace(str(path))
    try:
        assert current_revision(workspace.engine) == head_revision()
    finally:
        workspace.engine.dispose()


@pytest.mark.slow
def test_serve_with_two_workers_answers_and_stops(workspace_url: str) -> None:
    secret = _token(workspace_url)
    server = start_serve(workspace_url, workers=2)
    try:
        answers = [
            httpx.get(
                f"{server.base}/api/v1/me",
                headers={"Authorization": f"Bearer {secret}"},
                timeout=10,
            ).status_code
            for _ in range(6)
        ]
    finally:
        code = server.stop()
    assert answers == [200] * 6, server.output()
    assert code == 0, server.output()


def test_a_port_in_use_is_one_clear_line(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = steerco("serve", "--db", tmp_path / "w.db", "--port", str(port))
    assert result.exit_code == 2
    assert result.stderr == (
        f"steerco: port {port} on 127.0.0.1 is in use; stop what listens there or pass --port\n"
    )


def test_a_database_url_of_an_unknown_kind_is_one_clear_line() -> None:
    result = steerco("serve", "--db", "mysql+nothing://db/x")
    assert result.exit_code == 2
    assert result.stderr.startswith("steerco: cannot read 'mysql+nothing://db/x' as a database: ")
    assert "pass --db a SQLite file path or a postgresql://user@host/database URL" in result.stderr


def test_a_file_that_is_not_a_database_is_one_clear_line(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("not a database, just notes\n" * 100, encoding="utf-8")
    result = steerco("serve", "--db", path)
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"steerco: cannot upgrade the database sqlite:///{path}: file is not a database\n"
    )


def test_an_unreachable_postgresql_server_is_one_clear_line_without_the_password() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = steerco("serve", "--db", f"postgresql://ada:s3cret@127.0.0.1:{port}/steerco")
    assert result.exit_code == 2
    shown = f"postgresql+psycopg://ada:***@127.0.0.1:{port}/steerco"
    assert result.stderr.startswith(f"steerco: cannot upgrade the database {shown}: ")
    assert "s3cret" not in result.output
    assert "Traceback" not in result.output


def test_a_database_from_a_newer_steerco_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "w.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
        connection.execute("INSERT INTO alembic_version VALUES ('ffffffffffff')")
    result = steerco("serve", "--db", path)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"steerco: cannot upgrade the database sqlite:///{path}: ")
    assert "newer steerco" in result.stderr


@pytest.mark.slow
def test_on_sqlite_the_server_runs_analyses_itself(tmp_path: Path) -> None:
    # SQLite only: on PostgreSQL, `steerco worker` runs them (tests/workspace/test_jobs*).
    url = f"sqlite:///{tmp_path / 'w.db'}"
    upgrade_database(db=url)
    plan = "name: Jobs\nstart: 2027-01-04\ntasks:\n  - {id: a, name: A, duration: 3}\n"
    live = prepare_project(url, text=plan, slug="jobs", editors=("ada",))
    server = start_serve(url)
    try:
        base = f"{server.base}/api/v1/projects/jobs/jobs"
        headers = live.headers["ada"]
        job = httpx.post(
            base, json={"kind": "schedule", "params": {}}, headers=headers, timeout=30
        ).json()
        deadline = time.monotonic() + 60
        while job["state"] in ("queued", "running") and time.monotonic() < deadline:
            time.sleep(0.1)
            job = httpx.get(f"{base}/{job['id']}", headers=headers, timeout=30).json()
        result = httpx.get(f"{base}/{job['id']}/result", headers=headers, timeout=30)
    finally:
        server.stop()
    assert job["state"] == "done", job
    assert result.json()["tasks"][0]["id"] == "a"
