"""Pieces of a page image read again on their own, their lines put back among the page's.

Tesseract's page layout analysis loses what it reads well alone: a signature block under a seal
(:mod:`.signers`), a header line over its rule (:mod:`.lostlines`). Both cut the piece out, read
it, and give the lines found back to the page: moved from the piece's pixels to the page's, put
in reading order, and named in the page's routing. That is done here, once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from viplan_ocr.document import Box, Line, Page


def same_row(a: Box, b: Box) -> bool:
    """Whether two boxes share more than half the height of the lower one."""
    return min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1]) > min(a[3], b[3]) / 2


def overlap(a: Box, b: Box) -> bool:
    """Whether two line boxes stand in one row (:func:`same_row`), one over the other in part."""
    return same_row(a, b) and min(a[0] + a[2], b[0] + b[2]) > max(a[0], b[0])


def shifted(line: Line, offset: tuple[int, int]) -> Line:
    """A line read on a piece of the page as a line of the page: its boxes and its words' moved
    by the piece's ``offset`` (its top left corner on the page).

    >>> from viplan_ocr.document import Word
    >>> line = shifted(Line("Số: 12", (Word("Số:", 90.0, (0, 5, 30, 20)),), box=(0, 5, 30, 20)), (100, 200))
    >>> line.box, line.words[0].box
    ((100, 205, 30, 20), (100, 205, 30, 20))
    """
    dx, dy = offset

    def move(box: Box | None) -> Box | None:
        return (box[0] + dx, box[1] + dy, box[2], box[3]) if box else None

    words = tuple(replace(word, box=move(word.box)) for word in line.words)
    return replace(line, words=words, box=move(line.box))


def insert(lines: Sequence[Line], new: Sequence[Line], start: int = 0) -> tuple[Line, ...]:
    """``new`` lines (in order from the top) put among ``lines`` in reading order: each before the
    first line from ``start`` on that stands lower, or over it (the page's reading of the same
    print with specks about it, ``“SA HIỆU TRƯỜNG” —``, comes after the clean one); each a block
    of its own."""
    out = list(lines)
    block = max((line.block for line in lines), default=-1)
    for line in new:
        block += 1
        at = next(
            (
                i
                for i in range(start, len(out))
                if out[i].box and line.box and (out[i].box[1] > line.box[1] or overlap(out[i].box, line.box))
            ),
            len(out),
        )
        out.insert(at, replace(line, block=block))
        start = at + 1
    return tuple(out)


def noted(page: Page, lines: tuple[Line, ...], note: str) -> Page:
    """The page with ``lines``, its routing saying what was read again."""
    return replace(page, lines=lines, routing="; ".join(part for part in (page.routing, note) if part))


__all__ = ["insert", "noted", "overlap", "same_row", "shifted"]
