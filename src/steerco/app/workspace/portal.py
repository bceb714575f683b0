"""The client portal's use cases: the decisions a project needs, each with its comments."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from steerco.app.workspace.comments import DECISIONS, CommentView, list_comments
from steerco.app.workspace.context import Action, Principal, Workspace
from steerco.app.workspace.permissions import authorize
from steerco.app.workspace.sections import current_section

__all__ = ["DecisionThread", "decision_threads"]


@dataclass(frozen=True)
class DecisionThread:
    """A decision of the current revision (`decisions:`) and the comments on it."""

    id: str
    title: str
    status: str
    needed_by: dt.date | None
    options: tuple[str, ...]
    comments: list[CommentView]

    @property
    def target(self) -> str:
        """The comment target that names this decision."""
        return f"{DECISIONS}/{self.id}"


def _day(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def decision_threads(
    *, workspace: Workspace, principal: Principal, project: str
) -> list[DecisionThread]:
    """Every decision of the project's current revision, in file order, with its comments.

    Whoever may read the client report (a client too) reads them.
    """
    with workspace.transaction() as session:
        found = authorize(session, principal, project, Action.read_client)
        listed = current_section(session, found.project_id, DECISIONS)
    decisions = [d for d in listed or [] if isinstance(d, dict) and d.get("id") is not None]
    threads: list[DecisionThread] = []
    for decision in decisions:
        key = str(decision["id"])
        comments = list_comments(
            workspace=workspace,
            principal=principal,
            project=found.slug,
            target=f"{DECISIONS}/{key}",
        )
        threads.append(
            DecisionThread(
                id=key,
                title=str(decision.get("title") or key),
                status=str(decision.get("status") or "open"),
                needed_by=_day(decision.get("needed_by")),
                options=tuple(str(o) for o in decision.get("options") or ()),
                comments=comments,
            )
        )
    return threads
