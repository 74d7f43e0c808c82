"""Line repair: scanner noise removed, broken lines and hyphenation re-joined.

A scanned plan comes out of OCR one printed line at a time: every paragraph is cut where the
page was full (``phát triển`` / ``toàn diện trẻ em``), sometimes with a blank line the engine
inserted mid-sentence, and word-processor hyphenation leaves ``phát-`` / ``triển``. Headings,
list items, signature lines and recipients, on the other hand, must keep their own lines:
the parser reads the structure from them. :func:`reflow` decides at each line break with small
named rules (:func:`ends_sentence`, :func:`is_full`, :func:`is_layout`, ...) and the core's marker
and layout grammar (:mod:`viplan_ocr.vietnamese`), which the parser reads with too, and records
every re-joined break as a change with reason ``reflow``.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import TYPE_CHECKING

import regex

from viplan_ocr.document import TYPED, Change, apply_changes
from viplan_ocr.normalize.noise import NoiseSpan, is_anchor, line_pieces, noise_spans, stray_marks
from viplan_ocr.vietnamese.layout import RECIPIENTS_HEAD, capitals_by_count, has_columns, is_name, is_page_number
from viplan_ocr.vietnamese.markers import starts_heading, starts_line
from viplan_ocr.vietnamese.syllables import shadow, strip_accents

if TYPE_CHECKING:
    from viplan_ocr.normalize import CleanConfig
    from viplan_ocr.normalize.origins import Origins

#: A line this share of the document's typical width or more was cut by the page margin.
FULL_LINE_SHARE = 0.65
#: The narrowest margin-to-margin line a plan has: an A4 page in 13-14 pt type (the size
#: Nghị định 30/2020/NĐ-CP prescribes for administrative documents) holds 70 to 90 characters.
MIN_WIDTH = 70

#: Closing quotes and brackets that may follow a sentence's final punctuation.
_CLOSERS = "\"'”’)]»"

#: The content of a non-blank line, without the spaces around it.
_ROW = regex.compile(r"[^\S\n]*\K[^\n]*\S")


def remove_noise(text: str, config: CleanConfig, origins: Origins | None = None) -> tuple[str, list[Change]]:
    """Remove scanner noise: whole noise lines and noise glued before or after real text.

    See :mod:`viplan_ocr.normalize.noise` for how noise is told from short real words.

    >>> remove_noise("2. Mục tiêu cụ thể• •\\nr r y y\\nr r t • • y r- Tham mưu", None)[0]
    '2. Mục tiêu cụ thể\\n- Tham mưu'
    """
    noise = [_change(text, span) for span in noise_spans(text, origins.confidence if origins is not None else None)]
    noise.sort(key=lambda change: change.start)
    # Specks glued between words are looked for with the noise gone (``ho. r r- thực`` has
    # one only once ``r r-`` is), else a second cleaning would find what the first did not.
    back = _offsets_before(noise)
    glued = []
    for speck in stray_marks(apply_changes(text, noise)):
        start, last = back(speck.start), back(speck.end - 1)
        if start is None or last != start + speck.end - 1 - speck.start:
            continue  # in a space or dash the noise step put there, or across what it took out
        if origins is not None and origins.source_at(start) in TYPED:
            continue  # a typed mark is its author's (``bổ;sung``): only OCR glues specks
        glued.append(_change(text, replace(speck, start=start, end=last + 1)))
    changes = sorted(noise + glued, key=lambda change: change.start)
    return apply_changes(text, changes), changes


def _change(text: str, span: NoiseSpan) -> Change:
    """The noise step's change that removes ``span`` from ``text``."""
    return Change("noise", span.start, span.end, text[span.start : span.end], span.after, "noise", span.confidence)


def _offsets_before(changes: list[Change]) -> Callable[[int], int | None]:
    """For the text ``changes`` (in order, apart) made, where each of its offsets was before
    them (:func:`~viplan_ocr.document.apply_changes`); None inside what a change put in.

    >>> noise = Change("noise", 3, 8, " r r-", "", "noise", 0.9)  # "ho. r r- thuc" -> "ho. thuc"
    >>> back = _offsets_before([noise])
    >>> back(2), back(4)
    (2, 9)
    """
    starts, shifts, shift = [], [], 0
    for change in changes:
        starts.append(change.start + shift)  # where its replacement starts in the new text
        shift += len(change.after) - (change.end - change.start)
        shifts.append(shift)

    def back(at: int) -> int | None:
        k = bisect.bisect_right(starts, at) - 1
        if k < 0:
            return at
        if at < starts[k] + len(changes[k].after):
            return None
        return at - shifts[k]

    return back


def ends_sentence(line: str) -> bool:
    """Whether a line ends a sentence (``.``, ``!``, ``?``, before closing quotes).

    >>> ends_sentence("cho mọi trẻ em."), ends_sentence("thực hiện./."), ends_sentence("phát triển")
    (True, True, False)
    """
    return line.rstrip(_CLOSERS)[-1:] in (".", "!", "?")


def ends_clause(line: str) -> bool:
    """Whether a line ends a clause or announces a list (``;``, ``:``).

    Such a line is complete when the next opens an item (``Nơi nhận:`` / ``- Như trên;``), and
    was cut by the margin when the next goes on in small letters (``có hoàn cảnh đặc biệt;`` /
    ``trẻ em, học sinh trong các hộ gia đình nghèo``).

    >>> ends_clause("Nơi nhận:"), ends_clause("- Các trường MN, TH, THCS;"), ends_clause("phát triển")
    (True, True, False)
    """
    return line.rstrip(_CLOSERS)[-1:] in (":", ";")


def typical_width(lengths: list[int]) -> int:
    """The width a document's body lines reach: the 80th percentile of the line lengths.

    Most lines of a scanned page run to the right margin, headings and paragraph ends fall
    short of it, and a few lines (a paragraph already on one line, a two-column header) go
    far beyond it: a high percentile, not the longest line, is the margin. It is never taken
    below :data:`MIN_WIDTH`, so that a few short lines do not all look full.

    >>> typical_width([8, 17, 44, 70, 72, 75, 76, 77, 78, 79, 330]), typical_width([39, 31])
    (78, 70)
    """
    ordered = sorted(lengths)
    return max(MIN_WIDTH, ordered[min(len(ordered) - 1, (8 * len(ordered)) // 10)])


def is_full(paragraph: Paragraph, width: int) -> bool:
    """Whether a paragraph so far reaches the right margin, so its line break was the page's.

    A wrapped body line comes close to the typical width (:func:`typical_width`); a heading
    or a paragraph's last line does not. The whole paragraph so far is judged, not its last
    line: that is what a second reflow of the output sees.

    >>> is_full(Paragraph.of("Thực hiện tốt Luật Trẻ em, đảm bảo thực hiện các quyền trẻ em, phát triển"), 80)
    True
    >>> is_full(Paragraph.of("1. Mục tiêu chung"), 80)
    False
    """
    return paragraph.length >= FULL_LINE_SHARE * width


def _letter_counts(line: str) -> tuple[int, int]:
    """How many letters a line has, and how many of them are capitals."""
    letters = [c for c in line if c.isalpha()]
    return len(letters), sum(c.isupper() for c in letters)


def is_layout(line: str) -> bool:
    """Whether a line is page layout rather than prose: a rule, two columns, a page number, the
    head of the recipients' column.

    A header set in two columns (issuer left, national motto right) or a signature block
    beside the recipients comes out of a text layer as one line with a wide gap in it; a
    page number (``2``, ``- 2 -``) stands between the pages of a scanned plan; ``Nơi nhận:``
    opens the list at the foot of the letter, even after a closing line whose ``./.`` OCR
    made junk (``trân trọng... >``).

    >>> is_layout("---------------"), is_layout("UBND QUẬN LONG BIÊN          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    (True, True)
    >>> is_layout("- 2 -"), is_layout("giai đoạn 2021 – 2030,  Trường THCS Bình Cang"), is_layout("100%.")
    (True, False, False)
    >>> is_layout("Nơi nhận:"), is_layout(".\\ơi nhận:"), is_layout("Người nhận: ông Nguyễn Văn A")
    (True, True, False)
    """
    return (
        not any(c.isalnum() for c in line)
        or has_columns(line)
        or is_page_number(line)
        or RECIPIENTS_HEAD.match(shadow(line.strip())) is not None
    )


def continues(line: str) -> bool:
    """Whether a line reads as the rest of a sentence: it starts with a small letter, a digit or punctuation.

    Vietnamese capitalises only sentence starts and proper names, and list items start with a
    marker, so a small first letter means the line before was cut by the margin.

    >>> continues("toàn diện trẻ em về đạo đức"), continues("100%."), continues("Thực hiện tốt")
    (True, True, False)
    """
    first = line[:1]
    return not first.isalpha() or first.islower()


def hyphen_joint(paragraph: str, line: str) -> tuple[int, str] | None:
    """How to undo a hyphen ending a paragraph's last line: (characters to drop, separator), or None.

    A hyphen glued to a small letter before a small letter is the typesetter's (``phát-`` /
    ``triển``): it goes, and since Vietnamese writes syllables apart (and an OCR-damaged
    half, ``Chirong-`` / ``trinh``, cannot be told from a syllable), a space replaces it.
    Between digits (``2022-`` / ``2030``) or capitals (``KH-`` / ``SGDĐT``) the hyphen is the
    writer's: it stays and the halves are glued. A spaced dash (``kinh tế -`` / ``xã hội``)
    is not a hyphenation at all.

    >>> hyphen_joint("phát-", "triển"), hyphen_joint("Chirong-", "trinh"), hyphen_joint("giai đoạn 2022-", "2030")
    ((1, ' '), (1, ' '), (0, ''))
    >>> hyphen_joint("Kế hoạch số 342/KH-", "SGDĐT"), hyphen_joint("kinh tế -", "xã hội")
    ((0, ''), None)
    """
    if not paragraph.endswith("-") or not line:
        return None
    before, first = paragraph[-2:-1], line[0]
    if (before.isdigit() and first.isdigit()) or (before.isupper() and first.isupper()):
        return (0, "") if _solid_halves(paragraph, line) else None
    if before.islower() and first.islower():
        return 1, " "
    return None


def _solid_halves(paragraph: str, line: str) -> bool:
    """Whether both halves of a hyphenated word are solid text, so gluing them is safe.

    A word of three letters or more or a number on each side (``342/KH-`` / ``SGDĐT``): gluing
    anything less (``KH-`` / ``A»X``, ``KH-`` / ``em``) would make a token the noise step
    judges differently the next time round (:func:`~viplan_ocr.normalize.noise.is_anchor`).
    """
    left = line_pieces(paragraph.rsplit(maxsplit=1)[-1], 0)
    right = line_pieces(line.split(maxsplit=1)[0], 0)
    return len(left) == len(right) == 1 and is_anchor(left[0]) and is_anchor(right[0])


@dataclass(frozen=True, slots=True)
class Paragraph:
    """What the join rules need to know of a paragraph being built from lines.

    It is kept up to date line by line instead of re-reading the paragraph's whole text at
    each line, which would make a long paragraph cost quadratic time.
    """

    first: str  # its first line
    last: str  # its last line
    length: int  # characters of the joined text
    letters: int
    capitals: int
    layout: bool  # one of its lines is a rule or has two columns
    lines: int = 1
    opening: tuple[str, ...] = ()  # its first two words (opening_words)
    sibling: bool = False  # it opens the way the paragraph before it did (is_parallel)
    brackets: int = 0  # brackets opened and not yet closed: ``(`` less ``)``

    @classmethod
    def of(cls, line: str) -> Paragraph:
        """A paragraph of one line."""
        return cls(
            line,
            line,
            len(line),
            *_letter_counts(line),
            is_layout(line),
            opening=opening_words(line),
            brackets=line.count("(") - line.count(")"),
        )

    def joined(self, drop: int, separator: str, following: Paragraph) -> Paragraph:
        """This paragraph with ``drop`` characters cut from its end, ``separator`` and ``following`` added."""
        return Paragraph(
            first=self.first,
            last=following.last,
            length=self.length - drop + len(separator) + following.length,
            letters=self.letters + following.letters,
            capitals=self.capitals + following.capitals,
            layout=self.layout or following.layout,
            lines=self.lines + following.lines,
            opening=self._opening_joined(separator, following.opening),
            sibling=self.sibling,
            brackets=max(self.brackets, 0) + following.brackets,
        )

    def _opening_joined(self, separator: str, following: tuple[str, ...]) -> tuple[str, ...]:
        """The first two words once ``following``'s are added (a glued hyphenation makes one word)."""
        if len(self.opening) >= 2:
            return self.opening
        if separator == "" and self.opening and following:
            return ((self.opening[0] + following[0]), *following[1:])[:2]
        return (self.opening + following)[:2]

    def stands_alone(self) -> bool:
        """Whether it keeps its own line: a title or signature in capitals, a name, layout.

        >>> Paragraph.of("KT. TRƯỞNG PHÒNG").stands_alone(), Paragraph.of("Nguyễn Thị Hằng").stands_alone()
        (True, True)
        >>> Paragraph.of("toàn diện trẻ em về đạo đức").stands_alone()
        False
        """
        return (
            capitals_by_count(self.letters, self.capitals) or self.layout or (self.lines == 1 and is_name(self.first))
        )


#: The note in brackets set under the title of an attached text opens a line of its own:
#: ``(Ban hành kèm theo Quyết định số ...)``, ``(Kèm theo Kế hoạch số ...)``. Other brackets,
#: in running text, go on with their sentence (``tích điện của tụ`` / ``(Đơn vị là F.)``).
TITLE_NOTE = regex.compile(r"\((?:Ban hành |Được ban hành )?[Kk]èm theo\b")


#: A line opening like a list item closed by a bracket (``2) năm học``, ``b) ...``): after a
#: paragraph with a bracket left open (``... theo cụm trường (Cụm``) it is that bracket's end.
BRACKET_CLOSED_BY_ITEM = regex.compile(r"\s*(?:\d{1,2}|[a-zđ])\)")


def joint(paragraph: Paragraph, following: Paragraph, blank: bool, width: int) -> tuple[int, str] | None:
    """How a paragraph so far and the line (or paragraph) after it join: (characters to drop, separator), or None.

    ``blank`` says a blank line stood between them; ``width`` is the document's typical width.
    The rules, in order:

    - a line opening like an item closed by a bracket (``2) năm học``) goes on a paragraph that
      left a bracket open directly above it (``... (Cụm``): :data:`BRACKET_CLOSED_BY_ITEM`;
    - a line opening a heading or an item (``I.``, ``2.1.``, ``- ``, ``a)``, ``Chỉ tiêu số 1:``)
      and a title, signature, name or layout line keep their own lines, and the note under a
      title (``(Ban hành kèm theo ...``: :data:`TITLE_NOTE`) opens its own;
    - a paragraph ending a sentence (``.``, ``!``, ``?``) ends there; one ending a clause
      (``;``, ``:``) goes on only into a line directly below starting with a small letter;
    - a line-end hyphen is undone (:func:`hyphen_joint`);
    - a line starting with a small letter continues the paragraph, across a blank line too if
      the paragraph reached the margin (the scanner's blank line mid-sentence) or ends with a
      comma, but not after a short line (a two-line title stays as set);
    - a capitalised line continues a paragraph only directly below it (a title or a paragraph
      may end without a full stop before a blank line), never a sibling that opens the same way
      (:func:`is_parallel`), and only a paragraph ending with a comma (unless the paragraph is
      itself one of a list of siblings: the last recital ``Căn cứ ...,`` before the main
      clause) or a full one that is not a numbered heading (``1. Mục tiêu chung`` / ``Thực
      hiện tốt ...``).

    >>> joint(Paragraph.of("Thực hiện tốt Luật Trẻ em, đảm bảo thực hiện các quyền trẻ em, phát triển"),
    ...       Paragraph.of("toàn diện trẻ em về đạo đức"), blank=True, width=80)
    (0, ' ')
    >>> heading, body = Paragraph.of("1. Mục tiêu chung"), Paragraph.of("Thực hiện tốt Luật Trẻ em")
    >>> joint(heading, body, blank=False, width=80) is None
    True
    """
    end, line = paragraph.last, following.first
    if paragraph.brackets > 0 and not blank and BRACKET_CLOSED_BY_ITEM.match(line):
        return 0, " "
    if starts_line(line) or following.stands_alone() or paragraph.stands_alone() or ends_sentence(end):
        return None
    if TITLE_NOTE.match(line):
        return None
    if ends_clause(end):
        return (0, " ") if continues(line) and not blank else None
    if end.endswith("-"):
        return hyphen_joint(end, line) or ((0, " ") if not blank or is_full(paragraph, width) else None)
    if continues(line):
        return (0, " ") if not blank or end.endswith(",") or is_full(paragraph, width) else None
    if blank or is_parallel(paragraph.opening, following.opening):
        return None
    if end.endswith(","):
        return None if paragraph.sibling else (0, " ")
    if is_full(paragraph, width) and not starts_heading(paragraph.first):
        return 0, " "
    return None


def opening_words(line: str) -> tuple[str, ...]:
    """A line's first two words, lowercase, accents folded, letters and digits only, to compare
    openings.

    Accents are folded so that the comparison is the same before and after restoration:
    ``Căn cu`` and ``Căn cứ`` open alike, else a second cleaning, seeing one of them restored,
    would join lines the first kept apart.

    >>> opening_words("Căn cứ Luật Trẻ em năm 2016;"), opening_words("Căn cu Luật"), opening_words("giai đoạn 2022-")
    (('can', 'cu'), ('can', 'cu'), ('giai', 'doan'))
    """
    words = ("".join(c for c in strip_accents(word.lower()) if c.isalnum()) for word in line.split())
    return tuple(word for word in words if word)[:2]


def is_parallel(opening: tuple[str, ...], other: tuple[str, ...]) -> bool:
    """Whether a line opens the way the paragraph before it did: a sibling, not a continuation.

    Recitals and unmarked lists repeat their opening words (``Căn cứ Luật ...,`` / ``Căn cứ
    Nghị định ...``), however the line before them ends.

    >>> is_parallel(opening_words("Căn cứ Luật Quy hoạch số 112/2025/QH15,"), opening_words("Căn cứ Luật Quản lý"))
    True
    >>> is_parallel(opening_words("1. Tăng cường sự phối hợp giữa,"), opening_words("UBND các cấp đối với"))
    False
    """
    return len(opening) == 2 and opening == other


@dataclass(frozen=True, slots=True)
class _Row:
    """A non-blank line: the offsets of its content without surrounding whitespace."""

    start: int
    end: int
    text: str


def _rows(text: str) -> list[_Row]:
    """The non-blank lines of a text with their content offsets."""
    return [_Row(m.start(), m.end(), m.group()) for m in _ROW.finditer(text)]


def _joins(rows: list[_Row], blanks: list[bool]) -> list[tuple[int, str] | None]:
    """How each break between rows is joined (None: kept), decided until nothing changes.

    The first round judges physical lines against the page's width; later rounds judge the
    paragraphs built so far against theirs. Stopping only when a round joins nothing means
    that reflowing the output again finds nothing to do.
    """
    joins: list[tuple[int, str] | None] = [None] * len(blanks)
    paragraphs = [(index, Paragraph.of(row.text)) for index, row in enumerate(rows)]  # (first row, paragraph)
    while True:
        width = typical_width([paragraph.length for _, paragraph in paragraphs])
        merged = [paragraphs[0]]
        for first, following in paragraphs[1:]:
            start, paragraph = merged[-1]
            how = joint(paragraph, following, blanks[first - 1], width)
            if how is None:
                merged.append((first, replace(following, sibling=is_parallel(paragraph.opening, following.opening))))
            else:
                joins[first - 1] = how
                merged[-1] = (start, paragraph.joined(*how, following))
        if len(merged) == len(paragraphs):
            return joins
        paragraphs = merged


def reflow(text: str, config: CleanConfig, origins: Origins | None = None) -> tuple[str, list[Change]]:
    """Re-join lines broken mid-sentence into one line per paragraph; tidy the whitespace around lines.

    Breaks that stay become one newline, or one blank line where the text had one or more.
    Leading and trailing spaces of lines go (the OCR engine's indentation guesses). A join
    across a blank line is a little less sure (0.8) than one between adjacent lines (0.9).

    >>> reflow("Thực hiện tốt Luật Trẻ em, phát-\\ntriển toàn diện trẻ em.\\n\\n\\nI. MỤC TIÊU\\n", None)[0]
    'Thực hiện tốt Luật Trẻ em, phát triển toàn diện trẻ em.\\n\\nI. MỤC TIÊU\\n'
    """
    rows = _rows(text)
    if not rows:
        return text, []
    blanks = [text.count("\n", row.end, following.start) >= 2 for row, following in pairwise(rows)]
    changes: list[Change] = []

    def change(start: int, end: int, after: str, confidence: float) -> None:
        if text[start:end] != after:
            changes.append(Change("reflow", start, end, text[start:end], after, "reflow", confidence))

    change(0, rows[0].start, "", 1.0)
    for (row, following), blank, how in zip(pairwise(rows), blanks, _joins(rows, blanks), strict=True):
        # Each change spans the line's last word too, so that --explain shows where it joined.
        word = row.end - len(row.text.rsplit(maxsplit=1)[-1])
        if how is None:
            change(word, following.start, text[word : row.end] + ("\n\n" if blank else "\n"), 1.0)
        else:
            change(word, following.start, text[word : row.end - how[0]] + how[1], 0.8 if blank else 0.9)
    last = rows[-1]
    word = last.end - len(last.text.rsplit(maxsplit=1)[-1])
    change(word, len(text), text[word : last.end] + ("\n" if "\n" in text[last.end :] else ""), 1.0)
    return apply_changes(text, changes), changes
