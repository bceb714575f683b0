"""`read_foreign`: each suffix goes to its reader, `--project` is checked on every format."""

from __future__ import annotations

import sys
import types
from pathlib import Path
from typing import Any

import pytest

from fake_foreign import plan
from steerco.errors import ProjectError
from steerco.formats.foreign.read import read_foreign

READERS = {
    ".xml": ("mspdi_read", "read_mspdi"),
    ".XER": ("xer_read", "read_xer"),
    ".gan": ("gan_read", "read_gan"),
    ".mpp": ("mpxj_bridge", "read_with_mpxj"),
    ".mpx": ("mpxj_bridge", "read_with_mpxj"),
}


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, Path, dict[str, Any]]]:
    """Stand-in readers that record how they were called."""
    seen: list[tuple[str, Path, dict[str, Any]]] = []
    for module, function in set(READERS.values()):
        fake = types.ModuleType(f"steerco.formats.foreign.{module}")

        def reader(path: Path, _name: str = function, **options: Any) -> Any:
            seen.append((_name, path, options))
            return plan(path, project_id="P1", projects=("P1",))

        setattr(fake, function, reader)
        monkeypatch.setitem(sys.modules, fake.__name__, fake)
    return seen


@pytest.mark.parametrize("suffix", READERS)
def test_each_suffix_goes_to_its_reader(
    suffix: str, calls: list[tuple[str, Path, dict[str, Any]]]
) -> None:
    path = Path(f"plan{suffix}")
    assert read_foreign(path).source == path
    expected_options = {"project": None} if suffix == ".XER" else {}
    assert calls == [(READERS[suffix][1], path, expected_options)]


def test_the_xer_reader_picks_the_project_itself(
    calls: list[tuple[str, Path, dict[str, Any]]],
) -> None:
    read_foreign(Path("plan.xer"), project="P7")  # the XER reader raises for an unknown one
    assert calls == [("read_xer", Path("plan.xer"), {"project": "P7"})]


def test_project_must_name_the_one_project_of_another_format(
    calls: list[tuple[str, Path, dict[str, Any]]],
) -> None:
    assert read_foreign(Path("plan.gan"), project="P1").project_id == "P1"
    with pytest.raises(ProjectError) as caught:
        read_foreign(Path("plan.gan"), project="P2")
    assert [d.format() for d in caught.value.diagnostics] == [
        "plan.gan: unknown_foreign_project: the file holds no project 'P2'; its projects: P1"
    ]


def test_without_ids_the_project_is_named_by_its_title(monkeypatch: pytest.MonkeyPatch) -> None:
    from steerco.formats.foreign import read

    monkeypatch.setattr(read, "_read", lambda path, kind, project: plan(path))
    assert read_foreign(Path("plan.xml"), project="Tiny plan").data["name"] == "Tiny plan"
    with pytest.raises(ProjectError, match="its projects: Tiny plan"):
        read_foreign(Path("plan.xml"), project="Other")


def test_another_suffix_is_an_unknown_file_type() -> None:
    with pytest.raises(ProjectError) as caught:
        read_foreign(Path("plan.pdf"))
    assert [d.format() for d in caught.value.diagnostics] == [
        "plan.pdf: unknown_file_type: cannot read .pdf as a plan; expected .xml, .xer, .gan, "
        ".mpp, .mpx"
    ]
