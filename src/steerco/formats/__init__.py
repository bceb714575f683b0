"""File formats: each format's reader and writer (project YAML, PSPLIB, history, sidecars)."""

from steerco.formats.loader import load_network, load_project

__all__ = ["load_network", "load_project"]
