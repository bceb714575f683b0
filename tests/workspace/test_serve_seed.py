"""`steerco seed` (what `make run` does): a site admin and the example projects, idempotently."""

from __future__ import annotations

import stat
from pathlib import Path

from cli_runner import steerco
from steerco.app.workspace.accounts import create_user, list_users
from steerco.app.workspace.context import Principal, Workspace, open_workspace
from steerco.app.workspace.edits import edit_entity
from steerco.app.workspace.projects import get_project, list_revisions
from steerco.app.workspace.rows import list_rows
from steerco.app.workspace.seed import seed_workspace
from steerco.app.workspace.tokens import principal_for_token, sign_in

ROOT = Path(__file__).resolve().parents[2]
KANBAN = ROOT / "examples" / "kanban-mlops.yaml"
SCRUM = ROOT / "examples" / "scrum-recommender.yaml"


def _broken(tmp_path: Path) -> Path:
    """A project file without its start date."""
    path = tmp_path / "broken.yaml"
    path.write_text("name: Broken\ntasks:\n  - {id: a, name: A, duration: 2}\n", encoding="utf-8")
    return path


def test_seeding_creates_the_admin_and_each_valid_file_as_a_project(
    workspace: Workspace, tmp_path: Path
) -> None:
    result = seed_workspace(workspace=workspace, files=[KANBAN, SCRUM, _broken(tmp_path)])
    assert result.admin == "admin"
    assert result.password is not None and len(result.password) == 24
    outcomes = [(p.project, p.outcome, p.revision) for p in result.projects]
    assert outcomes == [
        ("kanban-mlops", "created", 1),
        ("scrum-recommender", "created", 1),
        ("broken", "skipped", None),
    ]
    assert "missing_field" in result.projects[2].reason
    [admin] = list_users(workspace=workspace)
    assert (admin.name, admin.is_admin) == ("admin", True)
    session = sign_in(workspace=workspace, name="admin", password=result.password, client="test")
    principal = principal_for_token(workspace=workspace, secret=session.secret)
    assert get_project(workspace=workspace, principal=principal, project="kanban-mlops").name


def test_seeding_again_adds_nothing_and_keeps_edits(workspace: Workspace) -> None:
    first = seed_workspace(workspace=workspace, files=[KANBAN])
    assert first.password is not None
    session = sign_in(workspace=workspace, name="admin", password=first.password, client="t")
    principal = principal_for_token(workspace=workspace, secret=session.secret)
    edit_entity(
        workspace=workspace,
        principal=principal,
        project="kanban-mlops",
        collection="tasks",
        key=_first_task(workspace, principal),
        changes={"name": "Renamed in the workspace"},
    )
    again = seed_workspace(workspace=workspace, files=[KANBAN, SCRUM])
    assert again.password is None
    assert [(p.project, p.outcome, p.revision) for p in again.projects] == [
        ("kanban-mlops", "present", 2),
        ("scrum-recommender", "created", 1),
    ]
    revisions = list_revisions(workspace=workspace, principal=principal, project="kanban-mlops")
    assert revisions.total == 2
    assert [u.name for u in list_users(workspace=workspace)] == ["admin"]


def _first_task(workspace: Workspace, principal: Principal) -> str:
    """The id of the first task of the kanban example."""
    page = list_rows(
        workspace=workspace,
        principal=principal,
        project="kanban-mlops",
        collection="tasks",
        limit=1,
    )
    return page.items[0].key


def test_a_user_named_admin_who_is_not_a_site_admin_is_refused(workspace_url: str) -> None:
    opened = open_workspace(workspace_url)
    try:
        create_user(workspace=opened, name="admin", password="a long passphrase")
    finally:
        opened.engine.dispose()
    result = steerco("seed", "--db", workspace_url, KANBAN)
    assert result.exit_code == 2
    assert result.stderr == (
        "steerco: the user 'admin' exists but is not an active site admin; "
        "seed with another --admin\n"
    )


def test_the_password_goes_to_a_private_file_once_and_is_never_printed(
    workspace_url: str, tmp_path: Path
) -> None:
    secret = tmp_path / "out" / "workspace-admin.txt"
    first = steerco("seed", "--db", workspace_url, "--password-file", secret, KANBAN)
    assert first.exit_code == 0, first.output
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    name, password = secret.read_text(encoding="utf-8").splitlines()
    assert name == "name: admin"
    password = password.removeprefix("password: ")
    assert len(password) == 24
    assert password not in first.output
    assert first.stdout.splitlines() == [
        f"{workspace_url}: 1 project added (kanban-mlops), 0 already there",
        f"first login: admin, password in {secret} (mode 0600)",
        f"start it: steerco serve --db {workspace_url}",
    ]
    again = steerco("seed", "--db", workspace_url, "--password-file", secret, KANBAN, SCRUM)
    assert again.exit_code == 0, again.output
    assert password not in again.output
    assert again.stdout.splitlines()[:2] == [
        f"{workspace_url}: 1 project added (scrum-recommender), 1 already there",
        f"first login: admin; its password is not shown again (written to {secret} when it "
        "was created)",
    ]
    assert secret.read_text(encoding="utf-8").endswith(f"password: {password}\n")


def test_without_a_password_file_the_password_is_printed_once(workspace_url: str) -> None:
    first = steerco("seed", "--db", workspace_url, KANBAN)
    assert first.exit_code == 0, first.output
    shown = [line for line in first.stdout.splitlines() if line.startswith("first login")]
    assert shown[0].startswith("first login: admin, password ")
    password = shown[0].split()[4]
    again = steerco("seed", "--db", workspace_url, KANBAN)
    assert password not in again.output
    assert "first login: admin; its password is not shown again\n" in again.stdout
