"""Cleaning: repair OCR damage and restore Vietnamese diacritics, one named step at a time.

Each step is a plain function ``(text, config, origins) -> (text, changes)``; ``origins``
(:mod:`.origins`) ties the text to the document's pages, lines and OCR words. Its name is also its switch
in :class:`CleanConfig` and the ``step`` of every :class:`~viplan_ocr.document.Change` it makes.
:data:`STEPS` fixes the order once; nothing else lists the steps (ftfy once shipped a fixer that
was never called because the list was kept twice).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields, replace
from enum import StrEnum
from typing import TYPE_CHECKING, Literal, overload

from viplan_ocr.document import Change, Document
from viplan_ocr.errors import UsageError
from viplan_ocr.normalize import lines, names, restore, unicode
from viplan_ocr.normalize.origins import Origins, rebuild

if TYPE_CHECKING:
    from viplan_ocr.normalize.corrections import Decision


class ToneStyle(StrEnum):
    """Where the tone mark goes on ``oa``, ``oe``, ``uy``: where the source put it (keep),
    ``hòa`` (new) or ``hoà`` (old).

    Real documents print both, often in one file (``ỦY BAN`` in the header, ``UỶ BAN`` over the
    signature), and an archive's reading keeps what is printed; ``new`` and ``old`` make a
    document uniform for search. A word the cleaner restored is written the new way in every
    style but ``old``.
    """

    KEEP = "keep"
    NEW = "new"
    OLD = "old"


@dataclass(frozen=True, slots=True)
class CleanConfig:
    """Which steps run, and how.

    Every step is on by default: a user cleaning OCR output wants all of them. Turn one off to
    see what the others do alone (``CleanConfig(restore=False)``).
    """

    controls: bool = True
    unicode: bool = True
    noise: bool = True
    reflow: bool = True
    restore: bool = True
    names: bool = True
    tone: bool = True
    #: Tone-mark placement for ``oa``/``oe``/``uy``: as printed (the default), or one convention
    #: for the whole text ("new" is the Ministry's 1984 rule).
    tone_style: ToneStyle = ToneStyle.KEEP
    #: Restorations below this confidence are recorded (``applied=False``) but not made.
    restore_min_confidence: float = 0.5

    def __post_init__(self) -> None:
        """Refuse a bad value with an error naming the field, instead of failing later or never."""
        for name in ("controls", "unicode", "noise", "reflow", "restore", "names", "tone"):
            if not isinstance(getattr(self, name), bool):
                raise UsageError(f"cleaning option {name} must be True or False, not {getattr(self, name)!r}")
        if not isinstance(self.tone_style, ToneStyle):
            try:
                object.__setattr__(self, "tone_style", ToneStyle(str(self.tone_style)))
            except ValueError:
                choices = ", ".join(repr(str(style)) for style in ToneStyle)
                raise UsageError(
                    f"cleaning option tone_style must be one of {choices}, not {self.tone_style!r}"
                ) from None
        value = self.restore_min_confidence
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0.0 <= value <= 1.0:
            raise UsageError(f"cleaning option restore_min_confidence must be a number from 0 to 1, not {value!r}")

    @classmethod
    def from_options(cls, **options: object) -> CleanConfig:
        """Build a config from keyword options, naming any unknown one instead of ignoring it."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(options) - known)
        if unknown:
            raise UsageError(f"unknown cleaning option(s): {', '.join(unknown)}; known: {', '.join(sorted(known))}")
        return replace(cls(), **options)  # type: ignore[arg-type]


#: A cleaning step: the text so far, the config, and where each character of the text came from
#: (its page, line, OCR word and confidence); it returns the new text and the changes it made,
#: with offsets into the text it received.
Step = Callable[[str, CleanConfig, Origins], tuple[str, list[Change]]]

#: The cleaning steps in the order they run. Each name is a CleanConfig switch.
STEPS: tuple[tuple[str, Step], ...] = (
    ("controls", unicode.remove_controls),
    ("unicode", unicode.fix_unicode),
    ("noise", lines.remove_noise),
    ("reflow", lines.reflow),
    ("restore", restore.restore),
    ("names", names.restore_names),
    ("tone", unicode.fix_tone_marks),
)


#: The most times the steps run over a text (see :func:`_run`).
MAX_ROUNDS = 3


def _run(document: Document, config: CleanConfig) -> tuple[Origins, str, tuple[Change, ...]]:
    """Every enabled step over the document's text; the final map, text and anchored changes.

    The steps run again over their own output until it stays as it is (at most
    :data:`MAX_ROUNDS` times), so that cleaning a cleaned text changes nothing. Each step sees
    what the ones before it made, but an earlier step never sees a later one's work: dirt
    beside a letter restoration rewrote, or lines whose openings a digit repair changed, are
    judged only on the next round. A later round stops before restoration when the steps
    before it changed nothing: restoration repeats itself until its output stays as it is
    (:func:`~viplan_ocr.normalize.restore.restore`), so only their changes give it more to do.
    """
    origins = Origins.of(document)
    text = origins.text
    changes: list[Change] = []
    suggested: set[tuple[object, ...]] = set()
    for round_ in range(MAX_ROUNDS):
        start = text
        for name, step in STEPS:
            if not getattr(config, name):
                continue
            if round_ and name == "restore" and text == start:
                break  # nothing before it changed: restoration (itself run to a fixed point) has its say already
            made_text, made = step(text, config, origins)
            for change in map(origins.anchored, made):
                if not change.applied:  # a suggestion left unmade is made again each round: list it once
                    key = (change.step, change.page, change.line, change.word, change.before, change.after)
                    if key in suggested:
                        continue
                    suggested.add(key)
                changes.append(change)
            if made_text != text:
                origins = origins.after(text, made)
            text = made_text
        if text == start:
            break
    return origins, text, tuple(changes)


def clean_document(
    document: Document, config: CleanConfig | None = None, *, decisions: Sequence[Decision] = ()
) -> Document:
    """The cleaned document: its pages, lines and words cleaned, each change anchored to them.

    Lines keep their source, block and box, words their box and OCR confidence (see
    :func:`~viplan_ocr.normalize.origins.rebuild`); ``changes`` replays the original text into
    the cleaned one (:func:`~viplan_ocr.document.replay`). ``decisions`` (a person's, from a
    corrections file: :mod:`.corrections`) are applied after the cleaning steps, as changes of
    step ``correction``; those that no longer fit are left out with a page warning.
    """
    origins, text, changes = _run(document, config or CleanConfig())
    cleaned = rebuild(origins, text, changes)
    if decisions:
        from viplan_ocr.normalize.corrections import apply_decisions

        cleaned = apply_decisions(document, cleaned, origins, decisions)
    return _with_cleaned_tables(cleaned)


def _with_cleaned_tables(document: Document) -> Document:
    """The document with each scanned table's cells read again from the cleaned words.

    A scan's table keeps the grid its words were put into (:mod:`viplan_ocr.extract.tables`),
    and the cleaned words keep their OCR boxes, so the cells get the cleaned text. Other tables
    (Word, a PDF's text layer) hold exact text and are carried as they are.
    """
    if not any(table.grid for page in document.pages for table in page.tables):
        return document
    from viplan_ocr.extract.tables import refill

    pages = tuple(
        replace(page, tables=refill(page.tables, page.lines)) if page.tables else page for page in document.pages
    )
    return replace(document, pages=pages)


def clean_and_explain(text: str, config: CleanConfig | None = None) -> Document:
    """Clean plain text and keep the changes each step made (a one-page :class:`Document`)."""
    return clean_document(Document.from_text(text), config)


@overload
def clean(text: str, *, explain: Literal[False] = ..., config: CleanConfig | None = ..., **options: object) -> str: ...
@overload
def clean(text: str, *, explain: Literal[True], config: CleanConfig | None = ..., **options: object) -> Document: ...
@overload
def clean(text: Document, *, explain: bool = ..., config: CleanConfig | None = ..., **options: object) -> Document: ...
def clean(
    text: str | Document, *, explain: bool = False, config: CleanConfig | None = None, **options: object
) -> str | Document:
    """Turn OCR-damaged or accent-less Vietnamese into clean, fully accented NFC text.

    Given a string, the clean string; with ``explain=True``, a cleaned one-page
    :class:`~viplan_ocr.document.Document` whose ``text`` is that string and whose
    ``changes`` say what each step did. Given a :class:`~viplan_ocr.document.Document` (from
    :func:`viplan_ocr.extract`), the cleaned Document: same pages, lines and words with their
    source, boxes and OCR confidence, and the changes anchored to them; each page is judged
    for damage on its own, and OCR confidences guide the noise and restore steps.

    >>> clean("Ke hoach thuc hien")
    'Kế hoạch thực hiện'
    """
    if options:
        if config is not None:
            raise UsageError("pass either config= or keyword options, not both")
        config = CleanConfig.from_options(**options)
    config = config or CleanConfig()
    if isinstance(text, Document):
        return clean_document(text, config)
    if not isinstance(text, str):
        raise UsageError(f"clean() takes a str or a Document, not {type(text).__name__}")
    if explain:
        return clean_and_explain(text, config)
    return "".join(_run(Document.from_text(piece), config)[1] + separator for piece, separator in pieces(text))


#: A string longer than this is cleaned a piece at a time (:func:`pieces`).
PIECE_CHARS = 250_000
#: Where a long string is cut, best first: a paragraph break, a line break, a space.
_CUTS = ("\n\n", "\n", " ")


def pieces(text: str, size: int = PIECE_CHARS) -> list[tuple[str, str]]:
    r"""A long text cut into pieces of at most about ``size`` characters: (piece, the separator after it).

    Cleaning keeps per-character maps and per-word changes of the text it works on, so
    cleaning 20 MB at once takes gigabytes; piece by piece it takes what one piece takes. Each
    piece is judged for damage on its own, which a quarter of a million characters is plenty
    for; a cut falls at a paragraph break where there is one (cleaning never joins lines across
    one), else at a line break or a space. A usual plan is one piece, cleaned exactly as before.

    >>> pieces("Ke hoach\n\nNam hoc 2021", size=12)
    [('Ke hoach', '\n\n'), ('Nam hoc 2021', '')]
    """
    out: list[tuple[str, str]] = []
    start = 0
    while len(text) - start > size:
        cut, separator = start + size, ""
        for mark in _CUTS:
            found = text.rfind(mark, start + size // 2, start + size)
            if found > start:
                cut, separator = found, mark
                break
        out.append((text[start:cut], separator))
        start = cut + len(separator)
    out.append((text[start:], ""))
    return out


__all__ = ["PIECE_CHARS", "STEPS", "CleanConfig", "ToneStyle", "clean", "clean_and_explain", "clean_document", "pieces"]
