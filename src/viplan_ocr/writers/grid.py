"""Tables as text: padded columns for ``.txt``, pipe tables for ``.md``, and the page layout with them.

A table read as lines interleaves its columns (a cell wrapped over two lines splits its row);
laid out again from its cells it reads row by row. Only tables found on a page (with a box) take
the place of their lines: a Word table's lines already print it row by row.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence

from viplan_ocr.document import Box, Document, Table, Word, middle_inside, text_parts
from viplan_ocr.extract.tables import cell_lines

#: A text table's cell line longer than twice this many characters is wrapped.
CELL_WIDTH = 32
#: What sets a text table's columns apart.
COLUMN_GAP = "   "


def _flat(cell: str) -> str:
    return " ".join(cell.split())


def _padded(rows: Sequence[Sequence[str]]) -> list[list[str]]:
    width = max((len(row) for row in rows), default=0)
    return [[*row, *[""] * (width - len(row))] for row in rows]


def _printed_lines(cell: str, width: int) -> list[str]:
    r"""A cell's lines as the page prints them (a page table's cell holds its printed lines, joined
    by ``\n``), each wrapped only when longer than ``width`` twice over.

    >>> _printed_lines("Số giường bệnh/vạn dân\n(không bao gồm giường của trạm y tế)", 32)
    ['Số giường bệnh/vạn dân', '(không bao gồm giường của trạm y tế)']
    """
    lines = [_flat(line) for line in cell.split("\n")]
    return [part for line in lines for part in (textwrap.wrap(line, 2 * width) or [""]) if part] or [""]


#: A grid row's printed lines: each a list of the words, (text, box), of every column's cell
#: on that line (an empty list where a cell prints nothing there).
RowLines = list[list[list[tuple[str, Box]]]]


def row_lines(table: Table, words: Iterable[Word]) -> list[RowLines]:
    """A table read into a grid, row by row and each row line by line as the page prints it:
    the cells' printed lines (:func:`~viplan_ocr.extract.tables.cell_lines`) that stand at the
    same height go on one line, so that a cell centred in a tall row prints beside the middle
    line of its neighbour, not beside the first. The ``.txt`` lays a table out from these and
    the searchable PDF's hidden layer draws them, so that ``pdftotext`` reads what the ``.txt``
    has.
    """
    assert table.grid is not None
    grid = table.grid
    found = cell_lines(grid, words, table.merged)
    columns = len(grid.columns) - 1
    out: list[RowLines] = []
    for row in range(len(grid.rows) - 1):
        placed: list[tuple[float, float, int, list[tuple[str, Box]]]] = []
        for (r, column), lines in found.items():
            if r != row:
                continue
            for line in lines:
                downs = [grid.down(left + width / 2, top + height / 2) for _, (left, top, width, height) in line]
                heights = [height for _, (_, _, _, height) in line]
                placed.append((sum(downs) / len(downs), max(heights), column, line))
        clusters: list[tuple[float, float, dict[int, list[tuple[str, Box]]]]] = []
        for down, height, column, line in sorted(placed, key=lambda item: item[0]):
            if clusters:
                middle, tall, cells = clusters[-1]
                if column not in cells and abs(down - middle) <= max(height, tall) / 2:
                    cells[column] = line
                    continue
            clusters.append((down, height, {column: line}))
        out.append([[cells.get(column, []) for column in range(columns)] for _, _, cells in clusters])
    return out


def text_table(rows: Sequence[Sequence[str]], header_rows: int = 0, cell_width: int = CELL_WIDTH) -> str:
    """A table as padded columns, a cell's printed lines kept, a blank line under the heading rows.

    A cell's lines stay as printed, so that a row reads line by line as the page does (and as the
    searchable PDF's text does); only a line longer than twice ``cell_width`` is wrapped.

    Columns are set apart by spaces only: the ``.txt`` holds the text's words and nothing else, so
    that a search index, a diff or ``pdftotext`` of the searchable PDF meets the same words (a
    ``|`` between cells would be a word of its own). ``--formats md`` draws the rules.

    >>> print(text_table([["TT", "Chỉ tiêu", "Kế hoạch"], ["1", "Số bác sĩ/vạn dân", "6,45"]], 1))
    TT   Chỉ tiêu            Kế hoạch
    <BLANKLINE>
    1    Số bác sĩ/vạn dân   6,45
    """
    grid = _padded(rows)
    if not grid or not grid[0]:
        return ""
    wrapped = [[_printed_lines(cell, cell_width) for cell in row] for row in grid]
    lines = [
        [[cell[k] if k < len(cell) else "" for cell in row] for k in range(max(len(cell) for cell in row))]
        for row in wrapped
    ]
    return _laid_out(lines, header_rows)


def _laid_out(rows: Sequence[Sequence[Sequence[str]]], header_rows: int) -> str:
    """Rows of printed lines of column texts, as padded columns with a blank line under the
    heading rows."""
    width = max((len(line) for row in rows for line in row), default=0)
    widths = [max((len(line[c]) for row in rows for line in row if c < len(line)), default=0) for c in range(width)]
    out = []
    for index, row in enumerate(rows):
        for line in row:
            parts = [(line[c] if c < len(line) else "").ljust(w) for c, w in enumerate(widths)]
            out.append(COLUMN_GAP.join(parts).rstrip())
        if index + 1 == header_rows and index + 1 < len(rows):
            out.append("")
    return "\n".join(out)


def _grid_text(table: Table, words: Iterable[Word]) -> str:
    """A table read into a grid as padded columns, its rows line by line as printed (:func:`row_lines`)."""
    rows = [
        [[" ".join(text for text, _ in cell) for cell in line] for line in lines] for lines in row_lines(table, words)
    ]
    return _laid_out(rows, table.header_rows)


def markdown_cell(cell: str) -> str:
    r"""A cell for a Markdown table: pipes escaped, its lines joined by ``<br>``.

    >>> markdown_cell("a|b\nc")
    'a\\|b<br>c'
    """
    lines = [" ".join(line.split()) for line in cell.replace("\\", "\\\\").replace("|", "\\|").split("\n")]
    return "<br>".join(line for line in lines if line)


def markdown_table(rows: Sequence[Sequence[str]], header_rows: int = 0) -> str:
    """A GitHub-flavoured Markdown table: the heading rows merged into its one heading row.

    >>> print(markdown_table([["TT", "Chỉ tiêu"], ["1", "Số giường | vạn dân"]], 1))
    | TT | Chỉ tiêu |
    | --- | --- |
    | 1 | Số giường \\| vạn dân |
    """
    grid = _padded(rows)
    if not grid or not grid[0]:
        return ""
    top = max(1, header_rows)
    head = [
        "<br>".join(markdown_cell(row[c]) for row in grid[:top] if markdown_cell(row[c])) for c in range(len(grid[0]))
    ]
    lines = ["| " + " | ".join(head) + " |", "| " + " | ".join("---" for _ in head) + " |"]
    lines.extend("| " + " | ".join(markdown_cell(cell) for cell in row) + " |" for row in grid[top:])
    return "\n".join(lines)


def text_with_tables(document: Document) -> str:
    """The document's text with each table found on a page laid out from its cells, in place of
    the lines read inside it (blank lines around it); everything else as ``Document.text``."""
    covered: dict[tuple[int, int], tuple[int, int]] = {}
    for p, page in enumerate(document.pages):
        for t, table in enumerate(page.tables):
            if table.box is None:
                continue
            for i, line in enumerate(page.lines):
                if (p, i) not in covered and middle_inside(line.box, table.box):
                    covered[(p, i)] = (p, t)
    if not covered:
        return document.text
    out: list[str] = []
    separator = ""
    done: set[tuple[int, int]] = set()
    after_table = False
    for owner, text in text_parts(document):
        if owner is None:
            separator += text
            continue
        table = covered.get(owner)
        if table is not None:
            if table not in done:
                done.add(table)
                page, index = table
                data = document.pages[page].tables[index]
                if data.grid is not None:  # read off a scan: laid out from its words as printed
                    words = [w for line in document.pages[page].lines for w in line.words]
                    laid_out = _grid_text(data, words)
                else:
                    laid_out = text_table(data.rows, data.header_rows)
                out.append(("\n\n" if out else "") + laid_out)
            after_table = True
        else:
            out.append(("\n\n" if after_table else separator) + text)
            after_table = False
        separator = ""
    return "".join(out) + ("\n" if after_table else separator)


__all__ = ["CELL_WIDTH", "markdown_cell", "markdown_table", "row_lines", "text_table", "text_with_tables"]
