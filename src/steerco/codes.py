"""Every stable diagnostic code steerco reports, with when it fires (docs/project-file.md).

Codes are part of the contract: tools match on them, so a code is never renamed. The docs
test checks that this enum and the table in docs/project-file.md list the same codes.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["Code"]


class Code(StrEnum):
    """A diagnostic's stable snake_case code."""

    unknown_file_type = "unknown_file_type"
    file_not_found = "file_not_found"
    unreadable_file = "unreadable_file"
    yaml_syntax = "yaml_syntax"
    duplicate_key = "duplicate_key"
    unknown_key = "unknown_key"
    missing_field = "missing_field"
    bad_duration = "bad_duration"
    bad_date = "bad_date"
    bad_value = "bad_value"
    no_status_date = "no_status_date"
    nothing_to_record = "nothing_to_record"
    bad_percent = "bad_percent"
    missing_status_date = "missing_status_date"
    progress_without_calendar = "progress_without_calendar"
    progress_on_summary = "progress_on_summary"
    finish_before_start = "finish_before_start"
    actual_after_status_date = "actual_after_status_date"
    actual_before_project_start = "actual_before_project_start"
    missing_actual_start = "missing_actual_start"
    missing_actual_finish = "missing_actual_finish"
    finished_not_complete = "finished_not_complete"
    bad_rate = "bad_rate"
    bad_dependency = "bad_dependency"
    bad_demand = "bad_demand"
    bad_skill_level = "bad_skill_level"
    unknown_skill = "unknown_skill"
    unknown_role = "unknown_role"
    unknown_certification = "unknown_certification"
    unknown_course = "unknown_course"
    negative_capacity = "negative_capacity"
    duplicate_id = "duplicate_id"
    unknown_task = "unknown_task"
    unknown_resource = "unknown_resource"
    dependency_cycle = "dependency_cycle"
    milestone_duration = "milestone_duration"
    summary_duration = "summary_duration"
    summary_demands = "summary_demands"
    deadline_before_start = "deadline_before_start"
    unknown_source = "unknown_source"
    bad_gate = "bad_gate"
    no_baseline = "no_baseline"
    baseline_exists = "baseline_exists"
    bad_baseline = "bad_baseline"
    missing_extra = "missing_extra"
    unknown_library_risk = "unknown_library_risk"
    risk_exists = "risk_exists"
    unknown_template = "unknown_template"
    psplib_syntax = "psplib_syntax"
    psplib_truncated = "psplib_truncated"
    yaml_too_large = "yaml_too_large"
    yaml_too_deep = "yaml_too_deep"
    yaml_alias_budget = "yaml_alias_budget"
    file_too_large = "file_too_large"
