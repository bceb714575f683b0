"""PSPLIB single-mode `.sm` files: read into arrays, a Network, or a Project on a unit calendar.

The format (Kolisch & Sprecher 1996): a header with the job count, precedence lines
`job modes #successors successors...`, request lines `job mode duration R1..Rk`, and
the renewable resource availabilities. Jobs are numbered from 1; job 1 and the last job
are dummies of zero duration. All links are finish-to-start without lag.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from steerco.codes import Code
from steerco.errors import CycleError, Diagnostic, ProjectError
from steerco.formats.files import read_text
from steerco.model import Project, Resource, Task
from steerco.model.quantities import WorkTime
from steerco.model.ranges import MAX_CAPACITY, MAX_PERIODS
from steerco.model.task import Demand, Dependency
from steerco.model.validate import check_project
from steerco.schedule.network import Network, network_from_arrays

__all__ = ["PsplibInstance", "load_psplib", "parse_psplib", "psplib_network", "psplib_project"]

_MOST_UNITS = int(MAX_CAPACITY)
"""The largest availability or demand a job file may give (a project file's limit)."""
_HUGE = 2**62
"""A duration beyond this is refused on its own line (NumPy would clip it to int64's maximum)."""


@dataclass(frozen=True)
class PsplibInstance:
    """One single-mode RCPSP instance as arrays (job j is row j - 1)."""

    name: str
    duration: NDArray[np.int64]
    src: NDArray[np.int64]
    dst: NDArray[np.int64]
    demand: NDArray[np.int64]
    capacity: NDArray[np.int64]
    resource_ids: list[str]
    precedence_line: NDArray[np.int64]
    file: str | None = None

    @property
    def jobs(self) -> int:
        """Number of jobs, dummies included."""
        return int(self.duration.size)


class _Lines:
    """Lines of the file with their numbers, and errors located at them."""

    def __init__(self, text: str, file: str | None) -> None:
        self.lines = text.splitlines()
        self.file = file
        self.at = 0

    def error(self, code: Code, message: str, line: int | None = None) -> ProjectError:
        where = line if line is not None else min(self.at + 1, max(len(self.lines), 1))
        return ProjectError([Diagnostic(code, message, (), self.file, where, 1)])

    def seek(self, marker: str) -> int:
        """Move past the line starting with `marker`; a missing section means truncation."""
        for i in range(self.at, len(self.lines)):
            if self.lines[i].lstrip().upper().startswith(marker):
                self.at = i + 1
                return i
        self.at = len(self.lines)
        raise self.error(
            Code.psplib_truncated,
            f"the file ends before its {marker.rstrip(':')} section",
            len(self.lines) or 1,
        )

    def ints(self, i: int) -> list[int]:
        try:
            return [int(tok) for tok in self.lines[i].split()]
        except ValueError:
            raise self.error(
                Code.psplib_syntax, f"expected numbers, got {self.lines[i].strip()!r}", i + 1
            ) from None

    def block(self, count: int) -> tuple[int, list[str]]:
        """The next `count` job lines (first line number, texts), or raise if truncated."""
        start = self.at
        while start < len(self.lines) and not self.lines[start].strip()[:1].isdigit():
            if self.lines[start].strip().startswith("*"):
                break
            start += 1
        stop = start + count
        chunk = self.lines[start:stop]
        if len(chunk) == count and all(line.strip()[:1].isdigit() for line in chunk):
            self.at = stop
            return start + 1, chunk
        return -1, []

    def table(self, count: int) -> list[tuple[int, list[int]]]:
        """The next `count` non-empty, non-separator lines as integers, with line numbers."""
        rows: list[tuple[int, list[int]]] = []
        i = self.at
        while len(rows) < count:
            if i >= len(self.lines):
                raise self.error(
                    Code.psplib_truncated,
                    f"expected {count} job lines, the file ends after {len(rows)}",
                    len(self.lines) or 1,
                )
            stripped = self.lines[i].strip()
            if stripped.startswith("*"):
                raise self.error(
                    Code.psplib_truncated,
                    f"expected {count} job lines, the section ends after {len(rows)}",
                    i + 1,
                )
            if stripped and not stripped.startswith("-") and stripped[0].isdigit():
                rows.append((i + 1, self.ints(i)))
            i += 1
        self.at = i
        return rows


def parse_psplib(text: str, file: str | None = None, name: str = "") -> PsplibInstance:
    """Parse the text of a single-mode `.sm` file; malformed or truncated files raise."""
    lines = _Lines(text, file)
    at = lines.seek("JOBS (INCL. SUPERSOURCE/SINK")
    try:
        jobs = int(lines.lines[at].split(":")[1].split()[0])
    except (IndexError, ValueError):
        raise lines.error(Code.psplib_syntax, "cannot read the number of jobs", at + 1) from None
    if jobs < 1:
        raise lines.error(Code.psplib_syntax, "the number of jobs must be positive", at + 1)
    if 2 * jobs > len(lines.lines):  # a precedence and a request line per job
        message = f"{jobs} jobs need {2 * jobs} job lines; the file has {len(lines.lines)} lines"
        raise lines.error(Code.psplib_truncated, message, at + 1)
    jobs_line = at + 1
    at = lines.seek("- RENEWABLE")
    try:
        renewable = int(lines.lines[at].split(":")[1].split()[0])
    except (IndexError, ValueError):
        raise lines.error(
            Code.psplib_syntax, "cannot read the number of renewable resources", at + 1
        ) from None
    if renewable < 0:
        message = f"the number of renewable resources cannot be negative, got {renewable}"
        raise lines.error(Code.psplib_syntax, message, at + 1)
    # Each request line holds a demand per resource: the table must fit in the text.
    if jobs * (3 + renewable) > len(text) // 2 + 1:
        message = (
            f"{renewable} renewable resources for {jobs} jobs (line {jobs_line}): "
            "the request lines of the file cannot hold that many demands"
        )
        raise lines.error(Code.psplib_syntax, message, at + 1)
    lines.seek("PRECEDENCE RELATIONS")
    fast = _fast_tables(lines, jobs, renewable, name, file)
    if fast is not None:
        return fast
    src: list[int] = []
    dst: list[int] = []
    precedence_line = np.zeros(jobs, dtype=np.int64)
    for number, row in lines.table(jobs):
        if len(row) < 3 or len(row) != 3 + row[2]:
            raise lines.error(
                Code.psplib_syntax,
                "a precedence line reads: job, modes, #successors, successors",
                number,
            )
        job = row[0]
        if not 1 <= job <= jobs:
            raise lines.error(Code.psplib_syntax, f"unexpected job number {job}", number)
        if precedence_line[job - 1]:
            first = int(precedence_line[job - 1])
            message = f"job {job} has a second precedence line (the first is line {first})"
            raise lines.error(Code.psplib_syntax, message, number)
        if row[1] != 1:
            message = f"job {job} has {row[1]} modes; steerco reads single-mode files (1 mode)"
            raise lines.error(Code.psplib_syntax, message, number)
        precedence_line[job - 1] = number
        for succ in row[3:]:
            if not 1 <= succ <= jobs:
                raise lines.error(
                    Code.psplib_syntax, f"job {job} has unknown successor {succ}", number
                )
            src.append(job - 1)
            dst.append(succ - 1)
    lines.seek("REQUESTS/DURATIONS")
    duration = np.zeros(jobs, dtype=np.int64)
    demand = np.zeros((jobs, renewable), dtype=np.int64)
    seen = np.zeros(jobs, dtype=bool)
    request_line = np.zeros(jobs, dtype=np.int64)
    for number, row in lines.table(jobs):
        if len(row) != 3 + renewable:
            raise lines.error(
                Code.psplib_syntax,
                f"a request line reads: job, mode, duration and {renewable} demands",
                number,
            )
        job = row[0]
        if not 1 <= job <= jobs or seen[job - 1]:
            raise lines.error(Code.psplib_syntax, f"unexpected job number {job}", number)
        if min(row[2:]) < 0:
            raise lines.error(
                Code.psplib_syntax, "durations and demands cannot be negative", number
            )
        if max(row[3:], default=0) > _MOST_UNITS:
            message = f"job {job}: a demand above {_MOST_UNITS:,} units"
            raise lines.error(Code.psplib_syntax, message, number)
        if row[2] > _HUGE:  # past any horizon, and past what int64 holds
            message = f"job {job} alone runs {row[2]} periods; steerco plans at most {MAX_PERIODS}"
            raise lines.error(Code.horizon_too_long, message, number)
        seen[job - 1] = True
        request_line[job - 1] = number
        duration[job - 1] = row[2]
        demand[job - 1] = row[3:]
    _check_horizon(lines, duration, request_line)
    lines.seek("RESOURCEAVAILABILITIES")
    capacity = _capacities(lines, renewable)
    return PsplibInstance(
        name=name,
        duration=duration,
        src=np.array(src, dtype=np.int64),
        dst=np.array(dst, dtype=np.int64),
        demand=demand,
        capacity=capacity,
        resource_ids=[f"R{k + 1}" for k in range(renewable)],
        precedence_line=precedence_line,
        file=file,
    )


def _capacities(lines: _Lines, renewable: int) -> NDArray[np.int64]:
    """The availability line: one capacity per renewable resource, 0 to `MAX_CAPACITY`."""
    i = lines.at
    for i in range(lines.at, len(lines.lines)):
        first = lines.lines[i].split()[:1]
        if first and first[0].startswith("*"):
            break
        if first and first[0].lstrip("+-")[:1].isdigit():
            capacity = lines.ints(i)
            if len(capacity) != renewable:
                message = f"expected {renewable} resource availabilities"
                raise lines.error(Code.psplib_syntax, message, i + 1)
            if any(not 0 <= c <= _MOST_UNITS for c in capacity):
                message = f"a resource availability is a whole number from 0 to {_MOST_UNITS:,}"
                raise lines.error(Code.psplib_syntax, message, i + 1)
            lines.at = i + 1
            return np.array(capacity, dtype=np.int64)
    message = "the RESOURCEAVAILABILITIES section has no availability line"
    raise lines.error(Code.psplib_truncated, message, min(i + 1, len(lines.lines)) or 1)


def _check_horizon(
    lines: _Lines, duration: NDArray[np.int64], request_line: NDArray[np.int64]
) -> None:
    """Raise `horizon_too_long` at the longest job's line when the jobs run past MAX_PERIODS."""
    total = int(duration.sum(dtype=np.float64)) if duration.size else 0
    if total <= MAX_PERIODS:
        return
    longest = int(np.argmax(duration))
    message = (
        f"the jobs' durations add up to {total} periods; steerco plans at most "
        f"{MAX_PERIODS}; the longest is job {longest + 1}, {int(duration[longest])} periods"
    )
    raise lines.error(Code.horizon_too_long, message, int(request_line[longest]))


def _numbers(texts: list[str]) -> NDArray[np.int64] | None:
    """All integers of `texts` in one C-level parse, or None if any token is not an integer."""
    joined = " ".join(texts)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            values = np.fromstring(joined, dtype=np.int64, sep=" ")
    except (ValueError, DeprecationWarning):
        return None
    return values if values.size == len(joined.split()) else None


def _fast_tables(
    lines: _Lines, jobs: int, renewable: int, name: str, file: str | None
) -> PsplibInstance | None:
    """Parse well-formed job tables at C speed; None sends the caller to the checking parser."""
    saved = lines.at
    first_precedence, precedence = lines.block(jobs)
    flat = _numbers(precedence) if first_precedence > 0 else None
    offsets = np.zeros(jobs + 1, dtype=np.int64)
    if flat is not None:
        at = 0
        for k in range(jobs):  # each line is: job, modes, count, then `count` successors
            # job k + 1, one mode, a successor count of 0 or more; else the checking parser
            if at + 3 > flat.size or flat[at] != k + 1 or flat[at + 1] != 1 or flat[at + 2] < 0:
                flat = None
                break
            offsets[k] = at
            at += 3 + int(flat[at + 2])
        if flat is not None and at != flat.size:
            flat = None
    if flat is None:
        lines.at = saved
        return None
    offsets[jobs] = flat.size
    counts = flat[offsets[:-1] + 2]
    starts = offsets[:-1] + 3
    index = np.repeat(starts - np.cumsum(counts) + counts, counts) + np.arange(int(counts.sum()))
    src = np.repeat(np.arange(jobs, dtype=np.int64), counts)
    dst = flat[index] - 1
    if dst.size and (dst.min() < 0 or dst.max() >= jobs):
        lines.at = saved
        return None
    try:
        lines.seek("REQUESTS/DURATIONS")
    except ProjectError:
        lines.at = saved
        return None
    first, requests = lines.block(jobs)
    table = _numbers(requests) if first > 0 else None
    if table is None or table.size != jobs * (3 + renewable):
        lines.at = saved
        return None
    table = table.reshape(jobs, 3 + renewable)
    if (table[:, 0] != np.arange(1, jobs + 1)).any() or (table[:, 2:] < 0).any():
        lines.at = saved
        return None
    # Out of range (NumPy clips what int64 cannot hold): the checking parser says where.
    too_much = (table[:, 2] > _HUGE).any() or (table[:, 3:] > _MOST_UNITS).any()
    if too_much:
        lines.at = saved
        return None
    _check_horizon(lines, table[:, 2], np.arange(first, first + jobs, dtype=np.int64))
    try:
        lines.seek("RESOURCEAVAILABILITIES")
    except ProjectError:
        lines.at = saved
        return None
    capacity = _capacities(lines, renewable)
    return PsplibInstance(
        name=name,
        duration=table[:, 2].copy(),
        src=src,
        dst=dst,
        demand=table[:, 3:].copy(),
        capacity=capacity,
        resource_ids=[f"R{k + 1}" for k in range(renewable)],
        precedence_line=np.arange(first_precedence, first_precedence + jobs, dtype=np.int64),
        file=file,
    )


def _located_cycle(instance: PsplibInstance, error: CycleError) -> CycleError:
    """Place a cycle at the precedence line that closes it (the last job's successor list)."""
    if len(error.cycle) < 2:
        return error
    closing = int(error.cycle[-2]) - 1
    line = int(instance.precedence_line[closing])
    error.diagnostics = [d.located(instance.file, line, 1) for d in error.diagnostics]
    error.args = (str(error),)
    return error


def load_psplib(path: Path) -> PsplibInstance:
    """Read a `.sm` file."""
    text = read_text(path, encoding="ascii", errors="replace")
    return parse_psplib(text, str(path), name=path.stem)


def psplib_network(instance: PsplibInstance) -> Network:
    """Compile an instance straight to a Network (the same one `psplib_project` compiles to)."""
    ids = [str(j + 1) for j in range(instance.jobs)]
    try:
        return _network(instance, ids)
    except CycleError as error:
        raise _located_cycle(instance, error) from None


def _network(instance: PsplibInstance, ids: list[str]) -> Network:
    return network_from_arrays(
        ids,
        instance.duration.astype(np.float64),
        instance.src,
        instance.dst,
        names=[f"Job {i}" for i in ids],
        milestone=instance.duration == 0,
        unit="period",
        project=instance.name,
        resource_ids=list(instance.resource_ids),
        capacity=instance.capacity.astype(np.float64),
        demand=instance.demand.astype(np.float64),
    )


def psplib_project(instance: PsplibInstance) -> Project:
    """The instance as a Project on a unit calendar: periods from 0, no dates."""
    preds: list[list[int]] = [[] for _ in range(instance.jobs)]
    for s, d in zip(instance.src.tolist(), instance.dst.tolist(), strict=True):
        preds[d].append(s)
    resources = tuple(
        Resource.model_construct(
            id=rid, name=f"Resource {k + 1}", kind="equipment", capacity=float(instance.capacity[k])
        )
        for k, rid in enumerate(instance.resource_ids)
    )
    tasks = []
    for j in range(instance.jobs):
        d = int(instance.duration[j])
        tasks.append(
            Task.model_construct(
                id=str(j + 1),
                name=f"Job {j + 1}",
                duration=WorkTime(float(d)) if d else None,
                milestone=d == 0,
                after=tuple(Dependency.model_construct(task=str(p + 1)) for p in preds[j]),
                demands=tuple(
                    Demand.model_construct(resource=instance.resource_ids[k], units=float(u))
                    for k, u in enumerate(instance.demand[j].tolist())
                    if u
                ),
            )
        )
    project = Project.model_construct(
        name=instance.name or "PSPLIB instance",
        unit="period",
        resources=resources,
        tasks=tuple(tasks),
    )
    try:
        check_project(project)
    except CycleError as error:
        raise _located_cycle(instance, error) from None
    return project
