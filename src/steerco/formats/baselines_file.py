"""The baselines sidecar file: `<stem>.baselines.yaml` next to the project file.

`churn.yaml` keeps its baselines in `churn.baselines.yaml`, so the plan itself stays
readable. The file holds a list of named baselines (`baselines: [...]`), in the order
they were first saved; it is written atomically and read with located errors.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from steerco.codes import Code
from steerco.errors import Diagnostic, ProjectError
from steerco.formats.atomic import atomic_write, locked
from steerco.formats.files import read_text
from steerco.formats.project_yaml import diagnostics_from_validation
from steerco.formats.yaml_source import load_yaml
from steerco.model.baseline import DEFAULT_BASELINE, Baseline, BaselineFile

__all__ = [
    "baselines_path",
    "baselines_yaml",
    "load_baseline",
    "load_baselines",
    "parse_baselines",
    "save_baseline",
]

try:
    _Dumper: type[yaml.SafeDumper] = yaml.CSafeDumper  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - PyYAML without libyaml
    _Dumper = yaml.SafeDumper

_HEADER = (
    "# Baselines of {project}, written by {writer} (see docs/baselines.md).\n"
    "# Each one freezes the plan as it was on its `saved` date; edit with care.\n"
)


def baselines_path(project_file: str | Path) -> Path:
    """The sidecar file of a project file: `churn.yaml` -> `churn.baselines.yaml`."""
    path = Path(project_file)
    return path.with_name(f"{path.stem}.baselines.yaml")


def parse_baselines(text: str, file: str | None = None) -> BaselineFile:
    """Read the baselines file's text; every problem raises one located ProjectError."""
    data, locations = load_yaml(text, file)
    if data is None:
        return BaselineFile()
    if not isinstance(data, dict):
        raise ProjectError(
            [
                Diagnostic(
                    Code.bad_baseline,
                    "a baselines file is a mapping with `baselines`",
                    (),
                    file,
                    1,
                    1,
                )
            ]
        )
    try:
        return BaselineFile.model_validate(data)
    except ValidationError as error:
        found = []
        for d in diagnostics_from_validation(error):
            position = locations.find(d.path, prefer_key=d.code == "unknown_key")
            found.append(d.located(file, *(position or (None, None))))
        raise ProjectError(found) from None


def load_baselines(project_file: str | Path) -> BaselineFile:
    """Every baseline saved for `project_file` (none when it has no sidecar file yet)."""
    path = baselines_path(project_file)
    if not path.exists():
        return BaselineFile()
    return parse_baselines(read_text(path), str(path))


def _no_baseline(project_file: str | Path, saved: BaselineFile, wanted: str | None) -> ProjectError:
    """The `no_baseline` error: what is missing, what exists and the command that saves one."""
    path = baselines_path(project_file)
    name = wanted if wanted is not None else DEFAULT_BASELINE
    save = f"steerco baseline {project_file}" + (
        f" --name {name}" if name != DEFAULT_BASELINE else ""
    )
    if not saved.baselines:
        message = f"no baseline saved yet ({path} does not exist); run `{save}`"
    else:
        names = ", ".join(saved.names())
        if wanted is None:
            message = (
                f"several baselines and none named {DEFAULT_BASELINE!r}: choose one of "
                f"{names} with --baseline NAME"
            )
        else:
            message = f"no baseline named {name!r} in {path} (saved: {names}); run `{save}`"
    return ProjectError([Diagnostic(Code.no_baseline, message, (), str(project_file))])


def load_baseline(project_file: str | Path, name: str | None = None) -> Baseline:
    """The baseline `name` of `project_file`; raises the `no_baseline` ProjectError if absent.

    With no name: the one named `baseline`, else the only one when there is just one.
    """
    saved = load_baselines(project_file)
    if name is not None:
        found = saved.get(name)
    elif saved.get(DEFAULT_BASELINE) is not None:
        found = saved.get(DEFAULT_BASELINE)
    else:
        found = saved.baselines[0] if len(saved.baselines) == 1 else None
    if found is None:
        raise _no_baseline(project_file, saved, name)
    return found


def _plain(value: Any) -> Any:
    """Tuples as lists (YAML's safe dumper writes lists), everything else as it is."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def _dump(data: Any, *, flow: bool) -> str:
    text: str = yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=flow,
        width=1_000_000,
    )
    return text.rstrip("\n")


def baselines_yaml(
    saved: BaselineFile, project: str = "the project", *, writer: str = "`steerco baseline`"
) -> str:
    """The text of a baselines file: a header comment, then each baseline, one task a line.

    `writer` names what wrote it in the header (`steerco import` for a plan's own baselines).
    """
    lines = [_HEADER.format(project=" ".join(project.split()), writer=writer) + "baselines:"]
    for baseline in saved.baselines:
        data = _plain(baseline.model_dump(mode="python", exclude_defaults=True))
        tasks = data.pop("tasks", [])
        lines.append(_dump([data], flow=False))
        lines.append("  tasks:" if tasks else "  tasks: []")
        lines.extend(f"  - {_dump(task, flow=True)}" for task in tasks)
    if not saved.baselines:
        lines[0] += " []"
    return "\n".join(lines) + "\n"


def save_baseline(project_file: str | Path, baseline: Baseline, *, force: bool = False) -> Path:
    """Add `baseline` to the sidecar file (atomically); replace a namesake only with `force`.

    Returns the sidecar's path. Without `force`, a name already saved raises the
    `baseline_exists` ProjectError and leaves the file as it was.
    """
    with locked(Path(project_file)):  # read-modify-write under the project's lock
        return _save_baseline(project_file, baseline, force=force)


def _save_baseline(project_file: str | Path, baseline: Baseline, *, force: bool) -> Path:
    saved = load_baselines(project_file)
    existing = saved.get(baseline.name)
    if existing is not None and not force:
        raise ProjectError(
            [
                Diagnostic(
                    Code.baseline_exists,
                    f"a baseline named {baseline.name!r} was saved on {existing.saved}; "
                    "replace it with --force (`force: true` in the API), or choose another --name",
                    (),
                    str(project_file),
                )
            ]
        )
    path = baselines_path(project_file)
    text = baselines_yaml(saved.saving(baseline), Path(project_file).name)
    atomic_write(path, text, like=Path(project_file))
    return path
