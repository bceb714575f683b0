"""The workspace's web pages: server-rendered HTML (Jinja2) with htmx, beside `/api/v1`."""
