"""Validation of gates on runs beyond the case files: what a rework task may be, the horizon."""

from __future__ import annotations

from typing import Any

import pytest

from steerco.errors import ProjectError
from steerco.model import Project


def _project(rework: Any, *tasks: dict[str, Any]) -> Project:
    return Project.model_validate(
        {
            "name": "t",
            "start": "2027-01-04",
            "tasks": [
                {
                    "id": "train",
                    "duration": 5,
                    "run": {"source": "csv", "path": "l.csv", "epochs": 3},
                },
                *tasks,
                {
                    "id": "accepted",
                    "milestone": True,
                    "after": ["train"],
                    "gate": {
                        "metric": "val_auc",
                        "threshold": 0.9,
                        "source": {"task": "train"},
                        "rework": rework,
                    },
                },
            ],
        }
    )


def test_a_summary_after_the_run_may_be_the_rework() -> None:
    phase = {
        "id": "fix",
        "after": ["train"],
        "children": [{"id": "relabel", "duration": 3}, {"id": "retrain", "duration": 5}],
    }
    project = _project({"task": "fix"}, phase)
    assert [t.id for t in project.all_tasks()][-1] == "accepted"


def test_a_summary_holding_the_run_is_refused_as_rework() -> None:
    with pytest.raises(ProjectError) as caught:
        Project.model_validate(
            {
                "name": "t",
                "start": "2027-01-04",
                "tasks": [
                    {
                        "id": "phase",
                        "children": [
                            {
                                "id": "train",
                                "duration": 5,
                                "run": {"source": "csv", "path": "l.csv", "epochs": 3},
                            }
                        ],
                    },
                    {
                        "id": "accepted",
                        "milestone": True,
                        "after": ["phase"],
                        "gate": {
                            "metric": "auc",
                            "threshold": 0.9,
                            "source": {"task": "train"},
                            "rework": {"task": "phase"},
                        },
                    },
                ],
            }
        )
    assert [d.code for d in caught.value.diagnostics] == ["bad_rework"]


def test_a_rework_longer_than_the_horizon_is_refused() -> None:
    with pytest.raises(ProjectError) as caught:
        _project("40000d")
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.code == "bad_duration"
    assert diagnostic.path == ("tasks", 1, "gate", "rework")
