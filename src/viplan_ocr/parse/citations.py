"""Documents a plan cites: ``Kế hoạch số 342/KH-SGDĐT ngày 08/02/2022 của Sở GDĐT Hà Nội``.

Plans open with the documents they carry out (``Căn cứ ...``, ``Thực hiện ...``) and cite more
in their body. A citation is a kind, a number with a letter in it (so a bare date is never a
number), and, when the text gives them, a date and an issuer; a law is often cited by name
only (``Luật Trẻ em``). All of it is matched on the accent-free shadow, so ``Nghi quyet so
19-NQ/TW ngay 25/10/2017`` from an English OCR engine reads like the accented original.
"""

from __future__ import annotations

import regex

from viplan_ocr.parse.model import Reference, Span
from viplan_ocr.parse.patterns import KIND, NUMERIC_DATE, WORDS_DATE_TAIL, iso_date, kind_name
from viplan_ocr.parse.text import squash
from viplan_ocr.vietnamese.markers import SO
from viplan_ocr.vietnamese.syllables import shadow

#: Spaces and line breaks inside a cited number (``59/2014/NĐ- CP``), which the number drops.
_SPACES = regex.compile(r"\s+")
#: The date after a cited document: ``ngày 08/02/2022``, ``ngày 15 tháng 6 năm 2021``.
CITED_DATE = rf"\s*,?\s*(?:ngay|ban\s+hanh\s+ngay)\s+(?:{NUMERIC_DATE}|{WORDS_DATE_TAIL})"
#: A cited document: ``Kế hoạch số 342/KH-SGDĐT ngày 08/02/2022 của Sở GDĐT Hà Nội``,
#: ``Nghị quyết số 19-NQ/TW ngày 25/10/2017``, ``Nghị quyết 08/NQ-CP ngày 24/01 /2018``.
#: A number needs a letter, so a bare date is never a number; a hyphen may be followed by a
#: space or a line break (``59/2014/NĐ- CP``, ``TT-`` / ``BGDĐT``), which the number drops.
REFERENCE = regex.compile(
    rf"(?<![a-z])(?:{KIND})\s*(?:{SO}\s*[:.]?\s*)?"
    r"(?P<number>\d{1,5}(?:/\d{4})?(?:[/]|-\s?)(?:\w|/|-\s?)*?[a-z](?:\w|/|-(?:\s?(?=\w)))*)"
    rf"(?:{CITED_DATE})?"
)
#: ``của Sở GDĐT Hà Nội về ...``: the issuer runs up to punctuation or a word that starts the
#: cited document's subject.
ISSUER_LEAD = regex.compile(r"\s*,?\s*(?:cua|do)\s+")
ISSUER_STOP = regex.compile(
    r"[,;:()]|\.(?:\s|$)|\n\s*\n"
    r"|\s(?:ve|v/v|quy\s+dinh|huong\s+dan|ban\s+hanh|thuc\s+hien|phe\s+duyet|sua\s+doi|bo\s+sung|nham|theo|tai|trong)"
    r"(?![a-z])"
)
#: ``Luật Trẻ em``: a law cited by name, without a number.
NAMED_LAW = regex.compile(r"(?<!\p{L})(?:Luật|Luat|LUẬT|LUAT)\s+(?P<title>\p{Lu}\p{L}+(?:\s+\p{L}+){0,5})")
#: The date after a law's name: ``Luật Giáo dục ngày 14 tháng 6 năm 2019``.
LAW_DATE = regex.compile(CITED_DATE)
_WORD = regex.compile(r"\p{L}+")
#: Words that end a law's name: ``Luật Trẻ em năm 2016``, ``Luật Giáo dục và ...``.
_LAW_NAME_STOP = frozenset("nam so ngay va cua ve da duoc nay de cho tai trong theo nhu voi".split())


def read_references(text: str, folded: str) -> tuple[Reference, ...]:
    """Every document the text cites with a number, and every law it cites by name, in order.

    >>> text = "Thực hiện Kế hoạch số 496/KH-PGDĐT ngày 15/4/2021 của Phòng Giáo dục và Đào tạo về ..."
    >>> [(r.kind, r.number, r.date, r.issuer) for r in read_references(text, shadow(text))]
    [('Kế hoạch', '496/KH-PGDĐT', '2021-04-15', 'Phòng Giáo dục và Đào tạo')]
    """
    found: list[Reference] = []
    seen: set[tuple[str, str]] = set()
    for match in REFERENCE.finditer(folded):
        kind = kind_name(match)
        number = _SPACES.sub("", text[match.start("number") : match.end("number")])
        date = _reference_date(match)
        end = match.end()
        issuer = None
        lead = ISSUER_LEAD.match(folded, end)
        if lead:
            stop = ISSUER_STOP.search(folded, lead.end(), lead.end() + 100)
            stop_at = stop.start() if stop else min(len(text), lead.end() + 80)
            raw = text[lead.end() : stop_at].rstrip(" \t\n*.-–")
            issuer = squash(raw) or None
            end = lead.end() + len(raw) if issuer else end
        key = (kind, number)
        if key in seen:
            continue
        seen.add(key)
        span = Span(match.start(), end)
        found.append(Reference(kind, number, date, issuer, None, squash(text[span.start : span.end]), span))
    for match in NAMED_LAW.finditer(text):
        end = match.start("title")
        for word in _WORD.finditer(text, match.start("title"), match.end("title")):
            if end > match.start("title") and shadow(word.group()) in _LAW_NAME_STOP:
                break
            end = word.end()
        title = squash(text[match.start("title") : end])
        key = ("Luật", shadow(title))
        if key in seen:
            continue
        seen.add(key)
        date = None
        if dated := LAW_DATE.match(folded, end):
            date, end = _reference_date(dated), dated.end()
        span = Span(match.start(), end)
        found.append(Reference("Luật", None, date, None, title, squash(text[span.start : span.end]), span))
    return tuple(sorted(found, key=lambda r: r.span.start))


def _reference_date(match: regex.Match[str]) -> str | None:
    if match.group("day") is None:
        return None
    return iso_date(match.group("day"), match.group("month"), match.group("year"))
