"""The staffing check of `steerco validate`: demands that too few people can serve.

A role or skill demand that fewer resources qualify for than it needs at once (a skill level
nobody in the plan has, after the taxonomy's aliases) is an error at the demand. It is the
test the scheduler applies (`schedule.assign.unstaffable_demands`), so `validate` rejects
exactly the demands `schedule` would leave out as unstaffable.
"""

from __future__ import annotations

import math

from steerco.codes import Code
from steerco.errors import Diagnostic
from steerco.model import Demand, Project
from steerco.schedule.assign import describe_demand, unstaffable_demands

__all__ = ["staffing_errors"]


def _fix(demand: Demand) -> str:
    """What to write so that someone qualifies, in the file's own keys."""
    wanted = []
    if demand.role is not None:
        wanted.append(f"`role: {demand.role}`")
    if demand.skill is not None:
        wanted.append(f"`{demand.skill}: {max(demand.min_level, 1)}` or more under `skills`")
    lower = "`min_level` or `units`" if demand.skill is not None else "`units`"
    return f"add a person (or a `kind: role` pool) with {' and '.join(wanted)}, or lower {lower}"


def staffing_errors(project: Project) -> list[Diagnostic]:
    """An `unstaffable_demand` error at each demand too few resources qualify for."""
    paths = {placed.task.id: placed.path for placed in project.placed_tasks()}
    errors = []
    for found in unstaffable_demands(project):
        units = math.ceil(found.demand.units)
        who = ", ".join(r.id for r in found.qualified) or "nobody"
        message = (
            f"task {found.task!r} needs {units} x {describe_demand(found.demand)}; "
            f"{len(found.qualified)} qualif{'ies' if len(found.qualified) == 1 else 'y'} "
            f"({who}): {_fix(found.demand)}"
        )
        path = (*paths[found.task], "demands", found.index)
        errors.append(Diagnostic(Code.unstaffable_demand, message, path))
    return errors
