"""Rank library risks by how well they match a project: TF-IDF cosine similarity.

The library's risks are the documents (title, cause, event, effect, triggers, warning
signs, keywords twice, category, domains); the project is the query (name, description,
methodology, and every task's name, description, tags and category). Words are lower-cased,
English stop words dropped, simple plurals folded (`labels` -> `label`); single words (a
hyphenated word also counts as its parts), and pairs of neighbouring words within a clause,
count with sublinear term frequency (1 + log tf) and smoothed inverse document frequency
learnt on the library. The score is the cosine of the two vectors, and
the reason lists the terms that contribute most to it.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from steerco.model import Project, Task
from steerco.model.risk_library import LibraryRisk, RiskLibrary

__all__ = ["Suggestion", "project_text", "suggest_risks", "task_text"]

_WORD = re.compile(r"[a-z0-9]+(?:[/-][a-z0-9]+)*")
_CLAUSE = re.compile(r"[\n.;,:()!?\[\]{}\"]+")


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


def _taken(project: Project) -> set[str]:
    """Library ids the register already has: by a risk's `library` key or by its id."""
    return {risk.id for risk in project.risks} | {
        risk.library for risk in project.risks if risk.library is not None
    }


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

    Library risks the register already has are left out. Each suggestion carries its
    `terms` strongest shared terms and the ids of the `tasks` tasks it matches best.
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
    taken = _taken(project)
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
