"""The revision an edit is based on: a body's `base_revision` or an `If-Match` header."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import Header

from steerco.app.workspace.errors import InvalidRequestError

__all__ = ["IfMatch", "base_revision"]

IfMatch = Annotated[
    str | None,
    Header(
        description='The revision the edit is based on, as an ETag: `"12"` '
        "(what `GET .../file` answered); a body's `base_revision` wins."
    ),
]
"""The `If-Match` request header."""

_ETAG = re.compile(r'^\s*(?:W/)?"?([0-9]{1,9})"?\s*$')


def base_revision(body_value: int | None, if_match: str | None) -> int | None:
    """The base revision of an edit: the body's, else the `If-Match` header's, else None."""
    if body_value is not None or if_match is None:
        return body_value
    matched = _ETAG.match(if_match)
    if matched is None:
        raise InvalidRequestError(
            f'If-Match must name one revision, as in "12"; not {if_match[:40]!r}'
        )
    return int(matched.group(1))
