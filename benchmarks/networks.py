"""Random project networks for the benchmarks, as arrays and as PSPLIB `.sm` files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray


@dataclass(frozen=True)
class RandomNetwork:
    """Durations and links (source, target, type 0..3 = FS/SS/FF/SF, lag) of a random DAG."""

    duration: NDArray[np.float64]
    src: NDArray[np.int64]
    dst: NDArray[np.int64]
    dep_type: NDArray[np.int8]
    lag: NDArray[np.float64]


def random_network(
    n: int, *, links_per_task: float = 3.0, window: int = 1000, seed: int = 0, mixed: bool = True
) -> RandomNetwork:
    """A random DAG shaped like a large plan: most links to recent tasks, some to any earlier.

    Task j > 0 gets links from earlier tasks: 80% from the `window` tasks before it
    (work packages), 20% from anywhere before it (cross-stream links). With `mixed`, types
    are 70% FS, 15% SS, 10% FF, 5% SF and 30% of links carry a lag or lead of -2..4.
    """
    rng = np.random.default_rng(seed)
    m = int(n * links_per_task)
    dst = rng.integers(1, n, m, dtype=np.int64)
    near = dst - 1 - (rng.random(m) * np.minimum(window, dst)).astype(np.int64)
    far = (rng.random(m) * dst).astype(np.int64)
    src = np.where(rng.random(m) < 0.8, near, far)
    if mixed:
        dep_type = rng.choice(4, m, p=[0.7, 0.15, 0.1, 0.05]).astype(np.int8)
        lag = rng.integers(-2, 5, m).astype(np.float64) * (rng.random(m) < 0.3)
    else:
        dep_type = np.zeros(m, dtype=np.int8)
        lag = np.zeros(m)
    duration = rng.integers(0, 16, n).astype(np.float64)
    return RandomNetwork(duration, src, dst, dep_type, lag)


def write_sm(path: Path, n_jobs: int, *, seed: int = 0, resources: int = 4) -> None:
    """Write a single-mode PSPLIB file with `n_jobs` real jobs plus source and sink dummies."""
    rng = np.random.default_rng(seed)
    net = random_network(n_jobs, links_per_task=2.0, seed=seed, mixed=False)
    total = n_jobs + 2
    succ: list[set[int]] = [set() for _ in range(total)]
    has_pred = np.zeros(total, dtype=bool)
    for s, d in zip((net.src + 2).tolist(), (net.dst + 2).tolist(), strict=True):
        succ[s].add(d)
        has_pred[d] = True
    for j in range(2, total):
        if not has_pred[j]:
            succ[1].add(j)
        if not succ[j]:
            succ[j].add(total)
    duration = np.r_[0, rng.integers(1, 11, n_jobs), 0]
    demand = rng.integers(0, 6, (total, resources)) * (rng.random((total, resources)) < 0.5)
    demand[0] = demand[-1] = 0
    lines = [
        "*" * 72,
        "projects                      :  1",
        f"jobs (incl. supersource/sink ):  {total}",
        f"horizon                       :  {int(duration.sum())}",
        "RESOURCES",
        f"  - renewable                 :  {resources}   R",
        "  - nonrenewable              :  0   N",
        "  - doubly constrained        :  0   D",
        "*" * 72,
        "PRECEDENCE RELATIONS:",
        "jobnr.    #modes  #successors   successors",
    ]
    for j in range(1, total + 1):
        s = sorted(succ[j]) if j < total else []
        lines.append(f"{j:6d}        1  {len(s):6d}   " + " ".join(map(str, s)))
    lines += [
        "*" * 72,
        "REQUESTS/DURATIONS:",
        "jobnr. mode duration  " + "  ".join(f"R {k + 1}" for k in range(resources)),
        "-" * 72,
    ]
    for j in range(total):
        cells = " ".join(f"{int(x):4d}" for x in demand[j])
        lines.append(f"{j + 1:6d}      1  {int(duration[j]):4d}   {cells}")
    lines += [
        "*" * 72,
        "RESOURCEAVAILABILITIES:",
        "  ".join(f"R {k + 1}" for k in range(resources)),
        " ".join(f"{int(c):4d}" for c in demand.max(axis=0) + 5),
        "*" * 72,
    ]
    path.write_text("\n".join(lines) + "\n", encoding="ascii")
