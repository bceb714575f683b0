"""An editing form's state: what each field shows, what it was based on, what went wrong.

A form for an existing entity carries, per field, the stored value it showed (`base.FIELD`,
JSON) and the revision it was read at (`base_revision`). On submission only the fields
whose text changed become the edit's `changes`, each `based_on` its stored value, so two
editors of different fields both apply and two editors of one field meet a 409. The 409
becomes a merge view: per conflicting field, theirs (the current value) beside mine (what
I typed), the form re-based on the current revision, and "keep theirs" or "keep mine"
(`keep.FIELD`) choosing what the next submission sends.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from steerco.errors import Diagnostic
from steerco.web.pages.edit_fields import FieldError, FieldSpec, fields_of, parsed, shown

__all__ = [
    "Conflict",
    "EditForm",
    "FormField",
    "created_data",
    "edit_changes",
    "merged",
    "new_form",
    "stored_form",
    "submitted_form",
    "with_problems",
]

BASE_PREFIX = "base."
KEEP_PREFIX = "keep."


@dataclass(frozen=True)
class Conflict:
    """A field someone else changed since my base: their value now, and mine."""

    theirs: str
    mine: str


@dataclass(frozen=True)
class FormField:
    """One input: its spec, the text it shows, the stored value it was based on (JSON)."""

    spec: FieldSpec
    text: str
    base: Any = None
    errors: tuple[str, ...] = ()
    conflict: Conflict | None = None

    @property
    def name(self) -> str:
        """The entity's key this field writes (and the input's name)."""
        return self.spec.name

    @property
    def base_json(self) -> str:
        """The stored value the form was based on, as the hidden field carries it."""
        return json.dumps(self.base)

    @property
    def changed(self) -> bool:
        """Whether the text differs from what the stored value shows."""
        return self.text.strip() != shown(self.spec, self.base).strip()


@dataclass(frozen=True)
class EditForm:
    """A whole form: the entity (key None: a new one), the base revision, fields, problems."""

    collection: str
    key: str | None
    revision: int
    fields: tuple[FormField, ...]
    message: str = ""
    diagnostics: tuple[Diagnostic, ...] = ()
    next: str = ""
    merge_revision: int | None = field(default=None)

    @property
    def creating(self) -> bool:
        """Whether the form adds a new entity."""
        return self.key is None

    @property
    def conflicts(self) -> tuple[FormField, ...]:
        """The fields of the merge view (empty: no 409)."""
        return tuple(f for f in self.fields if f.conflict is not None)

    def text(self, name: str) -> str:
        """The text field `name` shows (a blank if the form has no such field)."""
        return next((f.text for f in self.fields if f.name == name), "")


def new_form(
    collection: str, revision: int, prefill: Mapping[str, str], next_url: str = ""
) -> EditForm:
    """An empty form for a new entity, with some fields filled in (a task's parent...)."""
    fields = tuple(
        FormField(spec, prefill.get(spec.name, "")) for spec in fields_of(collection, creating=True)
    )
    return EditForm(collection, None, revision, fields, next=next_url)


def stored_form(
    collection: str, key: str, revision: int, data: Mapping[str, Any], next_url: str = ""
) -> EditForm:
    """The form of a stored entity: each field shows its stored value and is based on it."""
    fields = tuple(
        FormField(spec, shown(spec, data.get(spec.name)), data.get(spec.name))
        for spec in fields_of(collection, creating=False)
    )
    return EditForm(collection, key, revision, fields, next=next_url)


def _base(form: Mapping[str, str], name: str) -> Any:
    raw = form.get(BASE_PREFIX + name)
    if raw is None:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return None


def _revision(form: Mapping[str, str]) -> int:
    raw = form.get("base_revision", "")
    return int(raw) if raw.isdigit() and len(raw) < 10 else 0


def submitted_form(
    collection: str, key: str | None, form: Mapping[str, str], next_url: str = ""
) -> EditForm:
    """The form as the browser sent it; a merge view's "keep theirs" restores their value."""
    fields = []
    for spec in fields_of(collection, creating=key is None):
        base = _base(form, spec.name) if key is not None else None
        text = form.get(spec.name, "")
        if form.get(KEEP_PREFIX + spec.name) == "theirs":
            text = shown(spec, base)
        fields.append(FormField(spec, text, base))
    return EditForm(collection, key, _revision(form), tuple(fields), next=next_url)


def _problems(
    form: EditForm, errors: Sequence[FieldError], diagnostics: Sequence[Diagnostic]
) -> EditForm:
    names = {f.name for f in form.fields}
    by_field: dict[str, list[str]] = {}
    for error in errors:
        by_field.setdefault(error.field, []).append(f"{error.code}: {error.message}")
    for diagnostic in diagnostics:
        named = [part for part in diagnostic.path if isinstance(part, str) and part in names]
        if named:
            by_field.setdefault(named[-1], []).append(diagnostic.format())
    fields = tuple(replace(f, errors=tuple(by_field.get(f.name, ()))) for f in form.fields)
    return replace(form, fields=fields)


def with_problems(
    form: EditForm,
    message: str,
    errors: Sequence[FieldError] = (),
    diagnostics: Sequence[Diagnostic] = (),
) -> EditForm:
    """The form as typed, with the refusal's message and each problem beside its field."""
    marked = _problems(form, errors, diagnostics)
    return replace(marked, message=message, diagnostics=tuple(diagnostics))


def edit_changes(form: EditForm) -> tuple[dict[str, Any], dict[str, Any], list[FieldError]]:
    """The changed fields' new values, the stored values they were based on, and errors."""
    changes: dict[str, Any] = {}
    based_on: dict[str, Any] = {}
    errors: list[FieldError] = []
    for item in form.fields:
        if not item.changed:
            continue
        value, error = parsed(item.spec, item.text)
        if error is not None:
            errors.append(error)
            continue
        changes[item.name] = value
        based_on[item.name] = item.base
    return changes, based_on, errors


def created_data(form: EditForm) -> tuple[dict[str, Any], str | None, list[FieldError]]:
    """A new entity's fields (the filled-in ones), its parent task and the errors."""
    data: dict[str, Any] = {}
    errors: list[FieldError] = []
    for item in form.fields:
        value, error = parsed(item.spec, item.text)
        if error is not None:
            errors.append(error)
        elif value is not None:
            data[item.name] = value
    parent = data.pop("parent", None) if form.collection == "tasks" else None
    return data, parent, errors


def merged(form: EditForm, current: Mapping[str, Any], revision: int, message: str) -> EditForm:
    """The merge view of a 409: re-based on `revision`'s `current` values, conflicts marked.

    A conflict is a field whose current value differs from the one my form was based on
    (theirs), shown beside what I typed (mine). When the revision alone differed, every
    field I changed is shown so.
    """
    changed = {f.name for f in form.fields if f.changed}
    moved = {
        name for name, value in current.items() if name in changed and value != _find(form, name)
    }
    conflicted = moved or (changed & set(current))
    fields = []
    for item in form.fields:
        if item.name in current:
            theirs = current[item.name]
            conflict = None
            if item.name in conflicted:
                conflict = Conflict(shown(item.spec, theirs), item.text)
            item = replace(item, base=theirs, conflict=conflict, errors=())
        fields.append(item)
    return replace(
        form,
        fields=tuple(fields),
        revision=revision,
        message=message,
        diagnostics=(),
        merge_revision=revision,
    )


def _find(form: EditForm, name: str) -> Any:
    return next(f.base for f in form.fields if f.name == name)
