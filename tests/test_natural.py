"""Natural order of names (estimators, categories): digits compare as numbers."""

from __future__ import annotations

from steerco.natural import natural_key


def test_digits_compare_as_numbers_and_letters_without_case() -> None:
    names = ["dev11", "dev2", "Dev1", "dev10b", "dev10a", "ops", "dev"]
    assert sorted(names, key=natural_key) == [
        "dev",
        "Dev1",
        "dev2",
        "dev10a",
        "dev10b",
        "dev11",
        "ops",
    ]


def test_numbers_sort_before_words_at_the_same_place() -> None:
    assert sorted(["a-x", "a-10", "a-9"], key=natural_key) == ["a-9", "a-10", "a-x"]
