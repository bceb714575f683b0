"""axe-core (vendored from the npm registry in tests/web/vendor) run in the test's page.

The pages' Content-Security-Policy forbids inline scripts, so axe is not added as a
`<script>` tag: its source is evaluated through the browser's debugging protocol, which
the policy does not govern, and leaves the page itself unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from playwright.sync_api import Page

AXE_SOURCE = Path(__file__).resolve().parents[1] / "vendor" / "axe.min.js"
BLOCKING = frozenset({"serious", "critical"})


@dataclass(frozen=True)
class Violation:
    """One axe rule the page breaks: its id, impact, help text and where (CSS selectors)."""

    rule: str
    impact: str
    help: str
    targets: tuple[str, ...]

    def line(self) -> str:
        """The violation on one line, for a test's message."""
        shown = ", ".join(self.targets[:5]) + (" ..." if len(self.targets) > 5 else "")
        return f"{self.impact}: {self.rule}: {self.help} at {shown}"


@cache
def _source() -> str:
    return AXE_SOURCE.read_text(encoding="utf-8")


def axe_violations(page: Page) -> list[Violation]:
    """Run axe-core's WCAG 2.x A/AA and best-practice rules on `page` as it is now."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(_source())
    found: list[dict[str, Any]] = page.evaluate(
        """async () => {
            const result = await axe.run(document, {
                resultTypes: ["violations"],
                runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                                "best-practice"]},
            });
            return result.violations;
        }"""
    )
    return [
        Violation(
            rule=item["id"],
            impact=item.get("impact") or "minor",
            help=item["help"],
            targets=tuple(str(node["target"]) for node in item["nodes"]),
        )
        for item in found
    ]


def assert_accessible(page: Page) -> list[Violation]:
    """Fail on a serious or critical axe violation; print and return the milder ones."""
    violations = axe_violations(page)
    blocking = [v for v in violations if v.impact in BLOCKING]
    for mild in (v for v in violations if v.impact not in BLOCKING):
        print(f"axe on {page.url}: {mild.line()}")
    assert not blocking, f"axe on {page.url}:\n" + "\n".join(v.line() for v in blocking)
    return violations
