"""Every console block of README.md and docs/*.md runs and prints what it shows.

The runner is tests/docs_console.py (its rules are in docs/testing.md, "The docs test");
`pytest tests/test_docs_console.py --update-docs` rewrites the shown outputs instead.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from docs_console import (
    DOCS,
    ROOT,
    Command,
    blocks,
    check,
    matches,
    run,
    scratch,
    update,
)


@pytest.mark.parametrize("doc", DOCS, ids=lambda doc: str(doc.relative_to(ROOT)))
def test_console_blocks_print_what_they_show(
    doc: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    scratch(tmp_path)
    outcomes = check(doc, tmp_path)
    if request.config.getoption("--update-docs"):
        update(doc, outcomes)
        outcomes = [o for o in outcomes if not o.command.shown]
    problems = [
        f"{doc.name}:{o.command.line + 1}: $ {o.command.text}\n{o.problem}"
        for o in outcomes
        if o.problem
    ]
    assert not problems, "\n\n".join(problems)


def test_every_skip_has_a_reason_listed_in_testing_md() -> None:
    testing = (ROOT / "docs" / "testing.md").read_text(encoding="utf-8")
    skipped = [block for doc in DOCS for block in blocks(doc) if block.skip]
    assert skipped, "the synopsis of docs/cli.md is skipped"
    for block in skipped:
        where = f"{block.doc.relative_to(ROOT)}"
        assert f"`{where}`" in testing and block.skip in testing, where


def test_blocks_are_parsed_into_commands_and_shown_output(tmp_path: Path) -> None:
    doc = tmp_path / "doc.md"
    doc.write_text(
        "Intro\n\n<!-- docs-test: skip (too slow) -->\n```console\n$ steerco a\n```\n\n"
        "  ```console\n  $ steerco b   # note\n  out 1\n  out 2\n  $ steerco c\n  ```\n"
        "```yaml\n$ not a command\n```\n",
        encoding="utf-8",
    )
    found = blocks(doc)
    assert [(b.skip, b.indent, [c.text for c in b.commands]) for b in found] == [
        ("too slow", "", ["steerco a"]),
        (None, "  ", ["steerco b   # note", "steerco c"]),
    ]
    assert [c.shown for c in found[1].commands] == [["out 1", "out 2"], []]


def test_placeholder_stands_for_any_text_and_trailing_spaces_do_not_count() -> None:
    assert matches("bound 48, gap 0.0%, … s", "bound 48, gap 0.0%, 12.5 s   ")
    assert matches("plain  ", "plain")
    assert not matches("bound 48, … s", "bound 49, 0.1 s")
    assert not matches("a.b", "axb")  # the shown text is literal, not a pattern


def test_a_wrong_output_fails_and_update_rewrites_it_once(tmp_path: Path) -> None:
    (tmp_path / "work").mkdir()
    doc = tmp_path / "doc.md"
    doc.write_text(
        "```console\n$ cat note.txt\nhello\n$ steerco validate missing.yaml\n"
        "missing.yaml: file_not_… such file\nwrong line\n$ steerco validate missing.yaml\n```\n",
        encoding="utf-8",
    )
    outcomes = check(doc, tmp_path / "work")
    assert (tmp_path / "work" / "note.txt").read_text(encoding="utf-8") == "hello\n"
    problems = [o.problem is not None for o in outcomes]
    assert problems == [False, True, True]  # missing file: exit 2, and not the shown line
    assert update(doc, outcomes)  # the line the placeholder matches is kept as written
    expected = (
        "```console\n$ cat note.txt\nhello\n$ steerco validate missing.yaml\n"
        "missing.yaml: file_not_… such file\nmissing.yaml: 1 error, 0 warnings\n"
        "$ steerco validate missing.yaml\n```\n"
    )
    assert doc.read_text(encoding="utf-8") == expected
    again = check(doc, tmp_path / "work")
    assert not update(doc, again)
    assert doc.read_text(encoding="utf-8") == expected


def test_a_redirect_writes_stdout_to_the_file_and_shows_only_stderr(tmp_path: Path) -> None:
    status, shown = run(Command(0, "steerco --version > version.txt"), tmp_path)
    assert status == 0 and shown == ""
    assert (tmp_path / "version.txt").read_text(encoding="utf-8").startswith("steerco")
