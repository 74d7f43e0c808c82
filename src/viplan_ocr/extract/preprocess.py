"""Image clean-up before Tesseract: grayscale, deskew, upscaling, binarisation.

Why each step (measured by ``benchmarks/ocr.py``):

- **Deskew**, first. A page fed askew by a few degrees makes Tesseract's line finder cut through
  diacritics stacked above and below the line, and smears the ink profile the next step measures.
  The angle is the one whose horizontal ink profile is the most sharply peaked.
- **Upscaling.** Tesseract reads best when lowercase letters are some 20-30 pixels tall (12 pt
  text at 300 dpi); an office scan at 150 dpi gives half that, and Vietnamese tone marks, a few
  pixels each, are the first casualties (``hoạch`` read as ``hoach``). We measure the x-height
  from the page's ink profile rather than trusting the file's dpi tag, which is often wrong.
- **Binarisation** (Otsu, or Sauvola for uneven lighting) after a light median filter: sensor
  noise and JPEG ringing become speckles Tesseract tries to read as dots and tone marks.

Orientation (sideways or upside-down pages) is fixed in :mod:`viplan_ocr.extract.ocr`, with
Tesseract's own OSD, because only a recognizer can tell up from down.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageFilter, ImageOps

TARGET_X_HEIGHT = 24  # pixels: 12 pt text at 300 dpi, what Tesseract reads best
MAX_UPSCALE = 3.0


@dataclass(frozen=True, slots=True)
class Preprocess:
    """Which steps to run; the defaults are what the benchmark found to help."""

    upscale: bool = True
    deskew: bool = True
    denoise: bool = True
    binarize: str | None = "otsu"  # "otsu", "sauvola" or None (leave it to Tesseract)


DEFAULT_PREPROCESS = Preprocess()


@dataclass(frozen=True, slots=True)
class Prepared:
    """A page image ready for Tesseract, and what was done to it."""

    image: Image.Image
    scale: float = 1.0  # prepared pixels per original pixel
    angle: float = 0.0  # degrees the page was rotated counter-clockwise to straighten it
    steps: tuple[str, ...] = ()


def grayscale(image: Image.Image) -> Image.Image:
    """One 8-bit channel; transparent areas become white paper, not black."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        background = Image.new("RGBA", image.size, (255, 255, 255, 255))
        image = Image.alpha_composite(background, image.convert("RGBA"))
    if image.mode == "1":
        return image.convert("L")
    return ImageOps.grayscale(image) if image.mode != "L" else image


def otsu_threshold(pixels: np.ndarray) -> int:
    """The grey level that best splits ink from paper (Otsu 1979), from the histogram.

    >>> otsu_threshold(np.array([[10, 12, 200, 210]], dtype=np.uint8))
    12
    """
    histogram = np.bincount(pixels.ravel(), minlength=256).astype(np.float64)
    weights = histogram / histogram.sum()
    levels = np.arange(256)
    omega = np.cumsum(weights)
    mu = np.cumsum(weights * levels)
    between = (mu[-1] * omega - mu) ** 2 / np.maximum(omega * (1.0 - omega), 1e-12)
    return int(np.argmax(between))


def sauvola(pixels: np.ndarray, window: int = 31, k: float = 0.2) -> np.ndarray:
    """Sauvola's local threshold (2000): copes with shadows and uneven lighting. True = paper."""
    padded = np.pad(pixels.astype(np.float64), window // 2 + 1, mode="edge")
    integral = padded.cumsum(0).cumsum(1)
    squares = (padded**2).cumsum(0).cumsum(1)
    h, w = pixels.shape

    def window_sum(table: np.ndarray) -> np.ndarray:
        below, right = slice(window, window + h), slice(window, window + w)
        return table[below, right] - table[:h, right] - table[below, :w] + table[:h, :w]

    count = window * window
    mean = window_sum(integral) / count
    std = np.sqrt(np.maximum(window_sum(squares) / count - mean**2, 0.0))
    return pixels > mean * (1.0 + k * (std / 128.0 - 1.0))


def x_height(pixels: np.ndarray) -> float | None:
    """The median height, in pixels, of the dense band of each text line: about the x-height.

    Rows count as the band where ink is at least a tenth of the densest rows' ink; tone marks,
    ascenders and descenders are sparser and fall outside it, so neighbouring lines never merge.
    """
    counts = (pixels < otsu_threshold(pixels)).sum(axis=1)
    dense = counts > max(3.0, 0.1 * float(np.percentile(counts, 99)))
    edges = np.flatnonzero(np.diff(np.concatenate(([0], dense.astype(np.int8), [0]))))
    runs = edges[1::2] - edges[::2]
    runs = runs[runs >= 2]
    if len(runs) < 3:
        return None
    return float(np.median(runs))


def _profile_sharpness(binary: Image.Image, angle: float) -> float:
    rotated = np.asarray(binary.rotate(angle, resample=Image.Resampling.NEAREST, fillcolor=0), dtype=np.float64)
    return float(np.var(rotated.sum(axis=1)))


def skew_angle(image: Image.Image, *, limit: float = 6.0) -> float:
    """The small rotation (degrees, counter-clockwise) that makes text lines horizontal."""
    small = image.copy()
    small.thumbnail((900, 900))
    pixels = np.asarray(small)
    binary = Image.fromarray(((pixels < otsu_threshold(pixels)) * 255).astype(np.uint8), "L")
    coarse = max(np.arange(-limit, limit + 0.01, 0.5), key=lambda a: _profile_sharpness(binary, a))
    fine = max(np.arange(coarse - 0.5, coarse + 0.51, 0.1), key=lambda a: _profile_sharpness(binary, a))
    return round(float(fine), 1)


def prepare(image: Image.Image, config: Preprocess = DEFAULT_PREPROCESS) -> Prepared:
    """Run the configured steps on one page image."""
    gray = grayscale(image)
    steps: list[str] = ["grayscale"]
    scale, angle = 1.0, 0.0
    if config.deskew:
        angle = skew_angle(gray)
        if abs(angle) >= 0.2:
            gray = gray.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
            steps.append(f"deskew {angle:+.1f}°")
        else:
            angle = 0.0
    if config.upscale:
        height = x_height(np.asarray(gray))
        if height and height < TARGET_X_HEIGHT * 0.75:
            scale = min(MAX_UPSCALE, TARGET_X_HEIGHT / height)
            gray = gray.resize((round(gray.width * scale), round(gray.height * scale)), Image.Resampling.LANCZOS)
            steps.append(f"upscale x{scale:.2f} (x-height {height:.0f} px)")
    if config.denoise:
        gray = gray.filter(ImageFilter.MedianFilter(3))
        steps.append("median 3")
    if config.binarize:
        pixels = np.asarray(gray)
        paper = sauvola(pixels) if config.binarize == "sauvola" else pixels > otsu_threshold(pixels)
        gray = Image.fromarray((paper * 255).astype(np.uint8), "L")
        steps.append(config.binarize)
    return Prepared(image=gray, scale=scale, angle=angle, steps=tuple(steps))


__all__ = [
    "DEFAULT_PREPROCESS",
    "Prepared",
    "Preprocess",
    "grayscale",
    "otsu_threshold",
    "prepare",
    "sauvola",
    "skew_angle",
    "x_height",
]
