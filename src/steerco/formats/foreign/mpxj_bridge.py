"""Read `.mpp` and `.mpx` files through MPXJ: MPXJ reads the file and writes MSPDI in memory.

The MSPDI bytes then go through steerco's own MSPDI reader (`mspdi_read.read_mspdi`), so an
MPP file is carried over by the same rules as an MS Project XML file; the conversion report
says that MPXJ read it, and which version.
"""

from __future__ import annotations

import re
from dataclasses import replace
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from steerco.errors import ProjectError
from steerco.formats.foreign.errors import content_error, syntax_error
from steerco.formats.foreign.plan import ConversionEntry, ForeignFormat, ForeignPlan

__all__ = ["read_with_mpxj"]

_LINE = re.compile(r"(?:failed at line|line|record)\s+(\d+)", re.IGNORECASE)


def _mpxj_version() -> str:
    try:
        return version("mpxj")
    except PackageNotFoundError:  # pragma: no cover - the extra without its metadata
        return "unknown"


def _located(path: Path, error: Exception, *, syntax: bool) -> ProjectError:
    """MPXJ's exception as a located error: at the record MPXJ names, else at the file."""
    text = " ".join(str(error).split())
    text = text.removeprefix("org.mpxj.MPXJException: ")
    found = _LINE.search(text)
    line = int(found.group(1)) if found else None
    message = f"MPXJ cannot read this file: {text}"
    make = syntax_error if syntax else content_error
    return make(str(path), message, line)


def _own_reader(kind: ForeignFormat) -> Any:
    """MPXJ's reader of this one format, whose error says why a file could not be read."""
    if kind == "mpx":
        from org.mpxj.mpx import MPXReader

        return MPXReader()
    from org.mpxj.mpp import MPPReader

    return MPPReader()


def _read_project(path: Path, kind: ForeignFormat, raw: bytes) -> Any:
    """MPXJ's ProjectFile of the file's bytes; what MPXJ cannot read is a located foreign_syntax."""
    from java.io import ByteArrayInputStream
    from org.mpxj.reader import UniversalProjectReader

    try:
        project = UniversalProjectReader().read(ByteArrayInputStream(raw))
        if project is None:  # not recognised: the format's own reader says why, or reads it
            project = _own_reader(kind).read(ByteArrayInputStream(raw))
    except Exception as error:  # a Java exception (MPXJException, IOException...)
        raise _located(path, error, syntax=True) from None
    if project is None:
        raise syntax_error(str(path), f"this is not an MS Project {kind.upper()} plan file")
    return project


def _timed_mpx_dates(project: Any) -> int:
    """Give MPX's dates (days without a time) MS Project's default times; how many tasks.

    An MPX file writes a task's start and finish as days. MS Project reads them at the
    project's default start time (08:00) and default end time (17:00); a milestone sits at
    the end of its day, where its predecessor finishes.
    """
    from java.time import LocalTime

    properties = project.getProjectProperties()
    opens = properties.getDefaultStartTime() or LocalTime.of(8, 0)
    closes = properties.getDefaultEndTime() or LocalTime.of(17, 0)
    timed = 0
    for task in project.getTasks():
        changed = False
        for get, put, at in (
            (task.getStart, task.setStart, closes if task.getMilestone() else opens),
            (task.getFinish, task.setFinish, closes),
            (task.getActualStart, task.setActualStart, opens),
            (task.getActualFinish, task.setActualFinish, closes),
        ):
            value = get()
            if value is not None and value.toLocalTime().equals(LocalTime.MIDNIGHT):
                put(value.toLocalDate().atTime(at))
                changed = True
        timed += changed
    return timed


def _mspdi_bytes(path: Path, project: Any) -> bytes:
    """The plan as MSPDI XML, written by MPXJ's MSPDIWriter to memory."""
    from java.io import ByteArrayOutputStream
    from org.mpxj.mspdi import MSPDIWriter

    stream = ByteArrayOutputStream()
    try:
        MSPDIWriter().write(project, stream)
    except Exception as error:
        raise _located(path, error, syntax=False) from None
    return bytes(stream.toByteArray())


def read_with_mpxj(path: Path) -> ForeignPlan:
    """The plan in an `.mpp` or `.mpx` file, read by MPXJ and carried over as MSPDI.

    Without the `mpxj` extra or a Java runtime: the located `mpxj_missing` error.
    """
    from steerco.formats.files import read_bytes
    from steerco.formats.foreign.jvm import start_jvm

    path = Path(path)
    kind: ForeignFormat = "mpx" if path.suffix.lower() == ".mpx" else "mpp"
    raw = read_bytes(path)  # the guarded read: missing, unreadable or oversized is located
    start_jvm(str(path))
    project = _read_project(path, kind, raw)
    notes = [
        ConversionEntry(
            "file read through MPXJ",
            "carried",
            1,
            f"MPXJ {_mpxj_version()} read the {kind.upper()} file and wrote it as MSPDI XML",
        )
    ]
    if kind == "mpx":
        timed = _timed_mpx_dates(project)
        if timed:
            rule = (
                "MPX writes days without a time: a start is read at the default start time, "
                "a finish (and a milestone) at the default end time, as MS Project reads them"
            )
            notes.append(ConversionEntry("MPX task dates", "approximated", timed, rule))
    content = _mspdi_bytes(path, project)
    from steerco.formats.foreign.mspdi_read import read_mspdi

    try:
        plan = read_mspdi(path, content=content)
    except ProjectError as error:  # lines of MPXJ's XML, not of the file: the element says
        error.diagnostics = [d.located(d.file, None, None) for d in error.diagnostics]
        raise
    return replace(plan, format=kind, report=(*notes, *plan.report), lines={})
