"""No merge-conflict marker survives in the sources, docs, examples or tests."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ("src", "docs", "examples", "tests", "benchmarks")
SUFFIXES = {".py", ".md", ".json", ".yaml", ".yml", ".html", ".toml", ".csv"}
MARKERS = ("<<<<<<< ", ">>>>>>> ")


def _marked(path: Path) -> list[int]:
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    return [n for n, line in enumerate(lines, 1) if line.startswith(MARKERS)]


def test_no_file_holds_a_conflict_marker() -> None:
    files = [ROOT / "Makefile", ROOT / "pyproject.toml", ROOT / "README.md"]
    for folder in FOLDERS:
        files += [p for p in (ROOT / folder).rglob("*") if p.suffix in SUFFIXES and p.is_file()]
    found = {str(p.relative_to(ROOT)): lines for p in files if (lines := _marked(p))}
    assert found == {}


def test_the_check_sees_a_marker(tmp_path: Path) -> None:
    marked = tmp_path / "m.py"
    text = '"""Doc.\n<<<<<<< HEAD\na\n=======\nb\n>>>>>>> branch\n"""\n'
    marked.write_text(text, encoding="utf-8")
    assert _marked(marked) == [2, 6]
