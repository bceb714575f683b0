"""The exception hierarchy of steerco.

::

    SteercoError                  anything steerco raises on purpose
    └── ProjectError              invalid input; carries one or more located diagnostics
        └── CycleError            a dependency cycle; carries the cycle's task ids in order

Only invalid input raises. Outcomes of the algorithms (an infeasible deadline, a time-out)
are data in their result objects.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum

from steerco.codes import Code
from steerco.types import ModelPath

__all__ = [
    "CLOSE_MATCH_CUTOFF",
    "CycleError",
    "Diagnostic",
    "ProjectError",
    "Severity",
    "SteercoError",
    "closest",
    "did_you_mean",
    "warning",
]

CLOSE_MATCH_CUTOFF = 0.6
"""How alike (difflib's ratio, 0 to 1) a word and a choice must be for a did-you-mean."""

Path = ModelPath


class Severity(StrEnum):
    """How bad a diagnostic is: an error makes the input invalid; a warning does not."""

    error = "error"
    warning = "warning"


@dataclass(frozen=True)
class Diagnostic:
    """One user-facing problem: a stable code, a message, where it is and how bad it is."""

    code: Code
    message: str
    path: Path = ()
    file: str | None = None
    line: int | None = None
    column: int | None = None
    severity: Severity = Severity.error

    def located(self, file: str | None, line: int | None, column: int | None) -> Diagnostic:
        """Return a copy with a source location."""
        return replace(self, file=file, line=line, column=column)

    def format(self) -> str:
        """Render as `FILE:LINE:COL: CODE: message`, a warning as `...: warning: CODE: message`.

        Parts of the location that are unknown are left out.
        """
        where = [str(p) for p in (self.file, self.line, self.column) if p is not None]
        parts = [":".join(where)] if where else []
        if self.severity is Severity.warning:
            parts.append("warning")
        return ": ".join([*parts, str(self.code), self.message])


def warning(code: Code, message: str, path: Path = ()) -> Diagnostic:
    """An unlocated diagnostic of severity warning (the input stays valid)."""
    return Diagnostic(code, message, path, severity=Severity.warning)


class SteercoError(Exception):
    """Base class of every error steerco raises on purpose."""


@dataclass
class ProjectError(SteercoError):
    """Invalid input: one or more diagnostics, each with a code and, where known, a location."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(self.__str__())

    def __str__(self) -> str:
        return "\n".join(d.format() for d in self.diagnostics)

    @property
    def code(self) -> str:
        """The code of the first diagnostic."""
        return self.diagnostics[0].code if self.diagnostics else "invalid_project"

    @property
    def path(self) -> Path:
        """The model path of the first diagnostic."""
        return self.diagnostics[0].path if self.diagnostics else ()

    @property
    def line(self) -> int | None:
        """The line of the first diagnostic, if known."""
        return self.diagnostics[0].line if self.diagnostics else None

    @property
    def column(self) -> int | None:
        """The column of the first diagnostic, if known."""
        return self.diagnostics[0].column if self.diagnostics else None

    @classmethod
    def single(cls, code: Code, message: str, path: Path = ()) -> ProjectError:
        """Build an error holding one diagnostic."""
        return cls([Diagnostic(code, message, path)])


@dataclass
class CycleError(ProjectError):
    """A dependency cycle; `cycle` lists the task ids in order, the first repeated at the end."""

    cycle: tuple[str, ...] = ()


def closest(word: str, choices: Iterable[str] | Mapping[str, str]) -> str | None:
    """The choice most like `word` (ratio at least `CLOSE_MATCH_CUTOFF`), else None.

    For a mapping, its keys are compared with `word` and the closest key's value returned
    (an index of normalised names to ids).
    """
    keys = list(choices)
    close = difflib.get_close_matches(word, keys, n=1, cutoff=CLOSE_MATCH_CUTOFF)
    if not close:
        return None
    return choices[close[0]] if isinstance(choices, Mapping) else close[0]


def did_you_mean(word: str, choices: Iterable[str] | Mapping[str, str]) -> str:
    """A hint naming the closest of `choices` to `word` ("; did you mean 'x'?"), else ""."""
    close = closest(word, choices)
    return f"; did you mean {close!r}?" if close is not None else ""
