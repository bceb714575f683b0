"""Loaders of the libraries bundled in `steerco/data/`: skills, roles, risks, templates."""
