"""The YAML reader: the C loader's fast path and the located path give the same data."""

from __future__ import annotations

from pathlib import Path

import pytest

from steerco.errors import ProjectError
from steerco.formats import yaml_source
from steerco.formats.yaml_source import load_located_yaml, load_yaml

ROOT = Path(__file__).parents[2]
DOCUMENTS = sorted(
    [*ROOT.glob("examples/**/*.yaml"), *ROOT.glob("tests/cases/**/*.yaml")],
    key=lambda p: str(p),
)


@pytest.mark.parametrize("path", DOCUMENTS, ids=[str(p.relative_to(ROOT)) for p in DOCUMENTS])
def test_fast_and_located_paths_agree(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    try:
        located, where = load_located_yaml(text, str(path))
    except ProjectError as error:
        with pytest.raises(ProjectError) as caught:
            load_yaml(text, str(path))
        assert [d.format() for d in caught.value.diagnostics] == [
            d.format() for d in error.diagnostics
        ]
        return
    data, lazy = load_yaml(text, str(path))
    assert data == located
    assert lazy.values == where.values and lazy.keys == where.keys
    assert lazy.mapping_keys == where.mapping_keys


def test_positions_are_computed_only_when_asked_for(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    located = yaml_source.load_located_yaml

    def spy(text: str, file: str | None = None):  # type: ignore[no-untyped-def]
        calls.append(text)
        return located(text, file)

    monkeypatch.setattr(yaml_source, "load_located_yaml", spy)
    data, locations = load_yaml("a: 1\nb: [x, {c: 2}]\n")
    assert data == {"a": 1, "b": ["x", {"c": 2}]} and calls == []
    assert locations.find(("b", 1, "c")) == (2, 12)
    assert len(calls) == 1
    assert locations.find(("a",)) == (1, 4) and len(calls) == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("base: &b {x: 1}\nother: *b\n", {"base": {"x": 1}, "other": {"x": 1}}),
        ("base: &b {x: 1}\nother: {<<: *b, y: 2}\n", None),  # merge keys: as the located path
        ("when: 2027-02-30\n", {"when": "2027-02-30"}),  # an impossible date stays text
        ("= : 1\n", {"=": 1}),
    ],
    ids=["alias", "merge", "bad-date", "value-key"],
)
def test_unusual_documents_load_as_the_located_path_loads_them(text: str, expected: object) -> None:
    data, _ = load_yaml(text)
    assert data == load_located_yaml(text)[0]
    if expected is not None:
        assert data == expected


@pytest.mark.parametrize(
    ("text", "code", "line", "column"),
    [
        ("a: 1\na: 2\n", "duplicate_key", 2, 1),
        ("? [x]\n: 1\n", "yaml_syntax", 1, 3),
        ("a: [1\n", "yaml_syntax", 2, 1),
        ("a: 1\nb: x\x07y\n", "yaml_syntax", 2, 5),  # found by the fuzzer: no line before
        ("a: 1\nyes: 2\n", "bad_value", 2, 1),  # YAML 1.1's true (was "Keys should be strings")
        ("a: {off: 1}\n", "bad_value", 1, 5),
        ("~: 1\n", "bad_value", 1, 1),
    ],
    ids=["duplicate", "list-key", "syntax", "control-character", "yes", "off", "null"],
)
def test_problems_are_located(text: str, code: str, line: int, column: int) -> None:
    with pytest.raises(ProjectError) as caught:
        load_yaml(text, "f.yaml")
    first = caught.value.diagnostics[0]
    assert (first.code, first.file, first.line, first.column) == (code, "f.yaml", line, column)


# --- Hostile documents: limits on size, depth and aliases (issue 14, point 2) -------------

LAUGHS = "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 9) if prev else ', '.join(['x'] * 9)}]\n"
    for prev, name in zip(["", *"abcdefgh"], "abcdefghi", strict=True)
)
"""Nine levels of aliases, each repeating the one before nine times: 9**9 values in all.

Repeats by line: b 9*10 = 90, c 9*91, d 9*820, e 9*7381 (74,718 so far), and the first `*e`
of line 6 repeats 66,430 more: the 100,000 budget runs out on line 6, in `f`'s list (col 4).
"""


def _first(text: str, file: str = "f.yaml") -> tuple[str, int | None, int | None, str]:
    with pytest.raises(ProjectError) as caught:
        load_yaml(text, file)
    d = caught.value.diagnostics[0]
    assert d.file == file
    return d.code, d.line, d.column, d.message


def test_billion_laughs_stops_at_the_alias_budget() -> None:
    assert LAUGHS.splitlines()[1] == "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]"
    code, line, column, message = _first(LAUGHS)
    assert (code, line, column) == ("yaml_alias_budget", 6, 4)
    assert "*e repeats all of &e" in message and "100,000" in message


def test_aliases_within_the_budget_load() -> None:
    text = "a: &a [1, 2, 3, 4]\n" + "".join(f"k{i}: *a\n" for i in range(20_000))  # 100k values
    data, _ = load_yaml(text)
    assert len(data) == 20_001 and data["k19999"] == [1, 2, 3, 4]
    code, line, column, _ = _first(text + "one_more: *a\n")
    assert (code, line, column) == ("yaml_alias_budget", 20_002, 1)


def test_a_recursive_alias_is_named() -> None:
    code, line, column, message = _first("x: 1\nloop: &r [1, *r]\n")
    assert (code, line, column) == ("yaml_too_deep", 2, 7)
    assert "*r sits inside the value of &r" in message


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("x: " + "[" * 150 + "]" * 150 + "\n", 1, 103),  # the root mapping is level 1
        ("x: " + "[" * 100 + "]" * 100 + "\n", 1, 103),
        ("".join(" " * i + f"k{i}:\n" for i in range(120)) + " " * 120 + "v: 1\n", 101, 101),
        ("x: " + "[" * 5000 + "]" * 5000 + "\n", 1, 1003),  # libyaml's own limit (1000)
    ],
    ids=["flow", "flow-101", "block", "libyaml"],
)
def test_nesting_beyond_the_limit_is_located(text: str, line: int, column: int) -> None:
    code, *where, message = _first(text)
    assert (code, *where) == ("yaml_too_deep", line, column)
    assert "100 levels" in message


def test_nesting_at_the_limit_loads() -> None:
    data, _ = load_yaml("x: " + "[" * 99 + "]" * 99 + "\n")
    for _ in range(99):
        data = data["x"] if isinstance(data, dict) else data[0]
    assert data == []


def test_nesting_through_an_alias_counts() -> None:
    inner = "[" * 60 + "]" * 60
    text = f"x: &a {inner}\ny: {'[' * 60}*a{']' * 60}\n"
    code, line, _, _ = _first(text)
    assert (code, line) == ("yaml_too_deep", 1)


def test_a_text_over_the_size_limit_is_refused_before_parsing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(yaml_source, "MAX_YAML_CHARS", 20)
    assert load_yaml("a: 12345678901234567")[0] == {"a": 12345678901234567}  # 20 characters
    code, line, column, message = _first("a: 1\nb: [\n    xxxxxxxxxxxxxxx\n")  # no syntax error
    assert (code, line, column) == ("yaml_too_large", 3, 11)
    assert "30 characters long" in message


def test_the_size_limit_is_documented_as_8_mib() -> None:
    assert yaml_source.MAX_YAML_CHARS == 8 * 2**20
    assert "8 MiB" in (ROOT / "docs" / "project-file.md").read_text(encoding="utf-8")


def _parse_project(text: str, file: str) -> object:
    from steerco.formats.project_yaml import parse_project_yaml

    return parse_project_yaml(text, file)


def _parse_history(text: str, file: str) -> object:
    from steerco.formats.history import parse_history

    return parse_history(text, kind="yaml", file=file)


def _parse_throughput(text: str, file: str) -> object:
    from steerco.formats.history import parse_throughput

    return parse_throughput(text, kind="yaml", file=file)


def _parse_metrics(text: str, file: str) -> object:
    from steerco.formats.metrics_file import parse_metrics

    return parse_metrics(text, kind="yaml", file=file)


def _parse_profile(text: str, file: str) -> object:
    from steerco.formats.profile_yaml import parse_profile
    from steerco.library.people import load_people_data

    return parse_profile(text, file, load_people_data())


def _parse_baselines(text: str, file: str) -> object:
    from steerco.formats.baselines_file import parse_baselines

    return parse_baselines(text, file)


def _load_snapshots(text: str, file: str) -> object:
    from steerco.formats.snapshots import load_snapshots, snapshots_path

    project = Path(file)
    snapshots_path(project).write_text(text, encoding="utf-8")
    return load_snapshots(project)


@pytest.mark.parametrize(
    "reader",
    [
        _parse_project,
        _parse_history,
        _parse_throughput,
        _parse_metrics,
        _parse_profile,
        _parse_baselines,
        _load_snapshots,
    ],
)
def test_every_yaml_reader_applies_the_limits(reader: object, tmp_path: Path) -> None:
    file = str(tmp_path / "plan.yaml")
    deep = "x: " + "[" * 150 + "]" * 150
    for text, expected in [
        (LAUGHS, ("yaml_alias_budget", 6, 4)),
        (deep, ("yaml_too_deep", 1, 103)),
    ]:
        with pytest.raises(ProjectError) as caught:
            reader(text, file)  # type: ignore[operator]
        first = caught.value.diagnostics[0]
        assert (first.code, first.line, first.column) == expected
        assert first.file is not None and first.file.startswith(str(tmp_path / "plan."))


_BOUNDED = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (BYTES, BYTES))
from steerco.cli.main import run
sys.argv = ["steerco", "validate", sys.argv[1]]
run()
"""


def test_billion_laughs_fails_located_within_a_memory_limit(tmp_path: Path) -> None:
    """Under a 768 MiB address-space limit (steerco's imports take about half) the CLI exits 2
    with the located code: the old reader grew past 2.6 GB and died with a MemoryError."""
    import subprocess
    import sys

    plan = tmp_path / "laughs.yaml"
    plan.write_text(LAUGHS, encoding="utf-8")
    env = {"PYTHONPATH": str(ROOT / "src"), "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    script = _BOUNDED.replace("BYTES", str(768 * 2**20))
    done = subprocess.run(
        [sys.executable, "-c", script, str(plan)], capture_output=True, text=True, env=env
    )
    assert done.returncode == 2, done.stderr[-2000:]
    assert done.stderr.strip() == (
        f"{plan}:6:4: yaml_alias_budget: the aliases here expand to more than 100,000 values "
        "(each *e repeats all of &e); write the values out, or repeat less\n"
        f"{plan}: 1 error, 0 warnings"
    )


def test_a_file_over_the_read_limit_is_refused_unread(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from steerco.formats import files

    monkeypatch.setattr(files, "MAX_FILE_BYTES", 10)
    small, big = tmp_path / "small.yaml", tmp_path / "big.yaml"
    small.write_bytes(b"a\r\nb\rc\n\xc3\xa9!")  # 10 bytes; line ends read as in text mode
    big.write_bytes(b"a: 12345678")  # 11 bytes
    assert files.read_text(small) == "a\nb\nc\né!"
    with pytest.raises(ProjectError) as caught:
        files.read_text(big)
    assert caught.value.diagnostics[0].format() == (
        f"{big}: file_too_large: the file is larger than 10 bytes, the most steerco reads "
        "(64 MiB); "
        "split it or leave out what it does not need"
    )


def test_a_key_read_as_a_boolean_says_how_to_write_it_as_a_name() -> None:
    with pytest.raises(ProjectError) as caught:
        load_yaml("name: p\nyes: 1\n", "f.yaml")
    [error] = caught.value.diagnostics
    assert "key 'yes' reads as true" in error.message and "('yes':)" in error.message
    assert load_yaml("'yes': 1\n")[0] == {"yes": 1}  # quoted, it is the name
