"""How a line of a Vietnamese administrative document says "I start something": one grammar.

Plans and decisions are built from parts (``I.``, ``II/``, ``PHẦN I``, ``Phần II:``), chapters
(``Chương II``, ``Mục 3``), articles (``Điều 1.``), numbered sections (``1.``, ``2.1.``, ``1)``),
lettered items (``a)``, ``đ)``, ``b.``), bullets (``-``, ``+``, ``•``, ``➢``, ``♦``, ``❖``,
``✓``, the Word bullet U+F0B7, ...) and labelled items (``Chỉ tiêu số 1:``). This module is the
one place that grammar lives: noise removal keeps a marker that looks like dirt (``m.`` is
``III.`` as an English OCR engine reads it), reflow never glues a line that opens with one onto
the line before, and the parser builds its section tree from :func:`read_marker`. When they
used two grammars, ``clean()`` merged headings and dropped bullets that ``parse()`` would have
found.

OCR damage that is unambiguous is read through (``m.`` -> ``III``, ``2./.`` -> ``2.1``,
``I,.`` -> ``I``) and flagged ``ocr-damaged``, never silently renumbered.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import regex

from viplan_ocr.vietnamese.layout import is_capitals, is_page_number
from viplan_ocr.vietnamese.syllables import shadow


class SectionKind(StrEnum):
    """What opens a node of a document's structure (the ``kind`` key of a parsed section)."""

    ROMAN = "roman"  # I., II/, PHẦN I, Phần II: (parts)
    CHAPTER = "chapter"  # Chương II, Mục 3
    ARTICLE = "article"  # Điều 1.
    ARABIC = "arabic"  # 1., 2.1., 1) (sections)
    LETTER = "letter"  # a), b), đ)
    BULLET = "bullet"  # -, +, *, •, ➢, ...
    ITEM = "item"  # a "Chỉ tiêu N:" line without a bullet


#: ``số`` as an English OCR engine reads it: ``so``, ``s6``, ``s0`` (on the shadow).
SO = r"s[o06]"
#: ``chỉ tiêu`` with OCR's ``l``/``1`` for ``i`` (``Chl tleu``), on the shadow.
CHI_TIEU = r"ch[il1]\s*t[il1]eu"
#: A target's label, on the shadow: ``Chỉ tiêu 18:``, ``Chỉ tiêu số 1:``, ``Chi tieu s6 4:``.
TARGET_LABEL = regex.compile(rf"\s*{CHI_TIEU}\s*(?:{SO}\s*)?(?P<label>\d{{1,3}})\s*[:.)-]")
#: Any labelled item: a capitalised phrase of up to four words and a number, then a colon
#: (``Bước 2:``, ``Nhiệm vụ 3:``). It keeps its own line; only ``Chỉ tiêu`` makes a parsed item.
_LABEL = regex.compile(r"\p{Lu}\p{L}*(?:\s+\w*\p{L}\w*){0,3}\s+\d{1,3}\s*:")

#: Bullet characters: dashes, ``+``, ``*``, the round, square and arrow bullets of word
#: processors (``•``, ``▪``, ``➢``, ``♦``, ``❖``, ``✓``), the Symbol/Wingdings bullets a PDF
#: text layer or a Word file gives as private-use characters (U+F0B7, U+F0A7, U+F0D8, U+F076,
#: U+F0FC), and how an OCR engine reads a faint dash or a small dot: ``_``, ``~``, ``°``, ``»``.
BULLETS = "-–—+*•·●○◦▪■□►▸➢➤➣♦◆❖✓✔✗»~_°\uf0b7\uf0a7\uf0d8\uf076\uf0fc\uf0e0\uf0d7"

#: A heading number as one token, for noise removal: ``I.``, ``IV.``, ``II/``, ``m.``/``HI.``/
#: ``Ill.`` (a damaged ``III.``), ``2.``, ``2.1.``, ``2./.`` (``2.1.`` read by an English engine),
#: ``1/``, ``a)``, ``(b)``, ``đ)``, ``b.``.
HEADING_NUMBER = regex.compile(
    r"\(?(?:(?:(?i:(?=[ivxl])x{0,3}(?:[il][xv]|v?[il]{0,3}))|H[Il]{0,2}|\d{1,2}(?:\.\d{1,2})*)(?:\./\.|[.)/:])"
    r"|\p{L}[.)])",
)

#: A line opening with a heading number token, then a space: cleaning keeps such a line apart
#: even where the parser sees no section (``m. ,c.``: a damaged ``III.`` or a speck), since
#: joining it to the line before could not be undone.
_NUMBER_START = regex.compile(rf"(?:{HEADING_NUMBER.pattern})(?=\s|$)")

#: ``I. MỤC TIÊU``, ``IV. TỔ CHỨC``, ``II/ NHIỆM VỤ``, ``I- Công tác``, ``Phần II: ...``, ``PHẦN I``
#: alone (but not ``V/v``, the subject line of a letter); ``l``,
#: ``1`` and ``|`` are how OCR reads the stroke of ``I`` (``Il.`` for ``II.``), accepted next to a
#: real Roman letter; a speck read as a comma before the full stop (``I,. Mục tiêu``) too, and a
#: comma for the stop before a title in capitals (``V, LỊCH CHI TIẾT``).
_ROMAN_MARKER = regex.compile(
    r"^(?:(?P<part>(?:PHẦN|Phần|PHAN|Phan)\s+)(?P<num>[IVXl1|]{1,6})(?:\s*,?[.):/–-])?\s*(?=\S|$)"
    r"|(?P<num>[IVXl1|]{1,6})\s*,?(?:[.):]|/(?![vV]\b)|-(?=\s)|,(?=\s*\p{Lu}{2}))\s*(?=\S))"
)
#: What an OCR engine reads for ``I`` in a Roman numeral: ``l``, ``1``, ``|``, and after a
#: chapter's word ``]`` or ``!`` (``Chương]``).
_ROMAN_LOOKALIKES = str.maketrans("l1|]!", "IIIII")
#: Roman numerals as OCR misreads them: ``m.`` (three strokes run together), ``H.``/``HI.``/
#: ``HH.`` for ``II.``/``III.``, ``L.``/``l.`` for ``I.``. Taken before a title in capitals
#: (:func:`read_marker`), or where the sequence of parts says that number is due
#: (:func:`damaged_roman`, used by the parser's section tree).
DAMAGED_ROMAN = {
    "m": "III",
    "H": "II",
    "HI": "III",
    "IH": "III",
    "HH": "III",
    "L": "I",
    "l": "I",
    "ll": "II",
    "lll": "III",
    "Il": "II",
    "lI": "II",
    "1I": "II",
    "1ll": "III",
}
_DAMAGED_ROMAN_MARKER = regex.compile(
    rf"^(?P<num>{'|'.join(sorted(map(regex.escape, DAMAGED_ROMAN), key=len, reverse=True))})\s*\.\s*(?=\p{{Lu}})"
)
#: ``1. Mục tiêu chung``, ``2.1. Giai đoạn``, ``2./. Giai doan`` (a slash for a 1), ``3) ...``,
#: ``1/ Mục tiêu``, ``3.1- Cung ứng``. A lone number needs its dot, so ``5 tuổi`` is no heading.
_ARABIC_MARKER = regex.compile(
    r"^(?P<num>\d{1,2}(?:\s?\.\s?(?:\d{1,2}|[/lI|!]))*)(?:(?P<end>\.|\))|(?P<end>[/-])(?=\s))?\s*(?=[\p{L}\"“(])"
)
#: ``a) Tỷ lệ huy động``, ``đ) ...``, ``a- Phòng chống``; ``b. Tỷ lệ`` when a capital follows the dot.
_LETTER_MARKER = regex.compile(r"^(?P<num>[a-zđ])\s?(?:\)\s*(?=\S)|-\s+(?=\S)|\.\s+(?=\p{Lu}))")
#: ``- Chỉ tiêu 7``, ``+ ...``, ``• ...``, ``➢ ...``: a bullet, not a rule (``-----``, ``___``).
_BULLET_MARKER = regex.compile(rf"^(?P<num>[{regex.escape(BULLETS)}])(?![-–—_~=*.])\s*(?=\S)")
#: Word's second-level bullet, a letter ``o`` in Courier New, before a capitalised item:
#: ``o Mỗi khối lớp``. (The word ``ở`` never opens a line in lowercase before a capital.) An
#: OCR engine adds a speck of the glyph's shadow to it: ``o_ Mỗi``, ``o. Mỗi``.
_LETTER_O_BULLET = regex.compile(r"^(?P<num>o)[_.,·]?\s+(?=\p{Lu})")
#: On the shadow: ``Chương II``, ``Mục 3.``, ``Điều 1.`` (a number, then punctuation, the end
#: of the line or a capitalised title, so that ``Chương trình`` and ``Mục tiêu`` are no markers).
#: A chapter's ``I`` read as ``]``, ``|`` or ``!`` may run into the word (``Chương]``).
_CHAPTER_MARKER = regex.compile(
    r"^(?P<word>chuong|muc)(?:\s+(?P<num>[ivxl|\]!]{1,6}|\d{1,2})|(?P<num>[|\]!][ivxl|\]!]{0,5}))"
    r"(?![\p{L}\d])\s*[.:–-]?\s*"
)
#: Specks read as dashes, rules or quotes before a chapter heading (``-     Chương I``,
#: ``_ Chương]``): a chapter heading stands alone on its line, so what is before it is debris.
_DEBRIS = "-–—_~.,'‘’`•·"
_DEBRIS_BEFORE_CHAPTER = regex.compile(rf"^(?:[{regex.escape(_DEBRIS)}]+\s*)+(?=chuong(?![\p{{L}}\d]))")
_ARTICLE_MARKER = regex.compile(r"^dieu\s+(?P<num>\d{1,3})\b\s*[.:]?\s*")

#: Vietnamese list letters in order (``đ`` follows ``d``; ``f``, ``j``, ``w``, ``z`` are unused).
LETTERS = "abcdđeghiklmnopqrstuvxy"
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}


def roman_value(numeral: str) -> int | None:
    """The value of a Roman numeral up to 39, or None if it is not a well-formed one.

    >>> roman_value("IV"), roman_value("XII"), roman_value("IIII")
    (4, 12, None)
    """
    total = 0
    for i, char in enumerate(numeral):
        value = _ROMAN_VALUES.get(char)
        if value is None:
            return None
        following = _ROMAN_VALUES.get(numeral[i + 1], 0) if i + 1 < len(numeral) else 0
        total += -value if value < following else value
    return total if 0 < total < 40 and to_roman(total) == numeral else None


def to_roman(value: int) -> str:
    """The Roman numeral of 1..39.

    >>> to_roman(3), to_roman(19)
    ('III', 'XIX')
    """
    tens, units = divmod(value, 10)
    digits = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"]
    return "X" * tens + digits[units]


@dataclass(frozen=True, slots=True)
class Marker:
    """What opens a node: its kind, normalised number, the marker as read, and its rank.

    ``rank`` orders kinds for nesting: a node closes every open node of equal or higher rank
    (a ``PHẦN`` 1, a part ``I.`` or a ``Chương`` 2, a ``Mục`` 3, an article 4, ``1.`` 5, ``2.1.``
    6, a letter 10, a ``Chỉ tiêu`` item 15, a bullet 20 and a ``+`` bullet 21). ``length`` is how many characters
    of the line the marker takes.
    """

    kind: SectionKind
    number: str | None
    raw: str
    rank: int
    length: int
    flags: tuple[str, ...] = ()


def damaged_roman(line: str) -> Marker | None:
    """A part's number as OCR damaged it (``m.``, ``L.``, ``HH.``), read whatever follows it.

    Whether to believe it is the caller's: before a title in capitals, or where the sequence
    of parts says that number is due.

    >>> damaged_roman("L. Tình hình").number, damaged_roman("Lê Văn A")
    ('I', None)
    """
    if match := _DAMAGED_ROMAN_MARKER.match(line):
        number = DAMAGED_ROMAN[match.group("num")]
        return Marker(SectionKind.ROMAN, number, line[: match.end()].strip(), 2, match.end(), ("ocr-damaged",))
    return None


def _roman(line: str) -> Marker | None:
    if (marker := damaged_roman(line)) and is_capitals(line[marker.length :]):
        return marker
    if match := _ROMAN_MARKER.match(line):
        raw = match.group("num")
        numeral = raw.translate(_ROMAN_LOOKALIKES)
        value = roman_value(numeral)
        if value is not None and any(c in "IVX" for c in raw):
            flags = ("ocr-damaged",) if numeral != raw or "," in match.group() else ()
            rank = 1 if match.group("part") else 2  # PHẦN I holds parts I., II. of its own
            return Marker(SectionKind.ROMAN, numeral, line[: match.end()].strip(), rank, match.end(), flags)
    return None


def _by_keyword(line: str) -> Marker | None:
    """``Chương II``, ``Mục 3``, ``Điều 1.``, matched on the shadow so that OCR's ``Dieu`` counts."""
    head = line[:24]
    folded = shadow(head)
    if match := _ARTICLE_MARKER.match(folded):
        rest = line[match.end() :]
        if match.group().rstrip()[-1:] in ".:" or not rest or rest[:1].isupper():
            return Marker(SectionKind.ARTICLE, match.group("num"), line[: match.end()].strip(), 4, match.end())
    if match := _CHAPTER_MARKER.match(folded):
        rest = line[match.end() :]
        printed = line[match.start("num") : match.end("num")]  # the shadow is one to one
        # Read on the shadow: a speck under a numeral is a dot below to OCR (``Chương VỊ``).
        number = printed if printed.isdigit() else match.group("num").translate(_ROMAN_LOOKALIKES).upper()
        if not number.isdigit() and roman_value(number) is None:
            return None
        if match.group().rstrip()[-1:] in ".:–-" or not rest.strip() or rest[:1].isupper():
            rank = 2 if match.group("word") == "chuong" else 3
            flags = ("ocr-damaged",) if number != printed.upper() else ()
            return Marker(SectionKind.CHAPTER, number, line[: match.end()].strip(), rank, match.end(), flags)
    return None


def _chapter_after_debris(line: str) -> Marker | None:
    """``Chương I`` behind specks OCR read as dashes or quotes (``-     Chương I``), flagged.

    >>> marker = _chapter_after_debris("-     Chương I")
    >>> marker.number, marker.raw, marker.flags
    ('I', '-     Chương I', ('ocr-damaged',))
    >>> _chapter_after_debris("- Chương trình hành động"), _chapter_after_debris("- Điều 3 Luật Đầu tư")
    (None, None)
    """
    if line[:1] not in _DEBRIS or not (debris := _DEBRIS_BEFORE_CHAPTER.match(shadow(line[:40]))):
        return None
    marker = _by_keyword(line[debris.end() :])
    if marker is None or marker.rank != 2:
        return None
    end = debris.end() + marker.length
    return Marker(marker.kind, marker.number, line[:end].strip(), marker.rank, end, ("ocr-damaged",))


def read_marker(line: str) -> Marker | None:
    """The marker a left-stripped line opens with, if any.

    >>> marker = read_marker("m. KINH PHI THUC HIEN")
    >>> str(marker.kind), marker.number, marker.raw, marker.flags
    ('roman', 'III', 'm.', ('ocr-damaged',))
    >>> read_marker("2./. Giai doan 2022-2025").number, read_marker("II/ Nhiệm vụ").number
    ('2.1', 'II')
    >>> read_marker("Phần II: Tổ chức thực hiện").number, read_marker("Điều 3. Hiệu lực").number
    ('II', '3')
    >>> read_marker("- a) Tuyên truyền").number, str(read_marker("➢ Phòng Giáo dục").kind)
    ('a', 'bullet')
    >>> read_marker("5 tuổi đi học"), read_marker("Chương trình hành động"), read_marker("Mục tiêu chung")
    (None, None, None)
    >>> read_marker("V/v triển khai kế hoạch"), read_marker("3.1- Cung ứng").number, read_marker("o Mỗi khối").raw
    (None, '3.1', 'o')
    """
    if marker := _roman(line):
        return marker
    if marker := _by_keyword(line):
        return marker
    if marker := _chapter_after_debris(line):
        return marker
    if (match := _ARABIC_MARKER.match(line)) and (match.group("end") or "." in match.group("num")):
        raw = match.group("num")
        parts = [p.strip() for p in raw.split(".") if p.strip()]
        damaged = any(not p.isdigit() for p in parts)
        number = ".".join(str(int(p)) if p.isdigit() else "1" for p in parts)
        flags = ("ocr-damaged",) if damaged else ()
        return Marker(SectionKind.ARABIC, number, line[: match.end()].strip(), 4 + len(parts), match.end(), flags)
    if match := _LETTER_MARKER.match(line):
        return Marker(SectionKind.LETTER, match.group("num"), line[: match.end()].strip(), 10, match.end())
    if match := _BULLET_MARKER.match(line):
        # A dash before a list letter (``- a) Tuyên truyền``: a speck read as a dash, or a
        # typist's habit) leaves the letter in charge.
        if letter := _LETTER_MARKER.match(line[match.end() :]):
            end = match.end() + letter.end()
            return Marker(SectionKind.LETTER, letter.group("num"), line[:end].strip(), 10, end)
        rank = 21 if match.group("num") == "+" else 20
        return Marker(SectionKind.BULLET, None, match.group("num"), rank, match.end())
    if match := _LETTER_O_BULLET.match(line):
        return Marker(SectionKind.BULLET, None, "o", 21, match.end())
    if TARGET_LABEL.match(shadow(line[:40])):
        return Marker(SectionKind.ITEM, None, "", 15, 0)
    return None


def is_letter_bullet(line: str) -> bool:
    """Whether a line opens with a bullet written as a letter (Word's ``o``), which is no word.

    >>> is_letter_bullet("o Mỗi khối lớp"), is_letter_bullet("o_ Mỗi đội thi"), is_letter_bullet("ở Hà Nội")
    (True, True, False)
    """
    return _LETTER_O_BULLET.match(line.lstrip()) is not None


def is_heading(line: str) -> bool:
    """True for a line that opens a part, chapter, article or numbered section.

    >>> is_heading("2./. Giai doan 2022-2025"), is_heading("Điều 2. Giao"), is_heading("- Chỉ tiêu 1: đạt 90%")
    (True, True, False)
    """
    marker = read_marker(line.strip())
    return marker is not None and marker.kind in (
        SectionKind.ROMAN,
        SectionKind.CHAPTER,
        SectionKind.ARTICLE,
        SectionKind.ARABIC,
    )


def starts_heading(line: str) -> bool:
    """Whether a line opens a heading of any kind (lettered items included): a new paragraph.

    >>> starts_heading("2.1. Giai đoạn 2022-2025"), starts_heading("m. KINH PHI THỰC HIỆN")
    (True, True)
    >>> starts_heading("2022-2030 ngành Giáo dục"), starts_heading("ho. Tiếp")
    (False, False)
    """
    stripped = line.lstrip()
    if _NUMBER_START.match(stripped):
        return True
    marker = read_marker(stripped)
    return marker is not None and marker.kind not in (SectionKind.BULLET, SectionKind.ITEM)


def starts_line(line: str) -> bool:
    """Whether a line must start a line of its own: any marker, a label, or a page number.

    >>> starts_line("- Chỉ tiêu số 1: 100% cơ sở giáo dục"), starts_line("Chi tieu s6 2: It nhat 55%")
    (True, True)
    >>> starts_line("Bước 2: Tổng hợp"), starts_line("Trang 2/5"), starts_line("\\uf0b7 Tổng hợp")
    (True, True, True)
    >>> starts_line("kinh tế - xã hội"), starts_line("Thực hiện tốt Luật Trẻ em"), starts_line("_ Chi tiéu 2:")
    (False, False, True)
    """
    stripped = line.lstrip()
    return (
        _NUMBER_START.match(stripped) is not None
        or read_marker(stripped) is not None
        or _LABEL.match(stripped) is not None
        or is_page_number(stripped)
    )


__all__ = [
    "BULLETS",
    "CHI_TIEU",
    "DAMAGED_ROMAN",
    "HEADING_NUMBER",
    "LETTERS",
    "SO",
    "TARGET_LABEL",
    "Marker",
    "SectionKind",
    "damaged_roman",
    "is_heading",
    "is_letter_bullet",
    "read_marker",
    "roman_value",
    "starts_heading",
    "starts_line",
    "to_roman",
]
