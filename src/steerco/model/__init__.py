"""The project model: typed, validated, immutable objects. No I/O, no scheduling maths."""

from steerco.model.calendar import WEEKDAYS, Calendar, Weekday
from steerco.model.forecast import Band, Correlation, ForecastSettings
from steerco.model.progress import EarningRule, Progress, TaskProgress
from steerco.model.project import Methodology, PlacedTask, Project, TimeUnit
from steerco.model.quantities import Rate, WorkTime
from steerco.model.resource import DateRange, Resource, ResourceKind
from steerco.model.risk import Residual, Response, Risk, RiskImpact
from steerco.model.scheduling import LagCalendar, SchedulingRules
from steerco.model.task import (
    Accrual,
    Demand,
    Dependency,
    DependencyType,
    Distribution,
    Estimate,
    PinnedDates,
    PinReason,
    Task,
    TaskKind,
)

__all__ = [
    "WEEKDAYS",
    "Accrual",
    "Band",
    "Calendar",
    "Correlation",
    "DateRange",
    "Demand",
    "Dependency",
    "DependencyType",
    "Distribution",
    "EarningRule",
    "Estimate",
    "ForecastSettings",
    "LagCalendar",
    "Methodology",
    "PinReason",
    "PinnedDates",
    "PlacedTask",
    "Progress",
    "Project",
    "Rate",
    "Residual",
    "Resource",
    "ResourceKind",
    "Response",
    "Risk",
    "RiskImpact",
    "SchedulingRules",
    "Task",
    "TaskKind",
    "TaskProgress",
    "TimeUnit",
    "Weekday",
    "WorkTime",
]
