"""The client report inside the portal's page: its body, headings and scoped stylesheet."""

from __future__ import annotations

from steerco.web.pages.portal_report import report_body, report_css, scoped_css

DOCUMENT = """<!DOCTYPE html><html><head><title>t</title><style>body{}</style></head>
<body><header><h1>Plan</h1></header><main><section id="overall"><h2>Overall</h2>
<h3>Summary</h3><p>&lt;h1&gt; stays text</p></section></main><footer><h2>Small</h2></footer>
</body></html>"""


def test_the_body_keeps_one_main_and_its_headings_go_one_level_down() -> None:
    body = str(report_body(DOCUMENT))
    assert "<title>" not in body and "<style>" not in body
    assert body.startswith("<header><h2>Plan</h2></header><div>")
    assert "<h3>Overall</h3>\n<h4>Summary</h4>" in body
    assert "&lt;h1&gt; stays text" in body  # escaped text is not markup
    assert "</div><footer><h3>Small</h3></footer>\n" in body
    assert "<main" not in body and "<h1" not in body


def test_every_rule_is_scoped_and_print_rules_are_left_out() -> None:
    css = """:root { --ink: #111; }
/* a comment { with a brace } */
html { font-size: 15px; }
body, h1 { margin: 0; }
.rag-green { color: green; }
@media (max-width: 40rem) { table { width: 100%; } }
@media print { @page { size: A4; } body { padding: 0; } }
@page { margin: 1cm; }
"""
    assert scoped_css(css, "#r") == (
        "#r { --ink: #111; }\n"
        "#r { font-size: 15px; }\n"
        "#r, #r h1 { margin: 0; }\n"
        "#r .rag-green { color: green; }\n"
        "@media (max-width: 40rem) {\n#r table { width: 100%; }\n}\n"
    )


def test_heading_rules_follow_the_headings_one_level_down() -> None:
    css = "h1 { a: 1; }\n.small-print h2, th.h1 { b: 2; }\n"
    assert scoped_css(css, "#r", lower_headings=True) == (
        "#r h2 { a: 1; }\n#r .small-print h3, #r th.h1 { b: 2; }\n"
    )


def test_the_reports_own_stylesheet_is_scoped_to_the_report() -> None:
    css = report_css()
    assert "#client-report .rag-green" in css
    assert "#client-report h2 { font-size: 1.9rem;" in css  # the report's h1 rule
    assert "@media print" not in css and "@page" not in css
