"""Gates on milestones: a metric that must reach a threshold, or a manual go/no-go decision."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Discriminator, Field, Tag, model_validator
from pydantic_core import PydanticCustomError

from steerco.model.base import Model, also_written
from steerco.model.quantities import WorkTime, WorkTimeField
from steerco.model.ranges import Day

__all__ = [
    "Aggregate",
    "Comparison",
    "Decision",
    "Gate",
    "ManualGate",
    "MetricGate",
    "MetricSource",
    "Rework",
]

Comparison = Literal[">=", ">", "<=", "<", "=="]
Aggregate = Literal["last", "max", "min"]
Decision = Literal["go", "no-go"]


class MetricSource(Model):
    """Where a metric's values are logged: a local CSV/JSON file or an MLflow tracking store."""

    file: str | None = Field(
        default=None, description="a .csv or .json file of metrics, relative to the project file"
    )
    mlflow: str | None = Field(
        default=None, description="an MLflow tracking URI (http://..., sqlite:///..., file:...)"
    )
    experiment: str | None = Field(default=None, description="MLflow experiment name")
    run: str | None = Field(default=None, description="run id (or MLflow run name)")
    filter: str | None = Field(
        default=None, description="MLflow search filter, e.g. \"tags.split = 'test'\""
    )
    task: str | None = Field(
        default=None,
        description="id of a training task: the metric is read from the log of its `run`",
    )

    @model_validator(mode="before")
    @classmethod
    def _file_shorthand(cls, value: Any) -> Any:
        if isinstance(value, str):
            return {"file": value}
        return value

    @model_validator(mode="after")
    def _one_store(self) -> MetricSource:
        if sum(store is not None for store in (self.file, self.mlflow, self.task)) != 1:
            raise PydanticCustomError(
                "bad_gate",
                "a metric source names one of a `file`, an `mlflow` tracking URI or the "
                "`task` whose run logs the metric",
            )
        if self.task is not None and (self.run is not None or self.experiment is not None):
            raise PydanticCustomError(
                "bad_gate", "a `task` source reads the task's own run: no `run` or `experiment`"
            )
        if self.file is not None and (self.experiment is not None or self.filter is not None):
            raise PydanticCustomError(
                "bad_gate", "`experiment` and `filter` belong to an `mlflow` source"
            )
        if self.mlflow is not None and self.experiment is None and self.run is None:
            raise PydanticCustomError(
                "bad_gate", "an `mlflow` source needs an `experiment` or a `run`"
            )
        return self


class Rework(Model):
    """What failing a metric gate costs: a duration the milestone slips, or a rework task.

    The forecast adds it with the probability that the gate is not met (1 - P(met)).
    """

    duration: WorkTimeField | None = Field(
        default=None, description="working time the milestone slips when the gate is not met"
    )
    task: str | None = Field(
        default=None,
        description="id of a task done only when the gate is not met (its duration is drawn "
        "with that probability, 0 otherwise)",
    )

    @model_validator(mode="before")
    @classmethod
    def _duration_shorthand(cls, value: Any) -> Any:
        if isinstance(value, int | float | str) and not isinstance(value, bool):
            return {"duration": value}
        return value

    @model_validator(mode="after")
    def _one_path(self) -> Rework:
        if (self.duration is None) == (self.task is None):
            raise PydanticCustomError(
                "bad_rework", "a rework is a `duration` (e.g. 10d) or a `task`, one of them"
            )
        if isinstance(self.duration, WorkTime) and self.duration.value < 0:
            raise PydanticCustomError("bad_rework", "a rework duration cannot be negative")
        return self


def _metric_gate_shorthands(schema: dict[str, Any]) -> None:
    """A JSON Schema hook: `source` may be a file's name, `rework` a working time."""
    also_written(
        "source", {"type": "string", "description": "a metrics file: same as {file: ...}"}
    )(schema)
    also_written(
        "rework",
        {
            "anyOf": [
                {"type": "number", "minimum": 0},
                {"type": "string", "pattern": r"^\s*[0-9]+(\.[0-9]+)?\s*(d|h|w|ed)?\s*$"},
            ],
            "description": "a duration: same as {duration: ...}",
        },
    )(schema)


class MetricGate(Model):
    """Met when the metric, aggregated over its logged values, compares true to the threshold."""

    model_config = ConfigDict(json_schema_extra=_metric_gate_shorthands)

    metric: str = Field(min_length=1, description="name of the logged metric, e.g. f1")
    op: Comparison = Field(default=">=", description="how the value must compare")
    threshold: float
    aggregate: Aggregate = Field(
        default="last", description="which logged value counts: the last, the largest, the least"
    )
    source: MetricSource
    rework: Rework | None = Field(
        default=None,
        description="the rework path when the gate is not met: a duration ('10d') or "
        "{task: ID}; the forecast adds it with probability 1 - P(met)",
    )
    note: str = ""


class ManualGate(Model):
    """A go/no-go decision taken by a person; pending while `decision` is not set."""

    model_config = ConfigDict(
        json_schema_extra=also_written(
            "decision", {"type": "boolean", "description": "YAML's yes / no: go / no-go"}
        )
    )

    approver: str = Field(min_length=1, description="who decides (a role or a resource id)")
    decision: Decision | None = Field(default=None, description="go or no-go; none while pending")
    date: Day | None = Field(default=None, description="when the decision was taken")
    note: str = ""

    @model_validator(mode="before")
    @classmethod
    def _decision_text(cls, value: Any) -> Any:
        # YAML reads a bare `no` as false: accept the boolean spellings of go and no-go.
        if isinstance(value, dict) and isinstance(value.get("decision"), bool):
            return {**value, "decision": "go" if value["decision"] else "no-go"}
        return value

    @model_validator(mode="after")
    def _dated(self) -> ManualGate:
        if self.date is not None and self.decision is None:
            raise PydanticCustomError(
                "bad_gate", "a manual gate with a `date` needs the `decision` taken on it"
            )
        return self


def _gate_kind(value: Any) -> str | None:
    """`[metric]` when the gate names a metric, `[manual]` when it names an approver."""
    if isinstance(value, MetricGate):
        return "[metric]"
    if isinstance(value, ManualGate):
        return "[manual]"
    if isinstance(value, dict):
        if "metric" in value:
            return "[metric]"
        if "approver" in value:
            return "[manual]"
    return None


Gate = Annotated[
    Annotated[MetricGate, Tag("[metric]")] | Annotated[ManualGate, Tag("[manual]")],
    Discriminator(
        _gate_kind,
        custom_error_type="bad_gate",
        custom_error_message=(
            "a gate is a metric gate (`metric`, `op`, `threshold`, `source`) "
            "or a manual gate (`approver`, `decision`, `date`, `note`)"
        ),
    ),
]
"""A milestone's gate; the tags carry brackets so that error paths leave them out."""
