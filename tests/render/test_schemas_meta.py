"""Every JSON contract has a schema in docs/schemas, and every schema is itself valid."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

SCHEMAS = Path(__file__).parents[2] / "docs" / "schemas"
CONTRACTS = {
    "schedule", "forecast", "evm", "evm-trend", "variance", "gates", "risks", "risks-suggest",
    "risks-adopt", "team", "career", "career-roles", "calibration", "throughput", "skills",
    "certifications", "backtest", "comms-due", "release", "import", "flow", "sprint",
    "velocity", "export", "import-plan", "compute",
}  # fmt: skip


def test_every_contract_has_a_schema() -> None:
    found = {path.name.removesuffix(".schema.json") for path in SCHEMAS.glob("*.schema.json")}
    assert found == CONTRACTS


@pytest.mark.parametrize("name", sorted(CONTRACTS))
def test_schema_is_a_valid_draft_2020_12_schema(name: str) -> None:
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema.get("title"), "a schema names its contract"
