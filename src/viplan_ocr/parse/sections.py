"""The section tree: Roman parts, arabic sections, lettered items and bullets, with their text.

A plan's body is ``I.``/``II.`` parts, ``1.``/``2.1.`` sections, ``a)`` items and ``-``/``+``/``•``
bullets. OCR damages the markers: an English engine reads ``III.`` as ``m.`` and the ``1`` of
``2.1.`` as a slash (``2./.``, seed 004), and a typist may number ``VI.`` where ``III.`` belongs
(seed 000). Numbers are normalised where the damage is unambiguous (``m.`` -> ``III``) and
every surprise is *flagged*, never silently renumbered: the reader keeps what was written.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import regex

from viplan_ocr.parse.model import Section, SectionKind, Span
from viplan_ocr.parse.patterns import TARGET_LABEL
from viplan_ocr.parse.text import (
    TextLine,
    is_noise_line,
    is_page_number,
    is_uppercase,
    join_lines,
    noise_prefix,
    shadow,
    squash,
    starts_paragraph,
)

#: ``I. MỤC TIÊU``, ``IV. TỔ CHỨC THỰC HIỆN``, ``II/ NHIỆM VỤ``; ``l``, ``1`` and ``|`` are how
#: OCR reads the stroke of ``I`` (``Il.`` for ``II.``), accepted next to a real Roman letter; a
#: speck read as a comma before the full stop (``I,. Mục tiêu``) is accepted too.
#: ``PHẦN I.`` and ``Phần II:`` name the same parts.
ROMAN_MARKER = regex.compile(r"^(?:(?:PHẦN|Phần|PHAN|Phan)\s+)?(?P<num>[IVXl1|]{1,6})\s*,?[.):/]\s*(?=\S)")
#: What an OCR engine reads for ``I`` in a Roman numeral: ``l``, ``1``, ``|`` (``l.``, ``1I.``).
_ROMAN_LOOKALIKES = str.maketrans("l1|", "III")
#: Roman numerals as an English OCR engine misreads them before a title in capitals:
#: ``m. KINH PHI THỰC HIỆN`` (seed 004, three strokes run together), ``H.``/``HI.`` for ``II.``/
#: ``III.``, ``l.``/``ll.``/``lll.`` for strokes read as lowercase L.
DAMAGED_ROMAN = {"m": "III", "H": "II", "HI": "III", "IH": "III", "l": "I", "ll": "II", "lll": "III"}
DAMAGED_ROMAN_MARKER = regex.compile(r"^(?P<num>m|HI|IH|H|l{1,3})\s*\.\s*(?=\p{Lu})")
#: ``1. Mục tiêu chung``, ``2.1. Giai đoạn 2022-2025``, ``2./. Giai doan`` (a slash for a 1),
#: ``3) ...``. A lone number needs its dot, so ``5 tuổi`` at a line start is no heading.
ARABIC_MARKER = regex.compile(r"^(?P<num>\d{1,2}(?:\s?\.\s?(?:\d{1,2}|[/lI|!]))*)(?P<end>\.|\))?\s*(?=[\p{L}\"“(])")
#: ``a) Tỷ lệ huy động ...``, ``đ) ...``; ``b. Tỷ lệ ...`` when a capital follows the dot.
LETTER_MARKER = regex.compile(r"^(?P<num>[a-zđ])\s?(?:\)\s*(?=\S)|\.\s+(?=\p{Lu}))")
#: Bullet characters: ``-``, ``–``, ``+``, ``*``, ``•``, the round and square bullets of word
#: processors, and the Symbol/Wingdings bullets a PDF text layer gives as private-use
#: characters (U+F0B7, U+F0A7, U+F0D8, U+F076).
BULLETS = "-–+*•·●○◦▪■□♦❖➢►\uf0b7\uf0a7\uf0d8\uf076"
#: ``- Chỉ tiêu 7: ...``, ``+ ...``, ``• ...``, ``* ...``.
BULLET_MARKER = regex.compile(rf"^(?P<num>[{BULLETS}])\s*(?=\S)")

_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}
#: Vietnamese list letters in order (``đ`` follows ``d``; ``f``, ``j``, ``w``, ``z`` are unused).
LETTERS = "abcdđeghiklmnopqrstuvxy"


def roman_value(numeral: str) -> int | None:
    """The value of a Roman numeral up to 39, or None if it is not a well-formed one.

    >>> roman_value("IV"), roman_value("XII"), roman_value("IIII")
    (4, 12, None)
    """
    total = 0
    for i, char in enumerate(numeral):
        value = _ROMAN_VALUES[char]
        following = _ROMAN_VALUES[numeral[i + 1]] if i + 1 < len(numeral) else 0
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

    ``rank`` orders kinds for nesting: a node closes every open node of equal or higher rank.
    """

    kind: SectionKind
    number: str | None
    raw: str
    rank: int
    length: int
    flags: tuple[str, ...] = ()


def read_marker(line: str) -> Marker | None:
    """The marker a (noise-stripped, left-stripped) line opens with, if any.

    >>> marker = read_marker("m. KINH PHI THUC HIEN")
    >>> str(marker.kind), marker.number, marker.raw, marker.flags
    ('roman', 'III', 'm.', ('ocr-damaged',))
    >>> read_marker("2./. Giai doan 2022-2025").number
    '2.1'
    >>> read_marker("- a) Tuyên truyền").number
    'a'
    >>> read_marker("5 tuổi đi học") is None
    True
    """
    if (match := DAMAGED_ROMAN_MARKER.match(line)) and is_uppercase(line[match.end() :]):
        number = DAMAGED_ROMAN[match.group("num")]
        return Marker(SectionKind.ROMAN, number, line[: match.end()].strip(), 1, match.end(), ("ocr-damaged",))
    if match := ROMAN_MARKER.match(line):
        raw = match.group("num")
        numeral = raw.translate(_ROMAN_LOOKALIKES)
        value = roman_value(numeral)
        if value is not None and any(c in "IVX" for c in raw):
            flags = ("ocr-damaged",) if numeral != raw or "," in match.group() else ()
            return Marker(SectionKind.ROMAN, numeral, line[: match.end()].strip(), 1, match.end(), flags)
    if (match := ARABIC_MARKER.match(line)) and (match.group("end") or "." in match.group("num")):
        raw = match.group("num")
        parts = [p.strip() for p in raw.split(".") if p.strip()]
        damaged = any(not p.isdigit() for p in parts)
        number = ".".join(p if p.isdigit() else "1" for p in parts)
        number = ".".join(str(int(p)) for p in number.split("."))
        flags = ("ocr-damaged",) if damaged else ()
        return Marker(SectionKind.ARABIC, number, line[: match.end()].strip(), 1 + len(parts), match.end(), flags)
    if match := LETTER_MARKER.match(line):
        return Marker(SectionKind.LETTER, match.group("num"), line[: match.end()].strip(), 10, match.end())
    if match := BULLET_MARKER.match(line):
        # A dash before a list letter (``- a) Tuyên truyền``: a speck read as a dash, or a
        # typist's habit) leaves the letter in charge.
        if letter := LETTER_MARKER.match(line[match.end() :]):
            end = match.end() + letter.end()
            return Marker(SectionKind.LETTER, letter.group("num"), line[:end].strip(), 10, end)
        rank = 21 if match.group("num") == "+" else 20
        return Marker(SectionKind.BULLET, None, match.group("num"), rank, match.end())
    # A ``Chỉ tiêu N:`` line without a bullet is an item of its own.
    if TARGET_LABEL.match(shadow(line[:40])):
        return Marker(SectionKind.ITEM, None, "", 15, 0)
    return None


def is_heading(line: str) -> bool:
    """True for a line that opens a Roman part or an arabic section (``I.``, ``2.1.``, ``m.``).

    >>> is_heading("2./. Giai doan 2022-2025"), is_heading("- Chỉ tiêu 1: đạt 90%")
    (True, False)
    """
    marker = read_marker(line.strip())
    return marker is not None and marker.kind in (SectionKind.ROMAN, SectionKind.ARABIC)


@dataclass(slots=True)
class _Node:
    """A node while the tree is being built (mutable; frozen into a Section at the end)."""

    marker: Marker
    start: int
    content_start: int
    end: int
    title: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    paragraphs: list[Span] = field(default_factory=list)
    children: list[_Node] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    expected_number: str | None = None
    title_open: bool = False

    def freeze(self, level: int) -> Section:
        children = tuple(c.freeze(level + 1) for c in self.children)
        end = children[-1].span.end if children else self.end
        return Section(
            kind=self.marker.kind,
            number=self.marker.number,
            marker=self.marker.raw,
            title=_clean_title(join_lines(self.title)),
            level=level,
            text=join_lines(self.body),
            span=Span(self.start, max(end, self.end)),
            content_start=self.content_start,
            flags=tuple(self.flags),
            expected_number=self.expected_number,
            children=children,
            paragraphs=tuple(self.paragraphs),
        )

    def add_body(self, text: str, start: int, end: int) -> None:
        """A line of the node's own text, extending its last paragraph or opening a new one."""
        if self.body and self.paragraphs and not starts_paragraph(squash(self.body[-1]), squash(text)):
            self.paragraphs[-1] = Span(self.paragraphs[-1].start, end)
        else:
            self.paragraphs.append(Span(start, end))
        self.body.append(text)


#: Scanner specks and closing punctuation at the end of a title: ``2. Muc tieu cu the• •``,
#: ``2.2. Giai đoạn 2025 - 2030.``, ``2. Mục tiêu cụ thể:``.
_TRAILING_SPECKS = regex.compile(r"[\s•·^~*,.:;]+$")


def _clean_title(title: str) -> str:
    return _TRAILING_SPECKS.sub("", title)


def _ordinal(marker: Marker) -> int | None:
    """The position a marker claims among its siblings: ``III`` -> 3, ``2.1`` -> 1, ``c`` -> 3."""
    number = marker.number or ""
    if marker.kind == SectionKind.ROMAN:
        return roman_value(number)
    if marker.kind == SectionKind.ARABIC:
        return int(number.split(".")[-1])
    if marker.kind == SectionKind.LETTER:
        return LETTERS.find(number) + 1 or None
    return None


def _sequence_flags(node: _Node, siblings: list[_Node], warnings: list[str]) -> None:
    """Flag a number that neither follows its predecessor nor matches its position; keep it.

    Both are accepted so that one surprise is flagged once: after a repeated ``II.`` (OCR lost a
    stroke of ``III.``) the ``IV.`` that follows is in place, and after a skipped number the
    next one follows its predecessor.
    """
    value = _ordinal(node.marker)
    if value is None:
        return
    previous = (_ordinal(siblings[-1].marker) or 0) if siblings else 0
    position = len(siblings) + 1
    if value in (previous + 1, position):
        return
    node.flags.append("out-of-sequence")
    marker = node.marker
    if marker.kind == SectionKind.ROMAN:
        node.expected_number = to_roman(position)
        after = siblings[-1].marker.number if siblings else "nothing"
        warnings.append(f"section {marker.number} follows {after} (expected {node.expected_number}); kept as read")
    elif marker.kind == SectionKind.ARABIC:
        node.expected_number = ".".join([*(marker.number or "").split(".")[:-1], str(position)])
        warnings.append(f"section {marker.number} ({marker.raw!r}) where {position} was expected; kept as read")
    elif marker.kind == SectionKind.LETTER:
        node.expected_number = LETTERS[position - 1] if position <= len(LETTERS) else None


def read_sections(lines: list[TextLine]) -> tuple[tuple[Section, ...], list[str]]:
    """The section tree of the body lines, and warnings about damaged or surprising numbers."""
    warnings: list[str] = []
    root = _Node(Marker(SectionKind.ROMAN, None, "", 0, 0), 0, 0, 0)  # rank 0: never closed
    stack = [root]
    for line in lines:
        if line.blank or is_noise_line(line.text) or is_page_number(line.text):
            continue
        skip, bullet_hint = noise_prefix(line.text)
        content = line.text[skip:]
        stripped = content.lstrip()
        offset = line.start + skip + len(content) - len(stripped)
        marker = read_marker(stripped)
        if marker is None and bullet_hint:
            marker = Marker(SectionKind.BULLET, None, "-", 20, 0, ("ocr-damaged",))
        if marker is None:
            _continue(stack[-1], stripped, offset, line.end)
            continue
        while stack[-1].marker.rank >= marker.rank:
            stack.pop()
        parent = stack[-1]
        node = _Node(marker, offset, offset + marker.length, line.end, flags=list(marker.flags))
        _sequence_flags(node, [c for c in parent.children if c.marker.kind == marker.kind], warnings)
        if marker.flags and marker.number:
            warnings.append(f"section marker {marker.raw!r} read as {marker.number} (OCR damage)")
        text = stripped[marker.length :].strip()
        if marker.kind in (SectionKind.ROMAN, SectionKind.ARABIC, SectionKind.LETTER):
            node.title.append(text)
            node.title_open = True
        else:
            node.add_body(text, node.content_start, line.end)
        parent.children.append(node)
        stack.append(node)
    return tuple(c.freeze(1) for c in root.children), warnings


def _continue(node: _Node, text: str, start: int, end: int) -> None:
    """Add a line without a marker to the open node: its title if the title runs on, else its text.

    A heading broken by the scanner continues on a line that starts lowercase
    (``1. Tăng cường công tác chỉ đạo, ... thực hiện các`` / ``chỉ tiêu của kế hoạch``).
    """
    node.end = end
    if node.title_open and node.title and text[:1].islower() and not node.title[-1].rstrip().endswith((".", ":", ";")):
        node.title.append(text)
        return
    node.title_open = False
    node.add_body(text, start, end)


def walk(
    sections: tuple[Section, ...], ancestors: tuple[Section, ...] = ()
) -> Iterator[tuple[Section, tuple[Section, ...]]]:
    """Every node of a tree with its ancestors, depth first, in document order."""
    for section in sections:
        yield section, ancestors
        yield from walk(section.children, (*ancestors, section))
