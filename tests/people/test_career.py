"""Career path: readiness and gap ranking against hand-computed profiles, certification rules
at their boundaries, the learning plan's order, and located errors for bad profiles.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from steerco.errors import ProjectError
from steerco.formats.profile_yaml import parse_profile
from steerco.library.people import parse_salary_overrides
from steerco.people.career import assess, default_target
from steerco.people.certifications import eligibility
from steerco.people.learning import WINDOWS
from steerco.people.library import PeopleData
from steerco.people.profile import Profile
from steerco.people.readiness import ranked_gaps, readiness
from steerco.people.roles import RoleLibrary

# The issue's weights: leadership 9.5, communication 9.2, technical knowledge 8.7.
WEIGHTS = {
    "leadership": 9.5,
    "communication": 9.2,
    "analytical-thinking": 8.9,
    "ai-technologies": 8.7,
    "tools": 8.7,
    "project-management": 9.0,
    "business-acumen": 8.5,
}
SALARY = {"min": 1, "max": 2, "source": "test", "year": 2025}


def _library(skills: dict[str, int]) -> RoleLibrary:
    return RoleLibrary.model_validate(
        {
            "weights": {"source": "issue 7", "year": 2025, "categories": WEIGHTS},
            "roles": {
                "r": {
                    "name": "Role",
                    "track": "ai-project-manager",
                    "level": "entry",
                    "experience_months": 12,
                    "leading_months": 0,
                    "salary": SALARY,
                    "skills": skills,
                }
            },
        }
    )


def test_readiness_is_the_weighted_share_of_levels_met(data: PeopleData) -> None:
    roles = _library({"leadership": 4, "communication": 3, "machine-learning": 2})
    person = Profile(skills={"leadership": 2, "communication": 3, "machine-learning": 3})
    result = readiness(person, "r", roles, data.taxonomy)
    # (9.5 x 2/4 + 9.2 x 1 + 8.7 x min(3/2, 1)) / (9.5 + 9.2 + 8.7) = 22.65 / 27.4
    assert result.score == pytest.approx(22.65 / 27.4)
    assert result.weighted_met == pytest.approx(22.65)
    assert result.total_weight == pytest.approx(27.4)


def test_gaps_rank_by_importance_times_gap(data: PeopleData) -> None:
    roles = _library({"leadership": 3, "communication": 4, "python": 4, "negotiation": 3})
    person = Profile(skills={"leadership": 2, "communication": 2, "python": 1, "negotiation": 2})
    gaps = ranked_gaps(readiness(person, "r", roles, data.taxonomy))
    # python 8.7 x 3 = 26.1; communication 9.2 x 2 = 18.4; leadership 9.5 x 1; negotiation 9.2 x 1
    assert [(g.skill, round(g.priority, 1)) for g in gaps] == [
        ("python", 26.1),
        ("communication", 18.4),
        ("leadership", 9.5),
        ("negotiation", 9.2),
    ]


def test_missing_skills_count_as_level_0_and_met_skills_are_not_gaps(data: PeopleData) -> None:
    roles = _library({"leadership": 2, "sql": 2})
    result = readiness(Profile(skills={"sql": 5}), "r", roles, data.taxonomy)
    assert result.score == pytest.approx(8.7 / (9.5 + 8.7))
    assert [g.skill for g in ranked_gaps(result)] == ["leadership"]


@settings(max_examples=40, deadline=None)
@given(levels=st.lists(st.integers(0, 5), min_size=8, max_size=8), bump=st.integers(0, 7))
def test_readiness_is_between_0_and_1_and_never_falls_when_a_level_rises(
    data: PeopleData, levels: list[int], bump: int
) -> None:
    names = ["agile", "scrum", "leadership", "communication", "machine-learning", "python",
             "business-acumen", "analytical-thinking"]  # fmt: skip
    for role in data.roles.path():
        before = readiness(
            Profile(skills=dict(zip(names, levels, strict=True))), role, data.roles, data.taxonomy
        )
        raised = list(levels)
        raised[bump] = min(raised[bump] + 1, 5)
        after = readiness(
            Profile(skills=dict(zip(names, raised, strict=True))), role, data.roles, data.taxonomy
        )
        assert 0.0 <= before.score <= after.score <= 1.0


def test_bundled_weights_are_the_issue_defaults(data: PeopleData) -> None:
    weights = data.roles.weights.categories
    assert (weights["leadership"], weights["communication"]) == (9.5, 9.2)
    assert (weights["analytical-thinking"], weights["ai-technologies"], weights["tools"]) == (
        8.9,
        8.7,
        8.7,
    )
    bands = {rid: data.roles.roles[rid].salary for rid in data.roles.path()}
    assert [(b.min, b.max, b.open_ended) for b in bands.values()] == [
        (70000, 90000, False),
        (90000, 120000, False),
        (120000, 150000, True),
    ]
    assert all(b.source and b.year for b in bands.values())


# --- certifications at their boundaries ----------------------------------------------------


def _status(data: PeopleData, cert: str, **profile: object) -> str:
    library = data.certifications
    person = Profile.model_validate(profile)
    return eligibility(cert, library.certifications[cert], person, library.courses).status


@pytest.mark.parametrize(
    ("education", "months", "hours", "expected"),
    [
        ("bachelor", 36, 35, "eligible"),  # PMI: four-year degree, 36 months, 35 hours
        ("bachelor", 35, 35, "not_yet"),
        ("bachelor", 36, 34, "not_yet"),
        ("master", 36, 35, "eligible"),  # a higher degree counts
        ("associate", 36, 35, "not_yet"),  # secondary route: 60 months
        ("secondary", 60, 35, "eligible"),
        ("secondary", 59, 35, "not_yet"),
        ("none", 120, 35, "not_yet"),
    ],
)
def test_pmp_experience_by_degree(
    data: PeopleData, education: str, months: int, hours: int, expected: str
) -> None:
    status = _status(
        data, "pmp", education=education, leading_months=months, pm_education_hours=hours
    )
    assert status == expected


def test_pmp_accepts_a_capm_instead_of_the_35_hours(data: PeopleData) -> None:
    status = _status(data, "pmp", education="bachelor", leading_months=36, certifications=["capm"])
    assert status == "eligible"


def test_pmp_shortfall_says_what_is_missing(data: PeopleData) -> None:
    library = data.certifications
    person = Profile(education="bachelor", leading_months=30, pm_education_hours=12)
    result = eligibility("pmp", library.certifications["pmp"], person, library.courses)
    assert result.option == 0
    assert result.missing == [
        "6 more months leading projects (30 of 36)",
        "23 more contact hours of project management education (12 of 35)",
    ]


@pytest.mark.parametrize(("hours", "expected"), [(23, "eligible"), (22, "not_yet")])
def test_capm_needs_23_hours(data: PeopleData, hours: int, expected: str) -> None:
    assert _status(data, "capm", education="secondary", pm_education_hours=hours) == expected


@pytest.mark.parametrize(
    ("agile_months", "certs", "expected"),
    [(24, [], "eligible"), (23, [], "not_yet"), (0, ["pmp"], "eligible")],
)
def test_pmi_acp_needs_24_agile_months_or_a_pmp(
    data: PeopleData, agile_months: int, certs: list[str], expected: str
) -> None:
    status = _status(
        data,
        "pmi-acp",
        education="secondary",
        agile_months=agile_months,
        agile_education_hours=28,
        certifications=certs,
    )
    assert status == expected


def test_cpmai_needs_only_its_course_and_psm_nothing(data: PeopleData) -> None:
    assert _status(data, "pmi-cpmai") == "course"
    assert _status(data, "pmi-cpmai", courses=["pmi-cpmai-prep"]) == "eligible"
    assert _status(data, "psm-1", education="none") == "eligible"
    assert _status(data, "psm-1", certifications=["psm-1"]) == "held"


# --- the assessment ---------------------------------------------------------------------------


def test_learning_plan_follows_the_path_and_fills_30_60_90_days(data: PeopleData) -> None:
    person = Profile(skills={"python": 1}, education="bachelor")
    result = assess(person, data, target="ai-project-manager-mid")
    stage_of = {s.id: k for k, s in enumerate(data.learning.stages)}
    steps = [step for stage in result.plan.stages for step in stage.steps]
    order = [stage_of[step.stage] for step in steps]
    assert order == sorted(order)  # foundations first, then hands-on AI, ...
    assert len(steps) == len(result.gaps)
    assert list(result.plan.days) == list(WINDOWS)
    # The days take the largest weighted gaps first, whatever their stage (issue 13, 8).
    largest = sorted(steps, key=lambda s: -s.priority)
    assert result.plan.days[30][:3] == [s.text() for s in largest[:3]]
    assert result.plan.days[30][3] == data.learning.actions_of("staying-current")[0]
    assert result.plan.days[90][-1] == data.learning.actions_of("networking")[0]
    # Nothing held, no course done: the first target certification within reach is the
    # PMI-CPMAI (its course is all it needs); the PMP needs 36 months leading projects.
    assert "PMI-CPMAI" in result.plan.days[60][-1]


def test_the_plan_addresses_the_largest_weighted_gaps_first(data: PeopleData) -> None:
    # Mid-level AI PM: communication weighs 9.2 and wants active listening and communication
    # at 4. A person at 0 in both and at 2 in everything else the role asks: the two
    # communication gaps are the largest, 9.2 x 4 = 36.8 each, though the path puts
    # communication third (after project management and hands-on AI).
    role = data.roles.roles["ai-project-manager-mid"].skills
    person = Profile(skills={**dict.fromkeys(role, 2), "active-listening": 0, "communication": 0})
    result = assess(person, data, target="ai-project-manager-mid")
    by_skill = {g.skill: g.priority for g in result.gaps}
    assert by_skill["active-listening"] == pytest.approx(36.8)
    assert max(by_skill.values()) == pytest.approx(36.8)
    days = [line for window in WINDOWS for line in result.plan.days[window]]
    steps = [line for line in days if ": level " in line]
    assert steps[0].startswith("Active listening: level 0 → 4.")
    assert steps[1].startswith("Communication: level 0 → 4.")
    # Every step in the days is ordered by weighted gap, largest first.
    names = {data.taxonomy.label(g.skill): g.priority for g in result.gaps}
    priorities = [names[line.split(":")[0]] for line in steps]
    assert priorities == sorted(priorities, reverse=True)
    assert len(steps) == min(9, len(result.gaps))


def test_default_target_is_the_profile_target_else_the_first_level_not_reached(
    data: PeopleData,
) -> None:
    assert default_target(Profile(target="ai-consultant"), data) == "ai-consultant"
    assert default_target(Profile(), data) == "ai-project-manager-entry"
    entry = data.roles.roles["ai-project-manager-entry"].skills
    assert default_target(Profile(skills=dict(entry)), data) == "ai-project-manager-mid"


# --- bad profiles get located errors ------------------------------------------------------------


def _errors(data: PeopleData, text: str) -> list[tuple[str, int | None, int | None]]:
    with pytest.raises(ProjectError) as caught:
        parse_profile(text, "me.yaml", data)
    return [(d.code, d.line, d.column) for d in caught.value.diagnostics]


def test_level_7_and_negative_experience_are_located(data: PeopleData) -> None:
    text = "name: me\nskills:\n  python: 3\n  scrum: 7\nexperience_months: -12\n"
    assert _errors(data, text) == [("bad_skill_level", 4, 10), ("bad_value", 5, 20)]


def test_unknown_skill_in_a_profile_is_an_error_with_a_did_you_mean(data: PeopleData) -> None:
    text = "skills: {pyhton: 3, PyTorch: 2}\ncertifications: [PMP, pmpp]\ntarget: ai-consultnt\n"
    with pytest.raises(ProjectError) as caught:
        parse_profile(text, "me.yaml", data)
    found = {d.code: d for d in caught.value.diagnostics}
    assert (found["unknown_skill"].line, found["unknown_skill"].column) == (1, 10)
    assert "did you mean 'python'?" in found["unknown_skill"].message
    assert (found["unknown_certification"].line, found["unknown_certification"].column) == (2, 23)
    assert "did you mean 'pmp'?" in found["unknown_certification"].message
    assert found["unknown_role"].line == 3
    assert "did you mean 'ai-consultant'?" in found["unknown_role"].message


def test_misspelt_profile_key_suggests_the_profile_key(data: PeopleData) -> None:
    with pytest.raises(ProjectError) as caught:
        parse_profile("skils: {python: 2}\n", "me.yaml", data)
    [d] = caught.value.diagnostics
    assert (d.code, d.line, d.column) == ("unknown_key", 1, 1)
    assert "did you mean 'skills'?" in d.message


def test_a_good_profile_resolves_names_to_ids(data: PeopleData) -> None:
    text = "skills: {PyTorch: 2, Py: 3}\ncertifications: [PSM I, ACP]\ntarget: AI-Consultant\n"
    person = parse_profile(text, "me.yaml", data)
    assert person.skills == {"pytorch": 2, "python": 3}
    assert person.certifications == ("psm-1", "pmi-acp")
    assert person.target == "ai-consultant"


def test_salary_overrides_replace_bands_and_unknown_roles_are_located(data: PeopleData) -> None:
    text = (
        "ai-project-manager-entry: "
        "{min: 50000, max: 65000, currency: EUR, source: HR, year: 2026}\n"
    )
    bands = parse_salary_overrides(text, "pay.yaml", data)
    roles = data.roles.with_salaries(bands)
    assert roles.roles["ai-project-manager-entry"].salary.text() == "50,000-65,000 EUR"
    assert roles.roles["ai-project-manager-mid"].salary.min == 90000
    with pytest.raises(ProjectError) as caught:
        parse_salary_overrides(
            "ai-pm-mid: {min: 1, max: 2, source: x, year: 2026}\n", "p.yaml", data
        )
    [d] = caught.value.diagnostics
    assert (d.code, d.line, d.column) == ("unknown_role", 1, 1)
