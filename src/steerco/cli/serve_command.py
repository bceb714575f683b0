"""`steerco serve`: the workspace's REST API on uvicorn, its database upgraded first."""

from __future__ import annotations

import errno
import gc
import os
import signal
import socket
import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from steerco.cli.workspace_guard import DbOption
from steerco.limits import MAX_SERVER_PROCESSES

if TYPE_CHECKING:
    from fastapi import FastAPI

    from steerco.app.workspace.context import Workspace

__all__ = ["fail", "open_migrated_workspace", "serve", "worker_app"]

EXIT_INVALID = 2


class LogLevel(StrEnum):
    """How much uvicorn logs (info: every request)."""

    critical = "critical"
    error = "error"
    warning = "warning"
    info = "info"
    debug = "debug"


def fail(message: str) -> NoReturn:
    """Print `steerco: message` on stderr and exit 2 (no traceback)."""
    sys.stderr.write(f"steerco: {message}\n")
    raise typer.Exit(EXIT_INVALID)


def open_migrated_workspace(db: str | None) -> Workspace:
    """The workspace at `db`, brought to the current schema; a clear error (exit 2) if it can't be.

    The upgrade is `steerco db upgrade`'s (`app.workspace.database.upgrade_database`). Prints
    no secret: a URL is shown with its password hidden.
    """
    from steerco.app.workspace.context import open_workspace
    from steerco.app.workspace.database import upgrade_database
    from steerco.app.workspace.errors import WorkspaceError

    try:
        upgrade_database(db=db)
        return open_workspace(db)
    except WorkspaceError as error:
        fail(error.message)


def _bind(host: str, port: int) -> socket.socket:
    """A listening-ready socket on `host`:`port` (0: any free port), or a clear error."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as error:
        sock.close()
        if error.errno == errno.EADDRINUSE:
            fail(f"port {port} on {host} is in use; stop what listens there or pass --port")
        if error.errno == errno.EACCES:
            fail(f"no permission to listen on port {port}; pass --port 1024 or above")
        fail(f"cannot listen on {host}:{port}: {error.strerror or error}; check --host")
    sock.set_inheritable(True)
    return sock


GC_THRESHOLDS = (50_000, 50, 100)
"""The server's garbage-collection thresholds (Python's default is 700, 10, 10)."""


def _freeze_startup_objects() -> None:
    """Keep the garbage collector's pauses out of the requests' way.

    The modules, schemas and routes loaded at start live as long as the process: frozen,
    no collection walks them again (about 170,000 objects). And every request makes and
    frees thousands of objects, nearly all by reference counting; at Python's default
    thresholds the collector still ran every few requests and walked the revisions kept in
    memory (the models and rows of the last eight), pauses that queued the edits of a busy
    project (PostgreSQL edits' p95 128 to 352 ms under `benchmarks/api_load.py --think 1`,
    118 to 153 ms with these thresholds). Cyclic garbage is still collected, in bounded
    batches of at most 50,000 new objects.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


def worker_app() -> FastAPI:
    """The app of one `--workers` process, on the workspace $STEERCO_DB names (a factory)."""
    from steerco.app.workspace.context import open_workspace
    from steerco.web.app import create_app

    workspace = open_workspace(os.environ["STEERCO_DB"])
    application = create_app(workspace, start_jobs=True)
    _freeze_startup_objects()
    return application


def _interrupt(_signal: int, _frame: object) -> None:
    """SIGTERM after uvicorn's graceful shutdown: leave like Ctrl-C does."""
    raise KeyboardInterrupt


def serve(
    db: DbOption = None,
    host: Annotated[
        str, typer.Option(help="The address to listen on (0.0.0.0: every interface).")
    ] = "127.0.0.1",
    port: Annotated[
        int, typer.Option(min=0, max=65535, help="The TCP port (0: any free port).")
    ] = 8000,
    workers: Annotated[
        int,
        typer.Option(
            min=1,
            max=MAX_SERVER_PROCESSES,
            help="Server processes sharing the port (more than 1 suits PostgreSQL best).",
        ),
    ] = 1,
    log_level: Annotated[
        LogLevel, typer.Option("--log-level", help="uvicorn's log level (info logs each request).")
    ] = LogLevel.info,
) -> None:
    """Run the workspace server: the REST API under /api/v1 and its docs, until Ctrl-C.

    Upgrades the database's schema first. On SQLite, background analyses run in the
    server process; on PostgreSQL, `steerco worker` processes run them.
    """
    import uvicorn
    from sqlalchemy.engine import make_url

    workspace = open_migrated_workspace(db)
    sock = _bind(host, port)
    bound = sock.getsockname()[1]
    shown = make_url(workspace.url).render_as_string(hide_password=True)
    where = f"[{host}]" if ":" in host else host
    base = f"http://{where}:{bound}"
    jobs = "steerco worker processes" if workspace.is_postgresql else "this server process"
    from steerco.web.docs import DOCS_URL

    common = {"log_level": log_level.value, "timeout_graceful_shutdown": 10}
    if workers == 1:
        from steerco.web.app import create_app

        application = create_app(workspace, start_jobs=True)  # in process on SQLite only
        config = uvicorn.Config(application, **common)  # type: ignore[arg-type]
        _freeze_startup_objects()
    else:
        workspace.engine.dispose()
        os.environ["STEERCO_DB"] = workspace.url
        config = uvicorn.Config(
            "steerco.cli.serve_command:worker_app",
            factory=True,
            workers=workers,
            **common,  # type: ignore[arg-type]
        )
    sys.stdout.write(
        f"steerco serve: workspace {shown}\n"
        f"  API:  {base}/api/v1\n"
        f"  docs: {base}{DOCS_URL}\n"
        f"  analyses run in {jobs}; {workers} server process{'es' if workers > 1 else ''}; "
        "Ctrl-C stops\n"
    )
    sys.stdout.flush()
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        if workers == 1:
            uvicorn.Server(config).run(sockets=[sock])
        else:
            from uvicorn.supervisors import Multiprocess

            Multiprocess(config, sockets=[sock]).run()
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
    sys.stdout.write("steerco serve: stopped\n")
