"""What a report's audience may see: names or roles, money or not, task detail or not."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from steerco.model import Project, Resource
from steerco.model.communication import Audience

__all__ = ["View", "view_for"]


@dataclass(frozen=True)
class View:
    """What one audience sees of one project, and how its people are named."""

    project: Project
    audience: Audience
    money: bool
    """Rates, costs and money figures are shown."""
    names: bool
    """Individuals are named (False: by their role)."""
    task_detail: bool
    """Each task, each person's next tasks and the whole Gantt (the team's view)."""
    stakeholders: bool
    """The stakeholder register (sponsor and team)."""

    @cached_property
    def _resources(self) -> dict[str, Resource]:
        return {r.id: r for r in self.project.resources}

    def person(self, resource_id: str) -> str:
        """A resource by name; a person by role when names are hidden; other ids as they are."""
        resource = self._resources.get(resource_id)
        if resource is None:
            return resource_id
        if self.names or resource.kind != "person":
            return resource.name or resource.id
        return resource.role or "team member"

    def owner(self, owner_id: str | None) -> str:
        """Who owns something: a stakeholder's name, a resource (`person`), or 'unassigned'."""
        if not owner_id:
            return "unassigned"
        for stakeholder in self.project.stakeholders:
            if stakeholder.id == owner_id:
                return stakeholder.name
        return self.person(owner_id)

    @property
    def hidden(self) -> tuple[str, ...]:
        """What this audience does not see, in words."""
        left_out: list[str] = []
        if not self.money:
            left_out.append("rates, costs and money figures (reporting.client_hides_costs)")
        if not self.names:
            left_out.append("names of individuals: people appear by their role")
        if not self.task_detail:
            left_out.append("task-level detail: each task and each person's next tasks")
        if not self.stakeholders:
            left_out.append("the stakeholder register")
        return tuple(left_out)


def view_for(project: Project, audience: Audience) -> View:
    """The client hides what `reporting` says; the sponsor sees all but task detail."""
    client = audience == "client"
    reporting = project.reporting
    return View(
        project=project,
        audience=audience,
        money=not (client and reporting.client_hides_costs),
        names=not (client and reporting.client_hides_names),
        task_detail=audience == "team",
        stakeholders=not client,
    )
