"""Risk use cases: the register, suggestions from the AI risk library, adoption, quantification.

Each reads a project file; adoption also writes it (in place, atomically, or not at all).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from steerco.model import Project

if TYPE_CHECKING:
    from ruamel.yaml.comments import CommentedMap

    from steerco.forecast.run import ForecastOptions
    from steerco.risk.quantify import Quantification
    from steerco.risk.register import RiskRegister
    from steerco.risk.suggest import Held, Suggestion

__all__ = [
    "AdoptedRisk",
    "RiskRegisterReport",
    "RiskSuggestions",
    "adopt_risk",
    "quantify_risks",
    "risk_appender",
    "risk_register",
    "suggest_risks",
]


@dataclass(frozen=True)
class RiskRegisterReport:
    """The register assessed on a date and, when asked for, each risk's share of the P80."""

    project: Project
    register: RiskRegister
    quantification: Quantification | None = None


@dataclass(frozen=True)
class RiskSuggestions:
    """The library risks that fit the project best, most relevant first.

    `held`: the library risks left out because the register already holds them.
    """

    project: Project
    suggestions: tuple[Suggestion, ...]
    held: tuple[Held, ...] = ()


@dataclass(frozen=True)
class AdoptedRisk:
    """A library risk written into the project file: its entry and the project now."""

    path: Path
    entry: Mapping[str, Any]
    project: Project


def _load(path: Path) -> Project:
    from steerco.formats.loader import load_project

    return load_project(path)


def _quantify(project: Project, options: ForecastOptions) -> Quantification:
    """Each risk's P80 contribution, measured against the forecast's plan (`app.plan`)."""
    from steerco.app.plan import dating_plan
    from steerco.risk.quantify import quantify_risks as contributions
    from steerco.schedule.network import compile_project

    network = compile_project(project)
    plan = dating_plan(network, project, levelled=options.resources).schedule
    return contributions(network, project, options, plan=plan)


def risk_register(
    *,
    path: Path,
    as_of: dt.date,
    top: int = 5,
    quantify: ForecastOptions | None = None,
    project: Project | None = None,
) -> RiskRegisterReport:
    """The register of the project file at `path` on `as_of`: scores, matrix, top, overdue.

    With `quantify` (iterations, seed, residual), also each risk's contribution to the P80
    finish, as `quantify_risks` computes it. `project`: the file as loaded, when the caller
    has it already (it is not read again).
    """
    from steerco.risk.register import assess_register, plan_scale

    project = project or _load(path)
    register = assess_register(project, as_of=as_of, scale=plan_scale(project), top=top)
    quantification = None if quantify is None else _quantify(project, quantify)
    return RiskRegisterReport(project=project, register=register, quantification=quantification)


def quantify_risks(*, path: Path, options: ForecastOptions) -> Quantification:
    """Each risk's contribution to the P80 finish of the project file at `path`.

    One forecast with every risk and one without each, on common random numbers.
    """
    return _quantify(_load(path), options)


def suggest_risks(*, path: Path, top: int = 10) -> RiskSuggestions:
    """The `top` library risks that match the project file at `path` and its register lacks."""
    from steerco.library.risks import load_risk_library
    from steerco.risk.suggest import held_risks
    from steerco.risk.suggest import suggest_risks as ranked

    project = _load(path)
    library = load_risk_library()
    suggestions = ranked(project, library, top=top)
    held = held_risks(project, library)
    return RiskSuggestions(project=project, suggestions=tuple(suggestions), held=tuple(held))


def risk_appender(entry: Mapping[str, Any]) -> Callable[[CommentedMap], None]:
    """A change for the project-file editor that appends `entry` to `risks`, compactly.

    The delay, triggers and warning signs are written in flow style (`[a, b]`), the rest
    in block style, as a person would write them.
    """
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from steerco.formats.yaml_edit import ensure_seq

    def flow(value: Any) -> Any:
        node = CommentedMap(value) if isinstance(value, dict) else CommentedSeq(value)
        node.fa.set_flow_style()
        return node

    def mutate(document: CommentedMap) -> None:
        item = CommentedMap(entry)
        impact = CommentedMap(entry["impact"])
        impact["delay"] = flow(entry["impact"]["delay"])
        item["impact"] = impact
        item["triggers"] = flow(entry["triggers"])
        item["warning_signs"] = flow(entry["warning_signs"])
        item["actions"] = CommentedSeq(entry["actions"])
        ensure_seq(document, "risks").append(item)

    return mutate


def _new_entry(path: Path, project: Project, risk_id: str) -> dict[str, Any]:
    """The register entry of library risk `risk_id`; errors located in the project file."""
    from steerco.errors import ProjectError
    from steerco.library.risks import load_risk_library
    from steerco.risk.adopt import adopted_entry, library_risk
    from steerco.risk.register import plan_scale

    library = load_risk_library()
    try:
        return adopted_entry(project, library_risk(library, risk_id), plan_scale(project))
    except ProjectError as error:
        from steerco.formats.files import read_text
        from steerco.formats.yaml_source import load_yaml

        _, locations = load_yaml(read_text(path), str(path))
        at = [locations.find(d.path) if d.path else None for d in error.diagnostics]
        error.diagnostics = [
            d.located(str(path), *(where or (None, None)))
            for d, where in zip(error.diagnostics, at, strict=True)
        ]
        raise


def adopt_risk(*, path: Path, risk_id: str) -> AdoptedRisk:
    """Copy library risk `risk_id` with its defaults into the register of the file at `path`.

    The file is edited in place (the rest kept as written), validated, written atomically.
    `unknown_library_risk` or `risk_exists` raise a located `ProjectError`, file unchanged.
    """
    from steerco.formats.atomic import locked
    from steerco.formats.yaml_edit import edit_project_file

    with locked(path):  # the check for a namesake and the append as one step
        entry = _new_entry(path, _load(path), risk_id)
        project = edit_project_file(path, risk_appender(entry))
    return AdoptedRisk(path=path, entry=entry, project=project)
