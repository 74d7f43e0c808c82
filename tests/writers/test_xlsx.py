"""The ``xlsx`` writer: ``targets.xlsx`` beside ``targets.csv``, the same rows with numbers as numbers."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from viplan_ocr.errors import ExitCode
from viplan_ocr.writers import WRITERS, RunWriter
from viplan_ocr.writers.csv import CSV_COLUMNS, format_value

from ..conftest import SAMPLES

INPUTS = ["plan-binh-cang-2021-2030.txt", "ocr-damaged-plan-long-bien-2022-2030.txt"]


@pytest.fixture(scope="module")
def run_out(tmp_path_factory):
    """A batch of the two text samples with ``--formats txt,json,csv,xlsx``: its output folder."""
    from viplan_ocr.batch import BatchOptions, run_batch

    folder = tmp_path_factory.mktemp("xlsx")
    (folder / "in").mkdir()
    for name in INPUTS:
        (folder / "in" / name).write_bytes((SAMPLES / name).read_bytes())
    report = run_batch(folder / "in", folder / "out", BatchOptions(jobs=1, formats=("txt", "json", "csv", "xlsx")))
    assert not report.failed
    return folder / "out"


def test_the_writer_is_named_xlsx_and_writes_targets_xlsx():
    writer = WRITERS["xlsx"]
    assert isinstance(writer, RunWriter)
    assert (writer.name, writer.filename, writer.default) == ("xlsx", "targets.xlsx", False)


def test_the_workbook_holds_the_csv_rows_with_numbers_as_numbers(run_out):
    assert (run_out / "targets.xlsx").is_file() and (run_out / "targets.csv").is_file()
    sheet = load_workbook(run_out / "targets.xlsx").active
    header, *rows = list(sheet.iter_rows(values_only=True))
    csv_rows = list(csv.DictReader(io.StringIO((run_out / "targets.csv").read_text(encoding="utf-8-sig"))))
    assert header == CSV_COLUMNS
    assert len(rows) == len(csv_rows) == 25
    assert {row[0] for row in rows} == set(INPUTS)  # the document column
    for cells, expected in zip(rows, csv_rows, strict=True):
        row = dict(zip(CSV_COLUMNS, cells, strict=True))
        assert isinstance(row["value"], int | float) and not isinstance(row["value"], bool)
        assert format_value(row["value"]) == expected["value"]
        assert row["year"] is None if expected["year"] == "" else row["year"] == int(expected["year"])
        text = {column: "" if row[column] is None else row[column] for column in CSV_COLUMNS}
        assert {c: text[c] for c in CSV_COLUMNS if c not in ("value", "year")} == {
            c: expected[c] for c in CSV_COLUMNS if c not in ("value", "year")
        }
    assert any(isinstance(cells[3], float) for cells in rows)  # 0.8, 99.5: not made whole numbers


def test_the_header_is_bold_frozen_and_the_columns_fit(run_out):
    sheet = load_workbook(run_out / "targets.xlsx").active
    assert sheet.title == "targets"
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    widths = {column: sheet.column_dimensions[column].width for column in "ABCDEFGHIJ"}
    assert widths["I"] == 60  # target_text: whole paragraphs, capped
    assert 8 <= widths["F"] < 15  # comparator: narrow
    assert widths["A"] >= len("ocr-damaged-plan-long-bien-2022-2030.txt")  # a document name reads whole


def test_the_workbook_is_listed_as_a_run_output_and_needs_json(run_cli, run_out, tmp_path):
    assert "xlsx" in run_cli("batch", "--help").out
    result = run_cli("batch", SAMPLES / INPUTS[0], tmp_path / "out", "--formats", "txt,xlsx")
    assert result.code == ExitCode.USAGE and "targets.xlsx is built from the per-input .json files" in result.err
