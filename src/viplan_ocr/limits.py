"""Resource limits: how much work one input may ask for, all defaults in one place.

A few hundred bytes can ask for gigabytes: a 451-byte PDF whose page is 50 inches square needs
225 megapixels at 300 dpi (4 GB and a minute of rendering), a 144 KB GIF holds 3,000 frames, a
1 MB zip unpacks to 1 GB of text. Every limit below is checked *before* the work it bounds, from
what the file declares (page size, frame count, archive directory) or from its length, so an input
over a limit costs milliseconds and fails with its own one-line reason
(:class:`~viplan_ocr.errors.LimitExceededError`, exit 3; in a batch, a failed record while the
rest goes on). The defaults keep one input under about 1 GB of memory; raise them in
:class:`Limits` (``ExtractConfig(limits=Limits(max_pages=5000))``) for unusual inputs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields

from viplan_ocr.errors import UsageError

_MIB = 1 << 20


@dataclass(frozen=True, slots=True)
class Limits:
    """The most one input may hold; an input over one fails, except a page too large at the dpi.

    ``max_page_pixels``: pixels of one page image. A PDF page over it at the chosen dpi is
    rendered at the highest dpi that fits (at least ``min_render_dpi``), with a page warning; a
    page that does not fit even then (a 200-inch poster) fails the document. An image larger
    than this is downscaled to fit before OCR, with a page warning. 40 MP is an A4 page at
    600 dpi; rendering and OCR cost about 18 bytes a pixel.

    >>> Limits(max_pages=0)
    Traceback (most recent call last):
    ...
    viplan_ocr.errors.UsageError: limit max_pages must be a positive whole number, not 0
    """

    max_page_pixels: int = 40_000_000
    #: The lowest dpi a too-large PDF page is rendered at before it is refused instead.
    min_render_dpi: int = 72
    #: Pages of one PDF (each page is routed, and maybe OCR'd, at ~2 s a page).
    max_pages: int = 2_000
    #: Frames of one image file (a multi-page TIFF is a scanned document; each frame is OCR'd).
    max_frames: int = 500
    #: Bytes of one text file (or of standard input), checked before it is read. Cleaning is
    #: linear, but a document keeps every line, word and change: through ``viplan-ocr clean``
    #: or a batch a text costs about 100 MB and 40 s of CPU a megabyte (2 MB: 450 MB, 80 s).
    max_text_bytes: int = 6 * _MIB
    #: Unpacked bytes of one archive member (a real scanned plan is tens of megabytes).
    max_member_bytes: int = 512 * _MIB
    #: Unpacked bytes of all the members of one archive together.
    max_archive_bytes: int = 4096 * _MIB
    #: Unpacked size over packed size of a member; only members over ``ratio_floor_bytes``
    #: unpacked are judged, as a small text file may compress very well.
    max_compression_ratio: int = 100
    ratio_floor_bytes: int = 16 * _MIB

    def __post_init__(self) -> None:
        """Refuse a value that would disable a limit by accident (0, negative, a float, a bool)."""
        for field in fields(self):
            value = getattr(self, field.name)
            if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                raise UsageError(f"limit {field.name} must be a positive whole number, not {value!r}")

    def render_dpi(self, width_pt: float, height_pt: float, dpi: int) -> int | None:
        """The dpi a page of that size (in points) is rendered at: ``dpi``, or the highest that
        keeps it under ``max_page_pixels``; None when even ``min_render_dpi`` does not.

        >>> limits = Limits()  # an A4 page, a 50-inch one, a 200-inch one
        >>> limits.render_dpi(595, 842, 300), limits.render_dpi(3600, 3600, 300), limits.render_dpi(14400, 14400, 300)
        (300, 126, None)
        """
        square_inches = max(width_pt, 1.0) * max(height_pt, 1.0) / 72**2
        if square_inches * dpi * dpi <= self.max_page_pixels:
            return dpi
        fitting = math.floor(math.sqrt(self.max_page_pixels / square_inches))
        return fitting if fitting >= self.min_render_dpi else None


#: The limits every caller gets unless it passes its own.
DEFAULT_LIMITS = Limits()


def megapixels(pixels: float) -> str:
    """A pixel count as users read it.

    >>> megapixels(40_000_000)
    '40 MP'
    """
    return f"{pixels / 1e6:,.0f} MP"


def megabytes(size: float) -> str:
    """A byte count as users read it.

    >>> megabytes(512 * 2**20)
    '512 MB'
    """
    return f"{size / _MIB:,.0f} MB"


__all__ = ["DEFAULT_LIMITS", "Limits", "megabytes", "megapixels"]
