"""The skills and certifications a file may name, as JSON (`steerco skills|certifications`)."""

from __future__ import annotations

from typing import Any

from steerco.people.certifications import CertificationLibrary
from steerco.people.skills import Taxonomy

__all__ = ["certifications_object", "skills_object"]


def skills_object(taxonomy: Taxonomy) -> dict[str, Any]:
    """Levels, categories and every skill with its id, name, category and aliases."""
    return {
        "levels": {str(level): text for level, text in sorted(taxonomy.levels.items())},
        "categories": [{"id": cid, "name": c.name} for cid, c in taxonomy.categories.items()],
        "skills": [
            {"id": sid, "name": s.name, "category": s.category, "aliases": list(s.aliases)}
            for sid, s in taxonomy.skills.items()
        ],
    }


def certifications_object(library: CertificationLibrary) -> dict[str, Any]:
    """Every certification with its id, name, aliases, family, issuing body and format."""
    return {
        "certifications": [
            {
                "id": cid,
                "name": c.name,
                "aliases": list(c.aliases),
                "family": c.family,
                "body": c.body,
                "certifies": c.certifies,
                "format": c.format,
                "year": c.year,
            }
            for cid, c in library.certifications.items()
        ]
    }
