"""The bundled AI risk library loads, covers the issue's topics; bad data gets located errors."""

from __future__ import annotations

from importlib import resources

import pytest

from steerco.errors import ProjectError
from steerco.library.risks import BUNDLED, load_risk_library, parse_risk_library
from steerco.model.risk_library import RiskLibrary

# Each topic issue 6 asks the library to cover, and the library id that covers it.
TOPICS = {
    "problem or success metric mis-specified": ["problem-misframed", "metric-misspecified"],
    "data not available or not ready": ["data-not-ready"],
    "data quality and leakage": ["data-quality", "data-leakage"],
    "labeling throughput and label noise": ["labeling-throughput", "label-noise"],
    "training/serving skew": ["training-serving-skew"],
    "model below target": ["model-below-target"],
    "overfitting to a reused test set": ["test-set-overfitting"],
    "drift after deployment": ["drift"],
    "harmful bias": ["harmful-bias"],
    "privacy and personal data": ["personal-data"],
    "prompt injection and adversarial input": ["prompt-injection", "adversarial-input"],
    "hallucination": ["hallucination"],
    "IP and licensing of data and models": ["ip-licensing"],
    "vendor model or API change": ["vendor-model-change"],
    "compute cost overrun": ["compute-cost-overrun"],
    "GPU capacity": ["gpu-capacity"],
    "missing MLOps": ["missing-mlops"],
    "integration with legacy workflow": ["integration-legacy"],
    "problem too hard for AI": ["problem-too-hard"],
    "no simple baseline": ["no-baseline"],
    "talent gaps": ["talent-gap"],
    "stakeholder expectations": ["stakeholder-expectations"],
    "regulatory classification": ["regulatory-classification"],
    "explainability and human oversight": ["explainability", "human-oversight"],
    "energy use": ["energy-use"],
}


@pytest.fixture(scope="module")
def library() -> RiskLibrary:
    return load_risk_library()


def test_library_has_at_least_40_risks(library: RiskLibrary) -> None:
    assert len(library.risks) >= 40


@pytest.mark.parametrize("topic", sorted(TOPICS))
def test_every_topic_of_the_issue_is_covered(library: RiskLibrary, topic: str) -> None:
    ids = {risk.id for risk in library.risks}
    assert set(TOPICS[topic]) <= ids


def test_every_nist_function_is_used(library: RiskLibrary) -> None:
    used = {f for risk in library.risks for f in risk.nist_ai_rmf}
    assert used == {"govern", "map", "measure", "manage"}


def test_genai_risks_map_to_the_nist_genai_profile(library: RiskLibrary) -> None:
    # NIST AI 600-1 section 2.2 is "Confabulation"; 2.9 "Information Security".
    assert "Confabulation" in library.get("hallucination").nist_genai
    assert "Information Security" in library.get("prompt-injection").nist_genai
    assert library.get("personal-data").nist_genai == ("Data Privacy",)


def test_eu_ai_act_tiers_where_they_apply(library: RiskLibrary) -> None:
    # Regulation (EU) 2024/1689: Art. 14 human oversight and Art. 10 data governance are
    # high-risk obligations; Art. 50 transparency duties are the limited tier.
    oversight = library.get("human-oversight").eu_ai_act
    assert oversight is not None
    assert oversight.tier == "high"
    assert "Art. 14" in oversight.articles
    disclosure = library.get("transparency-disclosure").eu_ai_act
    assert disclosure is not None
    assert (disclosure.tier, disclosure.articles) == ("limited", ("Art. 50",))
    assert library.get("gpu-capacity").eu_ai_act is None


def test_ranges_are_ordered_and_the_midpoint_is_their_centre(library: RiskLibrary) -> None:
    for risk in library.risks:
        assert 0 <= risk.probability.low <= risk.probability.high <= 1
        assert risk.impact.delay.low <= risk.impact.delay.high
    assert library.get("data-not-ready").probability.mid == pytest.approx(0.4)


def test_ids_the_templates_use_are_stable(library: RiskLibrary) -> None:
    # data/templates/crisp-dm.yaml names these library risks.
    for risk_id in (
        "data-not-ready",
        "data-quality",
        "model-below-target",
        "test-set-overfitting",
        "integration-legacy",
    ):
        assert library.get(risk_id).id == risk_id


def _bundled_text() -> str:
    return resources.files("steerco").joinpath("data", "risk_library.yaml").read_text("utf-8")


def _first_line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.mark.parametrize(
    ("needle", "bad"),
    [
        ("probability: {low: 0.3, high: 0.5}", "probability: {low: 0.3, high: 1.5}"),
        ("delay: {low: 10, high: 30}", "delay: {low: 30, high: 10}"),
    ],
    ids=["probability above one", "range low above high"],
)
def test_bad_range_is_located(needle: str, bad: str) -> None:
    text = _bundled_text()
    line = _first_line_of(text, needle)
    with pytest.raises(ProjectError) as caught:
        parse_risk_library(text.replace(needle, bad, 1), "lib.yaml")
    assert [(d.code, d.file, d.line) for d in caught.value.diagnostics] == [
        ("bad_value", "lib.yaml", line)
    ]


_RISK = """\
  - id: one
    title: One
    category: data
    domains: [general]
    cause: c
    event: e
    effect: f
    triggers: [t]
    probability: {low: 0.1, high: 0.2}
    impact: {delay: {low: 1, high: 2}, cost: {low: 0, high: 0.1}}
    response: accept
    responses: [r]
    contingency: p
    nist_ai_rmf: [map]
    keywords: [k]
"""


def test_unknown_source_and_duplicate_id_are_located() -> None:
    text = (
        "sources:\n  - {id: a, title: A paper}\nrisks:\n"
        + _RISK
        + "    sources: [a, b]\n"
        + _RISK
        + "    sources: [a]\n"
    )
    with pytest.raises(ProjectError) as caught:
        parse_risk_library(text, "lib.yaml")
    found = [(d.code, d.line, d.column) for d in caught.value.diagnostics]
    # line 4 is the first `- id: one`, line 19 its sources, line 20 the second `- id: one`
    assert found == [("unknown_source", 19, 18), ("duplicate_id", 20, 9)]


def test_unknown_key_is_located() -> None:
    text = _bundled_text().replace("    cause: The use case", "    cuase: The use case", 1)
    with pytest.raises(ProjectError) as caught:
        parse_risk_library(text, BUNDLED)
    codes = {d.code for d in caught.value.diagnostics}
    assert codes == {"unknown_key", "missing_field"}
    assert all(d.file == BUNDLED and d.line is not None for d in caught.value.diagnostics)
