"""Diacritic restoration and OCR-confusion repair over a syllable language model.

Text typed without a Vietnamese keyboard, or read by an OCR engine trained for English, loses
its diacritics (``Ke hoach thuc hien`` for ``Kế hoạch thực hiện``) and sometimes letters too
(``hgc`` for ``học``). For each word the restorer lists candidate syllables (every accented
form sharing its letters, plus what :mod:`~viplan_ocr.normalize.channel` says an OCR engine
could have misread), then picks the most likely sequence with the two-way n-gram model of
:mod:`viplan_ocr.lexicon`, the whole document at once (in windows cut between lines, which
changes nothing and keeps memory flat): a vectorised bigram pass prunes each word's
candidates, an exact trigram Viterbi chooses among the survivors, and a pruned candidate that
beats its word's choice beside the chosen neighbours is put back and the lines it is on
decided again. Each replacement
becomes a :class:`~viplan_ocr.document.Change` with a confidence; those below
``restore_min_confidence`` are recorded (``applied=False``) but not made.

Given where the text came from (:class:`~viplan_ocr.normalize.origins.Origins`), each page is
judged for damage on its own (a mixed PDF holds text-layer and OCR pages), and a word the OCR
engine read with high confidence that is a real word as read is only ever suggested a change,
never changed: the engine saw the page, the model only guesses from the context. The one
exception is a word that lost one of the two marks stacked on a vowel (``THÀNH PHÓ`` for
``PHỐ``, ``hệ thông`` for ``thống``, ``đây mạnh`` for ``đẩy``): the engine's confidence does not
see a tone mark squeezed onto a circumflex, and reads another word it is sure of.
"""

from __future__ import annotations

import bisect
import gc
import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from itertools import chain
from operator import attrgetter
from typing import TYPE_CHECKING

import numpy as np
import regex

from viplan_ocr.document import TYPED, Change, PageSource, apply_changes
from viplan_ocr.lexicon import Model, model
from viplan_ocr.normalize import channel
from viplan_ocr.normalize.noise import JUNK
from viplan_ocr.vietnamese.layout import CAPITALS_SHARE, COLUMN_GAP, PERSON_TITLES, SURNAMES
from viplan_ocr.vietnamese.markers import Marker, SectionKind, is_letter_bullet, read_marker, roman_value, to_roman
from viplan_ocr.vietnamese.syllables import apply_case, has_accents, is_syllable, lost_stacked_mark, mistoned
from viplan_ocr.vietnamese.tokens import BOS, EOS, TOKEN, UNK, lm_symbol, word_symbol

if TYPE_CHECKING:
    from viplan_ocr.normalize import CleanConfig
    from viplan_ocr.normalize.origins import Origins

#: An OCR word read with this confidence (0-100) or more is taken as the engine read it when it
#: is a common word (:func:`~viplan_ocr.normalize.channel.is_common`): a change to it is only
#: suggested (``Kỳ thi`` is not made ``Kỳ thị``; ``uông`` is still made ``uống``).
TRUSTED_OCR_CONFIDENCE = 90.0

#: Candidates whose local two-way bigram score trails their position's best by more than this
#: (nats) are pruned before the trigram pass.
PRUNE_MARGIN = 7.0
#: At most this many candidates per word survive into the trigram pass.
PRUNE_KEEP = 4
#: Pruning judges a candidate against every reading of its neighbours only if it is among its
#: word's this many likeliest by the channel; the others, against their neighbours' this many
#: likeliest (:func:`_neighbour_pairs`). An English engine's words have thirty readings each,
#: most of them one letter away and hopeless; the pairs of two such readings were half the
#: pairs pruning scored, and one only decides a candidate's neighbour support where both
#: words' readings are that unlikely. Measured on the held-out English-engine lines
#: (benchmarks/restore.py): 10 leaves every output as it was (7 turned two right syllables
#: of the test split wrong), and rechecks put back any pruned candidate that beats the path.
SUPPORT_TOP = 10
#: At most this many times, candidates pruning dropped that beat the chosen path word by word
#: are put back and the path chosen again (:func:`_pruned_but_better`); 0 turns that off.
RECHECK_ROUNDS = 3
#: Restoration is repeated on its own output at most this many times (until it is stable).
MAX_PASSES = 4
#: The language model reads both ways, so its scores count about twice: so does the channel.
CHANNEL_WEIGHT = 2.0
#: The lattice is decoded in windows of about this many candidate pairs of neighbouring
#: positions (with the triples and scores they take, about 100 MB), cut between lines.
WINDOW_PAIRS = 1_000_000
#: Pruning scores neighbouring pairs this many at a time (:func:`_chunks`).
CHUNK_PAIRS = 65_536
#: In text that is accented already, an unaccented word is more likely a name or a deliberate
#: spelling (``Trường THCS Bình Cang``) than lost marks: ask for this confidence.
ACCENTED_TEXT_MIN_CONFIDENCE = 0.95
#: How much likelier a doubted marked word's misreadings are per ten points of the engine's
#: confidence under TRUSTED_OCR_CONFIDENCE (:func:`_doubted`).
DOUBT_SCALE = 2.0


_NEWLINE = regex.compile("\n")


@dataclass(frozen=True, slots=True)
class Slot:
    """One token of a line: where it is, and the readings the decoder may choose from."""

    start: int
    end: int
    text: str
    candidates: tuple[channel.Candidate, ...]


def restore(text: str, config: CleanConfig, origins: Origins | None = None) -> tuple[str, list[Change]]:
    """Restore diacritics and repair OCR letter confusions.

    The whole text is decoded as one, each line between sentence boundaries (a line that
    starts in lowercase continues a sentence, so it starts from no context instead). In
    accented text (``mix.trust_accents``) an unaccented Capitalised word is taken for a name
    spelt as its owner spells it (``Trường THCS Bình Cang``): a change to it is only
    suggested, never made; in a line set in capitals every word is capitalised, so there a
    word is no name for that (``GIÁM ĐÓC`` is made ``GIÁM ĐỐC``).

    Restored text reads as accented text, which the restorer judges differently (it may find
    a mark to correct in it), and a corrected mark changes its neighbours' context. After OCR
    repair or mark correction, or when the output still does not read as Vietnamese (a few
    words only), the pass is therefore repeated on its own output until it
    changes nothing (at most MAX_PASSES times), so that ``clean(clean(x)) == clean(x)``; the
    changes are reported against the text received, merged where a later pass changed a word
    again. After accent restoration of real text one pass is enough: the same model chose
    every restored word among the same forms, and a second look only favours them more.

    >>> from viplan_ocr.normalize import CleanConfig
    >>> restore("Ke hoach thuc hien Chuong trinh hanh dong vi tre em", CleanConfig())[0]
    'Kế hoạch thực hiện Chương trình hành động vì trẻ em'
    >>> restore("Thurc hien K§ hoach s6 342/KH-SGDDT", CleanConfig())[0]
    'Thực hiện Kế hoạch số 342/KH-SGDĐT'
    """
    with _no_cycle_collection():
        return _restore_parts(text, config, origins)


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused for the duration, and resumed as it was.

    Restoration makes tens of thousands of small objects (candidates, slots, changes), which
    reference counting frees, and no cycles; yet each allocation counts towards the next cycle
    collection, which walks every object alive, the model's too: an eighth of a first call's
    CPU on typed text went to collections that found nothing to free. Cycles made meanwhile
    (by another thread, say) are collected once the collector runs again.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _restore_parts(text: str, config: CleanConfig, origins: Origins | None) -> tuple[str, list[Change]]:
    """:func:`restore`, each page part of the text judged for damage on its own."""
    parts = _page_parts(text, origins)
    trusts = [_trust(text[start:end], start, origins) for start, end in parts]
    surely = frozenset().union(*(words for trust in trusts for words in trust.words.values()))
    trusts = [replace(trust, read_surely=surely) for trust in trusts]
    if len(parts) == 1:
        return _restore_text(text, config, trusts[0])
    pieces: list[str] = []
    changes: list[Change] = []
    for (start, end), trust in zip(parts, trusts, strict=True):
        part, made = _restore_text(text[start:end], config, trust)
        pieces.append(part)
        changes.extend(replace(c, start=c.start + start, end=c.end + start) for c in made)
    return "".join(pieces), changes


def _page_parts(text: str, origins: Origins | None) -> list[tuple[int, int]]:
    """The text cut where its lines pass from one page of the document to another.

    Lines decode independently, so restoring the parts one by one gives the same words as
    the whole text, except that each part's damage is judged on its own.
    """
    if origins is None:
        return [(0, len(text))]
    parts: list[tuple[int, int]] = []
    start = position = 0
    page = origins.page_at(0)
    for line in text.split("\n"):
        here = origins.page_at(position)
        if here != page and position > start:
            parts.append((start, position))
            start, page = position, here
        position += len(line) + 1
    parts.append((start, len(text)))
    return parts


@dataclass(frozen=True, slots=True)
class Trust:
    """What a part of the text says of itself: for each line the words the OCR engine read with
    high confidence, and whether it was typed (a Word file's or a born-digital PDF's text).

    A typed accented word is what its author wrote, ``TRUYỂN`` misspelt included: changing it
    is only suggested, as for a common word the engine was sure of.
    """

    words: dict[int, frozenset[str]]
    typed: bool = False
    #: line -> word -> the engine's (lowest) confidence in it, for the words it was unsure of
    doubts: dict[int, dict[str, float]] = field(default_factory=dict)
    #: typed, or legacy-encoded: a word that spells no syllable is the file's own (a code, a
    #: loan word, a decoding leftover), no OCR slip to mend a letter of
    keyed: bool = False
    #: the words the engine read with high confidence anywhere in the document: one of them
    #: capitalised is written so (``Nhâm Dần`` on page 1 keeps a doubted ``Dần`` on page 7)
    read_surely: frozenset[str] = frozenset()


def _trust(text: str, offset: int, origins: Origins | None) -> Trust:
    """How far the part of the text at ``offset`` can be believed as it stands: for each line
    the words the OCR engine read with high confidence, and those it doubted."""
    source = origins.source_at(offset) if origins is not None else None
    typed, keyed = source is PageSource.TEXT_LAYER, source in TYPED
    if origins is None or not origins.layout.words:
        return Trust({}, typed, keyed=keyed)
    trusted: dict[int, frozenset[str]] = {}
    doubts: dict[int, dict[str, float]] = {}
    position = 0
    for number, line in enumerate(text.split("\n")):
        sure, unsure = [], {}
        for match in TOKEN.finditer(line):
            if match.lastgroup != "word":
                continue
            start = offset + position + match.start()
            confidence = origins.confidence(start, start + len(match.group()))
            if confidence is not None and confidence >= TRUSTED_OCR_CONFIDENCE:
                sure.append(match.group())
            elif confidence is not None:
                unsure[match.group()] = min(confidence, unsure.get(match.group(), confidence))
        if sure:
            trusted[number] = frozenset(sure)
        if unsure:
            doubts[number] = unsure
        position += len(line) + 1
    return Trust(trusted, typed, doubts, keyed)


def _doubted(slot: Slot, confidence: float | None) -> Slot:
    """A marked word the engine doubted, its misreadings made likelier as its doubt grows.

    The channel gives each misreading of a marked word at most MISREAD_MARK, the rate of a
    word read as sure as most; a word read with confidence 60 is wrong far more often
    (measured on the held-out ``vie`` lines: about 1 in 10 at 90-95, 3 in 10 at 70-85, 5 in
    10 on a worn copy): its misreadings are worth ``DOUBT_SCALE`` times more per ten points
    under TRUSTED_OCR_CONFIDENCE, and the sentence weighs them against the word as read.
    """
    if confidence is None or confidence >= TRUSTED_OCR_CONFIDENCE or len(slot.candidates) < 2:
        return slot
    lower = slot.text.lower()
    if not has_accents(lower) or slot.candidates[0].text != lower:
        return slot
    boost = math.log(1.0 + DOUBT_SCALE * (TRUSTED_OCR_CONFIDENCE - confidence) / 10.0)
    if boost <= 0.0:
        return slot
    worse = min(-1e-9, math.log(max(1e-9, 1.0 - math.exp(min(0.0, slot.candidates[1].cost + boost)))))
    first = replace(slot.candidates[0], cost=min(slot.candidates[0].cost, worse))
    others = tuple(replace(c, cost=min(0.0, c.cost + boost)) for c in slot.candidates[1:])
    return replace(slot, candidates=(first, *others))


def _restore_text(text: str, config: CleanConfig, trusted: Trust) -> tuple[str, list[Change]]:
    """Restore one part of the text, judged for damage as a whole (see :func:`restore`)."""
    mix = channel.document_mix(_words(text))
    current, made = _restore_once(text, config, mix, trusted=trusted)
    judged = channel.document_mix(_words(current))  # how the next pass would see the output
    stripped_only = not mix.trust_accents and not mix.english_ocr
    if stripped_only and judged.trust_accents:
        return current, made  # accents only: the same model already chose every word
    received, last = text, made
    for done in range(1, MAX_PASSES):
        lines = _changed_lines(received, last)
        if not lines:
            break
        if done > 1:  # the output judged only once another pass is due: the last one's needs none
            judged = channel.document_mix(_words(current))
        received = current  # lines decode independently: under the same judgement, redo only changed ones
        current, last = _restore_once(current, config, judged, lines if judged == mix else None, trusted)
        made = _compose(made, last)
        mix = judged
    return current, made


def _changed_lines(text: str, changes: list[Change]) -> set[int]:
    """The numbers of the lines of ``text`` that the applied ``changes`` fall on."""
    newlines = [m.start() for m in _NEWLINE.finditer(text)]
    return {bisect.bisect_left(newlines, c.start) for c in changes if c.applied}


def _words(text: str) -> list[str]:
    """The word tokens of a text (damaged ones included), for judging how it was damaged."""
    return [m.group() for m in channel.DAMAGED_OR_TOKEN.finditer(text) if m.lastgroup in ("word", "damaged")]


def _compose(first: list[Change], second: list[Change]) -> list[Change]:
    """The changes of two passes, the second's offsets mapped back to the first's input.

    Replacements never overlap and never split a token, so a span of the intermediate text is
    either a word the first pass wrote (the second pass rewrites it: one merged change) or
    text the first pass left alone (shifted by what the earlier replacements added).
    """
    applied = sorted((c for c in first if c.applied), key=lambda c: c.start)
    written: dict[tuple[int, int], Change] = {}
    shifts: list[tuple[int, int]] = []  # (end in intermediate text, cumulative shift)
    shift = 0
    for change in applied:
        start = change.start + shift
        written[(start, start + len(change.after))] = change
        shift += len(change.after) - (change.end - change.start)
        shifts.append((start + len(change.after), shift))
    ends = [end for end, _ in shifts]  # increasing: the replacements are sorted and never overlap
    out = {(c.start, c.end): c for c in first}
    for change in second:
        origin = written.get((change.start, change.end))
        if origin is not None:
            if not change.applied:  # only a suggestion to rewrite the word again: the first pass's stands
                continue
            merged = replace(change, start=origin.start, end=origin.end, before=origin.before)
            merged = replace(merged, confidence=min(origin.confidence, change.confidence))
            if merged.after == merged.before:  # the second pass undid the first
                del out[(origin.start, origin.end)]
            else:
                out[(origin.start, origin.end)] = merged
            continue
        before = bisect.bisect_right(ends, change.start)  # the replacements ending at or before it
        back = shifts[before - 1][1] if before else 0
        moved = replace(change, start=change.start - back, end=change.end - back)
        if change.applied or (moved.start, moved.end) not in out:
            out[(moved.start, moved.end)] = moved
    return sorted(out.values(), key=lambda c: c.start)


#: Who vouches for a slot's word as it stands: the OCR engine that read it sure, or its author
#: who typed it (a text layer); None when nobody does.
_ENGINE, _TYPED = "engine", "typed"

#: Where a slot is: (index in its window's lattice, its line's offset, the slot, in capitals, who
#: vouches for it, the engine's confidence in it when the engine doubted it here and read it
#: nowhere else in the text with confidence, whether an OCR engine read it at all).
_Placed = tuple[int, int, Slot, bool, str | None, float | None, bool]


def _restore_once(
    text: str,
    config: CleanConfig,
    mix: channel.Mix,
    only_lines: set[int] | None = None,
    trusted: Trust | None = None,
) -> tuple[str, list[Change]]:
    """One restoration pass over the text (or over ``only_lines``), judged damaged as ``mix`` says.

    ``trusted`` holds, line by line, the words an OCR engine read with high confidence, and
    whether the text was typed (:class:`Trust`). The lattice is built and decoded a window at a
    time (cut as :func:`windows` cuts it, so with the same result): memory stays flat however
    long the text.
    """
    trusted = trusted or Trust({})
    min_confidence = config.restore_min_confidence
    if mix.trust_accents:
        min_confidence = max(min_confidence, ACCENTED_TEXT_MIN_CONFIDENCE)
    lattice: list[tuple[channel.Candidate, ...]] = []
    placed: list[_Placed] = []
    pairs = 0
    changes: list[Change] = []
    offset = 0
    place = _Place()
    lines = text.split("\n")
    markers = [read_marker(line.lstrip()) for line in lines]  # read once: sequences look both ways
    following = _following_parts(markers)
    for number, line in enumerate(lines):
        wanted = only_lines is None or number in only_lines
        slots = _slots(line, mix) if wanted and any(c.isalpha() for c in line) else []
        place, due = _in_sequence(markers[number], place, following[number])
        if due and not trusted.keyed:
            written, reading = due
            at = next((i for i, slot in enumerate(slots) if any(c.isalpha() for c in slot.text)), None)
            if at is not None and slots[at].text == written:
                slots[at] = replace(slots[at], candidates=(channel.relabelled(reading),))
        if any(len(s.candidates) > 1 or s.candidates[0].text != s.text.lower() for s in slots):
            first = line.lstrip()[:1]
            opening = (channel.fixed(BOS if first.isupper() or not first.isalpha() else UNK),)
            lattice.append(opening)
            if pairs >= WINDOW_PAIRS:  # decode the window, ending on this line's start symbol
                changes.extend(_window_changes(lattice, placed, mix, min_confidence))
                lattice, placed, pairs = [lattice[-2], opening], [], 0
            columns = _columns_in_capitals(line)
            sure = trusted.words.get(number, frozenset())
            doubts = trusted.doubts.get(number, {})
            for index, slot in enumerate(slots):
                if slot.text in _STRAY_MARKS and _stray_mark(line, slots, index):
                    continue
                if mix.trust_accents and doubts:
                    slot = _doubted(slot, doubts.get(slot.text))
                if trusted.keyed:
                    slot = replace(slot, candidates=tuple(c for c in slot.candidates if c.reason != "fuzzy"))
                vouched = None
                if mix.trust_accents and trusted.typed and has_accents(slot.text) and is_syllable(slot.text.lower()):
                    vouched = _TYPED
                elif mix.trust_accents and slot.text in sure and channel.is_common(slot.text):
                    vouched = _ENGINE
                if len(columns) == 1:  # one column, from the line's start: most lines
                    capitals = columns[0][1]
                else:
                    capitals = next(caps for start, caps in reversed(columns) if start <= slot.start)
                doubt = None if slot.text in trusted.read_surely else doubts.get(slot.text)
                read = slot.text in sure or slot.text in doubts
                placed.append((len(lattice), offset, slot, capitals, vouched, doubt, read))
                pairs += len(lattice[-1]) * len(slot.candidates)
                lattice.append(slot.candidates)
            lattice.append((channel.fixed(EOS),))
        offset += len(line) + 1
    if placed:
        changes.extend(_window_changes(lattice, placed, mix, min_confidence))
    if not changes:
        return text, []
    return apply_changes(text, changes), changes


def _following_parts(markers: list[Marker | None]) -> list[int]:
    """For each line (its marker, :func:`~viplan_ocr.vietnamese.markers.read_marker`), the number
    of the next part after it (``IV.`` is 4; 0 when none follows).

    >>> _following_parts([read_marker(line) for line in ["I. MỤC TIÊU", "Nội dung.", "II. NHIỆM VỤ", "Cuối."]])
    [2, 2, 0, 0]
    """
    out = [0] * len(markers)
    value = 0
    for number in range(len(markers) - 1, -1, -1):
        out[number] = value
        marker = markers[number]
        if marker is not None and marker.kind is SectionKind.ROMAN and marker.number is not None:
            value = roman_value(marker.number) or value
    return out


@dataclass(frozen=True, slots=True)
class _Place:
    """Where a text stands in its sequences: the last list letter (until a heading ends the
    list) and the last part's number."""

    label: str | None = None
    part: int = 0


def _in_sequence(marker: Marker | None, place: _Place, following: int = 0) -> tuple[_Place, tuple[str, str] | None]:
    """Where the text stands (:class:`_Place`) after a line whose marker is ``marker`` (as
    :func:`~viplan_ocr.vietnamese.markers.read_marker` reads it; None for a line without one),
    and, where the sequence decides what no language model can, the marker as written and what
    it is to read:

    - a list runs ``a) b) c) d) đ) e)``: a ``d)`` right after a ``d)`` is the ``đ)`` whose stroke
      OCR dropped or the text never had (legal lists: 23 errors of the held-out legal prose's);
    - a part's number OCR damaged (``m.`` for ``III.``, three strokes run together:
      :data:`~viplan_ocr.vietnamese.markers.DAMAGED_ROMAN`) where the parts before it say it is due;
    - a part's number read as another one (``II.`` for ``III.``, a stroke lost) between the
      part before it and the part after it (``following``, :func:`_following_parts`) when those
      two are two apart: ``II. ... II. ... IV.`` is ``II. ... III. ... IV.``.

    One reading of each line's marker serves all three and :func:`_following_parts`.

    >>> m = read_marker
    >>> _in_sequence(m("d) Tổng kết"), _Place("d")), _in_sequence(m("Các bước"), _Place("d"))[0]
    ((_Place(label='đ', part=0), ('d', 'đ')), _Place(label='d', part=0))
    >>> _in_sequence(m("Điều 3. Hiệu lực"), _Place("d"))[0], _in_sequence(m("m. KINH PHÍ"), _Place(part=2))
    (_Place(label=None, part=0), (_Place(label=None, part=3), ('m', 'III')))
    >>> _in_sequence(m("m. KINH PHÍ"), _Place(part=4)), _in_sequence(m("II. NHIỆM VỤ"), _Place(part=1))[0]
    ((_Place(label=None, part=4), None), _Place(label=None, part=2))
    >>> _in_sequence(m("d) Đánh giá"), _Place("c")), _in_sequence(m("II. THỜI GIAN"), _Place(part=2), following=4)
    ((_Place(label='d', part=0), None), (_Place(label=None, part=3), ('II', 'III')))
    """
    if marker is None or marker.kind in (SectionKind.BULLET, SectionKind.ITEM):
        return place, None
    if marker.kind is SectionKind.LETTER:
        if marker.number == "d" and place.label == "d":
            return replace(place, label="đ"), ("d", "đ")
        return replace(place, label=marker.number), None
    if marker.kind is not SectionKind.ROMAN or marker.number is None:
        return replace(place, label=None), None  # a heading ends the list
    value = roman_value(marker.number) or 0
    if "ocr-damaged" not in marker.flags:
        if place.part and value != place.part + 1 and following == place.part + 2:
            return _Place(part=place.part + 1), (marker.raw.rstrip(".):/-– ,"), to_roman(place.part + 1))
        return _Place(part=value), None
    if value != place.part + 1:
        return _Place(part=place.part), None
    return _Place(part=value), (marker.raw.rstrip(".):/-– ,"), marker.number)


def _window_changes(
    lattice: list[tuple[channel.Candidate, ...]], placed: list[_Placed], mix: channel.Mix, min_confidence: float
) -> list[Change]:
    """Decode one window of the lattice; the changes its choices make to the slots placed in it."""
    best, confidence = decode(lattice)
    as_read = {index: slot.text for index, _, slot, *_ in placed}
    read_surely = {index for index, _, _, _, _, doubt, read in placed if read and doubt is None}

    def kept(at: int) -> str | None:  # the word at a lattice position, if an engine read it surely and it stays
        word = as_read.get(at, "")
        sure = at in read_surely and word.isalpha() and word.islower()
        return word if sure and lattice[at][best[at]].text == word else None

    def words_before(at: int) -> list[str]:  # the words as read before a position on its line, nearest first
        out = []
        while at - 1 in as_read and len(out) < NAME_WORDS:
            at -= 1
            out.append(as_read[at])
        return out

    changes = []
    for index, line_start, slot, capitals, vouched, doubt, read in placed:
        candidate = slot.candidates[best[index]]
        after = apply_case(slot.text, candidate.text, capitals)
        if after == slot.text:
            continue
        conf = confidence[index]
        # a capitalised word is a name, unless it carries Vietnamese marks and spells no
        # syllable (``Ngưyên``, ``Írình``, or ``Quôc``, a stop-closed syllable with a tone it
        # cannot take): no name is written so; or the engine doubted it and the word chosen is
        # the one people capitalise (``Bổ Giáo dục``); or an engine read it and the word chosen,
        # not the word as read, makes a phrase with a word beside it (``theo Kê hoạch``). Those
        # two not where a person's name goes on with a name people have (``Nguyễn Thị My``).
        lower = slot.text.lower()
        misread = not slot.text.isupper() and has_accents(slot.text) and (not is_syllable(lower) or mistoned(lower))
        in_heading = capitals and slot.text.isupper()  # a word of a heading set in capitals
        mended = slot.text[1:].islower() and (
            (doubt is not None and usually_capitalised(candidate.text, slot.text))
            or (read and written_beside(slot.text, candidate.text, kept(index - 1), kept(index + 1)))
        )
        name = (
            mix.trust_accents
            and slot.text[:1].isupper()
            and not in_heading
            and not misread
            and not (mended and not goes_on_a_name(slot.text, words_before(index)))
        )
        # An engine sure of a word may still have lost a mark of a stack (``PHÓ``, ``thông``
        # for ``thống``): the context decides those; a typed word is its author's, stacks and all.
        lost_mark = vouched == _ENGINE and lost_stacked_mark(slot.text, after)
        # In a heading set in capitals the marks sit squeezed above and below the letters, and
        # an engine sure of the word may have read any of them wrong (``DỰ THỊ``, ``THÀNH PHẢN``).
        squeezed = vouched == _ENGINE and in_heading
        applied = conf >= min_confidence and not name and (vouched is None or lost_mark or squeezed)
        start, end = line_start + slot.start, line_start + slot.end
        reason = candidate.reason or "case"  # the word as written, only its case repaired (cAc)
        changes.append(Change("restore", start, end, slot.text, after, reason, round(conf, 3), applied))
    return changes


#: A capitalised word and a neighbour make a phrase when each about predicts the other: their
#: two-way bigram, log P(b | a) + log P(a | b), is at least this (``kế hoạch`` -1.0, ``lễ hội``
#: -5.8; ``Trấn phụ``, which a name's ``Trân phụ trách`` could be taken for, -16.3).
PHRASE_MIN_LOGP = -8.0


def written_beside(read: str, chosen: str, before: str | None, after: str | None) -> bool:
    """Whether the word ``chosen`` for a capitalised word as ``read`` makes a phrase people
    write with a lowercase word ``before`` or ``after`` it (None: no such word there, or one
    the decoder changed or no engine read surely), where ``read`` makes none.

    On one side ``chosen`` and the neighbour are a stored pair that each about predicts the
    other (PHRASE_MIN_LOGP) and ``read`` and it are no stored pair; on no side the other way
    round. A capitalised word is kept as a name, yet an OCR engine loses the marks of
    capitalised words too (``theo Kê hoạch``, ``Đây mạnh``, ``Lê hội xuân``). A misreading
    with its neighbour is no stored pair (the training text's own misreadings were cut out of
    the model, ``scripts/build_lexicon.py``'s ``without_misprints``), a name mostly is
    (``Trân và``); and a name beside a function word or another name makes no phrase.

    >>> written_beside("Kê", "kế", "theo", "hoạch"), written_beside("Trân", "trấn", None, "phụ")
    (True, False)
    """
    ours, theirs = word_symbol(chosen), word_symbol(read)
    if ours == theirs:
        return False
    lm = model()
    sides = []
    if before is not None:
        sides.append(((word_symbol(before), ours), (word_symbol(before), theirs)))
    if after is not None:
        sides.append(((ours, word_symbol(after)), (theirs, word_symbol(after))))
    phrase = False
    for with_ours, with_theirs in sides:
        ours_stored, theirs_stored = lm.stored(*with_ours), lm.stored(*with_theirs)
        if theirs_stored and not ours_stored:
            return False
        if ours_stored and not theirs_stored:
            pair = lm.bigram(*(np.array([lm.symbol_id(word)]) for word in with_ours))
            phrase = phrase or float(pair[0]) >= PHRASE_MIN_LOGP
    return phrase


#: The words before a capitalised word looked at for the start of a person's name: a surname
#: and a middle name or two (``Nguyễn Thị Minh``), or a form of address (``đồng chí``).
NAME_WORDS = 3


def goes_on_a_name(read: str, before: list[str]) -> bool:
    """Whether a capitalised word ``read`` goes on a person's name begun by the words
    ``before`` it (as read, nearest first), and people have it as a name.

    A name follows a form of address (``Em Tú``, ``đồng chí Trân``) or starts with a common
    surname and runs on in capitals (``Nguyễn Thị My``). There a word the training text writes
    capitalised inside sentences at all is a given name, however much more often people
    capitalise another reading of it (``Mỹ``, ``Từ``, ``Trần``); one it never capitalises is a
    misreading (``Lê Hông Giang`` is ``Hồng``).

    >>> goes_on_a_name("My", ["Thị", "Nguyễn"]), goes_on_a_name("Tú", ["Em"]), goes_on_a_name("Trân", ["chí", "đồng"])
    (True, True, True)
    >>> goes_on_a_name("Hông", ["Lê"]), goes_on_a_name("Năm", ["Việt"]), goes_on_a_name("My", ["gửi"])
    (False, False, False)
    """
    if model().capitalised.get(word_symbol(read), 0) == 0:
        return False
    title = " ".join(reversed(before[:2])).lower()  # ``đồng chí``
    if before and (before[0].lower() in PERSON_TITLES or title in PERSON_TITLES):
        return True
    for word in before:
        if not word[:1].isupper():
            return False
        if word in SURNAMES:
            return True
    return False


#: A capitalised word the engine doubted is no name when the word chosen for it is written
#: capitalised inside a sentence at least this many times as often as the word as read.
CAPITALISED_RATIO = 10


def usually_capitalised(chosen: str, read: str) -> bool:
    """Whether the training text writes ``chosen`` capitalised inside a sentence at least
    CAPITALISED_RATIO times as often as ``read``: an institution's or a part's word (``Bộ``
    62,754 times against ``Bổ`` 11 and ``Bồ`` 1,523; ``Cục`` 9,154 against the name ``Cúc``
    91; ``Điều`` 37,796 against ``Điệu`` 9), which a capitalised word OCR doubted was more
    likely misread from than a name is. Not ``Hội`` for ``Hồi`` (7.7 times) nor ``Quận`` for
    ``Quan`` (0.5): both are written so.

    >>> usually_capitalised("bộ", "Bổ"), usually_capitalised("cục", "Cúc"), usually_capitalised("quận", "Quan")
    (True, True, False)
    """
    counts = model().capitalised
    return counts.get(word_symbol(chosen), 0) >= CAPITALISED_RATIO * max(1, counts.get(word_symbol(read), 0))


#: Marks that an OCR engine makes of a speck between two words (``phạm. vi``, ``do.cơ``,
#: ``nội:dung``, ``dùng-chung``).
_STRAY_MARKS = frozenset(".:-")


def _stray_mark(line: str, slots: list[Slot], index: int) -> bool:
    """Whether a slot is a stop, colon or hyphen glued to a word inside a sentence, which the
    language model should read through.

    In print a stop, a colon or a hyphen stands apart from the next word (``gồm: các``,
    ``kinh tế - kỹ thuật``) or ends a sentence before a capital; one glued to a word and followed
    by a lowercase word is mostly a speck the engine read (``địa bàn do.cơ quan``, ``thuộc
    phạm. vi quản lý``). Kept in the context, it cuts the sentence in two, and the word after it
    is chosen as if a new sentence began there: ``vi`` became ``vì``, ``bao. gồm`` ``bảo``. Read
    through, ``phạm vi`` and ``bao gồm`` decide. The mark itself is never changed.

    >>> line = "thuộc phạm. vi quản lý: các"
    >>> slots = [Slot(m.start(), m.end(), m.group(), ()) for m in TOKEN.finditer(line)]
    >>> [slot.text for index, slot in enumerate(slots) if _stray_mark(line, slots, index)]
    ['.']
    """
    slot = slots[index]
    if slot.text not in _STRAY_MARKS or index == 0 or index + 1 >= len(slots):
        return False
    before, after = slots[index - 1], slots[index + 1]
    glued = before.end == slot.start or after.start == slot.end
    if not (glued and before.text[-1:].isalpha() and after.text[:1].isalpha()):
        return False
    # a colon or a stop with a space after it is punctuation unless a word is glued to it
    # on both sides or it follows a word directly and a lowercase word comes next
    return after.text[:1].islower() and not (slot.text == ":" and after.start > slot.end)


def _slots(line: str, mix: channel.Mix) -> list[Slot]:
    """The tokens of a line with their candidate readings.

    In accented text a word touching a digit (``gia1o``, typed with VNI codes) is left alone;
    in unaccented text a letter run with a digit in it (``s6``, ``h6i``) is one damaged word,
    and ``GD&DT`` one abbreviation. A code people write (``CO2``, ``QH14``, ``10m3``:
    :func:`channel.is_code`) stays as written unless an English engine read the text, and
    the model reads it in pieces, as it read it in training (``khí co <num> hàng năm``), so
    the words beside it keep their context.
    """
    slots = []
    bullet = is_letter_bullet(line)  # Word's "o" bullet is no word to restore
    for match in channel.DAMAGED_OR_TOKEN.finditer(line):
        token, kind = match.group(), match.lastgroup
        readings: tuple[channel.Candidate, ...]
        if kind == "damaged" and not mix.english_ocr and channel.is_code(token):
            at = match.start()
            for piece in TOKEN.finditer(token):
                reading = channel.verbatim(piece.group(), lm_symbol(piece))
                slots.append(Slot(at + piece.start(), at + piece.end(), piece.group(), (reading,)))
            continue
        if bullet:
            bullet = False
            readings = (channel.as_written(token, lm_symbol(match)),)
        elif mix.trust_accents and (kind == "damaged" or _vni_coded(line, match)):
            readings = (channel.as_written(token, UNK),)
        elif kind == "damaged":
            readings = channel.candidates(token, UNK, mix)
        elif kind == "word" and not _glued_to_junk(line, match):
            readings = channel.candidates(token, lm_symbol(match), mix)
        else:
            readings = (channel.as_written(token, lm_symbol(match)),)
        start, end = match.span()
        slots.append(Slot(start, end, token, readings))
    return slots


#: A character of dirt as the noise step judges it (``¤``, ``§``, ``»``).
_JUNK_CHAR = regex.compile(JUNK)


def _glued_to_junk(line: str, match: regex.Match[str]) -> bool:
    """Whether a one-letter word is glued to dirt (``a¤``, ``K§``): the noise step keeps such a
    token whole, as one it cannot read, so its letter is no word to restore either. Restoring it
    (``a¤`` -> ``là¤``) would give the noise step a word to strip the dirt from on a second
    cleaning, which would then differ from the first.

    >>> [_glued_to_junk(line, next(channel.DAMAGED_OR_TOKEN.finditer(line))) for line in ("a¤", "a)", "ab¤")]
    [True, False, False]
    """
    if match.end() - match.start() != 1:
        return False
    before = line[match.start() - 1 : match.start()]
    after = line[match.end() : match.end() + 1]
    return bool(_JUNK_CHAR.fullmatch(before) or _JUNK_CHAR.fullmatch(after))


def _columns_in_capitals(line: str) -> list[tuple[int, bool]]:
    """Where each column of a line starts, and whether it is set in capitals.

    A header row holds the issuer in capitals beside the motto in small letters (``SỞ Y TÉ     Độc
    lập - Tự do - Hạnh phúc``): each column is judged on its own.

    >>> _columns_in_capitals("SỞ Y TÉ     Độc lập - Tự do - Hạnh phúc")
    [(0, True), (7, False)]
    """
    starts = [0, *(gap.start() for gap in COLUMN_GAP.finditer(line))]
    ends = [*starts[1:], len(line)]
    return [(start, _in_capitals(line[start:end])) for start, end in zip(starts, ends, strict=True)]


def _in_capitals(line: str) -> bool:
    """Whether a line is set in capitals (a heading): most of its words that could be
    syllables are in capitals. Abbreviations do not count: ``- Cac truong MN, TH, THCS``
    is no heading.

    >>> _in_capitals("IV. TO CHlTC THlTC HIEN"), _in_capitals("- Cac truong MN, TH, THCS;")
    (True, False)
    """
    words = [m.group() for m in TOKEN.finditer(line) if m.lastgroup == "word" and len(m.group()) > 1]
    if not any(w.isupper() for w in words):  # no capitals to count: most lines, told at one look
        return False
    words = [w for w in words if channel.spells_syllable(w.lower())]
    return bool(words) and sum(w.isupper() for w in words) >= CAPITALS_SHARE * len(words)


def _vni_coded(line: str, match: regex.Match[str]) -> bool:
    """Whether a word touches a digit (``gia1o``, typed with VNI codes): in accented text it is
    left alone, as an unknown word.

    Only a word: punctuation beside a number (the ``-`` of ``3.1-``) keeps its own symbol, as
    it has in unaccented text, or the words beside it were read in another context once the
    text was restored (``3.1- cửa`` became ``3.1- của`` on a second cleaning).
    """
    return match.lastgroup == "word" and _glued_to_digit(line, match.start(), match.end())


def _glued_to_digit(line: str, start: int, end: int) -> bool:
    """Whether a word touches a digit."""
    return (start > 0 and line[start - 1].isdigit()) or (end < len(line) and line[end].isdigit())


def decode(lattice: list[tuple[channel.Candidate, ...]]) -> tuple[list[int], list[float]]:
    """Pick one candidate per position; return the choices and a confidence for each.

    The lattice is a whole document: lines separated by single-candidate ``<s>``/``</s>``
    positions, which make the lines independent. A long document is decoded window by window
    (:func:`windows`), so that memory stays flat in its length (a 5 MB text once asked numpy for
    5.8 GiB) with the very same choices and confidences.
    """
    choices: list[int] = []
    confidence: list[float] = []
    for start, end in windows(lattice):
        done = len(choices) - start  # positions this window shares with the previous one
        best, sure = _decode_window(lattice[start:end])
        choices.extend(best[done:])
        confidence.extend(sure[done:])
    return choices, confidence


def windows(lattice: list[tuple[channel.Candidate, ...]], budget: int = WINDOW_PAIRS) -> list[tuple[int, int]]:
    """(start, end) of each window of the lattice, each of about ``budget`` candidate pairs.

    A window is cut after a line's ``</s>`` and the next line's start symbol, and the next
    window starts again at that ``</s>``: every trigram touching a line then lies in one window
    with the same neighbours as in the whole lattice (the two shared positions have one
    candidate each), so cutting changes no choice and no confidence. A document smaller than
    the budget (any usual plan) is one window.
    """
    out: list[tuple[int, int]] = []
    start = pairs = 0
    eos = model().symbol_id(EOS)
    for i in range(1, len(lattice)):
        pairs += len(lattice[i - 1]) * len(lattice[i])
        boundary = len(lattice[i - 1]) == 1 and lattice[i - 1][0].symbol == eos and len(lattice[i]) == 1
        if boundary and pairs >= budget and i + 1 < len(lattice):
            out.append((start, i + 1))
            start, pairs = i - 1, 0
    out.append((start, len(lattice)))
    return out


#: A candidate's symbol and cost, read in C by map() (a third of the time of a generator).
_SYMBOL, _COST = attrgetter("symbol"), attrgetter("cost")


def _decode_window(lattice: list[tuple[channel.Candidate, ...]]) -> tuple[list[int], list[float]]:
    """Decode one window of the lattice at once. Three vectorised passes do the work: every
    candidate is scored against its neighbours' best (two-way bigrams) and the few that come
    close survive; an exact second-order Viterbi over the survivors scores two-way trigrams;
    each choice's confidence is its share of the probability among its position's survivors
    with the chosen neighbours held fixed.
    """
    lm = model()
    full_sizes = np.fromiter(map(len, lattice), dtype=np.int64, count=len(lattice))
    total = int(full_sizes.sum())
    symbols = np.fromiter(map(_SYMBOL, chain.from_iterable(lattice)), dtype=np.int64, count=total)
    costs = CHANNEL_WEIGHT * np.fromiter(map(_COST, chain.from_iterable(lattice)), dtype=np.float64, count=total)
    costs += np.where(symbols == 0, CHANNEL_WEIGHT * lm.unknown_share, 0.0)
    kept, _ = _prune(lm, full_sizes, symbols, costs, _kinds(lattice))
    position = np.repeat(np.arange(len(lattice)), full_sizes)
    sizes = np.bincount(position[kept], minlength=len(lattice))
    path = np.asarray(_viterbi(lm, sizes, symbols[kept], costs[kept]))
    chosen = kept[np.cumsum(sizes) - sizes + path]
    lines: list[tuple[int, int]] | None = None  # where choices may have changed: everywhere at first
    for _ in range(RECHECK_ROUNDS):
        missed = _pruned_but_better(lm, full_sizes, symbols, costs, kept, chosen, lines)
        if not len(missed):
            break
        kept = np.union1d(kept, missed)
        sizes = np.bincount(position[kept], minlength=len(lattice))
        path = np.searchsorted(kept, chosen) - (np.cumsum(sizes) - sizes)  # the same choices among more
        lines = _lines_of(lattice, np.unique(position[missed]))
        path = _viterbi_again(lm, sizes, symbols[kept], costs[kept], path, lines)
        chosen = kept[np.cumsum(sizes) - sizes + path]
    confidence = _confidence(lm, sizes, symbols[kept], costs[kept], path.tolist())
    return (chosen - (np.cumsum(full_sizes) - full_sizes)).tolist(), confidence


def _lines_of(lattice: list[tuple[channel.Candidate, ...]], positions: np.ndarray) -> list[tuple[int, int]]:
    """(start, end) of the lines holding ``positions``, each from the ``</s>`` before it (or the
    lattice's start) to the start symbol after it: the trigrams touching a line lie in there."""
    eos = model().symbol_id(EOS)
    ends = [i for i, cands in enumerate(lattice) if len(cands) == 1 and cands[0].symbol == eos]
    spans = set()
    for at in positions.tolist():
        after = bisect.bisect_left(ends, at)  # the </s> ending this position's line
        start = ends[after - 1] if after else 0
        end = ends[after] + 2 if after < len(ends) else len(lattice)
        spans.add((start, min(end, len(lattice))))
    return sorted(spans)


def _viterbi_again(
    lm: Model, sizes: np.ndarray, symbols: np.ndarray, costs: np.ndarray, path: np.ndarray, lines: list[tuple[int, int]]
) -> np.ndarray:
    """The path with the choices on ``lines`` decided again (lines decode independently, so
    the rest stands): a few lines, not the whole window, pay for a recheck."""
    path = path.copy()
    starts = np.cumsum(sizes) - sizes
    for start, end in lines:
        first, last = starts[start], starts[end - 1] + sizes[end - 1]
        sub = sizes[start:end]
        path[start:end] = _viterbi(lm, sub, symbols[first:last], costs[first:last])
    return path


def _pruned_but_better(
    lm: Model,
    sizes: np.ndarray,
    symbols: np.ndarray,
    costs: np.ndarray,
    kept: np.ndarray,
    chosen: np.ndarray,
    lines: list[tuple[int, int]] | None = None,
) -> np.ndarray:
    """The pruned candidates that beat their position's choice with the chosen neighbours fixed.

    Pruning judges a candidate against its neighbours' best readings, which the path may not
    choose: ``tu`` in ``chuyen doi tu van ban`` lost ``từ`` to ``tư`` (``tư vấn``), and the path
    then read ``văn``, beside which ``từ`` is far likelier. Cleaning that output again then made
    ``từ`` of it (``clean(clean(x)) != clean(x)``). Such candidates go back to the Viterbi pass
    until none is left, so that no single word can be bettered with its neighbours as chosen.
    Only the ``lines`` decided again since the last look are looked at again (None: all).
    """
    position = np.repeat(np.arange(len(sizes)), sizes)
    pruned = np.ones(len(symbols), dtype=bool)
    pruned[kept] = False
    if lines is not None:
        changed = np.zeros(len(sizes), dtype=bool)
        for start, end in lines:
            changed[start:end] = True
        pruned &= changed[position]
    pruned = np.flatnonzero(pruned)
    if not len(pruned):
        return pruned
    at = np.unique(position[pruned])  # the positions looked at, whose choices are compared
    scores = _with_neighbours(lm, position, symbols, costs, symbols[chosen], np.concatenate([chosen[at], pruned]))
    beaten = scores[len(at) :] > scores[: len(at)][np.searchsorted(at, position[pruned])] + 1e-9
    return pruned[beaten]


def _with_neighbours(
    lm: Model,
    position: np.ndarray,
    symbols: np.ndarray,
    costs: np.ndarray,
    chosen: np.ndarray,
    index: np.ndarray | None = None,
) -> np.ndarray:
    """The score of each candidate (of those ``index`` names, or all): its cost and the
    two-way trigrams around it, with the chosen symbols (one per position) as its neighbours.

    The three windows of a candidate share their bigrams: the chosen pair before it, its links
    to the chosen words on either side, the chosen pair after it. Each is looked up once (five
    lookups a candidate, not nine), with the scores :meth:`Model.trigram` gives on its own.
    """
    if index is not None:
        position, symbols, costs = position[index], symbols[index], costs[index]
    n = len(chosen)
    total = costs.copy()

    def near(p: np.ndarray) -> np.ndarray:
        return chosen[np.clip(p, 0, n - 1)]

    if 2 * len(position) >= n:  # the chosen pairs of every position, once (the last: unused)
        chosen_at = lm.bigram_at(chosen, np.roll(chosen, -1))

        def chosen_pair(j: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            at = np.clip(j, 0, n - 1)
            return chosen_at[0][at], chosen_at[1][at]

    else:  # a few lines rechecked: only the chosen pairs around them

        def chosen_pair(j: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            return lm.bigram_at(near(j), near(j + 1))

    before, after = near(position - 1), near(position + 1)
    into, out_of = lm.bigram_at(before, symbols), lm.bigram_at(symbols, after)
    windows = (  # (a, b, c, the bigram a b, the bigram b c, whether the window lies in the lattice)
        (near(position - 2), before, symbols, chosen_pair(position - 2), into, position >= 2),
        (before, symbols, after, into, out_of, (position >= 1) & (position + 1 < n)),
        (symbols, after, near(position + 2), out_of, chosen_pair(position + 1), position + 2 < n),
    )
    for a, b, c, left_at, right_at, valid in windows:
        total += np.where(valid, lm.trigram(a, b, c, left_at, right_at), 0.0)
    return total


def _neighbour_pairs(
    sizes: np.ndarray, at: np.ndarray | None = None, order: np.ndarray | None = None, top: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Flat indices (left, right) of every candidate pair of consecutive positions (or of the
    positions ``at`` and the ones after them), each candidate with the next position's
    candidates in order.

    Built by repeating each left candidate once per partner, and numbering the partners from
    the next position's first candidate: OCR text pairs a million candidates a window, and
    this does it without a division per pair.

    With ``order`` (flat indices, each position's candidates in the order to rank them) and
    ``top``, a pair is made only where one of the two is among its position's ``top`` first
    (:data:`SUPPORT_TOP`); pairs then come ranked, and are numbered through ``order``.
    """
    starts = np.cumsum(sizes) - sizes
    if at is None:
        at = np.arange(len(sizes) - 1)
    counts = sizes[at]
    owner = np.repeat(at, counts)  # the position of each left candidate
    rank = np.arange(len(owner)) - np.repeat(np.cumsum(counts) - counts, counts)
    candidate = starts[owner] + rank
    fan = sizes[owner + 1]  # partners of each of them
    if top is not None:  # below the top: only the next position's top
        fan = np.where(rank < top, fan, np.minimum(fan, top))
    left = np.repeat(candidate, fan)
    right = np.arange(len(left)) + np.repeat(starts[owner + 1] - (np.cumsum(fan) - fan), fan)
    if order is not None:
        left, right = order[left], order[right]
    return left, right


def _kinds(lattice: list[tuple[channel.Candidate, ...]]) -> np.ndarray:
    """A number per position, equal for positions with the same readings (symbols and costs).

    A token's readings are one cached tuple however often it occurs (``của``, ``các``), and a
    single reading (a line's ``<s>``, a number) is told by its symbol and cost: the pairs of
    neighbouring positions repeat, and :func:`_prune` scores each kind of pair once.
    """
    seen: dict[object, int] = {}
    keys = (id(cands) if len(cands) > 1 else (cands[0].symbol, cands[0].cost) for cands in lattice)
    return np.fromiter((seen.setdefault(key, len(seen)) for key in keys), dtype=np.int64, count=len(lattice))


def _chunks(at: np.ndarray, pairs: np.ndarray, budget: int) -> list[np.ndarray]:
    """``at`` (positions, in order) cut into runs of about ``budget`` candidate ``pairs`` each.

    A window's million pairs scored at once take some twenty arrays of 4-8 MB: each is new
    memory the system hands over page by page, and none stays in the processor's cache between
    one numpy pass and the next. Runs of a few ten thousand pairs keep them small and cached.
    """
    if not len(at):
        return []
    ends = np.cumsum(pairs)
    cuts = np.searchsorted(ends, np.arange(budget, int(ends[-1]), budget), side="right")
    return [piece for piece in np.split(at, np.unique(cuts)) if len(piece)]


def _prune(
    lm: Model, sizes: np.ndarray, symbols: np.ndarray, costs: np.ndarray, kinds: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """The candidates worth an exact pass: (flat indices, their positions), in order.

    A candidate's local score is its cost plus, on each side, the best two-way bigram with a
    neighbouring candidate plus that candidate's own cost (so that two unlikely readings do
    not vouch for each other); it survives when that is within PRUNE_MARGIN of its position's
    best, and among the PRUNE_KEEP best. A neighbouring candidate counts only if one of the two
    is among its position's SUPPORT_TOP likeliest by cost (ties: the earlier).

    Those sides depend on the two positions' readings only: given the positions' ``kinds``
    (:func:`_kinds`), each kind of neighbouring pair is scored where it first occurs and
    copied to its repeats (a third of OCR text's pairs, most of typed text's).
    """
    n = len(sizes)
    starts = np.cumsum(sizes) - sizes
    position = np.repeat(np.arange(n), sizes)
    if kinds is None:
        kinds = np.arange(n)
    _, first, which = np.unique(kinds[:-1] * (int(kinds.max()) + 1) + kinds[1:], return_index=True, return_inverse=True)
    source = first[which]  # for each pair of positions (p, p + 1), where its kind was scored
    before = np.full(len(symbols), -np.inf)
    after = np.full(len(symbols), -np.inf)
    at = np.sort(first)
    order = _likeliest_first(position, costs)
    ranked = np.minimum(sizes, SUPPORT_TOP)
    pairs = ranked[at] * sizes[at + 1] + (sizes[at] - ranked[at]) * ranked[at + 1]
    for chunk in _chunks(at, pairs, CHUNK_PAIRS):
        left, right = _neighbour_pairs(sizes, chunk, order, SUPPORT_TOP)
        pair = lm.bigram(symbols[left], symbols[right])
        np.maximum.at(before, right, pair + costs[left])
        np.maximum.at(after, left, pair + costs[right])
    offset = np.arange(len(symbols)) - starts[position]  # each candidate's place in its position
    has_after, has_before = position < n - 1, position > 0
    after[has_after] = after[starts[source[position[has_after]]] + offset[has_after]]
    before[has_before] = before[starts[source[position[has_before] - 1] + 1] + offset[has_before]]
    before[np.isinf(before)] = 0.0
    after[np.isinf(after)] = 0.0
    local = costs + before + after
    best = np.maximum.reduceat(local, starts)
    close = np.flatnonzero(local >= best[position] - PRUNE_MARGIN)
    # Ranked among the close ones only: the rest score lower than all of them, so rank after them.
    order = close[np.lexsort((-local[close], position[close]))]
    first_close = np.searchsorted(position[order], np.arange(n))  # where each position's run starts
    rank = np.arange(len(order)) - first_close[position[order]]
    index = np.sort(order[rank < PRUNE_KEEP])
    return index, position[index]


def _likeliest_first(position: np.ndarray, costs: np.ndarray) -> np.ndarray:
    """Flat indices of each position's candidates (``position``: each one's, in order), the
    likeliest by cost first, ties in order: ``np.lexsort((-costs, position))``.

    The channel lists most tokens' readings likeliest first already (only the reading as
    written, or a number, comes last out of turn): only the positions that are not in order
    are sorted, a quarter of an English engine's candidates instead of all of them.
    """
    order = np.arange(len(costs))
    rises = np.flatnonzero((costs[1:] > costs[:-1]) & (position[1:] == position[:-1]))
    if not len(rises):
        return order
    unsorted = np.zeros(int(position[-1]) + 1, dtype=bool)
    unsorted[position[rises + 1]] = True
    index = np.flatnonzero(unsorted[position])
    order[index] = index[np.lexsort((-costs[index], position[index]))]
    return order


def _viterbi(lm: Model, sizes: np.ndarray, symbols: np.ndarray, costs: np.ndarray) -> list[int]:
    """Exact second-order Viterbi over two-way trigrams; the chosen index at each position."""
    n = len(sizes)
    starts = (np.cumsum(sizes) - sizes).tolist()
    k = sizes.tolist()
    counts = sizes[:-2] * sizes[1:-1] * sizes[2:]
    pos = np.repeat(np.arange(2, n), counts)
    j = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    k1, k0 = sizes[pos - 1], sizes[pos]
    w = np.asarray(starts)[pos - 2] + j // (k1 * k0)
    x = np.asarray(starts)[pos - 1] + (j // k0) % k1
    y = np.asarray(starts)[pos] + j % k0
    tri = lm.trigram(symbols[w], symbols[x], symbols[y]).tolist()
    cost = costs.tolist()
    first = lm.bigram(np.repeat(symbols[starts[0]], k[1]), symbols[starts[1] : starts[1] + k[1]]).tolist()
    delta = [first[yi] + cost[starts[1] + yi] for yi in range(k[1])]  # index x * k0 + y, here x = 0
    back: list[list[int]] = [[], []]
    only = [0]  # the pointer of a position where nothing is to choose, shared
    offset = 0
    for i, size in enumerate(counts.tolist(), start=2):
        if size == 1:  # most positions once pruned: one reading here and on both sides before
            delta = [delta[0] + tri[offset] + cost[starts[i]]]
            back.append(only)
            offset += 1
            continue
        k2, k1_, k0_ = k[i - 2], k[i - 1], k[i]
        here = cost[starts[i] : starts[i] + k0_]
        block = tri[offset : offset + size]
        offset += size
        new_delta, pointers = [], []
        for xi in range(k1_):
            for yi in range(k0_):
                best_w, best_score = 0, -math.inf
                for wi in range(k2):
                    score = delta[wi * k1_ + xi] + block[(wi * k1_ + xi) * k0_ + yi]
                    if score > best_score:
                        best_w, best_score = wi, score
                new_delta.append(best_score + here[yi])
                pointers.append(best_w)
        delta = new_delta
        back.append(pointers)
    last = max(range(len(delta)), key=delta.__getitem__)
    path = [0] * n
    path[n - 1], path[n - 2] = last % k[n - 1], last // k[n - 1]
    for i in range(n - 1, 1, -1):
        path[i - 2] = back[i][path[i - 1] * k[i] + path[i]]
    return path


def _confidence(lm: Model, sizes: np.ndarray, symbols: np.ndarray, costs: np.ndarray, path: list[int]) -> list[float]:
    """Each choice's probability among its position's candidates, the chosen neighbours fixed.

    A position left with one candidate has all the probability whatever its score (scores are
    finite): only the others, a few in ten once pruned, are scored.
    """
    n = len(sizes)
    starts = np.cumsum(sizes) - sizes
    position = np.repeat(np.arange(n), sizes)
    total = np.zeros(len(symbols))
    rivals = np.flatnonzero(sizes[position] > 1)
    if len(rivals):
        total[rivals] = _with_neighbours(lm, position, symbols, costs, symbols[starts + np.asarray(path)], rivals)
    top = np.maximum.reduceat(total, starts)
    weights = np.exp(total - top[position])
    share = weights[starts + np.asarray(path)] / np.add.reduceat(weights, starts)
    return share.tolist()
