"""The web front end: the REST API (FastAPI) over the workspace's use cases."""
