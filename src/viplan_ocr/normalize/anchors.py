"""Where each word and each change of a cleaned document stands, keyed to the extracted document.

A person reviewing a conversion points at a word of the cleaned text ("this reads ``thi``, not
``thí``") and the next run has to find that same word again, in a text cleaning builds afresh each
time. An offset into the cleaned text is no key: one change more or less anywhere before it moves
it. So every word is keyed by where it came from in the *extracted* document, which cleaning never
alters: the page number, the index of the line in that page (what ``Change.line`` and ``--explain``'s
``p2:14`` use) and the index of the word in that line's text (its OCR word on a scan). That is the
:class:`Key` of the corrections file (:mod:`viplan_ocr.normalize.corrections`) and of the review
page (:mod:`viplan_ocr.writers.review`).

:func:`trace` works it out after the fact, from the extracted document and the cleaned one's
changes alone, as a writer has them: it replays the changes step by step (each change's offsets are
into the text its step received) and follows every change and every character to the end. The
corrections step, which runs after cleaning, is replayed like any other step; its changes are told
apart so that each word keeps its key and its text as cleaning left it (``Unit.base``): a decision
made on a reviewed page still matches once an earlier decision has been applied.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import regex

from viplan_ocr.document import Change, Document, Word, text_parts
from viplan_ocr.normalize.origins import Layout, Origins

#: The step name of the changes a person's decisions made (:mod:`viplan_ocr.normalize.corrections`).
CORRECTION = "correction"
_TOKEN = regex.compile(r"\S+")


@dataclass(frozen=True, slots=True, order=True)
class Key:
    """Where a word came from: page number (1-based), line index in that page (0-based), word index
    in that line (0-based, among its whitespace-separated words, which on a scan are its OCR words)."""

    page: int
    line: int
    word: int

    def __str__(self) -> str:
        """``page.line.word``, as the review page names a word.

        >>> str(Key(1, 14, 2))
        '1.14.2'
        """
        return f"{self.page}.{self.line}.{self.word}"


@dataclass(frozen=True, slots=True)
class Spot:
    """A change of the cleaned document and where it ended up."""

    #: Its index in the cleaned document's ``changes``.
    index: int
    change: Change
    #: The word of the extracted document it was made on.
    key: Key | None
    #: Its span in the text cleaning made (before any correction): ``after`` once made, ``before``
    #: if only suggested, as later steps left it; empty for a removal.
    base: tuple[int, int]
    #: Its span in the document's text (after the corrections).
    final: tuple[int, int]

    @property
    def reviewable(self) -> bool:
        """Whether a person can accept or reject it as a word: a cleaning change within one line.

        A change across a line break (a re-joined line) is about layout, not about a word.
        """
        change = self.change
        return change.step != CORRECTION and "\n" not in change.before and "\n" not in change.after


@dataclass(frozen=True, slots=True)
class Unit:
    """A word of the cleaned text: its whitespace-separated tokens that came from one extracted word.

    Usually one token; two when cleaning (or a person) split a word (``ngàyl5`` -> ``ngày 15``).
    """

    key: Key
    #: Index of its page in ``Document.pages``, and of its line in that page's cleaned ``lines``.
    page: int
    line: int
    #: Its span in the document's text.
    start: int
    end: int
    text: str
    #: The word as cleaning made it, before any correction (equal to ``text`` when none applies).
    base: str
    #: Where ``base`` starts in the text cleaning made.
    base_start: int
    #: The cleaned line's words it is made of (with their OCR confidence, box and reading); empty
    #: where the line has no words (text files).
    words: tuple[Word, ...]


@dataclass(frozen=True, slots=True)
class LineSpan:
    """A line of the cleaned document: indices of its page and of the line, and its span in the text."""

    page: int
    line: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Trace:
    """A cleaned document's words and changes, each with its key and its place in the text."""

    #: The document's text, and the text cleaning made before any correction.
    text: str
    base_text: str
    lines: tuple[LineSpan, ...]
    #: The words, in text order.
    units: tuple[Unit, ...]
    #: Every change of the document, in its order.
    spots: tuple[Spot, ...]

    def unit(self, key: Key) -> Unit | None:
        """The word with this key, if the cleaned text still has it."""
        for unit in self.units:
            if unit.key == key:
                return unit
        return None

    def by_key(self) -> dict[Key, Unit]:
        """Every word by its key."""
        return {unit.key: unit for unit in self.units}


class _Shift:
    """How one step's applied changes move positions of the text it received to the text it made."""

    def __init__(self, applied: list[Change]) -> None:
        self.starts = [c.start for c in applied]
        self.ends = [c.end for c in applied]
        self.lengths = [len(c.after) for c in applied]
        self.before = [0]  # total growth of the text before each change
        for change in applied:
            self.before.append(self.before[-1] + len(change.after) - (change.end - change.start))

    def start(self, position: int) -> int:
        """Where a span starting at ``position`` starts: after text inserted there; at the start of a
        change it falls inside."""
        k = bisect.bisect_right(self.ends, position)
        if k < len(self.ends) and self.starts[k] < position:
            return self.starts[k] + self.before[k]
        return position + self.before[k]

    def end(self, position: int) -> int:
        """Where a span ending at ``position`` ends: before text inserted there; at the end of a
        change it falls inside."""
        k = bisect.bisect_left(self.ends, position)
        while k < len(self.ends) and self.ends[k] == position and self.starts[k] < position:
            k += 1
        if k < len(self.ends) and self.starts[k] < position < self.ends[k]:
            return self.starts[k] + self.before[k] + self.lengths[k]
        return position + self.before[k]

    def span(self, span: tuple[int, int]) -> tuple[int, int]:
        """A span of the received text in the made text (an empty span stays empty)."""
        start = self.start(span[0])
        return (start, start) if span[0] == span[1] else (start, max(start, self.end(span[1])))


class _Keys:
    """The key of each offset of the extracted document's text."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self._token_starts: dict[tuple[int, int], list[int]] = {}

    def at(self, offset: int) -> Key | None:
        """The key of the word holding ``offset`` (or the last one before it on its line)."""
        span = self.layout.line_at(offset)
        if span is None:
            return None
        starts = self._token_starts.get((span.page, span.line))
        if starts is None:
            text = self.layout.text[span.start : span.end]
            starts = [span.start + m.start() for m in _TOKEN.finditer(text)]
            self._token_starts[(span.page, span.line)] = starts
        word = max(bisect.bisect_right(starts, offset) - 1, 0)
        return Key(self.layout.document.pages[span.page].number, span.line, word)


def _groups(changes: tuple[Change, ...]) -> list[list[tuple[int, Change]]]:
    """The changes with their indices, grouped by the step that made them, in order."""
    groups: list[list[tuple[int, Change]]] = []
    for index, change in enumerate(changes):
        if groups and groups[-1][0][1].step == change.step:
            groups[-1].append((index, change))
        else:
            groups.append([(index, change)])
    return groups


def trace(original: Document, cleaned: Document) -> Trace:
    """Where every change and word of ``cleaned`` stands, keyed to ``original`` (what was extracted).

    ``cleaned`` is ``clean(original)``, corrections applied or not; only its text, lines and
    changes are read, so a writer that has the two documents can call it.
    """
    origins = Origins.of(original)
    keys = _Keys(origins.layout)
    spans: list[tuple[int, int]] = []
    found: list[Key | None] = []
    base: list[tuple[int, int]] | None = None
    for group in _groups(cleaned.changes):
        if group[0][1].step == CORRECTION and base is None:
            base = list(spans)
        applied = sorted((c for _, c in group if c.applied), key=lambda c: (c.start, c.end))
        shift = _Shift(applied)
        spans = [shift.span(span) for span in spans]
        place = {id(change): index for index, change in enumerate(applied)}
        for _, change in group:
            found.append(keys.at(origins.origin(change.start)))
            at = place.get(id(change))
            if at is None:
                spans.append(shift.span((change.start, change.end)))
            else:
                start = change.start + shift.before[at]
                spans.append((start, start + len(change.after)))
        if applied:
            origins = origins.after("", applied)
    text = cleaned.text
    if base is None:
        base = spans
    else:  # a correction's own offsets are into the text cleaning made
        base += [(c.start, c.start + len(c.before)) for c in cleaned.changes[len(base) :]]
    spots = tuple(
        Spot(index, change, found[index], base[index], spans[index]) for index, change in enumerate(cleaned.changes)
    )
    corrections = [spot for spot in spots if spot.change.step == CORRECTION]
    base_text = _revert(text, corrections)
    lines = _lines(cleaned)
    return Trace(text, base_text, lines, _units(cleaned, lines, text, origins, keys, corrections), spots)


def _revert(text: str, corrections: list[Spot]) -> str:
    """The text with every correction undone: what cleaning made."""
    parts: list[str] = []
    position = 0
    for spot in sorted(corrections, key=lambda s: s.final):
        parts.append(text[position : spot.final[0]])
        parts.append(spot.change.before)
        position = spot.final[1]
    parts.append(text[position:])
    return "".join(parts)


def _lines(document: Document) -> tuple[LineSpan, ...]:
    """Every line of the document with its span in ``document.text``."""
    lines: list[LineSpan] = []
    offset = 0
    for key, piece in text_parts(document):
        if key is not None:
            lines.append(LineSpan(key[0], key[1], offset, offset + len(piece)))
        offset += len(piece)
    return tuple(lines)


def _units(
    document: Document,
    lines: tuple[LineSpan, ...],
    text: str,
    origins: Origins,
    keys: _Keys,
    corrections: list[Spot],
) -> tuple[Unit, ...]:
    """The cleaned text's words, in order: tokens in a row from one extracted word are one.

    A key that turns up again further on (it should not) is kept by the first word only, so a
    decision can never land on two words.
    """
    finals = sorted(spot.final for spot in corrections)
    ends = [end for _, end in finals]
    growth = [0]
    for spot in sorted(corrections, key=lambda s: s.final):
        growth.append(growth[-1] + len(spot.change.after) - len(spot.change.before))
    units: list[Unit] = []
    seen: set[Key] = set()
    for line in lines:
        words = document.pages[line.page].lines[line.line].words
        tokens = list(_TOKEN.finditer(text, line.start, line.end))
        paired = len(words) == len(tokens)
        group: list[int] = []
        group_key: Key | None = None
        for number, token in enumerate([*tokens, None]):
            key = keys.at(origins.origin(token.start())) if token is not None else None
            if group and (token is None or key != group_key):
                if group_key is not None and group_key not in seen:
                    seen.add(group_key)
                    start, end = tokens[group[0]].start(), tokens[group[-1]].end()
                    before = growth[bisect.bisect_right(ends, start)]
                    units.append(
                        Unit(
                            key=group_key,
                            page=line.page,
                            line=line.line,
                            start=start,
                            end=end,
                            text=text[start:end],
                            base=_base(text, start, end, corrections),
                            base_start=start - before,
                            words=tuple(words[i] for i in group) if paired else (),
                        )
                    )
                group = []
            if token is not None:
                group.append(number)
                group_key = key
    return tuple(units)


def _base(text: str, start: int, end: int, corrections: list[Spot]) -> str:
    """A span of the text as cleaning made it: the corrections within it undone."""
    inside = sorted((s for s in corrections if start <= s.final[0] and s.final[1] <= end), key=lambda s: s.final)
    if not inside:
        return text[start:end]
    parts: list[str] = []
    position = start
    for spot in inside:
        parts.append(text[position : spot.final[0]])
        parts.append(spot.change.before)
        position = spot.final[1]
    parts.append(text[position:end])
    return "".join(parts)


__all__ = ["CORRECTION", "Key", "LineSpan", "Spot", "Trace", "Unit", "trace"]
