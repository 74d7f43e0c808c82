"""Page layout as it shows in text: page numbers, lines in capitals, signers' names, two columns.

Reflow must keep these lines apart and the parser must recognise them, so both ask here. An
administrative document sets its issuer, type, title, positions and signers in capitals (with
an OCR slip here and there: ``PHO TRirdNG PHONG``), puts the signer's name under the position,
prints two header columns side by side, and numbers its pages between the lines of the text.
"""

from __future__ import annotations

import regex
from rapidfuzz.distance import Levenshtein

from viplan_ocr.vietnamese.syllables import could_be_syllable, folded_letters, is_syllable, shadow, strip_accents

#: Share of a line's letters that must be capitals for the line to be set in capitals. OCR
#: lowercases a letter here and there (``PHO TRirdNG PHONG``: 12 of 15), so not all need be.
CAPITALS_SHARE = 0.7
#: Fewer letters than this say nothing about case (``Đ``, ``TM``).
CAPITALS_MIN_LETTERS = 3

#: A page number on its own line (matched on the shadow): ``2``, ``- 2 -``, ``– 12 –``, ``- 2``,
#: ``Trang 2``, ``Trang 2/5``, ``Page 3``.
_PAGE_NUMBER = regex.compile(
    r"\s*(?:[-–—]?\s*\d{1,3}\s*[-–—]?|(?:trang|page)\s*[:.]?\s*\d{1,3}(?:\s*/\s*\d{1,3})?|\d{1,3}\s*/\s*\d{1,3})\s*"
)

#: A signer's name: ``Nguyễn Thị Hằng``, ``NGUYỄN THỊ HẰNG`` (2 to 5 words, letters only). An
#: academic title before it is kept with it: ``ThS. Nguyễn Văn An``, ``TS. Lê Minh``.
NAME = regex.compile(
    r"(?:(?:ThS|TS|PGS\.\s?TS|GS\.\s?TS|CN|KS|BS)\.\s*)?"
    r"(?:(?:\p{Lu}\p{Ll}+\s+){1,4}\p{Lu}\p{Ll}+|(?:\p{Lu}+\s+){1,4}\p{Lu}+)"
)

#: ``Nơi nhận:`` on the accent-folded, lowercased cell (:func:`~viplan_ocr.vietnamese.syllables.shadow`),
#: the cell's spaces squashed: ``Nffi nhan:`` in seed 004, ``Nơinhận:`` from a text layer that
#: lost the space, ``.\ơi nhận:``, ``Xơi nhận:``, ``Ai nhận :`` where OCR misread the small italic
#: ``N`` (or ``Nơ``; then the colon must follow).
RECIPIENTS_HEAD = regex.compile(
    r"^(?:n\S{1,3}|(?:[^\w\s]{1,3}|\w)oi|\S{1,2}i(?=\s*nh\w{1,2}n\s*:))\s*nh\w{1,2}n\s*(?::|$)"
)
#: ``KT. TRƯỞNG PHÒNG`` on the folded cell: signing for (KT), on behalf of (TM), acting (Q), by
#: order (TL, TUQ). OCR reads the full stop as a comma (``TM, ỦY BAN``) or loses it with the
#: space (``TLBỘ``: :data:`GLUED_MODE`).
AUTHORITY = regex.compile(r"^(?P<mode>kt|tm|q|tl|tuq)\s*[.:,]\s*\S")
GLUED_MODE = regex.compile(r"^(?P<mode>kt|tm|q|tl|tuq)\s*(?=\S)")
#: OCR's specks before a signature cell: ``_TM, ỦY BAN NHÂN DÂN``, ``"GIÁM ĐỐC``.
LEADING_SPECKS = regex.compile(r"^[^\p{L}\p{N}]+")
#: What a seal's strokes leave after a cell (``HIỆU TRƯỜNG” —``); a stop may be an abbreviation's.
TRAILING_SPECKS = regex.compile(r"[^\p{L}\p{N}.]+$")

#: A gap between two columns of one printed line: a tab or three spaces or more, as PDF text
#: layers render ``UBND QUẬN ...      CỘNG HÒA XÃ HỘI ...``.
COLUMN_GAP = regex.compile(r"\t+| {3,}")
#: ``tháng`` of a date line, on the accent-free shadow, its first letter allowed to be damaged
#: (``uháng``: an italic day OCR glued to it took the ``t``); only ever sought between ``ngày``
#: and ``năm``, where no other word is.
MONTH_WORD = r"\p{L}hang"


def capitals_by_count(letters: int, capitals: int) -> bool:
    """The rule of :func:`is_capitals` on counts, for callers that keep counts as they go."""
    return letters >= CAPITALS_MIN_LETTERS and capitals >= CAPITALS_SHARE * letters


def is_capitals(text: str) -> bool:
    """Whether a line is set in capitals (a title, an issuer, a position), OCR slips allowed.

    >>> is_capitals("PHÒNG GIÁO DỤC VÀ ĐÀO TẠO"), is_capitals("PHO TRirdNG PHONG"), is_capitals("Kế hoạch")
    (True, True, False)
    >>> is_capitals("2. Các trường MN, TH, THCS")
    False
    """
    letters = [c for c in text if c.isalpha()]
    return capitals_by_count(len(letters), sum(c.isupper() for c in letters))


def is_page_number(line: str) -> bool:
    """True for a line that is only a page number.

    >>> is_page_number("- 2 -"), is_page_number("Trang 3/5"), is_page_number("12"), is_page_number("- 2 trường")
    (True, True, True, False)
    """
    return _PAGE_NUMBER.fullmatch(shadow(line)) is not None


def is_name(line: str) -> bool:
    """Whether a line is a person's name, as under a signature (``Nguyễn Thị Hằng``).

    >>> is_name("Nguyễn Thị Hằng"), is_name("ThS. Lê Minh"), is_name("Hà Nội về thực hiện Chương trình")
    (True, True, False)
    """
    return NAME.fullmatch(line.strip()) is not None


def has_columns(line: str) -> bool:
    """Whether a line holds two columns side by side (a header or a signature block).

    >>> has_columns("UBND QUẬN LONG BIÊN          CỘNG HÒA XÃ HỘI"), has_columns("giai đoạn,  Trường")
    (True, False)
    """
    return COLUMN_GAP.search(line.strip()) is not None


def cells(line: str) -> list[str]:
    """The non-empty cells of a line that may hold two columns side by side.

    >>> cells("UBND QUẬN LONG BIÊN        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    ['UBND QUẬN LONG BIÊN', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM']
    """
    return [c.strip() for c in COLUMN_GAP.split(line) if c.strip()]


#: Where OCR ran the signature column into the recipients with a single space: before an
#: authority (``Nơi nhận: KT. TRƯỞNG PHÒNG``), an all-capitals position
#: (``- Sở GDĐT (để b/c); PHÓ TRƯỞNG PHÒNG``) or a name (``- Lưu: VT. Nguyễn Thị Hằng``) that
#: ends the line after a colon, semicolon or full stop (not the stop of a mode, ``KT.``, or of
#: a deputy's abbreviated ``P.``).
_RUN_TOGETHER = regex.compile(
    r"(?<=[:;.,)])(?<!(?<![\p{L}\p{N}])(?:KT|TM|TL|TUQ|Q|P)[.,])(?<!(?<!\w)(?:ThS|TS|CN|KS|BS)\.)\s+(?=(?:KT|TM|TL|TUQ|Q)\.\s*\p{Lu}|(?:P\.\s*)?\p{Lu}[\p{Lu}\s]{4,}$|(?:\p{Lu}\p{Ll}+\s+){1,4}\p{Lu}\p{Ll}+$)"
)


def tail_cells(line: str) -> list[str]:
    """The cells of a tail line, the two columns apart even when OCR joined them.

    >>> tail_cells("- Sở GDĐT Hà Nội (để b/c); PHÓ TRƯỞNG PHÒNG")
    ['- Sở GDĐT Hà Nội (để b/c);', 'PHÓ TRƯỞNG PHÒNG']
    >>> tail_cells("Nơi nhận: KT. TRƯỞNG PHÒNG"), tail_cells("KT. HIỆU TRƯỞNG")
    (['Nơi nhận:', 'KT. TRƯỞNG PHÒNG'], ['KT. HIỆU TRƯỞNG'])
    >>> tail_cells("- Các Khoa;     P. HIỆU TRƯỞNG"), tail_cells("- Các Khoa; P. HIỆU TRƯỞNG")
    (['- Các Khoa;', 'P. HIỆU TRƯỞNG'], ['- Các Khoa;', 'P. HIỆU TRƯỞNG'])
    """
    out: list[str] = []
    for cell in cells(line):
        out.extend(part.strip() for part in _RUN_TOGETHER.split(cell, maxsplit=1) if part.strip())
    return out


#: The positions a signer holds, as printed. The list is closed, so a reading one letter off
#: (``GIẢÁM ĐÓC``, a seal over it) or run together (``BỘTRƯỞNG``, a text layer that lost its
#: spaces) is the position it is off from; longest first, so ``PHÓ GIÁM ĐỐC`` is not read
#: as ``GIÁM ĐỐC``.
POSITIONS = tuple(
    sorted(
        (
            f"{deputy}{title}"
            for title in (
                "GIÁM ĐỐC",
                "TỔNG GIÁM ĐỐC",
                "HIỆU TRƯỞNG",
                "CHỦ TỊCH",
                "CHỦ NHIỆM",
                "BỘ TRƯỞNG",
                "THỨ TRƯỞNG",
                "VỤ TRƯỞNG",
                "CỤC TRƯỞNG",
                "VIỆN TRƯỞNG",
                "TRƯỞNG PHÒNG",
                "TRƯỞNG BAN",
                "TRƯỞNG KHOA",
                "TRƯỞNG ĐOÀN",
                "TRƯỞNG TRẠM",
                "TỔ TRƯỞNG",
                "CHÁNH VĂN PHÒNG",
                "CHÁNH THANH TRA",
                "BÍ THƯ",
                "THỦ TRƯỞNG",
                "KẾ TOÁN TRƯỞNG",
            )
            for deputy in ("", "PHÓ ", "P. ")  # ``P. HIỆU TRƯỞNG``: the deputy's title abbreviated
        ),
        key=len,
        reverse=True,
    )
)
#: Each position's letters, run together and folded: exactly, and one letter off (for seven
#: letters or more: a shorter one is a different word one letter off; never the abbreviated
#: deputy's ``P. X``, which one letter off is the tail of ``KT. X``).
_POSITION_KEYS = [(position, shadow(position).replace(" ", "").lower()) for position in POSITIONS]
_POSITION_PATTERNS = (
    [(position, regex.compile(regex.escape(key))) for position, key in _POSITION_KEYS],
    [
        (position, regex.compile(rf"(?:{regex.escape(key)}){{e<=1}}"))
        for position, key in _POSITION_KEYS
        if len(key) >= 7 and not position.startswith("P. ")  # one letter off ``P.`` is ``T.`` of ``KT.``
    ],
)


def read_position(cell: str) -> tuple[str, str] | None:
    """The position a cell opens with, and the rest of the cell; None if none.

    An exact reading is taken first, and kept as printed; else a reading run together or one
    letter off (for positions of seven letters or more), which gives the position as it is
    printed (the letters compared without spaces or accents).

    >>> read_position("GIẢÁM ĐÓC"), read_position("BỘTRƯỞNG"), read_position("Phó Hiệu trưởng")
    (('GIÁM ĐỐC', ''), ('BỘ TRƯỞNG', ''), ('Phó Hiệu trưởng', ''))
    >>> read_position("VỤ TRƯỞNG VỤ GIÁO DỤC"), read_position("Giáo viên chủ nhiệm")
    (('VỤ TRƯỞNG', 'VỤ GIÁO DỤC'), None)
    >>> read_position("THỦ TRƯỞNG"), read_position("THỨ TRƯỞNG"), read_position("PHÓ GIÁM ĐÓC")
    (('THỦ TRƯỞNG', ''), ('THỨ TRƯỞNG', ''), ('PHÓ GIÁM ĐỐC', ''))
    >>> read_position("P. HIỆU TRƯỞNG"), read_position("P.HIỆU TRƯỞNG")
    (('P. HIỆU TRƯỞNG', ''), ('P. HIỆU TRƯỞNG', ''))
    """
    words = list(regex.finditer(r"\S+", cell))
    # Each run of the first words, its letters folded and run together (``BỘTRƯỞNG`` is one word).
    prefixes = [
        (shadow(cell[: words[count - 1].end()]).lower().replace(" ", ""), words[count - 1].end())
        for count in range(1, min(len(words), 5) + 1)
    ]
    for errors, patterns in enumerate(_POSITION_PATTERNS):
        for folded, end in reversed(prefixes):  # the longest position first: PHÓ GIÁM ĐỐC
            matches = [position for position, pattern in patterns if pattern.fullmatch(folded)]
            if not matches:
                continue
            printed = cell[:end]
            spaced = " ".join(printed.split()).count(" ") == matches[0].count(" ")
            same = [position for position in matches if position == " ".join(printed.upper().split())]
            if same or (
                not errors
                and spaced
                and (len(matches) > 1 or not is_capitals(printed) or strip_accents(printed) == printed)
            ):
                # Read right, or right but for accents: those are the cleaner's to restore, except
                # in capitals, which an engine that reads accents got wrong (``TRƯỚNG``), and
                # except where two positions share the letters (``THỨ``/``THỦ TRƯỞNG``).
                return printed, cell[end:].strip()
            return matches[0], cell[end:].strip()
    return None


#: Letters of a seal's debris OCR may run into a position's first word (``TƯNCHU TỊCH``).
GLUED_DEBRIS = 3
#: A position read after such debris must have this many letters, so that dropping letters
#: cannot make a short one out of any word.
GLUED_POSITION_LETTERS = 7


def read_glued_position(cell: str) -> tuple[str, str] | None:
    """A position with up to :data:`GLUED_DEBRIS` letters of a seal's debris run into its
    first word, as OCR reads a line the seal's ring crosses; None if there is none.

    >>> read_glued_position("TƯNCHU TỊCH"), read_glued_position("CHỦ TỊCH")
    (('CHỦ TỊCH', ''), ('CHỦ TỊCH', ''))
    >>> read_glued_position("TRƯỜNG THPT"), read_glued_position("ANHTƯ")
    (None, None)
    """
    for start in range(min(GLUED_DEBRIS, len(cell) - 1) + 1):
        if start and not (cell[start - 1].isalpha() and cell[start].isalpha()):
            break
        head = read_position(cell[start:])
        if head and len(folded_letters(head[0])) >= (GLUED_POSITION_LETTERS if start else 0):
            return head
    return None


def is_signer_name(cell: str) -> bool:
    """``Nguyễn Thị Hằng`` or ``NGUYỄN VĂN AN``, but not a position such as ``PHÓ CHỦ TỊCH``, nor
    OCR's debris shaped like a name (``CƯ NN``): most words of a name are Vietnamese syllables
    (an English engine's ``Ngtiyen Thi Hang`` still is one).

    >>> is_signer_name("Nguyễn Thị Hằng"), is_signer_name("ThS. Lê Minh"), is_signer_name("CƯ NN")
    (True, True, False)
    >>> is_signer_name("PHÓ CHỦ TỊCH")
    False
    """
    if not NAME.fullmatch(cell) or read_position(cell):
        return False
    words = _ACADEMIC_TITLE.sub("", cell).split()
    return 2 * sum(could_be_syllable(word) for word in words) > len(words)


#: The commonest Vietnamese surnames, some nine people in ten (Nguyễn alone about 38%, Trần 11%,
#: Lê 9.5%, Phạm 7%; "Họ người Việt Nam", Vietnamese Wikipedia), for a signer's surname that the
#: seal or the signature's ink damaged.
SURNAMES = (
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ",
    "Ngô", "Dương", "Lý",
)  # fmt: skip


#: Words a person's name follows (in small letters; a sentence may capitalise them): forms of
#: address and the ``đồng chí`` of administrative texts.
PERSON_TITLES = frozenset({"ông", "bà", "anh", "chị", "em", "cô", "thầy", "đồng chí"})


def read_name(cell: str) -> tuple[str, str | None] | None:
    """A signer's name in a cell, and a note when its first word had to be mended; None if none.

    The signature and the seal are set over the start of the name, so OCR damages its first
    word most (``#fân Thanh Vũ``, ``guyễn Văn Thành``, ``fần Thanh Vũ``: junk in it, its capital
    lost, letters no syllable has). A damaged word one letter from a common surname is that
    surname; any other is left out, the rest of the name (two words or more) kept; letters are
    compared without their marks, which the ink damages most (``guyến``). A clean word is never
    changed: ``Tần`` may be a surname of its own.

    >>> read_name("Nguyễn Thị Hằng"), read_name("guyễn Văn Thành")
    (('Nguyễn Thị Hằng', None), ('Nguyễn Văn Thành', "surname 'guyễn' read as 'Nguyễn'"))
    >>> read_name("#fân Thanh Vũ"), read_name("fần Thanh Vũ")
    (('Thanh Vũ', "surname '#fân' unreadable"), ('Thanh Vũ', "surname 'fần' unreadable"))
    >>> read_name("Tần Duy Đông"), read_name("ĐT Hà Nội"), read_name("ngày Hà Nội")
    (('Tần Duy Đông', None), None, None)
    """
    if is_signer_name(cell):
        return cell, None
    first, _, rest = cell.partition(" ")
    if not 2 <= len(rest.split()) <= 4 or not is_signer_name(rest) or rest.isupper():
        return None
    letters = "".join(c for c in first if c.isalpha())
    if letters == first and first[:1].isupper():
        return None  # no sign of damage
    folded = strip_accents(letters.lower())
    near = (
        [name for name in SURNAMES if name.lower() == letters.lower()]
        or [name for name in SURNAMES if strip_accents(name.lower()) == folded]
        or [name for name in SURNAMES if Levenshtein.distance(folded, strip_accents(name.lower()), score_cutoff=1) <= 1]
    )
    if len(near) == 1:
        return f"{near[0]} {rest}", f"surname {first!r} read as {near[0]!r}"
    if letters == first and is_syllable(first.lower()):
        return None  # a word of its own (``ngày Hà Nội``), not a damaged surname
    return rest, f"surname {first!r} unreadable"


#: An academic title before a name: ``ThS.``, ``PGS. TS.``.
_ACADEMIC_TITLE = regex.compile(r"^(?:(?:ThS|TS|PGS|GS|CN|KS|BS)\.\s*)+")


__all__ = [
    "AUTHORITY",
    "CAPITALS_SHARE",
    "COLUMN_GAP",
    "GLUED_MODE",
    "LEADING_SPECKS",
    "NAME",
    "PERSON_TITLES",
    "POSITIONS",
    "RECIPIENTS_HEAD",
    "SURNAMES",
    "TRAILING_SPECKS",
    "capitals_by_count",
    "cells",
    "has_columns",
    "is_capitals",
    "is_name",
    "is_page_number",
    "is_signer_name",
    "read_glued_position",
    "read_name",
    "read_position",
    "tail_cells",
]
