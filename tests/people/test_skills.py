"""The taxonomy: names match through ids, names and aliases; unknown names get a did-you-mean."""

from __future__ import annotations

from steerco.errors import CLOSE_MATCH_CUTOFF, closest, did_you_mean
from steerco.formats.project_yaml import parse_project_yaml
from steerco.people.library import PeopleData, reference_problems
from steerco.people.skills import name_key, unknown_skills


def test_bundled_data_references_resolve(data: PeopleData) -> None:
    assert reference_problems(data) == []


def test_issue_categories_and_skills_are_in_the_taxonomy(data: PeopleData) -> None:
    t = data.taxonomy
    assert set(t.categories) == {
        "project-management",
        "ai-technologies",
        "tools",
        "leadership",
        "communication",
        "analytical-thinking",
        "business-acumen",
    }
    named = [
        "Agile", "Scrum", "Kanban", "Waterfall", "risk management", "earned value",
        "stakeholder management", "machine learning", "NLP", "neural networks",
        "deep learning", "computer vision", "LLMs", "generative AI", "MLOps",
        "data engineering", "responsible AI", "Python", "R", "SQL", "TensorFlow",
        "PyTorch", "Keras", "Azure ML", "SageMaker", "Vertex AI", "MLflow", "leadership",
        "active listening", "negotiation", "conflict resolution", "analytical thinking",
        "business acumen",
    ]  # fmt: skip
    missing = [name for name in named if t.lookup(name) is None]
    assert missing == []
    assert sorted(t.levels) == [0, 1, 2, 3, 4, 5]
    assert all(text.strip() for text in t.levels.values())


def test_case_spaces_and_separators_do_not_matter(data: PeopleData) -> None:
    t = data.taxonomy
    assert t.lookup("PyTorch") == t.lookup("pytorch") == t.lookup("py_torch") == "pytorch"
    assert t.lookup("Stakeholder Mgmt") == "stakeholder-management"
    assert t.lookup("cv") == "computer-vision"


def test_unknown_name_suggests_the_closest_skill(data: PeopleData) -> None:
    t = data.taxonomy
    assert t.lookup("pytorh") is None
    assert t.suggest("pytorh") == "pytorch"
    assert t.suggest("machin lerning") == "machine-learning"
    assert t.suggest("plc") is None
    assert "did you mean 'pytorch'?" in t.unknown_message("pytorh")


def test_unknown_skills_are_warnings_with_model_paths(data: PeopleData) -> None:
    project = parse_project_yaml(
        "name: x\nstart: 2027-01-04\n"
        "resources:\n  - {id: a, skills: {PyTorch: 3, pytorh: 2, plc: 4}}\n"
        "tasks:\n  - {id: t, duration: 1, demands: [{skill: nlpp}, {skill: NLP}]}\n",
        "x.yaml",
    )
    found = unknown_skills(project, data.taxonomy)
    assert [(d.code, d.path) for d in found] == [
        ("unknown_skill", ("resources", 0, "skills", "pytorh")),
        ("unknown_skill", ("resources", 0, "skills", "plc")),
        ("unknown_skill", ("tasks", 0, "demands", 0, "skill")),
    ]
    assert "did you mean 'nlp'?" in found[2].message


def test_suggestions_follow_the_one_close_match_rule(data: PeopleData) -> None:
    t = data.taxonomy
    index = {name_key(s): s for s in t.skills}
    # difflib ratio of "forecastingdomain" and "forecasting": 2 * 11 / 28 = 0.79
    assert CLOSE_MATCH_CUTOFF == 0.6
    assert closest("forecastingdomain", index) == "forecasting"
    assert t.suggest("forecasting-domain") == "forecasting"
    # one letter off a one-letter id still gets its hint: "bb"/"b" is 2 * 1 / 3 = 0.67
    assert closest("bb", {"b": "b"}) == "b"
    # "apis" is close to no skill at that cutoff
    assert t.suggest("apis") is None
    assert did_you_mean("apis", index) == ""
    assert did_you_mean("nlpp", index) == "; did you mean 'nlp'?"
