"""Data-driven cases: project files under tests/cases/ that state their expectations.

The grammar of the `# expect...:` comments is described in tests/cases/README.md.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

import steerco
from steerco import CycleError, ProjectError
from steerco.app.project import validate_project_file

CASES = Path(__file__).parent / "cases"
VALID = sorted(p for p in (CASES / "valid").iterdir() if p.suffix in {".yaml", ".yml"})
INVALID = sorted(p for p in (CASES / "invalid").iterdir() if p.suffix in {".yaml", ".yml", ".sm"})

# Every diagnostic code a project file can earn; each has a case file under invalid/.
# (`unknown_file_type` and `file_not_found` have no line and are tested in tests/cli/.)
LOCATED_CODES = {
    "unknown_stakeholder",
    "unknown_item",
    "unknown_sprint",
    "unknown_status",
    "parent_cycle",
    "yaml_syntax",
    "duplicate_key",
    "unknown_key",
    "missing_field",
    "bad_duration",
    "bad_date",
    "bad_value",
    "bad_rate",
    "bad_dependency",
    "bad_demand",
    "bad_skill_level",
    "duplicate_id",
    "unknown_task",
    "unknown_resource",
    "dependency_cycle",
    "milestone_duration",
    "summary_duration",
    "summary_demands",
    "deadline_before_start",
    "demand_above_capacity",
    "negative_capacity",
    "bad_compute",
    "unknown_accelerator",
    "psplib_syntax",
    "psplib_truncated",
    "bad_run",
    "bad_rework",
}

_EXPECT = re.compile(r"^#\s*(expect(?:-[a-z]+)?):\s*(.*?)\s*$")
_ERROR = re.compile(r"^(?P<code>[a-z_]+)\s+line=(?P<lines>\d+(?:\|\d+)*)(?:\s+col=(?P<col>\d+))?$")
_MESSAGE = re.compile(r"^(?P<code>[a-z_]+):\s*(?P<text>.+)$")


@dataclass(frozen=True)
class ExpectedError:
    """One `expect-error` line: a code, the acceptable lines and maybe a column."""

    code: str
    lines: frozenset[int]
    column: int | None

    def matches(self, code: str, line: int | None, column: int | None) -> bool:
        return (
            code == self.code
            and line in self.lines
            and (self.column is None or column == self.column)
        )

    def __str__(self) -> str:
        lines = "|".join(str(n) for n in sorted(self.lines))
        col = f" col={self.column}" if self.column is not None else ""
        return f"{self.code} line={lines}{col}"


@dataclass
class Spec:
    """Everything a case file expects."""

    errors: list[ExpectedError] = field(default_factory=list)
    messages: list[tuple[str, str]] = field(default_factory=list)
    cycle: list[str] | None = None
    tasks: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    project: dict[str, Any] = field(default_factory=dict)


def _value(text: str) -> Any:
    if re.fullmatch(r"[+-]?\d+", text):
        return int(text)
    if text in {"true", "false"}:
        return text == "true"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return dt.date.fromisoformat(text)
    if text in {"none", "null"}:
        return None
    return text


def _fields(words: list[str], where: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for word in words:
        key, sep, raw = word.partition("=")
        assert sep and key and raw, f"{where}: expected FIELD=VALUE, got {word!r}"
        out[key] = raw.split(",") if key == "critical_path" else _value(raw)
    return out


def parse_spec(path: Path) -> Spec:
    """Read the expectation comments of a case file."""
    spec = Spec()
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        match = _EXPECT.match(text.strip())
        if match is None:
            continue
        keyword, rest = match.groups()
        where = f"{path.name}:{number}"
        if keyword == "expect-error":
            error = _ERROR.match(rest)
            assert error, f"{where}: cannot read expect-error {rest!r}"
            lines = frozenset(int(n) for n in error["lines"].split("|"))
            col = int(error["col"]) if error["col"] else None
            spec.errors.append(ExpectedError(error["code"], lines, col))
        elif keyword == "expect-message":
            message = _MESSAGE.match(rest)
            assert message, f"{where}: cannot read expect-message {rest!r}"
            spec.messages.append((message["code"], message["text"]))
        elif keyword == "expect-cycle":
            spec.cycle = [part.strip() for part in rest.split("->")]
        elif keyword == "expect":
            task_id, *words = rest.split()
            spec.tasks.append((task_id, _fields(words, where)))
        elif keyword == "expect-project":
            spec.project.update(_fields(rest.split(), where))
        else:
            raise AssertionError(f"{where}: unknown keyword {keyword!r}")
    return spec


def _match_errors(
    expected: list[ExpectedError], actual: list[tuple[str, int | None, int | None]]
) -> tuple[list[ExpectedError], list[tuple[str, int | None, int | None]]]:
    """Pair expectations with diagnostics; return what is left unpaired on each side."""
    left = list(actual)
    missing: list[ExpectedError] = []
    # Most specific expectations first, so that a loose one cannot steal their diagnostic.
    for want in sorted(expected, key=lambda e: (e.column is None, len(e.lines))):
        for k, got in enumerate(left):
            if want.matches(*got):
                del left[k]
                break
        else:
            missing.append(want)
    return missing, left


def _is_rotation(seen: list[str], expected: list[str]) -> bool:
    return len(seen) == len(expected) and any(
        seen == expected[k:] + expected[:k] for k in range(len(expected))
    )


def _named_in_order(message: str, ids: list[str]) -> list[str]:
    """The ids of `ids` that occur in `message`, in the order they occur."""
    found: list[tuple[int, str]] = []
    for task_id in set(ids):
        pattern = rf"(?<![\w.-]){re.escape(task_id)}(?![\w.-])"
        found += [(m.start(), task_id) for m in re.finditer(pattern, message)]
    return [task_id for _, task_id in sorted(found)]


def _open_cycle(ids: list[str] | tuple[str, ...]) -> list[str]:
    """Drop the repeat of the first task that closes a written cycle (`a -> b -> a`)."""
    ids = list(ids)
    return ids[:-1] if len(ids) > 1 and ids[-1] == ids[0] else ids


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_invalid_case(path: Path) -> None:
    spec = parse_spec(path)
    assert spec.errors, f"{path.name} states no expect-error"
    with pytest.raises(ProjectError) as caught:
        validate_project_file(path=path)
    diagnostics = caught.value.diagnostics
    for d in diagnostics:
        assert d.file == str(path), d.format()
    actual = [(d.code, d.line, d.column) for d in diagnostics]
    missing, extra = _match_errors(spec.errors, actual)
    assert not missing and not extra, (
        f"expected but not reported: {[str(m) for m in missing]}; "
        f"reported but not expected: {extra}"
    )
    for code, text in spec.messages:
        messages = [d.message for d in diagnostics if d.code == code]
        assert any(text in m for m in messages), f"no {code} message contains {text!r}: {messages}"
    if spec.cycle is not None:
        cycles = [d for d in diagnostics if d.code == "dependency_cycle"]
        assert len(cycles) == 1
        named = _open_cycle(_named_in_order(cycles[0].message, spec.cycle))
        assert _is_rotation(named, spec.cycle), cycles[0].message
        if isinstance(caught.value, CycleError):
            assert _is_rotation(_open_cycle(caught.value.cycle), spec.cycle)
            assert caught.value.cycle[0] == caught.value.cycle[-1]


def _same(got: Any, want: Any) -> bool:
    return type(got) is type(want) and got == want


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_valid_case(path: Path) -> None:
    spec = parse_spec(path)
    assert spec.tasks or spec.project, f"{path.name} states no expectation"
    assert not spec.errors, f"{path.name} is valid: move its expect-error lines to invalid/"
    result = steerco.schedule(path, method="cpm")
    rows = {row.id: dataclasses.asdict(row) for row in result.tasks()}
    problems: list[str] = []
    for task_id, fields in spec.tasks:
        assert task_id in rows, f"no task {task_id!r} in the schedule"
        for key, want in fields.items():
            assert key in rows[task_id], f"rows have no field {key!r}"
            got = rows[task_id][key]
            if not _same(got, want):
                problems.append(f"{task_id}.{key}: expected {want!r}, got {got!r}")
    start, finish = result.project_dates()
    paths = result.critical_path_ids()
    project = {
        "makespan": result.makespan,
        "start": start,
        "finish": finish,
        "unit": result.network.unit,
        "critical_path": paths[0] if paths else [],
    }
    for key, want in spec.project.items():
        assert key in project, f"unknown project field {key!r}"
        if not _same(project[key], want):
            problems.append(f"project {key}: expected {want!r}, got {project[key]!r}")
    assert not problems, "\n".join(problems)


def test_every_located_code_has_a_case() -> None:
    codes = {e.code for path in INVALID for e in parse_spec(path).errors}
    assert LOCATED_CODES - codes == set()


def test_several_errors_of_one_file_are_all_reported() -> None:
    counts = {path.name: len(parse_spec(path).errors) for path in INVALID}
    several = {name: n for name, n in counts.items() if name.startswith("several_")}
    assert all(n >= 2 for n in several.values()), several
    assert sum(n >= 3 for n in several.values()) >= 2, several


def test_match_errors_is_exact() -> None:
    want = [ExpectedError("unknown_key", frozenset({3}), 5)]
    assert _match_errors(want, [("unknown_key", 3, 5)]) == ([], [])
    assert _match_errors(want, [("unknown_key", 3, 6)]) == (want, [("unknown_key", 3, 6)])
    assert _match_errors(want, [("unknown_key", 3, 5), ("unknown_key", 3, 5)]) == (
        [],
        [("unknown_key", 3, 5)],
    )
    loose = [ExpectedError("bad_value", frozenset({1, 2}), None)]
    assert _match_errors(loose, [("bad_value", 2, 9)]) == ([], [])
    assert Counter(map(str, want)) == Counter(["unknown_key line=3 col=5"])
