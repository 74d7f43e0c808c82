"""``.hocr``: the cleaned words on their boxes as hOCR 1.2 (XHTML), for tools that read OCR layouts.

hOCR is what Tesseract writes and what OCRmyPDF, hocr-tools, Kraken and many viewers read; ours
carries the *cleaned*, accented words where the engine's would be: ``ocr_page`` (its ``bbox`` is
the page in its unit, ``scan_res`` that unit's dpi, ``ppageno`` from 0) holds one ``ocr_carea``
and ``ocr_par`` per paragraph, then ``ocr_line`` and ``ocrx_word`` elements, each with its
``bbox`` and the word's OCR confidence as ``x_wconf`` (and a sideways page's lines their
``textangle``); where cleaning changed a word, the engine's
reading is kept in ``data-original``. A text-layer page's unit is the point (``scan_res 72 72``).
A file with no page layout (text, Word) gets no ``.hocr`` (:data:`~viplan_ocr.writers.boxes.NO_LAYOUT`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from viplan_ocr.document import Box, union
from viplan_ocr.writers.base import DocumentWriter, Unwritten
from viplan_ocr.writers.boxes import NO_LAYOUT, PlacedPage, has_layout, placed_pages

if TYPE_CHECKING:
    from lxml import etree

    from viplan_ocr.pipeline import Converted

XHTML = "http://www.w3.org/1999/xhtml"
DOCTYPE = (
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
    '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">'
)
CAPABILITIES = "ocr_page ocr_carea ocr_par ocr_line ocrx_word ocrp_wconf"


def bbox(box: Box) -> str:
    """hOCR's ``bbox`` property: left, top, right, bottom.

    >>> bbox((10, 20, 30, 5))
    'bbox 10 20 40 25'
    """
    left, top, width, height = box
    return f"bbox {left} {top} {left + width} {top + height}"


def render(converted: Converted) -> str | Unwritten:
    """The document's cleaned words as one hOCR file, a ``div.ocr_page`` per page."""
    from lxml import etree

    from viplan_ocr import __version__

    pages = placed_pages(converted.cleaned)
    if not has_layout(pages):
        return Unwritten(NO_LAYOUT)
    html = etree.Element(f"{{{XHTML}}}html", nsmap={None: XHTML})
    html.set("lang", "vi")
    html.set("{http://www.w3.org/XML/1998/namespace}lang", "vi")
    head = etree.SubElement(html, f"{{{XHTML}}}head")
    etree.SubElement(head, f"{{{XHTML}}}title").text = converted.document.path
    for name, content in (
        ("ocr-system", f"viplan-ocr {__version__}"),
        ("ocr-capabilities", CAPABILITIES),
        ("ocr-number-of-pages", str(len(pages))),
    ):
        etree.SubElement(head, f"{{{XHTML}}}meta", name=name, content=content)
    body = etree.SubElement(html, f"{{{XHTML}}}body")
    for index, page in enumerate(pages):
        _page(body, page, index)
    declaration = f'<?xml version="1.0" encoding="UTF-8"?>\n{DOCTYPE}'
    return etree.tostring(html, encoding="unicode", doctype=declaration, pretty_print=True)


def _page(body: etree._Element, page: PlacedPage, index: int) -> None:
    """One ``ocr_page``; a page without a size (none in a file with a layout, in practice) is written
    with its number only."""
    from lxml import etree

    n = page.number
    title = [f"ppageno {index}"]
    if page.size is not None:
        title.insert(0, bbox((0, 0, *page.size)))
    if page.dpi:
        title.append(f"scan_res {page.dpi} {page.dpi}")
    div = etree.SubElement(body, f"{{{XHTML}}}div", {"class": "ocr_page", "id": f"page_{n}", "title": "; ".join(title)})
    counts = {"block": 0, "line": 0, "word": 0}
    for lines in page.blocks:
        counts["block"] += 1
        area = _box_element(div, "div", "ocr_carea", f"block_{n}_{counts['block']}", [line.box for line in lines])
        par = _box_element(area, "p", "ocr_par", f"par_{n}_{counts['block']}", [line.box for line in lines])
        for line in lines:
            counts["line"] += 1
            span = _box_element(par, "span", "ocr_line", f"line_{n}_{counts['line']}", [line.box])
            if page.angle:  # a page lying sideways: its lines run up or down it
                span.set("title", f"{span.get('title')}; textangle {page.angle}")
            for position, word in enumerate(line.words):
                counts["word"] += 1
                title = bbox(word.box) + (f"; x_wconf {round(word.confidence)}" if word.confidence is not None else "")
                attributes = {"class": "ocrx_word", "id": f"word_{n}_{counts['word']}", "title": title}
                if word.original is not None:
                    attributes["data-original"] = word.original
                element = etree.SubElement(span, f"{{{XHTML}}}span", attributes)
                element.text = word.text
                element.tail = " " if position < len(line.words) - 1 else None


def _box_element(parent: etree._Element, tag: str, kind: str, ident: str, boxes: list[Box]) -> etree._Element:
    from lxml import etree

    return etree.SubElement(parent, f"{{{XHTML}}}{tag}", {"class": kind, "id": ident, "title": bbox(union(boxes))})


WRITER = DocumentWriter("hocr", ".hocr", render, default=False)
