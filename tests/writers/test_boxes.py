"""The one home of "the cleaned words on their boxes" (:func:`viplan_ocr.writers.boxes.placed_pages`)."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from viplan_ocr.document import PageSource
from viplan_ocr.pipeline import convert
from viplan_ocr.writers.boxes import PlacedPage, has_layout, placed_pages


def _inside(box: tuple[int, int, int, int], page: PlacedPage) -> bool:
    assert page.size is not None
    left, top, width, height = box
    return 0 <= left and 0 <= top and left + width <= page.size[0] and top + height <= page.size[1] and width > 0


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    """Whether two (x0, top, x1, bottom) rectangles share some area."""
    return min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])


@pytest.mark.slow
def test_a_scan_gives_every_cleaned_word_on_a_box_inside_its_page(scanned):
    (page,) = placed_pages(scanned.cleaned)
    assert (page.source, page.dpi) == (PageSource.OCR, 300)
    with pdfplumber.open(scanned.source_path) as pdf:  # the page in points, rendered at 300 dpi for OCR
        expected = (pdf.pages[0].width * 300 / 72, pdf.pages[0].height * 300 / 72)
    assert page.size is not None and all(abs(a - b) <= 1 for a, b in zip(page.size, expected, strict=True))
    words = [w for line in page.lines for w in line.words]
    assert [w.text for w in words] == scanned.cleaned.text.split()
    assert all(_inside(w.box, page) and w.confidence is not None and not w.estimated for w in words)
    assert all(_inside(line.box, page) for line in page.lines)


@pytest.mark.slow
def test_words_cleaning_changed_keep_what_the_engine_read(unaccented):
    (page,) = placed_pages(unaccented.cleaned)
    changed = [(w.text, w.original) for line in page.lines for w in line.words if w.original]
    assert len(changed) > 10
    assert ("hiện", "hien") in changed or ("học", "hoc") in changed


def test_a_text_layer_page_places_each_word_on_its_printed_glyphs(inputs: Path):
    converted = convert(inputs / "text.pdf")
    (page,) = placed_pages(converted.cleaned)
    assert (page.source, page.dpi, page.size) == (PageSource.TEXT_LAYER, 72, (595, 842))
    words = [w for line in page.lines for w in line.words]
    assert [w.text for w in words] == converted.cleaned.text.split()
    with pdfplumber.open(inputs / "text.pdf") as pdf:
        printed = pdf.pages[0].extract_words()
    assert [w["text"] for w in printed] == [w.text for w in words]
    for glyphs, word in zip(printed, words, strict=True):
        left, top, width, height = word.box
        assert _overlap(
            (glyphs["x0"], glyphs["top"], glyphs["x1"], glyphs["bottom"]), (left, top, left + width, top + height)
        )
        assert abs(glyphs["x0"] - left) <= 1 and abs(glyphs["x1"] - (left + width)) <= 1


def test_a_text_file_has_no_layout(inputs: Path):
    pages = placed_pages(convert(inputs / "plan.txt").cleaned)
    assert [(p.size, p.lines) for p in pages] == [(None, ())]
    assert not has_layout(pages)
