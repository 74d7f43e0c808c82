"""Colour scans: the red seal fades into the paper, other inks keep their darkness."""

from __future__ import annotations

import numpy as np
from PIL import Image

from viplan_ocr.extract.preprocess import drop_red, grayscale


def _page(seal_share: float) -> Image.Image:
    """A white page with black, blue and seal-red ink, the red covering ``seal_share`` of it."""
    page = np.full((100, 100, 3), 255, dtype=np.uint8)
    page[0:10, 0:10] = (0, 0, 0)  # black print
    page[10:20, 0:10] = (30, 40, 160)  # blue handwriting
    rows = round(seal_share * 100)
    page[50 : 50 + rows, :] = (205, 35, 45)  # seal ink
    page[50, 0] = (123, 21, 27)  # black letter under translucent seal ink
    return Image.fromarray(page, mode="RGB")


def test_seal_ink_becomes_light_while_black_and_blue_ink_stay_dark():
    gray = np.asarray(drop_red(_page(0.2)))
    assert gray[55, 50] > 190  # the seal is nearly paper
    assert gray[50, 0] < 140  # the letter under it stays darker than the seal around it
    assert gray[5, 5] < 10  # black print
    assert gray[15, 5] < 80  # blue handwriting is not dropped


def test_a_page_without_a_seal_is_plain_luminance():
    page = _page(0.0)
    assert np.array_equal(np.asarray(grayscale(page)), np.asarray(page.convert("L")))
