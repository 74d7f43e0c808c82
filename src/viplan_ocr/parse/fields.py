"""The number and the date line of a header, wherever the layout or OCR put them.

Real headers rarely give ``Số: 123/KH-PGDĐT`` and ``Long Biên, ngày 15 tháng 3 năm 2022`` a
cell each. The number is typed with a space before its slash (``Số: 04 /CT-UBND``), left blank
for a hand to fill in (``Số:      /KH-SYT``) or filled in by hand, which OCR reads as debris
(``Số: Øƒ_ /CT-UBND``); a scanner's OCR joins it to the motto or to the date on one line
(``Số: 23 /BC-UBND Quảng Ngãi, ngày |3 tháng 01 năm 2025``); the day is often handwritten too.
So both are searched for anywhere in the header lines, on the accent-free shadow, and what could
not be read is *flagged*, never guessed: the symbol alone with ``number-handwritten``, a null
date with ``day-handwritten`` and the line kept as printed (``date_text``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, replace

import regex

from viplan_ocr.parse.model import Header
from viplan_ocr.parse.patterns import iso_date
from viplan_ocr.parse.text import TextLine, squash
from viplan_ocr.vietnamese.digits import MARKER_LOOKALIKES, as_digits
from viplan_ocr.vietnamese.layout import COLUMN_GAP, MONTH_WORD
from viplan_ocr.vietnamese.markers import SO
from viplan_ocr.vietnamese.syllables import shadow

#: ``Số: 123/KH-PGDĐT``, ``Số: 04 /CT-UBND``, ``Số:   /KH-SYT``, ``Số: Øƒ_ /CT-UBND``,
#: ``Số: 3/2025/QĐ-UBND``, ``Số: 4532/UBND- KSTTHC`` (on the shadow); ``Sá:230 /KH-...``, the
#: mark of ``ố`` read as ``á``, with its colon.
NUMBER = regex.compile(
    rf"(?<![a-z])(?:{SO}|sa(?=\s*:))\s*[:;.]?\s*(?P<num>[^\s:]{{0,8}}?)[\s_.]*/\s*"
    r"(?P<sym>[a-z0-9][\w.&]*(?:(?:-\s?|\s?/\s?)[\w.&]+)*)"
)
#: ``Số: 6191BVT-TCKT``: OCR lost the slash between the number and a hyphenated symbol.
NUMBER_NO_SLASH = regex.compile(rf"(?<![a-z]){SO}\s*[:;.]?\s*(?P<num>\d{{1,5}})(?P<sym>[a-z]{{2,}}[\w.&]*-[\w.&-]+)")
#: A number with a letter after it, as some offices number documents (``30c/NQ-CP``).
_SUFFIXED = regex.compile(r"\d{1,5}[a-zđ]")
#: An incoming-document stamp (``ĐẾN Số: 2770``) is no number of this document.
_STAMP = regex.compile(r"den\W{0,3}$")
#: ``ngày 15 tháng 3 năm 2022``, ``ngày  tháng 01 năm 2025``, ``ngày 2# tháng/†f năm 2021``.
DATE = regex.compile(
    rf"(?<![a-z])ngay\s*(?P<day>[^\s]{{0,4}}?)[\s,]*{MONTH_WORD}[\s/]*(?P<month>[^\s]{{0,4}}?)[\s,]*nam\s*"
    r"(?P<year>(?:19|20)\d\d)(?!\d)"
)
#: ``ngày 15/3/2022`` after a place: the numeric form some offices print.
NUMERIC_DATE_LINE = regex.compile(
    r"(?<![a-z])ngay\s*(?P<day>\d{1,2})\s*[/.-]\s*(?P<month>\d{1,2})\s*[/.-]\s*(?P<year>(?:19|20)\d\d)(?!\d)"
)
#: A word that is no part of a place name: a number, a symbol, a label.
_NOT_PLACE = regex.compile(r"[\d/:;|]")
#: The longest place name, in words (``Thành phố Hồ Chí Minh``).
_PLACE_WORDS = 6


#: A signature stamp's time: a date and a time of day to the minute (``27/12/2021 17:22:11``,
#: ``15.11.2024 07:25:14``, with its time zone when printed: ``+07:00``), which body text never
#: writes together.
STAMP_TIME = regex.compile(
    r"(?<!\d)(?P<day>\d{1,2})[./-](?P<month>\d{1,2})[./-](?P<year>(?:19|20)\d\d)\s*,?\s+"
    r"(?P<hour>\d{1,2})[:h](?P<minute>\d{2})(?::(?P<second>\d{2}))?(?!\d)(?:\s*[+-]\d{2}:?\d{2}(?!\d))?"
)


@dataclass(frozen=True, slots=True)
class ESign:
    """A digital signature's stamp: who signed (as the stamp names them) and when."""

    signer: str | None
    time: str  # ISO 8601, to the second when the stamp says it
    date: str  # YYYY-MM-DD

    def to_dict(self) -> dict:
        """``{"signer": ..., "time": ...}``."""
        return {"signer": self.signer, "time": self.time}


@dataclass(frozen=True, slots=True)
class Number:
    """The number and symbol (``123/KH-PGDĐT``, or ``/KH-SYT`` when the number is unreadable)."""

    text: str
    flags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DateLine:
    """The date line: the date (None when the day or month cannot be read), place, the line as printed."""

    date: str | None
    place: str | None
    text: str
    flags: tuple[str, ...] = ()


def find_number(lines: list[TextLine]) -> Number | None:
    """The document's number in the header lines.

    >>> from viplan_ocr.parse.text import lines_of as lines
    >>> find_number(lines("TỈNH QUẢNG NGÃI\\nSố: 04 /CT-UBND Quảng Ngãi, ngày 4 tháng 01 năm 2021")).text
    '04/CT-UBND'
    >>> find_number(lines("Số: Øƒ_ /CT-UBND"))
    Number(text='/CT-UBND', flags=('number-handwritten',))
    >>> find_number(lines("Sá:230 /KH-THPT.PB     Thành Phố Hồ Chí Minh")).text
    '230/KH-THPT.PB'
    >>> find_number(lines("Số:3ss /BC-HĐXTH")), find_number(lines("Số: 30c/NQ-CP")).text
    (Number(text='355/BC-HĐXTH', flags=('ocr-digits',)), '30c/NQ-CP')
    >>> find_number(lines("Số: /#⁄/UBND- KSTTHC     Phú Thọ"))  # the handwritten number read as strokes
    Number(text='/UBND- KSTTHC', flags=('number-handwritten',))
    >>> find_number(lines("Số: 6191BVT-TCKT Bắc Ninh")).text, find_number(lines("ĐẾN Số: 2770/VP"))
    ('6191/BVT-TCKT', None)
    >>> find_number(lines("theo Nghị quyết số 30c/NQ-CP của Chính phủ")) is None
    True
    """
    for line in lines:
        for match in NUMBER.finditer(line.shadow):
            before = line.shadow[: match.start()]
            labelled = ":" in line.shadow[match.start() : match.start("num")]
            # A label, not the ``số`` of a sentence citing another document (``Nghị quyết số 30c/NQ-CP``).
            if _STAMP.search(before) or not (labelled or not before.strip()):
                continue
            symbol = _symbol(line.text[match.start("sym") : match.end("sym")])
            raw = line.text[match.start("num") : match.end("num")].strip("_. ")
            digits = as_digits(raw)
            if not raw:
                return Number(f"/{symbol}", ("number-blank",))
            if not digits.isdigit() and raw[:1].isdigit():
                # a number drawn in italics (a signature field's ``355`` read ``3ss``): the
                # lookalikes a heading's number is read back with, where a digit leads
                digits = raw.translate(MARKER_LOOKALIKES)
            if digits.isdigit():
                flags = ("ocr-digits",) if digits != raw else ()
                return Number(f"{digits}/{symbol}", flags)
            if _SUFFIXED.fullmatch(raw):
                return Number(f"{raw}/{symbol}")  # ``30c/NQ-CP``: a number with a letter after it
            return Number(f"/{symbol}", ("number-handwritten",))
        if (match := NUMBER_NO_SLASH.search(line.shadow)) and not _STAMP.search(line.shadow[: match.start()]):
            symbol = _symbol(line.text[match.start("sym") : match.end("sym")])
            if symbol[:2].isupper():
                return Number(f"{match.group('num')}/{symbol}", ("number-repaired",))
    return None


def find_esign(lines: list[TextLine]) -> ESign | None:
    """The signer's signature stamp in the lines: its signer and time.

    A province's published copy also bears the gazette's stamp (``TRUNG TÂM CÔNG BÁO VÀ TIN HỌC
    ... 03.02.2025 14:00:35``), which signs the copy, not the document: the first stamp that is
    not the gazette's is the signer's, and a copy the gazette alone stamped has none.

    >>> from viplan_ocr.parse.text import lines_of
    >>> find_esign(lines_of("Ủy ban nhân dân tỉnh Quảng Ngãi 27/12/2021 17:22:11\\nKế hoạch ngày 08/02/2022"))
    ESign(signer='Ủy ban nhân dân tỉnh Quảng Ngãi', time='2021-12-27T17:22:11', date='2021-12-27')
    >>> find_esign(lines_of("Ký bởi: CỤC THUẾ Địa chỉ: 1A Công Trứ, Hà Nội Thời gian ký: 08.04.2026 17:35")).signer
    'CỤC THUẾ'
    >>> gazette = "TRUNG TÂM CÔNG BÁO VÀ TIN HỌC 03.02.2025 14:00:35 +07:00"
    >>> find_esign(lines_of(gazette + "\\nKý bởi: UBND tỉnh Quảng Ngãi Thời gian ký: 03/02/2025 10:47:25")).signer
    'UBND tỉnh Quảng Ngãi'
    >>> find_esign(lines_of(gazette)) is None
    True
    >>> find_esign(lines_of(gazette + " Ký bởi: UBND tỉnh Quảng Ngãi Thời gian ký: 03/02/2025 10:47:25")).signer
    'UBND tỉnh Quảng Ngãi'

    """
    return next((s for s in _stamps(lines) if not (s.signer and GAZETTE.search(shadow(s.signer)))), None)


def _stamps(lines: list[TextLine]) -> Iterator[ESign]:
    """Every signature stamp in the lines, in order."""
    for line in lines:
        start = 0  # stamps run together on one line: each one's text ends at its time
        for match in STAMP_TIME.finditer(line.text):
            before, start = line.text[start : match.start()], match.end()
            date = iso_date(match.group("day"), match.group("month"), match.group("year"))
            if date is None or int(match.group("hour")) > 23 or int(match.group("minute")) > 59:
                continue
            second = match.group("second") or "00"
            time = f"{date}T{int(match.group('hour')):02d}:{match.group('minute')}:{second}"
            named = _SIGNER.search(before)
            if named:  # the signer's field, up to the stamp's next field (Cơ quan, Email, Địa chỉ, ...)
                before = _OTHER_FIELD.split(before[named.end() :])[0]
            signer = squash(_LABEL.sub("", before)).strip(" ,:;-") or None
            yield ESign(signer, time, date)


#: The provincial gazette (``Trung tâm Công báo và Tin học``), which signs published copies.
GAZETTE = regex.compile(r"(?i)\bcong\s+bao\b")
#: The labels signing software prints before a signer or a time.
_LABEL = regex.compile(r"(?i)(?:ký\s+bởi|người\s+ký|thời\s+gian\s+ký|ngày\s+ký)\s*:?")
#: The label of the signer's own field in a stamp.
_SIGNER = regex.compile(r"(?i)(?:ký\s+bởi|người\s+ký)\s*:")
#: The labels of a stamp's other fields, which end the signer's.
_OTHER_FIELD = regex.compile(r"(?i)(?:cơ\s+quan|e-?mail|địa\s+chỉ|chức\s+vụ|thời\s+gian\s+ký|ngày\s+ký)\s*:")


def _symbol(text: str) -> str:
    """A symbol as printed, its spaces around slashes dropped (``2025 / QĐ-UBND``)."""
    return regex.sub(r"\s*/\s*", "/", text.strip())


def find_date(lines: list[TextLine]) -> DateLine | None:
    """The header's date line: place, date and the line as printed.

    >>> from viplan_ocr.parse.text import lines_of as lines
    >>> find_date(lines("Số: 23 /BC-UBND Quảng Ngãi, ngày 23 tháng 01 năm 2025"))
    DateLine(date='2025-01-23', place='Quảng Ngãi', text='Quảng Ngãi, ngày 23 tháng 01 năm 2025', flags=())
    >>> find_date(lines("Phú Thọ, ngày   tháng 12 năm 2011")).flags
    ('day-blank',)
    >>> find_date(lines("Quảng Ngãi, ngày 2# tháng/†f năm 2021")).date is None
    True
    >>> find_date(lines("Thành phố Hồ Chí Minh, ngày 14 uháng 11 năm 2025")).date  # OCR took the t
    '2025-11-14'
    """
    for line in lines:
        match = DATE.search(line.shadow) or NUMERIC_DATE_LINE.search(line.shadow)
        if not match:
            continue
        flags: list[str] = []
        day = _part(line.text[match.start("day") : match.end("day")], "day", flags)
        month = _part(line.text[match.start("month") : match.end("month")], "month", flags)
        date = iso_date(day, month, match.group("year")) if day and month else None
        if day and month and date is None:
            flags.append("date-impossible")
        before = line.text[: match.start()]
        place = _place(before)
        start = before.rfind(place) if place else match.start()
        text = squash(line.text[start : match.end()])
        return DateLine(date, place, text, tuple(flags))
    return None


def _part(raw: str, name: str, flags: list[str]) -> str | None:
    """A day or month as digits, or None (flagged) when it is blank or could not be read."""
    raw = raw.strip(" ,._")
    digits = as_digits(raw)
    if not raw:
        flags.append(f"{name}-blank")
        return None
    if not digits.isdigit() or len(digits) > 2:
        flags.append(f"{name}-handwritten")
        return None
    if digits != raw:
        flags.append("ocr-digits")
    return digits


def check_handwriting(header: Header, readings: dict[str, str], unsure: dict[str, str] | None = None) -> Header:
    """The header, told which parts of its date were read from handwriting, and checked.

    ``readings`` are what extraction read by hand (``{"day": "17"}``, from the page warnings,
    :func:`viplan_ocr.extract.handwriting.read_notes`). A part the date line holds as read is
    flagged ``day-handwritten-read`` (``month-handwritten-read``). A date so read that falls after
    the document was e-signed, or before a document its text cites, is a misreading: it is
    dropped, flagged ``handwritten-date-rejected``, and the signing day stands in when there is one
    (``date-from-signature``), as for a day that could not be read at all.

    >>> header = Header(date="2017-11-17", date_text="Kiên Giang, ngày 17 tháng 11 năm 2017")
    >>> check_handwriting(header, {"day": "17"}).flags
    ('day-handwritten-read',)
    >>> late = replace(header, esign={"signer": None, "time": "2017-11-15T08:00:00"})
    >>> checked = check_handwriting(late, {"day": "17"}); checked.date, checked.flags
    ('2017-11-15', ('day-handwritten-read', 'handwritten-date-rejected', 'date-from-signature'))

    ``unsure`` readings (the day the classifier was not sure enough of to write into the line),
    or a day read without its month (handwritten too, unread), replace the signing day when they
    bear each other out (:func:`corroborated_day`); a month so taken from the signature is
    flagged ``month-from-signature``.
    """
    heard = {**(unsure or {}), **readings}  # a sure reading over an unsure one
    if "date-from-signature" in header.flags and (day := corroborated_day(header, heard)):
        flags = [f for f in header.flags if f != "date-from-signature"]
        flags += ["day-handwritten-read", "day-corroborated-by-signature"]
        if _printed(header.date_text)[0] is None:
            flags.append("month-from-signature")
        return replace(header, date=day, flags=tuple(dict.fromkeys(flags)))
    if not readings or header.date_text is None or header.date is None:
        return header
    match = DATE.search(shadow(header.date_text))
    if not match:
        return header
    read = [part for part, digits in readings.items() if match.group(part).strip(" ,._") == digits]
    if not read:
        return header
    flags = [*header.flags, *(f"{part}-handwritten-read" for part in read)]
    signed = header.esign["time"][:10] if header.esign else None
    cited = max((r.date for r in header.references if r.date), default=None)
    if (signed and header.date > signed) or (cited and header.date < cited):
        flags.append("handwritten-date-rejected")
        if signed:
            flags.append("date-from-signature")
        return replace(header, date=signed, flags=tuple(dict.fromkeys(flags)))
    return replace(header, flags=tuple(dict.fromkeys(flags)))


#: An unsure handwritten day is taken when the document was e-signed this many days after it
#: at most, in the month and year the date line prints: offices date a letter the day it is
#: drafted and the head signs it within days.
CORROBORATING_DAYS = 7


def corroborated_day(header: Header, unsure: dict[str, str]) -> str | None:
    """The date an unsure handwritten day gives, when the e-signature bears it out; else None.

    The day must make a real date in the signing month, that month and year must be the ones
    the date line prints (a month handwritten too must not be read otherwise), and the
    signature must follow it within :data:`CORROBORATING_DAYS`: two weak readings that agree,
    where either alone would be a guess.

    >>> header = Header(date_text="Quảng Ngãi, ngày |3 tháng 01 năm 2025", esign={"time": "2025-01-24T10:00"})
    >>> corroborated_day(header, {"day": "23"}), corroborated_day(header, {"day": "28"})
    ('2025-01-23', None)
    >>> corroborated_day(header, {"day": "03"})  # three weeks before the signature: no
    >>> by_hand = replace(header, date_text="Quảng Ngãi, ngày 2# tháng/†f năm 2025")
    >>> corroborated_day(by_hand, {"day": "23"}), corroborated_day(by_hand, {"day": "23", "month": "7"})
    ('2025-01-23', None)
    """
    if "day" not in unsure or not header.esign or not header.esign.get("time") or not header.date_text:
        return None
    try:
        signed = dt.date.fromisoformat(header.esign["time"][:10])
        day = signed.replace(day=int(unsure["day"]))
    except ValueError:
        return None
    month, year = _printed(header.date_text)
    if year != signed.year:
        return None
    month = month or unsure.get("month", str(signed.month))  # the month handwritten too
    if not month.isdigit() or int(month) != signed.month:
        return None
    if not 0 <= (signed - day).days <= CORROBORATING_DAYS:
        return None
    return day.isoformat()


def _printed(date_text: str | None) -> tuple[str | None, int | None]:
    """The month a date line prints in digits (None: blank or handwritten) and its year (None:
    no date line)."""
    printed = DATE.search(shadow(date_text or ""))
    if not printed:
        return None, None
    month = printed.group("month").strip(" ,._")
    return (month if month.isdigit() else None), int(printed.group("year"))


def _place(before: str) -> str | None:
    """The place name right before ``, ngày``: back to a column gap, a number or symbol, the motto.

    >>> _place("Độc lập - Tự do - Hạnh phúc Số: 4635 /SGDĐT-CTrTT Đà Nẵng, "), _place("Tp. Hồ Chí Minh, ")
    ('Đà Nẵng', 'Tp. Hồ Chí Minh')
    """
    column = COLUMN_GAP.split(before.rstrip(" ,"))[-1]
    kept: list[str] = []
    for word in reversed(column.split()):
        if _NOT_PLACE.search(word) or shadow(word).strip(".,") == "phuc" or len(kept) == _PLACE_WORDS:
            break
        kept.append(word)
    place = " ".join(reversed(kept)).strip(" ,.-–")
    return place if place[:1].isupper() else None


__all__ = [
    "DATE",
    "NUMBER",
    "DateLine",
    "ESign",
    "Number",
    "check_handwriting",
    "find_date",
    "find_esign",
    "find_number",
]
