"""Where each collection's entities live in a project file, and how an edit changes them.

Tasks sit in `tasks` and, nested, in their parents' `children`; a dependency is an entry
of its successor's `after` (`"pred"`, `"pred SS+2d"` or a mapping), keyed
`SUCCESSOR:PREDECESSOR`; a gate is a milestone's `gate`; resources, risks, stakeholders,
backlog items and sprints are items of the top-level lists of those names. The functions
work on plain data and on ruamel's round-trip document alike (both are dicts and lists).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from typing import Any

from steerco.app.workspace.errors import InvalidRequestError, NotFoundError

__all__ = [
    "EDITABLE",
    "MISSING",
    "add_entity",
    "change_entity",
    "created_key",
    "dependency_key",
    "entity_fields",
    "remove_entity",
    "whole_entity",
]

EDITABLE = (
    "tasks",
    "dependencies",
    "resources",
    "risks",
    "gates",
    "backlog",
    "sprints",
    "stakeholders",
)
"""The collections an edit may change (milestones are tasks: edit them under `tasks`)."""
_LISTS = {"resources", "risks", "backlog", "sprints", "stakeholders"}
_FIXED = {"tasks": {"id", "children"}, "dependencies": {"task", "successor", "predecessor"}}
_LINK = re.compile(r"^\s*(?P<task>\S+)(?:\s+(?P<type>FS|SS|FF|SF)\s*(?P<lag>[+-].*)?)?\s*$", re.I)
_DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")

MISSING: dict[str, Any] = {"missing": True}
"""What `entity_fields` gives for an entity the document does not hold."""


def dependency_key(successor: str, predecessor: str) -> str:
    """The key of a link in the `dependencies` collection."""
    return f"{successor}:{predecessor}"


def _walk(tasks: Any) -> Iterator[tuple[Any, int, Any]]:
    """Every task mapping of the WBS with the list that holds it and its index there."""
    if not isinstance(tasks, list):
        return
    for index, task in enumerate(tasks):
        if isinstance(task, dict):
            yield tasks, index, task
            yield from _walk(task.get("children"))


def _task(document: Any, key: str) -> tuple[Any, int, Any] | None:
    return next((found for found in _walk(document.get("tasks")) if _id(found[2]) == key), None)


def _id(entity: Any) -> str | None:
    value = entity.get("id") if isinstance(entity, dict) else None
    return str(value) if value is not None else None


def _predecessor(entry: Any) -> str | None:
    """The predecessor's id a link entry names, in any of its forms."""
    if isinstance(entry, dict):
        return str(entry["task"]) if entry.get("task") is not None else None
    if isinstance(entry, bool):
        return None
    if isinstance(entry, int | float):
        return str(entry)
    match = _LINK.match(entry) if isinstance(entry, str) else None
    return match.group("task") if match else None


def _split_key(key: str) -> tuple[str, str]:
    successor, _, predecessor = key.partition(":")
    if not successor or not predecessor:
        raise NotFoundError(f"a dependency's key is SUCCESSOR:PREDECESSOR, not {key!r}")
    return successor, predecessor


def _link(document: Any, key: str) -> tuple[Any, int, Any] | None:
    """The successor's `after` list, the link's index in it, and the successor's mapping."""
    successor, predecessor = _split_key(key)
    found = _task(document, successor)
    if found is None:
        return None
    after = found[2].get("after")
    if not isinstance(after, list):
        return None
    for index, entry in enumerate(after):
        if _predecessor(entry) == predecessor:
            return after, index, found[2]
    return None


def _listed(document: Any, collection: str, key: str) -> tuple[Any, int, Any] | None:
    items = document.get(collection)
    if not isinstance(items, list):
        return None
    for index, item in enumerate(items):
        if _id(item) == key:
            return items, index, item
    return None


def _locate(document: Any, collection: str, key: str) -> tuple[Any, int, Any] | None:
    """The list holding the entity, its index and the entity (gates: the milestone's)."""
    if collection == "tasks":
        return _task(document, key)
    if collection == "dependencies":
        return _link(document, key)
    if collection == "gates":
        found = _task(document, key)
        return found if found is not None and isinstance(found[2].get("gate"), dict) else None
    return _listed(document, collection, key)


def _link_fields(entry: Any) -> dict[str, Any]:
    """A link entry as a mapping of what it writes (`task`, `type`, `lag`, `lag_percent`)."""
    if isinstance(entry, dict):
        return dict(entry)
    match = _LINK.match(str(entry))
    if match is None:
        return {"task": str(entry)}
    fields: dict[str, Any] = {"task": match.group("task")}
    if match.group("type"):
        fields["type"] = match.group("type").upper()
    lag = (match.group("lag") or "").replace(" ", "")
    if lag.endswith("%"):
        fields["lag_percent"] = _number(float(lag.rstrip("%")))
    elif lag:
        fields["lag"] = lag.removeprefix("+")
    return fields


def entity_fields(document: Any, collection: str, key: str, fields: set[str]) -> dict[str, Any]:
    """The values `fields` have in the entity as written in `document` (MISSING: no entity)."""
    found = _locate(document, collection, key)
    if found is None:
        return MISSING
    items, index, entity = found
    if collection == "dependencies":
        entity = _link_fields(items[index])
    elif collection == "gates":
        entity = entity["gate"]
    return {field: entity.get(field) for field in sorted(fields)}


def whole_entity(document: Any, collection: str, key: str) -> Any:
    """The entity as written in `document` (a link as its mapping), or MISSING."""
    found = _locate(document, collection, key)
    if found is None:
        return MISSING
    items, index, entity = found
    if collection == "dependencies":
        return _link_fields(items[index])
    return entity["gate"] if collection == "gates" else entity


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _yaml_value(value: Any) -> Any:
    """A JSON value as the file writes it: an ISO day as a date, containers recursively."""
    if isinstance(value, str) and _DAY.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, dict):
        return {str(k): _yaml_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_yaml_value(v) for v in value]
    return value


def _shorthand(fields: dict[str, Any]) -> str | None:
    """`pred`, `pred SS` or `pred FS+2d`: the link as the string shorthand, if it has one."""
    if set(fields) - {"task", "type", "lag", "lag_percent"}:
        return None
    text = str(fields["task"])
    kind, lag, percent = fields.get("type"), fields.get("lag"), fields.get("lag_percent")
    if kind is None and lag is None and percent is None:
        return text
    text += f" {str(kind or 'FS').upper()}"
    if percent is not None:
        return text + f"{'-' if percent < 0 else '+'}{_number(abs(float(percent)))}%"
    if lag is None:
        return text
    if isinstance(lag, int | float):
        return text + f"{'-' if lag < 0 else '+'}{_number(abs(float(lag)))}"
    lag = str(lag).replace(" ", "")
    return text + (lag if lag[:1] in "+-" else f"+{lag}")


def _set(entity: Any, changes: dict[str, Any]) -> None:
    """Write each change into the mapping; None removes the key (the default applies)."""
    for field, value in changes.items():
        if value is None:
            entity.pop(field, None)
        else:
            entity[field] = _yaml_value(value)


def _refuse_fixed(collection: str, fields: set[str]) -> None:
    fixed = sorted(fields & (_FIXED.get(collection, set()) | {"id"}))
    if fixed:
        how = "create a new entry and delete this one"
        if collection == "tasks" and "children" in fixed:
            how = "create or delete the child tasks (parent: the summary's id)"
        raise InvalidRequestError(f"{', '.join(fixed)} cannot be changed by an edit: {how}")


def _check(collection: str) -> None:
    if collection not in EDITABLE:
        raise NotFoundError(
            f"{collection!r} cannot be edited; the editable collections are {', '.join(EDITABLE)}"
        )


def change_entity(collection: str, key: str, changes: dict[str, Any]) -> Callable[[Any], None]:
    """A mutation of the round-trip document: set `changes` on the entity `key`."""
    _check(collection)
    _refuse_fixed(collection, set(changes))

    def mutate(document: Any) -> None:
        found = _locate(document, collection, key)
        if found is None:
            raise NotFoundError(f"no {collection} entry {key!r}")
        items, index, entity = found
        if collection == "gates":
            _set(entity["gate"], changes)
        elif collection == "dependencies":
            entry = items[index]
            fields = _link_fields(entry)
            _set(fields, changes)
            short = _shorthand(fields) if not isinstance(entry, dict) else None
            if short is not None:
                items[index] = short
            elif isinstance(entry, dict):
                _set(entry, changes)
            else:
                items[index] = {k: _yaml_value(v) for k, v in fields.items()}
        else:
            _set(entity, changes)

    return mutate


def _new_link(data: dict[str, Any]) -> tuple[str, Any]:
    """The successor's id and the `after` entry a created dependency writes."""
    successor = data.get("successor")
    predecessor = data.get("predecessor", data.get("task"))
    if not successor or not predecessor:
        raise InvalidRequestError("a dependency needs `successor` and `predecessor` (task ids)")
    fields = {"task": str(predecessor)}
    fields.update({k: v for k, v in data.items() if k in ("type", "lag", "lag_percent")})
    extra = sorted(set(data) - {"successor", "predecessor", "task", "type", "lag", "lag_percent"})
    if extra:
        raise InvalidRequestError(f"a dependency has no {', '.join(extra)}")
    entry = _shorthand({k: v for k, v in fields.items() if v is not None})
    return str(successor), entry if entry is not None else _yaml_value(fields)


def created_key(collection: str, data: dict[str, Any], parent: str | None) -> str:
    """The key the entity `data` will have once created."""
    _check(collection)
    if collection == "dependencies":
        successor, entry = _new_link(data)
        return dependency_key(successor, str(_predecessor(entry)))
    if collection == "gates":
        task = parent or data.get("task")
        if not task:
            raise InvalidRequestError("a gate belongs to a milestone: give `task` (its id)")
        return str(task)
    if not data.get("id"):
        raise InvalidRequestError(f"a new {collection} entry needs an `id`")
    return str(data["id"])


def add_entity(collection: str, data: dict[str, Any], parent: str | None) -> Callable[[Any], None]:
    """A mutation of the round-trip document: add the entity (a task under `parent`)."""
    key = created_key(collection, data, parent)

    def mutate(document: Any) -> None:
        from steerco.formats.yaml_edit import ensure_map, ensure_seq

        if _locate(document, collection, key) is not None:
            raise InvalidRequestError(f"{collection} already has {key!r}: edit it instead")
        if collection == "tasks":
            holder = document
            if parent is not None:
                found = _task(document, parent)
                if found is None:
                    raise NotFoundError(f"no task {parent!r} to add {key!r} under")
                holder = found[2]
            ensure_seq(holder, "children" if parent is not None else "tasks").append(
                _yaml_value(data)
            )
        elif collection == "dependencies":
            successor, entry = _new_link(data)
            found = _task(document, successor)
            if found is None:
                raise NotFoundError(f"no task {successor!r} to link")
            ensure_seq(found[2], "after").append(entry)
        elif collection == "gates":
            found = _task(document, key)
            if found is None:
                raise NotFoundError(f"no milestone {key!r} to gate")
            gate = ensure_map(found[2], "gate")
            _set(gate, {k: v for k, v in data.items() if k != "task"})
        else:
            ensure_seq(document, collection).append(_yaml_value(data))

    return mutate


def remove_entity(collection: str, key: str) -> Callable[[Any], None]:
    """A mutation of the round-trip document: remove the entity `key` (empty lists too)."""
    _check(collection)

    def mutate(document: Any) -> None:
        found = _locate(document, collection, key)
        if found is None:
            raise NotFoundError(f"no {collection} entry {key!r}")
        items, index, entity = found
        if collection == "gates":
            entity.pop("gate")
            return
        del items[index]
        if collection == "dependencies" and not items:
            entity.pop("after")
        elif collection in _LISTS and not items:
            document.pop(collection)

    return mutate
