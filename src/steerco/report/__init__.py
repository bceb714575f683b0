"""Status reports: assemble one `StatusReport` (pure data), then render it in `report.render`."""
