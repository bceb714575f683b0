"""app.templates: the project `steerco new` prints, the template list, unknown names."""

from __future__ import annotations

import datetime as dt

import pytest
from typer.testing import CliRunner

from steerco.app.templates import list_templates, new_project, next_monday
from steerco.cli.main import app
from steerco.errors import ProjectError

runner = CliRunner()


def test_new_project_is_what_the_cli_prints() -> None:
    made = new_project(template="llm-app", name="Policy bot", start=dt.date(2027, 2, 1))
    printed = runner.invoke(
        app, ["new", "-t", "llm-app", "--name", "Policy bot", "--start", "2027-02-01"]
    )
    assert printed.exit_code == 0, printed.output
    assert made.text == printed.stdout
    assert (made.project.name, made.project.start) == ("Policy bot", dt.date(2027, 2, 1))


def test_start_defaults_to_the_next_monday() -> None:
    made = new_project(template="mlops", today=dt.date(2027, 1, 6))
    assert made.project.start == next_monday(dt.date(2027, 1, 6)) == dt.date(2027, 1, 11)


def test_every_listed_template_makes_a_valid_project() -> None:
    names = [info.name for info in list_templates()]
    assert names == sorted(names) and {"crisp-dm", "mlops", "llm-app", "computer-vision"} <= set(
        names
    )
    for name in names:
        assert new_project(template=name, start=dt.date(2027, 1, 4)).project.tasks


@pytest.mark.parametrize(("name", "hint"), [("llm", "did you mean 'llm-app'"), ("zzz", "one of")])
def test_unknown_template(name: str, hint: str) -> None:
    with pytest.raises(ProjectError) as raised:
        new_project(template=name)
    assert raised.value.code == "unknown_template"
    assert hint in str(raised.value)
