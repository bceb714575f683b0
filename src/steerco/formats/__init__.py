"""File formats: each format's reader and writer (project YAML, PSPLIB, history, sidecars).

The names below are imported on first use (steerco._lazy).
"""

from typing import TYPE_CHECKING

from steerco._lazy import lazy_exports

if TYPE_CHECKING:
    from steerco.formats.loader import load_network, load_project

__all__ = ["load_network", "load_project"]

if not TYPE_CHECKING:
    __getattr__ = lazy_exports(
        __name__,
        {"load_network": "steerco.formats.loader", "load_project": "steerco.formats.loader"},
    )
