"""Bad inputs: one error class per cause, one line naming the file and what to do, the right exit code."""

from __future__ import annotations

import struct
import zlib

import pytest

from viplan_ocr import errors
from viplan_ocr.errors import ExitCode
from viplan_ocr.extract import extract
from viplan_ocr.extract.engine import ENGINES
from viplan_ocr.extract.tesseract import Tesseract


def assert_clean_failure(result, path, code, *phrases):
    assert result.code == code, result.err
    assert "Traceback" not in result.err
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, lines
    assert str(path) in lines[0]
    for phrase in phrases:
        assert phrase in lines[0]


@pytest.mark.parametrize(
    ("name", "error", "phrases"),
    [
        ("corrupt", errors.CorruptFileError, ("not a readable PDF", "get a fresh copy")),
        ("truncated", errors.TruncatedFileError, ("end-of-file", "complete copy")),
        ("encrypted", errors.EncryptedFileError, ("password-protected", "qpdf --decrypt")),
        ("zero", errors.EmptyDocumentError, ("no pages",)),
    ],
)
def test_bad_pdfs(run_cli, pdfs, name, error, phrases):
    path = getattr(pdfs, name)
    with pytest.raises(error):
        extract(path)
    assert_clean_failure(run_cli("extract", path), path, ExitCode.INPUT_FILE, *phrases)


def test_a_file_that_is_not_a_pdf_at_all(run_cli, tmp_path):
    path = tmp_path / "ke-hoach.pdf"
    path.write_text("Kế hoạch năm học\n", encoding="utf-8")
    assert_clean_failure(run_cli("extract", path), path, ExitCode.INPUT_FILE, "no %PDF header")


@pytest.mark.parametrize("name", ["ke-hoach.doc", "scan.pdf"])  # recognised by content, whatever the name
def test_doc_file_gets_a_libreoffice_hint(run_cli, tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024)
    with pytest.raises(errors.UnsupportedFormatError):
        extract(path)
    assert_clean_failure(run_cli("extract", path), path, ExitCode.INPUT_FILE, "Word document", "libreoffice --headless")


def test_unreadable_image(run_cli, tmp_path):
    path = tmp_path / "scan.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"garbage" * 100)
    with pytest.raises(errors.UnreadableImageError):
        extract(path)
    assert_clean_failure(run_cli("extract", path), path, ExitCode.INPUT_FILE, "not a readable image")


def test_truncated_image(run_cli, tmp_path):
    from PIL import Image

    path = tmp_path / "scan.png"
    Image.effect_noise((800, 600), 60).save(path)
    path.write_bytes(path.read_bytes()[:20_000])
    assert_clean_failure(run_cli("extract", path), path, ExitCode.INPUT_FILE, "damaged or truncated")


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims a huge size but holds almost no data (a decompression bomb's header)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize("side", [13_000, 40_000])  # over our limit; over Pillow's own
def test_huge_image_is_refused_before_decoding(run_cli, tmp_path, side):
    path = tmp_path / "bomb.png"
    path.write_bytes(png_header_only(side, side))
    with pytest.raises(errors.ImageTooLargeError):
        extract(path)
    assert_clean_failure(run_cli("extract", path), path, ExitCode.INPUT_FILE, "too large", "megapixels")


def test_missing_vie_language_data(run_cli, pdfs, tmp_path, monkeypatch):
    empty = tmp_path / "tessdata"
    empty.mkdir()
    (empty / "eng.traineddata").write_bytes(b"")
    monkeypatch.setenv("TESSDATA_PREFIX", str(empty))
    with pytest.raises(errors.LanguageDataMissingError):
        extract(pdfs.scanned)
    result = run_cli("extract", pdfs.scanned)
    hint = "apt-get install -y tesseract-ocr-vie"
    assert_clean_failure(result, pdfs.scanned, ExitCode.MISSING_DEPENDENCY, "'vie'", hint)


def test_missing_tesseract(run_cli, pdfs, monkeypatch):
    monkeypatch.setitem(ENGINES, "tesseract", Tesseract(command="/nonexistent/tesseract"))
    result = run_cli("extract", pdfs.scanned)
    assert_clean_failure(result, pdfs.scanned, ExitCode.MISSING_DEPENDENCY, "tesseract", "apt-get install")


def test_text_layer_pdf_needs_no_tesseract(run_cli, pdfs, monkeypatch):
    monkeypatch.setitem(ENGINES, "tesseract", Tesseract(command="/nonexistent/tesseract"))
    assert run_cli("extract", pdfs.text).code == ExitCode.OK


def test_every_new_extract_error_sets_its_exit_code():
    for cls in (errors.TruncatedFileError, errors.TesseractMissingError, errors.LanguageDataMissingError):
        assert "exit_code" in vars(cls)
