"""A Word body as paragraphs of font-tagged runs and tables, decoded and laid out as lines.

The ``.docx`` reader (:mod:`.docx`) and the Word-HTML reader (:mod:`.wordhtml`) both turn their
file into this shape: a :class:`Para` per paragraph, holding :class:`Run` pieces of text each
with the font it is set in, and a :class:`Grid` per table, whose cells hold paragraphs and
tables again. The rest is shared and lives here:

- **Legacy fonts, run by run** (:func:`decode_body`). An old Word file types Vietnamese with
  ``.VnTime`` (TCVN3) or ``VNI-Times`` (VNI) fonts: the characters stored are the font's bytes
  read as Windows-1252 (``KÕ ho¹ch``), and only the font says how to read them. But a legacy
  font name is no proof: offices kept ``.VnTime`` as the default style long after typing Unicode
  into it. So every run in a legacy-named font is decoded only when that reads as Vietnamese
  better than the run as it is (:func:`~viplan_ocr.extract.quality.vietnamese_score`); on a tie
  (a short run, ``Sè`` and ``Số`` are both syllables) the font's verdict over the whole file
  decides.
- **Tables as printed** (:func:`body_lines`). Offices lay out the two-column header (issuer |
  motto, number | place and date) and the signature block (recipients | signer) as borderless
  tables. A row becomes lines the way a PDF text layer prints it: the k-th line of each cell side
  by side, joined by the column gap (:data:`~viplan_ocr.extract.columns.COLUMN_SEPARATOR`) the
  parser splits at.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, replace
from itertools import groupby, zip_longest

import regex

from viplan_ocr.document import Line, Page, PageSource, Table, Word
from viplan_ocr.extract import legacy
from viplan_ocr.extract.columns import COLUMN_SEPARATOR
from viplan_ocr.extract.quality import vietnamese_score
from viplan_ocr.extract.tables import count_header_rows

#: TCVN3 fonts: ``.VnTime``, ``.VnArial``, ``.VnTimeH`` (the ``H`` ones are the capitals fonts).
_TCVN3_FONT = regex.compile(r"^\.?vn(?!i)\w", regex.IGNORECASE)
#: VNI fonts: ``VNI-Times``, ``VNI-Helve``, ``VNI Times``.
_VNI_FONT = regex.compile(r"^vni[-_ ]", regex.IGNORECASE)
#: VISCII fonts are named after their encoding: ``VISCII``, ``VISCII Times``.
_VISCII_FONT = regex.compile(r"^viscii", regex.IGNORECASE)
_SOFT_HYPHEN = "\u00ad"
_TABS = regex.compile(r"\s*\t[\t ]*")
#: What may stand before a tab that only separates a marker from its text: ``1.``, ``II.``,
#: ``a)``, ``-``, ``Điều 1.``, ``Chương II``.
_MARKER_ONLY = regex.compile(
    r"^(?:(?:điều|chương|mục|phần)\s+)?(?:[\p{N}IVXLivxl]{1,6}(?:[.)/:-]\p{N}{0,3})*[.)/:-]?|\p{Ll}[.)]|[-+•▪◦➢❖✓*\uf0b7\uf0a7])$",
    regex.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Run:
    """A piece of a paragraph's text, the font it is set in (None: a Unicode one) and whether it
    prints in capitals (Word's ``caps`` formatting: the text is stored as typed)."""

    text: str
    font: str | None = None
    capitals: bool = False

    @property
    def printed(self) -> str:
        """The run as printed."""
        return self.text.upper() if self.capitals else self.text


@dataclass(frozen=True, slots=True)
class Para:
    """A paragraph: its runs, the list marker Word draws before it (``1.``, ``a)``, ``-``), and
    whether it is centred (a title set over several centred paragraphs is one title)."""

    runs: tuple[Run, ...]
    marker: str = ""
    centred: bool = False

    @property
    def text(self) -> str:
        """The paragraph as printed: marker, then its runs; soft hyphens (invisible) dropped."""
        body = "".join(run.printed for run in self.runs).replace(_SOFT_HYPHEN, "")
        return f"{self.marker} {body}" if self.marker and body.strip() else body


@dataclass(frozen=True, slots=True)
class Grid:
    """A table: rows of cells, each cell a sequence of paragraphs and tables, one cell per column
    (a merged cell's text in its first cell, the others empty)."""

    rows: tuple[tuple[tuple[Block, ...], ...], ...]
    ruled: bool = False
    #: Merged cells as (row, column, rows, columns) (:attr:`viplan_ocr.document.Table.merged`).
    merged: tuple[tuple[int, int, int, int], ...] = ()


#: The most columns or rows one cell may span: a file's claim beyond that (``gridSpan`` of a
#: billion) is damage, and would otherwise be laid out cell by cell.
MAX_SPAN = 1000


class Spans:
    """The merged cells of a table, gathered as its rows are read (Word's ``gridSpan``/``vMerge``,
    HTML's ``colspan``/``rowspan``).

    >>> spans = Spans()
    >>> spans.start(0, 0, columns=1); spans.start(0, 1, columns=2); spans.down(1, 0); spans.start(2, 0, 1, rows=2)
    >>> spans.merged()
    ((0, 0, 2, 1), (0, 1, 1, 2), (2, 0, 2, 1))
    """

    def __init__(self) -> None:
        self._cells: list[list[int]] = []
        self._by_column: dict[int, list[int]] = {}

    def start(self, row: int, column: int, columns: int = 1, rows: int = 1) -> None:
        """A cell that starts at (row, column), ``columns`` wide and ``rows`` high."""
        cell = [row, column, rows, columns]
        self._cells.append(cell)
        self._by_column[column] = cell

    def down(self, row: int, column: int) -> None:
        """The cell at (row, column) goes on from the one above it (Word's ``vMerge`` continue)."""
        cell = self._by_column.get(column)
        if cell is not None and cell[0] + cell[2] == row:
            cell[2] += 1

    def merged(self) -> tuple[tuple[int, int, int, int], ...]:
        """The cells that cover more than one, in the order they started."""
        return tuple((r, c, h, w) for r, c, h, w in self._cells if h > 1 or w > 1)


Block = Para | Grid


def legacy_font(font: str | None) -> tuple[str, bool] | None:
    """The legacy encoding a font name stands for, and whether it is a capitals font.

    >>> legacy_font(".VnTime"), legacy_font(".VnTimeH"), legacy_font("VNI-Times")
    (('tcvn3', False), ('tcvn3', True), ('vni', False))
    >>> legacy_font("Times New Roman") is None, legacy_font("VNI-Times") == legacy_font("VNI Times")
    (True, True)
    """
    if not font:
        return None
    name = font.strip()
    if _VISCII_FONT.search(name):
        return "viscii", False
    if _VNI_FONT.search(name):
        return "vni", False
    if _TCVN3_FONT.search(name):
        return "tcvn3", bool(legacy.CAPITALS_FONT.search(name))
    return None


def _paragraphs(blocks: tuple[Block, ...]) -> Iterator[Para]:
    for block in blocks:
        if isinstance(block, Para):
            yield block
        else:
            for row in block.rows:
                for cell in row:
                    yield from _paragraphs(cell)


def _decoded(text: str, font: str) -> str:
    encoding, capitals = legacy_font(font) or ("", False)
    return legacy.decode(text, encoding, capitals=capitals)


def font_verdicts(blocks: tuple[Block, ...]) -> dict[str, bool]:
    """For each legacy-named font of a body: does its text, all of it, read better decoded?"""
    texts: dict[str, list[str]] = defaultdict(list)
    for para in _paragraphs(blocks):
        for run in para.runs:
            if legacy_font(run.font):
                texts[run.font or ""].append(run.text)
    verdicts = {}
    for font, pieces in texts.items():
        text = " ".join(pieces)
        verdicts[font] = vietnamese_score(_decoded(text, font)) > vietnamese_score(text.replace(_SOFT_HYPHEN, ""))
    return verdicts


def decode_para(para: Para, verdicts: dict[str, bool]) -> tuple[Para, set[str]]:
    """A paragraph with its legacy-font runs decoded where that reads better; the encodings used.

    Runs of one font that follow each other are judged together (Word splits a word into runs
    at every change of bold or colour, and ``ho`` ``¹`` ``ch`` only reads as ``hoạch`` whole).
    """
    runs: list[Run] = []
    used: set[str] = set()
    for (font, capitals), group in groupby(
        para.runs, key=lambda run: (run.font if legacy_font(run.font) else None, run.capitals)
    ):
        pieces = list(group)
        if font is None:
            runs.extend(pieces)
            continue
        raw = "".join(run.text for run in pieces)
        decoded = _decoded(raw, font)
        before, after = vietnamese_score(raw.replace(_SOFT_HYPHEN, "")), vietnamese_score(decoded)
        if decoded != raw and (after > before or (after == before and verdicts.get(font, False))):
            runs.append(Run(decoded, None, capitals))
            used.add((legacy_font(font) or ("",))[0])
        else:
            runs.extend(pieces)
    return replace(para, runs=tuple(runs)), used


def decode_body(blocks: tuple[Block, ...]) -> tuple[tuple[Block, ...], tuple[str, ...]]:
    """The body with legacy-font runs decoded (see the module docstring), and the encodings found."""
    verdicts = font_verdicts(blocks)
    found: set[str] = set()

    def walk(items: tuple[Block, ...]) -> tuple[Block, ...]:
        out: list[Block] = []
        for block in items:
            if isinstance(block, Para):
                para, used = decode_para(block, verdicts)
                found.update(used)
                out.append(para)
            else:
                out.append(replace(block, rows=tuple(tuple(walk(cell) for cell in row) for row in block.rows)))
        return tuple(out)

    return walk(blocks), tuple(name for name in legacy.ENCODINGS if name in found)


def tabs(text: str) -> str:
    """A line's tabs as printed: a column gap between two blocks of text, a space after a marker.

    Offices without a header table align the two header columns with tab stops, and the parser
    reads a column gap there; a tab after a section number is only the gap Word leaves before
    the heading's text. Leading tabs are indentation.

    >>> tabs("BỘ GIÁO DỤC VÀ ĐÀO TẠO\\t\\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    'BỘ GIÁO DỤC VÀ ĐÀO TẠO     CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'
    >>> tabs("\\tĐiều 1.\\tPhạm vi điều chỉnh"), tabs("II.\\tNỘI DUNG")
    ('Điều 1. Phạm vi điều chỉnh', 'II. NỘI DUNG')
    """
    text = text.strip("\t ")
    if "\t" not in text:
        return text
    pieces = _TABS.split(text)
    out = pieces[0]
    for piece in pieces[1:]:
        last = out.split(COLUMN_SEPARATOR)[-1]
        out += (" " if _MARKER_ONLY.match(last.strip()) else COLUMN_SEPARATOR) + piece.strip()
    return out


def _clean(text: str) -> str:
    return tabs(unicodedata.normalize("NFC", text).replace("\xa0", " ").rstrip())


def cell_lines(cell: tuple[Block, ...]) -> list[str]:
    """A cell's lines: each paragraph's (split at line breaks), nested tables laid out in turn."""
    lines: list[str] = []
    for block in cell:
        if isinstance(block, Para):
            lines.extend(_clean(part) for part in block.text.split("\n"))
        else:
            lines.extend(grid_lines(block))
    return lines


def grid_lines(grid: Grid) -> list[str]:
    """A table's rows as printed lines: the k-th line of every cell side by side, at a column gap.

    >>> left = (Para((Run("UBND TỈNH PHÚ THỌ"),)), Para((Run("SỞ Y TẾ"),)))
    >>> right = (Para((Run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),)), Para((Run("Độc lập - Tự do - Hạnh phúc"),)))
    >>> grid_lines(Grid(((left, right),)))
    ['UBND TỈNH PHÚ THỌ     CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'SỞ Y TẾ     Độc lập - Tự do - Hạnh phúc']
    """
    lines: list[str] = []
    for row in grid.rows:
        columns = [cell_lines(cell) for cell in row]
        for parts in zip_longest(*columns, fillvalue=""):
            lines.append(COLUMN_SEPARATOR.join(part.strip() for part in parts if part.strip()))
    return lines


def body_lines(blocks: tuple[Block, ...]) -> list[str]:
    """The body as printed lines, runs of blank lines squeezed to one, none at either end."""
    raw = cell_lines(blocks)
    lines: list[str] = []
    for line in raw:
        if line.strip() or (lines and lines[-1].strip()):
            lines.append(line if line.strip() else "")
    while lines and not lines[-1].strip():
        lines.pop()
    return lines


def grid_table(grid: Grid) -> Table:
    """A table's cells as data (:class:`~viplan_ocr.document.Table`)."""
    rows = tuple(tuple("\n".join(cell_lines(cell)).strip() for cell in row) for row in grid.rows)
    return Table(rows=rows, ruled=grid.ruled, header_rows=count_header_rows(rows), merged=grid.merged)


def tables(blocks: tuple[Block, ...]) -> tuple[Table, ...]:
    """Every table of the body, nested ones after the table holding them, in reading order."""
    found: list[Table] = []

    def walk(items: tuple[Block, ...]) -> None:
        for block in items:
            if isinstance(block, Grid):
                found.append(grid_table(block))
                for row in block.rows:
                    for cell in row:
                        walk(cell)

    walk(blocks)
    return tuple(found)


def body_groups(blocks: tuple[Block, ...]) -> list[tuple[str, int]]:
    """The body's lines, each with the number of the block it belongs to.

    Word wraps no line, so each paragraph is a block of its own, and cleaning's reflow, which
    re-joins lines a layout broke, never joins two paragraphs. Two things are one block: the
    lines of one paragraph (soft line breaks), and centred paragraphs that follow one another
    (a title set over several lines: ``Tổ chức sinh hoạt chuyên môn`` / ``năm học 2025-2026``),
    but for a note in brackets.
    Each line of a table is a block of its own. Runs of blank lines are squeezed to one, none
    at either end.

    >>> title = (Para((Run("KẾ HOẠCH"),), centred=True), Para((Run("Tổ chức hội thi"),), centred=True))
    >>> body_groups((*title, Para((Run("Căn cứ Luật Giáo dục;"),)), Para((Run("Thực hiện"),))))
    [('KẾ HOẠCH', 0), ('Tổ chức hội thi', 0), ('Căn cứ Luật Giáo dục;', 1), ('Thực hiện', 2)]
    """
    raw: list[tuple[str, int]] = []
    group, chained = -1, False
    for block in blocks:
        if isinstance(block, Para):
            texts = [_clean(part) for part in block.text.split("\n")]
            # A centred note in brackets under a title (``(Ban hành kèm theo Quyết định ...)``)
            # is no line of it.
            centred = block.centred and any(text.strip() for text in texts) and not texts[0].lstrip().startswith("(")
            if not (centred and chained):
                group += 1
            raw.extend((text, group) for text in texts)
            chained = centred
        else:
            for text in grid_lines(block):
                group += 1
                raw.append((text, group))
            chained = False
    lines: list[tuple[str, int]] = []
    for text, number in raw:
        if text.strip() or (lines and lines[-1][0].strip()):
            lines.append((text if text.strip() else "", number))
    while lines and not lines[-1][0].strip():
        lines.pop()
    return lines


def body_page(blocks: tuple[Block, ...], routing: str) -> Page:
    """The one page of a Word body: decoded, laid out, its tables kept (Word has no pages until printed)."""
    decoded, encodings = decode_body(blocks)
    lines = tuple(
        Line(text=text, words=tuple(Word(w) for w in text.split()), block=group) for text, group in body_groups(decoded)
    )
    return Page(
        number=1,
        source=PageSource.LEGACY_ENCODING if encodings else PageSource.TEXT_LAYER,
        lines=lines,
        encoding="+".join(encodings) or None,
        routing=f"{routing}, legacy fonts in {', '.join(encodings)}" if encodings else routing,
        tables=tables(decoded),
    )


__all__ = [
    "MAX_SPAN",
    "Block",
    "Grid",
    "Para",
    "Run",
    "Spans",
    "body_groups",
    "body_lines",
    "body_page",
    "decode_body",
    "decode_para",
    "font_verdicts",
    "grid_lines",
    "legacy_font",
    "tables",
]
