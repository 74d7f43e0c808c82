"""The signer's name under a seal: the signature block read again on its own.

An administrative document ends with the signer's position (``KT. GIÁM ĐỐC`` / ``PHÓ GIÁM
ĐỐC``), a handwritten signature and a round seal over them, and the signer's printed name below.
Read as a whole page, the engine's page layout analysis takes the seal, the signature and the
name under them for one picture and reads none of it: the position is there, the name is not.
Cut out on its own (the column of the position, from under it down a few lines) the same pixels
give the name. Only name-shaped lines are taken from that second reading (the seal's ring of
letters and the signature's strokes are left out), and only when the page has a position with no
name under it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from viplan_ocr.document import Line, Page
from viplan_ocr.vietnamese.layout import cells, is_capitals, is_signer_name, read_position

if TYPE_CHECKING:
    from PIL import Image

#: How far below the position line the name is looked for, in the position line's heights: the
#: signature and the seal stand between them.
SEARCH_LINES = 10
#: A name is looked for under a position in the lower part of the page only (below this share of
#: its height): positions named in the header or the body are not signatures.
TAIL_SHARE = 0.3


def position_line(page: Page) -> int | None:
    """The index of the last line whose last cell is a signer's position (``PHÓ GIÁM ĐỐC``), in
    the page's lower part; None if there is none."""
    found = None
    top = TAIL_SHARE * max((line.box[1] + line.box[3] for line in page.lines if line.box), default=0)
    for index, line in enumerate(page.lines):
        if not line.box or not line.words or line.box[1] < top:
            continue
        last = cells(line.text)[-1].strip(" .,:;\"'")
        if len(last) < 60 and is_capitals(last) and read_position(last.split(".", 1)[-1].strip()):
            found = index
    return found


def has_name_below(page: Page, index: int) -> bool:
    """Whether a line under the position line already holds a name-shaped cell."""
    line = page.lines[index]
    bottom = line.box[1] + line.box[3] * (SEARCH_LINES + 1)
    return any(
        any(is_signer_name(cell.strip(" .")) for cell in cells(other.text))
        for other in page.lines[index + 1 :]
        if other.box and other.box[1] <= bottom
    )


def read_signer(page: Page, image: Image.Image, read: Callable[[Image.Image], tuple[Line, ...]]) -> Page:
    """The page with the signer's name put under the position, when the page reading lost it.

    ``image`` is the page image the line boxes are in, ``read`` OCRs a piece of it (boxes in the
    piece's pixels). The name's line goes in reading order, a block of its own, with its box on
    the page and the engine's confidences; the page's routing says it was read again.
    """
    index = position_line(page)
    if index is None or has_name_below(page, index):
        return page
    line = page.lines[index]
    words = [word for word in line.words if word.box]
    cell = cells(line.text)[-1].split()
    column = words[-len(cell) :] if len(cell) <= len(words) else words
    left = min(word.box[0] for word in column)
    right = max(word.box[0] + word.box[2] for word in column)
    width = right - left
    x0, x1 = max(0, left - width), min(image.width, right + width)
    y0 = line.box[1] + line.box[3]
    y1 = min(image.height, y0 + line.box[3] * SEARCH_LINES)
    if y1 - y0 < line.box[3] or x1 <= x0:
        return page
    found = [
        candidate for candidate in read(image.crop((x0, y0, x1, y1))) if is_signer_name(candidate.text.strip(" ."))
    ]
    if not found:
        return page
    name = found[-1]  # the printed name stands last, under the signature and the seal
    moved = replace(
        name,
        text=name.text.strip(" ."),
        words=tuple(
            replace(word, box=(word.box[0] + x0, word.box[1] + y0, word.box[2], word.box[3]) if word.box else None)
            for word in name.words
        ),
        box=(name.box[0] + x0, name.box[1] + y0, name.box[2], name.box[3]) if name.box else None,
        block=max(other.block for other in page.lines) + 1,
    )
    lines = list(page.lines)
    at = next(
        (i for i, other in enumerate(lines) if i > index and other.box and moved.box and other.box[1] > moved.box[1]),
        len(lines),
    )
    lines.insert(at, moved)
    note = "the signer's name under the seal read again on its own"
    return replace(page, lines=tuple(lines), routing="; ".join(part for part in (page.routing, note) if part))


__all__ = ["has_name_below", "position_line", "read_signer"]
