"""Unruled tables: columns of aligned text on a text-layer page, found by the gaps between words.

Some reports print their figures without a single rule: tab stops line the cells up
(``TT  Chỉ tiêu  Đơn vị  Kế hoạch 2025`` / ``1  Tỷ lệ trẻ em đi học  %  99``). pdfplumber's finder
on drawn rules (:func:`~viplan_ocr.extract.tables.pdf_tables`) sees nothing there, and its
"text" strategy makes a table of every two-column header. So the page's own lines are read
again (their words already carry their boxes: no second pass over the PDF):

1. a line's **cells** are its runs of words split at wide gaps (:data:`CELL_GAP_HEIGHTS`);
2. consecutive lines of two cells or more, and the wrapped lines of a cell between them, make a
   **run** (:func:`runs`); a line of normal text at the margin, a gap of several lines, a
   subscript line or a ruled table's area ends it;
3. the run's **columns** are the bands of x that some cell covers, between gutters no cell
   crosses (:func:`columns`): a cell that straddles two columns of the other rows joins them,
   so text that does not line up gives one column; a line at either end that straddles the
   columns of the rest (a heading with a note at the right) is left out (:func:`trimmed`);
4. the grid is kept only when it reads as data (:func:`is_data_table`): three data rows and three
   columns at least (or two, the second all figures), every column filled in most rows, a
   numbered first column or a column of figures, no dot leaders.

A false table is worse than a missed one: a table of contents, a header, a signature block or a
justified paragraph must stay lines, so every test leans towards no table. The found table is
``ruled=False, aligned=True``: not printed with borders, yet a data table (targets are read from
it), unlike the borderless layout tables of a Word file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import regex

from viplan_ocr.document import Line, Table, Word, middle_inside
from viplan_ocr.extract.columns import median
from viplan_ocr.extract.tables import ORDINAL_CELL, count_header_rows, figure_like, holds_data

#: A gap between two words at least this many times the line's height separates two cells
#: (words stand about a quarter of a height apart; a justified line stretches that to a half).
CELL_GAP_HEIGHTS = 1.0
#: Two lines more than this many line heights apart (blank space between them) are not one table.
ROW_GAP_HEIGHTS = 1.6
#: A line lower than this share of the page's typical line is a subscript or a note: no row.
SMALL_LINE = 0.75
#: Two columns are told apart by an empty band at least this many line heights wide.
GUTTER_HEIGHTS = 0.5
#: A table needs this many rows of data below its headings.
MIN_DATA_ROWS = 3
#: ... and this many columns (two only when the second holds figures).
MIN_COLUMNS = 3
#: Every column is filled in at least this share of the data rows.
FILLED_SHARE = 0.6
#: A numbered first column: at least this share of the data rows start with an ordinal.
ORDINAL_SHARE = 0.6
#: A column of figures: at least this share of its filled data cells are figures.
FIGURE_SHARE = 0.6
#: Dot leaders of a table of contents (``Mục tiêu ........ 5``), or a form's blanks to fill.
LEADERS = regex.compile(r"(?:\.\s?){4,}|…{2,}|_{4,}|-{6,}")


@dataclass(frozen=True, slots=True)
class LineCell:
    """A run of words of one line between wide gaps: its extent across and its text."""

    left: float
    right: float
    text: str


@dataclass(frozen=True, slots=True)
class Row:
    """A line of a run: its box and its cells, left to right."""

    line: Line
    cells: tuple[LineCell, ...]


def split_cells(words: Sequence[Word], height: float) -> tuple[LineCell, ...]:
    """A line's words grouped into cells at the gaps wider than :data:`CELL_GAP_HEIGHTS` heights.

    >>> words = [Word("1", box=(60, 0, 6, 12)), Word("Tỷ", box=(100, 0, 12, 12)),
    ...          Word("lệ", box=(116, 0, 10, 12)), Word("%", box=(250, 0, 8, 12))]
    >>> [c.text for c in split_cells(words, 12)]
    ['1', 'Tỷ lệ', '%']
    """
    cells: list[list[Word]] = []
    previous_right = None
    for word in words:
        if word.box is None:
            return ()
        if previous_right is None or word.box[0] - previous_right >= CELL_GAP_HEIGHTS * height:
            cells.append([])
        cells[-1].append(word)
        previous_right = word.box[0] + word.box[2]
    return tuple(
        LineCell(group[0].box[0], group[-1].box[0] + group[-1].box[2], " ".join(w.text for w in group))  # type: ignore[index]
        for group in cells
    )


def runs(lines: Sequence[Line], covered: Sequence[tuple[int, int, int, int]] = ()) -> list[list[Row]]:
    """The page's runs of lines that could be a table, each starting with a line of two cells or more.

    A line of one cell stays in a run as a wrapped cell when it starts right of the first cell of
    the row above (a long indicator or heading going on below); at the margin it is text, and
    ends the run. Subscript lines, lines in a ruled table's area and blank space end it too.
    """
    boxed = [line for line in lines if line.box is not None and line.box[3] > 0]
    if not boxed:
        return []
    typical = median([line.box[3] for line in boxed])  # type: ignore[index]
    found: list[list[Row]] = []
    current: list[Row] = []
    for line in boxed:
        assert line.box is not None
        cells = split_cells(line.words, line.box[3])
        if not cells or line.box[3] < SMALL_LINE * typical or (covered and middle_inside(line.box, *covered)):
            found.append(current)
            current = []
            continue
        last = current[-1].line.box if current else None
        if last is not None and line.box[1] - (last[1] + last[3]) > ROW_GAP_HEIGHTS * typical:
            found.append(current)
            current = []
        if len(cells) >= 2 or (current and cells[0].left > _last_row(current).cells[0].right):
            current.append(Row(line, cells))
        else:
            found.append(current)
            current = []
    found.append(current)
    return [run for run in found if sum(len(row.cells) >= 2 for row in run) >= MIN_DATA_ROWS]


def _last_row(run: Sequence[Row]) -> Row:
    """The last line of the run with two cells or more (the row a wrapped line belongs to)."""
    return next(row for row in reversed(run) if len(row.cells) >= 2)


def columns(run: Sequence[Row], height: float) -> list[tuple[float, float]]:
    """The run's columns: the bands of x its cells cover, joined where less than a gutter apart.

    >>> row = lambda *spans: Row(Line(""), tuple(LineCell(a, b, "x") for a, b in spans))
    >>> columns([row((60, 70), (100, 200)), row((60, 66), (100, 180), (250, 270))], 12)
    [(60, 70), (100, 200), (250, 270)]
    >>> columns([row((60, 70), (100, 200)), row((60, 150))], 12)  # a cell across the gutter
    [(60, 200)]
    """
    spans = sorted((cell.left, cell.right) for row in run for cell in row.cells)
    bands: list[list[float]] = []
    for left, right in spans:
        if bands and left - bands[-1][1] < GUTTER_HEIGHTS * height:
            bands[-1][1] = max(bands[-1][1], right)
        else:
            bands.append([left, right])
    return [(band[0], band[1]) for band in bands]


def trimmed(run: Sequence[Row], height: float) -> Sequence[Row]:
    """The run without the lines at its ends whose cells straddle the columns of the rest: a
    heading with a note at the right (``1. Các chỉ tiêu       Đơn vị tính: %``) standing right
    above the table, a sentence with a wide gap right below it.

    >>> row = lambda *spans: Row(Line(""), tuple(LineCell(a, b, "x") for a, b in spans))
    >>> body = [row((60, 70), (100, 200), (250, 270)) for _ in range(4)]
    >>> len(trimmed([row((60, 180), (300, 400)), *body], 12))
    4
    """
    while len(run) > MIN_DATA_ROWS and _straddles(run[0], columns(run[1:], height)):
        run = run[1:]
        while len(run) > MIN_DATA_ROWS and len(run[0].cells) < 2:  # the wrapped lines of the line dropped
            run = run[1:]
    while len(run) > MIN_DATA_ROWS and _straddles(run[-1], columns(run[:-1], height)):
        run = run[:-1]
    return run


def _straddles(row: Row, bands: Sequence[tuple[float, float]]) -> bool:
    """Whether one of the row's cells reaches over two of the bands."""
    return any(sum(cell.left <= right and cell.right >= left for left, right in bands) > 1 for cell in row.cells)


def grid(run: Sequence[Row], bands: Sequence[tuple[float, float]]) -> tuple[tuple[str, ...], ...]:
    """The run's rows of cell texts: each cell in the column its band falls in; a line of a wrapped
    cell (one cell, not in the first column) goes on below the cell of the row above."""
    rows: list[list[str]] = []
    for row in run:
        texts = [""] * len(bands)
        for cell in row.cells:
            column = next(i for i, (left, right) in enumerate(bands) if left <= cell.left <= right)
            texts[column] = f"{texts[column]} {cell.text}".strip()
        if rows and len(row.cells) == 1 and not texts[0]:
            rows[-1] = _stacked(rows[-1], texts)
        else:
            rows.append(texts)
    return tuple(tuple(row) for row in rows)


def _stacked(above: Sequence[str], below: Sequence[str]) -> list[str]:
    """Two rows' cells as one row, each cell's text going on below on a new line.

    >>> _stacked(["1", "Tỷ lệ", "%"], ["", "đi học", ""])
    ['1', 'Tỷ lệ\\nđi học', '%']
    """
    return [f"{a}\n{b}" if a and b else a or b for a, b in zip(above, below, strict=True)]


def _ordinal(cell: str) -> bool:
    return bool(cell) and bool(ORDINAL_CELL.match(cell.split("\n")[0].strip()))


def join_numbered(rows: tuple[tuple[str, ...], ...], header_rows: int) -> tuple[tuple[str, ...], ...]:
    """In a table numbered in its first column, a data row without a number is the row above
    going on (a cell wrapped over two lines, its neighbours too).

    >>> join_numbered((("TT", "Chỉ tiêu"), ("1", "Tỷ lệ"), ("", "đi học"), ("2", "Số")), 1)
    (('TT', 'Chỉ tiêu'), ('1', 'Tỷ lệ\\nđi học'), ('2', 'Số'))
    """
    data = rows[header_rows:]
    if not data or sum(_ordinal(row[0]) for row in data) < ORDINAL_SHARE * len(data):
        return rows
    joined = [list(row) for row in rows[:header_rows]]
    for index, row in enumerate(data):
        if index and not row[0]:
            joined[-1] = _stacked(joined[-1], row)
        else:
            joined.append(list(row))
    return tuple(tuple(row) for row in joined)


def _page_numbers(cells: Sequence[str]) -> bool:
    """Small whole numbers that never go down: the page column of a table of contents.

    >>> _page_numbers(["3", "5", "5", "12"]), _page_numbers(["99", "95", "100"])
    (True, False)
    """
    if not all(cell.isdigit() and len(cell) <= 3 for cell in cells):
        return False
    values = [int(cell) for cell in cells]
    return values == sorted(values)


def is_data_table(rows: tuple[tuple[str, ...], ...], header_rows: int) -> bool:
    """Whether a grid found by alignment reads as a table of data (see the module docstring).

    >>> head = ("TT", "Chỉ tiêu", "Đơn vị", "Kế hoạch")
    >>> is_data_table((head, ("1", "Tỷ lệ đi học", "%", "99"), ("2", "Số trường", "Trường", "12"),
    ...                ("3", "Số lớp", "Lớp", "240")), 1)
    True
    >>> is_data_table((("UBND TỈNH", "CỘNG HÒA"), ("SỞ GIÁO DỤC", "Độc lập"), ("Số: 12", "Đồng Tháp"),
    ...                ("", "ngày 5")), 1)
    False
    """
    width = max((len(row) for row in rows), default=0)
    data = rows[header_rows:]
    if len(data) < MIN_DATA_ROWS or width < 2 or not holds_data(rows):
        return False
    if any(LEADERS.search(cell) for row in rows for cell in row):
        return False
    filled = [[row[c].strip() for row in data if row[c].strip()] for c in range(width)]
    if any(len(cells) < FILLED_SHARE * len(data) for cells in filled):
        return False
    figures = [sum(figure_like(cell.replace("\n", " ")) for cell in cells) for cells in filled]
    figure_columns = [c for c in range(1, width) if figures[c] >= FIGURE_SHARE * len(filled[c])]
    if width < MIN_COLUMNS:
        return figure_columns == [width - 1] and not _page_numbers(filled[-1])
    numbered = sum(_ordinal(row[0]) for row in data) >= ORDINAL_SHARE * len(data)
    return numbered or bool(figure_columns)


def unruled_tables(lines: Sequence[Line], ruled: Sequence[Table] = ()) -> tuple[Table, ...]:
    """The tables printed without rules on a text-layer page (boxes in its unit), top to bottom.

    ``ruled`` are the page's tables already found by their rules: their area is not searched. A
    page with fewer than four lines of two cells or more (most pages) costs one pass over its
    words' boxes.
    """
    covered = [table.box for table in ruled if table.box is not None]
    found = []
    for run in runs(lines, covered):
        height = median([row.line.box[3] for row in run])  # type: ignore[index]
        run = trimmed(run, height)
        bands = columns(run, height)
        if len(bands) < 2:
            continue
        rows = grid(run, bands)
        header_rows = count_header_rows(rows)
        rows = join_numbered(rows, header_rows)
        if not is_data_table(rows, header_rows):
            continue
        boxes = [row.line.box for row in run if row.line.box is not None]
        left, top = min(b[0] for b in boxes), min(b[1] for b in boxes)
        right, bottom = max(b[0] + b[2] for b in boxes), max(b[1] + b[3] for b in boxes)
        box = (left, top, right - left, bottom - top)
        found.append(Table(rows=rows, ruled=False, box=box, header_rows=header_rows, aligned=True))
    return tuple(found)


__all__ = [
    "CELL_GAP_HEIGHTS",
    "LineCell",
    "Row",
    "columns",
    "grid",
    "is_data_table",
    "join_numbered",
    "runs",
    "split_cells",
    "trimmed",
    "unruled_tables",
]
