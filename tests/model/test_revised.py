"""`Model.revised`: a change to a model is validated again, and nothing else changes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import BaseModel, ValidationError

from steerco.errors import ProjectError
from steerco.formats.loader import load_project
from steerco.library.people import load_people_data
from steerco.model import Progress, Project, TaskProgress
from steerco.model.base import Model

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.yaml"))


def models(value: object) -> Iterator[Model]:
    """Every Model inside `value`, depth first (fields, tuples, dicts)."""
    if isinstance(value, Model):
        yield value
        for name in type(value).model_fields:
            yield from models(getattr(value, name))
    elif isinstance(value, tuple | list):
        for item in value:
            yield from models(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from models(item)


def dumps(model: BaseModel) -> object:
    return model.model_dump(mode="json", exclude_defaults=True)


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_every_model_of_every_example_revises_to_itself(example: Path) -> None:
    found = list(models(load_project(example)))
    assert len(found) > 20
    for model in found:
        again = model.revised()
        assert type(again) is type(model)
        assert again == model and again is not model
        assert again.model_fields_set == model.model_fields_set
        assert dumps(again) == dumps(model)


def test_the_bundled_people_data_revises_to_itself() -> None:
    data = load_people_data()
    for model in [*models(data.roles), *models(data.certifications)]:
        assert model.revised() == model


def test_a_revision_changes_the_fields_given_and_keeps_unset_ones_unset() -> None:
    entry = TaskProgress(actual_start=dt.date(2027, 1, 4))
    done = entry.revised(actual_finish=dt.date(2027, 1, 6), percent_complete=100)
    assert (done.actual_start, done.actual_finish, done.percent_complete) == (
        dt.date(2027, 1, 4),
        dt.date(2027, 1, 6),
        100,
    )
    assert done.model_fields_set == {"actual_start", "actual_finish", "percent_complete"}
    assert entry.actual_finish is None  # frozen: the original stays as it was


def test_a_revision_runs_the_field_validators() -> None:
    with pytest.raises(ValidationError, match="runs from 0 to 100"):
        TaskProgress(actual_start=dt.date(2027, 1, 4)).revised(percent_complete=140)
    with pytest.raises(ValidationError):
        Progress().revised(unknown_field=1)


def test_a_revision_runs_the_project_checks_that_model_copy_skips() -> None:
    project = load_project(EXAMPLES[0])
    wrong = Progress(status_date=dt.date(2027, 3, 1), tasks={"no-such-task": TaskProgress()})
    assert project.model_copy(update={"progress": wrong}).progress is wrong  # not checked
    with pytest.raises(ProjectError) as caught:
        project.revised(progress=wrong)
    assert [d.code for d in caught.value.diagnostics] == ["unknown_task"]


def test_a_revised_project_is_the_same_project() -> None:
    project = load_project(EXAMPLES[0])
    cleared = project.revised(progress=Progress())
    assert isinstance(cleared, Project) and cleared.progress == Progress()
    # nested models are taken as they are, not dumped and rebuilt
    assert all(a is b for a, b in zip(cleared.tasks, project.tasks, strict=True))


def test_a_psplib_project_revises_to_itself() -> None:
    """The PSPLIB reader sets `duration=None` on its dummy jobs; a revision keeps them valid."""
    from psplib_data import psplib_instance
    from steerco.formats.psplib import load_psplib, psplib_project

    project = psplib_project(load_psplib(psplib_instance("j3010_1")))
    assert project.revised() == project
    assert [t.revised() for t in project.tasks] == list(project.tasks)
