"""The signature block under a seal, read again on its own.

An administrative document ends with the signer's position (``KT. GIÁM ĐỐC`` / ``PHÓ GIÁM
ĐỐC``), a handwritten signature and a round seal over them, and the signer's printed name below;
``Nơi nhận:`` and the recipients stand beside it, at the bottom left. Read as a whole page, the
engine's page layout analysis often takes the seal, the signature and the text around them for
one picture and reads none of it. Cut out on its own, the same pixels give the lines. Three
losses are read again here:

- the position was read and the name under it was not: the column of the position, from under
  it down :data:`SEARCH_LINES` lines, is read for a name;
- no position was read in the page's lower part, and it has a ``Nơi nhận:`` line: the column to
  the right of the recipients, from a few lines above the ``Nơi nhận:`` line to several below
  the last recipient, is read for the position and the name;
- no position was read and no ``Nơi nhận:`` either, but a signer's name was: the region above
  the name is read for the position.

Only the lines shaped like a position, an authority or a name are taken from the second reading
(the seal's ring of letters and the signature's strokes are left out), a speck or two before a
position dropped. A page whose reading has a position in its lower part is never read again for
one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from statistics import median
from typing import TYPE_CHECKING

import regex

from viplan_ocr.document import Line, Page, Word
from viplan_ocr.extract.pieces import insert, noted, overlap, same_row, shifted
from viplan_ocr.vietnamese.layout import (
    AUTHORITY,
    LEADING_SPECKS,
    RECIPIENTS_HEAD,
    cells,
    is_capitals,
    read_name,
    read_position,
    tail_cells,
)
from viplan_ocr.vietnamese.markers import BULLETS
from viplan_ocr.vietnamese.syllables import could_be_syllable, folded_letters, shadow

if TYPE_CHECKING:
    from PIL import Image

    #: Reads a piece of the page image into lines (boxes in the piece's pixels); ``layout`` is
    #: the engine's page segmentation (:meth:`~viplan_ocr.extract.engine.OcrEngine.read`).
    Reader = Callable[..., tuple[Line, ...]]

#: How far below the position line the name is looked for, in the position line's heights: the
#: signature and the seal stand between them.
SEARCH_LINES = 10
#: A signature block is looked for in the lower part of the page only (below this share of its
#: height): positions and names in the header or the body are not signatures.
TAIL_SHARE = 0.3
#: How far above the ``Nơi nhận:`` line the block may start, in the recipients' line heights:
#: the authority and position often stand a line or two above it.
ABOVE_RECIPIENTS = 4
#: How far below the last recipient the block may end, in line heights: the printed name stands
#: under the seal and the signature, as much as eight lines below the last recipient.
BELOW_RECIPIENTS = 10
#: How far above a signer's name the position lost under the seal is looked for, in the name's
#: heights: an authority and a position, the signature and the seal stand between them.
ABOVE_NAME = 15
#: The recipients are looked for this many of the ``Nơi nhận:`` line's heights under it.
LIST_LINES = 20
#: Words read with less confidence than this at the end of a recipient are the seal's specks.
SPECK_CONFIDENCE = 50
#: At most this many characters of OCR junk (not counting spaces) before a position read again:
#: a handwritten ``KT`` read as ``LẤT,``, a seal's stroke as ``CT`` or ``x``.
MAX_JUNK = 4
#: The page segmentations the block is read again with: both. On generated pages whose page
#: reading lost the position under a seal and a signature (drawn as in
#: tests/extract/test_signers.py: 147 scans at 200 dpi, 167 clean pages at 150 dpi), the parsed
#: signature came right after ``block`` (psm 6) on 52 and 61, after ``sparse`` (psm 11) on 47 and
#: 37, after both on 62 and 71: they fail on different pages. ``page`` (psm 3) and ``column``
#: (psm 4) take the seal, the lines and the strokes for one picture in the piece as on the whole
#: page (16 and 1, 11 and 1). Real crops agree: psm 3 and 4 lost ``GIÁM ĐỐC`` over a black seal
#: that psm 6 and 11 read. A reading of the piece takes a few tenths of a second, on the few pages
#: that lost their block (5 of 181 on the real development set).
BLOCK_LAYOUTS = ("sparse", "block")
#: The layouts the column under a position is read in for the name, until one gives it: the
#: page's own analysis first, which reads a name clear of the seal; then those that read one the
#: seal's ring touches (``Trần Thanh Vũ`` at 150 dpi, where psm 3 and 4 read nothing).
NAME_LAYOUTS = ("page", *BLOCK_LAYOUTS)
#: Pieces of one printed line read apart are joined across gaps of less than this many heights.
ROW_GAP = 2
#: An authority line read again (not a position: ``TM. ỦY BAN NHÂN DÂN``) has this many words
#: after its mode at least, all syllables: ``KT. GIÁ`` is a position cut short.
AUTHORITY_WORDS = 2

#: A signing mode with its stop, as the junk before a position may hold it (``KT.``, ``TM,``);
#: ``P.`` is the deputy's abbreviation (``P. HIỆU TRƯỞNG``).
_MODE = regex.compile(r"(?<![a-z])(?P<mode>kt|tm|q|tl|tuq|p)\s*[.:,]\s*$")
#: A recipient item of the ``Nơi nhận:`` list: a dash or bullet first.
_ITEM = regex.compile(rf"^[{regex.escape(BULLETS)}]")


def _lower_top(page: Page) -> float:
    """Where the page's lower part starts, in pixels (see :data:`TAIL_SHARE`)."""
    return TAIL_SHARE * max((line.box[1] + line.box[3] for line in page.lines if line.box), default=0)


def position_line(page: Page) -> int | None:
    """The index of the last line whose last cell is a signer's position (``PHÓ GIÁM ĐỐC``), in
    the page's lower part, the cells told apart as the parser does (``- Như trên; PHÓ GIÁM
    ĐỐC``: :func:`~viplan_ocr.vietnamese.layout.tail_cells`); None if there is none."""
    found = None
    top = _lower_top(page)
    for index, line in enumerate(page.lines):
        if not line.box or not line.words or line.box[1] < top:
            continue
        last = tail_cells(line.text)[-1].strip(" .,:;\"'")
        if len(last) < 60 and is_capitals(last) and read_position(last.split(".", 1)[-1].strip()):
            found = index
    return found


def has_name_below(page: Page, index: int) -> bool:
    """Whether a line under the position line already holds a name-shaped cell."""
    line = page.lines[index]
    bottom = line.box[1] + line.box[3] * (SEARCH_LINES + 1)
    return any(
        any(read_name(cell.strip(" .")) for cell in cells(other.text))
        for other in page.lines[index + 1 :]
        if other.box and other.box[1] <= bottom
    )


def cell_words(line: Line) -> list[tuple[str, tuple[Word, ...]]]:
    """Each cell of a line (:func:`~viplan_ocr.vietnamese.layout.cells`) with its words.

    >>> words = (Word("Nơi", box=(0, 0, 40, 20)), Word("nhận:", box=(45, 0, 60, 20)), Word("X", box=(400, 0, 9, 20)))
    >>> [(cell, len(words)) for cell, words in cell_words(Line("Nơi nhận:     X", words))]
    [('Nơi nhận:', 2), ('X', 1)]
    """
    out, at = [], 0
    for cell in cells(line.text):
        count = len(cell.split())
        out.append((cell, line.words[at : at + count]))
        at += count
    return out


def read_block_cell(cell: str) -> tuple[str, str, slice] | None:
    """What a cell read again gives the signature: ``("position", text, span)`` for a position
    (a few characters of junk before it dropped, a signing mode among them kept),
    ``("authority", text, span)`` for an authority line, ``("name", text, span)`` for a
    signer's name; None for the rest. ``span`` is the part of ``cell`` the text was read from.

    >>> def read(cell):
    ...     kind, text, span = read_block_cell(cell) or (None, None, slice(0))
    ...     return kind, text, cell[span]
    >>> read("LẤT, GIÁM ĐỌC"), read("¬xGIÁM ĐÓC Ị ~")
    (('position', 'GIÁM ĐỐC', 'GIÁM ĐỌC'), ('position', 'GIÁM ĐỐC', 'xGIÁM ĐÓC'))
    >>> read("KT, GIÁM ĐỐC"), read("P. HIỆU TRƯỞNG")[1], read("CT GIÁM ĐÓC")[1]
    (('position', 'KT. GIÁM ĐỐC', 'KT, GIÁM ĐỐC'), 'P. HIỆU TRƯỞNG', 'GIÁM ĐỐC')
    >>> read("TM. ỦY BAN NHÂN DÂN")[:2]
    ('authority', 'TM. ỦY BAN NHÂN DÂN')
    >>> read("Lê Hoàng Anh."), read("Giám đốc Sở")[0], read("KT. GIÁ")[0]
    (('name', 'Lê Hoàng Anh', 'Lê Hoàng Anh'), None, None)
    >>> read("guyến Văn Thành")[:2]  # the seal over the surname: the parser mends it
    ('name', 'guyến Văn Thành')
    >>> read_block_cell("SỞ Y TẾ"), read_block_cell("NHÂN DÂN")  # a seal's or an authority's words
    (None, None)
    """
    specks = LEADING_SPECKS.match(cell)
    offset = specks.end() if specks else 0
    cell = cell[offset:].rstrip(" .,:;\"'")
    for start, char in enumerate(cell):
        junk = cell[:start]
        if len(junk.replace(" ", "")) > MAX_JUNK:
            break
        if not char.isalpha():
            continue
        head = read_position(cell[start:])
        if head is None:
            continue
        printed, rest = head
        read = cell[start:]
        read = read[: len(read) - len(rest)] if rest else read
        if not is_capitals(read):
            continue
        mode = _MODE.search(shadow(junk))
        prefix = f"{mode.group('mode').upper()}." if mode else ""
        end = offset + len(cell) if rest and _clean_words(rest) else offset + start + len(read.rstrip())
        rest = rest if _clean_words(rest) else ""
        text = " ".join(part for part in (prefix, printed, rest) if part)
        return "position", text, slice(offset + (mode.start() if mode else start), end)
    if (
        AUTHORITY.match(shadow(cell))
        and cell[:1].isupper()
        and _clean_words(body := cell.split(".", 1)[-1])
        and len(body.split()) >= AUTHORITY_WORDS
        and all(could_be_syllable(word) for word in body.split())
    ):
        return "authority", cell, slice(offset, offset + len(cell))
    # A name read again is one printed in lower case: what stands in capitals around it is the
    # seal's (``SỞ Y TẾ``) or the authority's (``ỦY BAN NHÂN DÂN``), not a name.
    if read_name(cell) and not is_capitals(cell):
        return "name", cell, slice(offset, offset + len(cell))
    return None


def _clean_words(text: str) -> bool:
    """Whether ``text`` is words in capitals of two letters or more (no seal specks: ``Ị ~``)."""
    words = text.split()
    return not words or (is_capitals(text) and all(len(word) >= 2 and word.isalpha() for word in words))


def read_signer(page: Page, image: Image.Image, read: Reader) -> Page:
    """The page with what its reading lost of the signature block read again.

    ``image`` is the page image the line boxes are in, ``read`` OCRs a piece of it (boxes in the
    piece's pixels; ``layout=`` the engine's page segmentation). The lines read again go in
    reading order, each a block of its own, with their boxes on the page and the engine's
    confidences; the page's routing says they were read again.
    """
    index = position_line(page)
    if index is None:
        return read_block(page, image, read)
    if has_name_below(page, index):
        return page
    line = page.lines[index]
    words = [word for word in line.words if word.box]
    cell = tail_cells(line.text)[-1].split()
    column = words[-len(cell) :] if len(cell) <= len(words) else words
    left = min(word.box[0] for word in column)
    right = max(word.box[0] + word.box[2] for word in column)
    width = right - left
    x0, x1 = max(0, left - width), min(image.width, right + width)
    y0 = line.box[1] + line.box[3]
    y1 = min(image.height, y0 + line.box[3] * SEARCH_LINES)
    if y1 - y0 < line.box[3] or x1 <= x0:
        return page
    piece = image.crop((x0, y0, x1, y1))
    for layout in NAME_LAYOUTS:
        found = [line for line in read(piece, layout=layout) if read_name(line.text.strip(" ."))]
        if found:
            break
    else:
        return page
    name = found[-1]  # the printed name stands last, under the signature and the seal
    moved = _on_page(name, name.text.strip(" ."), name.words, (x0, y0))
    lines = insert(page.lines, [moved], index + 1)
    return noted(page, lines, "the signer's name under the seal read again on its own")


def read_block(page: Page, image: Image.Image, read: Reader) -> Page:
    """The page with the signer's position (and name) read again, when its reading has none.

    See the module's docstring: the region is the column right of the ``Nơi nhận:`` list, or
    above a signer's name where there is no list. Nothing is read where there is neither.
    """
    region = recipients_region(page, image) or name_region(page, image)
    if region is None:
        return page
    (x0, y0, x1, y1), have_name = region
    piece = image.crop((x0, y0, x1, y1))
    found: list[tuple[str, Line]] = []
    for layout in BLOCK_LAYOUTS:
        lines = read(piece, layout=layout)
        here = _block_lines(lines, (x0, y0))
        # One printed line read in pieces (``GIÁ`` and ``ĐỌC`` apart, as the sparse layout does):
        # the pieces of its row read together, where none gave a line alone.
        rows = _block_lines(_rows(lines), (x0, y0))
        found += here + [row for row in rows if not any(overlap(row[1].box, line.box) for _, line in here)]
    taken = [(kind, line) for kind, line in _one_per_row(found) if not _already_read(page, line)]
    positions = [line for kind, line in taken if kind != "name"]
    if not positions and have_name:
        return page
    last = positions[-1].box[1] if positions else -1
    names = [line for kind, line in taken if kind == "name" and line.box[1] > last]
    new = positions + ([] if have_name else names[-1:])
    if not new:
        return page
    start = next((i for i, line in enumerate(page.lines) if line.box and line.box[1] >= _lower_top(page)), 0)
    lines = insert(page.lines, new, start)
    what = " and ".join(part for part, there in (("position", positions), ("name", len(new) > len(positions))) if there)
    return noted(page, lines, f"the signer's {what} under the seal read again on its own")


def _block_lines(lines: Sequence[Line], offset: tuple[int, int]) -> list[tuple[str, Line]]:
    """The position, authority and name lines of a reading of a piece, as lines of the page
    (:func:`read_block_cell`), with their kinds."""
    found = []
    for line in lines:
        for cell, words in cell_words(line):
            if words and (got := read_block_cell(cell)):
                kind, text, span = got
                found.append((kind, _on_page(line, text, _words_in(cell, words, span), offset)))
    return found


def _rows(lines: Sequence[Line]) -> list[Line]:
    """The rows that pieces of a reading make side by side, less than :data:`ROW_GAP` heights
    apart, each joined into one line."""
    out: list[Line] = []
    pieces = sorted((line for line in lines if line.box and line.words), key=lambda line: line.box[0])
    used: set[int] = set()
    for first, line in enumerate(pieces):
        if first in used:
            continue
        row = [line]
        for other_index in range(first + 1, len(pieces)):
            other, last = pieces[other_index], row[-1]
            gap = other.box[0] - (last.box[0] + last.box[2])
            if other_index not in used and same_row(last.box, other.box) and gap < ROW_GAP * last.box[3]:
                row.append(other)
                used.add(other_index)
        if len(row) > 1:
            words = tuple(word for piece in row for word in piece.words)
            left, top = min(p.box[0] for p in row), min(p.box[1] for p in row)
            right = max(p.box[0] + p.box[2] for p in row)
            bottom = max(p.box[1] + p.box[3] for p in row)
            text = " ".join(piece.text for piece in row)
            out.append(replace(row[0], text=text, words=words, box=(left, top, right - left, bottom - top)))
    return out


def _words_in(cell: str, words: Sequence[Word], span: slice) -> tuple[Word, ...]:
    """The words of ``cell`` (one for each of its space-separated tokens) in ``span``."""
    tokens = regex.finditer(r"\S+", cell)
    return tuple(word for token, word in zip(tokens, words, strict=False) if _within(token.span(), span))


def _within(token: tuple[int, int], span: slice) -> bool:
    return span.start < token[1] and token[0] < span.stop


def _one_per_row(found: list[tuple[str, Line]]) -> list[tuple[str, Line]]:
    """The lines of two readings, one for each place: where both read a line at the same place,
    the one that read more of the block (``PHÓ HIỆU TRƯỞNG`` over ``HIỆU TRƯỞNG``), else the one
    read with more confidence; from the top."""
    kept: list[tuple[str, Line]] = []
    for kind, line in found:
        same = next((k for k, (_, other) in enumerate(kept) if overlap(line.box, other.box)), None)
        if same is None:
            kept.append((kind, line))
        elif _weight(line) > _weight(kept[same][1]):
            kept[same] = (kind, line)
    return sorted(kept, key=lambda item: item[1].box[1])


def _weight(line: Line) -> tuple[int, float]:
    """How much of the block a line read again holds: its letters up to the end of its position
    (``GIÁM ĐỐC SỞ`` is ``GIÁM ĐỐC`` and the seal's word beside it); then its mean confidence."""
    mode = regex.match(r"(?:\w+\.\s)?", line.text)
    head = read_position(line.text[mode.end() :])
    confidences = [word.confidence for word in line.words if word.confidence is not None]
    letters = _letters(mode.group() + head[0]) if head else _letters(line.text)
    return letters, sum(confidences) / len(confidences) if confidences else 0.0


def _letters(text: str) -> int:
    return sum(char.isalpha() for char in text)


def _already_read(page: Page, line: Line) -> bool:
    """Whether the page's reading has ``line`` at its place (``TM. ỦY BAN NHÂN DÂN`` read, the
    position under it lost): a cell of a line beside it with the same letters, accents aside
    (one with specks about it, ``“SA HIỆU TRƯỜNG” —``, is no reading the parser can use)."""
    letters = folded_letters(line.text)
    return any(
        folded_letters(cell) == letters
        for other in page.lines
        if other.box and overlap(other.box, line.box)
        for cell in tail_cells(other.text)
    )


def recipients_region(page: Page, image: Image.Image) -> tuple[tuple[int, int, int, int], bool] | None:
    """The region right of the ``Nơi nhận:`` list where the signature block stands, and whether
    the page's reading already has a name there; None without a ``Nơi nhận:`` line in the lower
    part of the page."""
    top = _lower_top(page)
    head = None
    for index, line in enumerate(page.lines):
        if line.box and line.box[1] >= top and line.words and RECIPIENTS_HEAD.match(shadow(cells(line.text)[0])):
            head = index
    if head is None:
        return None
    left, y, _, height = page.lines[head].box
    column = [page.lines[head]] + [
        line
        for line in page.lines[head + 1 :]
        if line.box
        and y < line.box[1] < y + LIST_LINES * height
        and abs(line.box[0] - left) < 3 * height
        and _ITEM.match(line.text)
    ]
    words = [word for line in column for word in _printed(cell_words(line)[0][1]) if word.box]
    height = median(word.box[3] for word in words) if words else height
    x0 = max(word.box[0] + word.box[2] for word in words) if words else image.width // 2
    y0 = page.lines[head].box[1] - ABOVE_RECIPIENTS * height
    bottom = max(line.box[1] + line.box[3] for line in column)
    box = _clear_of_body(page, (x0, y0, image.width, bottom + BELOW_RECIPIENTS * height), image, y)
    if box is None:
        return None
    return box, _has_name(page, box)


def _printed(words: Sequence[Word]) -> Sequence[Word]:
    """A cell's words without the specks the engine ran on to it from the seal beside it (words
    read with little confidence at its end: ``hiện); ÁC7``)."""
    end = len(words)
    while end > 1 and words[end - 1].confidence is not None and words[end - 1].confidence < SPECK_CONFIDENCE:
        end -= 1
    return words[:end]


def name_region(page: Page, image: Image.Image) -> tuple[tuple[int, int, int, int], bool] | None:
    """The region above the last signer's name in the lower right of the page, where the
    position lost under the seal stands, the name with it (a line of print in the piece gives
    the engine the size of the letters: without it, the seal's ring is all it sees); None
    without such a name."""
    top = _lower_top(page)
    found = None
    for line in page.lines:
        if not line.box or line.box[1] < top:
            continue
        for cell, words in cell_words(line):
            boxes = [word.box for word in words if word.box]
            if boxes and read_name(cell.strip(" .")):
                left, right = min(b[0] for b in boxes), max(b[0] + b[2] for b in boxes)
                if left + right > image.width:  # the block stands in the right half of the page
                    found = (left, right, line.box[1], line.box[3])
    if found is None:
        return None
    left, right, y, height = found
    width = right - left
    box = _clear_of_body(page, (left - width, y - ABOVE_NAME * height, right + width, y + 2 * height), image, y)
    return (box, True) if box else None


def _clear_of_body(
    page: Page, box: tuple[float, float, float, float], image: Image.Image, above: int
) -> tuple[int, int, int, int] | None:
    """``box`` within the image, its top moved under the last line above ``above`` that runs into
    it from the left (the body's last lines are no part of the block); None if too little is
    left."""
    x0, y0, x1, y1 = max(0, round(box[0])), max(0, round(box[1])), min(image.width, round(box[2])), round(box[3])
    y1 = min(image.height, y1)
    for line in page.lines:
        if not line.box or line.box[1] >= above or not line.words:
            continue
        first = [word.box for word in _printed(cell_words(line)[0][1]) if word.box]
        if first and first[0][0] < x0 < max(b[0] + b[2] for b in first):
            y0 = max(y0, max(b[1] + b[3] for b in first))
    if x1 - x0 < 50 or y1 - y0 < 20:
        return None
    return x0, y0, x1, y1


def _has_name(page: Page, box: tuple[int, int, int, int]) -> bool:
    """Whether the page's reading has a signer's name inside ``box``."""
    x0, y0, x1, y1 = box
    return any(
        any(
            read_name(cell.strip(" ."))
            and any(word.box and x0 <= word.box[0] + word.box[2] / 2 <= x1 for word in words)
            for cell, words in cell_words(line)
        )
        for line in page.lines
        if line.box and y0 <= line.box[1] + line.box[3] / 2 <= y1
    )


def _on_page(line: Line, text: str, words: Sequence[Word], offset: tuple[int, int]) -> Line:
    """A line read on a piece of the page as a line of the page: ``text`` over the ``words`` it
    was read from, boxes moved by the piece's ``offset``."""
    moved = shifted(replace(line, words=tuple(words)), offset).words
    tokens = text.split()
    if len(tokens) == len(moved):
        kept = tuple(replace(word, text=token) for word, token in zip(moved, tokens, strict=True))
    else:  # a stop set apart (``KT.`` from ``KT,GIÁM``) or words run together: each token gets them all
        left, top = min(w.box[0] for w in moved), min(w.box[1] for w in moved)
        right, bottom = max(w.box[0] + w.box[2] for w in moved), max(w.box[1] + w.box[3] for w in moved)
        confidences = [w.confidence for w in moved if w.confidence is not None]
        confidence = min(confidences) if confidences else None
        kept = tuple(Word(token, confidence, (left, top, right - left, bottom - top)) for token in tokens)
    left, top = min(w.box[0] for w in kept), min(w.box[1] for w in kept)
    right, bottom = max(w.box[0] + w.box[2] for w in kept), max(w.box[1] + w.box[3] for w in kept)
    return replace(line, text=text, words=kept, box=(left, top, right - left, bottom - top))


__all__ = [
    "BLOCK_LAYOUTS",
    "cell_words",
    "has_name_below",
    "name_region",
    "position_line",
    "read_block",
    "read_block_cell",
    "read_signer",
    "recipients_region",
]
