"""The browser tests' fixtures: a real `steerco serve` on loopback and headless Chromium.

One server per test session (per xdist worker) on a copy of the seeded page workspace
(`web.conftest.pages_template`: users owner, manager, member, client, outsider and admin
with `PASSWORD`; projects `plan` and `other`); Debian's Chromium (`/usr/bin/chromium`,
never a downloaded browser). `signed_in(role)` opens a fresh browser context signed in
through the sign-in form, with `Guards` attached; every context a test opened is checked
when the test ends: no console error, no page error, no request off the loopback.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    Playwright,
    expect,
    sync_playwright,
)

from web.browser.guards import Guards
from workspace.api_support import PASSWORD
from workspace.serve_process import ServeProcess, start_serve

CHROMIUM = "/usr/bin/chromium"
TIMEOUT_MS = 30_000
"""How long an action or expectation waits for the page (a job's first run included)."""

expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(scope="session")
def live_server(
    pages_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServeProcess]:
    """`steerco serve` on a free loopback port over a copy of the seeded workspace."""
    folder = tmp_path_factory.mktemp("browser-workspace")
    database = folder / "workspace.db"
    shutil.copyfile(pages_template, database)
    server = start_serve(f"sqlite:///{database}", log=folder / "serve.log")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    """Playwright's sync driver."""
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def chromium(playwright: Playwright) -> Iterator[Browser]:
    """Debian's headless Chromium."""
    browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
    try:
        yield browser
    finally:
        browser.close()


@dataclass
class Session:
    """A signed-in browser context: its first page, its guards, and who is signed in."""

    role: str
    context: BrowserContext
    page: Page
    guards: Guards


@dataclass
class Sessions:
    """The contexts a test opened, closed and checked when it ends."""

    browser: Browser
    server: ServeProcess
    opened: list[Session] = field(default_factory=list)

    def open(self) -> tuple[BrowserContext, Page, Guards]:
        """A fresh context (no cookies) on the server, guarded, and its first page."""
        context = self.browser.new_context(base_url=self.server.base)
        context.set_default_timeout(TIMEOUT_MS)
        guards = Guards()
        guards.attach(context)
        page = context.new_page()
        return context, page, guards

    def sign_in(self, role: str, *, next_path: str = "/") -> Session:
        """Sign `role` in through the sign-in form of a fresh context."""
        context, page, guards = self.open()
        page.goto(f"/login?next={next_path}")
        page.get_by_label("User name").fill(role)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
        session = Session(role=role, context=context, page=page, guards=guards)
        self.opened.append(session)
        return session

    def close(self) -> list[str]:
        """Close every context; the problems their guards recorded."""
        problems = []
        for session in self.opened:
            problems += [f"{session.role}: {line}" for line in session.guards.problems()]
            session.context.close()
        return problems


@pytest.fixture
def sessions(chromium: Browser, live_server: ServeProcess) -> Iterator[Sessions]:
    """Open signed-in contexts in a test; they are checked by their guards at its end."""
    opened = Sessions(browser=chromium, server=live_server)
    yield opened
    problems = opened.close()
    assert not problems, "\n".join(problems)


@pytest.fixture
def signed_in(sessions: Sessions) -> Callable[..., Session]:
    """`signed_in(role, next_path="/")`: a guarded context signed in as `role`."""
    return sessions.sign_in
