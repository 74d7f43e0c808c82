"""What extraction needs from an OCR engine, and the registry of engines by name.

An engine turns a page image into lines of words with boxes and confidences. Everything around
that (preprocessing, mapping boxes back onto the page, the sideways-page retry, the page's mean
confidence) is the engine's caller, :func:`~viplan_ocr.extract.ocr.ocr_image`, so that every
engine gets it. Adding an engine is one module with a class like
:class:`~viplan_ocr.extract.tesseract.Tesseract` and one entry in :data:`ENGINES`.

An engine that runs programs passes them their environment itself: it never changes the
caller's ``os.environ``, which belongs to the application that imported us.
"""

from __future__ import annotations

from typing import Protocol

from PIL import Image

from viplan_ocr.document import Line, Word
from viplan_ocr.errors import UsageError
from viplan_ocr.extract.tesseract import Tesseract


class OcrEngine(Protocol):
    """An OCR engine, as :func:`~viplan_ocr.extract.ocr.ocr_image` uses it."""

    #: The name ``ExtractConfig(engine=...)`` and ``--engine`` know it by.
    name: str

    def check(self, lang: str) -> None:
        """Raise a :class:`~viplan_ocr.errors.MissingDependencyError` subclass, with what to
        install, when the engine or its data for ``lang`` (``vie``, ``vie+eng``) is missing."""

    def read(self, image: Image.Image, *, lang: str, dpi: int | None = None, layout: str = "page") -> tuple[Line, ...]:
        """The text of ``image`` as lines in reading order, paragraphs numbered in ``Line.block``,
        each with its words (confidence 0-100) and boxes in the image's pixels. ``dpi`` is the
        image's resolution when known. ``layout`` says what the image holds: ``page`` (a page,
        its layout to be analysed), ``column`` (one column of text), ``block`` (one uniform
        block of text) or ``sparse`` (text scattered among other marks, as much as can be
        found); an engine without such modes reads every image as a page."""

    def read_line(self, image: Image.Image, *, lang: str, characters: str | None = None) -> tuple[Word, ...]:
        """The words of ``image`` read as one line of print, with confidences; only
        ``characters`` when given (a field that holds digits). Used for the small fields an
        e-signature draws, where a page layout analysis finds nothing to lay out."""

    def orientation(self, image: Image.Image) -> int:
        """Degrees (0, 90, 180, 270) to turn ``image`` counter-clockwise so its text stands
        upright; 0 when the engine cannot tell."""


#: Every engine, by name; the first is the default.
ENGINES: dict[str, OcrEngine] = {engine.name: engine for engine in (Tesseract(),)}
DEFAULT_ENGINE = "tesseract"


def get_engine(name: str) -> OcrEngine:
    """The engine called ``name``; :class:`~viplan_ocr.errors.UsageError` naming the choices if none is."""
    try:
        return ENGINES[name]
    except (KeyError, TypeError):
        raise UsageError(f"engine: unknown OCR engine {name!r}; choose from {', '.join(ENGINES)}") from None


__all__ = ["DEFAULT_ENGINE", "ENGINES", "OcrEngine", "get_engine"]
