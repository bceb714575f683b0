"""Read a rendered HTML page back: ids, figures, headings, links and table headers."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

SECTIONS = (
    "overall",
    "milestones",
    "period",
    "agile",
    "risks",
    "budget",
    "gates",
    "decisions",
    "stakeholders",
    "team",
    "charts",
)
"""The ids of a report page's sections, in page order."""

FETCHING = ("src", "href", "xlink:href", "srcset", "poster", "data", "action", "background")


@dataclass
class Page:
    """What the tests look at in a page."""

    ids: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    headings: list[int] = field(default_factory=list)
    figures: dict[str, str] = field(default_factory=dict)
    """Figure id -> the aria-label of its role="img" element."""
    references: list[str] = field(default_factory=list)
    """Every src/href-like attribute's value."""
    th_without_scope: int = 0
    rag_words: dict[str, str] = field(default_factory=dict)
    """Row id -> the RAG word in that row."""


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._figure: str | None = None
        self._row: str | None = None
        self._in_rag = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.page.tags.append(tag)
        if "id" in values:
            self.page.ids.append(values["id"])
        if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
            self.page.headings.append(int(tag[1]))
        if tag == "figure":
            self._figure = values.get("id", "")
        if values.get("role") == "img" and self._figure is not None:
            self.page.figures[self._figure] = values.get("aria-label", "")
        if tag == "th" and "scope" not in values:
            self.page.th_without_scope += 1
        if tag == "tr":
            self._row = values.get("id")
        if tag == "span" and "rag" in values.get("class", "").split():
            self._in_rag = True
        self.page.references += [v for k, v in values.items() if k in FETCHING]

    def handle_endtag(self, tag: str) -> None:
        if tag == "figure":
            self._figure = None
        if tag == "span":
            self._in_rag = False

    def handle_data(self, data: str) -> None:
        if self._in_rag and self._row is not None:
            self.page.rag_words[self._row] = data.strip()


def read_page(html: str) -> Page:
    """Parse `html` (the standard library's parser) into a Page."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.page
