"""Load YAML into plain Python data while remembering where every value came from.

PyYAML's C parser composes the node tree. The data is then built straight from the
nodes (no constructor machinery per node), and the positions of the nodes only when a
diagnostic asks for one: `load_yaml` returns a deferred LocationMap that composes the
document again, recording every position as it builds (`load_located_yaml`). Both
builders make the same data; a duplicate or non-scalar key sends the document the
located way at once, so that its diagnostics are located.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from steerco.codes import Code
from steerco.errors import Diagnostic, ProjectError
from steerco.formats.locations import LocationMap

__all__ = [
    "MAX_ALIAS_NODES",
    "MAX_YAML_CHARS",
    "MAX_YAML_DEPTH",
    "load_located_yaml",
    "load_yaml",
]

MAX_YAML_CHARS = 8 * 1024 * 1024
"""The longest YAML text read, in characters (8 MiB; a 10,000-task project is about 1.2 MiB)."""
MAX_YAML_DEPTH = 100
"""How deep collections may nest (a project's WBS ten levels deep uses about 25)."""
MAX_ALIAS_NODES = 100_000
"""How many values (scalars, lists, mappings) aliases may repeat in one document, in all."""

try:
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - PyYAML without libyaml
    _Loader = yaml.SafeLoader

_STR = "tag:yaml.org,2002:str"


class _NeedsLocationsError(Exception):
    """The document has a problem to report: build it again with positions."""


_ANCHOR = re.compile(r"(?:!\S*[ \t]+)?&([^\s,\[\]{}]+)")
_TOO_DEEP = "exceeded maximum nesting depth"  # libyaml's own limit (1000 levels)


_Step = tuple[yaml.Node, bool, yaml.Node | None]


class _LimitError(Exception):
    """A limit was crossed while building the data; unwound to the loader, which locates it.

    `path` holds the node where it was crossed, then each collection it unwinds through
    (innermost first), with whether an alias reached it again and, for a mapping, the key
    whose value was being built.
    """

    def __init__(self, code: Code, node: yaml.Node) -> None:
        super().__init__(code)
        self.code = code
        self.node = node
        self.path: list[_Step] = [(node, code is Code.yaml_alias_budget, None)]


class _Guard:
    """Counts the values an alias repeats; `enter` raises `_LimitError` past the budget.

    Without an anchor (`&`) in the text no node can be reached twice, and nothing is counted.
    """

    def __init__(self, text: str) -> None:
        self.aliased = "&" in text
        self.seen: set[int] = set()
        self.repeated = 0

    def enter(self, node: yaml.Node) -> bool:
        """Count `node` once more; True when an alias reaches it again."""
        key = id(node)
        if key not in self.seen:
            self.seen.add(key)
            return False
        self.repeated += 1
        if self.repeated > MAX_ALIAS_NODES:
            raise _LimitError(Code.yaml_alias_budget, node)
        return True


def _position(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _anchor(text: str, node: yaml.Node) -> str:
    """The `&name` written at `node` (`&...` where the text shows none)."""
    found = _ANCHOR.match(text, node.start_mark.index)
    return f"&{found.group(1)}" if found else "&..."


def _limit_diagnostic(error: _LimitError, text: str, file: str | None) -> Diagnostic:
    """The located diagnostic for a crossed limit, in the words of the YAML file."""
    nodes = [node for node, _, _ in error.path]
    if error.code is Code.yaml_alias_budget:
        # The outermost alias on the path, located where it is written: at its key in a
        # mapping, at the start of its list in a sequence.
        outermost = max(i for i, (_, again, _) in enumerate(error.path) if again)
        name = _anchor(text, nodes[outermost])
        where = nodes[outermost]
        if outermost + 1 < len(nodes):
            container, _, key = error.path[outermost + 1]
            where = container if key is None else key
        message = (
            f"the aliases here expand to more than {MAX_ALIAS_NODES:,} values (each "
            f"*{name[1:]} repeats all of {name}); write the values out, or repeat less"
        )
        return Diagnostic(error.code, message, (), file, *_position(where))
    ids = [id(node) for node in nodes]
    looped = next((node for node in reversed(nodes) if ids.count(id(node)) > 1), None)
    if looped is not None:
        name = _anchor(text, looped)
        message = (
            f"the alias *{name[1:]} sits inside the value of {name} it names, so it would "
            "repeat forever; name a value that does not contain the alias"
        )
        return Diagnostic(Code.yaml_too_deep, message, (), file, *_position(looped))
    message = (
        f"values nest more than {MAX_YAML_DEPTH} levels deep here; steerco reads YAML "
        f"nested at most {MAX_YAML_DEPTH} levels: flatten the structure"
    )
    return Diagnostic(Code.yaml_too_deep, message, (), file, *_position(error.node))


def _check_size(text: str, file: str | None) -> None:
    """Refuse a text over `MAX_YAML_CHARS` before parsing it, located where it crosses."""
    if len(text) <= MAX_YAML_CHARS:
        return
    line = text.count("\n", 0, MAX_YAML_CHARS) + 1
    column = MAX_YAML_CHARS - text.rfind("\n", 0, MAX_YAML_CHARS)
    message = (
        f"the file is {len(text):,} characters long; steerco reads YAML files of at most "
        f"{MAX_YAML_CHARS:,} characters (8 MiB): split it or leave out what it does not need"
    )
    raise ProjectError([Diagnostic(Code.yaml_too_large, message, (), file, line, column)])


def _compose(text: str, file: str | None) -> yaml.Node | None:
    """The document's node tree (C parser); a YAML error raises a located ProjectError."""
    _check_size(text, file)
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
        if _TOO_DEEP in str(error.problem):
            too_deep = (
                f"values nest more than {MAX_YAML_DEPTH} levels deep here; steerco reads "
                f"YAML nested at most {MAX_YAML_DEPTH} levels: flatten the structure"
            )
            raise ProjectError(
                [Diagnostic(Code.yaml_too_deep, too_deep, (), file, line, column)]
            ) from None
        message = " ".join(str(p) for p in (error.context, error.problem) if p)
        raise ProjectError(
            [Diagnostic(Code.yaml_syntax, message or "not valid YAML", (), file, line, column)]
        ) from None
    except yaml.reader.ReaderError as error:
        # A character YAML does not allow (a control character); its position is an index.
        at = min(max(error.position, 0), len(text))
        line = text.count("\n", 0, at) + 1
        column = at - text.rfind("\n", 0, at)
        message = (
            f"the character U+{error.character:04X} is not allowed in YAML "
            "(a control character): remove it, or write it as an escape in double quotes"
            if isinstance(error.character, int)
            else f"a character YAML does not allow: {error.reason}"
        )
        raise ProjectError(
            [Diagnostic(Code.yaml_syntax, message, (), file, line, column)]
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
        except (ValueError, OverflowError, yaml.YAMLError):
            return node.value

    return scalar


def _plain(root: yaml.Node, guard: _Guard) -> Any:
    """The data of a node tree, as `load_located_yaml` builds it, without positions."""
    scalar = _scalar_builder()
    aliased = guard.aliased

    def build(node: yaml.Node, depth: int) -> Any:
        again = guard.enter(node) if aliased else False
        if isinstance(node, yaml.ScalarNode):
            return scalar(node)
        if depth > MAX_YAML_DEPTH:
            raise _LimitError(Code.yaml_too_deep, node)
        key_node: yaml.Node | None = None
        try:
            if isinstance(node, yaml.SequenceNode):
                return [build(item, depth + 1) for item in node.value]
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise _NeedsLocationsError
                if aliased:
                    guard.enter(key_node)
                key = scalar(key_node)
                if key in out or key is None or isinstance(key, bool):
                    raise _NeedsLocationsError
                out[key] = build(value_node, depth + 1)
            return out
        except _LimitError as error:
            error.path.append((node, again, key_node))
            raise

    return build(root, 1)


def load_yaml(text: str, file: str | None = None) -> tuple[Any, LocationMap]:
    """Parse `text` to data and a LocationMap; YAML errors and duplicate keys raise ProjectError.

    The positions are computed when first asked for (only where there is a diagnostic).
    """
    root = _compose(text, file)
    if root is None:
        return None, LocationMap()
    try:
        data = _plain(root, _Guard(text))
    except _NeedsLocationsError:
        return _located(root, text, file)
    except _LimitError as error:
        raise ProjectError([_limit_diagnostic(error, text, file)]) from None
    return data, LocationMap.deferred(lambda: load_located_yaml(text, file)[1])


def load_located_yaml(text: str, file: str | None = None) -> tuple[Any, LocationMap]:
    """Parse `text` node by node, recording every position; problems raise ProjectError."""
    root = _compose(text, file)
    return (None, LocationMap()) if root is None else _located(root, text, file)


def _located(root: yaml.Node, text: str, file: str | None) -> tuple[Any, LocationMap]:
    """Build the data of a node tree, recording the position of every value and key."""
    try:
        return _build_located(root, _Guard(text), file)
    except _LimitError as error:
        raise ProjectError([_limit_diagnostic(error, text, file)]) from None


def _build_located(root: yaml.Node, guard: _Guard, file: str | None) -> tuple[Any, LocationMap]:
    """`_located` without the limits' diagnostics: builds, or raises `_LimitError`."""
    locations = LocationMap()
    problems: list[Diagnostic] = []
    scalar = _scalar_builder()
    aliased = guard.aliased

    def build(node: yaml.Node, path: tuple[str | int, ...], depth: int) -> Any:
        again = guard.enter(node) if aliased else False
        locations.values[path] = _position(node)
        if isinstance(node, yaml.ScalarNode):
            return scalar(node)
        if depth > MAX_YAML_DEPTH:
            raise _LimitError(Code.yaml_too_deep, node)
        if isinstance(node, yaml.SequenceNode):
            try:
                return [build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
            except _LimitError as error:
                error.path.append((node, again, None))
                raise
        return build_mapping(node, path, depth, again)

    def build_mapping(node: yaml.Node, path: tuple[str | int, ...], depth: int, again: bool) -> Any:
        out: dict[Any, Any] = {}
        try:
            keys = [build_key(key, depth) for key, _ in node.value]
        except _LimitError as error:
            error.path.append((node, again, None))
            raise
        locations.mapping_keys[path] = [k for k in keys if isinstance(k, str | int)]
        for key, (key_node, value_node) in zip(keys, node.value, strict=True):
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
            if key is None or isinstance(key, bool):  # `yes:`, `off:`, `~:` in YAML 1.1
                written = key_node.value if isinstance(key_node, yaml.ScalarNode) else ""
                problems.append(
                    Diagnostic(
                        Code.bad_value,
                        f"key {written!r} reads as {'null' if key is None else str(key).lower()}"
                        f", not a name; write it in quotes ('{written}':) if it is one",
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
            try:
                out[key] = build(value_node, child, depth + 1)
            except _LimitError as error:
                error.path.append((node, again, key_node))
                raise
        return out

    def build_key(node: yaml.Node, depth: int) -> Any:
        if isinstance(node, yaml.ScalarNode):
            if aliased:
                guard.enter(node)
            return scalar(node)
        return build(node, (), depth + 1)

    data = build(root, (), 1)
    if problems:
        raise ProjectError(problems)
    return data, locations
