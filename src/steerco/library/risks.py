"""Read the AI risk library (YAML) into a validated RiskLibrary, every problem located."""

from __future__ import annotations

from importlib import resources

from pydantic import ValidationError

from steerco.codes import Code
from steerco.errors import Diagnostic, ProjectError
from steerco.formats.locations import LocationMap
from steerco.formats.project_yaml import diagnostics_from_validation
from steerco.formats.yaml_source import load_yaml
from steerco.model.risk_library import RiskLibrary

__all__ = ["BUNDLED", "load_risk_library", "parse_risk_library"]

BUNDLED = "steerco/data/risk_library.yaml"
"""How diagnostics name the library shipped with steerco."""


def _located(
    diagnostics: list[Diagnostic], locations: LocationMap, file: str | None
) -> list[Diagnostic]:
    out = []
    for d in diagnostics:
        if d.code == "bad_duration":  # pydantic's errors under `low`/`high`: not durations here
            d = Diagnostic(Code.bad_value, d.message, d.path)
        position = locations.find(d.path, prefer_key=d.code == "unknown_key")
        line, column = position if position else (None, None)
        out.append(d.located(file, line, column))
    return out


def parse_risk_library(text: str, file: str | None = None) -> RiskLibrary:
    """Build a RiskLibrary from YAML text; problems raise one located ProjectError."""
    data, locations = load_yaml(text, file)
    try:
        return RiskLibrary.model_validate(data)
    except ValidationError as error:
        problems = diagnostics_from_validation(error)
    except ProjectError as error:
        problems = error.diagnostics
    raise ProjectError(_located(problems, locations, file))


def load_risk_library() -> RiskLibrary:
    """The AI risk library shipped with steerco (`steerco/data/risk_library.yaml`)."""
    text = resources.files("steerco").joinpath("data", "risk_library.yaml").read_text("utf-8")
    return parse_risk_library(text, BUNDLED)
