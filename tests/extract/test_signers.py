"""The signer's name under a seal, read again from the signature block on its own.

The page is rendered here and read by the real engine. A page reading that lost the name (the
engine's layout analysis takes seal, signature and name for one picture, as on real scans) is
made by dropping the name's line from the reading; the block read again must give it back.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from PIL import Image, ImageDraw, ImageFont

from viplan_ocr import clean, parse
from viplan_ocr.document import Document
from viplan_ocr.extract.ocr import ocr_image, recognize
from viplan_ocr.extract.preprocess import prepare
from viplan_ocr.extract.signers import has_name_below, position_line, read_signer
from viplan_ocr.extract.synthetic import font_path

BODY = [
    "KẾ HOẠCH",
    "Tổ chức kiểm tra nội bộ năm học 2025-2026",
    "I. MỤC ĐÍCH",
    "Nâng cao chất lượng công tác quản lý của nhà trường.",
    "Đề nghị các tổ chuyên môn thực hiện nghiêm túc kế hoạch này./.",
]


def _page(name: str = "Nguyễn Trúc Giang") -> Image.Image:
    """An A4 page at 150 dpi: a short plan, then Nơi nhận on the left and the signature block on
    the right: position, a round seal and a signature over the gap, the name under them."""
    image = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(font_path("DejaVuSans.ttf")), 26)
    bold = ImageFont.truetype(str(font_path("DejaVuSans-Bold.ttf")), 26)
    y = 150
    for line in BODY:
        draw.text((120, y), line, font=font, fill=0)
        y += 50
    y += 60
    draw.text((120, y), "Nơi nhận:", font=font, fill=0)
    draw.text((760, y), "KT. GIÁM ĐỐC", font=bold, fill=0)
    draw.text((120, y + 45), "- Như trên;", font=font, fill=0)
    draw.text((740, y + 45), "PHÓ GIÁM ĐỐC", font=bold, fill=0)
    draw.text((120, y + 90), "- Lưu: VT.", font=font, fill=0)
    draw.ellipse((700, y + 100, 900, y + 300), outline=0, width=6)  # the seal
    draw.line((780, y + 230, 880, y + 160, 950, y + 250, 1010, y + 170), fill=0, width=5)  # the signature
    draw.text((760, y + 340), name, font=bold, fill=0)
    return image


def _read(image: Image.Image):
    return lambda piece: recognize(prepare(piece), lang="vie", dpi=150)


@pytest.fixture(scope="module")
def page_and_image():
    image = _page()
    return ocr_image(image, dpi=150), image


@pytest.mark.slow
def test_a_name_the_page_reading_lost_is_read_again_under_the_position(page_and_image):
    page, image = page_and_image
    assert position_line(page) is not None
    lost = replace(page, lines=tuple(line for line in page.lines if "Trúc" not in line.text))
    assert not has_name_below(lost, position_line(lost))
    found = read_signer(lost, image, _read(image))
    names = [line for line in found.lines if line.text == "Nguyễn Trúc Giang"]
    assert len(names) == 1
    assert names[0].box[1] > lost.lines[position_line(lost)].box[1]  # under the position, on the page
    assert "read again" in found.routing
    signature = parse(clean(Document(path="p", pages=(found,)))).signature
    assert (signature.position, signature.name) == ("PHÓ GIÁM ĐỐC", "Nguyễn Trúc Giang")


@pytest.mark.slow
def test_a_page_that_has_its_name_is_left_alone(page_and_image):
    page, image = page_and_image
    assert sum("Nguyễn Trúc Giang" in line.text for line in page.lines) == 1
    assert read_signer(page, image, _read(image)) is page


@pytest.mark.slow
def test_no_position_no_second_reading():
    """A page without a signature block is never read twice (the reader would fail the test)."""
    image = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(font_path("DejaVuSans.ttf")), 26)
    for k, line in enumerate(BODY):
        draw.text((120, 150 + 50 * k), line, font=font, fill=0)
    page = ocr_image(image, dpi=150)

    def refuse(piece):
        raise AssertionError("read again")

    assert read_signer(page, image, refuse) is page
