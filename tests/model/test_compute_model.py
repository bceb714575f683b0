"""The compute model's utilisation band: shorthands, and one `bad_compute` for a bad share."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from steerco.model.compute import UtilisationBand


def test_band_shorthands_read_as_fractions() -> None:
    assert UtilisationBand.model_validate("30%..40%..50%") == UtilisationBand(
        low=0.3, likely=0.4, high=0.5
    )
    assert UtilisationBand.model_validate("30%..50%").likely == pytest.approx(0.4)
    assert UtilisationBand.model_validate(0.45) == UtilisationBand(low=0.45, likely=0.45, high=0.45)


@pytest.mark.parametrize("written", ["0%", "150%", "nan%", "40%..abc", "...", "x"])
def test_a_bad_share_is_one_bad_compute(written: str) -> None:
    with pytest.raises(ValidationError) as raised:
        UtilisationBand.model_validate(written)
    assert [e["type"] for e in raised.value.errors()] == ["bad_compute"]
