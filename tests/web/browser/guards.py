"""What every browser test watches: console errors, page errors and requests off this machine.

A `Guards` is attached to a browser context: each request whose host is not the loopback
is aborted and recorded, each console message of type error and each uncaught page error
is recorded. The `sessions` fixture (conftest.py) fails the test on any of them when it
ends, except the failed loads the test said it expects (a 404 page it opens on purpose).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, ConsoleMessage, Route

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
_FAILED_LOAD = "Failed to load resource"


@dataclass
class Guards:
    """Console errors, page errors and blocked requests of one browser context."""

    console: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    expected_failures: set[str] = field(default_factory=set)

    def attach(self, context: BrowserContext) -> None:
        """Route every request of `context` through the loopback check; listen for errors."""
        context.route("**/*", self._route)
        context.on("console", self._console)
        context.on("weberror", lambda error: self.page_errors.append(str(error.error)))

    def expect_failed_load(self, url: str) -> None:
        """A load of `url` answering an error status is on purpose (not a console error)."""
        self.expected_failures.add(url)

    def _route(self, route: Route) -> None:
        host = urlsplit(route.request.url).hostname or ""
        scheme = urlsplit(route.request.url).scheme
        if scheme in {"data", "blob", "about"} or host in LOCAL_HOSTS:
            route.continue_()
            return
        self.foreign.append(route.request.url)
        route.abort("blockedbyclient")

    def _console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        where = message.location.get("url", "") if message.location else ""
        if message.text.startswith(_FAILED_LOAD) and where in self.expected_failures:
            return
        self.console.append(f"{message.text} ({where})")

    def problems(self) -> list[str]:
        """Everything recorded so far, one line each."""
        return (
            [f"console error: {text}" for text in self.console]
            + [f"page error: {text}" for text in self.page_errors]
            + [f"request off this machine: {url}" for url in self.foreign]
        )


__all__ = ["LOCAL_HOSTS", "Guards"]
