"""Backtests of the calibration models and the throughput forecast, and the 100,000-record run.

Three tables, from the harness `steerco backtest` runs (`steerco.forecast.backtest`):

1. **Estimates**: the `ratio` and `loglinear` models against the plain sum of the estimates,
   cut at 50%, 70% and 90% of each group's records (10% to 90% for the one history), the
   draws as they are (`--level fixed`) and, for `loglinear`, with the total's level factor
   from the history's replayed windows (`--level past`, `steerco.forecast.total_level`):
   - the shared real history (`../shared/data/history/renzo-pomodoro-tasks.csv`: one
     developer's ten years; rows with an `NA` or 0 estimate or actual dropped; the first tag
     is the project, the last the category), per project and as one history;
   - synthetic histories with known structure (seeded): *size bias* (log ratio = 0.3 -
     0.3 x centred log estimate + noise, so small tasks overrun and large ones do not),
     *correlated errors* (a period factor shared by runs of 25 consecutive tasks, SD 0.3,
     on top of the task's own noise), and *both*; 30 projects of 60 tasks each;
   - each per-project set twice: the model fitted on the project's records before the cut,
     and ("all older records") on every record finished before the cut's first forecast
     task, other projects' included (renzo: the file's date order; synthetic: the projects
     one after another, p0 first).
2. **Throughput**: the resampling forecast against the mean rate, at 20 cuts, for the two
   real Jira teams (`agile-project-dataset-jira.csv`: items per finish day, the rows with
   `cycle_time_days` -1 dropped) and for synthetic teams (steady Poisson rate 2 a day; a
   team *speeding up* from 1 to 3 a day), with `--items 20` and `--horizon 28`, each with
   the sampling windows `--window all`, `12w` and `recent` (the default), drawn in blocks
   of a week (`--block 1w`, the default), the level moved by past errors (`--level past`,
   the default), and `recent` with `--level fixed` (the default before); then, for
   `recent`, each block length of BLOCKS (1: days drawn independently); the synthetic
   teams pooled over six seeds; and the level's prior (v0, n0) per choice of LEVEL_PRIORS.
3. **Scale**: calibrating 100,000 records and forecasting 1,000 tasks, step by step in
   process (read the CSV, fit, calibrate the tasks and draw their total, the total's level
   factor, forecast the project) and `steerco forecast PROJECT --history HISTORY --format
   json` end to end in a fresh process with `--level fixed` and `past` (a generated
   1,000-task project and 100,000-record CSV), against the same command without history
   in the same run; wall clock and CPU seconds, best of
   `--runs` (CPU time says more on a shared, loaded machine).

Coverage is the share of cuts whose real outcome lies within P10..P90 (target 80..95%);
"error" the mean |P50 - real| / real against the reference's (target: no larger).

Run: `.venv/bin/python benchmarks/backtest.py [--runs 3] [--iterations 2000]
[--parts estimates,throughput,levels,scale]` (`--parts` picks the tables; `--scale-only` is
`--parts scale`).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from machine_info import cpu_model
from steerco.forecast.backtest import (
    BacktestSummary,
    Cut,
    estimate_cuts,
    summarise_cuts,
    throughput_cuts,
)
from steerco.forecast.calibrated import (
    MODELS,
    calibrate_tasks,
    fit_model,
    prefix_fits,
    sample_totals,
)
from steerco.forecast.calibration import HistoryRecord
from steerco.forecast.level import DEFAULT_PRIOR, LevelPrior
from steerco.forecast.total_level import total_level

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "history"
CUTS = (0.5, 0.7, 0.9)
WHOLE = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
"""Cuts of the one-history case: 9 replays of the same ten years."""
THROUGHPUT_CUTS = 20
WINDOWS = ("all", "12w", "recent")
"""The sampling windows of the throughput table (`recent`: the default of both commands)."""
BLOCKS = (1, 7, 14, 28)
"""The block lengths (days) of the throughput block table (7: the default, `--block 1w`)."""

Groups = dict[str, list[HistoryRecord]]


def renzo(path: Path) -> list[HistoryRecord]:
    """The real history, in the file's (date) order; pomodoros are 25 minutes, as hours."""
    records = []
    with path.open(encoding="utf-8") as f:
        for i, row in enumerate(csv.DictReader(f)):
            if "NA" in (row["estimate"], row["actual"]):
                continue
            estimate, actual = float(row["estimate"]), float(row["actual"])
            if estimate <= 0 or actual <= 0:
                continue
            tags = row["X.words"].split(",")
            hours = 25 / 60
            records.append(
                HistoryRecord(str(i), None, tags[-1], estimate * hours, actual * hours, tags[0])
            )
    return records


def by_project(records: Sequence[HistoryRecord]) -> Groups:
    """The records of each project, in order."""
    groups: Groups = {}
    for record in records:
        groups.setdefault(record.project or "(none)", []).append(record)
    return groups


def synthetic(kind: str, *, seed: int, projects: int = 30, size: int = 60) -> Groups:
    """Projects of `size` tasks whose log ratio has the named structure (module doc)."""
    rng = np.random.default_rng(seed)
    groups: Groups = {}
    for p in range(projects):
        estimate = np.exp(rng.normal(1.0, 1.0, size))  # hours: a wide range of sizes
        x = np.log(estimate) - 1.0
        level = rng.normal(0.0, 0.1)  # each project's own level
        bias = 0.3 - 0.3 * x if kind in ("size bias", "both") else np.full(size, 0.1)
        period = np.zeros(size)
        if kind in ("correlated errors", "both"):
            factors = rng.normal(0.0, 0.3, size // 25 + 1)
            period = factors[np.arange(size) // 25]
        ratio = np.exp(level + bias + period + rng.normal(0.0, 0.4, size))
        groups[f"p{p}"] = [
            HistoryRecord(f"p{p}t{i}", None, None, float(e), float(e * r), f"p{p}")
            for i, (e, r) in enumerate(zip(estimate, ratio, strict=True))
        ]
    return groups


def jira(path: Path) -> dict[str, np.ndarray]:
    """Items finished per calendar day of each real team, days without any as 0."""
    days: dict[str, list[dt.date]] = {}
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if float(row["cycle_time_days"]) < 0:
                continue
            days.setdefault(f"jira team {row['project']}", []).append(
                dt.date.fromisoformat(row["finished_date"])
            )
    out = {}
    for name, finished in sorted(days.items()):
        first = min(finished)
        counts = np.zeros((max(finished) - first).days + 1, dtype=np.int64)
        for day in finished:
            counts[(day - first).days] += 1
        out[name] = counts
    return out


def teams(seed: int) -> dict[str, np.ndarray]:
    """Synthetic teams: a steady one and one speeding up from 1 to 3 items a day."""
    rng = np.random.default_rng(seed)
    n = 400
    return {
        "steady (synthetic)": rng.poisson(2.0, n).astype(np.int64),
        "speeding up (synthetic)": rng.poisson(np.linspace(1.0, 3.0, n)).astype(np.int64),
    }


def _row(name: str, model: str, summary: BacktestSummary | None) -> str:
    if summary is None:
        return f"| {name} | {model} | 0 | — | — | — | — | — |"
    hits = " / ".join(f"{summary.hits[q]:.0%}" for q in (50, 80, 95))
    ok = 0.8 <= summary.coverage <= 0.95 and summary.error <= summary.reference_error
    return (
        f"| {name} | {model} | {summary.cuts} | {summary.coverage:.0%} | {hits} | "
        f"{summary.error:.1%} | {summary.reference_error:.1%} | {'yes' if ok else 'no'} |"
    )


HEADER = (
    "| history | model | cuts | P10–P90 coverage | P50 / P80 / P95 hits | P50 error | "
    "reference error | targets met |\n|---|---|---|---|---|---|---|---|"
)


def estimates_table(iterations: int) -> list[str]:
    """Table 1: each model on each history, fitted on the group's records or on all older."""
    sets: list[tuple[str, Groups, list[HistoryRecord] | None]] = []
    path = DATA / "renzo-pomodoro-tasks.csv"
    if path.exists():
        records = renzo(path)
        projects = by_project(records)
        large = {k: v for k, v in projects.items() if len(v) >= 40}
        sets.append(("renzo, per project", projects, None))
        sets.append(("renzo, projects of 40+ records", large, None))
        sets.append(("renzo, one history (9 cuts)", {"all": records}, None))
        sets.append(("renzo, per project, all older records", projects, records))
        sets.append(("renzo, projects of 40+, all older records", large, records))
    for seed, kind in enumerate(("size bias", "correlated errors", "both")):
        groups = synthetic(kind, seed=seed)
        sets.append((f"synthetic: {kind}", groups, None))
        older = [r for project in groups.values() for r in project]  # p0 first, p29 last
        sets.append((f"synthetic: {kind}, all older records", groups, older))
    lines = [HEADER]
    runs = [(model, False) for model in MODELS] + [("loglinear", True)]
    for name, groups, history in sets:
        for model, level in runs:
            rng = np.random.default_rng(0)
            shares = WHOLE if len(groups) == 1 else CUTS
            cuts = estimate_cuts(
                groups,
                shares,
                model=model,
                iterations=iterations,
                rng=rng,
                history=history,
                level=level,
            )
            label = f"{model}, level {'past' if level else 'fixed'}"
            lines.append(_row(name, label, summarise_cuts(cuts)))
    return lines


def _series() -> dict[str, np.ndarray]:
    series = dict(teams(7))
    path = DATA / "agile-project-dataset-jira.csv"
    if path.exists():
        series = {**jira(path), **series}
    return series


TARGETS = (("20 items", {"items": 20}), ("28 days", {"horizon": 28}))


def throughput_table(iterations: int) -> list[str]:
    """Table 2: the resampling forecast on each team, per target, window and level."""
    from steerco.app.backtest import sampling_window

    lines = [HEADER.replace("| model |", "| target, `--window`, `--level` |")]
    runs = [(window, True) for window in WINDOWS] + [("recent", False)]
    for name, counts in _series().items():
        for label, target in TARGETS:
            for window, level in runs:
                rng = np.random.default_rng(0)
                cuts: list[Cut] = throughput_cuts(
                    counts,
                    THROUGHPUT_CUTS,
                    iterations=iterations,
                    rng=rng,
                    window=sampling_window(window, 1),
                    block=7,
                    level=level,
                    **target,
                )
                how = f"{label}, {window}, {'past' if level else 'fixed'}"
                lines.append(_row(name, how, summarise_cuts(cuts)))
    return lines


def block_table(iterations: int) -> list[str]:
    """Table 2b: `--window recent` per block length; each cell coverage and P50 error."""
    from steerco.app.backtest import sampling_window

    lines = [
        "| history | target | reference error | " + " | ".join(f"block {b}" for b in BLOCKS) + " |",
        "|---|---|---|" + "---|" * len(BLOCKS),
    ]
    for name, counts in _series().items():
        for label, target in TARGETS:
            cells, reference = [], 0.0
            for block in BLOCKS:
                cuts = throughput_cuts(
                    counts,
                    THROUGHPUT_CUTS,
                    iterations=iterations,
                    rng=np.random.default_rng(0),
                    window=sampling_window("recent", 1),
                    block=block,
                    level=True,
                    **target,
                )
                summary = summarise_cuts(cuts)
                assert summary is not None
                reference = summary.reference_error
                cells.append(f"{summary.coverage:.0%}, {summary.error:.1%}")
            lines.append(f"| {name} | {label} | {reference:.1%} | " + " | ".join(cells) + " |")
    return lines


SEEDS = range(7, 13)
"""The synthetic teams' seeds of the pooled block table: 20 cuts of one seed say little."""


def seeds_table(iterations: int) -> list[str]:
    """Table 2c: the synthetic teams of SEEDS pooled, `--window recent`, per block and level."""
    from steerco.app.backtest import sampling_window

    runs = ((1, False), (7, False), (1, True), (7, True))
    lines = [
        "| history | target | cuts | reference error | "
        + " | ".join(f"block {b}, {'past' if lv else 'fixed'}" for b, lv in runs)
        + " |",
        "|---|---|---|---|" + "---|" * len(runs),
    ]
    for name in teams(0):
        for label, target in TARGETS:
            cells, found, reference = [], 0, 0.0
            for block, level in runs:
                cuts: list[Cut] = []
                for seed in SEEDS:
                    cuts += throughput_cuts(
                        teams(seed)[name],
                        THROUGHPUT_CUTS,
                        iterations=iterations,
                        rng=np.random.default_rng(0),
                        window=sampling_window("recent", 1),
                        block=block,
                        level=level,
                        **target,
                    )
                summary = summarise_cuts(cuts)
                assert summary is not None
                found, reference = summary.cuts, summary.reference_error
                cells.append(f"{summary.coverage:.0%}, {summary.error:.1%}")
            lines.append(
                f"| {name}, seeds {SEEDS[0]}–{SEEDS[-1]} | {label} | {found} | {reference:.1%} | "
                + " | ".join(cells)
                + " |"
            )
    return lines


LEVEL_PRIORS = (
    LevelPrior(0.0, 0.0),
    LevelPrior(0.2**2, 3.0),
    LevelPrior(0.25**2, 3.0),
    LevelPrior(0.3**2, 3.0),
    DEFAULT_PRIOR,
    LevelPrior(0.4**2, 3.0),
    LevelPrior(0.3**2, 6.0),
)
"""The level priors (v0, n0) of the prior table; DEFAULT_PRIOR is the chosen one."""


def priors_table(iterations: int) -> list[str]:
    """Table 2d: `--level past` per prior; the real teams, the synthetic ones over SEEDS."""
    from steerco.app.backtest import sampling_window

    sets: list[tuple[str, list[np.ndarray]]] = []
    path = DATA / "agile-project-dataset-jira.csv"
    if path.exists():
        sets += [(name, [counts]) for name, counts in jira(path).items()]
    sets += [(name, [teams(seed)[name] for seed in SEEDS]) for name in teams(0)]
    columns = [(name, label, series, target) for name, series in sets for label, target in TARGETS]
    lines = [
        "| prior `v₀`, `n₀` | " + " | ".join(f"{n}, {lb}" for n, lb, _, _ in columns) + " |",
        "|---|" + "---|" * len(columns),
    ]
    for prior in (None, *LEVEL_PRIORS):
        cells = []
        for _, _, series, target in columns:
            cuts: list[Cut] = []
            for counts in series:
                cuts += throughput_cuts(
                    counts,
                    THROUGHPUT_CUTS,
                    iterations=iterations,
                    rng=np.random.default_rng(0),
                    window=sampling_window("recent", 1),
                    block=7,
                    level=prior is not None,
                    prior=prior or DEFAULT_PRIOR,
                    **target,
                )
            summary = summarise_cuts(cuts)
            assert summary is not None
            cells.append(f"{summary.coverage:.0%}, {summary.error:.1%}")
        name = (
            "`--level fixed`"
            if prior is None
            else f"{prior.variance**0.5:.2f}², {prior.windows:g}"
            + (" (chosen)" if prior == DEFAULT_PRIOR else "")
        )
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return lines


def _best(action: Callable[[], object], runs: int) -> tuple[float, float]:
    """The best wall-clock and CPU seconds of `runs` runs of `action` (CPU: this process's)."""
    walls, cpus = [], []
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        action()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus)


def _best_process(command: list[str], runs: int) -> tuple[float, float]:
    """The best wall-clock and CPU seconds (user + system) of `runs` runs of `command`."""
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return min(walls), min(cpus)


def _history_csv(path: Path, records: int, rng: np.random.Generator) -> None:
    estimate = np.exp(rng.normal(0.5, 0.8, records)) + 0.1
    actual = estimate * np.exp(rng.normal(0.1, 0.5, records)) + 0.01
    with path.open("w", encoding="utf-8") as f:
        f.write("task,estimated_by,category,estimate,actual\n")
        for i in range(records):
            f.write(f"t{i},dev{i % 23},cat{i % 7},{estimate[i]:.2f},{actual[i]:.2f}\n")


def _project_yaml(path: Path, tasks: int) -> None:
    lines = ["name: Scale", "start: 2027-01-04", "resources:"]
    lines += [f"  - {{id: dev{k}, name: Dev {k}, kind: person}}" for k in range(29)]
    lines.append("tasks:")
    for j in range(tasks):
        k = 1 + j % 9
        after = f", after: [t{j - 1 - j % 7}]" if j >= 7 else ""
        lines.append(
            f"  - {{id: t{j}, name: Task {j}, estimate: '{k}d..{k + 1}d..{k + 3}d', "
            f"estimated_by: dev{j % 29}, category: cat{j % 8}{after}}}"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def scale_table(runs: int) -> list[str]:
    """Table 3: 100,000 records and 1,000 tasks, step by step in process, and end to end."""
    from steerco.forecast.run import ForecastOptions, forecast
    from steerco.formats.history import load_history
    from steerco.formats.loader import load_plan_input

    rng = np.random.default_rng(0)
    lines = [
        "| step | model | wall s | CPU s | CPU / reference |",
        "|---|---|---|---|---|",
    ]

    def row(
        step: str, model: str, times: tuple[float, float], reference: float | None = None
    ) -> None:
        ratio = f"{times[1] / reference:.2f}" if reference else "—"
        lines.append(f"| {step} | {model} | {times[0]:.2f} | {times[1]:.2f} | {ratio} |")

    steerco = shutil.which("steerco") or str(Path(sys.executable).parent / "steerco")
    with tempfile.TemporaryDirectory() as tmp:
        history, project = Path(tmp) / "history.csv", Path(tmp) / "plan.yaml"
        _history_csv(history, 100_000, rng)
        _project_yaml(project, 1000)
        records = load_history(history)
        row(
            "read the 100,000-record CSV (`load_history`)",
            "—",
            _best(lambda: load_history(history), runs),
        )
        network, plan = load_plan_input(project)
        row("load the 1,000-task project", "—", _best(lambda: load_plan_input(project), runs))
        row(
            "forecast it, no history, 10,000 iterations",
            "—",
            _best(lambda: forecast(network, plan, ForecastOptions()), runs),
        )
        by = [f"dev{j % 29}" for j in range(1000)]
        kind = [f"cat{j % 8}" for j in range(1000)]
        sizes = [1.0 + j % 9 for j in range(1000)]
        for model in MODELS:
            fitted = fit_model(records, model)
            row("fit 100,000 records", model, _best(lambda m=model: fit_model(records, m), runs))

            def totals(fitted: object = fitted) -> None:
                tasks = calibrate_tasks(fitted, by, kind, sizes)  # type: ignore[arg-type]
                sample_totals(tasks, 10_000, np.random.default_rng(0))

            row("calibrate 1,000 tasks, 10,000 draws of their total", model, _best(totals, runs))

            def replay(model: str = model) -> None:
                fits = prefix_fits(records, model)  # type: ignore[arg-type]
                total_level(fits, 1000, rng=np.random.default_rng(0))

            step = "read into columns, the level factor of 1,000 tasks (8 windows)"
            row(step, model, _best(replay, runs))
            options = ForecastOptions(calibration=fitted)
            row(
                "forecast the project calibrated, 10,000 iterations",
                model,
                _best(lambda o=options: forecast(network, plan, o), runs),
            )
        plain = [steerco, "forecast", str(project), "--format", "json"]
        subprocess.run(plain, check=True, capture_output=True)  # warm the file cache
        reference = _best_process(plain, runs)
        row("`steerco forecast` without history, end to end (reference)", "—", reference)
        for model in MODELS:
            for level in ("fixed", "past"):
                command = [*plain, "--history", str(history), "--model", model, "--level", level]
                subprocess.run(command, check=True, capture_output=True)
                times = _best_process(command, runs)
                step = f"`steerco forecast --history --level {level}`, end to end"
                row(step, model, times, reference[1])
    return lines


def main() -> None:
    """Print the three tables and the machine they ran on."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--iterations", type=int, default=2000)
    parser.add_argument(
        "--parts",
        default="estimates,throughput,levels,scale",
        help="which tables, comma-separated",
    )
    parser.add_argument("--scale-only", action="store_true", help="only the scale table")
    args = parser.parse_args()
    parts = {part.strip() for part in args.parts.split(",")}
    print(f"Machine: {cpu_model()}, Python {platform.python_version()}, numpy {np.__version__}")
    print(f"Load average at the start: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    if args.scale_only:
        parts = {"scale"}
    if "estimates" in parts:
        print("\nEstimates (cuts at 50%, 70%, 90% of each group):\n")
        print("\n".join(estimates_table(args.iterations)))
    if "throughput" in parts:
        print(f"\nThroughput ({THROUGHPUT_CUTS} cuts; reference: the mean rate):\n")
        print("\n".join(throughput_table(args.iterations)))
        print("\nThroughput, `--window recent`, per block length (coverage, P50 error):\n")
        print("\n".join(block_table(args.iterations)))
        print("\nThe synthetic teams over six seeds, `--window recent` (coverage, P50 error):\n")
        print("\n".join(seeds_table(args.iterations)))
    if "levels" in parts:
        print("\nThe level's prior, `--window recent --block 1w` (coverage, P50 error):\n")
        print("\n".join(priors_table(args.iterations)))
    if "scale" in parts:
        print("\nScale (reference: the same command without history):\n")
        print("\n".join(scale_table(args.runs)))
    print(f"Load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
