"""The people of a `.gan` file: `<resources>`, `<roles>`, `<allocations>` and `<vacations>`.

A `<resource id name function contacts phone>` becomes a steerco resource (its id is
GanttProject's), `function` names its role (a role of `<roles>`, or GanttProject's default
role set: `Default:1` is "project manager", `Default:0` no role), `<rate name="standard">`
its cost per day; an `<allocation task-id resource-id load>` a demand of load / 100 units
on a task; a `<vacation start end resourceid>` (both days included) the resource's leave.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from steerco.formats.foreign.errors import content_error
from steerco.formats.foreign.gan_report import Tally, tag

__all__ = ["GanPeople", "read_people"]

_DEFAULT_ROLES = {"Default:1": "project manager"}


@dataclass
class GanPeople:
    """Resources as steerco data, and the demands on each task by task id."""

    resources: list[dict[str, Any]] = field(default_factory=list)
    demands: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    leave: dict[str, list[tuple[dt.date, dt.date]]] = field(default_factory=dict)


def _roles(root: etree._Element) -> dict[str, str]:
    """Role names by the id a resource's `function` gives."""
    names = dict(_DEFAULT_ROLES)
    for roles in root.iter("roles"):
        for role in roles.iter("role"):
            if role.get("id") is not None and role.get("name"):
                names[role.get("id") or ""] = (role.get("name") or "").strip()
    return names


def _number(element: etree._Element, name: str, file: str) -> float:
    value = element.get(name) or ""
    try:
        return float(value)
    except ValueError:
        raise content_error(
            file, f"<{tag(element)}> needs a number in {name}=, not {value!r}", element.sourceline
        ) from None


def _required(element: etree._Element, name: str, file: str) -> str:
    value = (element.get(name) or "").strip()
    if not value:
        raise content_error(file, f"<{tag(element)}> has no {name}=", element.sourceline)
    return value


def _resources(root: etree._Element, file: str, tally: Tally) -> list[dict[str, Any]]:
    roles = _roles(root)
    out: list[dict[str, Any]] = []
    unknown_roles: list[str] = []
    other_rates: list[str] = []
    custom = 0
    for element in root.iterfind("resources/resource"):
        rid = _required(element, "id", file)
        resource: dict[str, Any] = {"id": rid, "name": (element.get("name") or "").strip()}
        function = element.get("function") or ""
        if function in roles:
            resource["role"] = roles[function]
        elif function not in ("", "Default:0"):
            unknown_roles.append(f"{rid}: {function}")
        contact = [
            f"{label} {value.strip()}"
            for label, name in (("e-mail", "contacts"), ("phone", "phone"))
            if (value := element.get(name) or "").strip()
        ]
        if contact:
            resource["description"] = "; ".join(contact)
        for rate in element.iter("rate"):
            if rate.get("name", "standard") == "standard":
                resource["rate"] = _number(rate, "value", file)
            else:
                other_rates.append(f"{rid}: {rate.get('name')}")
        custom += len(element.findall("custom-property"))
        out.append(resource)
    tally.add("resources", "carried", len(out), examples=(r["id"] for r in out))
    tally.add(
        "resource roles",
        "carried",
        sum(1 for r in out if "role" in r),
        "a resource's function names its role",
    )
    tally.add(
        "resource rates",
        "carried",
        sum(1 for r in out if "rate" in r),
        "GanttProject's standard rate is a cost per day",
    )
    tally.add(
        "contacts and phones",
        "carried",
        sum(1 for r in out if "description" in r),
        "kept in the resource's description",
    )
    tally.add(
        "unknown roles", "dropped", len(unknown_roles), "no <role> has that id", unknown_roles
    )
    tally.add(
        "other rates",
        "dropped",
        len(other_rates),
        "steerco keeps one rate per resource",
        other_rates,
    )
    definitions = len(root.findall("resources/custom-property-definition"))
    tally.add(
        "resource custom properties",
        "dropped",
        custom + definitions,
        "steerco has no custom resource fields",
    )
    return out


def _allocations(
    root: etree._Element, file: str, tally: Tally, kinds: dict[str, str], resources: set[str]
) -> dict[str, list[dict[str, Any]]]:
    demands: dict[str, list[dict[str, Any]]] = defaultdict(list)
    on_summaries: list[str] = []
    empty: list[str] = []
    responsible = 0
    for element in root.iterfind("allocations/allocation"):
        task, resource = (
            _required(element, "task-id", file),
            _required(element, "resource-id", file),
        )
        if task not in kinds:
            raise content_error(
                file,
                f"<allocation> names task {task}, which the file does not hold",
                element.sourceline,
            )
        if resource not in resources:
            raise content_error(
                file,
                f"<allocation> names resource {resource}, which the file does not hold",
                element.sourceline,
            )
        load = _number(element, "load", file) if element.get("load") else 100.0
        if load < 0:
            raise content_error(
                file, f"<allocation> has a negative load {load:g}", element.sourceline
            )
        responsible += element.get("responsible") == "true"
        if kinds[task] == "summary":
            on_summaries.append(f"{resource} on {task}")
        elif load == 0:
            empty.append(f"{resource} on {task}")
        else:
            demands[task].append({"resource": resource, "units": load / 100})
    tally.add(
        "allocations",
        "carried",
        sum(len(d) for d in demands.values()),
        "a load of L% is a demand of L/100 units",
    )
    tally.add(
        "allocations on summary tasks",
        "dropped",
        len(on_summaries),
        "steerco puts demands on tasks, not on summaries: allocate the summary's tasks",
        on_summaries,
    )
    tally.add("allocations of 0%", "dropped", len(empty), "a 0% load demands nothing", empty)
    tally.add(
        "responsible flags", "dropped", responsible, "steerco has no responsible person per task"
    )
    return dict(demands)


def _vacations(
    root: etree._Element, file: str, tally: Tally, resources: set[str], parse: Any
) -> dict[str, list[tuple[dt.date, dt.date]]]:
    leave: dict[str, list[tuple[dt.date, dt.date]]] = defaultdict(list)
    for element in root.iterfind("vacations/vacation"):
        rid = _required(element, "resourceid", file)
        if rid not in resources:
            raise content_error(
                file,
                f"<vacation> names resource {rid}, which the file does not hold",
                element.sourceline,
            )
        start, end = parse(element, "start"), parse(element, "end")
        if end < start:
            raise content_error(
                file, f"<vacation> ends ({end}) before it starts ({start})", element.sourceline
            )
        leave[rid].append((start, end))
    tally.add(
        "vacations",
        "carried",
        sum(len(v) for v in leave.values()),
        "a resource's leave, both days included",
    )
    return dict(leave)


def read_people(
    root: etree._Element, file: str, tally: Tally, kinds: dict[str, str], parse: Any
) -> GanPeople:
    """Resources, their leave and the demands on tasks (`kinds`: each task id's kind).

    `parse(element, attribute)` reads a GanttProject date attribute, located on error.
    """
    resources = _resources(root, file, tally)
    ids = {r["id"] for r in resources}
    demands = _allocations(root, file, tally, kinds, ids)
    leave = _vacations(root, file, tally, ids, parse)
    for resource in resources:
        if resource["id"] in leave:
            resource["leave"] = [
                {"start": start, "end": end} for start, end in leave[resource["id"]]
            ]
    return GanPeople(resources, demands, leave)
