"""`steerco report` of a 1,000-task project in every format and audience, against references.

Each project is a generated file (`end_to_end.generate`/`project_yaml`; with resources,
`forecast_levelled.staffed_yaml`) with a baseline saved at its start and progress recorded
at a status date 40 % into the plan (the plan's finished tasks done on their planned
dates, its running ones started and partly done), so that every part of the report has
data: plan, forecast, earned value, the period's tasks, the Gantt, the charts.

Two tables:

1. in process, best of `--runs`: the report's inputs (`app.report.report_inputs`: the plan
   as `steerco schedule` makes it, the forecast as `steerco forecast`, earned value as
   `steerco evm`, risks, gates; and those three parts alone), then per audience the build
   (`report.build`) and the charts, and per format the render; the total against the
   inputs alone, the plain reference here: what any report must compute anyway, so the
   ratio is what building, drawing and laying out the report add;
2. the command as a user runs it, a fresh process each (wall clock, best of `--runs`):
   `steerco report FILE --status-date D --audience A --out report.FMT`, against
   `steerco forecast FILE --iterations N --seed 0 --format json` on the same file, the
   same iterations (the forecast is the heart of the report; the plan comes with it).
   Target: under 5 s for the resource-free project.

Projects: 1,000 tasks without resources (CPM plan); 1,000 tasks with `tasks / 12` people
(levelled; the heuristic proves its plan optimal at once); 1,000 tasks with `tasks / 40`
people (levelled; CP-SAT searches until its time limit: 10 s by default, `--time-limit`
of `steerco schedule` and `steerco report` shortens it).

Run: `.venv/bin/python benchmarks/report.py [--tasks 1000] [--runs 3]`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TypeVar

from end_to_end import best_of, generate, machine, project_yaml, steerco_command
from forecast_levelled import best_seconds, staffed_yaml
from steerco.app.baseline import save_baseline
from steerco.app.earned_value import earned_value_at
from steerco.app.plan import dating_plan
from steerco.app.report import REPORT_ITERATIONS, report_inputs
from steerco.forecast.run import ForecastOptions, forecast
from steerco.formats.loader import load_plan_input
from steerco.model.communication import Audience, ReportFormat
from steerco.report.build import build_status_report
from steerco.report.chart_data import as_date
from steerco.report.render.charts import report_charts
from steerco.report.render.output import render
from steerco.schedule.options import SolveOptions

T = TypeVar("T")
AUDIENCES: tuple[Audience, ...] = ("client", "sponsor", "team")
FORMATS: tuple[ReportFormat, ...] = ("html", "pdf", "md")
TARGET_S = 5.0


@dataclass(frozen=True)
class Case:
    """A generated project file, its status date and the levelling time limit it runs with."""

    name: str
    path: Path
    status: dt.date
    time_limit: float


def _progress(path: Path, time_limit: float) -> dt.date:
    """Save a baseline, record progress 40 % into the plan; the status date."""
    network, project = load_plan_input(path)
    assert project is not None and project.start is not None
    plan = dating_plan(network, project, options=SolveOptions(time_limit=time_limit))
    save_baseline(
        path=path, saved=project.start, options=SolveOptions(time_limit=time_limit), force=True
    )
    rows = [r for r in plan.schedule.tasks() if r.kind != "summary"]
    finish = max(d for r in rows if (d := as_date(r.finish)) is not None)
    status = project.start + (finish - project.start) * 2 // 5
    lines = ["progress:", f"  status_date: {status}", "  tasks:"]
    for row in rows:
        first, last = as_date(row.start), as_date(row.finish)
        if first is None or last is None or first > status:
            continue
        if last <= status:
            lines.append(f"    {row.id}: {{actual_start: {first}, actual_finish: {last}}}")
        else:
            share = (status - first).days + 1
            percent = min(95, round(100 * share / ((last - first).days + 1)))
            lines.append(f"    {row.id}: {{actual_start: {first}, percent_complete: {percent}}}")
    with path.open("a", encoding="utf-8") as file:
        file.write("\n".join(lines) + "\n")
    return status


def _cases(folder: Path, n: int, time_limit: float) -> list[Case]:
    """The three generated projects, each with a baseline and recorded progress."""
    texts = [
        (f"{n:,} tasks, no resources", "free", project_yaml(generate(n, seed=1), name="Report")),
        (f"{n:,} tasks, {n // 12} people", "staffed", staffed_yaml(n, seed=n)),
        (f"{n:,} tasks, {n // 40} people", "tight", staffed_yaml(n, seed=n, people=n // 40)),
    ]
    cases = []
    for name, stem, text in texts:
        path = folder / f"{stem}.yaml"
        path.write_text(text, encoding="utf-8")
        cases.append(Case(name, path, _progress(path, time_limit), time_limit))
        print(f"generated {name}", file=sys.stderr)
    return cases


def _best(runs: int, action: Callable[[], T]) -> tuple[float, T]:
    """Best wall time of `runs` calls of `action`, and its last result."""
    results: list[T] = []
    wall, _ = best_seconds(runs, lambda: results.append(action()))
    return wall, results[-1]


def measure_in_process(case: Case, iterations: int, runs: int) -> list[str]:
    """The rows of the in-process table for one project."""
    network, project = load_plan_input(case.path)
    solve = SolveOptions(time_limit=case.time_limit)
    plan_s, plan = _best(runs, partial(dating_plan, network, project, options=solve))
    options = ForecastOptions(iterations=iterations)
    run = partial(forecast, network, project, options, plan=plan.schedule)
    forecast_s, _ = _best(runs, run)
    ev_s, _ = _best(runs, partial(earned_value_at, path=case.path, status_date=case.status))
    inputs_s, inputs = _best(
        runs,
        partial(
            report_inputs,
            path=case.path,
            status_date=case.status,
            iterations=iterations,
            time_limit=case.time_limit,
        ),
    )
    rows = []
    for audience in AUDIENCES:
        build_s, report = _best(runs, partial(build_status_report, inputs, audience=audience))
        draw = partial(report_charts, report.charts, report.stakeholders, report.status_date)
        charts_s, charts = _best(runs, draw)
        for fmt in FORMATS:
            render_s, _ = _best(runs, partial(render, report, charts, fmt))
            total = inputs_s + build_s + charts_s + render_s
            rows.append(
                f"| {case.name} | {audience} | {fmt} | {plan_s:.2f} | {forecast_s:.2f} "
                f"| {ev_s:.2f} | {inputs_s:.2f} | {build_s:.2f} | {charts_s:.2f} "
                f"| {render_s:.2f} | {total:.2f} | {total / inputs_s:.1f} |"
            )
    return rows


def measure_commands(
    case: Case,
    iterations: int,
    runs: int,
    audiences: tuple[str, ...],
    store: Path | None = None,
) -> list[str]:
    """The rows of the fresh-process table for one project.

    `store`: a plan-store directory that `steerco schedule` fills first (untimed), so that
    the report reuses the levelled plan as it does after any command that levelled the file;
    without one every run levels afresh (the store is off).
    """
    steerco = steerco_command()
    common = ["--iterations", str(iterations), "--seed", "0"]
    limit = [] if case.time_limit == 10.0 else ["--time-limit", f"{case.time_limit:g}"]
    previous = os.environ["STEERCO_CACHE_DIR"]
    if store is not None:
        os.environ["STEERCO_CACHE_DIR"] = str(store)
        schedule = [*steerco, "schedule", str(case.path), *limit, "-f", "json"]
        subprocess.run(schedule, check=True, stdout=subprocess.DEVNULL)
    try:
        rows = _command_rows(case, steerco, common, limit, runs, audiences, store is not None)
    finally:
        os.environ["STEERCO_CACHE_DIR"] = previous
    return rows


def _command_rows(
    case: Case,
    steerco: list[str],
    common: list[str],
    limit: list[str],
    runs: int,
    audiences: tuple[str, ...],
    stored: bool,
) -> list[str]:
    reference = best_of(runs, [*steerco, "forecast", str(case.path), *common, "-f", "json"])
    plan = "stored" if stored else "solved"
    rows = []
    for audience in audiences:
        for fmt in FORMATS:
            out = case.path.with_name(f"report-{audience}.{fmt}")
            command = [*steerco, "report", str(case.path), "--status-date", str(case.status)]
            command += ["--audience", audience, "--out", str(out), *common, *limit]
            wall, cpu = best_of(runs, command)
            met = "yes" if wall < TARGET_S else "no"
            rows.append(
                f"| {case.name} | {case.time_limit:g} | {plan} | {audience} | {fmt} | {wall:.2f} "
                f"| {cpu:.2f} | {reference[0]:.2f} | {wall / reference[0]:.2f} | {met} |"
            )
            print(f"timed {case.name} {audience} {fmt}: {wall:.2f} s", file=sys.stderr)
    return rows


def main() -> None:
    """Generate the projects, time every part and command, print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=1000)
    parser.add_argument("--iterations", type=int, default=REPORT_ITERATIONS)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--time-limits",
        type=float,
        nargs="*",
        default=[10.0, 2.0],
        help="levelling time limits the tightly staffed project is reported with",
    )
    args = parser.parse_args()
    print(f"Machine: {machine()}\n")
    subprocess.run([*steerco_command(), "--version"], check=True, stdout=subprocess.DEVNULL)
    with tempfile.TemporaryDirectory(prefix="steerco-report-") as folder:
        free, staffed, tight = _cases(Path(folder), args.tasks, args.time_limits[0])
        limited = [Case(tight.name, tight.path, tight.status, t) for t in args.time_limits[1:]]
        in_process = [
            *measure_in_process(free, args.iterations, args.runs),
            *measure_in_process(staffed, args.iterations, args.runs),
        ]
        for case in [tight, *limited]:
            in_process += measure_in_process(case, args.iterations, 1)
        commands = measure_commands(free, args.iterations, args.runs, AUDIENCES)
        commands += measure_commands(staffed, args.iterations, args.runs, ("team",))
        for case in [tight, *limited]:
            commands += measure_commands(case, args.iterations, 1, ("team",))
        store = Path(folder) / "plan-store"
        for case in [staffed, tight]:
            commands += measure_commands(case, args.iterations, args.runs, AUDIENCES, store)
    print(f"\nIn process, seconds (best of {args.runs}; the tight project once):")
    print(
        "| project | audience | format | plan | forecast | EV | inputs (reference) | build "
        "| charts | render | total | total / inputs |"
    )
    print("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    print("\n".join(in_process))
    print(
        f"\n`steerco report` in a fresh process against `steerco forecast` on the same file "
        f"({args.iterations:,} iterations), wall seconds:"
    )
    print(
        "| project | time limit s | plan | audience | format | report wall | report CPU "
        "| forecast wall | report / forecast | < 5 s |"
    )
    print("|---|---:|---|---|---|---:|---:|---:|---:|:---:|")
    print("\n".join(commands))


if __name__ == "__main__":
    main()
