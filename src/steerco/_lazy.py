"""Lazy package exports (PEP 562): a package names its public API without importing it.

Start-up speed: `steerco --help` imports the packages on the way to the CLI, and an
eager `__init__` would pull NumPy, pandas or OR-Tools with them.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(package: str, origin: Mapping[str, str]) -> Callable[[str], Any]:
    """A module `__getattr__` importing each name from `origin[name]` on first use.

    `origin[name]` is a module path (the name is the same there) or `module:attribute`
    (the public name is an alias of `attribute`).
    """

    def attribute(name: str) -> Any:
        where = origin.get(name)
        if where is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module, _, inner = where.partition(":")
        value = getattr(import_module(module), inner or name)
        setattr(sys.modules[package], name, value)
        return value

    return attribute
