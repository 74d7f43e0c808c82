"""The signature block under a seal, read again on its own.

The pages are rendered here and read by the real engine. A page reading that lost the name (the
engine's layout analysis takes seal, signature and name for one picture, as on real scans) is
made by dropping the name's line from the reading; the block read again must give it back. A
reading that lost the position is the engine's own: a round seal (two rings, an issuer's name
around them) and a signature drawn over the block make the page's layout analysis take the
position for part of the picture, which each test checks before it reads the block again.
"""

from __future__ import annotations

import math
from dataclasses import replace

import pytest
from PIL import Image, ImageDraw, ImageFont

from viplan_ocr import clean, parse
from viplan_ocr.document import Document, Line, Page, PageSource, Word
from viplan_ocr.extract import ocr
from viplan_ocr.extract.ocr import ocr_image, recognize
from viplan_ocr.extract.preprocess import prepare
from viplan_ocr.extract.signers import has_name_below, name_region, position_line, read_signer, recipients_region
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
    return lambda piece, layout="page": recognize(prepare(piece), lang="vie", dpi=150, layout=layout)


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
def test_a_name_the_page_layout_cannot_find_in_the_piece_is_read_in_the_block_layouts(page_and_image):
    """Where the seal's ring touches the name, the page's layout analysis may find nothing in
    the piece either (psm 3 and 4 on a 150 dpi black-and-white copy); the sparse and block
    layouts read it. The engine's page layout is made to find nothing here; the others are real."""
    page, image = page_and_image
    lost = replace(page, lines=tuple(line for line in page.lines if "Trúc" not in line.text))
    seen = []

    def read(piece, layout="page"):
        seen.append(layout)
        return () if layout == "page" else _read(image)(piece, layout)

    found = read_signer(lost, image, read)
    assert seen[:2] == ["page", "sparse"]  # the page's own analysis first, then until a name is read
    assert [line.text for line in found.lines if "Giang" in line.text] == ["Nguyễn Trúc Giang"]
    assert parse(clean(Document(path="p", pages=(found,)))).signature.name == "Nguyễn Trúc Giang"


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


def _font(name: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path(name)), size)


def _seal(image: Image.Image, centre: tuple[int, int], radius: int) -> None:
    """A round seal: two rings, the issuer's name in letters around them, its short name inside."""
    draw = ImageDraw.Draw(image)
    x, y = centre
    draw.ellipse((x - radius, y - radius, x + radius, y + radius), outline=0, width=radius // 16)
    inner = radius * 3 // 4
    draw.ellipse((x - inner, y - inner, x + inner, y + inner), outline=0, width=3)
    size, ring = radius // 6, "SỞ Y TẾ * TỈNH KIÊN GIANG * "
    font = _font("DejaVuSans-Bold.ttf", size)
    for k, letter in enumerate(ring):
        angle = math.pi * (0.92 * 2 * k / len(ring) - 1.42)
        glyph = Image.new("L", (2 * size, 2 * size), 0)
        ImageDraw.Draw(glyph).text((size // 2, size // 3), letter, font=font, fill=255)
        glyph = glyph.rotate(-math.degrees(angle) - 90, resample=Image.Resampling.BICUBIC)
        middle = (radius + inner) / 2
        image.paste(0, (round(x + middle * math.cos(angle)) - size, round(y + middle * math.sin(angle)) - size), glyph)
    font = _font("DejaVuSans-Bold.ttf", radius // 5)
    for k, text in enumerate(("SỞ", "Y TẾ")):
        draw.text(
            (x - draw.textlength(text, font=font) / 2, y - radius // 3 + k * radius // 4), text, font=font, fill=0
        )


def _sealed_page(block: tuple[str, ...], *, recipients: bool = True, serif: bool = False) -> Image.Image:
    """An A4 page at 150 dpi: a short plan, ``Nơi nhận:`` and its list on the left (if
    ``recipients``), the signature block on the right: ``block`` (authority, position), a seal
    whose top ring runs along the position's foot, a signature over them, the name under them."""
    image = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(image)
    family = "DejaVuSerif" if serif else "DejaVuSans"
    font, bold = _font(f"{family}.ttf", 26), _font(f"{family}-Bold.ttf", 26)
    y = 150
    for line in BODY:
        draw.text((120, y), line, font=font, fill=0)
        y += 50
    y += 40
    if recipients:
        draw.text((120, y), "Nơi nhận:", font=_font(f"{family}-Bold.ttf", 24), fill=0)
        for k, item in enumerate(("- Như trên;", "- Sở Y tế (để b/c);", "- Lưu: VT, KHTC.")):
            draw.text((120, y + 38 * (k + 1)), item, font=_font(f"{family}.ttf", 20), fill=0)
    middle = 870
    for k, text in enumerate(block):
        draw.text((middle - draw.textlength(text, font=bold) / 2, y + 45 * k), text, font=bold, fill=0)
    last = y + 45 * (len(block) - 1)
    name_top = last + 270
    draw.text(
        (middle - draw.textlength("Nguyễn Trúc Giang", font=bold) / 2, name_top), "Nguyễn Trúc Giang", font=bold, fill=0
    )
    _seal(image, (middle - 145, last + 137), 125)
    top, height = y + 15, (name_top - y) * 0.7
    strokes = [(middle - 60 + 230 * t / 12, top + height / 2 + height / 2 * math.sin(2.3 * t)) for t in range(13)]
    draw.line(strokes, fill=0, width=5, joint="curve")
    draw.line((middle - 40, top + 0.8 * height, middle + 190, top + 0.7 * height), fill=0, width=3)
    return image


def _page_reading(image: Image.Image, monkeypatch: pytest.MonkeyPatch) -> Page:
    """The page as the engine reads it whole, the signature block not read again."""
    with monkeypatch.context() as patch:
        patch.setattr(ocr, "read_signer", lambda page, image, read: page)
        return ocr_image(image, dpi=150)


def _signature(page: Page):
    return parse(clean(Document(path="p", pages=(page,)))).signature


@pytest.mark.slow
@pytest.mark.parametrize(
    ("block", "serif", "recipients", "signature"),
    [
        (("GIÁM ĐỐC",), False, True, (None, "GIÁM ĐỐC")),
        (("KT. HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG"), True, True, ("KT. HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG")),
        (("GIÁM ĐỐC",), False, False, (None, "GIÁM ĐỐC")),  # no Nơi nhận: the region above the name
        (("KT. HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG"), True, False, ("KT. HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG")),
    ],
)
def test_a_position_the_page_reading_lost_under_the_seal_is_read_again(
    block, serif, recipients, signature, monkeypatch
):
    image = _sealed_page(block, recipients=recipients, serif=serif)
    lost = _page_reading(image, monkeypatch)
    assert position_line(lost) is None  # the engine lost the position, as on real scans
    assert not any(block[-1] in line.text for line in lost.lines)
    assert "Nguyễn Trúc Giang" in lost.text
    found = ocr_image(image, dpi=150)  # the block read again, as extraction does
    new = [line for line in found.lines if line not in lost.lines]
    assert [line.text for line in new] == list(block)
    assert "position under the seal read again" in found.routing
    assert all(line.block not in {other.block for other in lost.lines} for line in new)  # blocks of their own
    assert len({line.block for line in new}) == len(new)
    for line in new:  # on the page, where the block is printed, with the engine's confidences
        assert 700 < line.box[0] + line.box[2] / 2 < 1040 and 420 < line.box[1] < 560
        assert all(word.confidence is not None and word.box for word in line.words)
    assert _signature(found).to_dict() == {
        "authority": signature[0],
        "position": signature[1],
        "name": "Nguyễn Trúc Giang",
        "mode": signature[0].split(".")[0] if signature[0] else None,
    }


@pytest.mark.slow
def test_a_name_lost_with_the_position_is_read_again_with_it(monkeypatch):
    """The page reading lost the position (the engine's doing) and the name (dropped here): the
    column right of Nơi nhận read again gives both, in reading order."""
    image = _sealed_page(("GIÁM ĐỐC",))
    page = _page_reading(image, monkeypatch)
    lost = replace(page, lines=tuple(line for line in page.lines if "Trúc" not in line.text))
    found = read_signer(lost, image, _read(image))
    new = [line.text for line in found.lines if line not in lost.lines]
    assert new == ["GIÁM ĐỐC", "Nguyễn Trúc Giang"]
    texts = [line.text for line in found.lines]
    assert texts.index("GIÁM ĐỐC") < texts.index("Nơi nhận:") < texts.index("Nguyễn Trúc Giang")
    assert "position and name under the seal read again" in found.routing
    assert (_signature(found).position, _signature(found).name) == ("GIÁM ĐỐC", "Nguyễn Trúc Giang")


@pytest.mark.slow
def test_a_page_whose_block_was_read_is_left_alone():
    """A page reading with its position (and name) is never read again: the reader would fail."""
    image = _page()  # the signature block under a light seal: the page reading has it all
    page = ocr_image(image, dpi=150)
    assert position_line(page) is not None and "Nguyễn Trúc Giang" in page.text

    def refuse(piece, layout="page"):
        raise AssertionError("read again")

    assert read_signer(page, image, refuse) is page


def _line(text: str, box: tuple[int, int, int, int], block: int = 0, confidence: float = 90.0) -> Line:
    """A line of evenly spaced words across ``box``."""
    words = text.split()
    width = box[2] // len(words)
    return Line(
        text,
        tuple(Word(word, confidence, (box[0] + k * width, box[1], width - 10, box[3])) for k, word in enumerate(words)),
        block=block,
        box=box,
    )


def _tail_page(*lines: Line) -> Page:
    body = [
        _line("Nâng cao chất lượng công tác quản lý của nhà trường.", (120, 150 + 50 * k, 900, 30), k) for k in range(8)
    ]
    return Page(number=1, source=PageSource.OCR, lines=(*body, *lines), dpi=150)


def test_the_block_read_again_keeps_positions_and_names_only_each_a_block_of_its_own():
    """A reading of the column right of Nơi nhận (here made up) gives junk, the seal's words, a
    damaged position and the name: the position (its junk dropped, KT kept) and the name go into
    the page, boxes on the page, in reading order, with the engine's confidences."""
    page = _tail_page(
        _line("Nơi nhận:", (120, 600, 150, 30), 10),
        _line("- Như trên;", (120, 640, 120, 25), 10),
        _line("- Lưu: VT.", (120, 680, 110, 25), 10),
    )
    image = Image.new("L", (1240, 1754), 255)
    region = recipients_region(page, image)
    assert region is not None
    (x0, y0, x1, y1), have_name = region
    assert not have_name and x1 == 1240 and 220 < x0 < 300 and 450 < y0 < 600 and 800 < y1 < 1100
    seen = []

    def read(piece, layout="page"):
        seen.append((piece.size, layout))
        return (
            _line("SỞ Y TẾ", (300, 60, 100, 30), 0, 96),  # the seal's middle
            _line("LẤT, GIÁM ĐỌC", (380, 20, 240, 30), 1, 60),  # a handwritten KT. before the position
            _line("Nguyễn Trúc Giang", (360, 300, 280, 30), 2, 95),
        )

    found = read_signer(page, image, read)
    assert [layout for _, layout in seen] == ["sparse", "block"]
    new = [line for line in found.lines if line not in page.lines]
    assert [line.text for line in new] == ["GIÁM ĐỐC", "Nguyễn Trúc Giang"]
    assert [line.box[:2] for line in new] == [(380 + 80 + x0, 20 + y0), (360 + x0, 300 + y0)]  # GIÁM on
    assert [word.confidence for word in new[0].words] == [60.0, 60.0]
    assert len({line.block for line in found.lines}) == len({line.block for line in page.lines}) + 2
    texts = [line.text for line in found.lines]
    assert (
        texts.index("GIÁM ĐỐC")
        < texts.index("Nơi nhận:")
        < texts.index("- Lưu: VT.")
        < texts.index("Nguyễn Trúc Giang")
    )


def test_no_recipients_and_no_name_no_second_reading():
    page = _tail_page(_line("Trên đây là kế hoạch của nhà trường./.", (120, 600, 700, 30), 10))
    image = Image.new("L", (1240, 1754), 255)
    assert recipients_region(page, image) is None and name_region(page, image) is None

    def refuse(piece, layout="page"):
        raise AssertionError("read again")

    assert read_signer(page, image, refuse) is page


def test_a_name_on_the_left_is_no_signature_block():
    """A name-shaped line in the left half (a list of people) is not read above."""
    page = _tail_page(_line("Nguyễn Văn An", (120, 600, 200, 30), 10))
    assert name_region(page, Image.new("L", (1240, 1754), 255)) is None


def test_what_the_page_reading_has_is_not_put_in_twice():
    """The page read the authority beside Nơi nhận and lost the position under it: only the
    position goes in. A reading with specks about it (``“SA HIỆU TRƯỞNG” —``) is no reading."""
    page = _tail_page(
        _line("Nơi nhận:     TM. ỦY BAN NHÂN DÂN", (120, 600, 880, 30), 10),
        _line("- Như trên;", (120, 640, 120, 25), 10),
        _line("“SA CHỦ TỊCH” —", (700, 690, 300, 30), 11, 30),
    )
    image = Image.new("L", (1240, 1754), 255)
    (x0, y0, _, _), _ = recipients_region(page, image)

    def read(piece, layout="page"):
        return (
            _line("TM. ỦY BAN NHÂN DÂN", (700 - x0, 600 - y0, 300, 30)),
            _line("CHỦ TỊCH", (780 - x0, 690 - y0, 140, 30)),
        )

    found = read_signer(page, image, read)
    assert [line.text for line in found.lines if line not in page.lines] == ["CHỦ TỊCH"]
    signature = _signature(found)
    assert (signature.authority, signature.position) == ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")


@pytest.mark.slow
def test_a_deputy_s_line_lost_under_the_seal_is_read_from_the_authority(monkeypatch):
    """The seal's ring runs through ``PHÓ GIÁM ĐỐC``: read again, the block gives ``KT. GIÁM
    ĐỐC`` alone, and a block that signs for the head is signed by a deputy (flagged)."""
    image = _sealed_page(("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"))
    lost = _page_reading(image, monkeypatch)
    assert position_line(lost) is None and "GIÁM" not in lost.text
    found = ocr_image(image, dpi=150)
    assert [line.text for line in found.lines if line not in lost.lines] == ["KT. GIÁM ĐỐC"]
    plan = parse(clean(Document(path="p", pages=(found,))))
    assert (plan.signature.authority, plan.signature.position) == ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")
    assert any("the seal hid the deputy's line" in warning for warning in plan.warnings)


def test_a_position_run_into_a_recipient_is_a_position_read():
    """``- Như trên; PHÓ GIÁM ĐỐC``, the columns run together by the engine, is a position the
    parser reads: the page is not read again for one."""
    page = _tail_page(
        _line("Nơi nhận: KT. GIÁM ĐỐC", (120, 600, 880, 30), 10),
        _line("- Như trên; PHÓ GIÁM ĐỐC", (120, 640, 880, 30), 10),
        _line("Nguyễn Văn An", (760, 900, 220, 30), 11),
    )

    def refuse(piece, layout="page"):
        raise AssertionError("read again")

    assert position_line(page) == len(page.lines) - 2
    assert read_signer(page, Image.new("L", (1240, 1754), 255), refuse) is page


def test_a_position_read_in_pieces_is_read_as_one_line():
    """The sparse layout reads ``GIÁM ĐỐC`` as ``GIÁ`` and ``ĐỌC`` apart, the block layout the
    position and a seal's word beside it: one line, the position, goes in."""
    page = _tail_page(_line("Nơi nhận:", (120, 600, 150, 30), 10), _line("- Lưu: VT.", (120, 640, 110, 25), 10))
    image = Image.new("L", (1240, 1754), 255)

    def read(piece, layout="page"):
        if layout == "sparse":
            return (_line("GIÁ", (400, 20, 60, 30)), _line("ĐỌC", (480, 22, 60, 30)), _line("Ị", (700, 20, 10, 30)))
        return (_line("GIÁM ĐỐC SỞ", (400, 20, 300, 30)),)

    found = read_signer(page, image, read)
    assert [line.text for line in found.lines if line not in page.lines] == ["GIÁM ĐỐC"]
