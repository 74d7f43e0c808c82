"""Standard input read as a file is: sniffed by its first bytes, so a PDF piped in is read as a PDF.

``viplan-ocr clean - < scan.pdf`` once decoded the PDF's bytes as text and refused them as binary
(exit 5): only text could be piped. Now the first bytes pick the reader, as they do for a file
(:func:`~viplan_ocr.extract.readers.sniff`). A PDF, an image or a Word file is copied to a
temporary file (pdfium, Pillow and LibreOffice want a file they can seek in) and extracted from
there with every option (``--pages``, ``--force-ocr``) applied as for a file; anything else is
decoded as text (:func:`~viplan_ocr.extract.textfile.read_stdin`), which refuses binary junk
with one line (exit 5). Either way the document and every message name it ``-``.
"""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO

from viplan_ocr.document import Document
from viplan_ocr.errors import CorruptFileError, LimitExceededError, UnsupportedFormatError, UsageError, ViplanError
from viplan_ocr.extract import extract
from viplan_ocr.extract.config import ExtractConfig, selects
from viplan_ocr.extract.readers import HEAD_BYTES, READERS
from viplan_ocr.extract.tesseract import TEMP_PREFIX
from viplan_ocr.extract.textfile import STDIN, read_stdin
from viplan_ocr.limits import megabytes

#: The signature of a ZIP file, which a ``.docx`` is.
ZIP_MAGIC = b"PK\x03\x04"


def extract_stdin(stream: BinaryIO, config: ExtractConfig | None = None) -> Document:
    """The document piped in on ``stream`` (``sys.stdin.buffer``), read as its first bytes say.

    A binary format is spooled to a temporary folder named like the OCR engine's
    (``viplan-ocr-<pid>-...``), so that one left by ``kill -9`` is swept by the next run; it is
    refused past ``limits.max_member_bytes``, the size of the largest archive member a batch reads.
    """
    config = config or ExtractConfig()
    head = stream.read(HEAD_BYTES)
    reader = next((r for r in READERS.values() if r.sniff(head)), None)
    packaged = reader is None and head.startswith(ZIP_MAGIC)  # a .docx whose word/ parts come late
    if (reader is None or reader.name == "text") and not packaged:  # no signature (or a BOM): text
        if not selects(config.pages, 1):
            raise UsageError("--pages selects none of its 1 page(s)", path=STDIN)
        rest = stream.read(max(config.limits.max_text_bytes + 1 - len(head), 0))
        return read_stdin(io.BytesIO(head + rest), config.limits)
    limit = config.limits.max_member_bytes
    with tempfile.TemporaryDirectory(prefix=f"{TEMP_PREFIX}{os.getpid()}-") as folder:
        path = Path(folder) / f"standard-input{min(reader.suffixes) if reader else '.zip'}"
        with path.open("wb") as spool:
            spool.write(head)
            left = limit + 1 - len(head)  # one byte over the limit tells a file over it; a pipe may never end
            while left > 0 and (chunk := stream.read(min(left, 1 << 20))):
                spool.write(chunk)
                left -= len(chunk)
        if path.stat().st_size > limit:
            raise LimitExceededError(f"standard input holds over {megabytes(limit)}, the file limit", path=STDIN)
        if packaged:
            path = path.rename(path.with_suffix(_package_suffix(path)))
        try:
            document = extract(path, config)
        except ViplanError as exc:
            if exc.path is not None:  # the temporary copy means nothing to the user
                exc.path = STDIN
            raise
    return replace(document, path=STDIN)


def _package_suffix(path: Path) -> str:
    """``.docx`` for a ZIP package holding a Word document; else a plain error.

    A file on disk whose first kilobyte names no ``word/`` part is still known by its suffix
    (python-docx writes ``[Content_Types].xml`` first, compressed); standard input has no suffix,
    so the package's table of contents is read instead.
    """
    try:
        with zipfile.ZipFile(path) as package:
            names = set(package.namelist())
    except zipfile.BadZipFile as exc:
        raise CorruptFileError(f"a damaged ZIP file ({exc})", path=STDIN) from exc
    if "word/document.xml" in names:
        return ".docx"
    raise UnsupportedFormatError(
        "a .zip archive holds many files",
        path=STDIN,
        hint="save it, then convert them all with: viplan-ocr batch FILE OUT",
    )


__all__ = ["extract_stdin"]
