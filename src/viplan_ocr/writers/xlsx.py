"""``targets.xlsx``: the rows of ``targets.csv`` as an Excel workbook, figures as numbers.

A CSV leaves each cell's type to the program that opens it: Excel on a Vietnamese Windows, whose
decimal separator is the comma, reads ``99.5`` as text or a date, so a column of rates cannot be
summed or charted without a conversion first. The workbook stores ``value`` and ``year`` as
numbers. It has the same columns as the CSV (:data:`~viplan_ocr.writers.csv.CSV_COLUMNS`, the
``document`` column first) and the same rows in the same order, one per metric, on one sheet
``targets``; the header row is bold and frozen, with a filter on it, and the columns are as wide
as their contents (up to :data:`MAX_WIDTH`).

Asked for by name (``--formats txt,json,csv,xlsx``): it needs the ``.json`` files, as the CSV does.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from viplan_ocr.writers.base import RunWriter
from viplan_ocr.writers.csv import CSV_COLUMNS, target_rows

#: Columns stored as numbers; every other cell is text.
NUMERIC_COLUMNS = frozenset({"value", "year"})
#: Widest a column gets, in characters: ``target_text`` holds whole paragraphs.
MAX_WIDTH = 60
#: Narrowest, so that a short header (``unit``) still reads with the filter button beside it.
MIN_WIDTH = 8


def cell_value(column: str, value: object) -> object:
    """What a cell holds: a number for ``value`` and ``year`` (None, an empty cell, for no year),
    else text with any character XML cannot carry dropped (a form feed from a text file).

    >>> cell_value("value", 99.5), cell_value("year", 2025), cell_value("year", ""), cell_value("unit", "%")
    (99.5, 2025, None, '%')
    >>> cell_value("metric_text", "trên\\x0c 99%")
    'trên 99%'
    """
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if column in NUMERIC_COLUMNS:
        if value == "" or value is None:
            return None
        return int(value) if isinstance(value, float) and value.is_integer() else value
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def render(plans: Iterable[tuple[str, dict]]) -> bytes:
    """The workbook of every metric of every plan, fed as (document name, plan JSON) pairs."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    from viplan_ocr.batch.names import visible  # here: the batch package imports the writers

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "targets"
    sheet.append(list(CSV_COLUMNS))
    widths = [len(column) for column in CSV_COLUMNS]
    for name, plan in plans:
        for row in target_rows(plan, visible(name)):  # a name's bytes that were not UTF-8 as \xNN
            cells = [cell_value(column, row[column]) for column in CSV_COLUMNS]
            sheet.append(cells)
            widths = [max(width, len(str(cell or ""))) for width, cell in zip(widths, cells, strict=True)]
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"  # the header stays in view while scrolling
    sheet.auto_filter.ref = sheet.dimensions
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width, MIN_WIDTH) + 2, MAX_WIDTH)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


WRITER = RunWriter("xlsx", "targets.xlsx", render, default=False)
