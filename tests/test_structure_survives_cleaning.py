"""Cleaning never destroys structure the parser would have found.

For every heading, article, lettered item, bullet, label and page-number form (those of the
issue, and the forms seen in real archives: ``II/``, ``Phần II:``, ``Điều 1.``, the Word bullet
U+F0B7, ``➢``, ``Trang 2/5``, ...), a line opening with it is put after a paragraph line that
reflow would otherwise continue. After ``clean()`` the line still starts a line of its own, and
``parse()`` finds the same sections and items in the cleaned text as in the raw one.
"""

from __future__ import annotations

import pytest

from viplan_ocr import clean, parse
from viplan_ocr.parse.sections import walk
from viplan_ocr.vietnamese.syllables import shadow

#: A body line that reaches the margin without a full stop: reflow continues it when the next
#: line does not start something of its own.
FULL = "Các đơn vị, trường học thực hiện nghiêm túc kế hoạch và báo cáo kết quả thực hiện về Phòng Giáo dục"
#: The same after a clause ending with a comma, and a heading line.
COMMA = "Căn cứ tình hình thực tế của các đơn vị trong năm học vừa qua và những năm trước,"
HEADING = "I. MỤC TIÊU"

#: (the line's opening, the rest of the line). The rest is lowercase where the form allows it,
#: so that nothing but the marker keeps the line apart.
HEADINGS = [
    ("I.", "Mục tiêu chung của kế hoạch"),
    ("II.", "Nhiệm vụ trọng tâm"),
    ("II/", "Nhiệm vụ trọng tâm"),
    ("III)", "Giải pháp thực hiện"),
    ("IV:", "Tổ chức thực hiện"),
    ("Phần II:", "Tổ chức thực hiện"),
    ("PHẦN I", "NHỮNG VẤN ĐỀ CHUNG"),
    ("PHẦN III.", "KINH PHÍ"),
    ("m.", "KINH PHÍ THỰC HIỆN"),
    ("I,.", "Mục tiêu"),
    ("Il.", "Nhiệm vụ"),
    ("1.", "Mục tiêu chung"),
    ("2.1.", "Giai đoạn 2022-2025"),
    ("2./.", "Giai đoạn 2022-2025"),
    ("1)", "Tuyên truyền"),
    ("1/", "Mục tiêu cụ thể"),
    ("3.1-", "Cung ứng dịch vụ"),
    ("I-", "Công tác tham mưu"),
    ("a-", "Phòng chống dịch"),
    ("Chương II", "QUY ĐỊNH CỤ THỂ"),
    ("CHƯƠNG III", "TỔ CHỨC THỰC HIỆN"),
    ("Mục 1.", "Quy định chung"),
    ("Điều 1.", "Ban hành kèm theo Quyết định này"),
    ("Điều 12:", "Hiệu lực thi hành"),
    ("a)", "tổ chức tuyên truyền"),
    ("đ)", "kiểm tra, giám sát"),
    ("b.", "Tổ chức tập huấn"),
]
BULLETS = ["-", "+", "•", "◦", "▪", "➢", "♦", "❖", "✓", "\uf0b7", "\uf0a7", "*", "–", "●", "■", "►", "·"]
LABELS = [
    ("Chỉ tiêu 3:", "100% trường đạt chuẩn quốc gia"),
    ("Chỉ tiêu số 5:", "có ít nhất 99% trẻ em được tiêm chủng"),
    ("Chi tieu s6 4:", "it nhat 55% tre em"),
]
PAGE_NUMBERS = ["- 2 -", "Trang 2/5", "2", "Trang 3", "– 12 –"]

FORMS = (
    [pytest.param(opening, rest, id=f"heading {opening}") for opening, rest in HEADINGS]
    + [pytest.param(bullet, "tổ chức tuyên truyền", id=f"bullet U+{ord(bullet):04X}") for bullet in BULLETS]
    + [pytest.param(opening, rest, id=f"label {opening}") for opening, rest in LABELS]
    + [pytest.param("o", "Mỗi khối lớp tổ chức", id="bullet o (Word level 2)")]
)
CONTEXTS = [pytest.param(FULL, id="after a full line"), pytest.param(COMMA, id="after a comma")]


def _document(before: str, line: str) -> str:
    return f"KẾ HOẠCH\nThực hiện nhiệm vụ năm học 2022-2023\n\n{HEADING}\n{before}\n{line}\n{FULL}.\n"


def _starts_a_line(text: str, opening: str) -> bool:
    """Whether some line of ``text`` starts with ``opening`` (accents aside: cleaning restores them)."""
    wanted = shadow(opening)
    return any(shadow(line.lstrip()).startswith(wanted) for line in text.split("\n"))


def _structure(text: str) -> list[tuple[str, str | None, int]]:
    return [(str(s.kind), s.number, len(ancestors)) for s, ancestors in walk(parse(text).sections)]


@pytest.mark.parametrize("context", CONTEXTS)
@pytest.mark.parametrize(("opening", "rest"), FORMS)
def test_a_marked_line_keeps_its_line_and_its_section(opening: str, rest: str, context: str) -> None:
    raw = _document(context, f"{opening} {rest}")
    cleaned = clean(raw)
    assert _starts_a_line(cleaned, opening), cleaned
    assert _structure(cleaned) == _structure(raw)


@pytest.mark.parametrize("context", CONTEXTS)
@pytest.mark.parametrize("number", PAGE_NUMBERS)
def test_a_page_number_stays_out_of_the_sentences(number: str, context: str) -> None:
    raw = _document(context, number) + "- tổ chức tuyên truyền\n"
    cleaned = clean(raw)
    assert number in cleaned.split("\n"), cleaned
    assert _structure(cleaned) == _structure(raw)


def test_the_parser_finds_every_form_in_one_document_before_and_after_cleaning() -> None:
    lines = [f"{opening} {rest}" for opening, rest in HEADINGS + LABELS] + [f"{b} tổ chức thực hiện" for b in BULLETS]
    raw = "KẾ HOẠCH\nThực hiện nhiệm vụ năm học 2022-2023\n\n" + "\n".join(f"{FULL}\n{line}" for line in lines)
    before, after = _structure(raw), _structure(clean(raw))
    assert after == before
    kinds = {kind for kind, _, _ in before}
    assert kinds == {"roman", "chapter", "article", "arabic", "letter", "bullet", "item"}


@pytest.mark.parametrize("context", CONTEXTS)
def test_a_subject_line_is_no_section(context: str) -> None:
    """``V/v`` (về việc) opens a letter's subject, not a part V."""
    raw = _document(context, "V/v triển khai kế hoạch năm học")
    for text in (raw, clean(raw)):
        assert ("roman", "V", 0) not in _structure(text)
