"""Use cases: one keyword-only function each; every front end (CLI, web, jobs) calls these.

A use case takes plain values (paths, dates, options objects), combines the core with the
file effects it needs (read the project, its sidecar files; write atomically) and returns a
typed, frozen result. It never prints, never exits and knows nothing of Typer or HTTP;
invalid input raises `steerco.errors.ProjectError` with located diagnostics, and outcomes
(no feasible schedule, a gate that cannot be judged) are data in the result.
"""
