"""Plain-text files: UTF-8 (with or without BOM), UTF-16 (with BOM), cp1258, or a legacy font's bytes.

Plans come as text files saved by Notepad (UTF-8 with a BOM, or "Unicode", i.e. UTF-16 with a
BOM), by old Windows programs (cp1258, Windows' Vietnamese code page, which writes tones as
combining marks: ``Tiê\u0301ng`` rather than ``Tiếng``, so the result is normalised to NFC), or
typed with TCVN3/VNI/VISCII fonts, whose bytes read as Latin-1 look like ``KÕ ho¹ch``.

The order matters: a BOM is proof; then strict UTF-8, which random legacy bytes almost never
pass; then the single-byte candidates, judged by how Vietnamese each reading looks. Legacy text
is also looked for inside UTF-8: copied out of an old document through Latin-1, ``KÕ ho¹ch``
arrives as valid UTF-8 and still needs decoding.
"""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path
from typing import BinaryIO

from viplan_ocr.document import Line, Page, PageSource
from viplan_ocr.errors import EmptyDocumentError, EncodingError, LimitExceededError
from viplan_ocr.extract import legacy
from viplan_ocr.extract.jobs import JobKind, PageJob
from viplan_ocr.extract.quality import vietnamese_score
from viplan_ocr.limits import DEFAULT_LIMITS, Limits, megabytes

SUFFIXES = frozenset({".txt", ".text", ".md"})
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
MIN_SCORE = 0.6  # share of Vietnamese-shaped words a single-byte reading needs to be believed


def has_bom(head: bytes) -> bool:
    """Whether a file starts with a UTF-8 or UTF-16 byte-order mark: text, whatever its name.

    Text has no other signature: a file without one is taken for text by its suffix only.
    """
    return head.startswith(tuple(bom for bom, _ in _BOMS))


def count_pages(source: Path | BinaryIO) -> int:
    """A text file is one page."""
    return 1


def plan_text(path: Path, dpi: int, limits: Limits = DEFAULT_LIMITS) -> list[PageJob]:
    """The file's one page, decoded now (no OCR); ``dpi`` is unused.

    A file over ``limits.max_text_bytes`` is refused before it is read: a gigabyte of text
    (unpacked from a one-megabyte zip) would take hours to clean.
    """
    size = path.stat().st_size
    if size > limits.max_text_bytes:
        raise LimitExceededError(
            f"the text file is {megabytes(size)}, over the {megabytes(limits.max_text_bytes)} text limit", path=path
        )
    text, encoding = read_text(path)
    page = Page(
        number=1,
        source=PageSource.LEGACY_ENCODING if encoding in legacy.ENCODINGS else PageSource.TEXT,
        lines=tuple(Line(text=line) for line in text.split("\n")),
        encoding=encoding,
        routing=f"text file in {encoding}",
    )
    return [PageJob(str(path), 1, JobKind.DONE, page=page)]


def decode_bytes(data: bytes) -> tuple[str, str]:
    """The text and the encoding it was found in (``utf-8``, ``cp1258``, ``tcvn3``, ...).

    >>> decode_bytes("Kế hoạch".encode("utf-8-sig"))
    ('Kế hoạch', 'utf-8-sig')
    >>> decode_bytes("Kê\u0301 hoa\u0323ch năm ho\u0323c".encode("cp1258"))  # tones as combining marks
    ('Kế hoạch năm học', 'cp1258')

    Raises:
        ValueError: when no candidate gives believable text.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data.decode(name), name
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in data:
        raise ValueError("NUL bytes without a UTF-16 byte-order mark: a binary file?")
    latin = data.decode("latin-1")
    readings = {name: legacy.decode(latin, name) for name in legacy.ENCODINGS}
    readings["cp1258"] = unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))
    scores = {name: vietnamese_score(text) for name, text in readings.items()}
    best = max(scores, key=lambda name: scores[name])
    if scores[best] >= MIN_SCORE:
        return readings[best], best
    raise ValueError("not UTF-8, UTF-16, cp1258, TCVN3, VNI or VISCII")


def read_text(path: Path) -> tuple[str, str]:
    """A text file's content as NFC Unicode, and the encoding found."""
    data = path.read_bytes()
    if not data.strip():
        raise EmptyDocumentError("the file is empty", path=path)
    try:
        text, encoding = decode_bytes(data)
    except ValueError as exc:
        raise EncodingError(f"cannot tell the text encoding ({exc})", path=path) from exc
    if encoding not in legacy.ENCODINGS and (found := legacy.detect(text)):
        # Legacy text that went through a Latin-1 round trip on its way to UTF-8 ("KÕ ho¹ch").
        text, encoding = legacy.decode(text, found), found
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise EmptyDocumentError("the file holds no text", path=path)
    return text, encoding


__all__ = ["SUFFIXES", "count_pages", "decode_bytes", "has_bom", "plan_text", "read_text"]
