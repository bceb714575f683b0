"""`steerco push`, `steerco pull` and `steerco db upgrade` on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from cli_runner import steerco
from steerco.app.workspace.context import Workspace
from steerco.app.workspace.edits import edit_entity
from steerco.store.migrate import head_revision
from workspace.projects_support import PLAN, user


def _files(tmp_path: Path) -> Path:
    """The plan with CRLF line breaks and a snapshots sidecar beside it."""
    path = tmp_path / "Odd Plan.yaml"
    path.write_bytes(PLAN.replace("\n", "\r\n").encode())
    (tmp_path / "Odd Plan.snapshots.yaml").write_bytes(b"# none yet\nsnapshots: []\n")
    return path


def test_push_then_pull_gives_back_the_same_bytes(
    workspace: Workspace, workspace_url: str, tmp_path: Path
) -> None:
    user(workspace, "root", admin=True)
    path = _files(tmp_path)
    pushed = steerco("push", path, "--db", workspace_url)
    assert pushed.exit_code == 0, pushed.output
    assert pushed.stdout.startswith("odd-plan: revision 1 (push by root, sha256 ")
    out = tmp_path / "out" / "plan.yaml"
    pulled = steerco("pull", "odd-plan", "--out", out, "--db", workspace_url)
    assert pulled.exit_code == 0, pulled.output
    assert out.read_bytes() == path.read_bytes()
    sidecar = tmp_path / "out" / "plan.snapshots.yaml"
    assert sidecar.read_bytes() == b"# none yet\nsnapshots: []\n"
    assert not (tmp_path / "out" / "plan.baselines.yaml").exists()
    again = steerco("push", path, "--db", workspace_url)
    assert again.stdout.startswith("odd-plan: revision 1 ")


def test_pull_has_the_edits_and_older_revisions(
    workspace: Workspace, workspace_url: str, tmp_path: Path
) -> None:
    root = user(workspace, "root", admin=True)
    path = _files(tmp_path)
    assert steerco("push", path, "--db", workspace_url).exit_code == 0
    edit_entity(
        workspace=workspace,
        principal=root,
        project="odd-plan",
        collection="tasks",
        key="design",
        changes={"duration": 4},
    )
    now = tmp_path / "now.yaml"
    assert steerco("pull", "odd-plan", "-o", now, "--db", workspace_url).exit_code == 0
    expected = PLAN.replace("      duration: 3\n", "      duration: 4\n").replace("\n", "\r\n")
    assert now.read_bytes() == expected.encode()
    then = tmp_path / "then.yaml"
    old = steerco("pull", "odd-plan", "-o", then, "--revision", "1", "--db", workspace_url)
    assert (
        old.stdout
        == f"odd-plan: revision 1 written to {then}, {tmp_path / 'then.snapshots.yaml'}\n"
    )
    assert then.read_bytes() == path.read_bytes()


def test_as_a_user_with_their_rights(
    workspace: Workspace, workspace_url: str, tmp_path: Path
) -> None:
    user(workspace, "ann")
    user(workspace, "bob")
    path = _files(tmp_path)
    assert steerco("push", path, "--as", "ann", "--db", workspace_url).exit_code == 0
    refused = steerco("pull", "odd-plan", "--as", "bob", "--db", workspace_url)
    assert refused.exit_code == 2
    assert refused.stderr == "not_found: no project 'odd-plan' (or you are not a member of it)\n"
    nobody = steerco("pull", "odd-plan", "--db", workspace_url)  # no site admin yet
    assert nobody.exit_code == 2 and "steerco users add NAME --admin" in nobody.stderr


def test_an_invalid_file_is_refused_with_its_locations(
    workspace: Workspace, workspace_url: str, tmp_path: Path
) -> None:
    user(workspace, "root", admin=True)
    path = tmp_path / "bad.yaml"
    path.write_text(PLAN.replace("after: [ build ]", "after: [ nowhere ]"))
    refused = steerco("push", path, "--db", workspace_url)
    assert refused.exit_code == 2
    assert refused.stderr.startswith("bad.yaml:24:16: unknown_task: ")
    assert refused.stdout == ""


def test_db_upgrade_creates_the_schema(tmp_path: Path) -> None:
    target = tmp_path / "fresh" / "workspace.db"
    done = steerco("db", "upgrade", "--db", str(target))
    assert done.exit_code == 0, done.output
    assert done.stdout == f"sqlite:///{target}: schema at revision {head_revision()}\n"
    again = steerco("db", "upgrade", "--db", str(target))
    assert again.stdout == done.stdout


def test_db_upgrade_of_a_migrated_postgresql_database(workspace_url: str) -> None:
    done = steerco("db", "upgrade", "--db", workspace_url)
    assert done.exit_code == 0, done.output
    assert done.stdout.endswith(f": schema at revision {head_revision()}\n")


def test_push_with_a_base_refuses_to_undo_edits_made_since(
    workspace: Workspace, workspace_url: str, tmp_path: Path
) -> None:
    root = user(workspace, "root", admin=True)
    path = _files(tmp_path)
    assert steerco("push", path, "--db", workspace_url).exit_code == 0  # revision 1
    edit_entity(
        workspace=workspace,
        principal=root,
        project="odd-plan",
        collection="tasks",
        key="design",
        changes={"duration": 4},
    )  # revision 2
    path.write_bytes(path.read_bytes().replace(b"Odd", b"Even"))
    refused = steerco("push", path, "--base", "1", "--db", workspace_url)
    assert refused.exit_code == 2, refused.output
    assert refused.stderr.startswith(
        "edit_conflict: 'odd-plan' is at revision 2, and your file was pulled at revision 1"
    )
    assert refused.stdout == ""
    now = tmp_path / "now.yaml"
    assert steerco("pull", "odd-plan", "-o", now, "--db", workspace_url).exit_code == 0
    assert b"duration: 4" in now.read_bytes()
    current = steerco("push", path, "--base", "2", "--db", workspace_url)
    assert current.stdout.startswith("odd-plan: revision 3 "), current.output
