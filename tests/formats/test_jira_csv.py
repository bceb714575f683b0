"""Jira CSV exports as they are found in the wild: one file per quirk, counted by hand."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from steerco.errors import ProjectError
from steerco.formats.jira_csv import ColumnMapping, Export, ExportedItem, read_export

DATA = Path(__file__).parents[1] / "data" / "jira"


def _read(name: str, **options: object) -> Export:
    return read_export(DATA / name, **options)  # type: ignore[arg-type]


def _items(export: Export) -> dict[str, ExportedItem]:
    return {item.key: item for item in export.items}


def _summary(export: Export) -> tuple[int, int, dict[str, int], int, int, float]:
    """rows, items, items per type, items with a parent, distinct sprints, story points."""
    items = export.items
    return (
        export.rows,
        len(items),
        dict(Counter(i.type for i in items)),
        sum(i.parent is not None for i in items),
        len({s for i in items for s in i.sprints}),
        sum(i.points or 0 for i in items),
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("bom.csv", (3, 3, {"story": 1, "task": 1, "bug": 1}, 0, 0, 8)),
        ("multiline.csv", (3, 3, {"story": 2, "task": 1}, 0, 0, 0)),
        ("quoted_commas.csv", (2, 2, {"story": 1, "task": 1}, 0, 0, 0)),
        ("repeated_headers.csv", (3, 3, {"story": 2, "task": 1}, 0, 4, 13)),
        ("es.csv", (5, 5, {"epic": 1, "story": 1, "subtask": 1, "bug": 1, "test": 1}, 4, 1, 8)),
        ("de.csv", (5, 5, {"epic": 1, "story": 1, "subtask": 1, "bug": 1, "task": 1}, 4, 1, 6)),
        ("fr.csv", (5, 5, {"epic": 1, "story": 1, "subtask": 1, "bug": 1, "task": 1}, 4, 1, 10)),
        ("pt.csv", (5, 5, {"epic": 1, "story": 1, "subtask": 1, "bug": 1, "task": 1}, 4, 1, 9)),
        ("tab.csv", (2, 2, {"story": 1, "task": 1}, 0, 0, 5)),
        ("list_view.csv", (3, 3, {"story": 2, "task": 1}, 0, 0, 0)),
        ("parent.csv", (3, 3, {"epic": 1, "story": 1, "subtask": 1}, 2, 0, 0)),
        ("parent_id.csv", (4, 4, {"epic": 1, "story": 2, "subtask": 1}, 2, 0, 0)),
        ("parent_key.csv", (3, 3, {"epic": 1, "story": 1, "task": 1}, 2, 0, 0)),
        ("epic_link.csv", (4, 4, {"epic": 1, "story": 2, "bug": 1}, 2, 0, 0)),
        ("story_points.csv", (4, 4, {"story": 4}, 0, 0, 16.5)),
        ("story_point_estimate.csv", (3, 3, {"story": 3}, 0, 0, 8)),
        ("duplicates.csv", (4, 2, {"story": 2}, 0, 2, 7)),
        ("numeric_dates.csv", (2, 2, {"story": 2}, 0, 0, 0)),
        (
            "all_quirks.csv",
            (8, 7, {"epic": 1, "story": 2, "subtask": 1, "bug": 1, "test": 1, "task": 1}, 6, 2, 16),
        ),
    ],
)
def test_each_export_reads_to_the_counts_worked_out_by_hand(
    name: str, expected: tuple[int, int, dict[str, int], int, int, float]
) -> None:
    assert _summary(_read(name)) == expected


def test_a_byte_order_mark_does_not_hide_the_first_header() -> None:
    items = _items(_read("bom.csv"))
    assert items["ML-1"].title == "Collect training data"  # `Summary` is the first column
    assert items["ML-1"].done == dt.date(2026, 1, 16)


def test_cells_over_several_lines_stay_one_record() -> None:
    items = _items(_read("multiline.csv"))
    assert list(items) == ["ML-10", "ML-11", "ML-12"]
    assert items["ML-10"].lines == (2,)
    assert items["ML-11"].lines == (5,)  # the record before spans lines 2-4
    assert items["ML-12"].lines == (6,)
    assert items["ML-12"].title == "Ship the\nmodel"
    assert items["ML-12"].created == dt.date(2026, 1, 14)


def test_quoted_commas_stay_in_their_cell() -> None:
    items = _items(_read("quoted_commas.csv"))
    assert items["ML-20"].title == "Clean, dedupe and split the data"
    assert items["ML-20"].assignee == "Lee, Ann"
    assert items["ML-21"].status == "In Progress"


def test_every_value_of_a_repeated_column_is_kept() -> None:
    export = _read("repeated_headers.csv")
    items = _items(export)
    assert items["ML-30"].sprints == ("ML Sprint 1", "ML Sprint 2")
    assert items["ML-31"].sprints == ("ML Sprint 2", "ML Sprint 3", "ML Sprint 4")
    assert items["ML-30"].labels == ("nlp", "baseline")
    assert items["ML-32"].sprints == ()
    assert export.notes == (
        f"{DATA / 'repeated_headers.csv'}: columns not imported: Attachment (x2), Watchers (x2)",
    )


@pytest.mark.parametrize(
    ("name", "epic", "story", "subtask", "created", "done", "status"),
    [
        ("es.csv", "ML-40", "ML-41", "ML-42", dt.date(2026, 3, 19), dt.date(2026, 3, 20), "Listo"),
        ("de.csv", "ML-50", "ML-51", "ML-52", dt.date(2026, 3, 3), dt.date(2026, 3, 17), "Fertig"),
        (
            "fr.csv",
            "ML-60",
            "ML-61",
            "ML-62",
            dt.date(2026, 2, 12),
            dt.date(2026, 2, 26),
            "Terminé",
        ),
        (
            "pt.csv",
            "ML-70",
            "ML-71",
            "ML-72",
            dt.date(2026, 2, 4),
            dt.date(2026, 2, 18),
            "Concluído",
        ),
    ],
)
def test_headers_types_and_months_in_the_users_language(
    name: str,
    epic: str,
    story: str,
    subtask: str,
    created: dt.date,
    done: dt.date,
    status: str,
) -> None:
    items = _items(_read(name))
    assert items[epic].type == "epic"
    assert (items[story].type, items[story].parent, items[story].status) == ("story", epic, status)
    assert (items[subtask].type, items[subtask].parent) == ("subtask", story)
    assert (items[story].created, items[story].done) == (created, done)
    assert items[story].sprints == ("Sprint 1",)


@pytest.mark.parametrize(
    ("name", "key", "day"),
    [
        ("es.csv", "ML-40", dt.date(2026, 1, 19)),  # ene
        ("es.csv", "ML-42", dt.date(2026, 4, 21)),  # abr
        ("es.csv", "ML-43", dt.date(2025, 12, 2)),  # dic
        ("es.csv", "ML-44", dt.date(2026, 8, 3)),  # ago
        ("de.csv", "ML-52", dt.date(2026, 5, 12)),  # Mai
        ("de.csv", "ML-53", dt.date(2025, 10, 1)),  # Okt
        ("de.csv", "ML-54", dt.date(2025, 12, 5)),  # Dez
        ("fr.csv", "ML-60", dt.date(2026, 1, 12)),  # janv.
        ("fr.csv", "ML-62", dt.date(2026, 4, 1)),  # avr.
        ("fr.csv", "ML-63", dt.date(2026, 7, 15)),  # juil.
        ("fr.csv", "ML-64", dt.date(2025, 12, 3)),  # déc.
        ("pt.csv", "ML-72", dt.date(2026, 9, 12)),  # set
        ("pt.csv", "ML-73", dt.date(2025, 10, 1)),  # out
        ("pt.csv", "ML-74", dt.date(2025, 12, 7)),  # dez
        ("tab.csv", "ML-80", dt.date(2026, 1, 10)),  # 10/Jan/26 11:19 AM
    ],
)
def test_month_abbreviations_in_five_languages(name: str, key: str, day: dt.date) -> None:
    assert _items(_read(name))[key].created == day


def test_a_tab_separated_file_named_csv_is_read_with_a_note() -> None:
    export = _read("tab.csv")
    assert _items(export)["ML-80"].title == "Train, then evaluate"
    assert export.notes == (f"{DATA / 'tab.csv'}: separated by tabs, not commas: read so",)


def test_a_list_view_gives_its_inferred_dates_as_start_and_due() -> None:
    items = _items(_read("list_view.csv"))
    assert (items["ML-90"].started, items["ML-90"].due) == (
        dt.date(2026, 2, 2),
        dt.date(2026, 2, 13),
    )
    assert items["ML-92"].due == dt.date(2026, 3, 20)  # 2/13 tells: month first


@pytest.mark.parametrize(
    ("name", "parents"),
    [
        ("parent.csv", {"ML-101": "ML-100", "ML-102": "ML-101"}),  # a key, and an issue id
        ("parent_id.csv", {"ML-111": "ML-110", "ML-112": "ML-111"}),
        ("parent_key.csv", {"ML-121": "ML-120", "ML-122": "ML-120"}),
        ("epic_link.csv", {"ML-131": "ML-130", "ML-132": "ML-130"}),
    ],
)
def test_each_parent_column_links_items(name: str, parents: dict[str, str]) -> None:
    found = {i.key: i.parent for i in _read(name).items if i.parent is not None}
    assert found == parents


def test_a_parent_id_of_no_row_is_left_out_with_a_note() -> None:
    export = _read("parent_id.csv")
    assert _items(export)["ML-113"].parent is None
    assert export.notes[-1].endswith("parents that are issue ids of no row, left out: ML-113 (999)")


def test_story_points_written_8_or_8_0_or_empty() -> None:
    items = _items(_read("story_points.csv"))
    assert [items[k].points for k in ("ML-140", "ML-141", "ML-142", "ML-143")] == [
        8.0,
        8.0,
        None,
        0.5,
    ]
    estimate = _items(_read("story_point_estimate.csv"))
    assert [estimate[k].points for k in ("ML-150", "ML-151", "ML-152")] == [3.0, 5.0, None]


def test_rows_of_one_key_merge_their_sprints_and_labels_with_a_note() -> None:
    export = _read("duplicates.csv")
    item = _items(export)["ML-160"]
    assert item.sprints == ("ML Sprint 1", "ML Sprint 2")
    assert item.labels == ("nlp", "eval")
    assert item.points == 5
    assert item.lines == (2, 4, 5)
    assert any("ML-160 is on lines 2, 4, 5: merged" in note for note in export.notes)


def test_ambiguous_numeric_dates_read_month_first_with_a_note_or_day_first_when_asked() -> None:
    export = _read("numeric_dates.csv")
    assert _items(export)["ML-170"].created == dt.date(2025, 4, 7)
    assert any("pass --dayfirst" in note for note in export.notes)
    dayfirst = _read("numeric_dates.csv", dayfirst=True)
    assert _items(dayfirst)["ML-170"].created == dt.date(2025, 7, 4)
    assert _items(dayfirst)["ML-171"].created == dt.date(2025, 12, 3)
    assert not any("--dayfirst" in note for note in dayfirst.notes)


def test_a_day_above_12_in_the_column_decides_day_first(tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    path.write_text("Issue key,Created\nA-1,4/7/25\nA-2,25/7/25\n", encoding="utf-8")
    export = read_export(path)
    assert [i.created for i in export.items] == [dt.date(2025, 7, 4), dt.date(2025, 7, 25)]
    assert export.notes == ()


def test_all_quirks_in_one_file() -> None:
    export = _read("all_quirks.csv")
    items = _items(export)
    assert items["AS-2"].title == "Recoger, limpiar y dividir datos"
    assert items["AS-3"].parent == "AS-2"  # ID principal 9002
    assert items["AS-4"].parent == "AS-1"  # the epic link
    assert items["AS-4"].sprints == ("Sprint 1", "Sprint 2")
    assert items["AS-4"].labels == ("llm", "evaluación")
    assert (items["AS-4"].status, items["AS-4"].status_category) == ("Validación", "in_progress")
    assert items["AS-2"].done == dt.date(2026, 1, 23)
    assert items["AS-7"].type == "task"
    file = DATA / "all_quirks.csv"
    assert export.notes == (
        f"{file}: columns not imported: Archivo adjunto, Descripción, Observadores (x2)",
        f"{file}: issue types steerco does not know, imported as tasks: Mejora (1)",
        f"{file}: AS-4 is on lines 6, 11: merged into one item (sprints and labels united)",
    )


def test_broken_rows_are_each_reported_at_their_line() -> None:
    with pytest.raises(ProjectError) as caught:
        _read("broken.csv")
    file = str(DATA / "broken.csv")
    found = [(d.file, d.line, d.code) for d in caught.value.diagnostics]
    assert found == [(file, 3, "missing_field"), (file, 4, "bad_date"), (file, 6, "bad_value")]


def test_a_windows_1252_file_is_read_with_a_note(tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    path.write_bytes("Clé de ticket,Résumé\nML-1,Données\n".encode("cp1252"))
    export = read_export(path)
    assert export.items[0].title == "Données"
    assert "read as Windows-1252" in export.notes[0]
    assert read_export(path, encoding="latin-1").items[0].title == "Données"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_a_file_with_a_utf_16_or_32_byte_order_mark_is_read_as_such(
    tmp_path: Path, encoding: str
) -> None:
    path = tmp_path / "e.csv"
    text = "\ufeffIssue key,Summary\nML-1,Données\n"
    path.write_bytes(text.encode(encoding))
    export = read_export(path)
    assert [(i.key, i.title) for i in export.items] == [("ML-1", "Données")]
    assert export.notes == ()


def test_an_unclosed_quote_is_a_located_csv_error(tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    path.write_text('Issue key,Summary\nA-1,fine\nA-2,"never closed\nA-3,x\n', encoding="utf-8")
    with pytest.raises(ProjectError) as caught:
        read_export(path)
    assert [(d.code, d.line) for d in caught.value.diagnostics] == [("csv_syntax", 3)]


def test_a_row_cut_short_is_a_located_csv_error_naming_its_cells(tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    path.write_text(
        "Issue key,Summary,Issue Type,Status,Created\n"
        "ML-1,First,Story,Done,10/Jan/27 9:00 AM\n"
        "ML-2,Second,Story,In Pro",  # the file ends mid-cell
        encoding="utf-8",
    )
    with pytest.raises(ProjectError) as caught:
        read_export(path)
    (found,) = caught.value.diagnostics
    assert (found.code, found.line) == ("csv_syntax", 3)
    assert found.message.startswith("this row has 4 cells, the header 5: the row ends early")


def test_a_short_row_of_a_mapped_csv_is_a_csv_error_too(tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    path.write_text("Ref;Name;State\nT-1;Train;Open\nT-2\n", encoding="utf-8")
    mapping = ColumnMapping({"key": ("Ref",), "title": ("Name",)})
    with pytest.raises(ProjectError) as caught:
        read_export(path, mapping=mapping)
    assert [(d.code, d.line) for d in caught.value.diagnostics] == [("csv_syntax", 3)]
    assert "this row has 1 cells, the header 3" in caught.value.diagnostics[0].message


def test_blank_rows_and_unnamed_trailing_columns_are_no_short_rows(tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    path.write_text("Issue key,Summary,\nA-1,x\n\n,,\nA-2,y,\n\n", encoding="utf-8")
    assert [item.key for item in read_export(path).items] == ["A-1", "A-2"]


def test_a_file_without_a_key_column_says_which_headers_name_it(tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    path.write_text("Name,State\nx,y\n", encoding="utf-8")
    with pytest.raises(ProjectError) as caught:
        read_export(path)
    assert [(d.code, d.line) for d in caught.value.diagnostics] == [("missing_field", 1)]
    assert "Clave de incidencia" in caught.value.diagnostics[0].message


def test_a_date_outside_the_models_range_is_a_located_error(tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    path.write_text("Issue key,Created\nA-1,1/Jan/1850\n", encoding="utf-8")
    with pytest.raises(ProjectError) as caught:
        read_export(path)
    assert [(d.code, d.line) for d in caught.value.diagnostics] == [("bad_date", 2)]


def test_an_unknown_encoding_name_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    path.write_text("Issue key\nA-1\n", encoding="utf-8")
    with pytest.raises(ProjectError) as caught:
        read_export(path, encoding="klingon")
    assert caught.value.code == "bad_value"


def test_a_codec_that_reads_no_text_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    path.write_text("Issue key\nA-1\n", encoding="utf-8")
    with pytest.raises(ProjectError) as caught:
        read_export(path, encoding="rot13")  # a str-to-str codec: bytes.decode would fail
    assert caught.value.code == "bad_value" and "no text encoding" in str(caught.value)
