"""Rank library risks by how well they match a project: TF-IDF cosine similarity.

The library's risks are the documents (title, cause, event, effect, triggers, warning
signs, keywords twice, category, domains); the project is the query (name, description,
methodology, and every task's name, description, tags and category). Words are lower-cased,
English stop words dropped, simple plurals folded (`labels` -> `label`); single words (a
hyphenated word also counts as its parts), and pairs of neighbouring words within a clause,
count with sublinear term frequency (1 + log tf) and smoothed inverse document frequency
learnt on the library. The score is the cosine of the two vectors, and
the reason lists the terms that contribute most to it.

A library risk the register already holds is not suggested: one with its id or its
`library:` id, or the same risk in other words. Wording is compared on titles (and a
register risk's description): each text becomes the set of its words, lower-cased, stop
words dropped, plurals folded and cut to their first six letters (a crude stem:
`deprecated` and `deprecation` both read `deprec`); two texts say the same when they
share at least SAME_RISK_WORDS words and those are at least SAME_RISK_OVERLAP of the
shorter set (the overlap coefficient |A ∩ B| / min(|A|, |B|)).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from numpy.typing import NDArray
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from steerco.model import Project, Task
from steerco.model.risk_library import LibraryRisk, RiskLibrary

__all__ = [
    "SAME_RISK_OVERLAP",
    "SAME_RISK_WORDS",
    "Held",
    "Suggestion",
    "held_risks",
    "project_text",
    "suggest_risks",
    "task_text",
    "wording_overlap",
]

_WORD = re.compile(r"[a-z0-9]+(?:[/-][a-z0-9]+)*")
_CLAUSE = re.compile(r"[\n.;,:()!?\[\]{}\"]+")
_PLAIN_WORD = re.compile(r"[a-z0-9]+")
_STEM = 6

SAME_RISK_OVERLAP = 0.6
"""Share of the shorter title's words two titles must have in common to be the same risk.

Chosen on the bundled examples: at 0.6 every pair it finds is the same risk (`Too few
examples of rare defect classes` and the library's `Too few examples of rare classes`,
1.0; `Lead data scientist is a single point of failure` and `A key person is a single
point of failure`, 0.6), while at 0.5 `Overfitting to a reused evaluation set` would hide
the different `No representative evaluation set for the generative system`.
"""
SAME_RISK_WORDS = 2
"""Words two titles must share at least: one common word (`model`) says nothing."""


@dataclass(frozen=True)
class Suggestion:
    """A library risk that matches the project, how well (cosine, 0..1) and why."""

    risk: LibraryRisk
    score: float
    terms: tuple[str, ...]
    tasks: tuple[str, ...]


@dataclass
class _Words:
    """Turns text into terms the same way for the library and the project.

    Terms are the words that are not stop words, and the pairs of such words that follow
    each other within one clause (text is cut at line ends and punctuation, so that a pair
    never spans two keywords or two task names). Remembers how each term was spelt.
    """

    spelling: dict[str, str] = field(default_factory=dict)

    def __call__(self, text: str) -> list[str]:
        terms: list[str] = []
        for clause in _CLAUSE.split(text.lower()):
            words = []
            for word in _WORD.findall(clause):
                if word in ENGLISH_STOP_WORDS:
                    continue
                token = _fold(word)
                self.spelling.setdefault(token, word)
                words.append(token)
            terms += words
            terms += [f"{a} {b}" for a, b in itertools.pairwise(words)]
            terms += [
                _fold(part)
                for word in words
                if "-" in word
                for part in word.split("-")
                if part not in ENGLISH_STOP_WORDS
            ]
        return terms

    def show(self, term: str) -> str:
        """A term as a reader would write it (its first spelling seen, per word)."""
        return " ".join(self.spelling.get(part, part) for part in term.split(" "))


def _fold(word: str) -> str:
    """A crude plural folding: `libraries` -> `library`, `labels` -> `label`."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def task_text(task: Task) -> str:
    """What a task says about the work: name, description, tags and category."""
    return "\n".join([task.name, task.description, *task.tags, task.category or ""])


def project_text(project: Project) -> str:
    """What the project says about itself: name, description, methodology and its tasks."""
    parts = [project.name, project.description, project.methodology]
    parts += [task_text(task) for task in project.all_tasks()]
    return "\n".join(parts)


@dataclass(frozen=True)
class Held:
    """A library risk the register already holds: which register risk, and how it was known.

    `how`: `library` (the risk's `library:` names it), `id` (the same id) or `wording`
    (its title or description says the same as the library risk's title; `overlap` is
    the overlap coefficient, else None).
    """

    library: str
    risk: str
    how: Literal["library", "id", "wording"]
    overlap: float | None = None


def _title_words(text: str) -> frozenset[str]:
    """A title's words for comparing wordings: no stop words, plurals folded, first 6 letters."""
    return frozenset(
        _fold(word)[:_STEM]
        for word in _PLAIN_WORD.findall(text.lower())
        if word not in ENGLISH_STOP_WORDS
    )


def wording_overlap(a: str, b: str) -> float:
    """|A ∩ B| / min(|A|, |B|) of the two texts' title words; 0 below SAME_RISK_WORDS shared."""
    words_a, words_b = _title_words(a), _title_words(b)
    shared = len(words_a & words_b)
    if shared < SAME_RISK_WORDS:
        return 0.0
    return shared / min(len(words_a), len(words_b))


def _holder(project: Project, candidate: LibraryRisk) -> Held | None:
    """The register risk that holds `candidate` (by library id, id, then wording), if any."""
    for risk in project.risks:
        if risk.library == candidate.id:
            return Held(candidate.id, risk.id, "library")
    for risk in project.risks:
        if risk.id == candidate.id:
            return Held(candidate.id, risk.id, "id")
    best: Held | None = None
    for risk in project.risks:
        overlap = max(
            wording_overlap(text, candidate.title) for text in (risk.title, risk.description)
        )
        if overlap >= SAME_RISK_OVERLAP and (best is None or overlap > (best.overlap or 0.0)):
            best = Held(candidate.id, risk.id, "wording", overlap)
    return best


def held_risks(project: Project, library: RiskLibrary) -> list[Held]:
    """The library risks the register already holds, in library order (see the module doc)."""
    found = (_holder(project, candidate) for candidate in library.risks)
    return [held for held in found if held is not None]


def _best_tasks(similarity: NDArray[np.float64], ids: list[str], limit: int) -> tuple[str, ...]:
    order = np.argsort(-similarity, kind="stable")[:limit]
    return tuple(ids[i] for i in order if similarity[i] > 0)


def _terms(
    risk_row: NDArray[np.float64], query: NDArray[np.float64], names: list[str], limit: int
) -> tuple[str, ...]:
    """The terms that add most to the cosine, strongest first.

    A part of a hyphenated term that is shown too (`inter` beside `inter-annotator`) is
    left out.
    """
    contribution = risk_row * query
    order = np.argsort(-contribution, kind="stable")[: 3 * limit]
    chosen = [names[i] for i in order if contribution[i] > 0]
    parts = {part for term in chosen for part in term.split("-") if part != term}
    return tuple(term for term in chosen if term not in parts)[:limit]


def suggest_risks(
    project: Project, library: RiskLibrary, *, top: int = 10, terms: int = 5, tasks: int = 3
) -> list[Suggestion]:
    """The `top` library risks most similar to the project, best first.

    Library risks the register already holds (`held_risks`) are left out. Each suggestion
    carries its `terms` strongest shared terms and the ids of the `tasks` tasks it matches
    best.
    """
    words = _Words()
    text = project_text(project)
    words(text)  # the project's own spellings are the ones shown
    vectorizer = TfidfVectorizer(analyzer=words, sublinear_tf=True)
    documents = vectorizer.fit_transform([risk.text() for risk in library.risks]).toarray()
    query = vectorizer.transform([text]).toarray()[0]
    leaves = [task for task in project.all_tasks() if task.name or task.description]
    per_task = vectorizer.transform([task_text(task) for task in leaves]).toarray()
    names = [words.show(name) for name in vectorizer.get_feature_names_out()]
    scores = documents @ query
    taken = {held.library for held in held_risks(project, library)}
    ranked = sorted(
        (i for i, risk in enumerate(library.risks) if risk.id not in taken and scores[i] > 0),
        key=lambda i: (-scores[i], library.risks[i].id),
    )
    task_ids = [task.id for task in leaves]
    return [
        Suggestion(
            risk=library.risks[i],
            score=float(scores[i]),
            terms=_terms(documents[i], query, names, terms),
            tasks=_best_tasks(per_task @ documents[i], task_ids, tasks),
        )
        for i in ranked[:top]
    ]
