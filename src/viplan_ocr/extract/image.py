"""Image files (PNG, JPEG, TIFF with any number of pages, ...): opened safely, one page per frame.

Pillow decodes lazily: ``Image.open`` reads only the header. So the size is checked before any
pixel is decoded (a 50 000 x 50 000 PNG of a few kilobytes would otherwise need 2.5 GB), and
every frame is decoded once while planning, so that a truncated file fails with a clear message
before any OCR work is spent on it.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO

from PIL import Image, ImageSequence, UnidentifiedImageError

from viplan_ocr.errors import ImageTooLargeError, UnreadableImageError
from viplan_ocr.extract.jobs import JobKind, PageJob
from viplan_ocr.limits import DEFAULT_LIMITS, Limits, megapixels

SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif", ".webp"})
MAX_PIXELS = 150_000_000  # an A4 page at 1200 dpi is 140 MP; Pillow itself refuses 179 MP
#: PNG, JPEG, TIFF (both byte orders), GIF.
_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"GIF87a", b"GIF89a")
#: The sizes of a BMP's second header, which follows its 14-byte file header: "BM" alone is too
#: weak a sign, as a text file may well start with "BM" (a "biểu mẫu" form number).
_BMP_INFO_SIZES = frozenset({12, 40, 52, 56, 64, 108, 124})


def is_image(head: bytes) -> bool:
    r"""Whether a file's first bytes are those of an image format Pillow reads.

    >>> is_image(b"\x89PNG\r\n\x1a\n"), is_image(b"RIFF\x10\x00\x00\x00WEBPVP8 "), is_image(b"BM-01/KH")
    (True, True, False)
    """
    if head.startswith(_MAGIC):
        return True
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return True
    return head.startswith(b"BM") and int.from_bytes(head[14:18], "little") in _BMP_INFO_SIZES


def _open(path: Path) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(path)
    except Image.DecompressionBombError as exc:
        raise ImageTooLargeError(f"the image is too large to decode safely ({exc})", path=path) from exc
    except UnidentifiedImageError as exc:
        # Pillow's message names the path it opened, which in a batch is a temporary work copy.
        raise UnreadableImageError("not a readable image (unknown format or damaged data)", path=path) from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise UnreadableImageError(f"not a readable image ({exc})", path=path) from exc
    width, height = image.size
    if width * height > MAX_PIXELS:
        image.close()
        raise ImageTooLargeError(
            f"the image is {width}x{height} pixels ({width * height / 1e6:.0f} MP), too large to decode safely",
            path=path,
            hint=f"downscale it below {MAX_PIXELS // 1_000_000} megapixels (300 dpi is plenty for OCR)",
        )
    return image


def count_pages(source: Path | BinaryIO) -> int:
    """The number of frames the header announces, without decoding any (for a progress bar).

    Raises Pillow's errors for a file it cannot open; callers estimating treat that as one page.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        with Image.open(source) as image:
            return getattr(image, "n_frames", 1)


def plan_image(path: Path, dpi: int, limits: Limits = DEFAULT_LIMITS) -> list[PageJob]:
    """One OCR job per frame, after decoding each frame once (a truncated file fails here, cheaply).

    ``dpi`` is unused: an image is read at its own resolution, unless it has more pixels than
    ``limits.max_page_pixels``: then it is downscaled to that before OCR, with a page warning.
    """
    with _open(path) as image:
        width, height = image.size
    warnings: tuple[str, ...] = ()
    if width * height > limits.max_page_pixels:
        warnings = (
            f"image is {width}x{height} pixels ({megapixels(width * height)}): downscaled to the "
            f"{megapixels(limits.max_page_pixels)} page limit before OCR",
        )
    job = PageJob(str(path), 0, JobKind.IMAGE, dpi, routing="image file", warnings=warnings)
    job = replace(job, max_pixels=limits.max_page_pixels)
    return [replace(job, number=n) for n in range(1, count_frames(path) + 1)]


def count_frames(path: Path) -> int:
    """How many pages the image holds, after decoding each one to be sure it is readable."""
    image = _open(path)
    with image:
        frames = 0
        try:
            for frame in ImageSequence.Iterator(image):
                frame.load()
                frames += 1
        except (OSError, SyntaxError, ValueError) as exc:
            raise UnreadableImageError(f"the image data is damaged or truncated ({exc})", path=path) from exc
    if not frames:
        raise UnreadableImageError("the image has no frames", path=path)
    return frames


def render_job(job: PageJob) -> tuple[Image.Image, int | None]:
    """The frame a planned job OCRs, with the resolution the file states (the reader's ``render``),
    downscaled to the job's pixel limit if it is over it."""
    frame, dpi = load_frame(job.path, job.number - 1)
    return fit_pixels(frame, dpi, job.max_pixels)


def fit_pixels(frame: Image.Image, dpi: int | None, max_pixels: int | None) -> tuple[Image.Image, int | None]:
    """The frame downscaled to at most ``max_pixels`` pixels, and its resolution scaled alike.

    OCR and its preprocessing cost about 18 bytes a pixel: a 150-megapixel scan would need
    2.7 GB, while text stays readable at a fraction of those pixels.

    >>> fit_pixels(Image.new("L", (4000, 3000)), 600, 3_000_000)[0].size
    (2000, 1500)
    """
    width, height = frame.size
    if max_pixels is None or width * height <= max_pixels:
        return frame, dpi
    scale = math.sqrt(max_pixels / (width * height))
    size = (max(1, math.floor(width * scale)), max(1, math.floor(height * scale)))
    return frame.resize(size, Image.Resampling.LANCZOS), None if dpi is None else max(1, round(dpi * scale))


def load_frame(path: str | Path, frame: int = 0) -> tuple[Image.Image, int | None]:
    """One frame (0-based) decoded in memory, and its resolution in dpi when the file says."""
    image = _open(Path(path))
    with image:
        try:
            image.seek(frame)
            image.load()
        except (EOFError, OSError, SyntaxError, ValueError) as exc:
            raise UnreadableImageError(f"cannot decode page {frame + 1} ({exc})", path=path) from exc
        dpi = image.info.get("dpi")
        copy = image.copy()
    return copy, round(float(dpi[0])) if dpi and dpi[0] else None


__all__ = [
    "MAX_PIXELS",
    "SUFFIXES",
    "count_frames",
    "count_pages",
    "fit_pixels",
    "is_image",
    "load_frame",
    "plan_image",
]
