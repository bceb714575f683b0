"""The in-process cache of recent values, against a plain list-based reference."""

from __future__ import annotations

import threading

import pytest
from hypothesis import given
from hypothesis import strategies as st

from steerco.recent import Recent

_operations = st.lists(
    st.tuples(st.sampled_from(["get", "put", "discard"]), st.integers(0, 6), st.integers()),
    max_size=60,
)


@given(st.integers(1, 4), _operations)
def test_it_keeps_what_a_least_recently_used_list_keeps(
    size: int, operations: list[tuple[str, int, int]]
) -> None:
    cache: Recent[int, int] = Recent(size)
    order: list[int] = []  # keys, least recently used first
    values: dict[int, int] = {}
    for operation, key, value in operations:
        if operation == "get":
            expected = values.get(key)
            if key in values:
                order.remove(key)
                order.append(key)
            assert cache.get(key) == expected
        elif operation == "put":
            if key in values:
                order.remove(key)
            order.append(key)
            values[key] = value
            while len(order) > size:
                del values[order.pop(0)]
            cache.put(key, value)
        else:
            if key in values:
                order.remove(key)
                del values[key]
            cache.discard(key)
        assert len(cache) == len(values) <= size


def test_a_kept_none_is_told_from_a_missing_key_by_the_default() -> None:
    cache: Recent[str, None] = Recent(2)
    missing = object()
    cache.put("absent section", None)
    assert cache.get("absent section", missing) is None
    assert cache.get("never read", missing) is missing


def test_it_refuses_to_keep_nothing() -> None:
    with pytest.raises(ValueError, match="at least one"):
        Recent(0)


def test_threads_putting_at_once_never_exceed_the_size() -> None:
    cache: Recent[int, int] = Recent(5)

    def put_many(offset: int) -> None:
        for n in range(500):
            cache.put(offset + n, n)
            cache.get(offset + n // 2)

    threads = [threading.Thread(target=put_many, args=(k * 1000,)) for k in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(cache) == 5
