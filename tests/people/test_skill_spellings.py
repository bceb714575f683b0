"""One skill under two names is refused: `skills: {Python: 1, python: 5}` is not level 5.

Names match ignoring case, spaces, underscores and hyphens, and through aliases; a person
or a profile that lists one skill twice used to be merged silently, keeping the higher
level (a level-1 person qualified for a level-4 demand). Now it is `duplicate_key` at the
second name, naming both; only the byte-identical key was refused before (by the YAML
reader).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cli_runner import steerco
from steerco.errors import ProjectError
from steerco.formats.loader import load_project
from steerco.formats.profile_yaml import parse_profile
from steerco.people.library import PeopleData

TEAM = """\
name: T
start: 2027-03-01
tasks:
  - {{id: t, name: T, duration: 5, demands: [{{skill: python, min_level: 4}}]}}
resources:
  - {{id: a, name: A, skills: {SKILLS}}}
"""
# Column of the second name on the resources line: "  - {id: a, name: A, skills: {" is 30
# characters, and the first entry with its ", " follows it.


def _load(tmp_path: Path, skills: str) -> object:
    path = tmp_path / "team.yaml"
    path.write_text(TEAM.format(SKILLS=skills), encoding="utf-8")
    return load_project(path)


@pytest.mark.parametrize(
    ("skills", "first", "second", "skill", "column"),
    [
        ("{Python: 1, python: 5}", "Python", "python", "python", 42),
        ("{py_thon: 1, python: 5}", "py_thon", "python", "python", 43),
        ("{PyTorch: 3, py_torch: 5}", "PyTorch", "py_torch", "pytorch", 43),
        ("{training: 2, facilitation: 4}", "training", "facilitation", "facilitation", 44),
        ("{Plc Tuning: 2, plc-tuning: 4}", "Plc Tuning", "plc-tuning", "plc-tuning", 46),
    ],
)
def test_a_person_with_one_skill_under_two_names_is_a_located_duplicate_key(
    tmp_path: Path, skills: str, first: str, second: str, skill: str, column: int
) -> None:
    with pytest.raises(ProjectError) as caught:
        _load(tmp_path, skills)
    [d] = caught.value.diagnostics
    assert (d.code, d.path, d.line, d.column) == (
        "duplicate_key",
        ("resources", 0, "skills", second),
        6,
        column,
    )
    assert d.message == (
        f"skills {first!r} and {second!r} are one skill, {skill!r}: list it once, with one level"
    )


def test_validate_and_team_refuse_it_rather_than_qualify_the_person_at_5(tmp_path: Path) -> None:
    path = tmp_path / "team.yaml"
    path.write_text(TEAM.format(SKILLS="{Python: 1, python: 5}"), encoding="utf-8")
    for command in ("validate", "team"):
        code, _, err = steerco(command, path)
        assert code != 0, command
        assert "team.yaml:6:42: duplicate_key: skills 'Python' and 'python'" in err, command


def test_different_skills_and_one_spelling_each_still_load(tmp_path: Path) -> None:
    project = _load(tmp_path, "{Python: 5, PyTorch: 2, sql: 1}")
    assert project.resources[0].skills == {"python": 5, "pytorch": 2, "sql": 1}  # type: ignore[attr-defined]


def _profile_errors(data: PeopleData, text: str) -> list[tuple[str, object, int | None, str]]:
    with pytest.raises(ProjectError) as caught:
        parse_profile(text, "me.yaml", data)
    return [(d.code, d.path, d.column, d.message) for d in caught.value.diagnostics]


def test_a_profile_with_one_skill_under_two_names_is_refused(data: PeopleData) -> None:
    # "skills: {Python: 5, " is 20 characters: the second name is at column 21.
    assert _profile_errors(data, "name: X\nskills: {Python: 5, python: 1}\n") == [
        (
            "duplicate_key",
            ("skills", "python"),
            21,
            "skills 'Python' and 'python' are one skill, 'python': list it once, with one level",
        )
    ]
    [(code, path, column, _)] = _profile_errors(data, "skills: {PyTorch: 3, py_torch: 5}\n")
    assert (code, path, column) == ("duplicate_key", ("skills", "py_torch"), 22)


def test_a_profile_with_distinct_skills_resolves(data: PeopleData) -> None:
    profile = parse_profile("skills: {Python: 5, PyTorch: 1}\n", "me.yaml", data)
    assert profile.skills == {"python": 5, "pytorch": 1}


_SEPARATORS = st.sampled_from(["", " ", "_", "-"])


@st.composite
def _spellings(draw: st.DrawFn, word: str) -> str:
    """`word` with its letters' case flipped at random and separators put between them."""
    out = []
    for i, letter in enumerate(word):
        if i:
            out.append(draw(_SEPARATORS))
        out.append(letter.upper() if draw(st.booleans()) else letter)
    return "".join(out)


@given(st.data())
def test_any_two_spellings_of_a_skill_are_refused_at_the_second(
    data: PeopleData, drawn: st.DataObject
) -> None:
    word = drawn.draw(st.sampled_from(["python", "pytorch", "sql", "mlops"]))
    first = drawn.draw(_spellings(word))
    second = drawn.draw(_spellings(word).filter(lambda s: s != first))
    text = f"skills: {{'{first}': 2, '{second}': 3}}\n"
    [(code, path, _, message)] = _profile_errors(data, text)
    assert (code, path) == ("duplicate_key", ("skills", second))
    assert f"{first!r} and {second!r}" in message
