"""History files: estimates and actuals, throughput per period; located diagnostics."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from steerco.errors import ProjectError
from steerco.forecast.calibration import HistoryRecord
from steerco.formats.history import (
    HistoryOptions,
    load_history,
    load_throughput,
    parse_history,
    parse_throughput,
)

EXAMPLES = Path(__file__).parents[2] / "examples" / "history"


def _errors(
    text: str, kind: str = "csv", *, throughput: bool = False
) -> list[tuple[str, int | None, int | None]]:
    parse = parse_throughput if throughput else parse_history
    with pytest.raises(ProjectError) as caught:
        parse(textwrap.dedent(text), kind=kind, file="h")  # type: ignore[arg-type]
    assert all(d.file == "h" for d in caught.value.diagnostics)
    return [(d.code, d.line, d.column) for d in caught.value.diagnostics]


# --- estimates and actuals ----------------------------------------------------------------


def test_csv_history_reads_days_hours_and_weeks() -> None:
    text = """\
    task,estimated_by,category,estimate,actual
    Label batch 1,data-engineer-1,labeling,5,7.5
    Hotfix,ml-engineer-1,integration,4h,1d
    Train v1,,training,2w,15
    """
    records = parse_history(textwrap.dedent(text), kind="csv")
    assert records == [
        HistoryRecord("Label batch 1", "data-engineer-1", "labeling", 5.0, 7.5),
        # 4 hours at 8 hours a day; 2 weeks at 5 days a week
        HistoryRecord("Hotfix", "ml-engineer-1", "integration", 0.5, 1.0),
        HistoryRecord("Train v1", None, "training", 10.0, 15.0),
    ]
    assert records[1].ratio == 2.0


def test_csv_columns_in_any_order_optional_ones_left_out_blank_lines_and_bom() -> None:
    text = "\ufeffActual, Estimate ,task\n\n6,4,a\n\n3,3,b\n"
    records = parse_history(text, kind="csv")
    assert records == [
        HistoryRecord("a", None, None, 4.0, 6.0),
        HistoryRecord("b", None, None, 3.0, 3.0),
    ]


def test_quoted_cells_keep_commas() -> None:
    text = 'task,estimate,actual\n"Label, review",2,3\n'
    assert parse_history(text, kind="csv")[0].task == "Label, review"


def test_a_misspelt_required_column_is_missing_with_a_suggestion() -> None:
    with pytest.raises(ProjectError) as caught:
        parse_history("task,estimte,actual\na,1,2\n", kind="csv", file="h.csv")
    [missing] = caught.value.diagnostics
    assert (missing.code, missing.line, missing.column) == ("missing_field", 1, 1)
    assert "did you mean 'estimte'? (or --columns estimate=estimte)" in missing.message


def test_duplicate_column() -> None:
    assert _errors("task,estimate,actual,estimate\n") == [("duplicate_key", 1, 22)]
    # a column mapped onto a field that another column already gives
    with pytest.raises(ProjectError) as caught:
        parse_history("Est,est\n", kind="csv", options=HistoryOptions(columns={"estimate": "est"}))
    assert [d.code for d in caught.value.diagnostics] == ["missing_field", "duplicate_key"]


def test_bad_values_are_located_at_their_cell() -> None:
    text = """\
    task,estimated_by,category,estimate,actual
    a,mle,training,3,4
    b,mle,training,three,4
    c,mle,training,-3,4
    "d",mle,training,2,-1
    """
    assert _errors(text) == [
        ("bad_duration", 3, 16),
        ("bad_duration", 4, 16),
        ("bad_duration", 5, 20),
    ]


def test_too_many_cells() -> None:
    assert _errors("task,estimate,actual\na,1,2,3\n") == [("bad_value", 2, 7)]


def test_empty_history_and_header_only() -> None:
    assert _errors("") == [("missing_field", 1, 1)]
    assert _errors("task,estimate,actual\n") == [("bad_value", 1, 1)]


def test_yaml_history_as_a_list_or_under_records() -> None:
    listed = """\
    - {task: a, estimated_by: mle, category: training, estimate: 2d, actual: 3}
    - task: 42
      estimate: 8h
      actual: 2
    """
    wrapped = "records:\n" + textwrap.indent(textwrap.dedent(listed), "  ")
    for text in (textwrap.dedent(listed), wrapped):
        assert parse_history(text, kind="yaml") == [
            HistoryRecord("a", "mle", "training", 2.0, 3.0),
            HistoryRecord("42", None, None, 1.0, 2.0),
        ]


def test_yaml_errors_are_located() -> None:
    text = """\
    - {task: a, estimate: 2, actual: 3}
    - {task: b, estimate: -1, actual: 3, estimator: x}
    - {task: c, estimate: 1, actual: three}
    - just text
    """
    assert _errors(text, "yaml") == [
        ("bad_duration", 2, 23),
        ("bad_duration", 3, 34),
        ("bad_value", 4, 3),
    ]
    assert _errors("records: 3\n", "yaml") == [("bad_value", 1, 10)]
    assert _errors("a: [\n", "yaml")[0][0] == "yaml_syntax"


def test_load_history_by_extension(tmp_path: Path) -> None:
    yaml_file = tmp_path / "h.yml"
    yaml_file.write_text("- {task: a, estimate: 1, actual: 2}\n", encoding="utf-8")
    assert load_history(yaml_file)[0].actual == 2.0
    with pytest.raises(ProjectError) as caught:
        load_history(tmp_path / "h.txt")
    assert caught.value.code == "unknown_file_type"
    with pytest.raises(ProjectError) as caught:
        load_history(tmp_path / "missing.csv")
    assert caught.value.code == "file_not_found"
    assert caught.value.diagnostics[0].file == str(tmp_path / "missing.csv")


def test_example_history_loads() -> None:
    records = load_history(EXAMPLES / "estimates.csv")
    assert len(records) >= 30
    assert {"ml-engineer-1", "data-engineer-1"} <= {r.estimated_by for r in records}
    assert {"labeling", "training", "evaluation", "integration"} <= {r.category for r in records}


# --- throughput -----------------------------------------------------------------------------


def test_daily_throughput_fills_missing_days_with_zeros() -> None:
    text = """\
    date,count
    2027-01-04,2
    2027-01-05,0
    2027-01-08,3
    2027-01-06,1
    """
    history = parse_throughput(textwrap.dedent(text), kind="csv")
    assert history.counts.tolist() == [2, 0, 1, 0, 3]
    assert history.period_days == 1
    assert (history.first, history.last) == (dt.date(2027, 1, 4), dt.date(2027, 1, 8))
    assert history.filled == 1


def test_weekly_throughput() -> None:
    text = "date,count\n2027-01-08,5\n2027-01-15,4\n2027-01-29,6\n"
    history = parse_throughput(text, kind="csv")
    assert history.counts.tolist() == [5, 4, 0, 6]
    assert history.period_days == 7
    assert history.last == dt.date(2027, 1, 29)


def test_numbered_periods() -> None:
    history = parse_throughput("period,count\n1,3\n2,0\n4,5\n", kind="csv")
    assert history.counts.tolist() == [3, 0, 0, 5]
    assert history.period_days is None
    assert (history.first, history.last, history.filled) == (1, 4, 1)


def test_yaml_throughput() -> None:
    text = """\
    throughput:
      - {date: 2027-01-04, count: 1}
      - {date: "2027-01-05", count: 2}
    """
    history = parse_throughput(textwrap.dedent(text), kind="yaml")
    assert history.counts.tolist() == [1, 2]
    listed = "- {period: 7, count: 1}\n- {period: 8, count: 0}\n"
    assert parse_throughput(listed, kind="yaml").last == 8


def test_throughput_errors_are_located() -> None:
    text = """\
    date,count
    2027-01-04,2
    2027-01-05,-1
    2027-13-01,1
    2027-01-04,2
    2027-01-07,2.5
    2027-01-08,
    """
    assert _errors(text, throughput=True) == [
        ("bad_value", 3, 12),
        ("bad_date", 4, 1),
        ("bad_date", 5, 1),
        ("bad_value", 6, 12),
        ("missing_field", 7, 12),
    ]


def test_gaps_of_any_length_are_days_with_nothing_done() -> None:
    # 2 days apart at the closest: a daily history with a zero day between
    history = parse_throughput("date,count\n2027-01-04,1\n2027-01-06,2\n", kind="csv")
    assert (history.counts.tolist(), history.period_days, history.filled) == ([1, 0, 2], 1, 1)
    # weekly at the closest, then 10 days: not all whole weeks apart, so daily
    text = "date,count\n2027-01-04,1\n2027-01-11,2\n2027-01-21,2\n"
    history = parse_throughput(text, kind="csv")
    assert history.period_days == 1
    assert history.counts.tolist() == [1, 0, 0, 0, 0, 0, 0, 2] + [0] * 9 + [2]
    assert history.filled == 15
    # one date of counts cannot tell days from weeks
    assert _errors("date,count\n2027-01-04,1\n", throughput=True) == [("bad_date", 2, 1)]


def test_throughput_header_and_row_kinds() -> None:
    assert _errors("day,count\n", throughput=True) == [("missing_field", 1, 1)]
    text = "- {date: 2027-01-04, count: 1}\n- {period: 2, count: 1}\n- {count: 1}\n"
    assert _errors(text, "yaml", throughput=True) == [
        ("bad_value", 2, 12),
        ("missing_field", 3, 3),
    ]
    assert _errors("period,count\n", throughput=True) == [("bad_value", 1, 1)]


def test_example_throughput_loads() -> None:
    history = load_throughput(EXAMPLES / "throughput.csv")
    assert history.period_days == 1
    assert history.counts.size > 60
    assert history.filled > 0  # weekends are not in the file
