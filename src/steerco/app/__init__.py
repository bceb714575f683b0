"""Use cases: one keyword-only function each; every front end (CLI, web, jobs) calls these."""
