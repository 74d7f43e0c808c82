"""hOCR and ALTO: the cleaned words on their boxes, parsed back with lxml (and OCRmyPDF's hOCR
parser), round-trip to the cleaned text."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from viplan_ocr.pipeline import Converted, convert
from viplan_ocr.writers import WRITERS, Unwritten
from viplan_ocr.writers.boxes import NO_LAYOUT

XHTML = "{http://www.w3.org/1999/xhtml}"
ALTO = "{http://www.loc.gov/standards/alto/ns-v4#}"


def _hocr(converted: Converted) -> etree._Element:
    rendered = WRITERS["hocr"].render(converted)
    assert isinstance(rendered, str)
    return etree.fromstring(rendered.encode("utf-8"))


def _alto(converted: Converted) -> etree._Element:
    rendered = WRITERS["alto"].render(converted)
    assert isinstance(rendered, str)
    return etree.fromstring(rendered.encode("utf-8"))


def _title(element: etree._Element) -> dict[str, list[str]]:
    """An hOCR ``title``'s properties: ``bbox 1 2 3 4; x_wconf 96`` gives {"bbox": [...], ...}."""
    parts = (part.split() for part in element.get("title", "").split(";") if part.strip())
    return {name: values for name, *values in parts}


def _classed(root: etree._Element, kind: str) -> list[etree._Element]:
    return root.findall(f".//*[@class='{kind}']")


@pytest.mark.slow
def test_hocr_of_a_scan_has_pages_lines_and_words_with_boxes_and_confidences(scanned):
    root = _hocr(scanned)
    (page,) = _classed(root, "ocr_page")
    properties = _title(page)
    size = scanned.cleaned.pages[0].size
    assert properties["bbox"] == ["0", "0", str(size[0]), str(size[1])] and properties["scan_res"] == ["300", "300"]
    assert _classed(root, "ocr_carea") and _classed(root, "ocr_par")
    for line in _classed(root, "ocr_line"):
        x0, y0, x1, y1 = map(int, _title(line)["bbox"])
        for word in line.findall(f"{XHTML}span[@class='ocrx_word']"):
            wx0, wy0, wx1, wy1 = map(int, _title(word)["bbox"])
            assert x0 <= wx0 < wx1 <= x1 and y0 <= wy0 < wy1 <= y1
            assert 0 <= int(_title(word)["x_wconf"][0]) <= 100
    words = [w.text for w in _classed(root, "ocrx_word")]
    assert words == scanned.cleaned.text.split()
    assert root.findtext(f"{XHTML}head/{XHTML}title") == scanned.document.path


@pytest.mark.slow
def test_hocr_is_what_ocrmypdf_reads(scanned, tmp_path: Path):
    from ocrmypdf.hocrtransform import HocrParser, OcrClass

    path = tmp_path / "scan.hocr"
    path.write_text(WRITERS["hocr"].render(scanned), encoding="utf-8")
    page = HocrParser(path).parse()
    assert page.dpi == 300
    assert [w.text for w in page.iter_by_class(OcrClass.WORD)] == scanned.cleaned.text.split()


@pytest.mark.slow
def test_hocr_and_alto_keep_what_the_engine_read_where_cleaning_changed_it(unaccented):
    hocr_changed = {
        (w.text, w.get("data-original")) for w in _classed(_hocr(unaccented), "ocrx_word") if w.get("data-original")
    }
    strings = _alto(unaccented).iter(f"{ALTO}String")
    alto_changed = {
        (s.get("CONTENT"), s.findtext(f"{ALTO}ALTERNATIVE"))
        for s in strings
        if s.find(f"{ALTO}ALTERNATIVE") is not None
    }
    engine = {w.text for page in unaccented.document.pages for line in page.lines for w in line.words}
    assert len(hocr_changed) > 10 and hocr_changed == alto_changed
    assert all(original in engine or " " in original for _, original in hocr_changed)
    assert all(cleaned != original for cleaned, original in hocr_changed)


@pytest.mark.slow
def test_alto_of_a_scan_is_alto_4_with_positions_and_confidences(scanned):
    root = _alto(scanned)
    assert root.tag == f"{ALTO}alto" and root.findtext(f"{ALTO}Description/{ALTO}MeasurementUnit") == "pixel"
    (page,) = root.iter(f"{ALTO}Page")
    size = scanned.cleaned.pages[0].size
    assert (int(page.get("WIDTH")), int(page.get("HEIGHT"))) == size
    strings = list(root.iter(f"{ALTO}String"))
    assert [s.get("CONTENT") for s in strings] == scanned.cleaned.text.split()
    for string in strings:
        left, top, width, height = (int(string.get(k)) for k in ("HPOS", "VPOS", "WIDTH", "HEIGHT"))
        assert 0 <= left and 0 <= top and left + width <= size[0] and top + height <= size[1] and width > 0
        assert 0.0 <= float(string.get("WC")) <= 1.0
    for line in root.iter(f"{ALTO}TextLine"):  # a space between words, never after the last
        kinds = [child.tag for child in line]
        assert kinds[0] == kinds[-1] == f"{ALTO}String" and f"{ALTO}SP{ALTO}SP" not in "".join(kinds)


def test_a_text_layer_pdf_gives_hocr_and_alto_in_points(inputs: Path):
    converted = convert(inputs / "text.pdf")
    words = converted.cleaned.text.split()
    hocr = _hocr(converted)
    assert _title(_classed(hocr, "ocr_page")[0])["scan_res"] == ["72", "72"]
    assert [w.text for w in _classed(hocr, "ocrx_word")] == words
    assert all("x_wconf" not in _title(w) for w in _classed(hocr, "ocrx_word"))  # no OCR, no confidence
    alto = _alto(converted)
    assert [s.get("CONTENT") for s in alto.iter(f"{ALTO}String")] == words
    assert all(s.get("WC") is None for s in alto.iter(f"{ALTO}String"))


@pytest.mark.parametrize("name", ["hocr", "alto"])
def test_a_file_without_a_layout_gets_no_hocr_or_alto(inputs: Path, name: str):
    assert WRITERS[name].render(convert(inputs / "plan.txt")) == Unwritten(NO_LAYOUT)
