"""Which MSPDI fields the reader carries, which steerco recomputes, and which it drops.

The reader counts every field it meets: a field it reads is carried (counted by concept
where it reads it), a field MS Project derives from the plan (early and late dates,
slack, work, cost) is recomputed by steerco, and any other field that holds more than its
default value is dropped, by name, in the conversion report.
"""

from __future__ import annotations

from lxml import etree

from steerco.formats.foreign.mspdi_tally import Tally
from steerco.formats.foreign.mspdi_xml import tag

__all__ = ["count_unread"]

_COMPUTED_RULE = "MS Project computes these from the plan; steerco computes its own"
_DROPPED_RULE = "steerco has no such field"

READ: dict[str, frozenset[str]] = {
    "Project": frozenset(
        [
            "Name",
            "Title",
            "StartDate",
            "FinishDate",
            "StatusDate",
            "CalendarUID",
            "MinutesPerDay",
            "MinutesPerWeek",
            "DaysPerMonth",
            "ExtendedAttributes",
            "Calendars",
            "Tasks",
            "Resources",
            "Assignments",
            "CurrencyCode",
            "SaveVersion",
            "ScheduleFromStart",
            "DefaultStartTime",
            "DefaultFinishTime",
            "DurationFormat",
        ]
    ),
    "Task": frozenset(
        [
            "UID",
            "ID",
            "Name",
            "OutlineLevel",
            "OutlineNumber",
            "WBS",
            "Start",
            "Finish",
            "Duration",
            "DurationFormat",
            "Milestone",
            "Summary",
            "PredecessorLink",
            "ConstraintType",
            "ConstraintDate",
            "Deadline",
            "CalendarUID",
            "Manual",
            "LevelingDelay",
            "LevelingDelayFormat",
            "Notes",
            "FixedCost",
            "ActualStart",
            "ActualFinish",
            "PercentComplete",
            "RemainingDuration",
            "Baseline",
            "ExtendedAttribute",
            "IsNull",
            "ManualStart",
            "ManualFinish",
            "ManualDuration",
            "IgnoreResourceCalendar",
            "Active",
            "ExternalTask",
            "ExternalTaskProject",
        ]
    ),
    "Resource": frozenset(
        [
            "UID",
            "ID",
            "Name",
            "Type",
            "MaxUnits",
            "StandardRate",
            "StandardRateFormat",
            "CalendarUID",
            "ExtendedAttribute",
            "IsNull",
            "Notes",
            "Group",
        ]
    ),
    "Assignment": frozenset(["UID", "TaskUID", "ResourceUID", "Units", "Cost", "WorkContour"]),
}

COMPUTED: dict[str, frozenset[str]] = {
    "Project": frozenset(["CreationDate", "LastSaved", "CurrentDate"]),
    "Task": frozenset(
        [
            "EarlyStart",
            "EarlyFinish",
            "LateStart",
            "LateFinish",
            "TotalSlack",
            "FreeSlack",
            "StartSlack",
            "FinishSlack",
            "Critical",
            "Work",
            "Cost",
            "ActualDuration",
            "ActualWork",
            "ActualCost",
            "RemainingWork",
            "RemainingCost",
            "PercentWorkComplete",
            "StartVariance",
            "FinishVariance",
            "WorkVariance",
            "DurationVariance",
            "CostVariance",
            "BCWS",
            "BCWP",
            "ACWP",
            "CV",
            "SV",
            "Stop",
            "Resume",
            "CreateDate",
            "PhysicalPercentComplete",
            "OverAllocated",
            "ResumeValid",
            "FixedCostAccrual",
            "ActualOvertimeWork",
            "ActualOvertimeCost",
            "OvertimeWork",
            "OvertimeCost",
            "RegularWork",
            "RemainingOvertimeWork",
            "RemainingOvertimeCost",
            "ActualWorkProtected",
            "ActualOvertimeWorkProtected",
            "CommitmentType",
            "GUID",
        ]
    ),
    "Resource": frozenset(
        [
            "Work",
            "Cost",
            "ActualWork",
            "ActualCost",
            "RemainingWork",
            "RemainingCost",
            "OverAllocated",
            "PeakUnits",
            "PercentWorkComplete",
            "BCWS",
            "BCWP",
            "ACWP",
            "CV",
            "SV",
            "WorkVariance",
            "CostVariance",
            "CreationDate",
            "RegularWork",
            "GUID",
        ]
    ),
    "Assignment": frozenset(
        [
            "Start",
            "Finish",
            "Work",
            "ActualWork",
            "RemainingWork",
            "ActualCost",
            "RemainingCost",
            "PercentWorkComplete",
            "BCWS",
            "BCWP",
            "ACWP",
            "CV",
            "SV",
            "WorkVariance",
            "CostVariance",
            "StartVariance",
            "FinishVariance",
            "RegularWork",
            "CreationDate",
            "TimephasedData",
            "Stop",
            "Resume",
            "GUID",
            "ActualStart",
            "ActualFinish",
            "Delay",
        ]
    ),
}

_DEFAULTS = frozenset({"", "0", "0.0", "0.00", "false", "-1", "PT0H0M0S"})
_NAMED = {
    "Hyperlink": "hyperlinks",
    "HyperlinkAddress": "hyperlinks",
    "HyperlinkSubAddress": "hyperlinks",
    "Recurring": "recurring tasks",
    "OutlineCode": "outline codes",
    "OvertimeRate": "resource overtime rates",
    "OvertimeRateFormat": "resource overtime rates",
    "CostPerUse": "resource costs per use",
    "Rates": "resource cost rate tables",
    "AvailabilityPeriods": "resource availability periods",
    "Priority": "task priorities",
    "Contact": "task contacts",
}
_QUIET = frozenset(
    {
        "Priority",  # 500 is the default
        "EffortDriven",
        "IsSubproject",
        "IsSubprojectReadOnly",
        "LevelAssignments",
        "LevelingCanSplit",
        "HideBar",
        "Rollup",
        "EarnedValueMethod",
        "CalendarUID",
        "CanLevel",
        "AccrueAt",
        "IsGeneric",
        "IsInactive",
        "IsEnterprise",
        "IsBudget",
        "IsCostResource",
        "AvailableFrom",
        "AvailableTo",
        "WorkGroup",
        "BookingType",
        "Initials",
        "EmailAddress",
        "NTAccount",
        "WBS",
    }
)
_QUIET_DEFAULTS = {"Priority": "500", "CanLevel": "1", "AccrueAt": "3"}


def count_unread(element: etree._Element, kind: str, tally: Tally, label: str) -> None:
    """Count the children of a `kind` element that steerco does not carry over."""
    read, computed = READ.get(kind, frozenset()), COMPUTED.get(kind, frozenset())
    met: set[str] = set()  # a concept of several fields (a hyperlink) counts once
    for child in element:
        if not isinstance(child.tag, str):
            continue
        name = tag(child)
        if name in read:
            continue
        if name in computed:
            tally.add(f"computed {kind.lower()} fields", "dropped", _COMPUTED_RULE, name)
            continue
        value = (child.text or "").strip()
        if len(child) == 0 and (value in _DEFAULTS or _QUIET_DEFAULTS.get(name) == value):
            continue
        if name in _QUIET and name not in _NAMED and name not in _QUIET_DEFAULTS:
            continue
        what = _NAMED.get(name, f"{kind.lower()} field {name}")
        if what not in met:
            met.add(what)
            tally.add(what, "dropped", _DROPPED_RULE, label)
