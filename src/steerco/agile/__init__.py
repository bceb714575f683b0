"""Scrum and Kanban over the backlog: sprints, velocity, burndown, flow metrics, forecasts.

Pure functions from the model (`Project.backlog`, `sprints`, `workflow`, `agile`) to typed
results; no I/O. `items` holds what every metric reads the same way: an item's category,
the days it started and was done, the backlog's order and an epic's items.
"""
