"""How to extract: one validated value shared by the API, the batch runner and every command.

``ExtractConfig`` is checked when it is made, so a bad value (``dpi=-3``, an unknown engine) is a
:class:`~viplan_ocr.errors.UsageError` naming the field before any file is opened, not an
exception from deep inside a worker process halfway through a batch. It is frozen and small, so
it travels to worker processes with each page.
"""

from __future__ import annotations

from dataclasses import dataclass

from viplan_ocr.errors import UsageError
from viplan_ocr.extract.engine import DEFAULT_ENGINE, get_engine
from viplan_ocr.extract.preprocess import DEFAULT_PREPROCESS, Preprocess
from viplan_ocr.limits import DEFAULT_LIMITS, Limits

#: Rendering resolutions a scan can sensibly be read at: below 72 dpi text is a few pixels high,
#: above 1200 an A4 page is over 140 megapixels.
MIN_DPI, MAX_DPI = 72, 1200

#: Pages to read, as inclusive ``(first, last)`` ranges: ``--pages 1-3,5`` is ``((1, 3), (5, 5))``.
#: Ranges, not a set of numbers, so that ``1-100000000`` costs nothing.
PageRanges = tuple[tuple[int, int], ...]


def parse_pages(text: str) -> PageRanges:
    """The ranges a ``--pages`` value names: numbers and ``first-last`` ranges, comma-separated.

    A reviewer re-reads page 2 of a scan, or an archivist the first pages of a long report, without
    OCRing the rest (each page costs about 2 s).

    >>> parse_pages("1-3,5")
    ((1, 3), (5, 5))
    >>> parse_pages("2")
    ((2, 2),)
    >>> parse_pages("3-1")
    Traceback (most recent call last):
    ...
    viplan_ocr.errors.UsageError: pages must be page numbers and ranges such as 1-3,5 (from 1, first <= last), not '3-1'
    """
    ranges = []
    for part in text.split(","):
        first, dash, last = part.strip().partition("-")
        if first.strip().isdigit() and (not dash or last.strip().isdigit()):
            start, end = int(first), int(last) if dash else int(first)
            if 1 <= start <= end:
                ranges.append((start, end))
                continue
        raise UsageError(f"pages must be page numbers and ranges such as 1-3,5 (from 1, first <= last), not {text!r}")
    return tuple(ranges)


def selects(pages: PageRanges | None, number: int) -> bool:
    """Whether page ``number`` (1-based) is among ``pages``; None selects every page.

    >>> selects(((1, 3), (5, 5)), 4), selects(((1, 3), (5, 5)), 5), selects(None, 4)
    (False, True, True)
    """
    return pages is None or any(first <= number <= last for first, last in pages)


@dataclass(frozen=True, slots=True)
class ExtractConfig:
    """The extraction settings.

    ``lang`` is the OCR language (``vie``, or several joined by ``+``: ``vie+eng``); ``dpi`` the
    resolution PDF pages are rendered at for OCR; ``preprocess`` the image clean-up before OCR
    (None: the engine sees the raw image); ``engine`` the name of an OCR engine in
    :data:`~viplan_ocr.extract.engine.ENGINES`; ``handwriting`` whether a scan's handwritten day
    and month are read (:mod:`~viplan_ocr.extract.handwriting`); ``limits`` the most one input may ask for
    (:class:`~viplan_ocr.limits.Limits`: pages, frames, pixels, text, archive sizes); ``pages``
    the pages to read (:data:`PageRanges`, or a ``--pages`` string such as ``"1-3,5"``; None: all);
    ``force_ocr`` whether PDF pages with a good text layer are OCR'd too (a text layer that
    reads well but is wrong, e.g. a scanner's OCR of another document pasted in; text and Word
    files have no image to OCR and are read as they are).

    >>> ExtractConfig(dpi=-3)
    Traceback (most recent call last):
    ...
    viplan_ocr.errors.UsageError: dpi must be a whole number from 72 to 1200, not -3
    """

    lang: str = "vie"
    dpi: int = 300
    preprocess: Preprocess | None = DEFAULT_PREPROCESS
    engine: str = DEFAULT_ENGINE
    handwriting: bool = True
    limits: Limits = DEFAULT_LIMITS
    pages: PageRanges | None = None
    force_ocr: bool = False

    def __post_init__(self) -> None:
        if isinstance(self.pages, str):
            object.__setattr__(self, "pages", parse_pages(self.pages))
        pages = self.pages
        if pages is not None and (
            not isinstance(pages, tuple)
            or not pages
            or not all(
                isinstance(r, tuple) and len(r) == 2 and all(type(n) is int for n in r) and 1 <= r[0] <= r[1]
                for r in pages
            )
        ):
            raise UsageError(f"pages must be (first, last) ranges or a string such as '1-3,5', not {pages!r}")
        lang = self.lang
        if not isinstance(lang, str) or not lang or any(c.isspace() for c in lang) or "" in lang.split("+"):
            raise UsageError(f"lang must be a language name such as 'vie' or 'vie+eng', not {lang!r}")
        dpi = self.dpi
        if isinstance(dpi, bool) or not isinstance(dpi, int) or not MIN_DPI <= dpi <= MAX_DPI:
            raise UsageError(f"dpi must be a whole number from {MIN_DPI} to {MAX_DPI}, not {dpi!r}")
        if self.preprocess is not None and not isinstance(self.preprocess, Preprocess):
            raise UsageError(f"preprocess must be a Preprocess or None, not {self.preprocess!r}")
        if not isinstance(self.limits, Limits):
            raise UsageError(f"limits must be a viplan_ocr.limits.Limits, not {self.limits!r}")
        get_engine(self.engine)  # raises UsageError naming the field and the choices


__all__ = ["MAX_DPI", "MIN_DPI", "ExtractConfig", "PageRanges", "parse_pages", "selects"]
