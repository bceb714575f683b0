"""Shared by the accounts tests: argon2id with cheap parameters, projects with members."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from steerco.app.workspace.context import Workspace
from steerco.app.workspace.passwords import HASHING
from steerco.store.tables import Membership, Project, ProjectRow, User

CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


@pytest.fixture(autouse=True)
def cheap_passwords() -> Iterator[PasswordHasher]:
    """argon2id with the smallest parameters, so the tests spend no seconds hashing."""
    previous = HASHING.hasher
    HASHING.hasher = CHEAP
    try:
        yield CHEAP
    finally:
        HASHING.hasher = previous


def add_project(
    workspace: Workspace, slug: str, members: dict[str, str], *, resources: tuple[str, ...] = ()
) -> int:
    """A project row `slug` with `members` (user name -> role) and plan resource rows; its id."""
    with workspace.transaction() as session:
        project = Project(slug=slug, name=slug.title(), file_name=f"{slug}.yaml", revision=1)
        session.add(project)
        session.flush()
        for name, role in members.items():
            user_id = session.scalars(select(User.id).where(User.name == name)).one()
            session.add(Membership(project_id=project.id, user_id=user_id, role=role))
        for position, key in enumerate(resources):
            session.add(
                ProjectRow(
                    project_id=project.id,
                    collection="resources",
                    key=key,
                    position=position,
                    name=key,
                    data={"id": key},
                )
            )
        return project.id
