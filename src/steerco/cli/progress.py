"""A progress bar on stderr for long work that reports `(done, total)` as it goes."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import TypeVar

__all__ = ["with_progress"]

T = TypeVar("T")
_FORCE_TERMINAL = ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE")
"""Environment variables under which Rich draws on a stream that is not a terminal."""


def with_progress(description: str, run: Callable[[Callable[[int, int], None]], T]) -> T:
    """Run `run(report)` under a progress bar on stderr (none when it is not a terminal)."""
    if not sys.stderr.isatty() and not any(os.environ.get(v) for v in _FORCE_TERMINAL):
        return run(lambda done, total: None)  # no bar to draw: spare Rich's start-up
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    console = Console(stderr=True)
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    ) as progress:
        task = progress.add_task(description, total=None)

        def report(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        return run(report)
