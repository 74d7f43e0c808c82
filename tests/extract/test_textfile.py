"""Plain-text inputs in every encoding a Vietnamese office has produced."""

from __future__ import annotations

import io
import os
import random
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

import viplan_ocr
from viplan_ocr.document import PageSource
from viplan_ocr.errors import EmptyDocumentError, EncodingError, ExitCode
from viplan_ocr.extract import extract, legacy
from viplan_ocr.extract.textfile import decode_bytes


@pytest.fixture(scope="module")
def plan_text(seeds) -> str:
    return unicodedata.normalize("NFC", seeds["clean"].read_text(encoding="utf-8"))


def to_cp1258(text: str) -> bytes:
    """Windows-1258 as Word wrote it: base letters (with â ă ê ô ơ ư đ precomposed) plus tone marks."""
    out = []
    for char in text:
        decomposed = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in "\u0300\u0301\u0303\u0309\u0323"))
        tones = "".join(c for c in decomposed if c in "\u0300\u0301\u0303\u0309\u0323")
        out.append(base + tones)
    return "".join(out).encode("cp1258")


@pytest.mark.parametrize(
    ("encode", "found"),
    [
        (lambda t: t.encode("utf-8"), "utf-8"),
        (lambda t: t.encode("utf-8-sig"), "utf-8-sig"),
        (lambda t: t.encode("utf-16"), "utf-16"),  # with its BOM, as Notepad's "Unicode"
        (lambda t: t.encode("utf-16-be").join([b"\xfe\xff", b""]), "utf-16"),
        (to_cp1258, "cp1258"),
        (lambda t: legacy.encode(t.replace("–", "-"), "tcvn3").encode("latin-1"), "tcvn3"),
        (lambda t: legacy.encode(t.replace("–", "-"), "vni").encode("latin-1"), "vni"),
        (lambda t: legacy.encode(t.replace("–", "-"), "viscii").encode("latin-1"), "viscii"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom", "cp1258", "tcvn3", "vni", "viscii"],
)
def test_each_encoding_reads_back_as_nfc_unicode(tmp_path, plan_text, encode, found):
    path = tmp_path / "ke-hoach.txt"
    path.write_bytes(encode(plan_text))
    document = extract(path)
    page = document.pages[0]
    assert page.encoding == found
    expected = plan_text.replace("–", "-") if found in legacy.ENCODINGS else plan_text
    assert page.text.replace("\r\n", "\n") == expected.replace("\r\n", "\n")
    assert unicodedata.is_normalized("NFC", page.text)
    assert page.source is (PageSource.LEGACY_ENCODING if found in legacy.ENCODINGS else PageSource.TEXT)


def test_legacy_text_saved_as_utf8_is_decoded(tmp_path):
    path = tmp_path / "copied.txt"
    path.write_text(legacy.encode("Kế hoạch thực hiện Chương trình hành động vì trẻ em", "tcvn3"), encoding="utf-8")
    page = extract(path).pages[0]
    assert page.encoding == "tcvn3" and page.source is PageSource.LEGACY_ENCODING
    assert page.text == "Kế hoạch thực hiện Chương trình hành động vì trẻ em"


def test_windows_line_endings_become_newlines(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes("Kế hoạch\r\nnăm học\r\n".encode())
    assert extract(path).pages[0].text == "Kế hoạch\nnăm học\n"


def test_undecodable_bytes_are_an_encoding_error(run_cli, tmp_path):
    path = tmp_path / "mystery.txt"
    path.write_bytes(bytes(range(0x80, 0x100)) * 20)
    with pytest.raises(EncodingError):
        extract(path)
    result = run_cli("extract", path)
    assert result.code == ExitCode.ENCODING
    assert str(path) in result.err and "save the file as UTF-8" in result.err
    assert "Traceback" not in result.err


def test_binary_file_is_an_encoding_error():
    with pytest.raises(ValueError, match="NUL"):
        decode_bytes(b"\x00\x01\x02\xff\xfe" * 50)


def test_empty_file(run_cli, tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"  \n")
    with pytest.raises(EmptyDocumentError):
        extract(path)
    assert run_cli("extract", path).code == ExitCode.INPUT_FILE


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_told_by_its_nul_bytes(tmp_path, codec):
    """ASCII content in UTF-16 without a BOM is valid UTF-8 with a NUL after each character:
    it was read as ``" 2 0 2 1 - 2 0 2 2"`` with exit 0."""
    path = tmp_path / "nam-hoc.txt"
    path.write_bytes("Năm học 2021-2022\nKế hoạch".encode(codec))
    page = extract(path).pages[0]
    assert page.text == "Năm học 2021-2022\nKế hoạch" and page.encoding == codec
    path.write_bytes("2021-2022".encode(codec))
    assert extract(path).pages[0].text == "2021-2022"


def test_control_characters_are_removed_and_counted(tmp_path):
    path = tmp_path / "nul.txt"
    path.write_bytes("Kế\x00 hoạch\x07 năm\x1b học\r\n\tTiết\x0c1".encode())
    page = extract(path).pages[0]
    assert page.text == "Kế hoạch năm học\n\tTiết\x0c1"
    assert page.warnings == ("removed 3 control characters (NUL and the like): no text holds them",)


def clean_stdin(data: bytes) -> subprocess.CompletedProcess[bytes]:
    """``python -m viplan_ocr clean -`` with ``data`` piped in, as bytes both ways."""
    env = {**os.environ, "PYTHONPATH": str(Path(viplan_ocr.__file__).parents[1])}
    return subprocess.run(
        [sys.executable, "-m", "viplan_ocr", "clean", "-"], input=data, capture_output=True, env=env, timeout=120
    )


def test_binary_on_standard_input_is_refused():
    """Binary piped in was once "cleaned" into 36 KB of garbage, exit 0."""
    junk = bytes(random.Random(7).randrange(256) for _ in range(4000))
    for data in (junk, junk.replace(b"\x00", b"")):  # with NUL bytes, and without
        result = clean_stdin(data)
        assert result.returncode == ExitCode.ENCODING, result.stderr
        assert result.stdout == b"" and b"-: cannot tell the text encoding" in result.stderr


def test_standard_input_is_decoded_as_a_file_is():
    result = clean_stdin("Ke hoach\x00 nam hoc 2021-2022".encode("utf-16-le"))
    assert result.returncode == ExitCode.OK, result.stderr
    assert result.stdout.decode() == "Kế hoạch năm học 2021-2022\n"


def test_standard_input_over_the_text_limit_is_refused_unread():
    from viplan_ocr.errors import LimitExceededError
    from viplan_ocr.extract.textfile import read_stdin
    from viplan_ocr.limits import Limits

    with pytest.raises(LimitExceededError, match="standard input holds over 0 MB, the text limit"):
        read_stdin(io.BytesIO(b"Ke hoach nam hoc " * 100), Limits(max_text_bytes=1000))
    page = read_stdin(io.BytesIO("Kế hoạch".encode("utf-16-le"))).pages[0]
    assert page.text == "Kế hoạch" and page.encoding == "utf-16-le"
