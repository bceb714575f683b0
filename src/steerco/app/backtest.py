"""Use cases: backtest estimate calibration and throughput forecasts on a history file.

`backtest_estimates` cuts a history of estimates and actuals (per group, oldest first) and
forecasts the total actual of the tasks after each cut from the records before it;
`backtest_throughput` cuts a throughput history and forecasts the periods until N more
items (or the items in the next D periods). Both return a `BacktestReport`
(`steerco.render.backtest`). A bad option raises a ProjectError whose diagnostic has no
file and the option's name as its path, as in `steerco.app.history`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal, get_args

from steerco.app._located import located_in
from steerco.app.history import (
    DEFAULT_LEVEL,
    DEFAULT_WINDOW,
    _option_error,
    block_periods,
    history_options,
    level_mode,
    rates_at,
    window_at,
)
from steerco.forecast.calibrated import DEFAULT_MODEL, ModelName
from steerco.render.backtest import BacktestReport, HistoryReadNotes

if TYPE_CHECKING:
    from steerco.forecast.backtest import Window

__all__ = [
    "DEFAULT_CUTS",
    "GroupField",
    "backtest_estimates",
    "backtest_throughput",
    "parse_cuts",
    "sampling_window",
]

GroupField = Literal["project", "category", "estimated_by"]
DEFAULT_CUTS = (0.5, 0.7, 0.9)
_HORIZON = {1: 28, 7: 4}
"""Default horizon: 4 weeks of a daily or weekly history (4 periods of a numbered one)."""


def parse_cuts(text: str) -> tuple[float, ...]:
    """Shares of a history like "50%,70%,90%" (or "0.5,0.7"), each strictly between 0 and 1."""
    shares: list[float] = []
    for part in text.split(","):
        item = part.strip()
        try:
            share = float(item[:-1]) / 100 if item.endswith("%") else float(item)
        except ValueError:
            raise _option_error("cut", f"{item!r} is not a share like 70% or 0.7") from None
        if not 0 < share < 1:
            raise _option_error("cut", f"a cut lies strictly between 0% and 100%, got {item}")
        shares.append(share)
    return tuple(sorted(set(shares)))


def sampling_window(text: str, period_days: int | None) -> Window:
    """What the runs draw from at a cut, for `--window` text as `steerco throughput` reads it.

    `all`: every period before the cut alike; `12w`: the last 12 weeks of them; `recent`:
    all of them, weighted towards the last (`steerco.forecast.throughput.recency_weights`).
    Raises the option's ProjectError for text that is not a window.
    """
    return window_at(text, period_days)


def _check_run(iterations: int, seed: int) -> None:
    if iterations < 1:
        raise _option_error("iterations", f"iterations must be at least 1, got {iterations}")
    if seed < 0:
        raise _option_error("seed", f"a seed is a whole number of 0 or more, not {seed}")


def backtest_estimates(
    *,
    path: Path,
    cuts: Sequence[float] | str = DEFAULT_CUTS,
    group: GroupField | None = None,
    model: ModelName = DEFAULT_MODEL,
    iterations: int = 2000,
    seed: int = 0,
    level: str = "past",
    encoding: str | None = None,
    columns: str | dict[str, str] | None = None,
    estimate_unit: str = "time",
    progress: Callable[[int, int], None] | None = None,
) -> BacktestReport:
    """Replay the history at `path` at each cut (per `group` if given) and score the forecasts.

    The records are taken in the file's order, the order they were finished; a record
    without a value for `group` falls in the group "(none)". `level` as `--level` reads
    it: `past` (the default, as `steerco forecast --history`) moves each cut's total with
    the errors of the same forecast replayed on windows before the cut
    (`steerco.forecast.total_level`); `fixed` leaves the drawn total as it is. Draws come
    from `numpy.random.default_rng(seed)`. `encoding`, `columns` and `estimate_unit` say
    how to read the file, as `steerco calibration` reads it (`history_options`); with
    estimates in story points the reference is the points at the mean pace (working days
    per point) of the records known at the cut. `progress(done, total)` hears of each cut
    as the replay reaches it.
    """
    import numpy as np

    from steerco.forecast.backtest import estimate_cuts, summarise_cuts
    from steerco.forecast.calibration import HistoryRecord
    from steerco.formats.history import HISTORY_FIELDS, read_history

    shares = parse_cuts(cuts) if isinstance(cuts, str) else tuple(cuts)
    if group is not None and group not in get_args(GroupField):
        raise _option_error("group", f"group by one of {', '.join(get_args(GroupField))}")
    _check_run(iterations, seed)
    mode = level_mode(level)
    options = history_options(
        encoding=encoding, columns=columns, estimate_unit=estimate_unit, fields=HISTORY_FIELDS
    )
    read = located_in(path, lambda: read_history(path, options))
    records = read.records
    groups: dict[str, list[HistoryRecord]] = {}
    for record in records:
        name = "all" if group is None else getattr(record, group) or "(none)"
        groups.setdefault(name, []).append(record)
    rng = np.random.default_rng(seed)
    found = located_in(
        path,
        lambda: estimate_cuts(
            groups,
            shares,
            model=model,
            iterations=iterations,
            rng=rng,
            level=mode == "past",
            unit=read.estimate_unit,
            on_cut=progress,
        ),
    )
    return BacktestReport(
        kind="estimates",
        file=path,
        target="total",
        reference="points_at_mean_pace" if read.estimate_unit == "points" else "sum_of_estimates",
        model=model,
        group=group,
        unit="days",
        items=None,
        horizon=None,
        window=None,
        block=None,
        level=mode,
        iterations=iterations,
        seed=seed,
        cuts=tuple(found),
        overall=summarise_cuts(found),
        read=HistoryReadNotes(
            encoding=read.encoding,
            ignored=read.ignored,
            estimate_unit=read.estimate_unit,
            no_value=read.no_value,
            zero=read.zero,
        ),
    )


def backtest_throughput(
    *,
    path: Path,
    cuts: int = 5,
    items: int | None = None,
    horizon: int | None = None,
    window: str = DEFAULT_WINDOW,
    block: str | None = None,
    level: str = DEFAULT_LEVEL,
    iterations: int = 2000,
    seed: int = 0,
    encoding: str | None = None,
    columns: str | dict[str, str] | None = None,
    dayfirst: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> BacktestReport:
    """Replay the throughput history at `path` at `cuts` points and score the forecasts.

    With `items`: the periods until that many more items were done; else the items done
    in the next `horizon` periods (default: 28 days, 4 weeks or 4 numbered periods). At
    each cut the runs draw from `window` of the periods before it, as `steerco throughput`
    does (`sampling_window`; default `recent`, the same as `steerco throughput`'s), in
    blocks of `block` consecutive periods (`steerco.app.history.block_periods`; default: a
    week of a history by date, as `steerco throughput`'s), with the `level` of
    `steerco throughput --level` (`past`: each cut's runs move with the errors of the same
    forecast replayed before the cut; `fixed`: the window's level taken as known).
    `encoding`, `columns` and `dayfirst` say how to read the file, as `steerco throughput`
    reads it (`history_options`). `progress(done, total)` hears of each cut as the replay
    reaches it.
    """
    import numpy as np

    from steerco.forecast.backtest import summarise_cuts, throughput_cuts
    from steerco.formats.history import THROUGHPUT_FIELDS, load_throughput

    if items is not None and horizon is not None:
        raise _option_error("items", "give either --items N or --horizon D, not both")
    if items is not None and items < 1:
        raise _option_error("items", f"items must be at least 1, got {items}")
    if horizon is not None and horizon < 1:
        raise _option_error("horizon", f"the horizon must be at least 1 period, got {horizon}")
    if cuts < 1:
        raise _option_error("cuts", f"cuts must be at least 1, got {cuts}")
    _check_run(iterations, seed)
    options = history_options(
        encoding=encoding, columns=columns, dayfirst=dayfirst, fields=THROUGHPUT_FIELDS
    )
    past = located_in(path, lambda: load_throughput(path, options))
    if items is None and horizon is None:
        horizon = _HORIZON.get(past.period_days or 0, 4)
    drawn = sampling_window(window, past.period_days)
    mode = level_mode(level)
    periods = block_periods(block, past.period_days)
    rng = np.random.default_rng(seed)
    found = located_in(
        path,
        lambda: throughput_cuts(
            past.counts,
            cuts,
            items=items,
            horizon=horizon,
            iterations=iterations,
            rng=rng,
            window=drawn,
            rates=rates_at(window, past.period_days),
            block=periods,
            level=mode == "past",
            on_cut=progress,
        ),
    )
    unit = {1: "day", 7: "week"}.get(past.period_days or 0, "period")
    return BacktestReport(
        kind="throughput",
        file=path,
        target="periods" if items is not None else "items",
        reference="mean_rate",
        model=None,
        group=None,
        unit=unit,
        items=items,
        horizon=horizon if items is None else None,
        window=window.strip().lower(),
        block=periods,
        level=mode,
        iterations=iterations,
        seed=seed,
        cuts=tuple(found),
        overall=summarise_cuts(found),
        read=HistoryReadNotes(
            encoding=past.encoding,
            ignored=past.ignored,
            items=past.items,
            undone_items=past.skipped,
        ),
    )
