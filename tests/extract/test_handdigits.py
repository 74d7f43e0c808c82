"""The handwritten-digit reader: segmentation of a crop's ink, and the stored classifier.

The digits are held-out MNIST samples (``data/heldout_digits.npz``, written by
``scripts/build_digits.py --fixture``: the first 20 of each digit in MNIST's test set, which the
classifier never trained on).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from viplan_ocr.extract.handdigits import (
    NOT_A_DIGIT,
    classify,
    components,
    cut_bridge,
    glyphs,
    ink,
    normalise,
    read_number,
)

HELD_OUT = Path(__file__).parent / "data" / "heldout_digits.npz"


@pytest.fixture(scope="module")
def held_out() -> tuple[np.ndarray, np.ndarray]:
    with np.load(HELD_OUT) as data:
        return data["images"], data["labels"].astype(int)


def pen(image: np.ndarray, height: int = 56) -> np.ndarray:
    """A held-out digit as pen ink on a 1-bit scan: enlarged, cut at mid-grey (True = ink)."""
    big = Image.fromarray(image).resize((height, height), Image.Resampling.BILINEAR)
    return np.asarray(big) > 128


def test_held_out_accuracy_of_the_stored_model(held_out):
    images, labels = held_out
    samples = np.stack([normalise(pen(image)) for image in images])
    predicted = classify(samples).argmax(axis=1)
    assert (predicted == labels).mean() >= 0.9


def test_small_thin_digits_are_read_too(held_out):
    """A 100 dpi scan: digits 20 pixels tall, thin strokes."""
    images, labels = held_out
    samples = np.stack([normalise(pen(image, 20)) for image in images])
    assert (classify(samples).argmax(axis=1) == labels).mean() >= 0.8


def test_scribbles_are_no_digit():
    rng = np.random.default_rng(7)
    rejected = 0
    for _ in range(40):
        canvas = Image.new("L", (60, 60), 0)
        from PIL import ImageDraw

        ImageDraw.Draw(canvas).line([tuple(rng.uniform(0, 60, 2)) for _ in range(8)], fill=255, width=5)
        probabilities = classify(normalise(np.asarray(canvas) > 0)[None])[0]
        rejected += probabilities.argmax() == NOT_A_DIGIT or probabilities.max() < 0.8
    assert rejected >= 30


def _line(*masks: np.ndarray, gap: int = 12, height: int = 90) -> np.ndarray:
    margin = 12
    width = sum(m.shape[1] for m in masks) + gap * (len(masks) - 1) + 2 * margin
    out = np.zeros((height, width), dtype=bool)
    x = margin
    for mask in masks:
        top = (height - mask.shape[0]) // 2
        out[top : top + mask.shape[0], x : x + mask.shape[1]] |= mask
        x += mask.shape[1] + gap
    return out


def _tight(mask: np.ndarray) -> np.ndarray:
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    return mask[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]


def _first(held_out, digit: int) -> np.ndarray:
    images, labels = held_out
    return _tight(pen(images[np.flatnonzero(labels == digit)[0]]))


def test_two_digits_apart_are_read_in_order(held_out):
    line = _line(_first(held_out, 2), _first(held_out, 3))
    reading = read_number(glyphs(line, 50))
    assert reading is not None and reading.digits == "23"


def test_touching_digits_are_split(held_out):
    two, three = _first(held_out, 2), _first(held_out, 3)
    # the second overlaps the first by as few columns as make them touch
    line = next(line for gap in range(-2, -16, -1) if len(components(line := _line(two, three, gap=gap))) == 1)
    reading = read_number(glyphs(line, 50))
    assert reading is not None and reading.digits == "23"


def test_a_broken_digit_is_joined(held_out):
    seven = _first(held_out, 7).copy()
    cut = seven.shape[0] // 3
    seven[cut : cut + 3] = False  # the pen skipped: the bar and the stem are two pieces
    line = _line(seven)
    assert len([c for c in components(line) if c.mask.sum() > 10]) >= 2
    pieces = glyphs(line, 50)
    assert len(pieces) == 1
    reading = read_number(pieces)
    assert reading is not None and reading.digits == "7"


def test_dotted_leader_and_underscore_are_ignored(held_out):
    four = _first(held_out, 4)
    line = _line(four)
    line = np.pad(line, ((0, 0), (0, 120)))
    for x in range(line.shape[1] // 2, line.shape[1] - 5, 12):  # a leader ". . . ."
        line[70:74, x : x + 4] = True
    line[82:85, :] = True  # the underscore the day is written on
    pieces = glyphs(line, 50, band=(20, 75))
    assert [p.width for p in pieces] == [four.shape[1]]
    assert read_number(pieces).digits == "4"


def test_blank_paper_has_no_ink():
    crop = np.full((60, 80), 240, dtype=np.uint8)
    crop += np.random.default_rng(0).integers(0, 12, crop.shape, dtype=np.uint8)  # paper grain
    assert not ink(crop).any()
    assert read_number(glyphs(ink(crop), 40)) is None


def test_more_digits_than_a_day_has_are_no_day(held_out):
    line = _line(*(_first(held_out, d) for d in (1, 2, 3)))
    assert read_number(glyphs(line, 50)) is None


def test_a_faint_digit_broken_into_dots_is_kept_whole():
    line = np.zeros((80, 60), dtype=bool)
    for y in range(15, 60, 4):  # a 1 the scanner left as a column of dots
        line[y : y + 3, 28:31] = True
    for x in range(5, 55, 10):  # a leader's dots along the baseline stay out
        line[70:73, x : x + 3] = True
    pieces = glyphs(line, 45, band=(15, 60))
    assert [(p.left, p.top, p.height) for p in pieces] == [(28, 15, 47)]


def test_a_digit_joined_to_a_letter_by_one_stroke_is_cut_off_there(held_out):
    """A crossed 7 whose bar runs on into the next printed letter: cut where the bar alone joins
    them, on whichever side of the slot's guessed edge that is, and still read as a 7."""
    images, labels = held_out
    seven = pen(images[labels == 7][0])
    mask = np.zeros((56, 140), dtype=bool)
    mask[:, 10:66] = seven
    columns = np.flatnonzero(seven.any(axis=0))
    mask[27:30, 10 + columns[-1] - 8 : 120] = True  # the bar, run on to the letter
    mask[10:56, 112:118] = True  # the letter's stem
    whole = components(mask)
    assert len(whole) == 1
    for edge in (60, 80, 100):
        cut = cut_bridge(whole[0], edge, right=True, thin=14)
        assert cut is not None and cut.right <= 10 + columns[-1] + 1
        assert read_number([cut]).digits == "7"
    mirrored = cut_bridge(components(mask[:, ::-1])[0], 60, right=False, thin=14)
    assert mirrored is not None and mirrored.left >= 140 - (10 + columns[-1] + 1)


def test_a_digit_overlapping_a_letter_is_not_cut():
    mask = np.zeros((40, 80), dtype=bool)
    mask[5:35, 10:50] = True  # ink from the digit well into the letter, full height all along
    mask[0:40, 48:54] = True
    assert cut_bridge(components(mask)[0], 40, right=True, thin=10) is None


def test_a_digit_is_never_cut_off_as_if_it_were_a_letter(held_out):
    """``01`` whose two digits touch, and a slot edge guessed inside the ``0`` (the keyword's box
    swallowed it): the 0 stands tall inside the slot, so it is not taken for the printed letter."""
    images, labels = held_out
    zero, one = pen(images[labels == 0][0], 40), pen(images[labels == 1][0], 40)
    mask = np.zeros((40, 90), dtype=bool)
    mask[:, 0:40] |= zero
    mask[:, 36:76] |= one
    zero_right = int(np.flatnonzero(zero.any(axis=0))[-1])
    one_left = 36 + int(np.flatnonzero(one.any(axis=0))[0])
    mask[20:22, zero_right - 2 : one_left + 3] = True  # the pen's joining stroke
    piece = components(mask)[0]
    assert cut_bridge(piece, zero_right - 6, right=False, thin=10) is None
