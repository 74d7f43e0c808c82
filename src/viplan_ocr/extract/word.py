"""Word files, whatever their kind: ``.docx``, Word 97-2003 ``.doc``, and Word HTML named ``.doc``.

The three are told apart by content, never by name (offices rename freely): a ZIP package is a
``.docx`` (:mod:`.docxfile`), an OLE compound file holding a ``WordDocument`` stream is a
Word 97-2003 file, converted by LibreOffice (:mod:`.soffice`) and then read as a ``.docx``, and
HTML is a web page Word saved (:mod:`.wordhtml`). All three end in the same shape
(:mod:`.wordtext`) and make one :class:`~viplan_ocr.document.Page`: a Word file has no pages until
it is laid out for printing, and the parser needs none.

The page's source is ``text-layer`` (the text is the file's own characters, as a PDF's text
layer is) or ``legacy-encoding`` when legacy-font runs were decoded, with the encodings found in
``Page.encoding`` (``tcvn3``, ``vni+tcvn3``), as for a legacy PDF.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import BinaryIO

from viplan_ocr.errors import CorruptFileError, EmptyDocumentError, UnsupportedFormatError
from viplan_ocr.extract import docxfile, soffice, wordhtml
from viplan_ocr.extract.jobs import JobKind, PageJob
from viplan_ocr.extract.wordtext import Block, body_page
from viplan_ocr.limits import DEFAULT_LIMITS, Limits

SUFFIXES = frozenset({".doc", ".docx", ".docm", ".dot", ".dotx"})
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .xls, .ppt (Office 97-2003)
_ZIP_MAGIC = b"PK\x03\x04"
#: The stream every Word 97-2003 file holds, as its OLE directory spells it (UTF-16).
_WORD_STREAM = "WordDocument".encode("utf-16-le")


def is_docx(head: bytes) -> bool:
    """Whether the first bytes are a ZIP package with Word parts (``word/document.xml``).

    A ``.docx`` usually lists ``[Content_Types].xml`` first and its ``word/`` parts soon after;
    a ZIP whose first kilobyte names no ``word/`` part falls back to the suffix.
    """
    return head.startswith(_ZIP_MAGIC) and b"word/" in head


def is_word(head: bytes) -> bool:
    """Whether the first bytes are a Word file of any kind (an OLE file is checked further in :func:`plan_word`)."""
    return is_docx(head) or head.startswith(OLE_MAGIC) or wordhtml.is_word_html(head)


def count_pages(source: Path | BinaryIO) -> int:
    """A Word file is read as one page."""
    return 1


def read_word(path: Path) -> tuple[tuple[Block, ...], str]:
    """A Word file's body blocks and how it was read (the page's routing)."""
    with path.open("rb") as handle:
        head = handle.read(4096)
    if head.startswith(_ZIP_MAGIC):
        return docxfile.read_docx(path), "Word document (.docx)"
    if head.startswith(OLE_MAGIC):
        if _WORD_STREAM not in path.read_bytes():
            raise UnsupportedFormatError(
                "an Office 97-2003 file that is not a Word document (Excel? PowerPoint?)", path=path
            )
        with tempfile.TemporaryDirectory(prefix="viplan-soffice-") as work:
            converted = soffice.to_docx(path, Path(work))
            return docxfile.read_docx(converted), "Word 97-2003 document, converted by LibreOffice"
    if wordhtml.is_html(head):
        return wordhtml.read_html(path), "Word document saved as HTML"
    raise CorruptFileError("not a readable Word document (neither .docx, Word 97-2003 nor Word HTML)", path=path)


def plan_word(path: Path, dpi: int, limits: Limits = DEFAULT_LIMITS) -> list[PageJob]:
    """The file's one page, read now (no OCR); ``dpi`` and ``limits`` are unused."""
    blocks, routing = read_word(path)
    page = body_page(blocks, routing)
    if not any(line.text.strip() for line in page.lines):
        raise EmptyDocumentError("the Word document holds no text", path=path)
    return [PageJob(str(path), 1, JobKind.DONE, page=page)]


__all__ = ["OLE_MAGIC", "SUFFIXES", "count_pages", "is_docx", "is_word", "plan_word", "read_word"]
