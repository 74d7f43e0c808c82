"""The cleaned words on their boxes, page by page: what every writer that places words reads.

hOCR, ALTO, the searchable PDF and the review page all show each *cleaned* word where it is
printed. The cleaned :class:`~viplan_ocr.document.Document` already carries that (cleaning cuts
its text back into the original's pages, lines and words, :func:`~viplan_ocr.normalize.origins.rebuild`:
a word cleaning joined from several OCR words is on the union of their boxes, one cut from an OCR
word on its part of that box). :func:`placed_pages` gives it in the form those writers want:

- every page with its size and unit (``dpi``: the OCR'd image's pixels, or 72 for a text-layer
  page's points), or no layout at all (a text or Word file: ``size`` is None, no lines);
- only lines with text, each with a box (its own, else its words' union), in reading order, with
  the paragraph (``block``) it belongs to and where its text came from (an e-signed scan's kept
  text-layer stamp is a ``text-layer`` line on an ``ocr`` page);
- every word of the cleaned text with a box: a word without one of its own (a signature field's
  reading put into a line) gets its share of the room its neighbours leave on the line, marked
  ``estimated``; its OCR confidence (0-100; None off OCR) and the engine's reading where cleaning
  changed it.

The words of a page's lines, in order, are the words of that page's cleaned text: writers built
on this round-trip to ``cleaned.text`` (whitespace aside).
"""

from __future__ import annotations

from dataclasses import dataclass

from viplan_ocr.document import Box, Document, Line, Page, PageSource, Table, Word, union

#: Why hOCR and ALTO write nothing for a file with no page layout (:class:`~viplan_ocr.writers.base.Unwritten`).
NO_LAYOUT = "the input has no page layout (a text or Word file), so its words have no boxes"


@dataclass(frozen=True, slots=True)
class PlacedWord:
    """A cleaned word on its box."""

    text: str
    box: Box
    #: The OCR engine's confidence (0-100) in what it read there; None off OCR (a text layer).
    confidence: float | None = None
    #: What the engine read, where cleaning changed it (``Ke`` under ``Kế``).
    original: str | None = None
    #: True when the word had no box of its own and was given its share of its line's.
    estimated: bool = False


@dataclass(frozen=True, slots=True)
class PlacedLine:
    """A printed line of cleaned words."""

    box: Box
    words: tuple[PlacedWord, ...]
    #: Lines of one paragraph share a block number (hOCR's ``ocr_par``, ALTO's ``TextBlock``).
    block: int
    #: Where the line's text came from: the page's source, or ``text-layer`` for an exact line an
    #: OCR'd page kept from its text layer (a PDF already holds that text; it is not placed again).
    source: PageSource


@dataclass(frozen=True, slots=True)
class PlacedPage:
    """A page's size and its lines of cleaned words."""

    number: int
    source: PageSource
    #: The unit of ``size`` and of every box, in dots per inch: the OCR'd image's resolution,
    #: 72 for a text-layer page (points); None when an image file did not say.
    dpi: int | None
    #: Width and height in that unit; None for a page without a layout (text and Word files).
    size: tuple[int, int] | None
    lines: tuple[PlacedLine, ...]
    #: Which way the text reads on the page as stored, in degrees counter-clockwise (0, 90, 180,
    #: 270): a scan OCR found lying sideways is read turned, but its boxes are on the page as it
    #: lies, so each line's words run up or down it. Writers draw the lines at this angle
    #: (hOCR ``textangle``, ALTO ``ROTATION``); upright text drawn into an upright box of a
    #: sideways line would be squeezed out of shape, or dropped by OCRmyPDF's renderer.
    angle: int = 0
    #: The boxes of the page's ruled tables read into cells, whose words the ``.txt`` lays out
    #: from their cells (without the ``|`` OCR reads a rule as).
    tables: tuple[Box, ...] = ()
    #: Those of them found on a scan, with their grids: the ``.txt`` prints them row by row from
    #: the cells' printed lines (:func:`viplan_ocr.extract.tables.cell_lines`).
    grids: tuple[Table, ...] = ()

    @property
    def blocks(self) -> list[list[PlacedLine]]:
        """The lines grouped into paragraphs: runs of lines sharing a block number."""
        groups: list[list[PlacedLine]] = []
        for line in self.lines:
            if groups and groups[-1][-1].block == line.block:
                groups[-1].append(line)
            else:
                groups.append([line])
        return groups


def placed_pages(cleaned: Document) -> tuple[PlacedPage, ...]:
    """The cleaned document's pages with their words on their boxes (see the module's docstring).

    ``cleaned`` is what :func:`viplan_ocr.clean` returns for a Document (``Converted.cleaned``);
    an extracted Document works too and gives the engine's own words.
    """
    return tuple(_page(page) for page in cleaned.pages)


def has_layout(pages: tuple[PlacedPage, ...]) -> bool:
    """Whether any page has a size, so that there is something to place words on."""
    return any(page.size is not None for page in pages)


def _page(page: Page) -> PlacedPage:
    if page.size is None:
        return PlacedPage(page.number, page.source, page.dpi, None, ())
    lines = tuple(placed for line in page.lines if (placed := _line(line, page.source)) is not None)
    tables = tuple(table.box for table in page.tables if table.box is not None)
    grids = tuple(table for table in page.tables if table.box is not None and table.grid is not None)
    return PlacedPage(page.number, page.source, page.dpi, page.size, lines, reading_angle(lines), tables, grids)


def reading_angle(lines: tuple[PlacedLine, ...]) -> int:
    """The way most of the page's words run, from first to last word of each line, to the nearest
    quarter turn (degrees counter-clockwise; y grows down the page).

    >>> words = (PlacedWord("Kế", (10, 150, 20, 50)), PlacedWord("hoạch", (10, 0, 20, 120)))
    >>> reading_angle((PlacedLine((10, 0, 20, 200), words, 0, PageSource.OCR),))  # running up the page
    90
    """
    votes = {0: 0, 90: 0, 180: 0, 270: 0}
    for line in lines:
        if len(line.words) < 2:
            continue
        (x0, y0), (x1, y1) = _centre(line.words[0].box), _centre(line.words[-1].box)
        dx, dy = x1 - x0, y0 - y1  # up the page is positive
        if abs(dx) >= abs(dy):
            votes[0 if dx >= 0 else 180] += len(line.words)
        else:
            votes[90 if dy > 0 else 270] += len(line.words)
    return max(votes, key=lambda angle: (votes[angle], angle == 0))


def _centre(box: Box) -> tuple[float, float]:
    return box[0] + box[2] / 2, box[1] + box[3] / 2


def _line(line: Line, source: PageSource) -> PlacedLine | None:
    """The line with a box on every word; None for a line with no text, or nowhere to put it."""
    tokens = line.text.split()
    if not tokens:
        return None
    # A cleaned line's words are its tokens; a line that had none (no OCR words) has them now.
    words = line.words if [w.text for w in line.words] == tokens else tuple(Word(token) for token in tokens)
    boxes = [w.box for w in words if w.box is not None]
    box = line.box or (union(boxes) if boxes else None)
    if box is None:
        return None
    return PlacedLine(box, _fill_gaps(words, box), line.block, line.source or source)


def _fill_gaps(words: tuple[Word, ...], line_box: Box) -> tuple[PlacedWord, ...]:
    """Every word placed: those without a box share the room between their placed neighbours
    (or the line's ends) in proportion to their letters.

    >>> words = (Word("Số:", 90.0, (0, 0, 30, 10)), Word("230"), Word("/KH", 88.0, (80, 0, 30, 10)))
    >>> [(w.text, w.box, w.estimated) for w in _fill_gaps(words, (0, 0, 110, 10))]
    [('Số:', (0, 0, 30, 10), False), ('230', (30, 0, 50, 10), True), ('/KH', (80, 0, 30, 10), False)]
    """
    left, top, width, height = line_box
    placed: list[PlacedWord] = []
    index = 0
    while index < len(words):
        word = words[index]
        if word.box is not None:
            placed.append(PlacedWord(word.text, word.box, word.confidence, word.original))
            index += 1
            continue
        end = index
        while end < len(words) and words[end].box is None:
            end += 1
        start_x = placed[-1].box[0] + placed[-1].box[2] if placed else left
        end_x = words[end].box[0] if end < len(words) else left + width
        end_x = max(end_x, start_x + 1)
        run = words[index:end]
        letters = sum(len(w.text) for w in run)
        x = float(start_x)
        for w in run:
            share = (end_x - start_x) * len(w.text) / letters
            box = (round(x), top, max(round(share), 1), height)
            placed.append(PlacedWord(w.text, box, w.confidence, w.original, estimated=True))
            x += share
        index = end
    return tuple(placed)


__all__ = [
    "NO_LAYOUT",
    "PlacedLine",
    "PlacedPage",
    "PlacedWord",
    "has_layout",
    "placed_pages",
    "reading_angle",
]
