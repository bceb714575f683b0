"""A throwaway PostgreSQL server for the tests: initdb and pg_ctl on a temporary directory.

The server binaries are on every machine that runs `make test` (CI installs nothing else
for it). As root, PostgreSQL refuses to run, so the server runs as the `postgres` user
where there is one, else `nobody`; its directory is handed to that user.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg

__all__ = ["PostgresServer", "start_server"]


def _binary(name: str) -> str:
    """The path of a PostgreSQL server program: on PATH, else Debian's versioned directory."""
    found = shutil.which(name)
    if found:
        return found
    for version in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (version / name).exists():
            return str(version / name)
    raise RuntimeError(
        f"the PostgreSQL server program {name!r} is not installed: the workspace tests start "
        "their own server (Debian: apt-get install postgresql)"
    )


def _free_port() -> int:
    """A TCP port on loopback that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class PostgresServer:
    """A running server: its port, directory and the user it runs as."""

    port: int
    directory: Path
    run_as: str | None

    def url(self, database: str = "postgres") -> str:
        """The SQLAlchemy URL of `database` on this server (trust authentication)."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def execute(self, sql: str) -> None:
        """Run one statement outside a transaction (CREATE/DROP DATABASE)."""
        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True
        ) as connection:
            connection.execute(sql)  # type: ignore[arg-type]

    def stop(self) -> None:
        """Stop the server at once and remove its directory."""
        _run(
            [_binary("pg_ctl"), "stop", "-D", str(self.directory / "data"), "-m", "immediate"],
            self.run_as,
            check=False,
        )
        shutil.rmtree(self.directory, ignore_errors=True)


def _run(command: list[str], run_as: str | None, *, check: bool = True) -> None:
    """Run a server program, as `run_as` when the tests run as root."""
    if run_as is not None:
        command = ["runuser", "-u", run_as, "--", *command]
    subprocess.run(command, check=check, capture_output=True, timeout=120)


def start_server() -> PostgresServer:
    """Initialise and start a server tuned for tests (no fsync), waiting until it answers."""
    directory = Path(tempfile.mkdtemp(prefix="steerco-pg-"))
    run_as = None
    if os.geteuid() == 0:
        run_as = "postgres"
        try:
            user = pwd.getpwnam(run_as)
        except KeyError:
            run_as = "nobody"
            user = pwd.getpwnam(run_as)
        os.chown(directory, user.pw_uid, user.pw_gid)
        directory.chmod(0o700)
    data = directory / "data"
    _run(
        [_binary("initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8"], run_as
    )
    port = _free_port()
    options = (
        f"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
    )
    _run(
        [
            _binary("pg_ctl"),
            "start",
            "-D",
            str(data),
            "-o",
            options,
            "-l",
            str(directory / "log"),
            "-w",
        ],
        run_as,
    )
    server = PostgresServer(port=port, directory=directory, run_as=run_as)
    deadline = time.monotonic() + 30
    while True:
        try:
            server.execute("SELECT 1")
            return server
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
