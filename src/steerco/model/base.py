"""The base of every model class: frozen, strict about unknown keys, changed only by revision."""

from __future__ import annotations

from typing import Any, Self

from pydantic import BaseModel, ConfigDict, GetCoreSchemaHandler
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

__all__ = ["Model", "also_written"]


def _number_not_boolean(value: Any) -> Any:
    """`value` as it is, unless it is a boolean (lax mode reads `true` as 1, `off` as 0)."""
    if isinstance(value, bool):
        raise PydanticCustomError("bad_value", "expected a number, got a boolean")
    return value


def _whole_number_not_boolean(value: Any) -> Any:
    """`value` as it is, unless it is a boolean (lax mode reads `true` as 1, `off` as 0)."""
    if isinstance(value, bool):
        raise PydanticCustomError("bad_value", "expected a whole number, got a boolean")
    return value


_REFUSE_BOOLEANS = {"float": _number_not_boolean, "int": _whole_number_not_boolean}


def _refusing(function: Any) -> bool:
    """Whether `function` is one of the checks above (a schema walked already)."""
    return any(function is check for check in _REFUSE_BOOLEANS.values())


_NOT_SCHEMAS = frozenset({"metadata", "serialization", "default", "ctx", "json_schema_extra"})
"""Keys of a core schema whose values are not schemas to validate with."""


def _refusing_booleans(schema: Any) -> Any:
    """`schema` with each lax int or float schema in it refusing a boolean first.

    Only the numbers pay for it, once each: the check is a before-validator on the number's
    own schema (so an error is located at the value, e.g. `skills.python`), not a pass over
    the document. Nested models are walked too, whether already wrapped or not (a wrapped
    number is left as it is); the rest of the schema is shared, not copied.
    """
    if isinstance(schema, list):
        items = [_refusing_booleans(item) for item in schema]
        return schema if all(a is b for a, b in zip(items, schema, strict=True)) else items
    if not isinstance(schema, dict):
        return schema
    kind = schema.get("type")  # a mapping of fields may have a field named `type`
    if isinstance(kind, str) and kind in _REFUSE_BOOLEANS and not schema.get("strict"):
        return core_schema.no_info_before_validator_function(_REFUSE_BOOLEANS[kind], schema)
    if kind == "function-before" and _refusing(schema["function"].get("function")):
        return schema
    changed = {
        key: new
        for key, value in schema.items()
        if key not in _NOT_SCHEMAS
        and isinstance(value, dict | list)
        and (new := _refusing_booleans(value)) is not value
    }
    return {**schema, **changed} if changed else schema


class Model(BaseModel):
    """Frozen pydantic model that rejects unknown keys and non-finite numbers (.inf, .nan).

    A boolean where a number is expected (`probability: true`, `python: off`) is refused
    too: pydantic's lax mode would read it as 1 or 0.
    """

    model_config = ConfigDict(
        frozen=True, extra="forbid", populate_by_name=True, allow_inf_nan=False
    )

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: type[BaseModel], handler: GetCoreSchemaHandler, /
    ) -> CoreSchema:
        return _refusing_booleans(handler(source))  # type: ignore[no-any-return]

    def revised(self, **changes: Any) -> Self:
        """A copy with `changes` applied, validated again as a whole (pydantic ValidationError).

        Unlike `model_copy(update=...)`, every field and model validator of this class runs
        on the result, so a revision cannot make an invalid model. The fields are passed as
        the objects they already are: nested models are frozen and were validated when they
        were built, so they are taken as they are (no dump, no re-parse, no round trip), and
        fields never set keep their defaults.
        """
        fields = {
            name: value
            for name in self.model_fields_set
            # a field set to None where None is its default is left unset: builders such as
            # the PSPLIB reader pass `duration=None`, which the readers of files never see
            if (value := getattr(self, name)) is not None
            or type(self).model_fields[name].default is not None
        }
        return self.model_validate(fields | changes)


def also_written(key: str, written: dict[str, Any]) -> Any:
    """A JSON Schema hook: property `key` also accepts the shorthand `written`."""

    def hook(schema: dict[str, Any]) -> None:
        long_form = schema["properties"][key]
        notes = {k: long_form.pop(k) for k in ("default", "description", "title") if k in long_form}
        schema["properties"][key] = {"anyOf": [written, long_form], **notes}

    return hook
