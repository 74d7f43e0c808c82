"""The section tree: Roman parts, arabic sections, lettered items and bullets, with their text.

A plan's body is ``I.``/``II.`` parts, ``1.``/``2.1.`` sections, ``a)`` items and ``-``/``+``/``•``
bullets; a decision's is ``Chương``/``Mục`` chapters and ``Điều`` articles. The markers are read
by the one marker grammar of :mod:`viplan_ocr.vietnamese.markers`, which cleaning uses too.

OCR damages the markers: an English engine reads ``III.`` as ``m.`` and the ``1`` of ``2.1.``
as a slash (``2./.``, seed 004); the Vietnamese one loses a stroke (a second ``II.`` where
``III.`` is due) or reads a digit as a letter (``Š.`` for ``5.``). Where the sequence says what
the number was, it is recovered and *flagged* ``ocr-damaged``, the marker kept as read; a number
that is merely out of place (a typist's ``VI.`` where ``III.`` belongs, seed 000) is kept as
read and flagged ``out-of-sequence``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from itertools import islice

import regex

from viplan_ocr.parse.model import Section, Span
from viplan_ocr.parse.text import TextLine, is_noise_line, join_lines, noise_prefix, squash, starts_paragraph
from viplan_ocr.vietnamese.digits import MARKER_LOOKALIKE_CHARACTERS, MARKER_LOOKALIKES
from viplan_ocr.vietnamese.layout import is_capitals, is_page_number
from viplan_ocr.vietnamese.markers import (
    LETTERS,
    Marker,
    SectionKind,
    damaged_roman,
    read_marker,
    roman_value,
    to_roman,
)


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
    if marker.kind in (SectionKind.ARTICLE, SectionKind.CHAPTER):
        return int(number) if number.isdigit() else roman_value(number)
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


#: A damaged arabic number before its full stop: ``Š.`` (``5.``), ``§.`` (``8.``), ``9,`` (a speck
#: for the stop); taken only where the sequence expects that number.
_DAMAGED_ARABIC = regex.compile(
    rf"^(?P<num>[{regex.escape(MARKER_LOOKALIKE_CHARACTERS)}]|\d{{1,2}})\s*[.,]\s*(?=\p{{Lu}})"
)
#: The ranks of a part ``I.`` and of a top-level arabic section ``1.`` (see ``Marker``).
_PART_RANK, _SECTION_RANK = 2, 5
#: A part's Roman number in strokes OCR read as other letters, before its title: ``IL.``,
#: ``II NỘI DUNG`` (the stop lost), ``L Đánh giá chung``; taken only where the sequence expects
#: a number of about that many strokes (:func:`_strokes`).
_STROKES = regex.compile(r"^(?P<num>[IVXLlH1|]{1,4})(?P<stop>\s*[.,:])?\s+(?=\p{Lu})")


def _expected(stack: list[_Node], kind: SectionKind, rank: int) -> int:
    """The ordinal the next sibling of this kind and rank would have, from the open nodes."""
    parent = next(node for node in reversed(stack) if node.marker.rank < rank)
    siblings = [c for c in parent.children if c.marker.kind == kind and c.marker.rank == rank]
    return (_ordinal(siblings[-1].marker) or 0) + 1 if siblings else 1


def _by_sequence(marker: Marker | None, line: str, stack: list[_Node]) -> Marker | None:
    """The marker a line opens with, its OCR damage recovered where the sequence says what it was.

    A part that repeats the number before it (``I.`` after ``I.``: a stroke lost) is the next
    part when the number read is part of the one expected (``II`` holds ``I``); an arabic number
    read as a letter or symbol (``Š.``) or with a comma (``9,``) and a Roman one read as letters
    (``L.``, ``H.``) are taken where they are the next number, flagged ``ocr-damaged``.
    """
    if marker is not None and marker.kind == SectionKind.ROMAN and marker.number:
        following = _expected(stack, SectionKind.ROMAN, marker.rank)
        expected = to_roman(min(following, 39))
        if roman_value(marker.number) == following - 1 and marker.number in expected:
            return replace(marker, number=expected, flags=(*marker.flags, "ocr-damaged"))
        if marker.number == "I" and following > 1 and marker.rank == _PART_RANK and not _in_capitals(line, marker):
            # ``I. Quy trình tổ chức`` inside part IV: the ``1.`` of its first section, read as a
            # stroke; a part's title is set in capitals
            return Marker(SectionKind.ARABIC, "1", marker.raw, _SECTION_RANK, marker.length, ("ocr-damaged",))
        return marker
    if marker is not None:
        return marker
    damaged = damaged_roman(line)
    if damaged is not None and roman_value(damaged.number or "") == _expected(stack, SectionKind.ROMAN, _PART_RANK):
        return damaged
    if strokes := _strokes(line, _expected(stack, SectionKind.ROMAN, _PART_RANK)):
        return strokes
    if match := _DAMAGED_ARABIC.match(line):
        digits = match.group("num").translate(MARKER_LOOKALIKES)
        if digits.isdigit() and int(digits) == _expected(stack, SectionKind.ARABIC, _SECTION_RANK) > 1:
            return Marker(
                SectionKind.ARABIC,
                str(int(digits)),
                match.group().strip(),
                _SECTION_RANK,
                match.end(),
                ("ocr-damaged",),
            )
    return None


#: A line of a letter or two and a stop, alone: the marker of a section OCR misread (``Â,``).
_LONE_MARK = regex.compile(r"^\s*[^\s\p{N}]{1,2}\s*[.,]?\s*$")
#: How many lines the first section's text may run before ``2.`` follows it.
_LOST_FIRST_REACH = 4


def _lost_first(lines: list[TextLine], index: int, stack: list[_Node]) -> Marker | None:
    """The first section's ``1.`` misread alone on its line (:func:`lost_first_marker`), where the
    sequence expects a first section; flagged ``ocr-damaged``."""
    if _expected(stack, SectionKind.ARABIC, _SECTION_RANK) != 1 or not lost_first_marker(lines, index):
        return None
    raw = lines[index].text.strip()
    return Marker(SectionKind.ARABIC, "1", raw, _SECTION_RANK, len(raw), ("ocr-damaged",))


def lost_first_marker(lines: list[TextLine], index: int) -> bool:
    """Whether a line is the first section's ``1.`` that OCR read as a letter or two alone on
    its line (``Â,``): the section's text follows on the next line, and ``2.`` opens a line soon
    after. Junk alone on a line anywhere else stays noise.

    >>> from viplan_ocr.parse.text import lines_of
    >>> lines = lines_of("Ban giám hiệu đề nghị:\\nÂ,\\nCho phép sinh viên mang balô.\\n2. Phòng Đào tạo thực hiện.")
    >>> lost_first_marker(lines, 1), lost_first_marker(lines_of("Â,\\nCho phép.\\n3. Phòng."), 0)
    (True, False)
    """
    if not _LONE_MARK.match(lines[index].text) or read_marker(lines[index].text.strip()) is not None:
        return False  # not a mark alone, or one read right (``I.``: a part, its title below)
    texts = (line.text.strip() for line in lines[index + 1 :] if not line.blank)
    following = list(islice(texts, _LOST_FIRST_REACH + 1))
    if not following or not following[0][:1].isupper() or read_marker(following[0]) is not None:
        return False
    if is_capitals(following[0]):
        return False  # a title in capitals: a part's (``I.`` alone, ``MỤC ĐÍCH, YÊU CẦU`` below)
    for later in following[1:]:
        if (marker := read_marker(later)) is not None:
            return marker.kind == SectionKind.ARABIC and marker.number == "2" and marker.rank == _SECTION_RANK
    return False


def _in_capitals(line: str, marker: Marker) -> bool:
    """Whether the title after a marker is set in capitals, as a part's is."""
    return is_capitals(line[marker.length :])


def _strokes(line: str, following: int) -> Marker | None:
    """The part due next (``following``) where the line opens with its strokes misread
    (:data:`_STROKES`): as many strokes, one more or one fewer, before a title in capitals or
    after a stop; a lone ``L`` for the first part before any title."""
    match = _STROKES.match(line)
    if match is None or following > 3:
        return None
    raw, expected = match.group("num"), to_roman(following)
    title = line[match.end() :]
    if not (match.group("stop") or is_capitals(title) or (raw in ("L", "l") and following == 1)):
        return None
    if abs(len(raw) - len(expected)) > 1:
        return None
    return Marker(SectionKind.ROMAN, expected, match.group().strip(), _PART_RANK, match.end(), ("ocr-damaged",))


def read_sections(lines: list[TextLine]) -> tuple[tuple[Section, ...], list[str]]:
    """The section tree of the body lines, and warnings about damaged or surprising numbers."""
    warnings: list[str] = []
    root = _Node(Marker(SectionKind.ROMAN, None, "", 0, 0), 0, 0, 0)  # rank 0: never closed
    stack = [root]
    for index, line in enumerate(lines):
        if line.blank or is_page_number(line.text):
            continue
        lost = _lost_first(lines, index, stack)
        if lost is None and is_noise_line(line.text):
            continue
        skip, bullet_hint = noise_prefix(line.text) if lost is None else (0, False)
        content = line.text[skip:]
        stripped = content.lstrip()
        offset = line.start + skip + len(content) - len(stripped)
        marker = lost or _by_sequence(read_marker(stripped), stripped, stack)
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
        if marker.kind not in (SectionKind.BULLET, SectionKind.ITEM):
            node.title.append(text)
            node.title_open = True
        else:
            node.add_body(text, node.content_start, line.end)
        parent.children.append(node)
        stack.append(node)
    _first_part_read_as_one(root, warnings)
    return tuple(c.freeze(1) for c in root.children), warnings


def _first_part_read_as_one(root: _Node, warnings: list[str]) -> None:
    """``1.`` then ``II.``, ``III.`` at the top: OCR read the first part's ``I.`` as a one."""
    top = root.children
    if (
        len(top) >= 2
        and top[0].marker.kind == SectionKind.ARABIC
        and top[0].marker.number == "1"
        and top[1].marker.kind == SectionKind.ROMAN
        and top[1].marker.number == "II"
    ):
        top[0].marker = replace(top[0].marker, kind=SectionKind.ROMAN, number="I", rank=_PART_RANK)
        top[0].flags.append("ocr-damaged")
        warnings.append(f"section marker {top[0].marker.raw!r} read as I (OCR damage)")
        if "out-of-sequence" in top[1].flags:  # II. looked out of place only beside a "1."
            top[1].flags.remove("out-of-sequence")
            top[1].expected_number = None
            warnings[:] = [w for w in warnings if not w.startswith("section II follows nothing")]


def might_open_part(line: str) -> bool:
    """Whether a line may open a part that OCR damaged (``L. Tình hình``, ``IL. MỤC ĐÍCH``): no
    title line.

    >>> might_open_part("L. Tình hình công tác"), might_open_part("IL. MỤC ĐÍCH"), might_open_part("Lê Văn A")
    (True, True, False)
    """
    return damaged_roman(line.strip()) is not None or _strokes(line.strip(), 1) is not None


def _continue(node: _Node, text: str, start: int, end: int) -> None:
    """Add a line without a marker to the open node: its title if the title runs on, else its text.

    A heading broken by the scanner continues on a line that starts lowercase
    (``1. Tăng cường công tác chỉ đạo, ... thực hiện các`` / ``chỉ tiêu của kế hoạch``). A
    chapter or part number alone on its line has its title on the next, set in capitals
    (``Chương I`` / ``NHỮNG QUY ĐỊNH CHUNG``); a section number alone on its line, on the next
    line that opens with a capital.
    """
    node.end = end
    if (
        node.title_open
        and not any(node.title)
        and (
            (node.marker.kind in (SectionKind.CHAPTER, SectionKind.ROMAN) and is_capitals(text))
            or (node.marker.kind == SectionKind.ARABIC and text[:1].isupper())
        )
    ):
        node.title = [text]
        return
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
