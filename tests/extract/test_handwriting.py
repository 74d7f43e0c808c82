"""A handwritten day on a scanned date line: read through the real OCR pipeline, and parsed.

Each test prints a small header with a DejaVu font, writes held-out MNIST digits (never trained
on) into the blank after ``ngày`` as pen ink, OCRs the image with Tesseract and parses the page.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from viplan_ocr import parse
from viplan_ocr.document import Document, Line, Word
from viplan_ocr.extract import handwriting
from viplan_ocr.extract.handwriting import fill_line, slots
from viplan_ocr.extract.ocr import ocr_image
from viplan_ocr.extract.synthetic import font_path

HELD_OUT = Path(__file__).parent / "data" / "heldout_digits.npz"
BLANK = "          "  # where the clerk writes the day
HEADER = ["SỞ Y TẾ THÀNH PHỐ HÀ NỘI", "Số: 12/KH-SYT"]
BODY = ["KẾ HOẠCH", "Tổ chức đấu thầu thuốc năm 2024", "I. MỤC TIÊU", "1. Bảo đảm đủ thuốc cho các bệnh viện."]
FONT_SIZE = 48


@pytest.fixture(scope="module")
def digits() -> dict[int, list[np.ndarray]]:
    with np.load(HELD_OUT) as data:
        images, labels = data["images"], data["labels"]
    return {d: [images[i] for i in np.flatnonzero(labels == d)] for d in range(10)}


def page(date_line: str, written: list[np.ndarray] = (), *, scribble: bool = False) -> Image.Image:
    """The header at about 300 dpi, with ``written`` (grey 28x28 digits) as ink in the day's blank."""
    image = Image.new("L", (1900, 760), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(font_path()), FONT_SIZE)
    y = 60
    for text in [*HEADER, date_line, *BODY]:
        x = 120
        draw.text((x, y), text, font=font, fill=0)
        if text == date_line and (written or scribble):
            x += round(draw.textlength(date_line.split(BLANK)[0], font=font)) + 20
            if scribble:
                draw.line([(x, y + 50), (x + 30, y + 5), (x + 55, y + 48), (x + 80, y + 8), (x + 95, y + 40)], width=5)
            for digit in written:
                ink = Image.fromarray(255 - digit).resize((62, 62), Image.Resampling.BILINEAR)
                ink = ink.point(lambda v: 0 if v < 128 else 255)
                image.paste(
                    Image.fromarray(np.minimum(np.asarray(image.crop((x, y - 12, x + 62, y + 50))), ink)), (x, y - 12)
                )
                x += 46
        y += 90
    return image


def header_of(image: Image.Image):
    ocr = ocr_image(image, dpi=300)
    return ocr, parse(Document(path="-", pages=(ocr,))).header


def test_handwritten_day_is_read_and_flagged(digits):
    ocr, header = header_of(page(f"Hà Nội, ngày{BLANK}tháng 5 năm 2024", [digits[1][0], digits[7][0]]))
    assert header.date == "2024-05-17"
    assert "day-handwritten-read" in header.flags
    word = next(w for line in ocr.lines for w in line.words if w.text == "17")
    assert word.confidence is not None and 80 <= word.confidence <= 100
    assert any(w.startswith("handwritten day read: 17") for w in ocr.warnings)


@pytest.mark.slow
def test_handwritten_days_are_read_right_or_not_at_all(digits):
    """Days written by other hands (the second sample of each digit): never a wrong date."""
    right = wrong = 0
    for day in ("23", "9", "31", "28", "14", "6"):
        written = [digits[int(d)][1] for d in day]
        _, header = header_of(page(f"Hà Nội, ngày{BLANK}tháng 5 năm 2024", written))
        if header.date == f"2024-05-{int(day):02d}":
            right += 1
        elif header.date is not None:
            wrong += 1
    assert wrong == 0
    assert right >= 4


def test_blank_day_stays_blank():
    ocr, header = header_of(page(f"Hà Nội, ngày{BLANK}tháng 5 năm 2024"))
    assert header.date is None
    assert "day-blank" in header.flags
    assert not ocr.warnings


def test_a_scribble_is_no_day():
    _, header = header_of(page(f"Hà Nội, ngày{BLANK}tháng 5 năm 2024", scribble=True))
    assert header.date is None
    assert "day-handwritten-read" not in header.flags


def test_printed_day_is_left_alone():
    ocr, header = header_of(page("Hà Nội, ngày 15 tháng 5 năm 2024"))
    assert header.date == "2024-05-15"
    assert not ocr.warnings and "day-handwritten-read" not in header.flags


def test_without_handwriting_the_day_stays_unread(digits):
    image = page(f"Hà Nội, ngày{BLANK}tháng 5 năm 2024", [digits[1][0], digits[7][0]])
    ocr = ocr_image(image, dpi=300, handwriting=False)
    assert parse(Document(path="-", pages=(ocr,))).header.date != "2024-05-17"


def test_debris_glued_to_the_keyword_is_cut_off():
    """``ngày]``: OCR glued the written 1 to the word; the reading goes between the words."""
    words = (
        Word("Hà", 90, (0, 0, 40, 40)),
        Word("Nội,", 90, (50, 0, 70, 40)),
        Word("ngày]", 20, (130, 0, 120, 40)),
        Word("tháng", 95, (270, 0, 100, 40)),
        Word("5", 95, (380, 0, 20, 40)),
        Word("năm", 95, (410, 0, 60, 40)),
        Word("2024", 95, (480, 0, 80, 40)),
    )
    line = Line(" ".join(w.text for w in words), words, box=(0, 0, 560, 40))
    assert [s.part for s in slots(words)] == ["day", "month"]
    blank = np.full((80, 600), 255, dtype=np.uint8)
    unchanged, notes = fill_line(line, blank)  # no ink where the day goes: nothing is read
    assert unchanged == line and notes == []


def test_a_date_line_low_on_the_page_is_left_to_the_engine(digits):
    """Only the header is read by hand: a body line citing a date is the engine's."""
    header = page(f"Hà Nội, ngày{BLANK}tháng 5 năm 2024", [digits[1][0], digits[7][0]])
    tall = Image.new("L", (header.width, header.height * 3), 255)
    tall.paste(header, (0, header.height * 2))
    assert not ocr_image(tall, dpi=300).warnings


def _blank_date_line(*start: Word) -> tuple[Line, np.ndarray]:
    """``... tháng 5 năm 2024`` after the words ``start`` (the day's keyword and what OCR read
    of the day), each printed word 20 px a letter, and a blank page to write the day on."""
    words = (
        *start,
        Word("tháng", 95, (200, 20, 100, 40)),
        Word("5", 95, (310, 20, 20, 40)),
        Word("năm", 95, (340, 20, 60, 40)),
        Word("2024", 95, (410, 20, 80, 40)),
    )
    return Line(" ".join(w.text for w in words), words, box=(0, 20, 490, 40)), np.full((100, 500), 255, dtype=np.uint8)


def _touching_line(digits, joint: tuple[slice, slice]) -> tuple[Line, np.ndarray]:
    """``ngày 17 tháng 5 năm 2024`` with pen digits in the blank and ink joining the 7 to the
    printed ``t`` of ``tháng`` (``joint``: rows and columns of the page)."""
    line, gray = _blank_date_line(Word("ngày", 95, (0, 20, 80, 40)))
    for x, digit in ((100, digits[1][0]), (140, digits[7][0])):
        ink = np.asarray(Image.fromarray(digit).resize((48, 48), Image.Resampling.BILINEAR)) > 128
        gray[16:64, x : x + 48][ink] = 0
    gray[25:60, 205:212] = 0  # the printed t and h
    gray[22:60, 240:246] = 0
    gray[joint] = 0
    return line, gray


def test_a_digit_joined_to_the_printed_word_by_one_stroke_is_read(digits):
    """A crossed 7 whose bar runs on into the t of ``tháng``: the 7 ends where the bar alone
    joins them, and ``17`` is read, not ``1`` and not the letters."""
    line, gray = _touching_line(digits, (slice(36, 39), slice(160, 210)))
    filled, notes = fill_line(line, gray)
    day = filled.words[1]
    assert notes and "17" in notes[0]
    if day.text == "17":  # sure enough to be put in the line
        assert day.box[0] + day.box[2] <= 200


def test_a_digit_overlapping_the_printed_word_is_not_read(digits):
    """Ink from the 7 that covers the t whole (no single stroke joins them): read without it,
    ``17`` would be ``1``, so the day is left unread."""
    line, gray = _touching_line(digits, (slice(24, 60), slice(170, 212)))
    unchanged, notes = fill_line(line, gray)
    assert unchanged == line and notes == []


def test_an_unsure_reading_is_only_noted(digits, monkeypatch):
    """Under the reader's threshold the line keeps the engine's reading; the note names the digits
    so that the parser can weigh them against the e-signature."""
    monkeypatch.setattr(handwriting, "MIN_CONFIDENCE", 1.01)  # every reading is unsure
    ocr, header = header_of(page(f"Hà Nội, ngày{BLANK}tháng 5 năm 2024", [digits[1][0], digits[7][0]]))
    assert header.date is None
    assert not any(w.text == "17" for line in ocr.lines for w in line.words)
    assert any(w.startswith("handwritten day unsure: 17") for w in ocr.warnings)


def test_a_digit_ocr_glued_to_the_keyword_is_read_with_the_others(digits):
    """OCR read ``ngày 25`` as ``ngày$ 5``: the keyword's edge is then a guess (its letters times
    the line's letter width, 20 px), and the guess cuts through the 2. A glyph a guessed edge
    cuts through, mostly outside, is still the slot's: read without it, 25 would be 5."""
    line, gray = _blank_date_line(Word("ngày$", 95, (0, 20, 110, 40)), Word("5", 40, (120, 20, 30, 40)))  # the 2 glued
    two = np.asarray(Image.fromarray(digits[2][0]).resize((48, 48), Image.Resampling.BILINEAR)) > 128
    ink = np.flatnonzero(two.any(axis=0))
    edge = 4 * 20 + 0.15 * 20  # where the slot is guessed to start
    x = round(edge - 3 - (ink[0] + ink[-1]) / 2)  # the 2 centred just outside the guess
    assert edge - (x + ink[0]) <= 0.7 * (ink[-1] - ink[0])  # ... with a third of it or more inside
    gray[16:64, x : x + 48][two] = 0
    five = np.asarray(Image.fromarray(digits[5][0]).resize((48, 48), Image.Resampling.BILINEAR)) > 128
    gray[16:64, 118:166][five] = 0
    filled, notes = fill_line(line, gray)
    assert notes and "25" in notes[0], notes
    if notes[0].startswith("handwritten day read"):  # sure enough to be put in the line
        assert filled.text.startswith("ngày 25 tháng")
