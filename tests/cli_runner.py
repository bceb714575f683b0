"""The one way tests run `steerco` in process: `steerco("schedule", path, "-f", "json")`."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

from typer.testing import CliRunner

from steerco.cli.main import app

_RUNNER = CliRunner()


class CliResult(NamedTuple):
    """One run of the command: its exit code and what it wrote to stdout and to stderr."""

    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        """Both streams, stdout first: for assertion messages and "said anywhere" checks."""
        return self.stdout + self.stderr


def steerco(
    *args: str | Path, input: str | None = None, env: Mapping[str, str] | None = None
) -> CliResult:
    """Run the Typer app with these arguments; an exception other than an exit propagates."""
    result = _RUNNER.invoke(
        app, [str(arg) for arg in args], input=input, env=env, catch_exceptions=False
    )
    return CliResult(result.exit_code, result.stdout, result.stderr)
