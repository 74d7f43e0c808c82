"""How a line of a Vietnamese plan says "I start something": heading numbers, bullets, labels.

Plans are built from numbered headings (``I.``, ``1.``, ``2.1.``, ``a)``), dash or bullet
items (``- ``, ``+ ``, ``• ``) and labelled items (``Chỉ tiêu số 1:``). Noise removal must not
mistake a short marker for scanner dirt (``m.`` is ``III.`` as an English OCR engine reads it),
and reflow must not glue a line that opens with one onto the line before.
"""

from __future__ import annotations

import regex

#: A heading number on its own: ``I.``, ``IV.``, ``m.``/``HI.``/``Ill.`` (a damaged ``III.``),
#: ``2.``, ``2.1.``, ``2./.`` (seed 004's reading of ``2.1.``), ``a)``, ``(b)``, ``đ)``.
HEADING_NUMBER = regex.compile(
    r"\(?(?:(?i:(?=[ivxl])x{0,3}(?:[il][xv]|v?[il]{0,3}))|H[Il]{0,2}|\p{L}|\d{1,2}(?:\.\d{1,2})*)(?:\./\.|\.|\))",
)

#: A line opening with a heading number followed by a space: ``1. Mục tiêu chung``.
_HEADING_START = regex.compile(rf"(?:{HEADING_NUMBER.pattern})(?=\s|$)")

#: Characters that open a list item; ``_`` and ``~`` are how an OCR engine often reads a faint
#: or wavy ``-`` (``~ Tòa án nhân dân tối cao;`` in the recipients of a decree), ``°`` a small
#: ``•``.
BULLETS = "-+•▪●◦○►–—*_~°·»"

#: A line opening with a dash or bullet item: ``- Chỉ tiêu``, ``+ Tham mưu``, ``• Tiếp tục``.
_BULLET_START = regex.compile(rf"[{regex.escape(BULLETS)}](?=\s|\p{{L}})")

#: A labelled item: a capitalised phrase of up to four words and a number, then a colon:
#: ``Chỉ tiêu số 1:``, ``Chi tieu s6 4:``, ``Bước 2:``.
_LABEL_START = regex.compile(r"\p{Lu}\p{L}*(?:\s+\w*\p{L}\w*){0,3}\s+\d{1,3}\s*:")


def starts_heading(line: str) -> bool:
    """Whether a line opens with a heading number (``I.``, ``1.``, ``2.1.``, ``a)``).

    >>> starts_heading("2.1. Giai đoạn 2022-2025"), starts_heading("m. KINH PHI THỰC HIỆN")
    (True, True)
    >>> starts_heading("2022-2030 ngành Giáo dục"), starts_heading("ho. Tiếp")
    (False, False)
    """
    return _HEADING_START.match(line.lstrip()) is not None


def starts_item(line: str) -> bool:
    """Whether a line opens a heading, a dash/bullet item or a labelled item.

    >>> starts_item("- Chỉ tiêu số 1: 100% cơ sở giáo dục"), starts_item("Chi tieu s6 2: It nhat 55%")
    (True, True)
    >>> starts_item("kinh tế - xã hội"), starts_item("Thực hiện tốt Luật Trẻ em"), starts_item("_ Chi tiéu 2:")
    (False, False, True)
    """
    stripped = line.lstrip()
    return (
        _HEADING_START.match(stripped) is not None
        or _BULLET_START.match(stripped) is not None
        or _LABEL_START.match(stripped) is not None
    )
