"""Name a sidecar file in the diagnostics of an action that read it but located no file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from steerco.errors import ProjectError

__all__ = ["located_in"]

T = TypeVar("T")


def located_in(path: Path, action: Callable[[], T]) -> T:
    """Run `action`; a ProjectError's diagnostics that name no file now name `path`."""
    try:
        return action()
    except ProjectError as error:
        error.diagnostics = [
            d if d.file is not None else d.located(str(path), d.line, d.column)
            for d in error.diagnostics
        ]
        raise
