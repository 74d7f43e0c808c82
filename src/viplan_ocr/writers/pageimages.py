"""Page images for the review page: each page of a PDF or an image file, small, as a ``data:`` URI.

A person checks a doubtful word against the page it was read from, so the review page shows the
page beside its text. The page must work with no server and no network (an archivist opens it
from a shared folder, or from a mail), so every image is inside the HTML; at about 100 dpi and
JPEG quality 60 a scanned A4 page is some 100-200 KB, enough to read print and small enough for a
document of tens of pages. Text files and Word files have no page image: they were never printed.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from viplan_ocr.document import Page

#: The longer side of a page image, in pixels: about 100 dpi on A4.
MAX_SIDE = 1100
JPEG_QUALITY = 60


@dataclass(frozen=True, slots=True)
class PageImage:
    """A page's picture, and the page's size in the unit of its word boxes (to draw them over it)."""

    uri: str
    #: Width and height of the page in the unit of ``Word.box`` (``Page.dpi``; an image's pixels),
    #: or None when unknown (boxes are then not drawn).
    size: tuple[float, float] | None


def page_images(source: str | None, pages: tuple[Page, ...]) -> tuple[dict[int, PageImage], str | None]:
    """Each page's image by page number, and why there are none (None when there are).

    ``source`` is the file the pages were read from. A page that cannot be drawn is left out
    rather than failing the conversion: the review page still has its text.
    """
    if source is None:
        return {}, "no page images: the input came from standard input"
    path = Path(source)
    try:
        with path.open("rb") as handle:
            head = handle.read(16)
    except OSError as exc:
        return {}, f"no page images: {source} cannot be read ({exc.strerror})"
    from viplan_ocr.extract.image import is_image

    if head.startswith(b"%PDF"):
        return _pdf_pages(path, pages), None
    if is_image(head):
        return _image_pages(path, pages), None
    return {}, "no page images: the input is text (a text or Word file), which has no printed pages"


def _pdf_pages(path: Path, pages: tuple[Page, ...]) -> dict[int, PageImage]:
    """The PDF's pages drawn by pdfium (pdfplumber's renderer) at about 100 dpi."""
    import pypdfium2

    found: dict[int, PageImage] = {}
    try:
        document = pypdfium2.PdfDocument(str(path))
    except Exception:  # pdfium's own errors: a file extraction could read is rarely one it cannot open
        return found
    try:
        for page in pages:
            if not 1 <= page.number <= len(document):
                continue
            try:
                pdf_page = document[page.number - 1]
                width, height = pdf_page.get_size()
                scale = min(MAX_SIDE / max(width, height, 1), 150 / 72)
                image = pdf_page.render(scale=scale).to_pil()
            except Exception:  # a page pdfium cannot draw: no image for it
                continue
            size = None
            if page.dpi:  # boxes are in 1/dpi inch: points times dpi/72
                size = (width * page.dpi / 72, height * page.dpi / 72)
            found[page.number] = PageImage(_uri(image), size)
    finally:
        document.close()
    return found


def _image_pages(path: Path, pages: tuple[Page, ...]) -> dict[int, PageImage]:
    """An image file's frames, one per page, shrunk; boxes are in the frame's pixels as OCR read it."""
    from viplan_ocr.errors import ViplanError
    from viplan_ocr.extract.image import fit_pixels, load_frame
    from viplan_ocr.limits import DEFAULT_LIMITS

    found: dict[int, PageImage] = {}
    for page in pages:
        try:
            frame, dpi = load_frame(path, page.number - 1)
        except (ViplanError, OSError, EOFError):
            continue
        read, _ = fit_pixels(frame, dpi, DEFAULT_LIMITS.max_page_pixels)
        found[page.number] = PageImage(_uri(frame), (float(read.width), float(read.height)))
    return found


def _uri(image: Image.Image) -> str:
    """The image shrunk to :data:`MAX_SIDE`, as a JPEG ``data:`` URI (grey pages stay grey, a third the size)."""
    image = image.copy()
    image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    if image.mode not in ("L", "RGB"):
        image = image.convert("L" if image.mode in ("1", "I", "I;16", "F", "LA") else "RGB")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


__all__ = ["JPEG_QUALITY", "MAX_SIDE", "PageImage", "page_images"]
