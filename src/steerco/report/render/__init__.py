"""Render a StatusReport: charts as SVG, then HTML, PDF or Markdown."""
