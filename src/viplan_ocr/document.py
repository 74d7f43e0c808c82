"""The document model that travels through every stage: pages, lines, words, and changes.

Extraction builds a :class:`Document`; cleaning records each edit as a :class:`Change`; the parser
reads ``Document.text``. Objects are frozen: a stage that changes something makes a new object
with :func:`dataclasses.replace`, so an earlier stage's result is never altered behind its back.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum


class PageSource(StrEnum):
    """Where a page's text came from (the ``text_sources`` of the JSON contract)."""

    TEXT_LAYER = "text-layer"
    OCR = "ocr"
    LEGACY_ENCODING = "legacy-encoding"
    TEXT = "text"


@dataclass(frozen=True, slots=True)
class Word:
    """One word as an OCR engine saw it: text, confidence (0-100) and pixel box."""

    text: str
    confidence: float | None = None
    box: tuple[int, int, int, int] | None = None  # left, top, width, height


@dataclass(frozen=True, slots=True)
class Line:
    """One line of text; ``block`` numbers paragraphs so blank lines between them survive."""

    text: str
    words: tuple[Word, ...] = ()
    block: int = 0
    box: tuple[int, int, int, int] | None = None  # left, top, width, height, in units of Page.dpi
    source: PageSource | None = None  # set when it differs from the page's (a kept text-layer line)


@dataclass(frozen=True, slots=True)
class Page:
    """One page, with the source of its text and, for OCR pages, the mean word confidence."""

    number: int
    source: PageSource
    lines: tuple[Line, ...] = ()
    confidence: float | None = None
    encoding: str | None = None
    warnings: tuple[str, ...] = ()
    routing: str | None = None  # why this source was chosen, e.g. "text layer covers 1% of a scan"
    dpi: int | None = None  # the unit of line and word boxes (72 for text-layer points)

    @property
    def text(self) -> str:
        """The page's lines in reading order, with a blank line where a new block starts."""
        out: list[str] = []
        previous: int | None = None
        for line in self.lines:
            if previous is not None and line.block != previous:
                out.append("")
            out.append(line.text)
            previous = line.block
        return "\n".join(out)


@dataclass(frozen=True, slots=True)
class Document:
    """An extracted file: its path and its pages."""

    path: str
    pages: tuple[Page, ...] = ()

    @property
    def text(self) -> str:
        """All pages' text, pages separated by a blank line."""
        return "\n\n".join(page.text for page in self.pages)

    @property
    def text_sources(self) -> list[str]:
        """The source of each page, in page order."""
        return [str(page.source) for page in self.pages]

    def to_dict(self) -> dict:
        """A JSON-ready description of the document, page by page."""
        return {
            "path": self.path,
            "pages": [
                {
                    "number": page.number,
                    "source": str(page.source),
                    "confidence": page.confidence,
                    "encoding": page.encoding,
                    "warnings": list(page.warnings),
                    "routing": page.routing,
                    "text": page.text,
                }
                for page in self.pages
            ],
        }

    @classmethod
    def from_text(cls, text: str, path: str = "-") -> Document:
        """Wrap plain text (already decoded) as a one-page document."""
        blocks = text.split("\n")
        lines = tuple(Line(text=line) for line in blocks)
        return cls(path=path, pages=(Page(number=1, source=PageSource.TEXT, lines=lines),))


@dataclass(frozen=True, slots=True)
class Change:
    """One edit made by a cleaning step.

    ``start``/``end`` are offsets into the text the step received, so applying a step's applied
    changes from last to first to its input reproduces its output. Changes with
    ``applied=False`` are suggestions the restorer was not confident enough to make: a person
    may want to review them.
    """

    step: str
    start: int
    end: int
    before: str
    after: str
    reason: str
    confidence: float = 1.0
    applied: bool = True

    def to_dict(self) -> dict:
        """A JSON-ready copy."""
        return asdict(self)


def apply_changes(text: str, changes: list[Change]) -> str:
    """Apply one step's applied changes to the text that step received.

    Changes of one step never overlap; they are joined in one pass (not one copy of the text per
    change, which made long documents quadratic).

    >>> apply_changes("tre em", [Change("restore", 0, 3, "tre", "trẻ", "accent", 0.9)])
    'trẻ em'
    """
    parts: list[str] = []
    position = 0
    for change in sorted((c for c in changes if c.applied), key=lambda c: c.start):
        parts.append(text[position : change.start])
        parts.append(change.after)
        position = change.end
    parts.append(text[position:])
    return "".join(parts)


@dataclass(frozen=True, slots=True)
class Cleaned:
    """The result of ``clean(text, explain=True)``: the text and every change, step by step."""

    text: str
    changes: tuple[Change, ...] = field(default_factory=tuple)

    @property
    def steps(self) -> list[str]:
        """The names of the steps that changed something, in order."""
        seen: list[str] = []
        for change in self.changes:
            if change.applied and change.step not in seen:
                seen.append(change.step)
        return seen

    @property
    def flagged(self) -> list[Change]:
        """Changes a person should review: low-confidence ones, applied or not."""
        return [c for c in self.changes if not c.applied or c.confidence < 0.8]

    def report(self) -> str:
        """A plain-text table of the changes, as ``viplan-ocr clean --explain`` prints it."""
        rows = [f"{'step':<8} {'reason':<10} {'conf':>5} {'applied':<7} before -> after"]
        for c in self.changes:
            rows.append(
                f"{c.step:<8} {c.reason:<10} {c.confidence:>5.2f} {'yes' if c.applied else 'REVIEW':<7} "
                f"{c.before!r} -> {c.after!r}"
            )
        return "\n".join(rows)
