"""Locate diagnostics found on a valid project (model paths only) in its YAML file."""

from __future__ import annotations

from pathlib import Path

from steerco.errors import Diagnostic
from steerco.formats.files import read_text
from steerco.formats.foreign.plan import FOREIGN_SUFFIXES
from steerco.formats.yaml_source import load_yaml
from steerco.library.people import locate

__all__ = ["locate_in_file"]


def locate_in_file(path: Path, found: list[Diagnostic]) -> list[Diagnostic]:
    """`found` with the file, line and column of each path in the YAML file at `path`.

    A file that is not YAML (a PSPLIB `.sm` file) has no paths to locate: `found` as given;
    another tool's plan (`.xml`, `.xer`...) gives them its file.
    """
    if not found or path.suffix.lower() not in {".yaml", ".yml"}:
        if path.suffix.lower() in FOREIGN_SUFFIXES:
            return [d if d.file else d.located(str(path), None, None) for d in found]
        return found
    _, locations = load_yaml(read_text(path), str(path))
    return locate(found, locations, str(path))
