"""Properties of the whole ``viplan_ocr.clean`` on generated plan-like text.

The documents are built from what seeds 000 and 004 are made of: accented and accent-less
syllables, OCR-damaged words, headings and list markers, scanner noise, and the tokens that
must come through untouched (numbers, dates, percentages, document symbols, abbreviations).
"""

from __future__ import annotations

import unicodedata
from collections import Counter

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from viplan_ocr import clean, replay
from viplan_ocr.document import Document, Line, Page, PageSource, Word

#: Tokens a plan must keep exactly, wherever they stand.
PROTECTED = ["342/KH-SGDĐT", "19-NQ/TW", "08/02/2022", "99,5%", "0,05%", "2022-2030", "THCS", "UBND", "GD&ĐT"]

WORDS = [
    # accented (seed 000)
    "Thực", "hiện", "chương", "trình", "hành", "động", "vì", "trẻ", "em", "giáo", "dục", "phát", "triển",
    "toàn", "diện", "và", "ở", "các", "trường", "học", "sinh", "kế", "hoạch", "xã", "hội", "an", "toàn,",
    # accent-less and OCR-damaged (seed 004)
    "thuc", "hien", "tre", "va", "o", "a", "y", "ho.", "giao", "due", "dugc", "hgc", "tarn", "li", "s6",
    "Chirong", "cua", "nganh", "phat-", "trien", "em.", "em;", "sau:", "Luat", "Tre", "Bo",
]  # fmt: skip
MARKERS = [
    "- ",
    "+ ",
    "a) ",
    "I. ",
    "IV. ",
    "m. ",
    "1. ",
    "2.1. ",
    "2./. ",
    "Chi tieu so 1: ",
    "KT. ",
    "II/ ",
    "Phần II: ",
    "Điều 3. ",
    "➢ ",
    "\uf0b7 ",
    "3.1- ",
]
NOISE = ["r", "r-", "•", "^", "\\", "A»X", "/y", "Pi", "ir\\Ctre", ",c.", "the•"]

TOKENS = st.sampled_from(WORDS + PROTECTED) | st.sampled_from(NOISE)
LINES = st.tuples(st.sampled_from(["", *MARKERS]), st.lists(TOKENS, max_size=10)).map(lambda p: p[0] + " ".join(p[1]))
DOCUMENTS = st.lists(LINES, min_size=1, max_size=8).map("\n".join)
#: The same documents, some of them decomposed (NFD), as a copy-paste from some editors leaves them.
ANY_FORM = st.tuples(DOCUMENTS, st.sampled_from(["NFC", "NFD"])).map(lambda d: unicodedata.normalize(d[1], d[0]))

#: A number standing on its own (not the digit inside an OCR-damaged word such as ``s6``).
NUMBER = regex.compile(r"(?<![\p{L}\d])\d+(?:[.,/]\d+)*%?")


@settings(max_examples=80, deadline=None, derandomize=True)
@given(ANY_FORM)
def test_clean_is_idempotent(text):
    once = clean(text)
    assert clean(once) == once


#: Documents where ``clean`` is not idempotent, found by a wider search (thousands of examples).
FOUND = ["I. Pi /y"]  # 'Pi' stayed, then became 'Pic' (fixed in restore.py, issue 3)


@pytest.mark.parametrize("text", FOUND)
def test_clean_is_idempotent_on_found_cases(text):
    assert clean(text, restore=False) == clean(clean(text, restore=False), restore=False)
    once = clean(text)
    assert clean(once) == once


@settings(max_examples=150, deadline=None, derandomize=True)
@given(ANY_FORM)
def test_line_repair_is_idempotent(text):
    """Without restoration the steps are this package's own: they must be idempotent everywhere."""
    once = clean(text, restore=False)
    assert clean(once, restore=False) == once


@settings(max_examples=60, deadline=None, derandomize=True)
@given(ANY_FORM | st.text(max_size=200))
def test_output_is_nfc(text):
    assert unicodedata.is_normalized("NFC", clean(text))


@settings(max_examples=80, deadline=None, derandomize=True)
@given(DOCUMENTS, st.sampled_from(PROTECTED), st.data())
def test_protected_tokens_survive(text, token, data):
    lines = text.split("\n")
    row = data.draw(st.integers(0, len(lines) - 1))
    words = lines[row].split(" ")
    at = data.draw(st.integers(0, len(words)))
    lines[row] = " ".join([*words[:at], token, *words[at:]])
    assert token in clean("\n".join(lines))


@settings(max_examples=60, deadline=None, derandomize=True)
@given(DOCUMENTS)
def test_numbers_survive(text):
    lost = Counter(NUMBER.findall(text)) - Counter(NUMBER.findall(clean(text)))
    assert not lost


#: Pages of OCR lines: each token a word with a box and a confidence.
OCR_PAGES = st.lists(
    st.lists(st.tuples(LINES, st.sampled_from([None, 20.0, 60.0, 95.0])), min_size=1, max_size=5),
    min_size=1,
    max_size=3,
)


def _ocr_document(pages: list[list[tuple[str, float | None]]]) -> Document:
    built = []
    for number, lines in enumerate(pages, start=1):
        made = []
        for y, (text, confidence) in enumerate(lines):
            words = tuple(Word(t, confidence, (30 * i, 20 * y, 25, 15)) for i, t in enumerate(text.split()))
            made.append(Line(text, words, block=y % 2, box=(0, 20 * y, 300, 15)))
        built.append(Page(number, PageSource.OCR, tuple(made)))
    return Document("generated.pdf", tuple(built))


@settings(max_examples=60, deadline=None)
@given(OCR_PAGES)
def test_a_cleaned_document_replays_and_keeps_its_pages_and_boxes(pages):
    document = _ocr_document(pages)
    cleaned = clean(document)
    assert replay(document, cleaned.changes) == cleaned.text
    assert [p.number for p in cleaned.pages] == [p.number for p in document.pages]
    page_numbers = {p.number for p in document.pages}
    assert all(c.page in page_numbers and c.line is not None for c in cleaned.changes)
    for page in cleaned.pages:
        for line in page.lines:
            assert [w.text for w in line.words] == line.text.split() or not line.words
            assert all(w.box is not None for w in line.words if w.original is None)
    if len(document.pages) == 1 and all(confidence is None for _, confidence in pages[0]):
        assert cleaned.text == clean(document.text)  # with nothing more to go on, the same text
