"""A page's work as a small picklable value: what the readers plan and the workers run.

Kept apart from :mod:`.pages` so that every reader module (:mod:`.pdf`, :mod:`.image`,
:mod:`.textfile`, ...) can build jobs without importing the registry that imports them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from viplan_ocr.document import Line, Page
from viplan_ocr.extract.widgets import Widget


class JobKind(StrEnum):
    """What a job still needs done."""

    DONE = "done"  # the page is resolved (text layer, legacy decoding, plain text)
    PDF_PAGE = "pdf-page"  # rasterise a PDF page, then OCR it
    IMAGE = "image"  # OCR one frame of an image file


@dataclass(frozen=True, slots=True)
class PageJob:
    """One page's work: small and picklable, so it can be sent to another process."""

    path: str
    number: int  # 1-based page number in the file
    kind: JobKind
    dpi: int = 300
    page: Page | None = None  # the finished page, for DONE jobs
    routing: str | None = None  # why the page goes to OCR
    keep: tuple[Line, ...] = ()  # exact text-layer lines (boxes in points) to keep on an OCR'd page
    #: The lines of the notes typed over a scan (FreeText annotations; boxes in points), which
    #: take the place of OCR's reading of them.
    notes: tuple[Line, ...] = ()
    reader: str = ""  # the name of the reader that planned it, which also renders it for OCR
    widgets: tuple[Widget, ...] = ()  # signature fields whose drawings are read on a text-layer page
    #: Warnings planning found (a page rendered below the asked dpi to stay under the pixel limit),
    #: added to the finished page's.
    warnings: tuple[str, ...] = ()
    #: An image file's frame larger than this is downscaled to it before OCR (None: no limit).
    max_pixels: int | None = None

    @property
    def needs_ocr(self) -> bool:
        """Whether running this job costs OCR time."""
        return self.kind is not JobKind.DONE or bool(self.widgets)


__all__ = ["JobKind", "PageJob"]
