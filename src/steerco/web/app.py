"""The FastAPI application of a workspace: `/api/v1`, its error body and its local docs."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI

from steerco import __version__
from steerco.app.workspace.context import Workspace
from steerco.web.docs import OPENAPI_URL, install_docs
from steerco.web.errors import install_error_handlers

__all__ = ["API_PREFIX", "create_app"]

API_PREFIX = "/api/v1"


def _api_router() -> APIRouter:
    from steerco.web.api import (
        auth,
        baselines,
        comments,
        files,
        jobs,
        me,
        members,
        progress,
        projects,
        rows,
        tokens,
        users,
    )

    api = APIRouter(prefix=API_PREFIX)
    # The collection routes (`/projects/{project}/{collection}`) come last: every fixed
    # path under a project (file, revisions, members...) must match first, and one row's
    # `/projects/{project}/{collection}/{key:path}` takes any longer path too.
    for module in (auth, me, tokens, users, projects, files, progress, baselines, members):
        api.include_router(module.router)
    api.include_router(comments.router)
    api.include_router(jobs.router)
    api.include_router(rows.router)
    return api


def create_app(workspace: Workspace, *, start_jobs: bool = True) -> FastAPI:
    """The API over `workspace`; `start_jobs` runs jobs in process while it serves (SQLite)."""

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if not start_jobs or workspace.is_postgresql:
            # On PostgreSQL, `steerco worker` processes take the jobs (procrastinate).
            yield
            return
        from steerco.app.workspace.job_local import start_in_process_runner

        runner = start_in_process_runner(workspace)
        try:
            yield
        finally:
            runner.stop()

    app = FastAPI(
        title="steerco workspace API",
        version=__version__,
        openapi_url=OPENAPI_URL,
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.workspace = workspace
    install_error_handlers(app)
    install_docs(app)
    app.include_router(_api_router())
    from steerco.web.pages.routes import install_pages

    install_pages(app)
    return app
