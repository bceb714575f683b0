"""`/api/v1`: one router module per resource, each calling `steerco.app.workspace`."""
