"""Read the accelerator types shipped with steerco (`data/accelerators.yaml`), once."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from types import MappingProxyType

from steerco.library.people import parse_yaml_as
from steerco.schedule.compute import AcceleratorType, accelerator_key

__all__ = ["load_accelerators"]

_FILE = "accelerators.yaml"


@lru_cache(maxsize=1)
def load_accelerators() -> Mapping[str, AcceleratorType]:
    """Every known accelerator type by its key (`h100-sxm`): peak dense TFLOP/s and source."""
    text = resources.files("steerco.data").joinpath(_FILE).read_text(encoding="utf-8")
    value, _ = parse_yaml_as(text, f"steerco/data/{_FILE}", dict[str, dict[str, AcceleratorType]])
    table: dict[str, AcceleratorType] = value["accelerators"]
    return MappingProxyType({accelerator_key(key): kind for key, kind in table.items()})
