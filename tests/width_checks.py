"""Helpers of the width tests: a command's table at a terminal width, its JSON, the fit."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cli_runner import steerco

LEFT_OUT = "Columns left out at this width"
"""The start of the footer that names the columns a narrow table leaves out."""


def table_at(*args: str | Path, width: int = 80) -> str:
    """The standard output of `steerco ARGS` on a terminal `width` columns wide (exit 0)."""
    result = steerco(*args, env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.output
    return result.stdout


def json_of(*args: str | Path) -> Any:
    """The JSON object `steerco ARGS --format json` prints (exit 0)."""
    result = steerco(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def assert_fits(text: str, width: int) -> None:
    """No line of `text` is longer than `width`."""
    too_long = [line for line in text.splitlines() if len(line) > width]
    assert too_long == [], too_long
