"""Header lines the page's reading lost, found by their ink and read again (``extract/lostlines.py``).

The pages are drawn here and read by the real engine. A reading that lost a line is made by
dropping that line's words from the engine's own reading of the page (the engine drops such
lines on real black-and-white copies, but not on cue); the band of ink left must be read again
and put back at its place, and the parser must then find the issuer.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from PIL import Image, ImageDraw, ImageFont

from viplan_ocr import clean, parse
from viplan_ocr.document import Document, Word
from viplan_ocr.extract import ocr
from viplan_ocr.extract.lostlines import lost_bands, read_lost_lines
from viplan_ocr.extract.ocr import ocr_image, recognize
from viplan_ocr.extract.preprocess import prepare
from viplan_ocr.extract.synthetic import font_path

LEFT = ("SỞ GIÁO DỤC VÀ ĐÀO TẠO", "THÀNH PHỐ HỒ CHÍ MINH", "TRƯỜNG THPT PHƯỚC BỬU")
RIGHT = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
BODY = (
    "KẾ HOẠCH",
    "Tổ chức cuộc thi khởi nghiệp cấp trường năm học 2025-2026",
    "I. MỤC ĐÍCH, YÊU CẦU",
    "Khuyến khích học sinh sáng tạo, phát triển ý tưởng khởi nghiệp.",
    "II. NỘI DUNG",
    "Các lớp đăng ký tham gia theo hướng dẫn của Đoàn trường.",
)


def _font(name: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path(name)), size)


def _header_page(*, seal: bool = False) -> Image.Image:
    """An A4 page at 150 dpi: a three-line issuer (the last in bold, over a short rule) beside
    the motto, the number and date, then a short plan; a seal in the header with ``seal``."""
    image = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(image)
    font, bold = _font("DejaVuSerif.ttf", 22), _font("DejaVuSerif-Bold.ttf", 22)
    for k, text in enumerate(LEFT):
        face = bold if k == len(LEFT) - 1 else font
        draw.text((330 - draw.textlength(text, font=face) / 2, 110 + 34 * k), text, font=face, fill=0)
    draw.line((260, 110 + 34 * 3 + 4, 400, 110 + 34 * 3 + 4), fill=0, width=2)
    for k, text in enumerate(RIGHT):
        draw.text((830 - draw.textlength(text, font=bold) / 2, 110 + 34 * k), text, font=bold, fill=0)
    draw.line((700, 110 + 34 * 2 + 2, 960, 110 + 34 * 2 + 2), fill=0, width=2)
    draw.text((150, 270), "Số: 230/KH-THPT.PB", font=font, fill=0)
    draw.text((620, 270), "Thành phố Hồ Chí Minh, ngày 14 tháng 11 năm 2025", font=font, fill=0)
    for k, text in enumerate(BODY):
        draw.text((150, 360 + 50 * k), text, font=bold if k in (0, 2, 4) else font, fill=0)
    if seal:
        draw.ellipse((1000, 20, 1180, 200), outline=0, width=8)
        draw.ellipse((1030, 50, 1150, 170), outline=0, width=3)
    return image


def _read(piece: Image.Image, layout: str = "page"):
    return recognize(prepare(piece), lang="vie", dpi=150, layout=layout)


@pytest.fixture(scope="module")
def page_and_image():
    image = _header_page()
    with pytest.MonkeyPatch.context() as patch:  # the page's reading, nothing read again
        patch.setattr(ocr, "read_lost_lines", lambda page, image, read: page)
        patch.setattr(ocr, "read_signer", lambda page, image, read: page)
        return ocr_image(image, dpi=150), image


@pytest.mark.slow
def test_a_header_line_the_reading_lost_is_read_again_at_its_place(page_and_image):
    page, image = page_and_image
    assert any("PHƯỚC" in line.text for line in page.lines)
    lost = replace(page, lines=tuple(line for line in page.lines if "PHƯỚC" not in line.text))
    assert len(lost_bands(lost, image)) == 1
    found = read_lost_lines(lost, image, _read)
    texts = [line.text for line in found.lines]
    back = next(i for i, text in enumerate(texts) if text.startswith("TRƯỜNG THPT PHƯỚC"))
    assert "THÀNH PHỐ" in texts[back - 1] and texts[back + 1].startswith("Số:")  # at its place
    assert "lost read again" in found.routing
    whole = parse(clean(Document("p", (page,)))).header.issuer
    assert whole.startswith("TRƯỜNG THPT PHƯỚC")
    assert parse(clean(Document("p", (lost,)))).header.issuer != whole
    assert parse(clean(Document("p", (found,)))).header.issuer == whole


@pytest.mark.slow
def test_the_band_is_found_on_a_black_and_white_page(page_and_image):
    """Two grey levels: the ink is at Otsu's level itself, and counts."""
    page, image = page_and_image
    lost = replace(page, lines=tuple(line for line in page.lines if "PHƯỚC" not in line.text))
    bilevel = image.point(lambda level: 255 if level > 128 else 0)
    assert lost_bands(lost, bilevel) == lost_bands(lost, image)
    assert len(lost_bands(lost, bilevel)) == 1


@pytest.mark.slow
def test_a_complete_reading_is_never_read_again(page_and_image):
    page, image = page_and_image

    def refuse(piece, layout="page"):
        raise AssertionError("read again")

    assert lost_bands(page, image) == []
    assert read_lost_lines(page, image, refuse) is page


@pytest.mark.slow
def test_rules_and_a_seal_are_no_lost_lines():
    """The motto's rule, the issuer's rule and a seal's rings are ink no word covers, but no
    band of letters: nothing is read again."""
    image = _header_page(seal=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ocr, "read_signer", lambda page, image, read: page)
        page = ocr_image(image, dpi=150)
    assert lost_bands(page, image) == []
    assert page.routing is None or "lost" not in page.routing


@pytest.mark.slow
def test_a_band_that_reads_as_no_words_is_left_out(page_and_image):
    page, image = page_and_image
    lost = replace(page, lines=tuple(line for line in page.lines if "PHƯỚC" not in line.text))
    line = _read(image.crop((0, 0, 600, 400)))[0]
    specks = replace(line, text="~ ¬ ‹ ›", words=tuple(Word(t, 30.0, line.box) for t in "~ ¬ ‹ ›".split()))
    assert read_lost_lines(lost, image, lambda piece, layout="page": (specks,)) is lost
    drawing = replace(line, text="Tfx Qkz Wvq", words=tuple(Word(t, 90.0, line.box) for t in ("Tfx", "Qkz", "Wvq")))
    assert read_lost_lines(lost, image, lambda piece, layout="page": (drawing,)) is lost


@pytest.mark.slow
def test_only_a_document_s_first_page_is_checked(page_and_image):
    """The top of a later page is the body or a table running on: it is not read again."""
    page, image = page_and_image
    lost = replace(page, number=2, lines=tuple(line for line in page.lines if "PHƯỚC" not in line.text))

    def refuse(piece, layout="page"):
        raise AssertionError("read again")

    assert read_lost_lines(lost, image, refuse) is lost
