"""Importing an export into a project file: merged by id, comments kept, all or nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from steerco.app.imports import import_csv, import_jira
from steerco.errors import ProjectError
from steerco.formats.project_yaml import load_project_yaml

DATA = Path(__file__).parents[1] / "data" / "jira"
TODAY = dt.date(2026, 3, 2)

PROJECT = """\
# The assistant project: the backlog comes from Jira.
name: Assistant
start: 2026-01-05
resources:
  - {id: ann, name: Ann Lee}   # data engineer
backlog:
  # kept by hand
  - id: AS-1
    title: Old title   # renamed in Jira since
    type: epic
    rank: 1
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "assistant.yaml"
    path.write_text(PROJECT, encoding="utf-8")
    return path


def test_all_quirks_import_with_exact_counts(project: Path) -> None:
    result = import_jira(export=DATA / "all_quirks.csv", into=project, today=TODAY)
    assert result.written
    assert (result.count("item", "added"), result.count("item", "updated")) == (6, 1)
    assert result.types == {"epic": 1, "story": 2, "subtask": 1, "bug": 1, "test": 1, "task": 1}
    assert (result.parents, result.points, result.rows) == (6, 16.0, 8)
    loaded = load_project_yaml(project)
    items = {item.id: item for item in loaded.backlog}
    assert list(items) == ["AS-1", "AS-2", "AS-3", "AS-4", "AS-5", "AS-6", "AS-7"]
    assert (items["AS-1"].title, items["AS-1"].rank) == ("Asistente LLM", 1)  # rank kept
    assert items["AS-2"].assignee == "ann"  # by the resource's name
    assert items["AS-4"].assignee is None  # Bob Ray is no resource
    assert items["AS-4"].sprints == ("sprint-1", "sprint-2")
    assert [(s.id, s.name) for s in loaded.sprints] == [
        ("sprint-1", "Sprint 1"),
        ("sprint-2", "Sprint 2"),
    ]
    assert sum(item.points or 0 for item in loaded.backlog) == 16
    categories = {s.name: s.category for s in loaded.workflow.statuses}
    assert categories == {
        "To Do": "todo",
        "Por hacer": "todo",
        "In Progress": "in_progress",
        "En curso": "in_progress",
        "Validación": "in_progress",
        "Done": "done",
        "Listo": "done",
    }
    assert any("Bob Ray" in note and "unassigned" in note for note in result.notes)


def test_sprint_dates_come_from_their_items_with_a_note(project: Path) -> None:
    result = import_jira(export=DATA / "all_quirks.csv", into=project, today=TODAY)
    sprints = {s.id: (s.start, s.end) for s in load_project_yaml(project).sprints}
    # Sprint 1: AS-2, AS-3, AS-4 created 12-14 Jan, none started; AS-2 (done 23 Jan) and
    # AS-3 (done 20 Jan) ended in it. Sprint 2: AS-4 and AS-5, created 14 Jan and 2 Feb,
    # nothing done there: 14 days.
    assert sprints == {
        "sprint-1": (dt.date(2026, 1, 12), dt.date(2026, 1, 23)),
        "sprint-2": (dt.date(2026, 1, 14), dt.date(2026, 1, 27)),
    }
    assert any("the export has no sprint dates" in note for note in result.notes)


def test_the_comments_and_hand_written_fields_stay(project: Path) -> None:
    import_jira(export=DATA / "all_quirks.csv", into=project, today=TODAY)
    text = project.read_text(encoding="utf-8")
    for comment in (
        "# The assistant project: the backlog comes from Jira.",
        "  - {id: ann, name: Ann Lee}   # data engineer",
        "  # kept by hand",
        "    title: Asistente LLM   # renamed in Jira since",
    ):
        assert comment in text


def test_a_second_import_of_the_same_export_changes_nothing(project: Path) -> None:
    import_jira(export=DATA / "all_quirks.csv", into=project, today=TODAY)
    before = project.read_bytes()
    again = import_jira(export=DATA / "all_quirks.csv", into=project, today=TODAY)
    assert project.read_bytes() == before
    assert not again.written
    assert (again.count("item", "unchanged"), again.count("sprint", "unchanged")) == (7, 2)
    assert again.count("status", "added") == 0


def test_a_dry_run_reports_the_change_and_leaves_the_file_byte_identical(project: Path) -> None:
    before = project.read_bytes()
    result = import_jira(export=DATA / "all_quirks.csv", into=project, dry_run=True, today=TODAY)
    assert project.read_bytes() == before
    assert not result.written
    assert (result.count("item", "added"), result.count("item", "updated")) == (6, 1)
    updated = [c for c in result.changes if c.change == "updated"]
    assert [(c.id, c.fields) for c in updated] == [
        ("AS-1", ("title", "status", "labels", "created"))
    ]


def test_broken_rows_leave_the_project_file_byte_identical(project: Path) -> None:
    before = project.read_bytes()
    with pytest.raises(ProjectError) as caught:
        import_jira(export=DATA / "broken.csv", into=project)
    assert [d.line for d in caught.value.diagnostics] == [3, 4, 6]
    assert project.read_bytes() == before


def test_a_truncated_export_leaves_the_project_file_byte_identical(
    project: Path, tmp_path: Path
) -> None:
    export = tmp_path / "cut.csv"
    export.write_text(
        "Issue key,Summary,Status,Sprint\nML-1,First,Done,S1\nML-2,Second,In Pro", "utf-8"
    )
    before = project.read_bytes()
    with pytest.raises(ProjectError) as caught:
        import_jira(export=export, into=project)
    assert [(d.code, d.line) for d in caught.value.diagnostics] == [("csv_syntax", 3)]
    assert project.read_bytes() == before


def test_an_import_that_makes_the_file_invalid_writes_nothing(
    project: Path, tmp_path: Path
) -> None:
    export = tmp_path / "loop.csv"
    export.write_text("Issue key,Parent\nX-1,X-2\nX-2,X-1\n", encoding="utf-8")
    before = project.read_bytes()
    with pytest.raises(ProjectError) as caught:
        import_jira(export=export, into=project)
    assert {d.code for d in caught.value.diagnostics} == {"parent_cycle"}
    assert caught.value.diagnostics[0].file == str(project)
    assert project.read_bytes() == before


def test_a_list_view_dates_started_and_done_by_status(project: Path) -> None:
    import_jira(export=DATA / "list_view.csv", into=project, today=TODAY)
    items = {i.id: i for i in load_project_yaml(project).backlog}
    assert (items["ML-90"].started, items["ML-90"].done) == (
        dt.date(2026, 2, 2),
        dt.date(2026, 2, 13),
    )
    assert (items["ML-91"].started, items["ML-91"].done) == (dt.date(2026, 2, 16), None)
    assert (items["ML-92"].started, items["ML-92"].done) == (None, None)


def test_an_unknown_parent_is_left_out_with_a_note(project: Path, tmp_path: Path) -> None:
    export = tmp_path / "e.csv"
    export.write_text("Issue key,Parent key\nX-1,ZZ-9\n", encoding="utf-8")
    result = import_jira(export=export, into=project)
    assert load_project_yaml(project).backlog[-1].parent is None
    assert result.notes[-1] == "parents in neither the export nor the file, left out: X-1 (ZZ-9)"


def test_an_item_that_is_its_own_parent_is_left_out_saying_so(
    project: Path, tmp_path: Path
) -> None:
    export = tmp_path / "e.csv"
    export.write_text("Issue key,Parent key\nX-1,X-1\n", encoding="utf-8")
    result = import_jira(export=export, into=project)
    assert load_project_yaml(project).backlog[-1].parent is None
    assert result.notes[-1] == (
        "items whose parent in the export is the item itself, parent left out: X-1"
    )


def test_a_generic_csv_through_a_mapping_file(project: Path, tmp_path: Path) -> None:
    export = tmp_path / "tool.csv"
    export.write_text(
        "Ref;Name;Kind;State;Opened;Iteration;Estimate\n"
        "T-1;Train;Feature;Open;04.02.2026;It 1;3\n"
        "T-2;Crash;Defect;Closed;05.02.2026;It 1;1\n",
        encoding="utf-8",
    )
    mapping = tmp_path / "map.yaml"
    mapping.write_text(
        "columns: {key: Ref, title: Name, type: Kind, status: State, created: Opened,\n"
        "          sprint: Iteration, points: Estimate}\n"
        'date_format: "%d.%m.%Y"\n'
        "values:\n  type: {Feature: story, Defect: bug}\n  status: {Open: To Do, Closed: Done}\n",
        encoding="utf-8",
    )
    result = import_csv(export=export, mapping=mapping, into=project, today=TODAY)
    assert result.types == {"story": 1, "bug": 1}
    assert result.count("status", "added") == 0
    items = {i.id: i for i in load_project_yaml(project).backlog}
    assert (items["T-2"].type, items["T-2"].status) == ("bug", "Done")
    assert items["T-1"].created == dt.date(2026, 2, 4)
    assert items["T-1"].sprints == ("it-1",)


def test_a_mapping_file_with_mistakes_is_located(project: Path, tmp_path: Path) -> None:
    mapping = tmp_path / "map.yaml"
    mapping.write_text("columns:\n  title: Name\n  colour: Red\n", encoding="utf-8")
    with pytest.raises(ProjectError) as caught:
        import_csv(export=DATA / "bom.csv", mapping=mapping, into=project)
    found = [(d.code, d.line) for d in caught.value.diagnostics]
    assert found == [("unknown_key", 3), ("missing_field", 2)]


def test_a_column_mapped_to_two_fields_is_located_at_the_second(
    project: Path, tmp_path: Path
) -> None:
    mapping = tmp_path / "map.yaml"
    mapping.write_text("columns:\n  key: Ref\n  title: ref\n", encoding="utf-8")
    before = project.read_bytes()
    with pytest.raises(ProjectError) as caught:
        import_csv(export=DATA / "bom.csv", mapping=mapping, into=project)
    (found,) = caught.value.diagnostics
    assert (found.code, found.file, found.line) == ("bad_value", str(mapping), 3)
    assert found.message.startswith("column 'ref' is mapped to both key and title")
    assert project.read_bytes() == before


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.one_of(
        st.binary(max_size=300),
        st.lists(
            st.sampled_from(
                [
                    b"Issue key",
                    b"Summary",
                    b"Sprint",
                    b"Parent",
                    b"Created",
                    b"Status",
                    b",",
                    b"\t",
                    b'"',
                    b"\n",
                    b"\r\n",
                    b"ML-1",
                    b"8.0",
                    b"x",
                    b"4/7/25",
                    b"\xef\xbb\xbf",
                    b"Issue Type",
                    b"Epic",
                    b"Custom field (Story Points)",
                    b"\x00",
                    b"\xff",
                ]
            ),
            max_size=40,
        ).map(b"".join),
    )
)
def test_arbitrary_bytes_import_or_give_located_errors_never_a_traceback(
    tmp_path: Path, data: bytes
) -> None:
    project = tmp_path / "p.yaml"
    project.write_text(PROJECT, encoding="utf-8")
    export = tmp_path / "e.csv"
    export.write_bytes(data)
    try:
        import_jira(export=export, into=project, today=TODAY)
    except ProjectError as error:
        assert error.diagnostics
        assert project.read_text(encoding="utf-8") == PROJECT


def test_text_that_yaml_would_read_as_a_number_or_boolean_is_written_quoted(
    project: Path, tmp_path: Path
) -> None:
    export = tmp_path / "e.csv"
    export.write_text(
        "Issue key,Summary,Status,Labels,Sprint\n12,6:57,no,6:57 on,2026-01-05\n",
        encoding="utf-8",
    )
    import_jira(export=export, into=project, today=TODAY)
    item = load_project_yaml(project).backlog[-1]
    assert (item.id, item.title, item.status, item.labels) == ("12", "6:57", "no", ("6:57", "on"))


def test_new_statuses_take_the_category_their_name_says(project: Path) -> None:
    result = import_jira(export=DATA / "es.csv", into=project, today=TODAY)
    statuses = [(s.name, s.category) for s in load_project_yaml(project).workflow.statuses]
    assert statuses == [
        ("To Do", "todo"),
        ("Por hacer", "todo"),
        ("In Progress", "in_progress"),
        ("En curso", "in_progress"),
        ("En revisión", "in_progress"),
        ("Done", "done"),
        ("Listo", "done"),
    ]
    added = [c.id for c in result.changes if c.kind == "status"]
    assert added == ["En curso", "Listo", "Por hacer", "En revisión"]


def test_a_sprint_already_in_the_file_keeps_its_dates(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(
        "name: P\nstart: 2026-01-05\nsprints:\n"
        "  - {id: s1, name: ML Sprint 1, start: 2026-01-05, end: 2026-01-16}\n",
        encoding="utf-8",
    )
    result = import_jira(export=DATA / "duplicates.csv", into=path, today=TODAY)
    sprints = load_project_yaml(path).sprints
    assert [(s.id, s.start, s.end) for s in sprints[:1]] == [
        ("s1", dt.date(2026, 1, 5), dt.date(2026, 1, 16))
    ]
    assert [s.id for s in sprints] == ["s1", "ml-sprint-2"]
    assert [(c.id, c.change) for c in result.changes if c.kind == "sprint"] == [
        ("s1", "unchanged"),
        ("ml-sprint-2", "added"),
    ]
    # no item of ML Sprint 2 has a date: it starts on `today` and lasts 14 days
    assert (sprints[1].start, sprints[1].end) == (TODAY, dt.date(2026, 3, 15))
