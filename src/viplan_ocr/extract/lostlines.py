"""Lines of print in a page's header that its reading lost, found by their ink and read again.

Tesseract's page layout analysis now and then drops a whole line of print that it reads well
on its own: on a 150 dpi black-and-white copy, the bold last line of a three-line issuer
(``TRƯỜNG THPT PHƯỚC BỬU``) over its short rule was read by psm 6 on the band alone, and by
the page's analysis in poppler's render of the page but not in pdfium's. The header
holds the fields users want most (issuer, number, date), so its ink is checked against the
reading: in the page's upper part (:data:`HEAD_SHARE`), the ink left once every word box the
engine read is blanked out is cut into bands of rows; a band as tall as a line of print and
holding letter-sized pieces of ink along a stretch of the page (:func:`lost_bands`) is read
again as one block of text. Of what that reading gives, only lines of words (most of them
shaped like syllables, read with some confidence) are put in, among the page's lines at their
height, and the page's routing says so.

A rule, a seal's ring or the strokes of a signature make no such band: a rule is too thin, a
seal or a drawing reads as no words.
"""

from __future__ import annotations

from collections.abc import Callable
from statistics import median
from typing import TYPE_CHECKING

import numpy as np

from viplan_ocr.document import Line, Page
from viplan_ocr.extract.pieces import insert, noted, shifted
from viplan_ocr.extract.preprocess import otsu_threshold
from viplan_ocr.vietnamese.syllables import could_be_syllable

if TYPE_CHECKING:
    from PIL import Image

    #: Reads a piece of the page image into lines (boxes in the piece's pixels).
    Reader = Callable[..., tuple[Line, ...]]

#: The header: the top part of the page, as a share of its height.
HEAD_SHARE = 0.3
#: A band is a lost line when its height is within these shares of the page's median line height.
BAND_HEIGHT = (0.6, 2.0)
#: ... and it holds at least this many pieces of ink (letters, or letters run together) ...
MIN_PIECES = 6
#: ... spread over at least this many line heights across the page.
MIN_WIDTH = 4.0
#: Word boxes are blanked out with this margin (pixels), marks above capitals with them.
MARGIN = 3
#: A line read in a band is taken when at least this share of its words look like syllables ...
WORD_SHARE = 0.6
#: ... and the engine's mean confidence in them is at least this (0-100).
MIN_CONFIDENCE = 60.0


def lost_bands(page: Page, image: Image.Image) -> list[tuple[int, int, int, int]]:
    """Boxes (left, top, right, bottom, in the image's pixels) of the header's bands of ink that
    no word of the page's reading covers and that look like a line of print."""
    heights = [line.box[3] for line in page.lines if line.box and line.words]
    if len(heights) < 3:
        return []
    height = float(median(heights))
    gray = np.asarray(image.convert("L"))
    bottom = round(gray.shape[0] * HEAD_SHARE)
    head = gray[:bottom]
    ink = head <= otsu_threshold(gray)  # on a black-and-white page the level is the ink's own
    for line in page.lines:
        for word in line.words:
            if word.box and word.box[1] < bottom:
                x, y, w, h = word.box
                ink[max(0, y - MARGIN) : max(0, y + h + MARGIN), max(0, x - MARGIN) : x + w + MARGIN] = False
    found = []
    low, high = BAND_HEIGHT
    for top, end in _runs(ink.sum(axis=1) >= 2):
        if not low * height <= end - top <= high * height:
            continue
        runs = _runs(ink[top:end].any(axis=0))
        letters = [(a, b) for a, b in runs if b - a <= 2 * height]  # a rule is one long run
        if len(letters) < MIN_PIECES or letters[-1][1] - letters[0][0] < MIN_WIDTH * height:
            continue
        found.append((runs[0][0], top, runs[-1][1], end))
    return found


def read_lost_lines(page: Page, image: Image.Image, read: Reader) -> Page:
    """The page with the header's lines its reading lost read again on their own (see the module).

    ``image`` is the page image the word boxes are in; ``read`` OCRs a piece of it (boxes in the
    piece's pixels; ``layout=`` the engine's page segmentation). Only a document's first page is
    checked: the top of a later one is the body or a table running on, where the bands found on
    the printed benchmark's copies (a form's dotted lines, a timetable's cells) read as words
    mixed with rules and specks.
    """
    if page.number != 1:
        return page
    found: list[Line] = []
    for left, top, right, bottom in lost_bands(page, image):
        pad = (bottom - top) // 2
        x0, y0 = max(0, left - pad), max(0, top - pad)
        x1, y1 = min(image.width, right + pad), min(image.height, bottom + pad)
        for line in read(image.crop((x0, y0, x1, y1)), layout="block"):
            if _is_words(line):
                found.append(shifted(line, (x0, y0)))
    if not found:
        return page
    found.sort(key=lambda line: line.box[1] if line.box else 0)
    note = f"{len(found)} line(s) of the header the page's reading lost read again on their own"
    return noted(page, insert(page.lines, found), note)


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """The runs of True in a one-dimensional mask, as (start, end) pairs.

    >>> _runs(np.array([False, True, True, False, True]))
    [(1, 3), (4, 5)]
    """
    edges = np.flatnonzero(np.diff(np.concatenate(([0], mask.astype(np.int8), [0]))))
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2], strict=True)]


def _is_words(line: Line) -> bool:
    """Whether a line read in a band is words: most tokens shaped like syllables, read with some
    confidence (not a seal's ring of specks or a drawing read as letters)."""
    words = [word for word in line.words if any(c.isalpha() for c in word.text)]
    if len(words) < 2:
        return False
    shaped = sum(could_be_syllable(word.text.strip(".,:;()\"'“”").lower()) for word in words)
    confidences = [word.confidence for word in words if word.confidence is not None]
    return shaped >= WORD_SHARE * len(words) and bool(confidences) and np.mean(confidences) >= MIN_CONFIDENCE


__all__ = ["HEAD_SHARE", "lost_bands", "read_lost_lines"]
