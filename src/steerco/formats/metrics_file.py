"""Metric files for gates: logged metric values in CSV or JSON (or YAML), located errors.

A CSV file has a header row with `metric` and `value` and, optionally, `run`, `step` and
`timestamp` (an ISO date or date and time), then one row per logged value, oldest first.
A JSON file holds the same records as a list of objects (or `{"metrics": [...]}`), or a
mapping from metric name to a number or a list of numbers, oldest first; nested mappings
give dotted names (`{"test": {"f1": 0.9}}` is the metric `test.f1`), as DVC writes them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

from steerco.codes import Code
from steerco.errors import Diagnostic, ProjectError, Severity
from steerco.formats.history import _csv_rows, _Problems, _read, _Row, _yaml_rows
from steerco.formats.locations import LocationMap
from steerco.formats.yaml_source import load_yaml
from steerco.track.gates import Observation, Observations
from steerco.track.runs import RunFetch, RunHistory, ScalarPoint

__all__ = ["METRIC_FIELDS", "load_metrics", "parse_metrics", "read_metrics_run"]

METRIC_FIELDS = ("metric", "value", "run", "step", "timestamp")
_SUFFIXES = {".csv": "csv", ".json": "json", ".yaml": "json", ".yml": "json"}

Metrics = dict[str, list[Observation]]


def _number(value: Any) -> float:
    """A metric value: a number, or text that reads as one (`nan` and `inf` included)."""
    if isinstance(value, bool):
        raise ValueError("a metric value is a number, got a boolean")
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value).strip())
    except ValueError:
        raise ValueError(f"cannot read {value!r} as a number") from None


def _step(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError(f"a step is a whole number, got {value!r}")
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"cannot read {value!r} as a step number") from None


def _timestamp(value: Any) -> dt.datetime | dt.date:
    if isinstance(value, dt.date):  # YAML reads dates and timestamps itself
        return value
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text) if len(text) == 10 else dt.datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"cannot read {value!r} as a timestamp; write e.g. 2027-05-03 or 2027-05-03T14:30:00"
        ) from None


def _records(rows: list[_Row], problems: _Problems) -> Metrics:
    """Observations by metric name, in file order; every bad cell is a problem."""
    out: Metrics = {}
    for row in rows:
        for name in ("metric", "value"):
            if name not in row.values:
                problems.add(Code.missing_field, f"missing field {name!r}", row.where(name))
        if "metric" not in row.values or "value" not in row.values:
            continue
        parsed: dict[str, Any] = {}
        for name, parse, code in (
            ("value", _number, Code.bad_value),
            ("step", _step, Code.bad_value),
            ("timestamp", _timestamp, Code.bad_date),
        ):
            if name in row.values:
                try:
                    parsed[name] = parse(row.values[name])
                except ValueError as error:
                    problems.add(code, str(error), row.where(name))
        if "value" not in parsed:
            continue
        run = row.values.get("run")
        observation = Observation(
            parsed["value"],
            None if run is None else str(run).strip(),
            parsed.get("timestamp"),
            parsed.get("step"),
        )
        out.setdefault(str(row.values["metric"]).strip(), []).append(observation)
    return out


def _flat(
    data: dict[Any, Any],
    locations: LocationMap,
    problems: _Problems,
    prefix: tuple[Any, ...] = (),
) -> Metrics:
    """A mapping of metric name -> number or list of numbers; nested mappings join with dots."""
    out: Metrics = {}
    for key, value in data.items():
        path = (*prefix, key)
        name = ".".join(str(p) for p in path)
        if isinstance(value, dict):
            for inner, found in _flat(value, locations, problems, path).items():
                out.setdefault(inner, []).extend(found)
            continue
        items = value if isinstance(value, list) else [value]
        for i, item in enumerate(items):
            where = (*path, i) if isinstance(value, list) else path
            try:
                number = _number(item)
            except ValueError as error:
                problems.add(Code.bad_value, str(error), locations.find(where) or (None, None))
                continue
            out.setdefault(name, []).append(Observation(number))
    return out


def parse_metrics(text: str, *, kind: str, file: str | None = None) -> Metrics:
    """Read every metric's observations from CSV or JSON text; every problem raises, located."""
    problems = _Problems(file)
    what = "metrics file"
    if kind == "csv":
        header, rows = _csv_rows(text, problems, METRIC_FIELDS, what, {}, strict=True)
        for name in ("metric", "value"):
            if header and name not in header.fields:
                message = f"the header has no {name!r} column"
                problems.add(Code.missing_field, message, (header.line, 1))
        problems.raise_any()
        found = _records(rows, problems)
    else:
        data, locations = load_yaml(text, file)
        if isinstance(data, dict) and not isinstance(data.get("metrics"), list):
            found = _flat(data, locations, problems)
        else:
            rows, _ = _yaml_rows(text, problems, METRIC_FIELDS, "metrics", what, {}, strict=True)
            found = _records(rows, problems)
    problems.raise_any()
    return found


def _source_file(path: Path) -> str:
    kind = _SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise ProjectError(
            [
                Diagnostic(
                    Code.unknown_file_type,
                    f"cannot read {path.suffix or 'a file without extension'} as metrics; "
                    "expected .csv, .json, .yaml or .yml",
                    (),
                    str(path),
                )
            ]
        )
    return kind


def load_metrics(path: str | Path, metric: str, *, run: str | None = None) -> Observations:
    """The logged values of `metric` (of one `run`, if given) in a metrics file, oldest first.

    A file that does not exist yet gives no values (the gate stays unknown); a file that
    cannot be read as metrics raises a located ProjectError.
    """
    path = Path(path)
    kind = _source_file(path)
    if not path.exists():
        return Observations(missing=f"no metrics file {path} yet")
    text, _ = _read(path, None)
    found = parse_metrics(text, kind=kind, file=str(path)).get(metric, [])
    if run is not None:
        found = [o for o in found if o.run == run]
    if not found:
        of_run = f" for run {run!r}" if run is not None else ""
        return Observations(missing=f"no value of {metric!r}{of_run} in {path}")
    return Observations(tuple(found))


def _posix(when: dt.datetime | dt.date | None) -> float | None:
    """POSIX seconds of a timestamp; a date is its midnight, and UTC unless a zone is named."""
    if when is None:
        return None
    if not isinstance(when, dt.datetime):
        when = dt.datetime(when.year, when.month, when.day)
    return (when if when.tzinfo else when.replace(tzinfo=dt.UTC)).timestamp()


def read_metrics_run(path: Path, *, run: str | None = None) -> RunFetch:
    """A metrics file as a run's scalars: each metric's values (of `run`, if given) by step.

    A value's step is its `step`, else its place among the metric's values (from 0); its
    wall time is its `timestamp`. A file that does not exist yet is `missing`; one that
    does not read gives its problems as `run_log_unreadable` warnings, at their lines.
    """
    if not path.exists():
        return RunFetch(None, missing=f"no metrics file {path} yet")
    try:
        kind = _source_file(path)
        text, _ = _read(path, None)
        found = parse_metrics(text, kind=kind, file=str(path))
    except ProjectError as error:
        warnings = tuple(
            dataclasses.replace(
                d,
                code=Code.run_log_unreadable,
                message=f"{d.message} ({d.code})",
                severity=Severity.warning,
            )
            for d in error.diagnostics
        )
        return RunFetch(None, warnings, f"the metrics file {path} cannot be read")
    scalars: dict[str, tuple[ScalarPoint, ...]] = {}
    for name, observations in found.items():
        chosen = [o for o in observations if run is None or o.run == run]
        points = [
            ScalarPoint(i if o.step is None else o.step, o.value, _posix(o.when))
            for i, o in enumerate(chosen)
        ]
        if points:
            scalars[name] = tuple(sorted(points, key=lambda p: p.step))
    if not scalars:
        of_run = f" of run {run!r}" if run is not None else ""
        return RunFetch(None, missing=f"no metric value{of_run} in {path}")
    return RunFetch(RunHistory(scalars, str(path), run=run))
