"""Training runs linked from tasks: where a run logs its scalars and how long it is planned."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from steerco.model.base import Model

__all__ = ["RunLink", "RunSourceKind"]

RunSourceKind = Literal["tensorboard", "csv", "mlflow", "metrics"]


class RunLink(Model):
    """A training task's run: its log (TensorBoard, a CSV logger, MLflow, a metrics file) and size.

    Progress is read from the log: steps (or epochs) done against the planned `steps` (or
    `epochs`); a metric gate with `source: {task: ID}` reads its metric from the same log.
    """

    source: RunSourceKind = Field(
        description="tensorboard (event files), csv (a Keras or Lightning CSV log), mlflow, "
        "or metrics (a steerco metrics file, CSV or JSON)"
    )
    path: str | None = Field(
        default=None,
        description="the log, relative to the project file: a TensorBoard log directory (or "
        "one event file), a CSV log file (or a Lightning version directory), a metrics file",
    )
    uri: str | None = Field(default=None, description="an MLflow tracking URI (mlflow only)")
    experiment: str | None = Field(default=None, description="MLflow experiment name")
    run: str | None = Field(
        default=None, description="MLflow run id or name; for a metrics file, its `run` column"
    )
    tag: str | None = Field(
        default=None,
        description="the scalar whose steps count progress (default: the largest step of any)",
    )
    steps: int | None = Field(default=None, gt=0, description="planned training steps")
    epochs: int | None = Field(default=None, gt=0, description="planned epochs, instead of steps")

    @model_validator(mode="after")
    def _complete(self) -> RunLink:
        if (self.steps is None) == (self.epochs is None):
            raise PydanticCustomError(
                "bad_run", "a run names its planned size: `steps` or `epochs`, one of them"
            )
        if self.source == "mlflow":
            if self.uri is None or (self.experiment is None and self.run is None):
                raise PydanticCustomError(
                    "bad_run", "an mlflow run needs a `uri` and an `experiment` or a `run`"
                )
            if self.path is not None:
                raise PydanticCustomError("bad_run", "an mlflow run has a `uri`, not a `path`")
        else:
            if self.path is None:
                raise PydanticCustomError(
                    "bad_run", "a {source} run needs the `path` of its log", {"source": self.source}
                )
            if self.uri is not None or self.experiment is not None:
                raise PydanticCustomError(
                    "bad_run", "`uri` and `experiment` belong to an mlflow run"
                )
        return self
