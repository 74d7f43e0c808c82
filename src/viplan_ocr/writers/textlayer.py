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
from pathlib import Path
from typing import TYPE_CHECKING

from viplan_ocr.writers.boxes import Box, PlacedLine, PlacedPage

if TYPE_CHECKING:
    from ocrmypdf.hocrtransform import BoundingBox, OcrElement

#: The unit assumed for an image file that does not state its resolution. Any value gives the
#: same result: the layer is scaled onto the page it is grafted onto.
ASSUMED_DPI = 300
#: What OCRmyPDF's renderer is told the text is: Vietnamese (Tesseract's name), which its font
#: manager serves from Noto Sans.
LANGUAGE = "vie"


def text_layer(pages: Sequence[tuple[PlacedPage, Sequence[PlacedLine]]]) -> bytes:
    """A PDF with one page per ``(page, lines)``: the page's size, the lines' words invisible on
    their boxes. Raises ValueError for an empty sequence."""
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
    for line in lines:
        if paragraph is None or line.block != previous:
            paragraph = OcrElement(ocr_class=OcrClass.PARAGRAPH, language=LANGUAGE)
            root.children.append(paragraph)
        previous = line.block
        words = [OcrElement(ocr_class=OcrClass.WORD, bbox=_bbox(w.box), text=w.text) for w in line.words]
        angle = float(page.angle) if page.angle else None  # a page lying sideways: its lines run up or down
        paragraph.children.append(
            OcrElement(ocr_class=OcrClass.LINE, bbox=_bbox(line.box), textangle=angle, children=words)
        )
    return root


def _bbox(box: Box) -> BoundingBox:
    from ocrmypdf.hocrtransform import BoundingBox

    left, top, width, height = box
    return BoundingBox(left, top, left + width, top + height)


__all__ = ["ASSUMED_DPI", "page_tree", "text_layer"]
