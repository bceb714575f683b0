"""Which sampling window forecasts a team's throughput best? A backtest on two real teams.

The data: `../shared/data/history/agile-project-dataset-jira.csv` (two teams' Jira items;
rows with `cycle_time_days` -1, left over from a migration, dropped; so is each team's
last row, a stray months after the rest). Each team's finish dates are read through
`steerco.formats.history` as a one-row-per-item list, aggregated into items per day.

At each cut date (16 per team, evenly spaced from 30% to 90% of the team's days), the
history up to the cut forecasts when the next N items (N = 10, 30, 60) will be done,
10,000 runs (seed 0), and the forecast is compared with the day the N-th item really
was done. A percentile Pq *hits* when the real day is no later than the forecast's Pq;
an honest forecast hits P50 in about half of the backtests, P85 in 85%, P95 in 95%. The
score is the mean of |hit rate - q| over q = 50, 85, 95 (lower is better); the script
also gives the mean of |P50 - real| / real.

Run: `.venv/bin/python benchmarks/throughput_windows.py [DATA_DIR]`.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from steerco.forecast.throughput import recency_weights, when_done
from steerco.formats.history import HistoryOptions, parse_throughput

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "history"
CUTS = 16
ITEMS = (10, 30, 60)
QS = (50, 85, 95)
WINDOWS: dict[str, tuple[str, float | None]] = {
    "all": ("all", None),
    "52w": ("last", 364),
    "26w": ("last", 182),
    "12w": ("last", 84),
    "8w": ("last", 56),
    "6w": ("last", 42),
    "4w": ("last", 28),
    "recent:2w": ("recent", 14),
    "recent (4w, the default)": ("recent", 28),
    "recent:8w": ("recent", 56),
    "recent:13w": ("recent", 91),
}


def team_counts(path: Path, team: str) -> NDArray[np.int64]:
    """Items finished per calendar day by one team, read as steerco reads an item list."""
    with path.open(encoding="utf-8") as stream:
        rows = [r for r in csv.DictReader(stream) if r["project"] == team]
    done = sorted(r["finished_date"] for r in rows if r["cycle_time_days"] != "-1")[:-1]
    text = "finished\n" + "\n".join(done) + "\n"
    history = parse_throughput(
        text, kind="csv", options=HistoryOptions(columns={"date": "finished"})
    )
    return history.counts


def real_days(future: NDArray[np.int64], items: int) -> int | None:
    """Days until `items` more are done, or None if the data ends first."""
    total = np.cumsum(future)
    reached = np.flatnonzero(total >= items)
    return int(reached[0]) + 1 if reached.size else None


Result = list[tuple[int, dict[int, int | None]]]
"""(real days, forecast percentiles) of each backtest."""


def backtest(counts: NDArray[np.int64], kind: str, days: float | None) -> Result:
    """(real days, forecast percentiles) of every cut and N for one window."""
    out: Result = []
    for k in range(CUTS):
        cut = int(counts.size * (0.3 + 0.6 * k / (CUTS - 1)))
        past, future = counts[:cut], counts[cut:]
        weights = None
        if kind == "last" and days is not None:
            past = past[-int(days) :]
        elif kind == "recent" and days is not None:
            weights = recency_weights(past.size, days)
        for items in ITEMS:
            real = real_days(future, items)
            if real is None or not past.any():
                continue
            forecast = when_done(
                past, items, 10_000, np.random.default_rng(0), percentiles=QS, weights=weights
            )
            out.append((real, forecast.percentiles))
    return out


def _hit(real: int, forecast: int | None) -> bool:
    """The real days are no more than the forecast's (a percentile beyond the cap misses)."""
    return forecast is not None and real <= forecast


def main() -> None:
    """Print the hit rates of each window on each team and on both."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "data", nargs="?", type=Path, default=DATA, help="folder of the shared histories"
    )
    data = parser.parse_args().data
    path = data / "agile-project-dataset-jira.csv"
    teams = {team: team_counts(path, team) for team in ("0", "1")}
    print(
        f"{'window':24} {'team':>4} {'n':>3} "
        + " ".join(f"P{q:<3}" for q in QS)
        + "  score  |P50 err|"
    )
    for name, (kind, days) in WINDOWS.items():
        both: Result = []
        for team, counts in [*teams.items(), ("both", None)]:
            results = both if counts is None else backtest(counts, kind, days)
            if counts is not None:
                both += results
            hits = {q: np.mean([_hit(real, p[q]) for real, p in results]) for q in QS}
            score = np.mean([abs(hits[q] - q / 100) for q in QS])
            error = np.mean([abs((p[50] or 0) - real) / real for real, p in results])
            print(
                f"{name:24} {team:>4} {len(results):>3} "
                + " ".join(f"{hits[q]:4.0%}" for q in QS)
                + f"  {score:5.3f}  {error:8.0%}"
            )


if __name__ == "__main__":
    main()
