"""Adapters to outside services (experiment trackers); each imports its client lazily."""
