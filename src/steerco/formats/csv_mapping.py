"""The column-mapping file of `steerco import csv`: which column holds which field.

```yaml
columns:              # field: the column's header (or a list of headers)
  key: ID
  title: Name
  type: Kind
  sprint: [Iteration, Iteration 2]
date_format: "%d.%m.%Y"   # optional: strptime format of every date column
dayfirst: true            # optional: numeric dates put the day first
values:                   # optional: the file's words for types and statuses
  type: {Feature: story, Defect: bug}
  status: {Open: To Do}
```
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from steerco.codes import Code
from steerco.errors import Diagnostic, ProjectError, did_you_mean
from steerco.formats.files import read_text
from steerco.formats.jira_csv import ColumnMapping
from steerco.formats.jira_headers import FIELDS, folded
from steerco.formats.yaml_source import load_located_yaml
from steerco.types import ModelPath

__all__ = ["read_mapping"]

_KEYS = ("columns", "date_format", "dayfirst", "values")
_TYPES = ("epic", "story", "bug", "spike", "task", "subtask", "test")


class _Checker:
    def __init__(self, file: str, locations: Any) -> None:
        self.file = file
        self.locations = locations
        self.found: list[Diagnostic] = []

    def add(self, code: Code, message: str, path: ModelPath) -> None:
        where = self.locations.find(path) if path else None
        line, column = where or (1, None)
        self.found.append(Diagnostic(code, message, path, self.file, line, column))

    def keys(self, data: dict[Any, Any], allowed: tuple[str, ...], path: ModelPath) -> None:
        for key in data:
            if key not in allowed:
                self.add(
                    Code.unknown_key,
                    f"unknown key {key!r}{did_you_mean(str(key), allowed)}; write one of "
                    + ", ".join(allowed),
                    (*path, key),
                )

    def headers(self, value: Any, path: ModelPath) -> tuple[str, ...]:
        names = value if isinstance(value, list) else [value]
        if not names or not all(isinstance(n, str | int) and str(n).strip() for n in names):
            self.add(Code.bad_value, "write the column's header, or a list of headers", path)
            return ()
        return tuple(str(n) for n in names)

    def words(self, value: Any, path: ModelPath) -> dict[str, str]:
        if not isinstance(value, dict):
            self.add(Code.bad_value, "write a mapping of the file's words to steerco's", path)
            return {}
        return {str(k): str(v) for k, v in value.items()}


def _values(check: _Checker, data: Any) -> dict[str, dict[str, str]]:
    if data is None:
        return {}
    if not isinstance(data, dict):
        check.add(Code.bad_value, "write `type:` and `status:` maps", ("values",))
        return {}
    check.keys(data, ("type", "status"), ("values",))
    out = {
        name: check.words(data[name], ("values", name))
        for name in ("type", "status")
        if name in data
    }
    for word, kind in out.get("type", {}).items():
        if kind not in _TYPES:
            check.add(
                Code.bad_value,
                f"{kind!r} is no item type; write one of {', '.join(_TYPES)}",
                ("values", "type", word),
            )
    return out


def _one_field_per_column(check: _Checker, columns: dict[str, tuple[str, ...]]) -> None:
    """A column mapped to a second field is an error at that field: it holds one field."""
    first: dict[str, str] = {}
    for name, headers in columns.items():
        for header in headers:
            taken = first.setdefault(folded(header), name)
            if taken != name:
                check.add(
                    Code.bad_value,
                    f"column {header!r} is mapped to both {taken} and {name}: a column holds "
                    f"one field; map {name} to another column, or leave it out",
                    ("columns", name),
                )


def read_mapping(path: Path) -> ColumnMapping:
    """The mapping in the YAML file at `path`; its problems located in it."""
    file = str(path)
    data, locations = load_located_yaml(read_text(path), file)
    check = _Checker(file, locations)
    if not isinstance(data, dict) or not isinstance(data.get("columns"), dict):
        check.add(
            Code.missing_field,
            "a mapping file needs `columns:`, each field with its column's header, "
            "e.g. `columns: {key: ID, title: Name}`",
            (),
        )
        raise ProjectError(check.found)
    check.keys(data, _KEYS, ())
    check.keys(data["columns"], FIELDS, ("columns",))
    columns = {
        str(name): check.headers(value, ("columns", name))
        for name, value in data["columns"].items()
        if name in FIELDS
    }
    if "key" not in columns:
        check.add(Code.missing_field, "map `key` to the column of the items' ids", ("columns",))
    _one_field_per_column(check, columns)
    date_format = data.get("date_format")
    if date_format is not None and not isinstance(date_format, str):
        check.add(Code.bad_value, "write a strptime format, e.g. '%d.%m.%Y'", ("date_format",))
        date_format = None
    dayfirst = data.get("dayfirst")
    if dayfirst is not None and not isinstance(dayfirst, bool):
        check.add(Code.bad_value, "write true or false", ("dayfirst",))
        dayfirst = None
    values = _values(check, data.get("values"))
    if check.found:
        raise ProjectError(check.found)
    return ColumnMapping(columns, date_format, dayfirst, values)
