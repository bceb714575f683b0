"""`atomic_write` and `locked`: through symlinks, mode kept, never a mix, edits serialised."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from steerco.formats.atomic import atomic_write, locked


def test_a_symlink_stays_a_link_and_its_target_is_written(tmp_path: Path) -> None:
    real = tmp_path / "real" / "plan.yaml"
    real.parent.mkdir()
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "plan.yaml"
    link.symlink_to(real)
    atomic_write(link, "new\n")
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == "new\n"
    assert sorted(p.name for p in real.parent.iterdir()) == ["plan.yaml"]


def test_an_existing_files_mode_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text("old\n", encoding="utf-8")
    path.chmod(0o600)
    atomic_write(path, "new\n")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.stat().st_uid == os.getuid()


def test_a_new_sidecar_takes_the_project_files_mode(tmp_path: Path) -> None:
    project = tmp_path / "plan.yaml"
    project.write_text("name: x\n", encoding="utf-8")
    project.chmod(0o640)
    sidecar = tmp_path / "plan.snapshots.yaml"
    atomic_write(sidecar, "snapshots: []\n", like=project)
    assert stat.S_IMODE(sidecar.stat().st_mode) == 0o640


def test_the_lock_serialises_read_modify_write_between_threads(tmp_path: Path) -> None:
    path = tmp_path / "count.txt"
    path.write_text("0\n", encoding="utf-8")

    def bump() -> None:
        for _ in range(20):
            with locked(path):
                value = int(path.read_text(encoding="utf-8"))
                time.sleep(0.001)  # widen the window a lost update would need
                with locked(path):  # re-entrant within a thread
                    atomic_write(path, f"{value + 1}\n")

    threads = [threading.Thread(target=bump) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert path.read_text(encoding="utf-8") == "80\n"


_WRITER = """
import os, sys, time
from pathlib import Path
from steerco.formats import atomic
stage = sys.argv[2]
real = getattr(os, stage)
def stall(*args):
    print("stalled", flush=True)
    time.sleep(60)
    return real(*args)
setattr(os, stage, stall)
atomic.atomic_write(Path(sys.argv[1]), "new\\n" * 2_000_000)
"""


def _kill_while(path: Path, stage: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2] / "src")}
    writer = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(path), stage], stdout=subprocess.PIPE, env=env
    )
    assert writer.stdout is not None
    assert writer.stdout.readline() == b"stalled\n"
    writer.send_signal(signal.SIGKILL)
    writer.wait()


def test_a_writer_killed_before_the_rename_leaves_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text("old\n", encoding="utf-8")
    for stage in ("fsync", "replace"):  # data written but not synced; synced, not renamed
        _kill_while(path, stage)
        assert path.read_text(encoding="utf-8") == "old\n"
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != "plan.yaml"]
    assert all(name.startswith(".plan.yaml.") and name.endswith(".tmp") for name in leftovers)
    atomic_write(path, "next\n")  # the next run is not disturbed by what was left
    assert path.read_text(encoding="utf-8") == "next\n"


def test_a_failed_write_removes_its_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text("old\n", encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):  # not encodable: the write fails
        atomic_write(path, "\ud800")
    assert path.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.yaml"]


def test_a_folder_or_an_unwritable_place_is_refused_by_the_name_given(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError) as caught:
        atomic_write(tmp_path, "text\n")
    assert caught.value.filename == str(tmp_path) and "a folder" in str(caught.value.strerror)
    blocker = tmp_path / "plain.txt"
    blocker.write_text("a file, not a folder\n", encoding="utf-8")
    inside = blocker / "out.json"  # its parent is a file: no folder can be made there
    with pytest.raises(OSError) as refused:
        atomic_write(inside, "text\n")
    assert refused.value.filename == str(inside)  # not the temporary file's name
    assert "cannot write it" in str(refused.value.strerror)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plain.txt"]  # nothing left behind


def test_a_rename_that_fails_names_the_file_and_leaves_no_temporary_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "plan.yaml"
    target.write_text("old\n", encoding="utf-8")

    def refused(src: object, dst: object) -> None:
        raise PermissionError(1, "Operation not permitted", str(src))

    monkeypatch.setattr("steerco.formats.atomic.os.replace", refused)
    with pytest.raises(OSError) as caught:
        atomic_write(target, "new\n")
    assert caught.value.filename == str(target)
    assert "cannot write it (Operation not permitted)" in str(caught.value.strerror)
    assert [p.name for p in tmp_path.iterdir()] == ["plan.yaml"]
    assert target.read_text(encoding="utf-8") == "old\n"  # the old file, whole
