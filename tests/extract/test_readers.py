"""The reader registry: a file's reader chosen by content, then suffix; a new format is one entry."""

from __future__ import annotations

import zipfile

import pytest
from PIL import Image

from viplan_ocr.batch.inputs import count_pages, find_inputs
from viplan_ocr.document import Line, Page, PageSource
from viplan_ocr.errors import UnsupportedFormatError
from viplan_ocr.extract import READERS, Reader, extract, plan_pages, sniff
from viplan_ocr.extract.jobs import JobKind, PageJob
from viplan_ocr.extract.readers import suffixes


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "TIFF", "GIF", "BMP", "WEBP"])
def test_images_are_known_by_their_bytes_whatever_their_name(tmp_path, fmt):
    path = tmp_path / "scan.bin"
    Image.new("L", (40, 30), 255).save(path, format=fmt)
    assert sniff(path).name == "image"
    assert [job.kind for job in plan_pages(path)] == [JobKind.IMAGE]


def test_content_wins_over_the_suffix(tmp_path, pdfs):
    pdf_named_txt = tmp_path / "ke-hoach.txt"
    pdf_named_txt.write_bytes(pdfs.text.read_bytes())
    assert sniff(pdf_named_txt).name == "pdf"
    assert extract(pdf_named_txt).text_sources == ["text-layer"]
    word_named_pdf = tmp_path / "ke-hoach.pdf"
    word_named_pdf.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024))
    with pytest.raises(UnsupportedFormatError, match="Word document"):
        plan_pages(word_named_pdf)


def test_text_is_known_by_a_byte_order_mark_or_by_its_suffix(tmp_path):
    bom = tmp_path / "KE-HOACH"  # no suffix at all
    bom.write_bytes("Kế hoạch năm học".encode("utf-8-sig"))
    assert sniff(bom).name == "text"
    assert extract(bom).text == "Kế hoạch năm học"
    form = tmp_path / "bieu-mau.txt"  # starts with "BM", like a bitmap, but is no bitmap
    form.write_text("BM-01/KH Biểu mẫu kế hoạch\n", encoding="utf-8")
    assert sniff(form).name == "text"
    assert extract(form).pages[0].source is PageSource.TEXT


def test_an_unknown_format_is_refused_with_the_convert_hint(tmp_path):
    path = tmp_path / "bang.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(UnsupportedFormatError, match=r"'\.csv'") as raised:
        sniff(path)
    assert "libreoffice" in raised.value.message


def test_a_batch_picks_up_exactly_what_the_readers_take(tmp_path):
    for reader in READERS.values():
        for suffix in reader.suffixes:
            (tmp_path / f"x{suffix}").write_bytes(b"x")
    (tmp_path / "notes.csv").write_bytes(b"x")
    names = {item.name for item in find_inputs(tmp_path)}
    assert names == {f"x{suffix}" for suffix in suffixes()}
    assert {".pdf", ".png", ".tiff", ".txt", ".doc", ".docx"} <= suffixes()


def test_pages_are_counted_by_the_reader_on_disk_and_in_an_archive(tmp_path):
    frames = [Image.new("L", (40, 30), 255) for _ in range(3)]
    tiff = tmp_path / "ba-trang.tif"
    frames[0].save(tiff, save_all=True, append_images=frames[1:])
    with zipfile.ZipFile(tmp_path / "luu-tru.zip", "w") as archive:
        archive.write(tiff, "2021/ba-trang.tif")
    counts = {item.name: count_pages(item) for item in find_inputs(tmp_path)}
    assert counts == {"ba-trang.tif": 3, "luu-tru.zip/2021/ba-trang.tif": 3}


def _plan_csv(path, dpi, limits):
    """A reader for the test: a CSV file is one page, its rows as lines."""
    rows = path.read_text(encoding="utf-8").splitlines()
    page = Page(number=1, source=PageSource.TEXT, lines=tuple(Line(row.replace(",", " | ")) for row in rows))
    return [PageJob(str(path), 1, JobKind.DONE, dpi, page=page)]


def test_a_new_format_is_one_registry_entry(tmp_path, monkeypatch):
    csv = Reader("csv", frozenset({".csv"}), lambda head: False, lambda source: 1, _plan_csv)
    monkeypatch.setitem(READERS, "csv", csv)
    path = tmp_path / "chi-tieu.csv"
    path.write_text("Chỉ tiêu,Năm 2025\nTrẻ em đến trường,98%\n", encoding="utf-8")
    assert extract(path).text == "Chỉ tiêu | Năm 2025\nTrẻ em đến trường | 98%"
    assert [item.name for item in find_inputs(tmp_path)] == ["chi-tieu.csv"]


def _plan_sheets(path, dpi, limits):
    """A reader for the test: a ``.sheets`` file is pages to OCR, one per line of its text."""
    count = len(path.read_text(encoding="utf-8").splitlines())
    return [PageJob(str(path), n, JobKind.IMAGE, dpi, routing="scanned sheet") for n in range(1, count + 1)]


def _render_sheet(job):
    """Each page is a blank portrait sheet whose size says which page it is."""
    return Image.new("L", (600 + job.number, 800), 255), 150


def test_a_new_format_whose_pages_need_ocr_is_one_registry_entry(tmp_path, monkeypatch, fake_engine):
    sheets = Reader("sheets", frozenset({".sheets"}), lambda head: False, lambda source: 1, _plan_sheets, _render_sheet)
    monkeypatch.setitem(READERS, "sheets", sheets)
    path = tmp_path / "ho-so.sheets"
    path.write_text("trang một\ntrang hai\n", encoding="utf-8")
    document = extract(path, engine="fake", preprocess=None)
    assert document.text_sources == ["ocr", "ocr"]
    assert [page.text for page in document.pages] == [fake_engine.text] * 2
    assert [size for size, _, _ in fake_engine.seen] == [(601, 800), (602, 800)]
    assert all(page.routing and "scanned sheet" in page.routing for page in document.pages)
