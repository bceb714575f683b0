"""Reading one top-level section of a revision's text: the same data as parsing it all."""

from __future__ import annotations

import itertools

import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from steerco.app.workspace.sections import top_level_section

_shas = (f"sha-{n}" for n in itertools.count())

_keys = st.sampled_from(["name", "tasks", "progress", "decisions", "risks", "start"])
_scalars = st.one_of(
    st.integers(-5, 5), st.text(alphabet="abc :#-'\"", max_size=8), st.booleans(), st.none()
)
_values = st.recursive(
    _scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.sampled_from("xyz"), inner, max_size=3)
    ),
    max_leaves=8,
)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(_keys, _values, min_size=1, max_size=5), _keys, st.booleans())
def test_a_section_is_what_the_whole_document_holds(
    document: dict[str, object], key: str, flow: bool
) -> None:
    text = yaml.safe_dump(document, sort_keys=False, default_flow_style=flow or None)
    whole = yaml.safe_load(text)
    assert top_level_section(text, key, next(_shas)) == whole.get(key)


def test_a_section_with_comments_and_a_flow_list_reads_alone() -> None:
    text = (
        "# a plan\n"
        "name: P  # its name\n"
        "decisions:\n"
        "  - {id: d1, title: Vendor}   # open\n"
        "\n"
        "  # a comment at column 2\n"
        "  - id: d2\n"
        "    title: Budget\n"
        "progress:\n"
        "  status_date: 2027-01-05\n"
    )
    assert top_level_section(text, "decisions", next(_shas)) == [
        {"id": "d1", "title": "Vendor"},
        {"id": "d2", "title": "Budget"},
    ]
    assert top_level_section(text, "risks", next(_shas)) is None


def test_an_alias_to_an_anchor_elsewhere_falls_back_to_the_whole_text() -> None:
    text = "defaults: &d {owner: sponsor}\ndecisions:\n  - {id: d1, title: T, by: *d}\n"
    assert top_level_section(text, "decisions", next(_shas)) == [
        {"id": "d1", "title": "T", "by": {"owner": "sponsor"}}
    ]


def test_an_unreadable_text_has_no_section() -> None:
    assert top_level_section("decisions: [\n", "decisions", next(_shas)) is None


def test_a_line_at_column_0_inside_a_quoted_scalar_is_not_a_key() -> None:
    """A multi-line quoted description may hold `progress: ...` at column 0."""
    text = (
        'name: P\ndescription: "the first line\nprogress: not a key, still the description"\n'
        "decisions:\n  - {id: d1, title: Vendor}\n"
    )
    whole = yaml.safe_load(text)
    assert "progress" not in whole
    assert top_level_section(text, "progress", next(_shas)) is None
    assert top_level_section(text, "description", next(_shas)) == whole["description"]
    assert top_level_section(text, "decisions", next(_shas)) == [{"id": "d1", "title": "Vendor"}]


@settings(max_examples=60, deadline=None)
@given(
    st.dictionaries(_keys, st.text(alphabet="ab :\n'", max_size=30), min_size=1, max_size=4),
    _keys,
    st.sampled_from(['"', "'"]),
)
def test_multi_line_quoted_values_at_the_top_level_read_as_the_whole_document(
    document: dict[str, str], key: str, quote: str
) -> None:
    """Values written quoted over several lines, their continuations at column 0."""
    lines = []
    for name, value in document.items():
        escaped = value.replace("\\\\", "") if quote == '"' else value.replace("'", "''")
        lines.append(f"{name}: {quote}{escaped.replace(chr(10), chr(10) * 2)}{quote}")
    text = "\n".join(lines) + "\n"
    try:
        whole = yaml.safe_load(text)
    except yaml.YAMLError:
        assume(False)  # not a document: nothing to compare
    assert top_level_section(text, key, next(_shas)) == whole.get(key)
