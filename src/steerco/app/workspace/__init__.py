"""The shared workspace's use cases: projects as revisions, edits, accounts, roles, jobs.

Every front end (the REST API, the CLI's push/pull/users/tokens, background workers)
calls these functions and nothing deeper, as it does the rest of `steerco.app`.
"""
