"""Cleaned words on their OCR boxes: a word joined from OCR words gets their union, a word cut
from one OCR word its part of that box (issue 13: hOCR, ALTO and the searchable PDF place each
cleaned word where it is printed)."""

from __future__ import annotations

from viplan_ocr import clean
from viplan_ocr.document import Change, Document, Line, Page, PageSource, Word, apply_changes
from viplan_ocr.normalize.origins import Origins, rebuild


def _document(*words: tuple[str, tuple[int, int, int, int]]) -> Document:
    line = Line(" ".join(t for t, _ in words), tuple(Word(t, 90.0, box) for t, box in words), box=(0, 0, 400, 20))
    return Document("scan.pdf", (Page(1, PageSource.OCR, (line,), dpi=300, size=(400, 100)),))


def _edited(document: Document, before: str, after: str) -> list[Word]:
    """The cleaned words after one edit, cut back onto the document as cleaning does."""
    start = document.text.index(before)
    change = Change("restore", start, start + len(before), before, after, "test")
    text = apply_changes(document.text, [change])
    origins = Origins.of(document).after(document.text, [change])
    return list(rebuild(origins, text, (change,)).pages[0].lines[0].words)


def test_a_word_cut_in_two_gets_each_its_part_of_the_box():
    document = _document(("Kế", (0, 0, 40, 20)), ("hoạchnăm", (50, 2, 160, 18)))
    words = _edited(document, "hoạchnăm", "hoạch năm")
    assert [(w.text, w.box, w.original) for w in words] == [
        ("Kế", (0, 0, 40, 20), None),
        ("hoạch", (50, 2, 100, 18), None),  # 5 of its 8 letters
        ("năm", (150, 2, 60, 18), None),
    ]


def test_words_joined_into_one_get_the_union_of_their_boxes_and_their_reading():
    document = _document(("Kế", (0, 0, 40, 20)), ("hoạ", (50, 0, 60, 20)), ("ch", (115, 3, 40, 19)))
    words = _edited(document, "hoạ ch", "hoạch")
    assert [(w.text, w.box, w.original) for w in words] == [
        ("Kế", (0, 0, 40, 20), None),
        ("hoạch", (50, 0, 105, 22), "hoạ ch"),
    ]


def test_a_changed_word_keeps_its_box_and_the_engine_reading():
    document = _document(("Ke", (0, 0, 40, 20)), ("hoach", (50, 0, 100, 20)))
    words = _edited(document, "Ke", "Kế")
    assert (words[0].text, words[0].box, words[0].original) == ("Kế", (0, 0, 40, 20), "Ke")
    assert (words[1].text, words[1].box, words[1].original) == ("hoach", (50, 0, 100, 20), None)


def test_line_end_hyphenation_undone_leaves_the_word_on_its_letters():
    lines = ("Các em học sinh phát-", "triển toàn diện")
    made = tuple(
        Line(
            text,
            tuple(Word(t, 90.0, (100 * i, 30 * y, 90, 20)) for i, t in enumerate(text.split())),
            0,
            (0, 30 * y, 500, 20),
        )
        for y, text in enumerate(lines)
    )
    cleaned = clean(Document("scan.pdf", (Page(1, PageSource.OCR, made, dpi=300, size=(600, 100)),)))
    assert "phát triển" in cleaned.text
    phat = next(w for line in cleaned.pages[0].lines for w in line.words if w.text == "phát")
    assert phat.box == (400, 0, 72, 20)  # "phát" is 4 of the 5 letters OCR read as "phát-"
