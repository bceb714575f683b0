"""What each kind of job runs: the CLI's own use case on a revision written to a scratch folder.

A job's parameters are the CLI options of its command (`steerco schedule`, `forecast`,
`evm`, `report`; `status` is the team report's summary the portfolio dashboard shows,
with the report's options but its audience), checked and completed with the CLI's
defaults here, so that equal requests have equal canonical parameters (and hit the same
cache). `run_kind` writes the revision (project file and sidecars) to a private temporary
directory, runs the use case there and renders its result as the CLI's `--format json`
does (a report: HTML or Markdown; a status: `portfolio_summary.summary_json`).
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from steerco.app.workspace.errors import InvalidRequestError
from steerco.codes import Code
from steerco.errors import Diagnostic, ProjectError
from steerco.forecast.engine import simulate
from steerco.forecast.run import Simulator
from steerco.forecast.throughput import check_run
from steerco.schedule.options import check_limits

__all__ = [
    "KINDS",
    "RevisionFiles",
    "canonical_params",
    "client_may_run",
    "revision_folder",
    "run_kind",
]

KINDS = ("schedule", "forecast", "evm", "report", "status")
"""The kinds of job, each named after the CLI command whose result it gives (`status`: the
team status report summarised, `app.workspace.portfolio_summary`)."""

_Spec = dict[str, tuple[type, Any, tuple[Any, ...] | None]]
"""Parameter name -> (type, default, allowed values or None)."""

_SPECS: dict[str, _Spec] = {
    "schedule": {
        "method": (str, "auto", ("auto", "cp-sat", "heuristic", "cpm")),
        "time_limit": (float, 10.0, None),
        "workers": (int, 2, None),
        "seed": (int, 0, None),
        "schedules": (int, 5000, None),
        "objective": (str, "makespan", ("makespan", "lateness", "cost")),
        "hard_deadlines": (bool, False, None),
    },
    "forecast": {
        "iterations": (int, 10_000, None),
        "seed": (int, 0, None),
        "lhs": (bool, False, None),
        "residual": (bool, False, None),
        "resources": (bool, True, None),
        "precision": (float, None, None),
    },
    "evm": {
        "status_date": (str, None, None),
        "baseline": (str, None, None),
        "trend": (bool, False, None),
    },
    "report": {
        "audience": (str, "team", ("client", "sponsor", "team")),
        "format": (str, "html", ("html", "md")),
        "status_date": (str, None, None),
        "iterations": (int, 1000, None),
        "seed": (int, None, None),
        "time_limit": (float, 10.0, None),
    },
    "status": {
        "status_date": (str, None, None),
        "iterations": (int, 1000, None),
        "seed": (int, None, None),
        "time_limit": (float, 10.0, None),
    },
}


def _bad(name: str, message: str) -> InvalidRequestError:
    """A refused parameter, located at params.NAME."""
    return InvalidRequestError(
        f"params.{name}: {message}",
        diagnostics=(Diagnostic(Code.bad_value, message, ("params", name)),),
    )


def _value(name: str, kind: type, value: Any) -> Any:
    """`value` as `kind` (an int is a float too; a bool is no number), else refused."""
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        try:
            value = float(value)
        except OverflowError:
            raise _bad(name, f"{name} is a finite number, got one past a float's range") from None
    if kind in (int, float) and isinstance(value, bool):
        raise _bad(name, f"{name} is a number, got {json.dumps(value)}")
    if not isinstance(value, kind):
        raise _bad(name, f"{name} is a {kind.__name__}, got {json.dumps(value)}")
    if name == "status_date":
        try:
            dt.date.fromisoformat(str(value))
        except ValueError:
            raise _bad(name, f"status_date is a date such as 2027-03-01, got {value!r}") from None
    if isinstance(value, float) and not math.isfinite(value):
        raise _bad(name, f"{name} is a finite number, got {value}")
    if isinstance(value, int | float) and value < 0:
        raise _bad(name, f"{name} is a number from 0 up, got {value}")
    return value


def canonical_params(kind: str, params: dict[str, Any]) -> dict[str, Any]:
    """`params` checked against `kind`'s options and completed with the CLI's defaults.

    Unknown kinds, unknown names, values of the wrong type and values outside their choices
    or ranges raise InvalidRequestError (located at params.NAME); `null` is the default.
    """
    if kind not in _SPECS:
        raise InvalidRequestError(
            f"kind is one of {', '.join(KINDS)}, got {kind!r}",
            diagnostics=(Diagnostic(Code.bad_value, f"no job kind {kind!r}", ("kind",)),),
        )
    spec = _SPECS[kind]
    unknown = sorted(set(params) - set(spec))
    if unknown:
        raise _bad(unknown[0], f"{kind} takes {', '.join(spec)}; remove {unknown[0]}")
    result: dict[str, Any] = {}
    for name, (typ, default, allowed) in spec.items():
        value = params.get(name)
        value = default if value is None else value
        if value is not None:
            value = _value(name, typ, value)
            if allowed is not None and value not in allowed:
                raise _bad(name, f"{name} is one of {', '.join(allowed)}, got {value!r}")
        result[name] = value
    if "time_limit" in result:
        _check_limits(result)
    if "iterations" in result:
        try:
            check_run(result["iterations"], result["seed"] or 0)
        except ProjectError as error:
            raise _bad("iterations", error.diagnostics[0].message) from None
    if kind == "forecast":
        from steerco.app.forecast import ForecastOptions

        try:
            ForecastOptions(**result)
        except ProjectError as error:
            raise InvalidRequestError(
                error.diagnostics[0].message, diagnostics=tuple(error.diagnostics)
            ) from None
    return result


def _check_limits(params: dict[str, Any]) -> None:
    """Refuse a levelling run's time limit, workers or budget as the CLI would (`check_limits`)."""
    names = ("time_limit", "workers", "schedules")
    asked = {key: params[key] for key in names if params.get(key) is not None}
    try:
        check_limits(**asked)
    except ProjectError as error:
        found = error.diagnostics[0]
        raise _bad(str(found.path[0]), found.message) from None


def client_may_run(kind: str, params: dict[str, Any]) -> bool:
    """Whether a client may submit and read this job: the client-audience report only."""
    return kind == "report" and params.get("audience") == "client"


@dataclass(frozen=True)
class RevisionFiles:
    """A revision's texts: the project file, and its baselines and snapshots sidecars."""

    file_name: str
    text: str
    baselines: str | None = None
    snapshots: str | None = None


@contextmanager
def revision_folder(files: RevisionFiles) -> Iterator[Path]:
    """The project file of `files` written with its sidecars to a private temporary folder."""
    from steerco.app.workspace import revision_files

    texts = revision_files.RevisionFiles(files.text, files.baselines, files.snapshots)
    with revision_files.written_revision(texts, files.file_name) as path:
        yield path


def _date(text: str | None) -> dt.date | None:
    return None if text is None else dt.date.fromisoformat(text)


def run_kind(
    kind: str,
    params: dict[str, Any],
    path: Path,
    *,
    on_block: Callable[[int, int], None] | None = None,
    simulator: Simulator = simulate,
) -> str:
    """Run `kind`'s use case on the project file `path` and render what the CLI prints.

    `params` are canonical (`canonical_params`). A forecast calls `on_block` after each
    block of iterations and runs them with `simulator`. ProjectError propagates.
    """
    if kind == "schedule":
        from steerco.app.project import load_project_file
        from steerco.app.schedule import schedule_project
        from steerco.render.schedule import unscheduled_json, write_schedule_json
        from steerco.schedule.options import SolveOptions
        from steerco.schedule.plan import Schedule

        result = schedule_project(
            source=load_project_file(path=path), options=SolveOptions(**params)
        )
        if not isinstance(result, Schedule):
            return unscheduled_json(result)
        import io

        buffer = io.StringIO()
        write_schedule_json(result, buffer)
        return buffer.getvalue()
    if kind == "forecast":
        from steerco.app.forecast import ForecastOptions, forecast_project
        from steerco.render.forecast import forecast_json

        run = forecast_project(
            path=path, options=ForecastOptions(**params), on_block=on_block, simulator=simulator
        )
        return forecast_json(run.forecast)
    if kind == "evm":
        from steerco.app.earned_value import earned_value_at, earned_value_trend
        from steerco.render.evm import evm_json, evm_trend_json

        if params["trend"]:
            return evm_trend_json(earned_value_trend(path=path, baseline=params["baseline"]))
        measured = earned_value_at(
            path=path, status_date=_date(params["status_date"]), baseline=params["baseline"]
        )
        return evm_json(measured)
    if kind == "status":
        from steerco.app.workspace.portfolio_summary import summary_json, summary_of_file

        summary = summary_of_file(
            path=path,
            status_date=_date(params["status_date"]),
            iterations=params["iterations"],
            seed=params["seed"],
            time_limit=params["time_limit"],
        )
        return summary_json(summary)
    from steerco.app.report_output import render_report

    rendered = render_report(
        path=path,
        status_date=_date(params["status_date"]),
        audience=params["audience"],
        fmt=params["format"],
        iterations=params["iterations"],
        seed=params["seed"],
        time_limit=params["time_limit"],
        with_charts=params["format"] == "html",
    )
    return rendered.body.decode("utf-8")
