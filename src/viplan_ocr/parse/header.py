"""The header of an administrative document, as Nghị định 30/2020/NĐ-CP lays it out.

::

    UBND QUẬN LONG BIÊN                 CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
    PHÒNG GIÁO DỤC VÀ ĐÀO TẠO                Độc lập - Tự do - Hạnh phúc
    Số: 123/KH-PGDĐT                    Long Biên, ngày 15 tháng 3 năm 2022
                                 KẾ HOẠCH
               Thực hiện Chương trình hành động vì trẻ em
                          giai đoạn 2022 - 2030

A PDF text layer gives the two columns side by side on one line, OCR often one after the other;
both are read cell by cell. Many plans (both seeds) start at ``KẾ HOẠCH`` with no issuer block:
the issuing body is then read from the preamble's ``..., Trường THCS Bình Cang xây dựng Kế
hoạch``. The motto is kept apart so it is never mistaken for the title.
"""

from __future__ import annotations

import regex

from viplan_ocr.parse.citations import REFERENCE, read_references
from viplan_ocr.parse.fields import DATE, NUMBER, NUMBER_NO_SLASH, find_date, find_esign, find_number
from viplan_ocr.parse.model import Header, Period
from viplan_ocr.parse.patterns import KIND, kind_name
from viplan_ocr.parse.sections import lost_first_marker, might_open_part
from viplan_ocr.parse.targets import named_phase
from viplan_ocr.parse.text import TextLine, join_lines, squash
from viplan_ocr.vietnamese.layout import cells, is_capitals
from viplan_ocr.vietnamese.markers import SO, is_heading, read_marker
from viplan_ocr.vietnamese.syllables import shadow

#: ``CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM`` and ``Độc lập - Tự do - Hạnh phúc``.
MOTTO = regex.compile(r"cong\s+hoa\s+xa\s+hoi|doc\s+lap\s*[-–]+\s*tu\s+do")
#: A cell opening with the number's label, whatever follows it (``Số: 6191BVT-TCKT``).
NUMBER_LABEL = regex.compile(rf"^\W*{SO}\s*[:;.]")
#: A number's symbol left at the end of an issuer line when the number itself is blank and the
#: text layer put ``Số:`` elsewhere: ``TỈNH QUẢNG NGÃI /TB-UBND``.
_ORPHAN_SYMBOL = regex.compile(r"\s/\s?\p{Lu}[\w.&]*-[\w.&-]+$")
#: The rule under the header blocks: ``-------``, ``___``.
SEPARATOR = regex.compile(r"^[-_=.*~–—\s]+$")
#: A line that is only a document kind: ``KẾ HOẠCH``, ``QUYẾT ĐỊNH``, ``BÁO CÁO`` (a speck after
#: it, ``KE HOACH •``, is allowed).
DOC_TYPE_LINE = regex.compile(rf"^(?:{KIND})[\W_]*$")
#: A kind with the title run on: ``KẾ HOẠCH THỰC HIỆN NHIỆM VỤ NĂM HỌC 2023-2024``.
DOC_TYPE_START = regex.compile(rf"^(?:{KIND})\s+(?=\w)")
#: A letter's addressee line opens with ``Kính gửi`` (on the shadow).
ADDRESSEE = r"kinh\s+gui\b"
#: Where the preamble stops being a title: ``Căn cứ ...``, ``Kính gửi: ...``.
PREAMBLE_START = regex.compile(rf"^(?:can\s+cu\b|{ADDRESSEE})")
#: The preamble's ``..., Phòng GDĐT quận Long Biên xây dựng Kế hoạch ...``.
PREAMBLE_ISSUER = regex.compile(
    r"(?:^|[,.;:]\s*)(?P<who>[^,.;:]{3,80}?)\s+(?:xay\s+dung|ban\s+hanh|trien\s+khai)\s+k\S?\s*hoach"
)

#: A letter's subject line: ``V/v triển khai ...`` (về việc), OCR's ``Vv``, ``V/V``, ``V.v``, or
#: ``Về việc ...`` spelt out.
SUBJECT_LINE = regex.compile(r"^(?:v\s*[/.]?\s*v|ve\s+viec)\b")
#: Where a letter's header ends and its body starts: ``Kính gửi:``, ``Căn cứ``, ``Thực hiện``.
BODY_START = regex.compile(rf"^(?:{ADDRESSEE}|(?:can\s+cu|thuc\s+hien|theo\s+de\s+nghi)\b)")
#: The words an issuing body's name starts with; the last header line opening with one starts
#: the issuer (``SỞ GIÁO DỤC VÀ ĐÀO TẠO`` / ``THÀNH PHỐ HỒ CHÍ MINH`` / ``TRƯỜNG THPT ...``:
#: the school), the lines above it are its governing bodies. ``KHOA HỌC`` (science) and ``VIÊN
#: CHỨC`` (civil servants) continue a name, they start none.
ORGANISATION = regex.compile(
    r"^(?:truong|so(?!\s*:)|phong|benh\s+vien|cuc|chi\s+cuc|tong\s+cuc|vu|ban|hoi\s+dong|uy\s+ban|ubnd|trung\s+tam"
    r"|bo|van\s+phong|dai\s+hoc|hoc\s+vien|vien(?!\s+chuc)|cong\s+an|cong\s+ty|khoa(?!\s+hoc)|doan|tinh\s+uy"
    r"|huyen\s+uy|dang\s+uy)\b"
)
#: The most lines a letter's subject runs over.
SUBJECT_MAX_LINES = 4

#: How far into the document the header may reach (lines).
HEADER_LINES = 40
#: A title runs over at most this many lines, each no longer than this.
TITLE_MAX_LINES = 4
TITLE_MAX_CHARS = 320
#: A line this long that ends a sentence is the body's first paragraph, not a title that
#: cleaning re-joined from its broken lines.
TITLE_SENTENCE_CHARS = 160


def find_doc_type(lines: list[TextLine]) -> tuple[int, str, str] | None:
    """The line of the document kind, the kind's name, and any title on the same line.

    Nghị định 30 puts the kind alone on its line (``KẾ HOẠCH``); some plans run the title on
    (``KẾ HOẠCH THỰC HIỆN NHIỆM VỤ NĂM HỌC 2023-2024``), which is accepted, in capitals, only
    when no line holds the kind alone.
    """
    run_on: tuple[int, str, str] | None = None
    for line in lines[:HEADER_LINES]:
        if is_heading(line.text):
            break
        for cell in cells(line.text):
            folded = squash(shadow(cell))
            if match := DOC_TYPE_LINE.match(folded):
                return line.index, kind_name(match), ""
            match = DOC_TYPE_START.match(folded)
            rest = squash(cell)[match.end() :] if match else ""
            # Three words at least: ``QUY ĐỊNH CHUNG`` is a chapter of a decree, not a kind and a title.
            if run_on is None and match and is_capitals(cell) and len(rest.split()) >= 3:
                run_on = line.index, kind_name(match), rest
    return run_on


def _title_lines(lines: list[TextLine], start: int) -> tuple[list[str], int]:
    """The title after the document kind, and the index of the first line after it.

    The title may be broken over lines, even across a blank line (``Thực hiện Chương trình hành
    động vì trẻ em`` / blank / ``giai đoạn 2021 - 2030``); it ends at a capitalised line after a
    blank, at a citation (the preamble's ``Thực hiện Kế hoạch số ...``) or at a heading.
    """
    title: list[str] = []
    index = start
    blank_before = False
    while index < len(lines) and len(title) < TITLE_MAX_LINES:
        line = lines[index]
        text = line.text.strip()
        if not text:
            blank_before = True
            index += 1
            continue
        folded = squash(line.shadow)
        if (
            read_marker(text)
            or might_open_part(text)
            or SEPARATOR.match(text)
            or PREAMBLE_START.match(folded)
            or REFERENCE.search(folded)
            or MOTTO.search(folded)
            or len(text) > TITLE_MAX_CHARS
            or (len(text) > TITLE_SENTENCE_CHARS and text.endswith("."))
            or text.endswith(":")
            or (title and blank_before and not text[0].islower())
        ):
            break
        title.append(text)
        blank_before = False
        index += 1
    # A title that stopped on a blank line leaves those blank lines to the body.
    return title, index


def _header_cells(lines: list[TextLine], end: int) -> list[str]:
    """The cells of the header blocks, two columns apart even when OCR ran them together.

    Tesseract often joins the columns with a single space (``UBND QUẬN LONG BIÊN CỘNG HÒA XÃ
    HỘI ...``, ``Số: 123/KH-PGDĐT Long Biên, ngày ...``): the motto and the place and date are
    split off where they start.
    """
    out: list[str] = []
    for line in lines[:end]:
        for cell in cells(line.text):
            out.extend(_split_columns(cell))
    return out


def _split_columns(cell: str) -> list[str]:
    """``PHÒNG GD&ĐT Độc lập - Tự do - Hạnh phúc`` -> the issuer line and the motto line.

    >>> _split_columns("Số: 123/KH-PGDĐT Long Biên, ngày 15 tháng 3 năm 2022")
    ['Số: 123/KH-PGDĐT', 'Long Biên, ngày 15 tháng 3 năm 2022']
    >>> _split_columns("UBND QUẬN LONG BIÊN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    ['UBND QUẬN LONG BIÊN', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM']
    """
    folded = shadow(cell)
    motto = MOTTO.search(folded)
    if motto and motto.start() > 0:
        return [*_split_columns(cell[: motto.start()].strip()), cell[motto.start() :].strip()]
    number = NUMBER.search(folded) or NUMBER_NO_SLASH.search(folded)
    if number is None:
        orphan = _ORPHAN_SYMBOL.search(cell)  # ``TỈNH QUẢNG NGÃI /TB-UBND``
        if orphan and orphan.start() > 0:
            return [cell[: orphan.start()].strip(), cell[orphan.start() :].strip()]
        return [cell]
    if number.start() > 0:  # ``BỆNH VIỆN ĐA KHOA TỈNH - Số: 6191BVT-TCKT``
        return [*_split_columns(cell[: number.start()].strip(" -–")), *_split_columns(cell[number.start() :])]
    if cell[number.end() :].strip():  # ``Số: 123/KH-PGDĐT Long Biên, ngày ...``
        return [cell[: number.end()].strip(), cell[number.end() :].strip()]
    return [cell]


def _issuer_from_preamble(preamble: str) -> str | None:
    folded = shadow(preamble)
    match = PREAMBLE_ISSUER.search(folded)
    if not match:
        return None
    return squash(preamble[match.start("who") : match.end("who")]) or None


def read_header(lines: list[TextLine], text: str, folded: str) -> tuple[Header, int, list[str]]:
    """The header, the index of the first line after the title, and warnings.

    Lines above the document kind are the header blocks; without a document kind, the lines
    above the first heading are read the same way.
    """
    warnings: list[str] = []
    found = find_doc_type(lines)
    subject = None if found else _subject(lines)
    if found:
        type_index, doc_type, run_on = found
        title, after_title = _title_lines(lines, type_index + 1)
        title = [run_on, *title] if run_on else title
    elif subject:
        # A letter (công văn) has no kind heading: its ``V/v`` subject line says what it is.
        type_index, title, after_title = subject
        doc_type = "Công văn"
    else:
        warnings.append("no document type line (KẾ HOẠCH, QUYẾT ĐỊNH, ...) found in the header")
        type_index, doc_type, title = _first_heading(lines, 0, min(len(lines), 15)), None, []
        after_title = type_index
    header_end = _body_start(lines, after_title)
    issuer_lines: list[str] = []
    motto: list[str] = []
    for cell in _header_cells(lines, type_index):
        folded_cell = squash(shadow(cell))
        if MOTTO.search(folded_cell):
            motto.append(squash(cell))
        elif NUMBER.search(folded_cell) or NUMBER_LABEL.match(folded_cell) or DATE.search(folded_cell):
            continue
        elif not SEPARATOR.match(cell) and is_capitals(cell) and not cell.startswith("/"):
            issuer_lines.append(squash(cell).strip(" -–"))
    flags: list[str] = []
    number_field = find_number(lines[:type_index]) or find_number(lines[:header_end])
    number = number_field.text if number_field else None
    date_line = find_date(lines[:type_index]) or find_date(lines[:header_end])
    place = date_line.place if date_line else None
    date = date_line.date if date_line else None
    flags += [*(number_field.flags if number_field else ()), *(date_line.flags if date_line else ())]
    esign = find_esign(lines)
    if date is None and esign is not None:  # the day was blank or handwritten: the signing day
        date = esign.date
        flags.append("date-from-signature")
    first_heading = _first_heading(lines, after_title, len(lines))
    if doc_type == "Công văn" and (addressed := _addressee_line(lines, after_title)) is not None:
        # a letter's body follows its ``Kính gửi``: numbered lines above it are a note written
        # on the letter (a receiving office's routing: ``1. Cô Hương gửi văn bản ...``)
        first_heading = max(first_heading, _first_heading(lines, addressed, len(lines)))
    if first_heading == len(lines):
        # No numbered heading at all: the body (bullets, Chỉ tiêu lines) starts after the title.
        first_heading = after_title
    preamble = join_lines([line.text for line in lines[after_title:first_heading]]) or None
    issuer_parent, issuer = _issuer(issuer_lines)
    issuer_source = "header" if issuer else None
    if issuer is None and preamble:
        issuer = _issuer_from_preamble(preamble)
        issuer_source = "preamble" if issuer else None
    title_text = squash(" ".join(title)) or None
    period = _period(title_text)
    header = Header(
        issuer=issuer,
        issuer_parent=issuer_parent,
        issuer_source=issuer_source,
        motto=tuple(motto),
        number=number,
        place=place,
        date=date,
        doc_type=doc_type,
        title=title_text,
        period=period,
        references=read_references(text, folded),
        preamble=preamble,
        date_text=date_line.text if date_line else None,
        flags=tuple(dict.fromkeys(flags)),
        esign=esign.to_dict() if esign else None,
    )
    return header, first_heading, warnings


def _subject(lines: list[TextLine]) -> tuple[int, list[str], int] | None:
    """A letter's ``V/v`` subject in the header: its line, its text (broken lines joined), the next line.

    The subject sits in the left column under the number, its broken lines starting in
    lowercase; what the right column put beside it on the same line (the place and date) is
    left out.
    """
    for line in lines[:HEADER_LINES]:
        if is_heading(line.text) or BODY_START.match(squash(line.shadow)):
            return None
        first = cells(line.text)[:1]
        if not first or not SUBJECT_LINE.match(squash(shadow(first[0]))):
            continue
        title = [first[0]]
        index = line.index + 1
        while index < len(lines) and len(title) < SUBJECT_MAX_LINES:
            following = cells(lines[index].text)[:1]
            if not following:
                index += 1
                continue
            text = following[0]
            folded = squash(shadow(text))
            if DATE.search(folded) or MOTTO.search(folded) or BODY_START.match(folded) or is_heading(text):
                break
            if not text[:1].islower() and not _carries_on(title[-1], text):
                break
            title.append(text)
            index += 1
        return line.index, title, index
    return None


#: The most characters a subject line that starts with a capital may have and still carry the
#: subject on: a subject's broken lines are short, a body's first paragraph is not.
SUBJECT_LINE_CHARS = 90


def _carries_on(previous: str, text: str) -> bool:
    """Whether a line starting with a capital carries a subject on: the line before ends in no
    stop, and this one is short and ends in none (``... ra Quyết định`` / ``Tiểu ban chấm ...``).

    >>> _carries_on("V/v ra Quyết định", "Tiểu ban chấm chuyên đề"), _carries_on("V/v tuyển sinh.", "Sở GDĐT")
    (True, False)
    """
    return (
        not previous.rstrip().endswith((".", ";", ":", ")"))
        and len(text) <= SUBJECT_LINE_CHARS
        and not text.rstrip().endswith((".", ";", ":"))
    )


def _body_start(lines: list[TextLine], start: int) -> int:
    """Where the header's lines end: ``Kính gửi``, ``Căn cứ``, a heading or a paragraph of prose."""
    for line in lines[start : start + HEADER_LINES]:
        if is_heading(line.text) or BODY_START.match(squash(line.shadow)) or len(line.text) > TITLE_SENTENCE_CHARS:
            return line.index
    return min(len(lines), start + HEADER_LINES)


def _issuer(lines: list[str]) -> tuple[str | None, str | None]:
    """The governing body and the issuer from the issuer block's lines.

    >>> _issuer(["SỞ GIÁO DỤC VÀ ĐÀO TẠO", "THÀNH PHỐ HỒ CHÍ MINH", "TRƯỜNG THPT PHƯỚC BỬU"])
    ('SỞ GIÁO DỤC VÀ ĐÀO TẠO THÀNH PHỐ HỒ CHÍ MINH', 'TRƯỜNG THPT PHƯỚC BỬU')
    >>> _issuer(["ĐẠI HỌC QUỐC GIA TP. HCM", "TRƯỜNG ĐẠI HỌC", "CÔNG NGHỆ THÔNG TIN"])
    ('ĐẠI HỌC QUỐC GIA TP. HCM', 'TRƯỜNG ĐẠI HỌC CÔNG NGHỆ THÔNG TIN')
    >>> _issuer(["UBND QUẬN LONG BIÊN", "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO"]), _issuer(["TRƯỜNG THCS BÌNH CANG"])
    (('UBND QUẬN LONG BIÊN', 'PHÒNG GIÁO DỤC VÀ ĐÀO TẠO'), (None, 'TRƯỜNG THCS BÌNH CANG'))
    """
    if len(lines) < 2:
        return None, (lines[0] if lines else None)
    starts = [i for i, line in enumerate(lines) if ORGANISATION.match(squash(shadow(line)))]
    at = starts[-1] if starts and starts[-1] > 0 else 1
    return " ".join(lines[:at]), " ".join(lines[at:])


_ADDRESSEE_LINE = regex.compile(rf"^{ADDRESSEE}")


def _addressee_line(lines: list[TextLine], start: int) -> int | None:
    """The index of a letter's ``Kính gửi`` line in the header's reach after ``start``, or None."""
    for line in lines[start : start + HEADER_LINES]:
        if _ADDRESSEE_LINE.match(squash(line.shadow)):
            return line.index
    return None


def _first_heading(lines: list[TextLine], start: int, stop: int) -> int:
    """The index of the first Roman or arabic heading from ``start``, or ``stop``."""
    for line in lines[start:stop]:
        if is_heading(line.text) or might_open_part(line.text) or lost_first_marker(lines, line.index):
            return line.index
    return stop


def _period(title: str | None) -> Period | None:
    """The plan's period from its title: ``giai đoạn 2021 - 2030``, a bare ``2021 – 2030``, or
    the one year of ``... năm 2022``.

    The preamble is not read for it: there ``giai đoạn 2021 - 2030`` is usually the period of a
    *cited* document (``Quyết định ... phê duyệt Chương trình ... giai đoạn 2021 - 2030``).
    """
    return named_phase(shadow(title), None) if title else None
