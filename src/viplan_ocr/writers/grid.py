"""Tables as text: padded columns for ``.txt``, pipe tables for ``.md``, and the page layout with them.

A table read as lines interleaves its columns (a cell wrapped over two lines splits its row);
laid out again from its cells it reads row by row. Only tables found on a page (with a box) take
the place of their lines: a Word table's lines already print it row by row.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from viplan_ocr.document import Document, middle_inside, text_parts

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
    widths = [max(len(part) for row in wrapped for part in row[c]) for c in range(len(grid[0]))]
    out = []
    for index, row in enumerate(wrapped):
        for k in range(max(len(cell) for cell in row)):
            parts = [(cell[k] if k < len(cell) else "").ljust(w) for cell, w in zip(row, widths, strict=True)]
            out.append(COLUMN_GAP.join(parts).rstrip())
        if index + 1 == header_rows and index + 1 < len(wrapped):
            out.append("")
    return "\n".join(out)


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
                out.append(("\n\n" if out else "") + text_table(data.rows, data.header_rows))
            after_table = True
        else:
            out.append(("\n\n" if after_table else separator) + text)
            after_table = False
        separator = ""
    return "".join(out) + ("\n" if after_table else separator)


__all__ = ["CELL_WIDTH", "markdown_cell", "markdown_table", "text_table", "text_with_tables"]
