"""Import work items from a Jira CSV export (or any CSV with a mapping) into a project file.

The export is read whole first (`formats.jira_csv`): one broken row and nothing is
imported. Its items are then merged into the file's `backlog:` by id (new ones appended
in the export's order, existing ones updated field by field, what the export does not say
kept), its sprints into `sprints:` by name, its unknown statuses into `workflow:`. The
file is edited in place (comments and order kept, `formats.yaml_edit`), validated as a
whole and written atomically; `dry_run` computes the same change and writes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from ruamel.yaml.comments import CommentedMap

    from steerco.formats.jira_csv import Export, ExportedItem
    from steerco.model import Project
    from steerco.model.agile import Workflow, WorkflowStatus

from steerco.formats.import_result import ImportChange, ImportResult

__all__ = ["ImportChange", "ImportResult", "import_csv", "import_jira"]

SPRINT_DAYS = 14
"""Calendar days given to an imported sprint whose items say nothing about its end."""

_ORDER = {"todo": 0, "in_progress": 1, "done": 2}


@dataclass
class _Plan:
    """The entries to write: items and sprints by id (new or changed fields), new statuses."""

    items: dict[str, dict[str, Any]] = field(default_factory=dict)
    new_items: list[str] = field(default_factory=list)
    sprints: list[dict[str, Any]] = field(default_factory=list)
    statuses: list[tuple[int, WorkflowStatus]] = field(default_factory=list)
    changes: list[ImportChange] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _slug(name: str) -> str:
    return re.sub(r"[^0-9a-z]+", "-", name.casefold()).strip("-") or "sprint"


def _insert_at(statuses: list[WorkflowStatus], category: str) -> int:
    """Where a new status of `category` goes: after its category's last, else before later ones."""
    same = [i for i, s in enumerate(statuses) if s.category == category]
    if same:
        return same[-1] + 1
    later = [i for i, s in enumerate(statuses) if _ORDER[s.category] > _ORDER[category]]
    return later[0] if later else len(statuses)


def _workflow(export: Export, workflow: Workflow, plan: _Plan) -> dict[str, tuple[str, str]]:
    """Each status (folded) of the workflow and the export: its spelling and its category."""
    from steerco.formats.jira_headers import guess_category
    from steerco.model.agile import WorkflowStatus

    statuses = list(workflow.statuses)
    spelled: dict[str, tuple[str, str]] = {
        s.name.casefold(): (s.name, s.category) for s in statuses
    }
    for item in export.items:
        if item.status is None or item.status.casefold() in spelled:
            continue
        category = item.status_category or guess_category(item.status)
        status = WorkflowStatus.model_validate({"name": item.status, "category": category})
        at = _insert_at(statuses, category)
        statuses.insert(at, status)
        plan.statuses.append((at, status))
        spelled[item.status.casefold()] = (item.status, category)
        how = "its Status Category column" if item.status_category else "its name"
        plan.notes.append(
            f"status {item.status!r} is not in the workflow: added as {category} (from {how}); "
            "check its category under `workflow:`"
        )
        plan.changes.append(ImportChange("status", item.status, "added"))
    return spelled


def _days(item: ExportedItem, category: str | None, late: list[str]) -> dict[str, dt.date]:
    """created, started and done as the model reads them; a date out of order is left out."""
    started = item.started if category in (None, "in_progress", "done") else None
    done = None
    if category is None:
        done = item.done
    elif category == "done":
        done = item.done or item.due or item.updated
    out = {"created": item.created, "started": started, "done": done}
    floor = item.created
    for name in ("started", "done"):
        day = out[name]
        if day is not None and floor is not None and day < floor:
            late.append(f"{item.key} {name} {day}")
            out[name] = None
        elif day is not None:
            floor = day
    return {k: v for k, v in out.items() if v is not None}


def _resources(project: Project) -> dict[str, str]:
    found = {r.name.casefold(): r.id for r in project.resources if r.name}
    found.update({r.id.casefold(): r.id for r in project.resources})
    return found


def _values(
    item: ExportedItem,
    *,
    project: Project,
    export: Export,
    workflow: dict[str, tuple[str, str]],
    sprint_ids: dict[str, str],
    people: dict[str, str],
    lost: dict[str, list[str]],
) -> dict[str, Any]:
    """The fields the export gives item `item`, as the project file writes them."""
    values: dict[str, Any] = {"title": " ".join(item.title.split()), "type": item.type}
    status, category = None, item.status_category
    if item.status is not None:
        status, category = workflow[item.status.casefold()]
    if item.points is not None:
        values["points"] = int(item.points) if item.points.is_integer() else item.points
    if status is not None:
        values["status"] = status
    if item.assignee is not None:
        person = people.get(item.assignee.casefold())
        if person is None:
            lost["assignee"].append(item.assignee)
        else:
            values["assignee"] = person
    if item.parent is not None:
        known = {i.key for i in export.items} | {i.id for i in project.backlog}
        if item.parent == item.key:
            lost["own"].append(item.key)
        elif item.parent in known:
            values["parent"] = item.parent
        else:
            lost["parent"].append(f"{item.key} ({item.parent})")
    if item.sprints:
        values["sprints"] = [sprint_ids[name] for name in item.sprints]
    if item.labels:
        values["labels"] = list(item.labels)
    values.update(_days(item, category, lost["dates"]))
    return values


def _sprints(export: Export, project: Project, today: dt.date, plan: _Plan) -> dict[str, str]:
    """The sprint id of each sprint name of the export; new sprints planned, dates inferred."""
    ids: dict[str, str] = {}
    taken = {s.id for s in project.sprints}
    for sprint in project.sprints:
        ids.setdefault(sprint.name.casefold(), sprint.id)
        ids.setdefault(sprint.id.casefold(), sprint.id)
    names = list(dict.fromkeys(name for item in export.items for name in item.sprints))
    out: dict[str, str] = {}
    inferred = []
    for name in names:
        known = ids.get(name.casefold()) or ids.get(_slug(name))
        if known is not None:
            out[name] = known
            plan.changes.append(ImportChange("sprint", known, "unchanged"))
            continue
        new_id, n = _slug(name), 2
        while new_id in taken:
            new_id, n = f"{_slug(name)}-{n}", n + 1
        taken.add(new_id)
        out[name] = new_id
        start, end, how = _sprint_days(export, name, today)
        plan.sprints.append({"id": new_id, "name": name, "start": start, "end": end})
        plan.changes.append(ImportChange("sprint", new_id, "added"))
        inferred.append(f"{new_id} {start}..{end}{how}")
    if inferred:
        plan.notes.append(
            "the export has no sprint dates: each new sprint runs from the first day one of "
            "its items started (else was created) to the last day one that ended in it was "
            f"done (else {SPRINT_DAYS} days); correct them under `sprints:`: " + ", ".join(inferred)
        )
    return out


def _sprint_days(export: Export, name: str, today: dt.date) -> tuple[dt.date, dt.date, str]:
    """A new sprint's first and last day from its items' dates (see the note above)."""
    from steerco.model.ranges import MAX_DATE

    members = [i for i in export.items if name in i.sprints]
    starts = [i.started for i in members if i.started] or [i.created for i in members if i.created]
    how = ""
    if starts:
        start = min(d for d in starts if d is not None)
    else:
        start, how = today, " (no item dates: from today)"
    ends = [i.done for i in members if i.done and i.sprints[-1] == name and i.done >= start]
    end = max(ends) if ends else min(start + dt.timedelta(days=SPRINT_DAYS - 1), MAX_DATE)
    return start, end, how


def _plan(export: Export, project: Project, today: dt.date) -> _Plan:
    plan = _Plan()
    workflow = _workflow(export, project.workflow, plan)
    sprint_ids = _sprints(export, project, today, plan)
    people = _resources(project)
    existing = {item.id: item for item in project.backlog}
    lost: dict[str, list[str]] = {"assignee": [], "parent": [], "own": [], "dates": []}
    for item in export.items:
        values = _values(
            item,
            project=project,
            export=export,
            workflow=workflow,
            sprint_ids=sprint_ids,
            people=people,
            lost=lost,
        )
        old = existing.get(item.key)
        if old is None:
            plan.items[item.key] = {"id": item.key, **values}
            plan.new_items.append(item.key)
            plan.changes.append(ImportChange("item", item.key, "added"))
            continue
        changed = {k: v for k, v in values.items() if not _same(getattr(old, k), v)}
        plan.items[item.key] = changed
        kind: Literal["updated", "unchanged"] = "updated" if changed else "unchanged"
        plan.changes.append(ImportChange("item", item.key, kind, tuple(changed)))
    _lost_notes(lost, plan)
    return plan


def _lost_notes(lost: dict[str, list[str]], plan: _Plan) -> None:
    if lost["assignee"]:
        names = ", ".join(sorted(set(lost["assignee"])))
        plan.notes.append(
            f"assignees that are no resource of the file, left unassigned: {names}; add them "
            "under `resources:` (id or name) and import again to assign them"
        )
    if lost["parent"]:
        plan.notes.append(
            "parents in neither the export nor the file, left out: " + ", ".join(lost["parent"])
        )
    if lost["own"]:
        plan.notes.append(
            "items whose parent in the export is the item itself, parent left out: "
            + ", ".join(lost["own"])
        )
    if lost["dates"]:
        plan.notes.append(
            "dates before the item's earlier dates, left out: " + ", ".join(lost["dates"])
        )


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, tuple):
        return list(old) == list(new)
    if isinstance(old, float) and isinstance(new, int | float):
        return old == new
    return bool(old == new)


def _flow(values: list[Any]) -> Any:
    from ruamel.yaml.comments import CommentedSeq

    node = CommentedSeq(values)
    node.fa.set_flow_style()
    return node


def _scalar(value: Any) -> Any:
    """A string quoted where the project file's YAML 1.1 reader would read something else.

    `6:57` is a sexagesimal number and `no` a boolean to it, though not to the round-trip
    writer's YAML 1.2: such text is written in quotes.
    """
    import yaml
    from ruamel.yaml.scalarstring import SingleQuotedScalarString

    if not isinstance(value, str):
        return value
    try:
        same = yaml.safe_load(value) == value
    except yaml.YAMLError:
        same = False
    return value if same else SingleQuotedScalarString(value)


def _yaml(value: Any) -> Any:
    return _flow([_scalar(v) for v in value]) if isinstance(value, list) else _scalar(value)


def _entry(values: dict[str, Any]) -> Any:
    from ruamel.yaml.comments import CommentedMap

    return CommentedMap({k: _yaml(v) for k, v in values.items()})


def _mutate(plan: _Plan, project: Project) -> Any:
    """The change for the project-file editor that writes `plan`."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from steerco.formats.yaml_edit import ensure_seq

    def statuses(document: CommentedMap) -> None:
        if not plan.statuses:
            return
        if "workflow" not in document:
            document["workflow"] = CommentedSeq(
                [
                    _entry({"name": s.name, "category": s.category})
                    for s in project.workflow.statuses
                ]
            )
        seq = document["workflow"]
        if isinstance(seq, CommentedMap):
            seq = seq["statuses"]
        for at, status in plan.statuses:
            seq.insert(at, _entry({"name": status.name, "category": status.category}))

    def mutate(document: CommentedMap) -> None:
        statuses(document)
        if plan.sprints:
            sprints = ensure_seq(document, "sprints")
            for sprint in plan.sprints:
                sprints.append(_entry(sprint))
        if not any(plan.items.values()):
            return
        backlog = ensure_seq(document, "backlog")
        entries = {str(e.get("id")): e for e in backlog if isinstance(e, CommentedMap)}
        for key, values in plan.items.items():
            if key in entries:
                for name, value in values.items():
                    entries[key][name] = _yaml(value)
        for key in plan.new_items:
            backlog.append(_entry(plan.items[key]))

    return mutate


def _apply(
    export: Export,
    *,
    into: Path,
    source: Literal["jira", "csv"],
    dry_run: bool,
    today: dt.date | None,
) -> ImportResult:
    from steerco.formats.atomic import atomic_write, locked
    from steerco.formats.project_yaml import parse_project_yaml
    from steerco.formats.yaml_edit import edit_project_text, read_source

    with locked(into):
        text = read_source(into)
        project = parse_project_yaml(text, str(into))
        plan = _plan(export, project, today or dt.date.today())
        edited, after = edit_project_text(text, str(into), _mutate(plan, project))
        written = not dry_run and edited != text
        if written:
            atomic_write(into, edited)
    imported = list(export.items)
    keys = {i.key for i in imported}
    parents = sum(item.id in keys and item.parent is not None for item in after.backlog)
    return ImportResult(
        file=into,
        export=Path(export.file),
        source=source,
        dry_run=dry_run,
        written=written,
        rows=export.rows,
        changes=tuple(plan.changes),
        types=dict(Counter(i.type for i in imported)),
        parents=parents,
        points=float(sum(i.points or 0 for i in imported)),
        notes=(*export.notes, *plan.notes),
    )


def import_jira(
    *,
    export: Path,
    into: Path,
    dry_run: bool = False,
    dayfirst: bool | None = None,
    encoding: str | None = None,
    today: dt.date | None = None,
) -> ImportResult:
    """Merge the work items of Jira CSV export `export` into project file `into`.

    `dayfirst` says how to read numeric dates (`4/7/25`) when the export does not tell;
    `encoding` overrides UTF-8 (else Windows-1252 with a note); `today` dates sprints whose
    items have no dates. Raises ProjectError (file unchanged) for a broken row or an
    import that would make the project invalid.
    """
    from steerco.formats.jira_csv import read_export

    found = read_export(export, encoding=encoding, dayfirst=dayfirst)
    return _apply(found, into=into, source="jira", dry_run=dry_run, today=today)


def import_csv(
    *,
    export: Path,
    mapping: Path,
    into: Path,
    dry_run: bool = False,
    dayfirst: bool | None = None,
    encoding: str | None = None,
    today: dt.date | None = None,
) -> ImportResult:
    """Merge the work items of any CSV file into `into`, its columns named by `mapping`."""
    from steerco.formats.csv_mapping import read_mapping
    from steerco.formats.jira_csv import read_export

    columns = read_mapping(mapping)
    found = read_export(export, encoding=encoding, dayfirst=dayfirst, mapping=columns)
    return _apply(found, into=into, source="csv", dry_run=dry_run, today=today)
