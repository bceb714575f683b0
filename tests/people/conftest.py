"""Shared fixtures: the bundled people data, and small hand-made teams."""

from __future__ import annotations

import pytest

from steerco.formats.project_yaml import parse_project_yaml
from steerco.library.people import load_people_data
from steerco.model import Project
from steerco.people.library import PeopleData


@pytest.fixture(scope="session")
def data() -> PeopleData:
    return load_people_data()


def project(text: str) -> Project:
    return parse_project_yaml(text, "team.yaml")
