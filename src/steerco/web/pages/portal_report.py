"""The client report's HTML shown inside a page: its body, and its stylesheet scoped to it.

The `report` job gives the whole document `steerco report` writes. The portal shows its
body inside the page's `<main>`: the report's own `main` becomes a `div` (one main per
page) and every heading goes one level down (the page's title is the only `h1`). The
report's stylesheet applies to the element `#client-report` only (`report_css`).
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files

from markupsafe import Markup

__all__ = ["REPORT_SCOPE", "report_body", "report_css", "scoped_css"]

REPORT_SCOPE = "#client-report"
"""The element of the page that holds the report."""

_BODY = re.compile(r"<body[^>]*>(.*)</body>", re.DOTALL | re.IGNORECASE)
_HEADING = re.compile(r"<(/?)h([1-5])\b", re.IGNORECASE)
_MAIN = re.compile(r"<(/?)main\b", re.IGNORECASE)
_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)


def _lower(match: re.Match[str]) -> str:
    return f"<{match.group(1)}h{int(match.group(2)) + 1}"


def report_body(document: str) -> Markup:
    """The report document's body, its headings one level down and its `main` a `div`.

    The document is the report renderer's own (autoescaped) output, so it is kept as markup.
    """
    found = _BODY.search(document)
    body = found.group(1) if found else document
    body = _MAIN.sub(lambda m: f"<{m.group(1)}div", body)
    return Markup(_HEADING.sub(_lower, body))  # the report renderer escaped it


_TAG_HEADING = re.compile(r"(?<![\w.#-])h([1-5])\b")


def _selectors(selectors: str, scope: str, lower_headings: bool) -> str:
    """Each selector of a list, scoped: the document's root and body are the scope itself."""
    scoped = []
    for selector in selectors.split(","):
        selector = selector.strip()
        if lower_headings:
            selector = _TAG_HEADING.sub(lambda m: f"h{int(m.group(1)) + 1}", selector)
        if selector in (":root", "html", "body"):
            scoped.append(scope)
        else:
            scoped.append(f"{scope} {selector}")
    return ", ".join(scoped)


def _block_end(css: str, open_at: int) -> int:
    """The index just past the `}` that closes the `{` at `open_at`."""
    depth = 0
    for index in range(open_at, len(css)):
        if css[index] == "{":
            depth += 1
        elif css[index] == "}":
            depth -= 1
            if depth == 0:
                return index + 1
    return len(css)


def scoped_css(css: str, scope: str, *, lower_headings: bool = False) -> str:
    """`css` with every rule limited to `scope`; print-only rules and `@page` are left out.

    `lower_headings`: a rule for `h1` applies to `h2` and so on (as `report_body` moves them).
    """
    css = _COMMENT.sub("", css)
    out: list[str] = []
    at = 0
    while True:
        brace = css.find("{", at)
        if brace < 0:
            break
        head = css[at:brace].strip()
        end = _block_end(css, brace)
        inner = css[brace + 1 : end - 1]
        if head.startswith("@media"):
            if "print" not in head:
                inside = scoped_css(inner, scope, lower_headings=lower_headings)
                out.append(f"{head} {{\n{inside}}}\n")
        elif not head.startswith("@"):
            out.append(f"{_selectors(head, scope, lower_headings)} {{{inner}}}\n")
        at = end
    return "".join(out)


@cache
def report_css() -> str:
    """The report's stylesheet (`report/render/templates/report.css`) scoped to the report."""
    source = files("steerco.report.render").joinpath("templates", "report.css")
    return scoped_css(source.read_text(encoding="utf-8"), REPORT_SCOPE, lower_headings=True)
