"""Team analysis: skills matrix, coverage, single points of failure, workload, FTE, staffing.

`analyse_team` reads a project file, plans it (levelled unless the options say `cpm`) and
derives the team view from that one plan, through steerco's skills taxonomy extended by the
skills the project declares, with the project's unknown skill names as located warnings
(skill names in a project file are free-form, so they never stop the analysis).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from steerco.errors import Diagnostic
from steerco.people.skills import Taxonomy
from steerco.people.staffing import PlanOptions
from steerco.people.team import TeamView
from steerco.schedule.options import check_limits

__all__ = ["PlanOptions", "TeamAnalysis", "analyse_team"]


@dataclass(frozen=True)
class TeamAnalysis:
    """The team view, the taxonomy its skill names matched (with declared ones), the warnings."""

    view: TeamView
    taxonomy: Taxonomy
    warnings: tuple[Diagnostic, ...]
    """`unknown_skill` warnings, each at its line and column in the project file."""


def analyse_team(*, path: Path, options: PlanOptions | None = None) -> TeamAnalysis:
    """Read the project at `path`, plan it by `options` and derive the team view from the plan.

    An invalid project raises a located ProjectError; a plan that finds no schedule is data
    in the view (its `plan` is `Unscheduled`). Options outside what one run may ask
    (`check_limits`) raise a `bad_value` ProjectError before the file is read.
    """
    from steerco.formats.loader import load_project
    from steerco.formats.skill_warnings import project_taxonomy, skill_warnings
    from steerco.library.people import load_people_data
    from steerco.people.team import team_view

    chosen = options or PlanOptions()
    check_limits(time_limit=chosen.time_limit, workers=chosen.workers, seed=chosen.seed)
    project = load_project(path)
    taxonomy = project_taxonomy(path, project, load_people_data().taxonomy)
    warnings = tuple(skill_warnings(path, project, taxonomy))
    view = team_view(project, taxonomy, chosen)
    return TeamAnalysis(view=view, taxonomy=taxonomy, warnings=warnings)
