"""Renderers of a `StatusReport`: charts as SVG text, HTML and Markdown text, PDF bytes."""
