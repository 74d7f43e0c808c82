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

import regex

from viplan_ocr.document import Document, Line, Page, PageSource
from viplan_ocr.errors import EmptyDocumentError, EncodingError, LimitExceededError
from viplan_ocr.extract import legacy
from viplan_ocr.extract.jobs import JobKind, PageJob
from viplan_ocr.extract.quality import vietnamese_score
from viplan_ocr.limits import DEFAULT_LIMITS, Limits, megabytes

SUFFIXES = frozenset({".txt", ".text", ".md"})
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
MIN_SCORE = 0.6  # share of Vietnamese-shaped words a single-byte reading needs to be believed
#: UTF-16 without a byte-order mark: at least this share of the bytes at one parity are NUL...
UTF16_NUL_SHARE = 0.3
#: ... and at most this share at the other (Vietnamese letters such as U+1EBF have no NUL byte).
UTF16_STRAY_NUL = 0.1
#: Control characters (C0 and C1 but tab, line feed and form feed): never text.
CONTROL = regex.compile(r"[\x00-\x08\x0b\x0d-\x1f\x7f-\x9f]")
#: More control characters than this share of the decoded text (and more than
#: MAX_STRAY_CONTROLS of them): binary data, not text. Random bytes read as text are 10-20% controls.
MAX_CONTROL_SHARE = 0.05
MAX_STRAY_CONTROLS = 8
#: The name standard input goes by in messages and documents.
STDIN = "-"


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
    text, encoding, removed = read_text_counted(path)
    return [PageJob(str(path), 1, JobKind.DONE, page=text_page(text, encoding, removed))]


def text_page(text: str, encoding: str, removed: int = 0) -> Page:
    """The one page of decoded text, with a warning when control characters were removed from it."""
    warnings = (f"removed {removed:,} control characters (NUL and the like): no text holds them",) if removed else ()
    return Page(
        number=1,
        source=PageSource.LEGACY_ENCODING if encoding in legacy.ENCODINGS else PageSource.TEXT,
        lines=tuple(Line(text=line) for line in text.split("\n")),
        encoding=encoding,
        routing=f"text file in {encoding}",
        warnings=warnings,
    )


def read_stdin(stream: BinaryIO, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Standard input as a one-page document, decoded and checked as a text file is.

    Standard input was once read as text in the locale's encoding: binary data came out as
    36 KB of "cleaned" garbage and exit 0. It is read as bytes, at most ``limits.max_text_bytes``
    of them, and refused (:class:`~viplan_ocr.errors.EncodingError`, exit 5) when it is not
    text in an encoding we can tell.
    """
    data = stream.read(limits.max_text_bytes + 1)
    if len(data) > limits.max_text_bytes:
        raise LimitExceededError(
            f"standard input holds over {megabytes(limits.max_text_bytes)}, the text limit", path=STDIN
        )
    text, encoding, removed = decode_text(data, STDIN)
    return Document(path=STDIN, pages=(text_page(text, encoding, removed),))


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
    utf16 = utf16_without_bom(data)
    if utf16 is not None:
        return utf16
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


def utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    r"""UTF-16 text saved without its byte-order mark, told by where its NUL bytes fall.

    Latin letters, digits and spaces (most of a Vietnamese text) have a NUL high byte in
    UTF-16: every other byte is NUL, at odd offsets in little-endian, even ones in big-endian.
    Read as UTF-8 instead, ASCII content passed as valid text with a NUL after each character
    (``" 2 0 2 1 - 2 0 2 2"``, exit 0).

    >>> utf16_without_bom("Năm học 2021-2022".encode("utf-16-le"))
    ('Năm học 2021-2022', 'utf-16-le')
    >>> utf16_without_bom("Năm học".encode("utf-8")) is None
    True
    """
    if len(data) < 4 or len(data) % 2:
        return None
    nul_even, nul_odd = data[0::2].count(0) * 2 / len(data), data[1::2].count(0) * 2 / len(data)
    if nul_odd >= UTF16_NUL_SHARE and nul_even <= UTF16_STRAY_NUL:
        name = "utf-16-le"
    elif nul_even >= UTF16_NUL_SHARE and nul_odd <= UTF16_STRAY_NUL:
        name = "utf-16-be"
    else:
        return None
    try:
        return data.decode(name), name
    except UnicodeDecodeError:
        return None


def remove_controls(text: str) -> tuple[str, int]:
    r"""The text without control characters, and how many there were.

    NUL and the other C0/C1 controls (tab, line feed and form feed aside) are no text: they come
    from binary junk or a broken conversion, and would reach the outputs (JSON escapes them,
    a terminal obeys them).

    >>> remove_controls("Kế\x00 hoạch\x07\tnăm\x0chọc")
    ('Kế hoạch\tnăm\x0chọc', 2)
    """
    cleaned, count = CONTROL.subn("", text)
    return cleaned, count


def decode_text(data: bytes, path: str | Path) -> tuple[str, str, int]:
    """Bytes as NFC text with ``\n`` line ends: (text, encoding found, control characters removed).

    Raises :class:`~viplan_ocr.errors.EmptyDocumentError` for no text, and
    :class:`~viplan_ocr.errors.EncodingError` when no encoding reads it with confidence, or
    when what it reads as is mostly control characters (binary data).
    """
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
    text, removed = remove_controls(text)
    if removed > MAX_STRAY_CONTROLS and removed > MAX_CONTROL_SHARE * (len(text) + removed):
        share = removed / (len(text) + removed)
        raise EncodingError(f"cannot tell the text encoding ({share:.0%} control characters: binary data?)", path=path)
    if not text.strip():
        raise EmptyDocumentError("the file holds no text", path=path)
    return text, encoding, removed


def read_text_counted(path: Path) -> tuple[str, str, int]:
    """A text file's content as NFC Unicode, the encoding found and the control characters removed."""
    return decode_text(path.read_bytes(), path)


def read_text(path: Path) -> tuple[str, str]:
    """A text file's content as NFC Unicode, and the encoding found."""
    text, encoding, _ = read_text_counted(path)
    return text, encoding


__all__ = [
    "SUFFIXES",
    "count_pages",
    "decode_bytes",
    "decode_text",
    "has_bom",
    "plan_text",
    "read_stdin",
    "read_text",
    "remove_controls",
    "text_page",
    "utf16_without_bom",
]
