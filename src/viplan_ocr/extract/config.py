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


@dataclass(frozen=True, slots=True)
class ExtractConfig:
    """The extraction settings.

    ``lang`` is the OCR language (``vie``, or several joined by ``+``: ``vie+eng``); ``dpi`` the
    resolution PDF pages are rendered at for OCR; ``preprocess`` the image clean-up before OCR
    (None: the engine sees the raw image); ``engine`` the name of an OCR engine in
    :data:`~viplan_ocr.extract.engine.ENGINES`; ``handwriting`` whether a scan's handwritten day
    and month are read (:mod:`~viplan_ocr.extract.handwriting`); ``limits`` the most one input may ask for
    (:class:`~viplan_ocr.limits.Limits`: pages, frames, pixels, text, archive sizes).

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

    def __post_init__(self) -> None:
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


__all__ = ["MAX_DPI", "MIN_DPI", "ExtractConfig"]
