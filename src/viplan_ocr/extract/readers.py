"""The readers: one per file format, and :func:`sniff`, which picks the one a file needs.

A reader knows its format's suffixes, how to recognise its content from the first bytes, how to
count pages cheaply (for a batch's progress bar), how to plan a file into page jobs
(:class:`~viplan_ocr.extract.jobs.PageJob`) and how to render a page that needs OCR. Everything
else asks this registry: extraction (:func:`~viplan_ocr.extract.pages.plan_pages`), and a batch
deciding which files of a folder are inputs (:func:`suffixes`).

Adding a format is one module with those functions and one entry in :data:`READERS`. The entry's
place matters only for suffixes two readers share: the first one listed wins.

Content wins over the name: a scan saved as ``.doc`` is read as the PDF it is, and a Word file
named ``.pdf`` is read as the Word file it is. Files that say nothing about themselves (plain
text without a byte-order mark) are taken by their suffix.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from viplan_ocr.errors import UnsupportedFormatError
from viplan_ocr.extract import image, pdf, textfile, word
from viplan_ocr.extract.jobs import PageJob
from viplan_ocr.limits import Limits

if TYPE_CHECKING:
    from PIL import Image

#: How many bytes :func:`sniff` reads: a PDF header may follow some junk.
HEAD_BYTES = 1024
_CONVERT_HINT = "convert it to PDF first, e.g. libreoffice --headless --convert-to pdf FILE"


@dataclass(frozen=True, slots=True)
class Reader:
    """One file format: how to recognise it, count its pages and plan its page jobs."""

    name: str
    #: Lower-case suffixes with their dot; a batch picks up files with these.
    suffixes: frozenset[str]
    #: Whether the first :data:`HEAD_BYTES` bytes of a file are this format's.
    sniff: Callable[[bytes], bool]
    #: Pages in a file (or an archive member's bytes), cheaply: a progress bar's estimate.
    count_pages: Callable[[Path | BinaryIO], int]
    #: Open a file and plan its pages at a dpi within the limits; raises an ExtractError for a bad file.
    plan: Callable[[Path, int, Limits], list[PageJob]]
    #: The image of a page that needs OCR, and its resolution when known (None for formats
    #: whose pages never need OCR). Runs in a worker process.
    render: Callable[[PageJob], tuple[Image.Image, int | None]] | None = None
    #: Whether ``plan`` also takes the keywords ``pages`` and ``force_ocr``
    #: (:class:`~viplan_ocr.extract.config.ExtractConfig`): a PDF's does, so that pages left out
    #: are never routed (0.1 s each) and pages with a text layer can be sent to OCR. Another
    #: reader's pages are selected after planning, and ``force_ocr`` changes nothing for it (an
    #: image is OCR'd anyway; text and Word files have no image).
    takes_page_options: bool = False


def _one_page(source: Path | BinaryIO) -> int:
    return 1


def _refuse_office(path: Path, dpi: int, limits: Limits) -> list[PageJob]:
    """Other office files are recognised only to be refused with a hint, not skipped silently."""
    raise UnsupportedFormatError(f"a {path.suffix.lower()} file cannot be read directly", path=path, hint=_CONVERT_HINT)


#: Every format, by name, in the order :func:`sniff` tries them.
READERS: dict[str, Reader] = {
    reader.name: reader
    for reader in (
        Reader("pdf", pdf.SUFFIXES, pdf.is_pdf, pdf.count_pages, pdf.plan_pdf, pdf.render_job, takes_page_options=True),
        Reader("image", image.SUFFIXES, image.is_image, image.count_pages, image.plan_image, image.render_job),
        # Before text: Word HTML often starts with a UTF-8 byte-order mark.
        Reader("word", word.SUFFIXES, word.is_word, word.count_pages, word.plan_word),
        Reader("text", textfile.SUFFIXES, textfile.has_bom, textfile.count_pages, textfile.plan_text),
        # Last: a batch gives these a failed record with the hint, instead of skipping them silently.
        Reader("office", frozenset({".odt", ".rtf"}), lambda head: False, _one_page, _refuse_office),
    )
}


def suffixes() -> frozenset[str]:
    """Every suffix some reader takes: the files a batch picks up in a folder."""
    return frozenset().union(*(reader.suffixes for reader in READERS.values()))


def sniff(path: str | Path, head: bytes | None = None) -> Reader:
    """The reader for a file: by its first bytes, else by its suffix.

    ``head`` is the file's first bytes when it is not on disk (an archive member); otherwise they
    are read from ``path``. Raises :class:`~viplan_ocr.errors.UnsupportedFormatError` when no
    reader knows the file.
    """
    path = Path(path)
    if head is None:
        with path.open("rb") as handle:
            head = handle.read(HEAD_BYTES)
    for reader in READERS.values():
        if reader.sniff(head):
            return reader
    suffix = path.suffix.lower()
    for reader in READERS.values():
        if suffix in reader.suffixes:
            return reader
    raise UnsupportedFormatError(f"unsupported file type {suffix or '(no suffix)'!r}", path=path, hint=_CONVERT_HINT)


__all__ = ["HEAD_BYTES", "READERS", "Reader", "sniff", "suffixes"]
