"""The handwritten day (and month) of a scanned date line, read and put where OCR left debris.

Offices print ``Quảng Ngãi, ngày      tháng 01 năm 2025`` and the clerk writes the day by hand
before signing (sometimes the month too). Tesseract reads a legible ``17`` as ``ÄT``, ``]`` or
nothing at all. After a page is OCR'd, :func:`read_date_lines` finds the date line (``ngày`` …
``tháng`` … ``năm 2025``, matched on the accent-free shadow), and where the day or month is not
clean digits it crops the ink between the printed words from the page image that was OCR'd
(word boxes are in its pixels), reads it with :mod:`.handdigits` and, when the reading is sure
and a possible day (1-31) or month (1-12), puts the digits in place of the debris: the OCR
reading stays in ``Word.original``, the word's confidence is the classifier's (0-100), and the
page gets a warning naming the reading (:data:`NOTE`), which the parser turns into the flag
``day-handwritten-read``. An unsure or impossible reading changes nothing: a blank stays a
blank rather than becoming a wrong number.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from statistics import median

import numpy as np
import regex
from PIL import Image

from viplan_ocr.document import Line, Page, Word
from viplan_ocr.extract.handdigits import Glyph, cut_bridge, glyphs, ink, read_number
from viplan_ocr.extract.tesseract import join_words
from viplan_ocr.vietnamese.digits import as_digits
from viplan_ocr.vietnamese.layout import MONTH_WORD
from viplan_ocr.vietnamese.syllables import shadow

#: A reading is used only when the classifier is at least this sure of it (product over digits).
#: On 400 days written with MNIST's test digits (``benchmarks/handdigits.py``) that reads 86% of
#: them right and 1.8% wrong; written coarse, as a 100 dpi scan leaves them, 48% and 1.2%.
MIN_CONFIDENCE = 0.7
#: A reading this sure, but under :data:`MIN_CONFIDENCE`, leaves the line as it is and is only
#: named in the page's warnings (:data:`UNSURE_NOTE`): the parser takes it when the document's
#: e-signature, made a few days later in the same month, bears it out.
UNSURE_CONFIDENCE = 0.5
#: OCR digits read with less confidence than this are read again by hand (``84`` for a written ``31``).
CLEAN_CONFIDENCE = 70.0
#: The date line is in the header: lines lower on the page (a body's ``ngày 26 tháng 6 năm 2014``
#: citing a decree, printed) are left to the engine.
HEADER_SHARE = 0.5
#: A keyword's box this much wider than its characters, or read with less confidence than
#: this, may have swallowed handwriting next to it (:func:`_stretched`).
STRETCHED = 1.15
UNSURE_KEYWORD = 50.0
#: Ink joining a digit to a printed letter no taller than this share of the line is one stroke
#: (a crossed 7's bar run on into the ``t`` of ``tháng``): the digit is cut off there and read.
THIN_JOINT = 0.25
#: A glyph centred outside the slot, past an edge that is a guess (OCR glued the ink to the
#: keyword: ``ngàyà$``, ``/Ztháng``), with this share of its width inside, is the slot's digit:
#: read without it, ``14`` would be ``1``.
PARTLY_INSIDE = 0.3
#: Valid values of each part.
RANGES = {"day": range(1, 32), "month": range(1, 13)}
#: The page warning a reading leaves, which the parser reads back (:data:`NOTE_PATTERN`).
NOTE = "handwritten {part} read: {digits} ({confidence:.0%} sure; OCR had {original!r})"
UNSURE_NOTE = "handwritten {part} unsure: {digits} ({confidence:.0%} sure; OCR had {original!r})"
NOTE_PATTERN = regex.compile(r"handwritten (?P<part>day|month) (?P<how>read|unsure): (?P<digits>\d{1,2}) ")
_YEAR = regex.compile(r"(?:19|20)\d\d")
#: The word that opens a date line (``ngày``, ``,ngày``), on the shadow.
_DAY_WORD = regex.compile(r"\W*ngay")


@dataclass(frozen=True, slots=True)
class Slot:
    """Where a day or month stands in a line's words: between the keyword before it and the one after.

    ``first``/``last`` are word indices of the keywords; ``keep_left`` is how many characters of
    the first keyword's word are printed (the rest is debris OCR glued to it: ``ngày]``),
    ``keep_right`` where the printed keyword starts in the last word's text.
    """

    part: str
    first: int
    last: int
    keep_left: int
    keep_right: int


#: ``tháng`` and ``năm`` on the shadow (``tháng`` with its first letter damaged: ``uháng``).
_MONTH_WORD = regex.compile(MONTH_WORD)
_YEAR_WORD = regex.compile("nam")


def _find(shadows: list[str], key: regex.Pattern, start: int, stop: int) -> int | None:
    return next((i for i in range(start, min(stop, len(shadows))) if key.search(shadows[i])), None)


def slots(words: tuple[Word, ...]) -> list[Slot]:
    """The day and month slots of a date line's words, or none when the words are no date line.

    >>> words = tuple(Word(t) for t in "Quảng Ngãi, ngày] tháng 10 năm 2017".split())
    >>> [(s.part, s.first, s.last, s.keep_left, s.keep_right) for s in slots(words)]
    [('day', 2, 3, 4, 0), ('month', 3, 5, 5, 0)]
    >>> words = tuple(Word(t) for t in "Minh, ngày “*uháng 77 năm 2025".split())  # the day took the t
    >>> [(s.part, s.first, s.last, s.keep_left, s.keep_right) for s in slots(words)]
    [('day', 1, 2, 4, 2), ('month', 2, 4, 7, 0)]
    """
    shadows = [shadow(w.text) for w in words]
    day = next((i for i, s in enumerate(shadows) if _DAY_WORD.match(s)), None)
    if day is None:
        return []
    month = _find(shadows, _MONTH_WORD, day + 1, day + 5)
    if month is None:
        return []
    year = _find(shadows, _YEAR_WORD, month + 1, month + 5)
    if year is None or not any(_YEAR.search(w.text) for w in words[year : year + 2]):
        return []
    day_at = shadows[day].index("ngay") + 4
    month_at = _MONTH_WORD.search(shadows[month]).start()
    year_at = shadows[year].index("nam")
    return [
        Slot("day", day, month, day_at, month_at),
        Slot("month", month, year, month_at + 5, year_at),
    ]


def _debris(words: tuple[Word, ...], slot: Slot) -> tuple[str, list[Word]]:
    """What OCR read in a slot (glued characters included) and the words wholly inside it."""
    inside = list(words[slot.first + 1 : slot.last])
    parts = [words[slot.first].text[slot.keep_left :], *(w.text for w in inside)]
    parts.append(words[slot.last].text[: slot.keep_right])
    return " ".join(p for p in parts if p).strip(" ,._"), inside


def needs_reading(words: tuple[Word, ...], slot: Slot) -> bool:
    """Whether a slot holds no clean, sure and possible number (debris, a blank, ``84`` for a day)."""
    raw, inside = _debris(words, slot)
    digits = as_digits(raw)
    if not (digits.isdigit() and len(digits) <= 2 and int(digits) in RANGES[slot.part]):
        return True
    return any((w.confidence or 0) < CLEAN_CONFIDENCE for w in inside)


def _char_width(words: tuple[Word, ...]) -> float:
    """The mean width of a printed character on the line, from its clean words."""
    widths = [
        w.box[2] / len(w.text)
        for w in words
        if w.box and len(w.text) >= 3 and w.text.isalpha() and (w.confidence or 0) >= 80
    ]
    if widths:
        return float(median(widths))
    heights = [w.box[3] for w in words if w.box]
    return 0.5 * float(median(heights)) if heights else 10.0


def _printed_edges(words: tuple[Word, ...], slot: Slot, char: float) -> tuple[float, float, bool, bool]:
    """Where the keyword before the slot ends and the one after it starts, in page pixels, and
    whether each is a guess.

    A word OCR glued debris to (``ngày]``, ``tháng/†f``), or whose box it stretched over the ink
    next to it, is cut to the keyword's expected width (its characters times the line's
    character width), on the side away from the slot: a guess, which may fall inside a digit.
    """
    left, right = words[slot.first], words[slot.last]
    assert left.box and right.box
    left_chars = slot.keep_left
    expected = left_chars * char
    end = left.box[0] + left.box[2]
    left_guessed = len(left.text) > left_chars or _stretched(left, expected)
    if left_guessed:
        end = min(end, left.box[0] + expected)
    right_chars = len(right.text) - slot.keep_right
    start = float(right.box[0])
    right_guessed = bool(slot.keep_right) or _stretched(right, right_chars * char)
    if right_guessed:
        start = max(start, right.box[0] + right.box[2] - right_chars * char)
    return end, start, left_guessed, right_guessed


def _stretched(word: Word, expected: float) -> bool:
    """Whether the engine's box for a keyword may hold more than the keyword: wider than its
    characters, or read so unsurely (``tháng`` at confidence 0 over a written ``7``) that it
    may have swallowed the ink next to it."""
    assert word.box
    return word.box[2] > STRETCHED * expected or (word.confidence or 0) < UNSURE_KEYWORD


def _runs_out(piece: Glyph, start: int, end: int, char: float) -> bool:
    """Whether a piece of ink lies well inside the slot and runs well out of it, into a printed word."""
    inside = max(0, min(piece.right, end) - max(piece.left, start))
    return inside > 0.5 * char and piece.width - inside > 0.5 * char


def read_slot(
    gray: np.ndarray, words: tuple[Word, ...], slot: Slot
) -> tuple[str, float, tuple[int, int, int, int]] | None:
    """The number written in a slot: digits, confidence (0-1) and the ink's box on the page; None
    when there is no ink, or the reading is under :data:`UNSURE_CONFIDENCE` or impossible."""
    keywords = [words[slot.first], words[slot.last]]
    if any(w.box is None for w in keywords):
        return None
    char = _char_width(words)
    left, right, left_guessed, right_guessed = _printed_edges(words, slot, char)
    top = min(w.box[1] for w in keywords if w.box)
    bottom = max(w.box[1] + w.box[3] for w in keywords if w.box)
    height = bottom - top
    x0, x1 = round(left + 0.15 * char), round(right - 0.15 * char)
    y0, y1 = max(0, round(top - 0.7 * height)), min(gray.shape[0], round(bottom + 0.5 * height))
    if x1 - x0 < 0.5 * char or y1 <= y0:
        return None
    # Cut a character wider on each side, so that a piece of ink is seen whole: one centred
    # outside the slot is a printed letter; one running from the slot far into a printed word
    # is a digit touching a letter (a crossed 7 on the t of tháng): cut off where a single
    # stroke joins them, or else not read at all (read without it, ``27`` would be ``2``).
    cx0, cx1 = max(0, x0 - round(char)), min(gray.shape[1], x1 + round(char))
    mask = ink(gray[y0:y1, cx0:cx1])
    start, end = x0 - cx0, x1 - cx0
    found = glyphs(mask, height, band=(top - y0, bottom - y0))
    for index, piece in enumerate(found):
        if _runs_out(piece, start, end, char):  # a digit touching a printed letter
            right = piece.right > end
            cut = cut_bridge(piece, end if right else start, right=right, thin=THIN_JOINT * height)
            if cut is not None and not _runs_out(cut, start, end, char):
                found[index] = cut
            elif not (right_guessed if right else left_guessed):
                return None  # joined by more than a stroke: read without it, ``27`` would be ``2``
            # else past a guessed edge: the ink OCR glued to the keyword, judged below
    pieces = []
    for piece in found:
        centre = (piece.left + piece.right) / 2
        inside = max(0, min(piece.right, end) - max(piece.left, start))
        cut_by_guess = (left_guessed and centre < start) or (right_guessed and centre >= end)
        if start <= centre < end or (cut_by_guess and inside >= PARTLY_INSIDE * piece.width):
            pieces.append(piece)  # a glyph a guessed edge cuts through is ink OCR glued to the keyword
    reading = read_number(pieces)
    if reading is None or not reading.digits or reading.confidence < UNSURE_CONFIDENCE:
        return None
    if int(reading.digits) not in RANGES[slot.part]:
        return None
    bx, by, bw, bh = reading.box
    return reading.digits, reading.confidence, (cx0 + bx, y0 + by, bw, bh)


def fill_line(line: Line, gray: np.ndarray) -> tuple[Line, list[str]]:
    """The line with its handwritten day and month read in, and a note for each reading (an
    unsure one only noted)."""
    words = line.words
    found = slots(words)
    if not found or any(w.box is None for w in words):
        return line, []
    notes: list[str] = []
    readings = {}
    for slot in found:
        if needs_reading(words, slot):
            reading = read_slot(gray, words, slot)
            if reading and reading[1] >= MIN_CONFIDENCE:
                readings[slot.part] = (slot, reading)
            elif reading:
                raw, _ = _debris(words, slot)
                notes.append(UNSURE_NOTE.format(part=slot.part, digits=reading[0], confidence=reading[1], original=raw))
    if not readings:
        return line, notes
    new: list[Word] = []
    index = 0
    for part in ("day", "month"):
        if part not in readings:
            continue
        slot, (digits, confidence, box) = readings[part]
        raw, _ = _debris(words, slot)
        if index <= slot.first:
            new.extend(words[index : slot.first])
            first = words[slot.first]
            new.append(_keep(first, first.text[: slot.keep_left], left=True))
        elif slot.keep_left < len(new[-1].text):  # the word shared with the day slot, cut again
            new[-1] = _keep(new[-1], new[-1].text[: slot.keep_left], left=True)
        new.append(Word(digits, round(confidence * 100, 1), box, original=raw or None))
        last = words[slot.last]
        new.append(_keep(last, last.text[slot.keep_right :], left=False))
        index = slot.last + 1
        notes.append(NOTE.format(part=part, digits=digits, confidence=confidence, original=raw))
    new.extend(words[index:])
    return replace(line, text=join_words(new), words=tuple(new)), notes


def _keep(word: Word, text: str, *, left: bool) -> Word:
    """A keyword's word with the debris OCR glued to it cut off (its box cut in proportion)."""
    if text == word.text or not word.box:
        return word
    x, y, w, h = word.box
    share = len(text) / max(len(word.text), 1)
    box = (x, y, round(w * share), h) if left else (x + w - round(w * share), y, round(w * share), h)
    return Word(text, word.confidence, box, original=word.text)


def read_date_lines(page: Page, image: Image.Image) -> Page:
    """The OCR'd page with the handwritten day and month of its date line read from ``image``
    (the page image the boxes are in), each reading named in the page's warnings. Only lines in
    the upper half of the page (:data:`HEADER_SHARE`) are looked at."""
    if not page.lines:
        return page
    gray: np.ndarray | None = None
    lines = list(page.lines)
    notes: list[str] = []
    for index, line in enumerate(lines):
        if not line.box or line.box[1] > HEADER_SHARE * image.height or not slots(line.words):
            continue
        if gray is None:
            from viplan_ocr.extract.preprocess import grayscale

            gray = np.asarray(grayscale(image))
        lines[index], found = fill_line(line, gray)
        notes += found
    if not notes:
        return page
    return replace(page, lines=tuple(lines), warnings=(*page.warnings, *notes))


def read_notes(warnings: tuple[str, ...] | list[str], *, unsure: bool = False) -> dict[str, str]:
    """The handwritten readings a page's warnings name, by part: ``{"day": "17"}``; with
    ``unsure``, the readings left out of the text instead.

    >>> notes = [NOTE.format(part="day", digits="17", confidence=0.97, original="ÄT")]
    >>> notes.append(UNSURE_NOTE.format(part="month", digits="11", confidence=0.6, original="]"))
    >>> read_notes(notes), read_notes(notes, unsure=True)
    ({'day': '17'}, {'month': '11'})
    """
    found = {}
    for warning in warnings:
        if (match := NOTE_PATTERN.match(warning)) and (match.group("how") == "unsure") == unsure:
            found[match.group("part")] = match.group("digits")
    return found


__all__ = ["NOTE", "UNSURE_NOTE", "Slot", "fill_line", "read_date_lines", "read_notes", "read_slot", "slots"]
