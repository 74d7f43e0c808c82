"""Text helpers shared by the parser: the accent-free shadow, lines with offsets, OCR noise.

The parser must read clean accented text and text an English OCR engine left without diacritics
(``Chi tieu s6 4``) alike, and ``clean()`` restores accents only as well as it can. So every
keyword is matched on a *shadow* of the text: the same string lowercased, with diacritics and the
stroke of ``đ`` removed, one character for one character. A match in the shadow is a span in the
real text, and values, titles and spans are always reported from the real text.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import regex

from viplan_ocr.vietnamese.syllables import shadow


def prepare(text: str) -> str:
    """The text the parser works on (and every span refers to): NFC, with ``\\n`` line ends.

    PDF text layers and Windows files bring ``\\r\\n`` and decomposed accents; both would shift
    offsets between the text and its shadow.
    """
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


@dataclass(frozen=True, slots=True)
class TextLine:
    """One line of the document with its offsets (``end`` excludes the newline)."""

    index: int
    start: int
    end: int
    text: str
    shadow: str

    @property
    def blank(self) -> bool:
        """True for an empty or whitespace-only line."""
        return not self.text.strip()


def split_lines(text: str, folded: str) -> list[TextLine]:
    """The lines of ``text`` with their offsets and shadows."""
    lines = []
    start = 0
    for index, raw in enumerate(text.split("\n")):
        end = start + len(raw)
        lines.append(TextLine(index, start, end, raw, folded[start:end]))
        start = end + 1
    return lines


def lines_of(text: str) -> list[TextLine]:
    """The lines of a text as the parser reads them (prepared, with their shadows).

    >>> [line.shadow for line in lines_of("Số: 12\\r\\nNgày")]
    ['so: 12', 'ngay']
    """
    prepared = prepare(text)
    return split_lines(prepared, shadow(prepared))


_SPACES = regex.compile(r"\s+")


def squash(text: str) -> str:
    """Whitespace runs (line breaks included) as single spaces, ends stripped.

    >>> squash("cua So GDDT \\nHa Noi ")
    'cua So GDDT Ha Noi'
    """
    return _SPACES.sub(" ", text).strip()


#: Scanner specks read as text at the start of a line: three or more tokens that each hold at
#: most one letter or digit (``r r t • • y r- Tham mưu``, ``X /y r A \\ A ^ r \\ r2. Đẩy mạnh``
#: in seed 004). Real Vietnamese lines almost never open with three one-letter words.
#: A list letter's parenthesis (``a)``) is no speck: ``• r r f- a) Tuyên truyền`` keeps its ``a)``.
_NOISE_PREFIX = regex.compile(r"^\s*(?:(?:[^\w\s]{1,3}|\w|\w[^\w\s)]|[^\w\s]\w)\s+){3,}")
#: A speck glued to the marker that follows the noise: the ``r`` of ``r2.``.
_GLUED_SPECK = regex.compile(r"^[^\W\d](?=\d{1,2}\.)")


def noise_prefix(line: str) -> tuple[int, bool]:
    """How many leading characters of ``line`` are scanner noise, and whether a bullet hid in it.

    The last noise token of ``r r t • • y r- Tham`` ends with the bullet's dash, so the line
    is a bullet item; in ``X /y r ... r2. Đẩy`` the heading ``2.`` follows a glued speck.

    >>> noise_prefix("r r t • • y r- Tham muu ra soat")
    (15, True)
    >>> line = "X /y r A \\\\ A ^ r \\\\ r2. Day manh"
    >>> line[noise_prefix(line)[0]:]
    '2. Day manh'
    >>> noise_prefix("• r r f- a) Tuyen truyen")
    (9, True)
    >>> noise_prefix("Ở đó có 3 trường")
    (0, False)
    """
    match = _NOISE_PREFIX.match(line)
    if not match:
        return 0, False
    tokens = match.group().split()
    # Three one-letter words is still possible prose ("ở a b"): demand a symbol among them.
    if all(t.isalnum() for t in tokens):
        return 0, False
    end = match.end()
    glued = _GLUED_SPECK.match(line[end:])
    if glued:
        end += glued.end()
    return end, tokens[-1].endswith(("-", "–"))


def is_noise_line(line: str) -> bool:
    """True for a line made only of scanner specks (``r r y y``, ``r r \\\\``).

    >>> is_noise_line("r r y y")
    True
    >>> is_noise_line("- Lưu VT.")
    False
    """
    stripped = line.strip()
    if not stripped:
        return False
    tokens = stripped.split()
    return len(tokens) >= 3 and all(len([c for c in t if c.isalnum()]) <= 1 for t in tokens)


#: A sentence ends a line: the next line starts a new paragraph unless it starts lowercase.
_SENTENCE_END = (".", ":", ";", "!", "?")


def starts_paragraph(previous: str, line: str) -> bool:
    """True if ``line`` opens a new paragraph after ``previous`` (both whitespace-squashed).

    A break inside a sentence (no closing punctuation, or the next line starts lowercase) is the
    scanner's or the column's, not the writer's.

    >>> starts_paragraph("Thực hiện tốt Luật Trẻ em, phát triển", "toàn diện trẻ em.")
    False
    >>> starts_paragraph("toàn diện trẻ em.", "Tạo lập môi trường.")
    True
    """
    return previous.endswith(_SENTENCE_END) and not line[:1].islower()


def join_lines(lines: list[str]) -> str:
    """Paragraph text from lines broken by a scanner or a narrow column.

    >>> join_lines(["Thực hiện tốt Luật Trẻ em, phát triển", "toàn diện trẻ em.", "Tạo lập môi trường."])
    'Thực hiện tốt Luật Trẻ em, phát triển toàn diện trẻ em.\\nTạo lập môi trường.'
    """
    out = ""
    for raw in lines:
        line = squash(raw)
        if not line:
            continue
        if not out:
            out = line
        else:
            out += ("\n" if starts_paragraph(out, line) else " ") + line
    return out


def parse_number(digits: str, *, percent: bool) -> float:
    """A Vietnamese number: decimal comma, dot as thousands separator (but not in percentages).

    >>> parse_number("99,5", percent=True), parse_number("1.200", percent=False)
    (99.5, 1200.0)
    >>> parse_number("99.5", percent=True), parse_number("02", percent=False)
    (99.5, 2.0)
    """
    if "," in digits:
        return float(digits.replace(".", "").replace(",", "."))
    if "." in digits and not percent and all(len(part) == 3 for part in digits.split(".")[1:]):
        return float(digits.replace(".", ""))
    return float(digits)
