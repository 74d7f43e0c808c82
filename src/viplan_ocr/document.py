"""The document model that travels through every stage: pages, lines, words, and changes.

Extraction builds a :class:`Document`; cleaning returns a cleaned Document, whose lines and words
keep their page, source, boxes and OCR confidence, with every edit recorded as a :class:`Change`
anchored to its page, line and word; the parser reads ``Document.text`` and ``Source.of`` it.
Objects are frozen: a stage that changes something makes a new object with
:func:`dataclasses.replace`, so an earlier stage's result is never altered behind its back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from enum import StrEnum


class PageSource(StrEnum):
    """Where a page's text came from (the ``text_sources`` of the JSON contract)."""

    TEXT_LAYER = "text-layer"
    OCR = "ocr"
    LEGACY_ENCODING = "legacy-encoding"
    TEXT = "text"


#: A box on a page: left, top, width, height, in the page's unit (``Page.dpi``).
Box = tuple[int, int, int, int]

#: Sources whose text a person typed (a Word file, a born-digital PDF, a legacy-encoded one):
#: what is there was written so, slips included, and OCR's specks cannot be in it.
TYPED = frozenset({PageSource.TEXT_LAYER, PageSource.LEGACY_ENCODING})


@dataclass(frozen=True, slots=True)
class Word:
    """One word as an OCR engine saw it: text, confidence (0-100) and pixel box."""

    text: str
    confidence: float | None = None
    box: tuple[int, int, int, int] | None = None  # left, top, width, height
    #: In a cleaned document, what the engine read where cleaning changed the word.
    original: str | None = None


@dataclass(frozen=True, slots=True)
class Line:
    """One line of text; ``block`` numbers paragraphs so blank lines between them survive.

    In a cleaned document ``joins`` is the text between this line and the one before it:
    ``"\n"``, ``"\n\n"``, or ``" "`` where cleaning re-joined a line the page had broken, so
    the lines stay as printed (each word on its own box) while the text reads in paragraphs.
    """

    text: str
    words: tuple[Word, ...] = ()
    block: int = 0
    box: tuple[int, int, int, int] | None = None  # left, top, width, height, in units of Page.dpi
    source: PageSource | None = None  # set when it differs from the page's (a kept text-layer line)
    joins: str | None = None


@dataclass(frozen=True, slots=True)
class Grid:
    """Where a table's rules stand, for putting words into its cells (:mod:`viplan_ocr.extract.tables`).

    A scan is rarely square: its rules lean by ``slope`` (pixels down per pixel across). Positions
    are measured along the page's own axes after undoing that lean: ``rows`` are the heights at
    which the horizontal rules cross ``x = 0``, ``columns`` the places at which the vertical
    rules cross ``y = 0``, both in order, in the page's unit.
    """

    rows: tuple[float, ...]
    columns: tuple[float, ...]
    slope: float = 0.0
    #: The (row, column) cells with no rule between them and their right-hand neighbour: where a
    #: heading may be merged over two columns.
    open: tuple[tuple[int, int], ...] = ()

    def down(self, x: float, y: float) -> float:
        """How far down a point is, measured along the rules (as ``rows`` are): the points of a
        printed line across a leaning scan are at one height so.

        >>> Grid(rows=(0, 10), columns=(0, 50), slope=0.02).down(100, 12)
        10.0
        """
        return y - self.slope * x

    def across(self, x: float, y: float) -> float:
        """How far across a point is, measured along the rules (as ``columns`` are)."""
        return x + self.slope * y

    def cell_at(self, x: float, y: float) -> tuple[int, int] | None:
        """The (row, column) of the cell holding the point, or None outside the grid.

        >>> Grid(rows=(0, 10, 20), columns=(0, 50, 100)).cell_at(60, 15)
        (1, 1)
        >>> Grid(rows=(0, 10), columns=(0, 50)).cell_at(60, 5) is None
        True
        """
        across, down = self.across(x, y), self.down(x, y)
        row = _between(self.rows, down)
        column = _between(self.columns, across)
        return None if row is None or column is None else (row, column)


def _between(edges: tuple[float, ...], value: float) -> int | None:
    for index in range(len(edges) - 1):
        if edges[index] <= value < edges[index + 1]:
            return index
    return None


@dataclass(frozen=True, slots=True)
class Table:
    """A table: rows of cell texts (a cell's lines joined by ``\n``), found in the file or on the page.

    Word files hold their tables as such; on a text-layer PDF page pdfplumber finds the ruled ones
    and on a scan their rules are found in the image (:mod:`viplan_ocr.extract.tables`). The page's
    lines still carry the table's text as it was read (cells side by side); this keeps its grid for
    callers that want cells rather than lines. ``ruled`` tells a table printed with borders (data)
    from the borderless ones Vietnamese offices use to lay out the header and the signature block;
    ``aligned`` marks a table printed without rules that a text-layer page still shows as columns
    of figures (:mod:`viplan_ocr.extract.unruled`): not ruled, yet data.
    """

    rows: tuple[tuple[str, ...], ...]
    ruled: bool = False
    #: Where the table stands on its page: left, top, width, height in the page's unit
    #: (``Page.dpi``); None for a Word table, which has no page until printed.
    box: tuple[int, int, int, int] | None = None
    #: How many rows at the top are column headings (``TT | Chỉ tiêu | Đơn vị | Kế hoạch``).
    header_rows: int = 0
    #: The rules of a table found on a scan, so that cleaned words can be put back into its cells.
    grid: Grid | None = None
    #: Found by its columns of aligned text, not by rules or in a Word file: a data table printed
    #: without borders (``ruled`` is False, as printed).
    aligned: bool = False
    #: Merged cells as (row, column, rows, columns): the text stands in the first cell, the others
    #: it covers are empty. A heading printed once over several columns (``Năm 2017`` over
    #: ``Kế hoạch | Ước``) heads each of them (:meth:`owner`).
    merged: tuple[tuple[int, int, int, int], ...] = ()

    @property
    def columns(self) -> int:
        """The number of columns (of the widest row)."""
        return max((len(row) for row in self.rows), default=0)

    def owner(self, row: int, column: int) -> tuple[int, int]:
        """The cell whose text stands for (row, column): the first cell of a merged cell covering
        it, else the cell itself.

        >>> table = Table(rows=(("TT", "Năm 2017", ""), ("", "Kế hoạch", "Ước")), merged=((0, 1, 1, 2),))
        >>> table.owner(0, 2), table.owner(1, 2)
        ((0, 1), (1, 2))
        """
        return merged_owner(self.merged, row, column)


def union(boxes: Sequence[Box]) -> Box:
    """The smallest box holding every box (at least one).

    >>> union([(10, 10, 20, 5), (40, 8, 10, 10)])
    (10, 8, 40, 10)
    """
    left, top = min(b[0] for b in boxes), min(b[1] for b in boxes)
    right, bottom = max(b[0] + b[2] for b in boxes), max(b[1] + b[3] for b in boxes)
    return left, top, right - left, bottom - top


def middle_inside(box: tuple[int, int, int, int] | None, *areas: tuple[int, int, int, int]) -> bool:
    """Whether a box's middle lies in one of the areas (boxes: left, top, width, height): how a
    line or word is told to stand in a table, a note or a kept stamp.

    >>> word = (10, 10, 20, 10)
    >>> middle_inside(word, (0, 0, 100, 30)), middle_inside(word, (50, 0, 10, 30)), middle_inside(None, (0, 0, 9, 9))
    (True, False, False)
    """
    if box is None:
        return False
    x, y = box[0] + box[2] / 2, box[1] + box[3] / 2
    return any(left <= x <= left + width and top <= y <= top + height for left, top, width, height in areas)


def merged_owner(merged: Sequence[tuple[int, int, int, int]], row: int, column: int) -> tuple[int, int]:
    """The first cell of the merged cell (row, column, rows, columns) covering a cell, else the cell."""
    for top, left, rows, columns in merged:
        if top <= row < top + rows and left <= column < left + columns:
            return top, left
    return row, column


@dataclass(frozen=True, slots=True)
class Page:
    """One page, with the source of its text and, for OCR pages, the mean word confidence."""

    number: int
    source: PageSource
    lines: tuple[Line, ...] = ()
    confidence: float | None = None
    encoding: str | None = None
    warnings: tuple[str, ...] = ()
    routing: str | None = None  # why this source was chosen, e.g. "text layer covers 1% of a scan"
    dpi: int | None = None  # the unit of line and word boxes (72 for text-layer points)
    #: The page's width and height in that unit: the OCR'd image's pixels, or a text-layer page's
    #: points; None where the page has no layout (a text file, a Word file). Writers that place
    #: words on the page (hOCR, ALTO, the searchable PDF) need it, since boxes alone do not say
    #: how large the page around them was.
    size: tuple[int, int] | None = None
    #: The page's tables, top to bottom: a Word file's own, a PDF page's ruled ones and those
    #: printed without rules, a scan's ruled ones (:mod:`viplan_ocr.extract.tables`,
    #: :mod:`viplan_ocr.extract.unruled`).
    tables: tuple[Table, ...] = ()

    @property
    def text(self) -> str:
        """The page's lines in reading order, with a blank line where a new block starts."""
        return "".join(part for _, part in _page_parts(self))


def _page_parts(page: Page) -> list[tuple[int | None, str]]:
    """The page's text in pieces: (index of the line, its text) and (None, a separator)."""
    parts: list[tuple[int | None, str]] = []
    previous: int | None = None
    for index, line in enumerate(page.lines):
        if index:
            if line.joins is not None:
                parts.append((None, line.joins))
            else:
                parts.append((None, "\n\n" if line.block != previous else "\n"))
        parts.append((index, line.text))
        previous = line.block
    return parts


def text_parts(document: Document) -> list[tuple[tuple[int, int] | None, str]]:
    """The document's text in pieces: ((page index, line index), its text) and (None, a separator).

    The one rendering of a document as text: ``Document.text`` joins these pieces, and cleaning
    uses the same pieces to know which page and line each character came from.
    """
    parts: list[tuple[tuple[int, int] | None, str]] = []
    for number, page in enumerate(document.pages):
        first = page.lines[0].joins if page.lines else None
        if number or first is not None:
            parts.append((None, first if first is not None else "\n\n"))
        parts.extend(((number, index) if index is not None else None, text) for index, text in _page_parts(page))
    return parts


@dataclass(frozen=True, slots=True)
class Document:
    """An extracted file: its path and its pages; once cleaned, also the changes cleaning made."""

    path: str
    pages: tuple[Page, ...] = ()
    #: Every edit cleaning made (and suggested), in order, each anchored to its page and line.
    changes: tuple[Change, ...] = ()

    @property
    def text(self) -> str:
        """All pages' text, pages separated by a blank line (or joined where cleaning re-joined them)."""
        return "".join(text for _, text in text_parts(self))

    @property
    def text_sources(self) -> list[str]:
        """The source of each page, in page order."""
        return [str(page.source) for page in self.pages]

    def to_dict(self) -> dict:
        """A JSON-ready description of the document, page by page."""
        return {
            "path": self.path,
            "pages": [
                {
                    "number": page.number,
                    "source": str(page.source),
                    "confidence": page.confidence,
                    "encoding": page.encoding,
                    "warnings": list(page.warnings),
                    "routing": page.routing,
                    "text": page.text,
                }
                for page in self.pages
            ],
        }

    @property
    def steps(self) -> list[str]:
        """The names of the cleaning steps that changed something, in order."""
        seen: list[str] = []
        for change in self.changes:
            if change.applied and change.step not in seen:
                seen.append(change.step)
        return seen

    @property
    def flagged(self) -> list[Change]:
        """Changes a person should review: low-confidence ones, applied or not."""
        return [c for c in self.changes if not c.applied or c.confidence < REVIEW_BELOW]

    def report(self) -> str:
        """A plain-text table of the changes, as ``viplan-ocr clean --explain`` prints it."""
        rows = [f"{'step':<10} {'reason':<10} {'conf':>5} {'applied':<7} {'where':<9} before -> after"]
        for c in self.changes:
            where = f"p{c.page}:{c.line + 1}" if c.page is not None and c.line is not None else "-"
            rows.append(
                f"{c.step:<10} {c.reason:<10} {c.confidence:>5.2f} {'yes' if c.applied else 'REVIEW':<7} {where:<9} "
                f"{c.before!r} -> {c.after!r}"
            )
        return "\n".join(rows)

    @classmethod
    def from_text(cls, text: str, path: str = "-") -> Document:
        """Wrap plain text (already decoded) as a one-page document."""
        blocks = text.split("\n")
        lines = tuple(Line(text=line) for line in blocks)
        return cls(path=path, pages=(Page(number=1, source=PageSource.TEXT, lines=lines),))


@dataclass(frozen=True, slots=True)
class Change:
    """One edit made by a cleaning step.

    ``start``/``end`` are offsets into the text the step received, so applying a step's applied
    changes from last to first to its input reproduces its output. Changes with
    ``applied=False`` are suggestions the restorer was not confident enough to make: a person
    may want to review them.
    """

    step: str
    start: int
    end: int
    before: str
    after: str
    reason: str
    confidence: float = 1.0
    applied: bool = True
    #: Where the change is in the original document: page number (1-based), line index in
    #: that page's ``lines`` (0-based) and word index in that line's ``words`` (OCR pages).
    page: int | None = None
    line: int | None = None
    word: int | None = None

    def to_dict(self) -> dict:
        """A JSON-ready copy."""
        return asdict(self)


#: Changes under this confidence are shown for review (``Document.flagged``, ``REVIEW``).
REVIEW_BELOW = 0.8


def apply_changes(text: str, changes: list[Change]) -> str:
    """Apply one step's applied changes to the text that step received.

    Changes of one step never overlap; they are joined in one pass (not one copy of the text per
    change, which made long documents quadratic).

    >>> apply_changes("tre em", [Change("restore", 0, 3, "tre", "trẻ", "accent", 0.9)])
    'trẻ em'
    """
    parts: list[str] = []
    position = 0
    for change in sorted((c for c in changes if c.applied), key=lambda c: c.start):
        parts.append(text[position : change.start])
        parts.append(change.after)
        position = change.end
    parts.append(text[position:])
    return "".join(parts)


def replay(original: Document | str, changes: tuple[Change, ...] | list[Change]) -> str:
    """The cleaned text, from the original and the changes: each step's applied changes in turn.

    A change's offsets are into the text its step received, so the steps are replayed in the
    order they ran. ``replay(document, clean(document).changes) == clean(document).text``.

    >>> replay("tre em", [Change("restore", 0, 3, "tre", "trẻ", "accent", 0.9)])
    'trẻ em'
    """
    text = original if isinstance(original, str) else original.text
    step: list[Change] = []
    for change in changes:
        if step and change.step != step[0].step:
            text = apply_changes(text, step)
            step = []
        step.append(change)
    return apply_changes(text, step) if step else text


#: A cleaned document: what ``clean(..., explain=True)`` returned before it returned a Document.
Cleaned = Document
