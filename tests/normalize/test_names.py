"""Names in capitals given back the marks the document prints them with (``normalize/names.py``)."""

from __future__ import annotations

import pytest

from viplan_ocr import clean
from viplan_ocr.document import Document, Line, Page, PageSource
from viplan_ocr.normalize import CleanConfig
from viplan_ocr.normalize.names import restore_names

BODY = "Trường THPT Cao Lãnh 2 tổ chức sinh hoạt chuyên môn.\nGiáo viên Trường THPT Cao Lãnh 2 tham dự."


def test_a_name_in_capitals_takes_the_marks_the_body_prints_it_with():
    text = f"SỞ GDĐT TỈNH ĐỒNG THÁP\nTRƯỜNG THPT CAO LANH 2\n{BODY}\nCAO LANH 2"
    cleaned = clean(text, explain=True)
    assert cleaned.text.split("\n")[1] == "TRƯỜNG THPT CAO LÃNH 2"
    assert cleaned.text.split("\n")[-1] == "CAO LÃNH 2"  # the seal's ring too
    made = [(c.step, c.before, c.after) for c in cleaned.changes if c.applied and c.step == "names"]
    assert made == [("names", "LANH", "LÃNH")] * 2
    assert clean(cleaned.text) == cleaned.text


@pytest.mark.parametrize(
    ("header", "body"),
    [
        ("TRƯỜNG THPT CAO LANH 2", "Trường THPT Cao Lãnh 2 tổ chức sinh hoạt."),  # printed once: no evidence
        # two spellings
        ("TRƯỜNG THPT CAO LANH 2", "Trường Cao Lãnh tổ chức.\nTrường Cao Lãnh dự.\nTrường Cao Lành thi."),
        ("II. CÁC BAN CHỈ ĐẠO", "Gửi các bản kế hoạch.\nDuyệt các bản báo cáo."),  # lowercase words are no name
        ("ĐÔNG THAP", "Tỉnh Đồng Tháp tổ chức.\nSở GDĐT Đồng Tháp dự."),  # a mark the name has not: another word
        ("CAO LANH", "Cao Lãnh\n\nCao     Lãnh"),  # alone or cells apart, no Titlecase pair in a sentence
    ],
)
def test_no_evidence_no_change(header, body):
    text = f"{header}\n{body}"
    assert restore_names(text, CleanConfig()) == (text, [])


def test_typed_text_keeps_its_capitals_as_typed():
    """A text layer (or a Word file) holds what its author typed: ``CAO LANH`` stays."""
    lines = ("TRƯỜNG THPT CAO LANH 2", *BODY.split("\n"))
    page = Page(1, PageSource.TEXT_LAYER, tuple(Line(text, block=i) for i, text in enumerate(lines)))
    assert "CAO LANH 2" in clean(Document("typed.pdf", (page,))).text
    scanned = Page(1, PageSource.OCR, page.lines)
    assert "CAO LÃNH 2" in clean(Document("scan.pdf", (scanned,))).text


def test_the_step_can_be_turned_off():
    text = f"TRƯỜNG THPT CAO LANH 2\n{BODY}"
    assert "CAO LANH 2" in clean(text, config=CleanConfig(names=False))
