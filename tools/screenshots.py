"""Screenshots of the web app for the docs: docs/images/workspace-*.png (run by hand).

Seeds a throwaway SQLite workspace with four bundled examples (`steerco seed`'s use case),
adds one user per role by their role's name (a project manager, "ML engineer 1" linked to
the resource `mle1`, a client), starts `steerco serve` on loopback, signs each in through
the sign-in form of Debian's headless Chromium and saves each main page once its analyses
are computed (no progress bar left):

- workspace-dashboard.png: the portfolio, as the project manager;
- workspace-project.png: the flagship project's Gantt, as the project manager;
- workspace-my-work.png: "my work" in the plan's second week, as ML engineer 1;
- workspace-portal.png: the client portal of the flagship project, as the client.

Run: `.venv/bin/python tools/screenshots.py [--only dashboard project ...]`.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from workspace.serve_process import ServeProcess, start_serve  # noqa: E402

IMAGES = ROOT / "docs" / "images"
CHROMIUM = "/usr/bin/chromium"
FLAGSHIP = "support-assistant"
EXAMPLES = ("support-assistant", "scrum-recommender", "demand-forecast", "llm-assistant")
PASSWORD = "screenshots passphrase"
WAIT_SECONDS = 600.0
"""How long the analyses of a page may take before the screenshot is given up."""


@dataclass(frozen=True)
class Shot:
    """One screenshot: its file name's stem, who signs in, the page and its viewport height."""

    name: str
    user: str
    path: str
    height: int = 900


SHOTS = (
    Shot("dashboard", "project-manager", "/dashboard", 720),
    Shot("project", "project-manager", f"/projects/{FLAGSHIP}/gantt", 1000),
    Shot("my-work", "ml-engineer-1", "/my-work?week=2027-01-18", 800),  # the plan's 2nd week
    Shot("portal", "client", f"/portal/{FLAGSHIP}", 1000),
)


def seed(url: str) -> None:
    """The examples as projects, and one user per role on them (names are roles, not people)."""
    from steerco.app.workspace.accounts import create_user
    from steerco.app.workspace.context import Role, open_workspace
    from steerco.app.workspace.members import add_member
    from steerco.app.workspace.seed import seed_workspace
    from steerco.app.workspace.tokens import create_token, principal_for_token
    from steerco.store.migrate import upgrade

    workspace = open_workspace(url)
    try:
        upgrade(workspace.engine)
        files = [ROOT / "examples" / f"{name}.yaml" for name in EXAMPLES]
        result = seed_workspace(workspace=workspace, files=files, admin="admin")
        skipped = [p for p in result.projects if p.outcome == "skipped"]
        if skipped:
            raise SystemExit(f"an example did not seed: {skipped[0].file}: {skipped[0].reason}")
        secret = create_token(workspace=workspace, user="admin", name="screenshots").secret
        admin = principal_for_token(workspace=workspace, secret=secret)
        people = {
            "project-manager": "Project manager",
            "ml-engineer-1": "ML engineer 1",
            "client": "Client sponsor",
        }
        for name, shown in people.items():
            create_user(workspace=workspace, name=name, password=PASSWORD, display_name=shown)
        for project in EXAMPLES:
            add_member(
                workspace=workspace,
                principal=admin,
                project=project,
                user="project-manager",
                role=Role.manager,
            )
        add_member(
            workspace=workspace,
            principal=admin,
            project=FLAGSHIP,
            user="ml-engineer-1",
            role=Role.member,
            resource="mle1",
        )
        add_member(
            workspace=workspace, principal=admin, project=FLAGSHIP, user="client", role=Role.client
        )
    finally:
        workspace.engine.dispose()


def shoot(server: ServeProcess, shots: list[Shot]) -> None:
    """Sign in as each shot's user and save its page once no analysis is pending."""
    from playwright.sync_api import expect, sync_playwright

    IMAGES.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, headless=True)
        try:
            for shot in shots:
                context = browser.new_context(
                    base_url=server.base,
                    viewport={"width": 1280, "height": shot.height},
                    device_scale_factor=1,
                )
                page = context.new_page()
                page.goto(f"/login?next={shot.path}")
                page.get_by_label("User name").fill(shot.user)
                page.get_by_label("Password").fill(PASSWORD)
                page.get_by_role("button", name="Sign in").click()
                page.wait_for_load_state()
                # A pending analysis shows a progress bar; the page reloads itself when done.
                expect(page.locator("progress")).to_have_count(0, timeout=1000 * WAIT_SECONDS)
                page.wait_for_load_state("networkidle")
                if not page.url.endswith(shot.path):
                    raise SystemExit(f"{shot.name}: ended on {page.url}, not {shot.path}")
                target = IMAGES / f"workspace-{shot.name}.png"
                page.screenshot(path=str(target))
                print(f"{target.relative_to(ROOT)}: {page.title()}", flush=True)
                context.close()
        finally:
            browser.close()


def main() -> None:
    """Seed, serve, shoot."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", choices=[s.name for s in SHOTS])
    args = parser.parse_args()
    shots = [s for s in SHOTS if not args.only or s.name in args.only]
    with tempfile.TemporaryDirectory(prefix="steerco-screenshots-") as folder:
        url = f"sqlite:///{Path(folder) / 'workspace.db'}"
        seed(url)
        server = start_serve(url, log=Path(folder) / "serve.log")
        try:
            shoot(server, shots)
        finally:
            server.stop()


if __name__ == "__main__":
    main()
