"""Two columns printed side by side stay two columns through OCR, cleaning and parsing.

A header prints the issuer block left and the national motto right, on the same rows; the end of
a letter prints the recipients left and the signature right. Tesseract reads each row as one
line; a gap of several word-heights between two words is the gutter, kept in the line's text
as a column gap, which cleaning leaves alone and the parser splits at.
"""

from __future__ import annotations

import pytest
from PIL import Image, ImageDraw, ImageFont

from viplan_ocr import clean, parse
from viplan_ocr.document import Document
from viplan_ocr.extract.ocr import ocr_image
from viplan_ocr.extract.synthetic import font_path
from viplan_ocr.vietnamese.layout import cells

ROWS = [
    ("ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    ("TỈNH QUẢNG NGÃI", "Độc lập - Tự do - Hạnh phúc"),
    ("Số: 23/BC-UBND", "Quảng Ngãi, ngày 23 tháng 01 năm 2025"),
]
BELOW = ["BÁO CÁO", "Tình hình thực hiện nhiệm vụ tháng 01 năm 2025", "I. KẾT QUẢ THỰC HIỆN"]
TAIL = [("Nơi nhận:", "KT. CHỦ TỊCH"), ("- Văn phòng Chính phủ;", "PHÓ CHỦ TỊCH"), ("- Lưu: VT.", "")]


def _page(rows: list[tuple[str, str]], below: list[str], tail: list[tuple[str, str]]) -> Image.Image:
    """An A4 page at 300 dpi: rows of two columns, centred lines, then two columns again."""
    image = Image.new("L", (2480, 3508), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(font_path()), 54)
    y = 200
    for left, right in rows:
        draw.text((180, y), left, font=font, fill=0)
        draw.text((1250, y), right, font=font, fill=0)
        y += 80
    y += 60
    for line in below:
        draw.text((300, y), line, font=font, fill=0)
        y += 80
    y += 200
    for left, right in tail:
        draw.text((180, y), left, font=font, fill=0)
        draw.text((1500, y), right, font=font, fill=0)
        y += 80
    draw.text((1500, y + 200), "Nguyễn Văn An", font=font, fill=0)
    return image


@pytest.mark.slow
def test_a_two_column_header_and_tail_read_as_columns():
    page = ocr_image(_page(ROWS, BELOW, TAIL), number=1, config=None)
    split = [cells(line.text) for line in page.lines if len(cells(line.text)) == 2]
    assert ["TỈNH QUẢNG NGÃI", "Độc lập - Tự do - Hạnh phúc"] in split
    assert ["Nơi nhận:", "KT. CHỦ TỊCH"] in split
    plan = parse(clean(Document("scan.png", (page,))))
    header = plan.header
    assert (header.issuer, header.number, header.date, header.place) == (
        "TỈNH QUẢNG NGÃI",
        "23/BC-UBND",
        "2025-01-23",
        "Quảng Ngãi",
    )
    assert plan.signature is not None
    assert (plan.signature.authority, plan.signature.position) == ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
    assert plan.recipients[:1] == ("Văn phòng Chính phủ",)


def _two_column_pdf(path, rows: list[tuple[str, str]], below: list[str], size: int = 12):
    """A text-layer PDF whose rows print two columns, as a word processor lays out a header."""
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="pt")
    pdf.add_page()
    pdf.add_font("DejaVu", fname=str(font_path("DejaVuSans.ttf")))
    pdf.set_font("DejaVu", size=size)
    y = 60
    for left, right in rows:
        pdf.text(50, y, left)
        pdf.text(300, y, right)
        y += 18
    for line in below:
        pdf.text(120, y + 20, line)
        y += 18
    pdf.output(str(path))
    return path


def test_a_text_layer_header_reads_as_columns(tmp_path):
    from viplan_ocr import extract

    pdf = _two_column_pdf(tmp_path / "header.pdf", ROWS, BELOW)
    document = extract(pdf)
    assert document.text_sources == ["text-layer"]
    split = [cells(line.text) for line in document.pages[0].lines]
    assert ["TỈNH QUẢNG NGÃI", "Độc lập - Tự do - Hạnh phúc"] in split
    header = parse(clean(document)).header
    assert (header.issuer_parent, header.issuer) == ("ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NGÃI")
    assert (header.number, header.date) == ("23/BC-UBND", "2025-01-23")


def test_one_column_text_keeps_its_single_spaces(tmp_path):
    from viplan_ocr import extract

    pdf = _two_column_pdf(tmp_path / "body.pdf", [], ["Các đơn vị thực hiện nghiêm túc kế hoạch này."])
    assert extract(pdf).pages[0].lines[0].text == "Các đơn vị thực hiện nghiêm túc kế hoạch này."


def test_a_column_keeps_spaces_narrower_than_a_letter_gap(tmp_path):
    """Small print: a space glyph (2.2 pt at 7 pt) is no wider than pdfplumber's gap tolerance,
    yet the words it separates stay apart in each column."""
    from viplan_ocr import extract

    row = ("UBND TỈNH QUẢNG NGÃI", "Thành Phố Hồ Chí Minh, ngày 5 tháng 4 năm 2026")
    pdf = _two_column_pdf(tmp_path / "small.pdf", [row], [], size=7)
    assert cells(extract(pdf).pages[0].lines[0].text) == list(row)
