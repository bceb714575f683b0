"""`.mpp` and `.mpx` files through MPXJ: the same plan as MSPDI, located errors, no extra."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli_runner import steerco
from steerco.formats.foreign import jvm
from steerco.formats.foreign.jvm import mpxj_available
from steerco.formats.foreign.read import read_foreign

TINY = Path(__file__).parents[1] / "data" / "interop" / "cli" / "tiny.xml"
needs_mpxj = pytest.mark.skipif(not mpxj_available(), reason="the mpxj extra is not installed")


def _mpx_of(source: Path, target: Path) -> str:
    """Write `source` (MSPDI) as an MPX file with MPXJ's own MPXWriter; its text."""
    jvm.start_jvm()
    from org.mpxj.mpx import MPXWriter
    from org.mpxj.reader import UniversalProjectReader

    MPXWriter().write(UniversalProjectReader().read(str(source)), str(target))
    return target.read_text(encoding="latin-1")


def _links(tasks: list[dict[str, object]]) -> dict[str, object]:
    found: dict[str, object] = {}
    for task in tasks:
        found[str(task["id"])] = task.get("after", [])
        found.update(_links(task.get("children", [])))  # type: ignore[arg-type]
    return found


@needs_mpxj
def test_an_mpx_file_reads_as_the_mspdi_file_it_was_written_from(tmp_path: Path) -> None:
    mpx = tmp_path / "tiny.mpx"
    _mpx_of(TINY, mpx)
    native, bridged = read_foreign(TINY), read_foreign(mpx)
    assert (bridged.format, bridged.tool) == ("mpx", "msproject")
    assert bridged.report[0].what == "file read through MPXJ"
    assert "MPXJ 1" in bridged.report[0].rule
    assert bridged.stored == native.stored
    assert _links(bridged.data["tasks"]) == _links(native.data["tasks"])
    names = [(t["id"], t.get("name")) for t in bridged.data["tasks"]]
    assert names == [(t["id"], t.get("name")) for t in native.data["tasks"]]


@needs_mpxj
def test_a_truncated_mpx_file_exits_2_at_its_record(tmp_path: Path) -> None:
    lines = _mpx_of(TINY, tmp_path / "whole.mpx").splitlines()
    cut = tmp_path / "cut.mpx"
    # record 8 (a working week's day) stops inside its first time of day
    cut.write_text("\n".join([*lines[:7], "25,3,08"]) + "\n", encoding="latin-1")
    result = steerco("import", cut)
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"{cut}:8: foreign_syntax: MPXJ cannot read this file: Error reading file "
        "(failed at line 8)"
    )


@needs_mpxj
def test_a_truncated_mpp_file_exits_2_located_at_the_file(tmp_path: Path) -> None:
    cut = tmp_path / "cut.mpp"
    cut.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + bytes(100))  # an OLE2 header, cut
    result = steerco("import", cut)
    assert result.exit_code == 2
    assert result.stderr == (
        f"{cut}: foreign_syntax: MPXJ cannot read this file: Error reading file\n"
    )


def test_without_the_extra_an_mpp_file_asks_for_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(jvm, "mpxj_available", lambda: False)
    plan = tmp_path / "plan.mpp"
    plan.write_bytes(b"anything")
    result = steerco("schedule", plan)
    assert result.exit_code == 2
    assert result.stderr == (
        f"{plan}: mpxj_missing: reading this file needs MPXJ: install the extra "
        "(pip install 'steerco[mpxj]') and a Java runtime, 17 or later\n"
    )
