"""Where each character of a text being cleaned came from: page, line, word, source, confidence.

The cleaning steps work on the document's text as one string, because a paragraph runs across
lines and pages and the restorer reads a whole sentence at once. This module keeps the string
tied to the :class:`~viplan_ocr.document.Document` it came from: :class:`Origins` maps every
character of the current text to an offset of the original text, and follows each step's
changes. Through it a step asks which page a line is on (to judge that page's damage) and how
sure the OCR engine was of a word, each change is anchored to its page, line and word, and the
cleaned text is cut back into the document's pages, lines and words (:func:`rebuild`).
"""

from __future__ import annotations

import bisect
from array import array
from dataclasses import dataclass, replace

from viplan_ocr.document import Change, Document, Line, PageSource, Word, text_parts, union


@dataclass(frozen=True, slots=True)
class _Span:
    """A line or a word of the original text: where it is, and what it is."""

    start: int
    end: int
    page: int  # index in document.pages
    line: int  # index in page.lines
    word: int | None = None  # index in line.words


class Layout:
    """The original document's text, and where each of its lines and OCR words lies in it."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.lines: list[_Span] = []
        self.words: list[_Span] = []
        pieces: list[str] = []
        offset = 0
        for key, text in text_parts(document):
            if key is not None:
                page, index = key
                self.lines.append(_Span(offset, offset + len(text), page, index))
                self._find_words(document.pages[page].lines[index], text, offset, page, index)
            pieces.append(text)
            offset += len(text)
        self.text = "".join(pieces)
        self._line_starts = [span.start for span in self.lines]
        self._word_starts = [span.start for span in self.words]

    def _find_words(self, line: Line, text: str, offset: int, page: int, index: int) -> None:
        """Locate each OCR word of a line in the line's text (they are its space-separated tokens)."""
        position = 0
        for number, word in enumerate(line.words):
            found = text.find(word.text, position) if word.text else -1
            if found < 0:
                continue
            self.words.append(_Span(offset + found, offset + found + len(word.text), page, index, number))
            position = found + len(word.text)

    def line_at(self, offset: int) -> _Span | None:
        """The line holding ``offset`` (a separator belongs to the line before it)."""
        at = bisect.bisect_right(self._line_starts, offset) - 1
        return self.lines[at] if at >= 0 else (self.lines[0] if self.lines else None)

    def word_at(self, offset: int) -> _Span | None:
        """The OCR word holding ``offset``, if any."""
        at = bisect.bisect_right(self._word_starts, offset) - 1
        if at >= 0 and self.words[at].start <= offset < self.words[at].end:
            return self.words[at]
        return None

    def words_between(self, start: int, end: int) -> list[_Span]:
        """The OCR words overlapping ``[start, end)`` of the original text."""
        at = max(bisect.bisect_right(self._word_starts, start) - 1, 0)
        found = []
        for span in self.words[at:]:
            if span.start >= max(end, start + 1):
                break
            if span.end > start:
                found.append(span)
        return found


@dataclass(frozen=True, slots=True)
class Origins:
    """For each character of the current text, the offset it came from in the original text.

    The offsets are a machine-integer array (8 bytes a character), not a tuple of Python ints
    (36): a long text keeps two or three maps alive at once.
    """

    layout: Layout
    offsets: array[int]

    @classmethod
    def of(cls, document: Document) -> Origins:
        """The identity map of a document's own text."""
        layout = Layout(document)
        return cls(layout, array("q", range(len(layout.text))))

    @property
    def text(self) -> str:
        """The original text."""
        return self.layout.text

    def origin(self, position: int) -> int:
        """The original offset of a position of the current text (its end maps past the last)."""
        if not self.offsets:
            return 0
        if position >= len(self.offsets):
            return self.offsets[-1] + 1
        return self.offsets[max(position, 0)]

    def after(self, text: str, changes: list[Change]) -> Origins:
        """The map of the text a step made from ``text`` with ``changes`` (applied ones only).

        Inside a change the common beginning and end of ``before`` and ``after`` map one to
        one (``phát-\\n`` -> ``phát ``), and the rest proportionally, so a restored word
        keeps its letters' places and a re-joined line break stays between its lines.
        """
        out = array("q")
        position = 0
        offsets = self.offsets
        for change in sorted((c for c in changes if c.applied), key=lambda c: c.start):
            out.extend(offsets[position : change.start])
            out.extend(self._inside(change))
            position = change.end
        out.extend(offsets[position:])
        return Origins(self.layout, out)

    def _inside(self, change: Change) -> list[int]:
        before, after = change.before, change.after
        prefix = 0
        while prefix < min(len(before), len(after)) and before[prefix] == after[prefix]:
            prefix += 1
        suffix = 0
        while (
            suffix < min(len(before), len(after)) - prefix
            and before[len(before) - 1 - suffix] == after[len(after) - 1 - suffix]
        ):
            suffix += 1
        middle_before = len(before) - prefix - suffix
        middle_after = len(after) - prefix - suffix
        start = change.start
        mapped = [self.origin(start + i) for i in range(prefix)]
        for j in range(middle_after):
            if middle_before:
                mapped.append(self.origin(start + prefix + j * middle_before // middle_after))
            else:  # an insertion: it belongs where it was inserted
                mapped.append(self.origin(start + prefix - 1) if prefix or start else self.origin(start))
        mapped.extend(self.origin(change.end - suffix + i) for i in range(suffix))
        return mapped

    def anchored(self, change: Change) -> Change:
        """The change with the page, line and word of the original text it touches."""
        offset = self.origin(change.start)
        line = self.layout.line_at(offset)
        if line is None:
            return change
        word = self.layout.word_at(offset)
        page = self.layout.document.pages[line.page].number
        return replace(change, page=page, line=line.line, word=word.word if word is not None else None)

    def page_at(self, position: int) -> int:
        """The index of the page a position of the current text came from."""
        line = self.layout.line_at(self.origin(position))
        return line.page if line is not None else 0

    def source_at(self, position: int) -> PageSource | None:
        """Where the page a position of the current text came from got its text."""
        pages = self.layout.document.pages
        return pages[self.page_at(position)].source if pages else None

    def confidence(self, start: int, end: int) -> float | None:
        """The OCR engine's confidence (0-100) in a span of the current text: that of its least
        sure word; None where the text did not come from OCR words."""
        if not self.layout.words or end <= start:
            return None
        first, last = self.origin(start), self.origin(end - 1)
        spans = self.layout.words_between(min(first, last), max(first, last) + 1)
        values = [
            value
            for span in spans
            if (value := self.layout.document.pages[span.page].lines[span.line].words[span.word].confidence) is not None
        ]
        return min(values) if values else None


def rebuild(origins: Origins, text: str, changes: tuple[Change, ...]) -> Document:
    """The cleaned document: ``text`` cut back into the original's pages, lines and words.

    Each character of the cleaned text belongs to the original line it came from; a character
    that came from between two lines (a line break re-joined into a space) or a line break is a
    separator, kept as the next line's ``joins``. Lines keep their block, box and source; words
    are the cleaned line's tokens, each on the box of what it came from (the union of the OCR
    words it joins, its part of the one it was cut from) with their lowest confidence and,
    where it changed, the original reading. ``Document.text`` of the
    result is exactly ``text``.
    """
    layout = origins.layout
    document = layout.document
    owners: list[tuple[int, int] | None] = []
    for position in range(len(text)):
        offset = origins.origin(position)
        span = layout.line_at(offset)
        if text[position] == "\n" or span is None or not (span.start <= offset < span.end):
            owners.append(None)
        else:
            owners.append((span.page, span.line))
    # Group the characters: runs of one line's characters, and the separators between them.
    pieces: list[tuple[tuple[int, int], int, int, str]] = []  # (owner, start, end, separator before)
    separator_start = position = 0
    while position < len(text):
        owner = owners[position]
        if owner is None:
            position += 1
            continue
        start = position
        while position < len(text) and owners[position] == owner:
            position += 1
        pieces.append((owner, start, position, text[separator_start:start]))
        separator_start = position
    trailing = text[separator_start:]
    pages: dict[int, list[Line]] = {index: [] for index in range(len(document.pages))}
    for owner, start, end, separator in pieces:
        page_index, line_index = owner
        original = document.pages[page_index].lines[line_index]
        pages[page_index].append(
            replace(
                original,
                text=text[start:end],
                words=_words(origins, text, start, end, original),
                joins=separator,
            )
        )
    if trailing:
        last = max((index for index, lines in pages.items() if lines), default=0)
        pages[last].append(Line(text="", joins=trailing))
    first_page = min((index for index, lines in pages.items() if lines), default=None)
    if first_page == 0 and pages[0][0].joins == "":
        pages[first_page][0] = replace(pages[first_page][0], joins=None)
    # A page left without a line (all noise) still stands, contributing no text of its own.
    cleaned_pages = tuple(
        replace(page, lines=tuple(pages[index]) or (Line(text="", joins=""),))
        for index, page in enumerate(document.pages)
    )
    return replace(document, pages=cleaned_pages, changes=changes)


def _words(origins: Origins, text: str, start: int, end: int, original: Line) -> tuple[Word, ...]:
    """A cleaned line's words, each on the box of what it came from, with the lowest confidence of
    the OCR words it came from.

    A word cleaning joined from several OCR words (``hoạ ch`` to ``hoạch``) gets the union of
    their boxes; one cut from part of an OCR word (``hoạchnăm`` to ``hoạch năm``) gets its part of
    that word's box, in proportion to its letters, so that each cleaned word can be placed where
    it is printed (hOCR, ALTO, the searchable PDF). ``original`` is what the engine read there
    (the part of its word, for a cut), kept only where it differs from the cleaned word.
    """
    if not original.words:
        return ()
    layout = origins.layout
    words: list[Word] = []
    position = start
    for token in text[start:end].split():
        at = text.index(token, position)
        position = at + len(token)
        first, last = origins.origin(at), origins.origin(position - 1)
        low, high = min(first, last), max(first, last) + 1
        pieces = [
            (layout.document.pages[span.page].lines[span.line].words[span.word], span)
            for span in layout.words_between(low, high)
            if span.word is not None
        ]
        if not pieces:
            words.append(Word(token))
            continue
        boxes = [box for word, span in pieces if (box := _part(word.box, span, low, high)) is not None]
        confidences = [word.confidence for word, _ in pieces if word.confidence is not None]
        read = " ".join(_read(word, span, low, high) for word, span in pieces)
        words.append(
            Word(
                token,
                confidence=min(confidences) if confidences else None,
                box=union(boxes) if boxes else None,
                original=read if read != token else None,
            )
        )
    return tuple(words)


def _covered(span: _Span, low: int, high: int) -> tuple[int, int]:
    """Which letters of an OCR word (from, to; offsets into it) the range ``[low, high)`` covers."""
    return max(low, span.start) - span.start, min(high, span.end) - span.start


def _part(box: tuple[int, int, int, int] | None, span: _Span, low: int, high: int) -> tuple[int, int, int, int] | None:
    """The part of an OCR word's box under the letters ``[low, high)`` cover, in proportion.

    >>> _part((100, 10, 80, 20), _Span(0, 8, 0, 0, 0), 0, 5)  # "hoạch" of "hoạchnăm"
    (100, 10, 50, 20)
    >>> _part((100, 10, 80, 20), _Span(0, 8, 0, 0, 0), 5, 8)
    (150, 10, 30, 20)
    """
    if box is None:
        return None
    begin, finish = _covered(span, low, high)
    letters = span.end - span.start
    if begin <= 0 and finish >= letters:
        return box
    left, top, width, height = box
    x0, x1 = left + round(width * begin / letters), left + round(width * finish / letters)
    return x0, top, max(x1 - x0, 1), height


def _read(word: Word, span: _Span, low: int, high: int) -> str:
    """What the engine read under ``[low, high)``: its whole reading of a word covered whole."""
    begin, finish = _covered(span, low, high)
    if begin <= 0 and finish >= span.end - span.start:
        return word.original or word.text
    return word.text[max(begin, 0) : finish]
