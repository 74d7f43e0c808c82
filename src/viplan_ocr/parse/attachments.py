"""Where the main document ends and what is attached to it begins.

A file often holds more than one document: a decision and the plan it approves, a letter and its
appendices (``PHỤ LỤC 1``), forms to fill in, or a second letter scanned after the first. The
main document's sections, signature and recipients must not be read from them: its signature is
the one before the first attachment. An attachment starts at a heading that names one alone on
its line (``PHỤ LỤC``, ``PHỤ LỤC 2``, ``DANH MỤC``, ``BIỂU MẪU``, ``Mẫu số 01``) or numbered with
its title after a colon (``BIỂU 19: CHƯƠNG TRÌNH ...``), all in capitals, or at a second
header block (the national motto again, after the main document's own).
"""

from __future__ import annotations

from itertools import pairwise

import regex

from viplan_ocr.parse.model import Attachment, Span
from viplan_ocr.parse.text import TextLine, squash
from viplan_ocr.vietnamese.layout import cells, is_capitals
from viplan_ocr.vietnamese.syllables import shadow

#: A line naming an attachment, alone (on the shadow): ``PHỤ LỤC``, ``PHỤ LỤC II``, ``Phụ lục 2:``,
#: ``DANH MỤC``, ``BIỂU MẪU``, ``Mẫu số 01``.
ATTACHMENT_HEAD = regex.compile(
    r"^(?:phu\s+luc|danh\s+muc|bieu\s+mau|mau\s+so)(?:\s*(?:so\s*)?(?:[ivxl]{1,5}|\d{1,3}[a-z]?))?\s*[.:]?\s*$"
    # Numbered, with its title run on after a colon: ``BIỂU 19: CHƯƠNG TRÌNH ...``, ``PHỤ LỤC 2: DANH SÁCH``.
    r"|^(?:phu\s+luc|bieu(?:\s+mau)?|mau\s+so)\s*(?:so\s*)?(?:[ivxl]{1,5}|\d{1,3}[a-z]?)\s*:\s*\S"
)
#: The national motto, which opens a header block of its own.
MOTTO = regex.compile(r"cong\s+hoa\s+xa\s+hoi")


def attachment_starts(lines: list[TextLine]) -> list[int]:
    """The indexes of the lines that start an attachment.

    >>> from viplan_ocr.parse.text import lines_of
    >>> attachment_starts(lines_of("Nội dung.\\nPhụ lục 1 kèm theo.\\nPHỤ LỤC 1\\nDanh sách\\nPHỤ LỤC 2\\nĐề cương"))
    [2, 4]
    >>> attachment_starts(lines_of("Nội dung.\\nBiểu 2: kết quả kèm theo.\\nBIỂU 19: CHƯƠNG TRÌNH DÂN SỐ\\nChỉ tiêu"))
    [2]
    """
    first_motto = next((line.index for line in lines if MOTTO.search(line.shadow)), None)
    starts: list[int] = []
    for line in lines:
        first = cells(line.text)[:1]
        if first and ATTACHMENT_HEAD.match(squash(shadow(first[0]))) and is_capitals(first[0]):
            starts.append(line.index)
        elif first_motto is not None and line.index > first_motto and MOTTO.search(line.shadow):
            starts.append(max(_header_start(lines, line.index), first_motto + 1))
    return sorted(set(starts))


def _header_start(lines: list[TextLine], index: int) -> int:
    """A second header starts at its motto's line, or at the issuer line just above it.

    Not above a motto whose row already holds the issuer (``TRƯỜNG ĐẠI HỌC CẦN THƠ     CỘNG
    HÒA ...``): the line above is then the main document's last (``- Lưu: VT, KSĐH.``).

    >>> from viplan_ocr.parse.text import lines_of
    >>> lines = lines_of("- Lưu: VT, KSĐH.\\n\\nTRƯỜNG ĐẠI HỌC CẦN THƠ     CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    >>> _header_start(lines, 2), _header_start(lines_of("SỞ Y TẾ\\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), 1)
    (2, 0)
    """
    row = cells(lines[index].text)
    if len(row) > 1 and not MOTTO.search(shadow(row[0])):
        return index
    above = index - 1
    while above >= 0 and lines[above].blank:
        above -= 1
    if above >= 0 and is_capitals(lines[above].text) and len(lines[above].text) < 60:
        return above
    return index


def read_attachments(lines: list[TextLine], starts: list[int], end: int) -> tuple[Attachment, ...]:
    """Each attachment's title (its first line or two) and span."""
    out = []
    bounds = [*starts, end]
    for first, following in pairwise(bounds):
        head = [squash(line.text) for line in lines[first:following] if not line.blank][:2]
        span = Span(lines[first].start, lines[following - 1].end if following > first else lines[first].end)
        out.append(Attachment(title=" ".join(head) or None, span=span))
    return tuple(out)


__all__ = ["ATTACHMENT_HEAD", "attachment_starts", "read_attachments"]
