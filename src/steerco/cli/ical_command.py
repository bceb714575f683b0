"""`steerco ical`: milestones, gates, sprint reviews and report dates as an iCalendar file."""

from __future__ import annotations

from steerco.cli.options import FileArgument, OutputOption

__all__ = ["ical"]


def ical(file: FileArgument, output: OutputOption = None) -> None:
    """Export milestones, gates, sprint reviews and report dates as iCalendar events (stdout).

    UIDs stay the same from run to run, so a calendar that imports the file again updates
    its events rather than adding them twice.
    """
    from steerco.app.ical import project_calendar
    from steerco.cli.main import guarded
    from steerco.cli.output import emit

    result = guarded(lambda: project_calendar(path=file))
    emit(result.text, output)
