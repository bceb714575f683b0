"""The AI risk library as a model: curated risks with defaults, responses and mappings."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from steerco.codes import Code
from steerco.errors import Diagnostic, ProjectError
from steerco.model.base import Model
from steerco.model.risk import Rating, Response

__all__ = [
    "EuAiAct",
    "EuAiActTier",
    "GenAiRisk",
    "LibraryImpact",
    "LibraryRisk",
    "LibrarySource",
    "NistFunction",
    "Range",
    "RiskCategory",
    "RiskLibrary",
]

RiskCategory = Literal[
    "strategy",
    "data",
    "model",
    "operations",
    "security",
    "genai",
    "ethics",
    "legal",
    "vendor",
    "cost",
    "people",
    "sustainability",
]
Domain = Literal["general", "genai", "vision", "forecasting", "nlp", "tabular", "edge"]
NistFunction = Literal["govern", "map", "measure", "manage"]
GenAiRisk = Literal[
    "CBRN Information or Capabilities",
    "Confabulation",
    "Dangerous, Violent, or Hateful Content",
    "Data Privacy",
    "Environmental Impacts",
    "Harmful Bias and Homogenization",
    "Human-AI Configuration",
    "Information Integrity",
    "Information Security",
    "Intellectual Property",
    "Obscene, Degrading, and/or Abusive Content",
    "Value Chain and Component Integration",
]
"""The twelve risks of the NIST generative-AI profile (NIST AI 600-1, section 2)."""
EuAiActTier = Literal["unacceptable", "high", "limited", "minimal", "gpai"]


class Range(Model):
    """A default range `low..high` (low <= high)."""

    low: float = Field(ge=0)
    high: float = Field(ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> Range:
        if self.low > self.high:
            raise PydanticCustomError(
                "bad_value",
                "a range needs low <= high, got {low} > {high}",
                {"low": self.low, "high": self.high},
            )
        return self

    @property
    def mid(self) -> float:
        """The midpoint of the range."""
        return (self.low + self.high) / 2


class Probability(Range):
    """A range of probabilities, both ends within 0..1."""

    low: float = Field(ge=0, le=1)
    high: float = Field(ge=0, le=1)


class LibraryImpact(Model):
    """Default impact: delay in working days, cost as a share of the planned cost, ratings."""

    delay: Range
    cost: Range = Field(description="share of the project's planned cost (0.05 = 5%)")
    scope: Rating = 1
    compliance: Rating = 1


class EuAiAct(Model):
    """The EU AI Act tier whose obligations a risk engages, and the articles."""

    tier: EuAiActTier
    articles: tuple[str, ...] = ()


class LibrarySource(Model):
    """A publication the library draws on."""

    id: str = Field(min_length=1)
    title: str = Field(min_length=1)
    url: str = ""


class LibraryRisk(Model):
    """One curated risk: what causes it, how likely and bad it is, what works against it."""

    id: str = Field(min_length=1, pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    title: str = Field(min_length=1)
    category: RiskCategory
    domains: tuple[Domain, ...] = Field(min_length=1)
    cause: str = Field(min_length=1)
    event: str = Field(min_length=1)
    effect: str = Field(min_length=1)
    triggers: tuple[str, ...] = Field(min_length=1)
    warning_signs: tuple[str, ...] = ()
    probability: Probability
    impact: LibraryImpact
    response: Response
    responses: tuple[str, ...] = Field(min_length=1)
    contingency: str = Field(min_length=1)
    nist_ai_rmf: tuple[NistFunction, ...] = Field(min_length=1)
    nist_genai: tuple[GenAiRisk, ...] = ()
    eu_ai_act: EuAiAct | None = None
    keywords: tuple[str, ...] = Field(min_length=1)
    sources: tuple[str, ...] = Field(min_length=1)

    def text(self) -> str:
        """Everything a reader would match the risk on, as one text (for similarity)."""
        parts = [
            self.title,
            self.category,
            " ".join(self.domains),
            self.cause,
            self.event,
            self.effect,
            *self.triggers,
            *self.warning_signs,
            *self.keywords,
            *self.keywords,  # keywords weigh twice: they are chosen to be matched
        ]
        return "\n".join(parts)


class RiskLibrary(Model):
    """The whole library: its sources and its risks (ids unique, sources resolve)."""

    sources: tuple[LibrarySource, ...] = Field(min_length=1)
    risks: tuple[LibraryRisk, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _references(self) -> RiskLibrary:
        out: list[Diagnostic] = []
        source_ids = {s.id for s in self.sources}
        seen: set[str] = set()
        for i, risk in enumerate(self.risks):
            if risk.id in seen:
                out.append(
                    Diagnostic(
                        Code.duplicate_id,
                        f"library risk id {risk.id!r} is used twice",
                        ("risks", i, "id"),
                    )
                )
            seen.add(risk.id)
            for j, source in enumerate(risk.sources):
                if source not in source_ids:
                    out.append(
                        Diagnostic(
                            Code.unknown_source,
                            f"no source has id {source!r}; list it under `sources`",
                            ("risks", i, "sources", j),
                        )
                    )
        if out:
            raise ProjectError(out)
        return self

    def get(self, risk_id: str) -> LibraryRisk:
        """The risk with this id (KeyError if there is none)."""
        for risk in self.risks:
            if risk.id == risk_id:
                return risk
        raise KeyError(risk_id)
