"""Suggestions rank the obvious library risks first on the bundled examples (hand-made)."""

from __future__ import annotations

from pathlib import Path

import pytest

from steerco.formats.loader import load_project
from steerco.formats.project_yaml import parse_project_yaml
from steerco.library.risks import load_risk_library
from steerco.model.risk_library import RiskLibrary
from steerco.risk.suggest import (
    SAME_RISK_OVERLAP,
    Held,
    Suggestion,
    held_risks,
    suggest_risks,
    wording_overlap,
)

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


def test_vision_project_gets_label_noise_but_not_the_rare_classes_it_holds(
    library: RiskLibrary,
) -> None:
    ranked = _ranked(library, "defect-detector.yaml")
    ids = [s.risk.id for s in ranked]
    assert {"label-noise", "capture-conditions"} <= set(ids[:5])
    # its register has "Too few examples of rare defect classes": the same risk
    assert "rare-classes" not in ids
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


@pytest.mark.parametrize(
    ("ours", "theirs", "expected"),
    [
        # example, rare, class in common (too, few, of: stop words): 3 of the shorter 3
        ("Too few examples of rare defect classes", "Too few examples of rare classes", 1.0),
        # key, person vs lead, data, scientist: single, point, failure = 3 of 5
        (
            "Lead data scientist is a single point of failure",
            "A key person is a single point of failure",
            3 / 5,
        ),
        # evaluation set: 2 of 4 (overfitting, reused, evaluation, set)
        (
            "Overfitting to a reused evaluation set",
            "No representative evaluation set for the generative system",
            2 / 4,
        ),
        # deprecated/deprecation read `deprec`, changes/change `change`: model, deprec,
        # price, change of {model, deprec, price, change, mid, project}
        (
            "Model deprecation or price change mid-project",
            "Vendor model or API changes, is deprecated or changes price",
            4 / 6,
        ),
        # one word in common says nothing, even all of a one-word title
        ("Drift", "Data or concept drift after deployment", 0.0),
    ],
)
def test_wording_overlap_by_hand(ours: str, theirs: str, expected: float) -> None:
    assert wording_overlap(ours, theirs) == pytest.approx(expected)


def _register(*risks: str) -> str:
    lines = [
        f"  - {{id: r{i}, title: '{title}', probability: 0.3}}" for i, title in enumerate(risks)
    ]
    return (
        "name: Vision\nstart: 2027-01-04\ntasks:\n"
        "  - {id: cap, name: Capture rare defect classes for the evaluation set, duration: 5}\n"
        "risks:\n" + "\n".join(lines) + "\n"
    )


def test_same_risk_in_other_words_is_held_at_the_threshold_and_not_below(
    library: RiskLibrary,
) -> None:
    # 0.6 (3 of 5 words) is held; 0.5 (2 of 4) is not
    assert wording_overlap(
        "Operators override the model or distrust rejects",
        "Users distrust, override or ignore the model",
    ) == pytest.approx(SAME_RISK_OVERLAP)
    at = parse_project_yaml(_register("Operators override the model or distrust rejects"))
    below = parse_project_yaml(_register("Overfitting to a reused evaluation set"))
    assert held_risks(at, library) == [Held("user-adoption", "r0", "wording", 0.6)]
    # the same title is test-set-overfitting's (3 of 4) but only 2 of 4 of eval-set-gap's
    assert held_risks(below, library) == [Held("test-set-overfitting", "r0", "wording", 0.75)]
    everything = len(library.risks)
    assert "user-adoption" not in [s.risk.id for s in suggest_risks(at, library, top=everything)]
    assert "eval-set-gap" in [s.risk.id for s in suggest_risks(below, library, top=everything)]


def test_a_register_risks_description_counts_too(library: RiskLibrary) -> None:
    text = _register("Camera risk").replace(
        "probability: 0.3}", "probability: 0.3, description: too few examples of rare classes}"
    )
    held = held_risks(parse_project_yaml(text), library)
    assert held == [Held("rare-classes", "r0", "wording", 1.0)]


def test_held_by_library_id_or_id_before_wording(library: RiskLibrary) -> None:
    project = parse_project_yaml(
        "name: Chat\nstart: 2027-01-04\n"
        "risks:\n"
        "  - {id: hallucination, title: Our own wording, probability: 0.3}\n"
        "  - {id: r-inj, title: Injection, probability: 0.3, library: prompt-injection}\n"
    )
    assert held_risks(project, library) == [
        Held("prompt-injection", "r-inj", "library"),
        Held("hallucination", "hallucination", "id"),
    ]
