"""Suggestions rank the obvious library risks first on the bundled examples (hand-made)."""

from __future__ import annotations

from pathlib import Path

import pytest

from steerco.formats.loader import load_project
from steerco.formats.project_yaml import parse_project_yaml
from steerco.library.risks import load_risk_library
from steerco.model.risk_library import RiskLibrary
from steerco.risk.suggest import Suggestion, suggest_risks

EXAMPLES = Path(__file__).parents[2] / "examples"


@pytest.fixture(scope="module")
def library() -> RiskLibrary:
    return load_risk_library()


def _ranked(library: RiskLibrary, example: str, top: int = 10) -> list[Suggestion]:
    return suggest_risks(load_project(EXAMPLES / example), library, top=top)


def _only_genai(s: Suggestion) -> bool:
    return set(s.risk.domains) == {"genai"}


def test_llm_assistant_gets_injection_and_hallucination_near_the_top(
    library: RiskLibrary,
) -> None:
    ranked = _ranked(library, "support-assistant.yaml")
    ids = [s.risk.id for s in ranked]
    assert "prompt-injection" in ids[:3]
    assert "hallucination" in ids[:5]
    # the first three are all generative-AI risks (retrieval, evaluation set, injection)
    assert all(s.risk.category == "genai" for s in ranked[:3])


def test_vision_project_gets_rare_classes_and_label_noise(library: RiskLibrary) -> None:
    ranked = _ranked(library, "defect-detector.yaml")
    ids = [s.risk.id for s in ranked]
    assert {"rare-classes", "label-noise", "capture-conditions"} <= set(ids[:5])
    assert not any(_only_genai(s) for s in ranked)


def test_forecasting_project_gets_structural_breaks_and_drift(library: RiskLibrary) -> None:
    ranked = _ranked(library, "demand-forecast.yaml")
    ids = [s.risk.id for s in ranked]
    assert ids[0] == "forecast-structural-break"
    assert "drift" in ids
    assert not any(_only_genai(s) for s in ranked)


def test_reasons_name_the_shared_terms_and_the_matching_tasks(library: RiskLibrary) -> None:
    project = parse_project_yaml(
        "name: Chat\nstart: 2027-01-04\ntasks:\n"
        "  - {id: rt, name: Red-team the assistant for prompt injection, duration: 5}\n"
        "  - {id: chairs, name: Order office chairs, duration: 5}\n"
    )
    first = suggest_risks(project, library, top=1)[0]
    assert first.risk.id == "prompt-injection"
    assert "prompt injection" in first.terms
    assert first.tasks == ("rt",)
    assert 0 < first.score <= 1


def test_risks_the_register_has_are_not_suggested(library: RiskLibrary) -> None:
    project = parse_project_yaml(
        "name: Chat\nstart: 2027-01-04\ntasks:\n"
        "  - {id: rt, name: Prompt injection red team and hallucination grounding, duration: 5}\n"
        "risks:\n"
        "  - {id: hallucination, title: Our own wording, probability: 0.3}\n"
        "  - {id: r-inj, title: Injection, probability: 0.3, library: prompt-injection}\n"
    )
    ids = [s.risk.id for s in suggest_risks(project, library, top=len(library.risks))]
    assert "hallucination" not in ids
    assert "prompt-injection" not in ids
    assert ids  # other risks still match


def test_scores_are_sorted_and_positive(library: RiskLibrary) -> None:
    ranked = _ranked(library, "support-assistant.yaml", top=len(library.risks))
    scores = [s.score for s in ranked]
    assert scores == sorted(scores, reverse=True)
    assert all(score > 0 for score in scores)
