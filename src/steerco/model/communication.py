"""Who is told what: stakeholders, the communication plan, decisions and report settings."""

from __future__ import annotations

import unicodedata
from typing import Literal

from pydantic import Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from steerco.model.base import Model
from steerco.model.ranges import Day

__all__ = [
    "Attitude",
    "Audience",
    "Channel",
    "Communication",
    "Decision",
    "DecisionStatus",
    "Frequency",
    "Level",
    "RagThresholds",
    "ReportFormat",
    "ReportNarrative",
    "Reporting",
    "Stakeholder",
]

Audience = Literal["client", "sponsor", "team"]
Level = Literal["low", "medium", "high"]
Attitude = Literal["champion", "supporter", "neutral", "critic", "blocker"]
Channel = Literal["email", "meeting", "chat", "portal", "phone"]
Frequency = Literal["once", "weekly", "fortnightly", "monthly"]
ReportFormat = Literal["html", "pdf", "md"]
DecisionStatus = Literal["open", "decided", "withdrawn"]


def _control(text: str) -> str | None:
    """The first line break or other control character in `text`, as Python writes it."""
    for char in text:
        # Cc: CR, LF, tab, NUL and the rest; Zl, Zp: the Unicode line and paragraph separators
        if unicodedata.category(char) in ("Cc", "Zl", "Zp"):
            return repr(char)
    return None


def check_address(value: str | None) -> str | None:
    """`value` if it is one e-mail address on one line (or left out); `bad_value` if not.

    An address goes into the To header of every report sent: a line break in it would add
    headers of its own (a Bcc), and text that is not an address fails only when sent.
    """
    if not value:  # left out or empty: no address, a `no_email` warning where it is needed
        return value
    if (char := _control(value)) is not None:
        raise PydanticCustomError(
            "bad_value",
            "email holds the control character {char} (a line break?); write one address "
            "on one line, such as name@example.com",
            {"char": char},
        )
    local, at, domain = value.partition("@")
    if not at or not local or not domain or "@" in domain or any(c.isspace() for c in value):
        raise PydanticCustomError(
            "bad_value",
            "email is {value}, not an e-mail address; write one address with one @ and no "
            "spaces, such as name@example.com",
            {"value": repr(value)},
        )
    return value


class Stakeholder(Model):
    """A person or group with a stake in the project, as the stakeholder register keeps them."""

    id: str = Field(min_length=1)
    name: str = Field(min_length=1, description="how they are named, e.g. 'Sponsor 1'")
    organisation: str = ""
    role: str = ""
    interest: Level = Field(default="medium", description="how much the outcome matters to them")
    influence: Level = Field(default="medium", description="how much they can change it")
    attitude: Attitude = "neutral"
    channel: Channel = Field(default="email", description="how they prefer to be reached")
    email: str | None = Field(default=None, description="address the reports are sent to")
    audience: Audience = Field(default="team", description="which report view they get")

    _address = field_validator("email")(check_address)


class Communication(Model):
    """One line of the communication plan: which report, to whom, how often, in which format."""

    id: str = Field(min_length=1)
    report: Literal["status"] = Field(default="status", description="which report is sent")
    audience: Audience = "team"
    to: tuple[str, ...] = Field(min_length=1, description="stakeholder ids")
    frequency: Frequency = "weekly"
    first: Day | None = Field(
        default=None, description="the first date it is due; the project's start when left out"
    )
    format: ReportFormat = "pdf"
    subject: str = Field(default="", description="e-mail subject; a default names the project")

    @field_validator("subject")
    @classmethod
    def _one_line(cls, value: str) -> str:
        """The subject on one line: a line break in it would add headers to the e-mail."""
        # a folded scalar (`subject: >`) ends in a line break that is no part of the subject
        value = value.strip()
        if (char := _control(value)) is not None:
            raise PydanticCustomError(
                "bad_value",
                "subject holds the control character {char} (a line break?); write the "
                "subject on one line",
                {"char": char},
            )
        return value


class Decision(Model):
    """A decision the project needs from its sponsor or client."""

    id: str = Field(min_length=1)
    title: str = Field(min_length=1)
    owner: str = Field(default="", description="who decides: a stakeholder or resource id")
    needed_by: Day | None = None
    options: tuple[str, ...] = ()
    status: DecisionStatus = "open"
    outcome: str = ""


class RagThresholds(Model):
    """Where green turns amber and amber turns red, per dimension of the status report."""

    schedule_amber_days: float = Field(
        default=0.0, ge=0, description="P80 finish this many working days past the commitment"
    )
    schedule_red_days: float = Field(default=10.0, ge=0)
    cost_amber_cpi: float = Field(default=0.95, gt=0, description="CPI below this is amber")
    cost_red_cpi: float = Field(default=0.85, gt=0, description="CPI below this is red")
    cost_amber_overrun: float = Field(
        default=0.0, ge=0, description="EAC over budget by more than this share is amber"
    )
    cost_red_overrun: float = Field(default=0.10, ge=0)
    scope_amber_growth: float = Field(
        default=0.05, ge=0, description="work grown past the baseline by this share is amber"
    )
    scope_red_growth: float = Field(default=0.15, ge=0)
    risk_amber_score: int = Field(default=8, ge=1, le=25, description="top probability x impact")
    risk_red_score: int = Field(default=15, ge=1, le=25)

    @model_validator(mode="after")
    def _red_beyond_amber(self) -> RagThresholds:
        """Red is never looser than amber: a worse value must be needed to turn red."""
        pairs = [
            (
                "schedule_red_days",
                self.schedule_red_days,
                "schedule_amber_days",
                self.schedule_amber_days,
                "at least",
            ),
            ("cost_red_cpi", -self.cost_red_cpi, "cost_amber_cpi", -self.cost_amber_cpi, "at most"),
            (
                "cost_red_overrun",
                self.cost_red_overrun,
                "cost_amber_overrun",
                self.cost_amber_overrun,
                "at least",
            ),
            (
                "scope_red_growth",
                self.scope_red_growth,
                "scope_amber_growth",
                self.scope_amber_growth,
                "at least",
            ),
            (
                "risk_red_score",
                self.risk_red_score,
                "risk_amber_score",
                self.risk_amber_score,
                "at least",
            ),
        ]
        for red, red_value, amber, amber_value, relation in pairs:
            if red_value < amber_value:
                message = (
                    f"{red} ({abs(red_value):g}) is looser than {amber} ({abs(amber_value):g}): "
                    f"make {red} {relation} {amber}, so that red is worse than amber"
                )
                raise PydanticCustomError("bad_value", message)
        return self


class ReportNarrative(Model):
    """The manager's own words for the report at one status date, replacing the written one."""

    date: Day
    text: str = Field(min_length=1)


class Reporting(Model):
    """How status reports are made: RAG thresholds, what a client may see, narratives."""

    thresholds: RagThresholds = RagThresholds()
    period_days: int = Field(
        default=7, ge=1, le=366, description="calendar days a report looks back and ahead"
    )
    client_hides_costs: bool = Field(
        default=True, description="client reports show no rates, costs or money figures"
    )
    client_hides_names: bool = Field(
        default=True, description="client reports name roles, not individuals"
    )
    narratives: tuple[ReportNarrative, ...] = ()
