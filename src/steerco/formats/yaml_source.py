"""Load YAML into plain Python data while remembering where every value came from.

PyYAML's C parser composes the node tree. The data is then built straight from the
nodes (no constructor machinery per node), and the positions of the nodes only when a
diagnostic asks for one: `load_yaml` returns a deferred LocationMap that composes the
document again, recording every position as it builds (`load_located_yaml`). Both
builders make the same data; a duplicate or non-scalar key sends the document the
located way at once, so that its diagnostics are located.
"""

from __future__ import annotations

from typing import Any

import yaml

from steerco.codes import Code
from steerco.errors import Diagnostic, ProjectError
from steerco.formats.locations import LocationMap

__all__ = ["load_located_yaml", "load_yaml"]

try:
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - PyYAML without libyaml
    _Loader = yaml.SafeLoader

_STR = "tag:yaml.org,2002:str"


class _NeedsLocationsError(Exception):
    """The document has a problem to report: build it again with positions."""


def _position(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _compose(text: str, file: str | None) -> yaml.Node | None:
    """The document's node tree (C parser); a YAML error raises a located ProjectError."""
    try:
        loader = _Loader(text)
        try:
            root: yaml.Node | None = loader.get_single_node()
            return root
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        message = " ".join(str(p) for p in (error.context, error.problem) if p)
        raise ProjectError(
            [Diagnostic(Code.yaml_syntax, message or "not valid YAML", (), file, line, column)]
        ) from None
    except yaml.YAMLError as error:
        raise ProjectError([Diagnostic(Code.yaml_syntax, str(error), (), file)]) from None


def _scalar_builder() -> Any:
    """A function from a scalar node to its value by its tag (text where the tag fails).

    A value its constructor rejects (e.g. the date 2027-02-30) stays text, for the model
    to reject with a location.
    """
    constructor = yaml.SafeLoader("")

    def scalar(node: yaml.ScalarNode) -> Any:
        if node.tag == _STR:
            return node.value
        try:
            return constructor.construct_object(node, deep=True)
        except (ValueError, yaml.YAMLError):
            return node.value

    return scalar


def _plain(root: yaml.Node) -> Any:
    """The data of a node tree, as `load_located_yaml` builds it, without positions."""
    scalar = _scalar_builder()

    def build(node: yaml.Node) -> Any:
        if isinstance(node, yaml.MappingNode):
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise _NeedsLocationsError
                key = scalar(key_node)
                if key in out:
                    raise _NeedsLocationsError
                out[key] = build(value_node)
            return out
        if isinstance(node, yaml.SequenceNode):
            return [build(item) for item in node.value]
        return scalar(node)

    return build(root)


def load_yaml(text: str, file: str | None = None) -> tuple[Any, LocationMap]:
    """Parse `text` to data and a LocationMap; YAML errors and duplicate keys raise ProjectError.

    The positions are computed when first asked for (only where there is a diagnostic).
    """
    root = _compose(text, file)
    if root is None:
        return None, LocationMap()
    try:
        data = _plain(root)
    except _NeedsLocationsError:
        return _located(root, file)
    return data, LocationMap.deferred(lambda: load_located_yaml(text, file)[1])


def load_located_yaml(text: str, file: str | None = None) -> tuple[Any, LocationMap]:
    """Parse `text` node by node, recording every position; problems raise ProjectError."""
    root = _compose(text, file)
    return (None, LocationMap()) if root is None else _located(root, file)


def _located(root: yaml.Node, file: str | None) -> tuple[Any, LocationMap]:
    """Build the data of a node tree, recording the position of every value and key."""
    locations = LocationMap()
    problems: list[Diagnostic] = []
    scalar = _scalar_builder()

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
                            Code.yaml_syntax,
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
                            Code.duplicate_key,
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
        return scalar(node)

    def build_scalar(node: yaml.Node) -> Any:
        if isinstance(node, yaml.ScalarNode):
            return scalar(node)
        return build(node, ())

    data = build(root, ())
    if problems:
        raise ProjectError(problems)
    return data, locations
