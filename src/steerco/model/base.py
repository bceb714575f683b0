"""The base of every model class: frozen, strict about unknown keys, changed only by revision."""

from __future__ import annotations

from typing import Any, Self

from pydantic import BaseModel, ConfigDict

__all__ = ["Model", "also_written"]


class Model(BaseModel):
    """Frozen pydantic model that rejects unknown keys and non-finite numbers (.inf, .nan)."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", populate_by_name=True, allow_inf_nan=False
    )

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
