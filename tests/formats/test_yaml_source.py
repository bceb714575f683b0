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
    ],
    ids=["duplicate", "list-key", "syntax"],
)
def test_problems_are_located(text: str, code: str, line: int, column: int) -> None:
    with pytest.raises(ProjectError) as caught:
        load_yaml(text, "f.yaml")
    first = caught.value.diagnostics[0]
    assert (first.code, first.file, first.line, first.column) == (code, "f.yaml", line, column)
