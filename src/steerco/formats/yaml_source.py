"""Load YAML into plain Python data while remembering where every value came from.

Two paths give the same data. The fast one is PyYAML's C loader with the safe
constructor, positions deferred until a diagnostic asks for one; the located one walks
the node tree, recording every position as it builds, and reports duplicate and
non-scalar keys. Anything the fast path does not take as is (a YAML error, a duplicate
or unhashable key, a merge key, an alias, a value its constructor rejects) goes the
located way, so diagnostics and data are those of the located path.
"""

from __future__ import annotations

from typing import Any

import yaml

from steerco.errors import Diagnostic, ProjectError
from steerco.formats.locations import LocationMap

__all__ = ["load_located_yaml", "load_yaml"]

try:
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - PyYAML without libyaml
    _Loader = yaml.SafeLoader


_SPECIAL_KEYS = {"tag:yaml.org,2002:merge", "tag:yaml.org,2002:value"}


class _UnusualDocumentError(Exception):
    """The document needs the located path."""


class _FastLoader(_Loader):  # type: ignore[misc, valid-type]
    """The C loader, giving up on aliases, merge keys and duplicate or unhashable keys."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        """Construct a node once; a second visit is an alias."""
        if node in self.constructed_objects:
            raise _UnusualDocumentError
        return super().construct_object(node, deep=deep)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        """A mapping of plain, distinct keys (no `<<` merges)."""
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag in _SPECIAL_KEYS:
                raise _UnusualDocumentError
            key = self.construct_object(key_node, deep=deep)
            try:
                if key in mapping:
                    raise _UnusualDocumentError
            except TypeError:  # unhashable
                raise _UnusualDocumentError from None
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping


def _position(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def load_yaml(text: str, file: str | None = None) -> tuple[Any, LocationMap]:
    """Parse `text` to data and a LocationMap; YAML errors and duplicate keys raise ProjectError.

    The positions are computed when first asked for (only where there is a diagnostic).
    """
    try:
        loader = _FastLoader(text)
        try:
            data = loader.get_single_data()
        finally:
            loader.dispose()
    except Exception:  # whatever it is, the located path reports it (or takes it as is)
        return load_located_yaml(text, file)
    return data, LocationMap.deferred(lambda: load_located_yaml(text, file)[1])


def load_located_yaml(text: str, file: str | None = None) -> tuple[Any, LocationMap]:
    """Parse `text` node by node, recording every position; problems raise ProjectError."""
    try:
        loader = _Loader(text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        message = " ".join(str(p) for p in (error.context, error.problem) if p)
        raise ProjectError(
            [Diagnostic("yaml_syntax", message or "not valid YAML", (), file, line, column)]
        ) from None
    except yaml.YAMLError as error:
        raise ProjectError([Diagnostic("yaml_syntax", str(error), (), file)]) from None
    locations = LocationMap()
    problems: list[Diagnostic] = []
    constructor = yaml.SafeLoader("")

    def build(node: yaml.Node, path: tuple[str | int, ...]) -> Any:
        locations.values[path] = _position(node)
        if isinstance(node, yaml.MappingNode):
            out: dict[Any, Any] = {}
            locations.mapping_keys[path] = [
                k for k in (build_scalar(key) for key, _ in node.value) if isinstance(k, str | int)
            ]
            for key_node, value_node in node.value:
                key = build_scalar(key_node)
                if isinstance(key, list | dict):
                    problems.append(
                        Diagnostic(
                            "yaml_syntax",
                            "a mapping key must be a plain value",
                            path,
                            file,
                            *_position(key_node),
                        )
                    )
                    continue
                child = (*path, key)
                if key in out:
                    problems.append(
                        Diagnostic(
                            "duplicate_key",
                            f"key {key!r} appears twice",
                            child,
                            file,
                            *_position(key_node),
                        )
                    )
                locations.keys[child] = _position(key_node)
                out[key] = build(value_node, child)
            return out
        if isinstance(node, yaml.SequenceNode):
            return [build(item, (*path, i)) for i, item in enumerate(node.value)]
        return build_scalar(node)

    def build_scalar(node: yaml.Node) -> Any:
        if isinstance(node, yaml.ScalarNode):
            try:
                return constructor.construct_object(node, deep=True)
            except (ValueError, yaml.YAMLError):
                return node.value  # e.g. 2027-02-30: left as text for the model to reject
        return build(node, ())

    data = build(root, ()) if root is not None else None
    if problems:
        raise ProjectError(problems)
    return data, locations
