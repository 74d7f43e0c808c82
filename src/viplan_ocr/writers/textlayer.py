"""An invisible text layer of cleaned words, one PDF page per page, drawn by OCRmyPDF's renderer.

What makes a scan searchable is text drawn invisibly over each printed word. OCRmyPDF (17.x)
draws it from an engine-neutral tree of pages, lines and words (``OcrElement``, what it parses
hOCR into) with its fpdf2 renderer: each word fitted to its box along the line's baseline, one
text object per line (so that ``pdftotext`` keeps word spacing), in an embedded font covering
Vietnamese (Noto Sans), invisible (text render mode 3). We hand it our cleaned words on their
boxes instead of the engine's, and graft its pages onto the document's own
(:mod:`viplan_ocr.writers.searchable_pdf`). Nothing here writes PDF operators.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from viplan_ocr.document import Box, Table, Word, middle_inside, union
from viplan_ocr.extract.tables import RULE_GLYPHS
from viplan_ocr.writers.boxes import PlacedLine, PlacedPage, PlacedWord
from viplan_ocr.writers.grid import row_lines

if TYPE_CHECKING:
    from ocrmypdf.hocrtransform import BoundingBox, OcrElement

#: The unit assumed for an image file that does not state its resolution. Any value gives the
#: same result: the layer is scaled onto the page it is grafted onto.
ASSUMED_DPI = 300
#: The least gap left between two words' hidden text, as a share of the line's height: extractors
#: read a narrower one as no space (:func:`spaced`).
SPACE_SHARE = 0.2
#: A gap between two words of a line wider than this many line heights parts two columns of one
#: row (``ỦY BAN NHÂN DÂN ... CỘNG HÒA XÃ HỘI ...``): the left word's hidden text is drawn across
#: it (:func:`spaced`).
BRIDGE = 1.0
#: ... up to this many line heights before the next word: a word stretched that wide has wide
#: letters, and an extractor reads a gap of one letter's width beside them as no space.
BRIDGE_SPACE = 0.5
#: What OCRmyPDF's renderer is told the text is: Vietnamese (Tesseract's name), which its font
#: manager serves from Noto Sans.
LANGUAGE = "vie"


def import_ocrmypdf() -> None:
    """Import OCRmyPDF, and undo what its import does to the rest of the process.

    ``import ocrmypdf`` replaces pdfminer's ``PDFSimpleFont.__init__`` for its own page analysis
    (``ocrmypdf.pdfinfo.layout``): a simple font without ``/Encoding`` or ``ToUnicode`` then maps
    no character. pdfplumber, which routes our PDF pages, is pdfminer: after one searchable PDF
    a batch worker read the next file's text layer in Helvetica as ``(cid:N)`` codes and sent it
    to OCR. We use OCRmyPDF's renderer, never its page analysis, so pdfminer gets its own back.
    """
    import ocrmypdf.pdfinfo.layout as layout
    from pdfminer.pdffont import PDFSimpleFont

    original = getattr(layout, "original_pdfsimplefont_init", None)
    if original is not None:
        PDFSimpleFont.__init__ = original  # type: ignore[method-assign]


def text_layer(pages: Sequence[tuple[PlacedPage, Sequence[PlacedLine]]]) -> bytes:
    """A PDF with one page per ``(page, lines)``: the page's size, the lines' words invisible on
    their boxes. Raises ValueError for an empty sequence."""
    import_ocrmypdf()
    from ocrmypdf.font import MultiFontManager
    from ocrmypdf.fpdf_renderer import Fpdf2MultiPageRenderer

    if not pages:
        raise ValueError("no pages to draw a text layer for")
    trees = [
        (index, page_tree(page, lines), float(page.dpi or ASSUMED_DPI)) for index, (page, lines) in enumerate(pages)
    ]
    renderer = Fpdf2MultiPageRenderer(pages_data=trees, multi_font_manager=MultiFontManager(), invisible_text=True)
    with tempfile.TemporaryDirectory(prefix="viplan-ocr-layer-") as folder:
        path = Path(folder) / "layer.pdf"
        renderer.render(path)  # OCRmyPDF's renderer writes to a file only
        return path.read_bytes()


def page_tree(page: PlacedPage, lines: Sequence[PlacedLine]) -> OcrElement:
    """The page as OCRmyPDF's tree: a paragraph per block, then lines and words, boxes in the
    page's unit (which the renderer turns into points by ``dpi``)."""
    from ocrmypdf.hocrtransform import OcrClass, OcrElement

    if page.size is None:
        raise ValueError(f"page {page.number} has no size to draw a text layer on")
    root = OcrElement(
        ocr_class=OcrClass.PAGE, bbox=_bbox((0, 0, *page.size)), dpi=page.dpi, page_number=page.number - 1
    )
    paragraph: OcrElement | None = None
    previous: int | None = None
    for line in table_rows(lines, page.grids):
        drawn = _drawn(line.words, line.box, page.tables)
        if not drawn:  # a rule OCR read as a line of ``|``
            continue
        if paragraph is None or line.block != previous:
            paragraph = OcrElement(ocr_class=OcrClass.PARAGRAPH, language=LANGUAGE)
            root.children.append(paragraph)
        previous = line.block
        boxes = [box for _, box in drawn]
        if not page.angle:  # a sideways page's lines run up or down: their gaps are not across
            boxes = spaced(boxes, line.box[3])
        words = [
            OcrElement(ocr_class=OcrClass.WORD, bbox=_bbox(box), text=text)
            for (text, _), box in zip(drawn, boxes, strict=True)
        ]
        angle = float(page.angle) if page.angle else None  # a page lying sideways: its lines run up or down
        paragraph.children.append(
            OcrElement(ocr_class=OcrClass.LINE, bbox=_bbox(line.box), textangle=angle, children=words)
        )
    return root


def table_rows(lines: Sequence[PlacedLine], tables: Sequence[Table]) -> list[PlacedLine]:
    """The page's lines, with those of a table read into a grid drawn again as the ``.txt``
    prints it (:func:`viplan_ocr.writers.grid.row_lines`): row by row, each row line by line
    across its cells. OCR reads a table's lines its own way (a cell's two lines as one, a row
    cut where the scan leans); drawn so, ``pdftotext`` reads the table as the ``.txt`` has it."""
    out: list[PlacedLine] = []
    done: set[int] = set()
    for line in lines:
        index = next((i for i, t in enumerate(tables) if t.box and middle_inside(line.box, t.box)), None)
        if index is None:
            out.append(line)
            continue
        if index in done:
            continue
        done.add(index)
        table = tables[index]
        inside = [w for other in lines if table.box and middle_inside(other.box, table.box) for w in other.words]
        placed = {(w.text.strip(RULE_GLYPHS), w.box): w for w in inside}
        for row, printed in enumerate(row_lines(table, [Word(w.text, box=w.box) for w in inside])):
            for cells in printed:
                words = [placed.get(item) or PlacedWord(*item) for cell in cells for item in cell]
                if words:
                    words[0] = _from_the_edge(words[0], table)
                    block = -1 - 1000 * index - row  # a paragraph per table row
                    out.append(PlacedLine(_row_line_box(words), tuple(words), block, line.source))
    return out


def _row_line_box(words: Sequence[PlacedWord]) -> Box:
    """The box a table row's line is drawn in: across all its words, as high as its middle word
    stands. The renderer sets a line's text as high as its box: the union of the words of a
    row across a leaning scan (1.3° drops 30 pixels across 1,300) would be twice a letter's
    height, and its text would run into the lines above and below, which extractors then read
    mixed (``Thẩmkếtđịnh``). Each word's hidden text still overlaps its printed letters while
    the lean across the row stays under a letter's height."""
    left, _, width, _ = union([w.box for w in words])
    tops = sorted(w.box[1] for w in words)
    heights = sorted(w.box[3] for w in words)
    return left, tops[len(tops) // 2], width, heights[len(heights) // 2]


def _from_the_edge(word: PlacedWord, table: Table) -> PlacedWord:
    """A row's line that starts in a later column (a figure centred beside the middle of a cell
    of three lines) is drawn from the table's left edge: its first word's hidden text covers the
    blank cells before it, as a bridged word covers the blank after it (:func:`spaced`), so that
    extractors read the line between its neighbours above and below, not after them as a
    column of its own. Its box still holds its printed letters."""
    assert table.grid is not None
    left, top, width, height = word.box
    edge = round(table.grid.columns[0] - table.grid.slope * (top + height / 2) + BRIDGE_SPACE * height)
    if edge >= left:
        return word
    return replace(word, box=(edge, top, left + width - edge, height))


def _drawn(words: Sequence[PlacedWord], line: Box, tables: Sequence[Box]) -> list[tuple[str, Box]]:
    """What the hidden layer says of a line's words, with their boxes: the words, but in a line of
    a table read into cells without the ``|`` OCR reads a rule as. The ``.txt`` prints such a
    line's table from its cells, which drop it (:func:`viplan_ocr.writers.grid.text_with_tables`:
    the lines whose middle is inside the table's box).

    >>> words = [PlacedWord("1.776.725|", (50, 50, 40, 10)), PlacedWord("|", (95, 50, 4, 10))]
    >>> _drawn(words, (50, 50, 49, 10), [(0, 0, 200, 100)]), _drawn(words, (50, 50, 49, 10), [])
    ([('1.776.725', (50, 50, 40, 10))], [('1.776.725|', (50, 50, 40, 10)), ('|', (95, 50, 4, 10))])
    """
    if not middle_inside(line, *tables):
        return [(w.text, w.box) for w in words]
    return [(text, w.box) for w in words if (text := w.text.strip(RULE_GLYPHS))]


def spaced(boxes: Sequence[Box], line_height: int) -> list[Box]:
    """The boxes a line's words are drawn on in the hidden layer, so that extractors read the
    line as the cleaned text does: words apart, and a row of two columns as one line.

    - Words cleaning cut from one OCR word (``ngày03`` to ``ngày 03``) lie against each other on
      its box; drawn so, extractors read no gap and join them again (``pdftotext`` gives
      ``ngày03``). The two words give up the facing ends of their boxes, a fifth of the line's
      height between them (about a space at that size), each never more than half its width.
    - A gap wider than :data:`BRIDGE` line heights parts the two columns of a header or
      signature row, which the cleaned text keeps as one line of cells. ``pdftotext``'s layout
      analysis makes each column a block of its own and reads the left one down to its end
      before the right one, so the words of the page come out of order. The word before the gap
      is drawn across it, up to half a line's height before the next word (:data:`BRIDGE_SPACE`):
      its hidden text covers its own printed letters and the blank beside them, and the row
      reads as one line.

    Each word's hidden box still holds its printed letters or lies within them.

    >>> spaced([(0, 0, 50, 20), (50, 0, 30, 20), (100, 0, 20, 20), (400, 0, 40, 20)], 20)
    [(0, 0, 46, 20), (50, 0, 30, 20), (100, 0, 290, 20), (400, 0, 40, 20)]
    >>> spaced([(0, 0, 4, 20), (3, 0, 10, 20)], 20)  # a sign against a word: both give way
    [(0, 0, 2, 20), (6, 0, 7, 20)]
    """
    room = max(1, round(line_height * SPACE_SHARE))
    out = list(boxes)
    for index in range(len(out) - 1):
        left, top, width, height = out[index]
        gap = out[index + 1][0] - (left + width)
        if gap < room:
            take = min(room - gap, width // 2)
            out[index] = (left, top, max(1, width - take), height)
            after, after_top, after_width, after_height = out[index + 1]
            push = min(room - gap - take, after_width // 2)
            out[index + 1] = (after + push, after_top, after_width - push, after_height)
        elif gap > BRIDGE * line_height:
            out[index] = (left, top, round(out[index + 1][0] - BRIDGE_SPACE * line_height) - left, height)
    return out


def _bbox(box: Box) -> BoundingBox:
    from ocrmypdf.hocrtransform import BoundingBox

    left, top, width, height = box
    return BoundingBox(left, top, left + width, top + height)


__all__ = ["ASSUMED_DPI", "import_ocrmypdf", "page_tree", "spaced", "text_layer"]
