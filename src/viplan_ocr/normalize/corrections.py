"""A person's decisions on a conversion, and the step that applies them after cleaning.

The review page (:mod:`viplan_ocr.writers.review`) lets a person accept or reject the changes the
cleaner was unsure of and type the right reading of any word; it exports those decisions as a
corrections file (``{"schema": "viplan-ocr/corrections/1", ...}``, described key by key in
``corrections.schema.json`` beside this module). ``viplan-ocr clean/batch --corrections FILE``
applies them on the next run, as one more step after cleaning: each edit is a
:class:`~viplan_ocr.document.Change` with step ``correction``, so the explain table shows it and
:func:`~viplan_ocr.document.replay` still rebuilds the text.

A decision is keyed by the document's name and by where its word came from in the extracted
document (:class:`~viplan_ocr.normalize.anchors.Key`: page, line, word), and it carries the word's
text as the person saw it; a change decision also names the change (step, before, after). It is
applied only where all of them still match, so that it never lands on another word: when the
input or the cleaner has changed since the review, a decision that no longer matches is skipped,
with a page warning saying why (``viplan-ocr`` prints them on stderr).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from viplan_ocr.document import REVIEW_BELOW, Change, Document, apply_changes
from viplan_ocr.errors import UsageError
from viplan_ocr.normalize.anchors import CORRECTION, Key, Spot, Trace, Unit, trace
from viplan_ocr.normalize.origins import rebuild
from viplan_ocr.resources import package_json

if TYPE_CHECKING:
    from viplan_ocr.normalize.origins import Origins

SCHEMA_ID = "viplan-ocr/corrections/1"
SCHEMA_FILE = "corrections.schema.json"
#: The start of every page warning this step adds (so the command line can print them).
WARNING = "correction skipped: "
#: What a corrections file holds at most: far more than any person types, far less than memory.
MAX_FILE_BYTES = 20_000_000


class Action(StrEnum):
    """What a person decided: make a change, undo it, or type the word's right reading."""

    ACCEPT = "accept"
    REJECT = "reject"
    CORRECT = "correct"


#: The ``reason`` of the Change each action makes.
REASONS = {Action.ACCEPT: "accepted", Action.REJECT: "rejected", Action.CORRECT: "typed"}


@dataclass(frozen=True, slots=True)
class ChangeRef:
    """Which change a decision is about: its step and its text before and after."""

    step: str
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class Decision:
    """One decision on one word: accept or reject a change made there, or type its reading.

    ``text`` is the word as the review page showed it (as cleaning made it, before any
    correction); ``change`` names the change of an accept or reject, ``correction`` is the
    typed reading of a correct.
    """

    key: Key
    text: str
    action: Action
    change: ChangeRef | None = None
    correction: str | None = None

    def to_dict(self) -> dict:
        """The decision's JSON form (one item of ``decisions`` in the corrections file)."""
        out: dict = {
            "page": self.key.page,
            "line": self.key.line,
            "word": self.key.word,
            "text": self.text,
            "action": str(self.action),
        }
        if self.change is not None:
            out["change"] = {"step": self.change.step, "before": self.change.before, "after": self.change.after}
        if self.correction is not None:
            out["correction"] = self.correction
        return out

    @classmethod
    def from_dict(cls, data: object, where: str) -> Decision:
        """A decision read from JSON; a UsageError naming ``where`` and the bad key otherwise."""
        if not isinstance(data, dict):
            raise UsageError(f"{where}: a decision must be an object, not {type(data).__name__}")
        numbers = []
        for name in ("page", "line", "word"):
            value = data.get(name)
            if isinstance(value, bool) or not isinstance(value, int) or value < (1 if name == "page" else 0):
                raise UsageError(f"{where}: {name} must be a whole number ({'1' if name == 'page' else '0'} or more)")
            numbers.append(value)
        text = data.get("text")
        if not isinstance(text, str):
            raise UsageError(f"{where}: text must be a string (the word as the review page showed it)")
        try:
            action = Action(data.get("action"))
        except ValueError:
            raise UsageError(f"{where}: action must be one of {', '.join(Action)}") from None
        change = correction = None
        if action is Action.CORRECT:
            correction = data.get("correction")
            if not isinstance(correction, str) or not correction.strip() or "\n" in correction:
                raise UsageError(f"{where}: correction must be the word's reading (not empty, on one line)")
            correction = " ".join(correction.split())  # words apart by one space, as typed in a page
        else:
            ref = data.get("change")
            if not isinstance(ref, dict) or not all(isinstance(ref.get(k), str) for k in ("step", "before", "after")):
                raise UsageError(f"{where}: change must be an object with step, before and after (strings)")
            change = ChangeRef(ref["step"], ref["before"], ref["after"])
        return cls(Key(*numbers), text, action, change, correction)

    def describe(self) -> str:
        """The decision in a few words, for a warning.

        >>> Decision(Key(1, 4, 2), "thí", Action.CORRECT, correction="thi").describe()
        "page 1, line 5, word 3 ('thí'): correct to 'thi'"
        """
        where = f"page {self.key.page}, line {self.key.line + 1}, word {self.key.word + 1} ({self.text!r})"
        if self.action is Action.CORRECT:
            return f"{where}: correct to {self.correction!r}"
        assert self.change is not None
        return f"{where}: {self.action} {self.change.step} {self.change.before!r} -> {self.change.after!r}"


@dataclass(frozen=True, slots=True)
class Corrections:
    """The decisions of a corrections file (or several), by document name as the review page named it."""

    documents: tuple[tuple[str, tuple[Decision, ...]], ...] = ()

    def __bool__(self) -> bool:
        return any(decisions for _, decisions in self.documents)

    def to_dict(self) -> dict:
        """The corrections file's JSON form."""
        return {
            "schema": SCHEMA_ID,
            "documents": [
                {"document": name, "decisions": [d.to_dict() for d in decisions]} for name, decisions in self.documents
            ],
        }

    @classmethod
    def from_dict(cls, data: object, where: str = "corrections") -> Corrections:
        """Corrections read from JSON; a UsageError naming the file and the bad key otherwise.

        Documents named twice (two files, or two exports of one page) have their decisions put
        together, the later decision on a word replacing the earlier one.
        """
        if not isinstance(data, dict) or data.get("schema") != SCHEMA_ID:
            raise UsageError(f"{where}: not a corrections file (its schema must be {SCHEMA_ID!r})")
        documents = data.get("documents")
        if not isinstance(documents, list):
            raise UsageError(f"{where}: documents must be a list")
        read: list[tuple[str, tuple[Decision, ...]]] = []
        for number, entry in enumerate(documents, 1):
            at = f"{where}: document {number}"
            if not isinstance(entry, dict) or not isinstance(entry.get("document"), str) or not entry["document"]:
                raise UsageError(f"{at}: document must name the converted file")
            decisions = entry.get("decisions")
            if not isinstance(decisions, list):
                raise UsageError(f"{at}: decisions must be a list")
            made = tuple(Decision.from_dict(d, f"{at}, decision {i}") for i, d in enumerate(decisions, 1))
            read.append((entry["document"], made))
        return cls(tuple(read)).merged()

    def merged(self, *others: Corrections) -> Corrections:
        """These corrections and ``others`` together, one entry per document, one decision per word
        (a later decision on a word, or on a change, replaces an earlier one)."""
        by_name: dict[str, dict[tuple, Decision]] = {}
        for corrections in (self, *others):
            for name, decisions in corrections.documents:
                kept = by_name.setdefault(name, {})
                for decision in decisions:
                    kept.pop(_slot(decision), None)
                    kept[_slot(decision)] = decision
        return Corrections(tuple((name, tuple(kept.values())) for name, kept in by_name.items()))

    def assign(self, names: Iterable[str]) -> tuple[dict[str, tuple[Decision, ...]], list[str]]:
        """Each document's decisions, by its name among ``names``; and the names of entries no document took.

        An entry goes to the document named alike: the same path, else the one whose path ends
        with the most of the same folder and file names (``in/2021/kh.pdf`` and
        ``/home/a/in/2021/kh.pdf``), at least the file name; a tie takes none, as does a document
        that another entry fits better. The text check of each decision still applies.
        """
        names = list(names)
        given: dict[str, tuple[Decision, ...]] = {}
        unused: list[str] = []
        for entry, decisions in self.documents:
            if not decisions:
                continue
            target = _best(entry, names)
            if target is not None and _best(target, [e for e, _ in self.documents]) == entry:
                given[target] = given.get(target, ()) + decisions
            else:
                unused.append(entry)
        return given, unused


def _slot(decision: Decision) -> tuple:
    """What one decision is about: the word, and for an accept or reject, its change."""
    if decision.action is Action.CORRECT:
        return (decision.key, "word")
    return (decision.key, decision.change)


def _parts(name: str) -> tuple[str, ...]:
    return PurePosixPath(name.replace("\\", "/")).parts


def _best(name: str, candidates: Sequence[str]) -> str | None:
    """The candidate naming the same file as ``name``: equal, else the longest common path tail."""
    if name in candidates:
        return name
    mine = _parts(name)
    scored: dict[int, list[str]] = {}
    for candidate in candidates:
        theirs = _parts(candidate)
        common = 0
        while common < min(len(mine), len(theirs)) and mine[-1 - common] == theirs[-1 - common]:
            common += 1
        if common:
            scored.setdefault(common, []).append(candidate)
    if not scored:
        return None
    best = scored[max(scored)]
    return best[0] if len(best) == 1 else None


def load_corrections(paths: Iterable[str | Path]) -> Corrections:
    """The decisions of every corrections file given: a file, or a folder's ``*.corrections.json``.

    The review page downloads ``<name>.corrections.json``, one per document; a folder of them
    (the browser's download folder) is read whole.
    """
    merged = Corrections()
    for given in paths:
        path = Path(given)
        files = sorted(path.glob("*.corrections.json")) if path.is_dir() else [path]
        for file in files:
            merged = merged.merged(_read(file))
    return merged


def _read(path: Path) -> Corrections:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise UsageError(f"{path}: {size:,} bytes is too large for a corrections file")
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise UsageError(f"{path}: no such corrections file") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UsageError(f"{path}: cannot read the corrections file ({exc})") from None
    return Corrections.from_dict(data, str(path))


def corrections_schema() -> dict:
    """The JSON Schema (draft 2020-12) of a corrections file, as a fresh dict.

    >>> corrections_schema()["properties"]["schema"]["const"] == SCHEMA_ID
    True
    """
    return package_json("viplan_ocr.normalize", SCHEMA_FILE)


@dataclass(frozen=True, slots=True)
class _Edit:
    start: int
    end: int
    after: str
    reason: str


class _Skip(Exception):
    """Why a decision cannot be applied."""


def apply_decisions(original: Document, cleaned: Document, origins: Origins, decisions: Sequence[Decision]) -> Document:
    """``cleaned`` with the decisions applied, each edit a ``correction`` Change; the others warned about.

    ``origins`` maps ``cleaned.text`` to ``original`` (cleaning's own map), so the corrected text
    is cut back into pages, lines and words as cleaning's is, each word keeping its box, OCR
    confidence and reading. Typed corrections go first: a word typed anew makes a decision on a
    change within it moot (that one is skipped, with a warning).
    """
    if not decisions:
        return cleaned
    traced = trace(original, cleaned)
    units = traced.by_key()
    edits: list[_Edit] = []
    warnings: list[tuple[int, str]] = []
    for decision in sorted(decisions, key=lambda d: d.action is not Action.CORRECT):
        try:
            edit = _resolve(traced, units, decision)
            if any(_overlap(edit, other) for other in edits):
                raise _Skip("another decision on the same word comes first")
        except _Skip as why:
            warnings.append((decision.key.page, f"{WARNING}{decision.describe()}: {why}"))
            continue
        if edit is not None:
            edits.append(edit)
    text = traced.text
    made = [
        origins.anchored(Change(CORRECTION, e.start, e.end, text[e.start : e.end], e.after, e.reason))
        for e in sorted(edits, key=lambda e: (e.start, e.end))
    ]
    document = cleaned
    if made:
        moved = origins.after(text, made)
        document = rebuild(moved, apply_changes(text, made), (*cleaned.changes, *made))
    return _warned(document, warnings)


def _resolve(traced: Trace, units: dict[Key, Unit], decision: Decision) -> _Edit | None:
    """The edit a decision makes (None: none needed), or _Skip saying why it no longer fits."""
    if decision.action is Action.CORRECT:
        unit = units.get(decision.key)
        if unit is None:
            raise _Skip("no word there in this run's text")
        if unit.text != decision.text:
            raise _Skip(f"the word there reads {unit.text!r} in this run")
        assert decision.correction is not None
        if decision.correction == unit.text:
            return None
        return _Edit(unit.start, unit.end, decision.correction, REASONS[Action.CORRECT])
    ref = decision.change
    assert ref is not None
    spots = [
        s
        for s in traced.spots
        if s.key == decision.key
        and s.reviewable
        and (s.change.step, s.change.before, s.change.after) == (ref.step, ref.before, ref.after)
    ]
    if not spots:
        raise _Skip("this run made no such change there")
    if len(spots) > 1:
        spots = [s for s in spots if _shown(traced, s) == decision.text]
        if len(spots) != 1:
            raise _Skip("more than one such change there")
    spot = spots[0]
    start, end = spot.final
    shown = _shown(traced, spot)
    if shown != decision.text:
        raise _Skip(f"the word there reads {shown!r} in this run")
    now = traced.text[start:end]
    made = spot.change.applied
    if decision.action is Action.REJECT:
        return _Edit(start, end, spot.change.before if made else now, REASONS[Action.REJECT])
    return _Edit(start, end, now if made else spot.change.after, REASONS[Action.ACCEPT])


def _shown(traced: Trace, spot: Spot) -> str:
    """What the review page showed for a change: the word it is in, or its removed text's place ("")."""
    start, end = spot.final
    if start == end:
        return ""
    for unit in traced.units:
        if unit.start <= start and end <= unit.end:
            return unit.base
    return traced.text[start:end]


def _overlap(edit: _Edit | None, other: _Edit) -> bool:
    if edit is None:
        return False
    if edit.start == edit.end or other.start == other.end:
        return other.start <= edit.start <= other.end or edit.start <= other.start <= edit.end
    return edit.start < other.end and other.start < edit.end


def _warned(document: Document, warnings: list[tuple[int, str]]) -> Document:
    """The document with each warning on its page (the first page when the page is gone)."""
    if not warnings or not document.pages:
        return document
    numbers = {page.number for page in document.pages}
    pages = []
    for index, page in enumerate(document.pages):
        mine = [w for p, w in warnings if p == page.number or (index == 0 and p not in numbers)]
        pages.append(replace(page, warnings=(*page.warnings, *mine)) if mine else page)
    return replace(document, pages=tuple(pages))


def correction_warnings(document: Document) -> list[str]:
    """The warnings of the corrections step: decisions skipped, each saying why."""
    return [w for page in document.pages for w in page.warnings if w.startswith(WARNING)]


@dataclass(frozen=True, slots=True)
class Applied:
    """A decision found applied in a corrected document, and the word it was applied to."""

    decision: Decision
    #: The correction's change in the document.
    spot: Spot
    #: The reviewed change, for an accept or a reject.
    target: Spot | None = None


def applied_decisions(traced: Trace) -> list[Applied]:
    """The decisions a run applied, read back from its ``correction`` changes.

    The review page of a corrected run shows them and exports them again with any new ones, so
    that the next run's file holds every decision made so far.
    """
    found: list[Applied] = []
    by_base: dict[tuple[int, int], list[Spot]] = {}
    for spot in traced.spots:
        if spot.reviewable and spot.key is not None:
            by_base.setdefault(spot.base, []).append(spot)
    for spot in traced.spots:
        change = spot.change
        if change.step != CORRECTION or spot.key is None:
            continue
        if change.reason == REASONS[Action.CORRECT]:
            unit = next((u for u in traced.units if u.start <= spot.final[0] and spot.final[1] <= u.end), None)
            if unit is not None:
                found.append(Applied(Decision(unit.key, unit.base, Action.CORRECT, correction=unit.text), spot))
            continue
        action = Action.REJECT if change.reason == REASONS[Action.REJECT] else Action.ACCEPT
        target = _decided(by_base.get((change.start, change.end), []), change, action)
        if target is None or target.key is None:
            continue
        shown = _base_word(traced, target)
        ref = ChangeRef(target.change.step, target.change.before, target.change.after)
        found.append(Applied(Decision(target.key, shown, action, change=ref), spot, target))
    return found


def _decided(spots: list[Spot], correction: Change, action: Action) -> Spot | None:
    """Which of the changes on one span a correction decided on.

    Two steps may have changed one word (``restore`` then ``tone``): the correction's own text
    tells them apart (a reject put back that change's ``before``, an accepted suggestion its
    ``after``), and a change the cleaner was unsure of comes first, as the page offers those.
    """

    def fits(spot: Spot) -> bool:
        made = spot.change
        if action is Action.REJECT:
            return correction.after == (made.before if made.applied else correction.before)
        return correction.after == (correction.before if made.applied else made.after)

    fitting = [s for s in spots if fits(s)]
    fitting.sort(key=lambda s: s.change.applied and s.change.confidence >= REVIEW_BELOW)
    return fitting[0] if fitting else None


def _base_word(traced: Trace, spot: Spot) -> str:
    """The word a change was in, as cleaning made it ("" for a removal)."""
    start, end = spot.base
    if start == end:
        return ""
    for unit in traced.units:
        if unit.base_start <= start and end <= unit.base_start + len(unit.base):
            return unit.base
    return traced.base_text[start:end]


__all__ = [
    "SCHEMA_ID",
    "Action",
    "Applied",
    "ChangeRef",
    "Corrections",
    "Decision",
    "applied_decisions",
    "apply_decisions",
    "correction_warnings",
    "corrections_schema",
    "load_corrections",
]
