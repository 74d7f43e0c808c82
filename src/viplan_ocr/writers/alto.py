"""``.alto.xml``: the cleaned words on their boxes as ALTO 4, the layout format libraries archive.

ALTO (Library of Congress) is what digitisation projects and library systems (METS packages,
Goobi, eScriptorium, Transkribus) store next to a scan. Ours holds the *cleaned*, accented words:
``Layout/Page`` (``WIDTH``/``HEIGHT`` the page in its unit) has one ``PrintSpace`` with a
``TextBlock`` per paragraph, ``TextLine`` elements and, for each word, a ``String`` whose
``CONTENT`` is the cleaned word, with ``HPOS``/``VPOS``/``WIDTH``/``HEIGHT`` and the OCR
confidence as ``WC`` (0 to 1); where cleaning changed a word, the engine's reading is its
``ALTERNATIVE`` (``PURPOSE="OCR"``); on a page lying sideways, each ``TextBlock`` has the
``ROTATION`` its text reads at. ``MeasurementUnit`` is ``pixel``: a scan's pixels, and a
text-layer page's points (a 72 dpi "image"). A file with no page layout (text, Word) gets no
``.alto.xml`` (:data:`~viplan_ocr.writers.boxes.NO_LAYOUT`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from viplan_ocr.document import Box, union
from viplan_ocr.writers.base import DocumentWriter, Unwritten
from viplan_ocr.writers.boxes import NO_LAYOUT, PlacedPage, has_layout, placed_pages

if TYPE_CHECKING:
    from lxml import etree

    from viplan_ocr.pipeline import Converted

ALTO = "http://www.loc.gov/standards/alto/ns-v4#"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA = f"{ALTO} http://www.loc.gov/alto/v4/alto-4-4.xsd"


def position(box: Box) -> dict[str, str]:
    """ALTO's position attributes of a box.

    >>> position((10, 20, 30, 5))
    {'HPOS': '10', 'VPOS': '20', 'WIDTH': '30', 'HEIGHT': '5'}
    """
    left, top, width, height = box
    return {"HPOS": str(left), "VPOS": str(top), "WIDTH": str(width), "HEIGHT": str(height)}


def render(converted: Converted) -> str | Unwritten:
    """The document's cleaned words as one ALTO file, a ``Page`` per page."""
    from lxml import etree

    from viplan_ocr import __version__

    pages = placed_pages(converted.cleaned)
    if not has_layout(pages):
        return Unwritten(NO_LAYOUT)
    alto = etree.Element(_tag("alto"), nsmap={None: ALTO, "xsi": XSI})
    alto.set(f"{{{XSI}}}schemaLocation", SCHEMA)
    description = etree.SubElement(alto, _tag("Description"))
    etree.SubElement(description, _tag("MeasurementUnit")).text = "pixel"
    image = etree.SubElement(description, _tag("sourceImageInformation"))
    etree.SubElement(image, _tag("fileName")).text = converted.document.path
    processing = etree.SubElement(description, _tag("Processing"), ID="viplan-ocr")
    etree.SubElement(processing, _tag("processingStepDescription")).text = "OCR, then cleaning (accents restored)"
    software = etree.SubElement(processing, _tag("processingSoftware"))
    etree.SubElement(software, _tag("softwareName")).text = "viplan-ocr"
    etree.SubElement(software, _tag("softwareVersion")).text = __version__
    layout = etree.SubElement(alto, _tag("Layout"))
    for index, page in enumerate(pages, start=1):
        _page(layout, page, index)
    return etree.tostring(alto, encoding="unicode", pretty_print=True, doctype='<?xml version="1.0" encoding="UTF-8"?>')


def _tag(name: str) -> str:
    return f"{{{ALTO}}}{name}"


def _page(layout: etree._Element, page: PlacedPage, index: int) -> None:
    """One ``Page``; a page without a size is written with its number only."""
    from lxml import etree

    n = page.number
    attributes = {"ID": f"page_{n}", "PHYSICAL_IMG_NR": str(index)}
    if page.size is not None:
        attributes.update(WIDTH=str(page.size[0]), HEIGHT=str(page.size[1]))
    element = etree.SubElement(layout, _tag("Page"), attributes)
    if page.size is None:
        return
    space = etree.SubElement(element, _tag("PrintSpace"), position((0, 0, *page.size)))
    lines_seen = words_seen = 0
    for number, lines in enumerate(page.blocks, start=1):
        placing = {"ID": f"block_{n}_{number}", **position(union([line.box for line in lines]))}
        if page.angle:  # a page lying sideways: its text runs up or down it
            placing["ROTATION"] = str(page.angle)
        block = etree.SubElement(space, _tag("TextBlock"), placing)
        for line in lines:
            lines_seen += 1
            text_line = etree.SubElement(
                block, _tag("TextLine"), {"ID": f"line_{n}_{lines_seen}", **position(line.box)}
            )
            for place, word in enumerate(line.words):
                words_seen += 1
                if place:
                    etree.SubElement(text_line, _tag("SP"))
                attributes = {"ID": f"word_{n}_{words_seen}", "CONTENT": word.text, **position(word.box)}
                if word.confidence is not None:
                    attributes["WC"] = f"{min(max(word.confidence, 0.0), 100.0) / 100:.2f}"
                string = etree.SubElement(text_line, _tag("String"), attributes)
                if word.original is not None:
                    etree.SubElement(string, _tag("ALTERNATIVE"), PURPOSE="OCR").text = word.original


WRITER = DocumentWriter("alto", ".alto.xml", render, default=False)
