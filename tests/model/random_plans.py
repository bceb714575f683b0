"""Random project files for the model's property tests: a WBS up to 3 deep, random links."""

from __future__ import annotations

from hypothesis import strategies as st

__all__ = ["plans"]


@st.composite
def plans(draw: st.DrawFn) -> str:
    """A plan of up to 14 tasks in a WBS up to 3 deep, with random links (cycles allowed)."""
    count = draw(st.integers(1, 14))
    parents: list[int | None] = [None]
    for k in range(1, count):
        parents.append(draw(st.one_of(st.none(), st.integers(0, k - 1))))
    depth = [0] * count
    for k in range(1, count):
        parent = parents[k]
        if parent is not None and depth[parent] >= 2:
            parents[k] = None
        depth[k] = 0 if parents[k] is None else depth[parents[k] or 0] + 1
    has_children = {p for p in parents if p is not None}
    links: dict[int, list[tuple[int, int]]] = {}
    for _ in range(draw(st.integers(0, 2 * count))):
        a, b = draw(st.integers(0, count - 1)), draw(st.integers(0, count - 1))
        lag = draw(st.integers(-2, 3))
        if a != b or a not in has_children:
            links.setdefault(b, []).append((a, lag))

    def entry(k: int, pad: str) -> list[str]:
        lines = [f"{pad}- id: t{k}"]
        if k in has_children:
            lines.append(f"{pad}  children:")
            for child in (c for c in range(count) if parents[c] == k):
                lines += entry(child, pad + "    ")
        else:
            lines.append(f"{pad}  duration: {draw(st.integers(0, 9))}")
        if links.get(k):
            after = ", ".join(f"t{a} FS{lag:+d}d" if lag else f"t{a}" for a, lag in links[k])
            lines.append(f"{pad}  after: [{after}]")
        return lines

    body = [line for k in range(count) if parents[k] is None for line in entry(k, "  ")]
    return "name: P\nstart: 2027-01-04\ntasks:\n" + "\n".join(body) + "\n"
