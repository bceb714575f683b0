"""Helpers of the My work, comments and portal page tests."""

from __future__ import annotations

import time

from httpx import Response

from steerco.app.workspace.context import Principal, Workspace
from steerco.app.workspace.projects import pull_project, push_project
from steerco.app.workspace.tokens import create_token, principal_for_token
from web.pages_support import Browser
from workspace.api_support import PLAN_TEXT

DECISIONS = """decisions:
  - id: gpu-budget
    title: Approve the GPU budget
    owner: sponsor
    needed_by: 2027-01-20
    options: [buy, rent]
  - {id: scope, title: Drop the second language, status: decided}
"""


def principal_of(workspace: Workspace, name: str) -> Principal:
    """The principal of user `name` (through a fresh token of theirs)."""
    secret = create_token(workspace=workspace, user=name, name="page-tests").secret
    return principal_for_token(workspace=workspace, secret=secret)


def add_decisions(workspace: Workspace) -> None:
    """Push project `plan` again with two decisions (`gpu-budget` open, `scope` decided)."""
    owner = principal_of(workspace, "owner")
    push_project(
        workspace=workspace,
        principal=owner,
        text=PLAN_TEXT + DECISIONS,
        file_name="plan.yaml",
        project="plan",
    )


def plan_text(workspace: Workspace) -> str:
    """The current revision's text of project `plan`."""
    return pull_project(
        workspace=workspace, principal=principal_of(workspace, "owner"), project="plan"
    ).text


def settled(browser: Browser, url: str) -> Response:
    """The page once no background job is running for it (its progress bar gone)."""
    for _ in range(1200):
        answer = browser.get(url)
        if "<progress" not in answer.text:
            return answer
        time.sleep(0.05)
    raise AssertionError(f"{url} still computes")
