"""Adapters between files and the model: project YAML, PSPLIB, schedule output."""

from steerco.formats.loader import load_network, load_project

__all__ = ["load_network", "load_project"]
