"""Extraction: a file in, a :class:`~viplan_ocr.document.Document` out, page by page.

First version: UTF-8 text files, PDF text layers via pdfplumber, and Tesseract OCR of PDF pages
without text and of images. Per-page routing on text-layer coverage, legacy encodings and
preprocessing come in the extractors issue.
"""

from __future__ import annotations

from pathlib import Path

from viplan_ocr.document import Document, Line, Page, PageSource
from viplan_ocr.errors import CorruptFileError, EmptyDocumentError, FileMissingError, UnsupportedFormatError

TEXT_SUFFIXES = {".txt", ".text", ".md"}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif", ".webp"}


def extract(path: str | Path, *, lang: str = "vie", dpi: int = 300) -> Document:
    """Read a PDF, image or text file into a document with one entry per page."""
    path = Path(path)
    if not path.is_file():
        raise FileMissingError("no such file", path=path)
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return _extract_text(path)
    if suffix == ".pdf":
        return _extract_pdf(path, lang=lang, dpi=dpi)
    if suffix in IMAGE_SUFFIXES:
        from PIL import Image

        with Image.open(path) as image:
            return Document(path=str(path), pages=(_ocr_page(image, 1, lang),))
    raise UnsupportedFormatError(f"unsupported file type {suffix or '(none)'!r}", path=path)


def _extract_text(path: Path) -> Document:
    text = path.read_text(encoding="utf-8")
    if not text.strip():
        raise EmptyDocumentError("the file is empty", path=path)
    return Document.from_text(text, path=str(path))


def _extract_pdf(path: Path, *, lang: str, dpi: int) -> Document:
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        pdf = pdfplumber.open(path)
    except PDFSyntaxError as exc:
        raise CorruptFileError(f"not a readable PDF ({exc})", path=path) from exc
    pages: list[Page] = []
    with pdf:
        if not pdf.pages:
            raise EmptyDocumentError("the PDF has no pages", path=path)
        for number, page in enumerate(pdf.pages, start=1):
            text = page.extract_text() or ""
            if text.strip():
                lines = tuple(Line(text=t) for t in text.split("\n"))
                pages.append(Page(number=number, source=PageSource.TEXT_LAYER, lines=lines))
            else:
                image = page.to_image(resolution=dpi).original
                pages.append(_ocr_page(image, number, lang))
    return Document(path=str(path), pages=tuple(pages))


def _ocr_page(image: object, number: int, lang: str) -> Page:
    import pytesseract

    text = pytesseract.image_to_string(image, lang=lang)
    lines = tuple(Line(text=t) for t in text.rstrip("\n").split("\n"))
    return Page(number=number, source=PageSource.OCR, lines=lines)


__all__ = ["extract"]
