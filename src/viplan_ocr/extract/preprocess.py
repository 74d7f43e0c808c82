"""Image clean-up before Tesseract: grayscale, even lighting, despeckle, deskew, upscaling.

The order matters, and each step earns its place in ``benchmarks/ocr.py`` (figures there, on
photocopied-looking pages: faded toner, a shadow across the page, dust, JPEG at quality 40):

- **Flatten the background.** A page lifted off the glass or lit from one side goes grey towards
  a corner; Tesseract's own global threshold then swallows whole lines. Dividing by an estimate
  of the paper's brightness took CER from about 33% to under 2% on such pages.
- **Despeckle** (a 3x3 median), on the original pixels: dust specks and sensor noise become stray marks that
  Tesseract reads as dots and tone marks. Filtering *before* any resampling matters: rotating or
  enlarging first spreads each speck over several pixels, and the filter no longer removes it.
- **Deskew.** A page fed askew by a few degrees makes Tesseract's line finder cut through tone
  marks stacked above and below the line, and smears the ink profile the next step measures.
  The angle is the one whose horizontal ink profile is the most sharply peaked.
- **Upscaling**, only for small print: lowercase letters under 14 pixels tall (12 pt text at
  100 dpi, or 8 pt at 150) lose their tone marks first (``hoạch`` read as ``hoach``). Tesseract
  rescales each line itself, so enlarging ordinary 150 dpi text (x-height 15) gained nothing and
  cost a few case confusions (``cơ sở`` read as ``CƠ SỞ``). The x-height is measured from the
  page's ink profile rather than trusted from the file's dpi tag, which is often wrong.
- **Binarisation** (Otsu, or Sauvola for uneven lighting) is available but off by default: after
  flattening, Tesseract's own thresholding did as well or better.

Orientation (sideways or upside-down pages) is fixed in :mod:`viplan_ocr.extract.ocr`, with
Tesseract's own OSD, because only a recognizer can tell up from down.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
from PIL import Image, ImageFilter, ImageOps

TARGET_X_HEIGHT = 20  # pixels: what small print is enlarged to
MIN_X_HEIGHT = 14  # pixels: under this, Tesseract starts to lose tone marks
UNEVEN_LIGHTING = 0.05  # paper brightness spread above which the background is flattened
SPECKLED = 0.0002  # share of isolated dark pixels above which the page is despeckled
MAX_UPSCALE = 3.0


@dataclass(frozen=True, slots=True)
class Preprocess:
    """Which steps to run; the defaults are what the benchmark found to help."""

    flatten: bool = True
    denoise: bool = True
    deskew: bool = True
    upscale: bool = True
    binarize: str | None = None  # "otsu", "sauvola" or None (leave it to Tesseract)


DEFAULT_PREPROCESS = Preprocess()


@dataclass(frozen=True, slots=True)
class Rotation:
    """A turn of ``angle`` degrees counter-clockwise about the centre, the canvas grown to fit."""

    angle: float
    before: tuple[int, int]  # image size before the turn
    after: tuple[int, int]

    def undo(self, x: float, y: float) -> tuple[float, float]:
        """Where a point of the turned image was before the turn."""
        theta = math.radians(self.angle)
        dx, dy = x - self.after[0] / 2, y - self.after[1] / 2
        return (
            dx * math.cos(theta) - dy * math.sin(theta) + self.before[0] / 2,
            dx * math.sin(theta) + dy * math.cos(theta) + self.before[1] / 2,
        )


@dataclass(frozen=True, slots=True)
class Scaling:
    """An enlargement by ``factor``."""

    factor: float

    def undo(self, x: float, y: float) -> tuple[float, float]:
        """Where a point of the enlarged image was before."""
        return x / self.factor, y / self.factor


@dataclass(frozen=True, slots=True)
class Prepared:
    """A page image ready for Tesseract, and the turns and enlargements that made it.

    Tesseract's boxes are in the prepared image; :meth:`to_original` maps them back onto the
    page as it was given, so that boxes from OCR and from a text layer can be compared.
    """

    image: Image.Image
    transforms: tuple[Rotation | Scaling, ...] = ()
    steps: tuple[str, ...] = ()

    @property
    def magnification(self) -> float:
        """Prepared pixels per original pixel."""
        return math.prod(step.factor for step in self.transforms if isinstance(step, Scaling))

    def rotated(self, angle: float, *, resample: Image.Resampling = Image.Resampling.BICUBIC) -> Prepared:
        """The image turned counter-clockwise by ``angle`` degrees (canvas grown to fit)."""
        turned = self.image.rotate(angle, resample=resample, expand=True, fillcolor=255)
        step = Rotation(angle, self.image.size, turned.size)
        return Prepared(turned, (*self.transforms, step), self.steps)

    def scaled(self, factor: float) -> Prepared:
        """The image enlarged by ``factor``."""
        size = (round(self.image.width * factor), round(self.image.height * factor))
        return Prepared(
            self.image.resize(size, Image.Resampling.LANCZOS), (*self.transforms, Scaling(factor)), self.steps
        )

    def to_original(self, box: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
        """A (left, top, width, height) box of the prepared image, on the original image.

        >>> page = Prepared(Image.new("L", (200, 100), 255)).scaled(2).rotated(90)
        >>> page.to_original((20, 300, 20, 40))  # where a 20 x 10 mark at (30, 10) ends up
        (30, 10, 20, 10)
        """
        left, top, width, height = box
        corners: list[tuple[float, float]] = [(left, top), (left + width, top), (left, top + height)]
        corners.append((left + width, top + height))
        for step in reversed(self.transforms):
            corners = [step.undo(x, y) for x, y in corners]
        xs, ys = [x for x, _ in corners], [y for _, y in corners]
        return round(min(xs)), round(min(ys)), round(max(xs) - min(xs)), round(max(ys) - min(ys))


def grayscale(image: Image.Image) -> Image.Image:
    """One 8-bit channel; transparent areas become white paper, not black."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        background = Image.new("RGBA", image.size, (255, 255, 255, 255))
        image = Image.alpha_composite(background, image.convert("RGBA"))
    if image.mode == "1":
        return image.convert("L")
    if image.mode == "L":
        return image
    return drop_red(image.convert("RGB"))


#: How much redder than green and blue a pixel must be to count as seal ink.
RED_MARGIN = 60
#: The share of the page that must be red before red is dropped (a seal, not a red letter).
RED_SHARE = 0.002


def drop_red(image: Image.Image) -> Image.Image:
    """Grayscale that lets red seal ink fade into the paper, as a scanner's red dropout does.

    Vietnamese documents carry a red round seal over the signature and often over the last lines
    of text. By brightness, red ink is dark grey (``(205, 35, 45)`` gives about 85), so the
    letters under it vanish into a dark blot; in the red channel the seal is nearly paper-white
    while black letters under it stay dark. Only strongly red pixels take their red channel, and
    only when the page has a seal-sized share of them: blue or black handwriting is untouched.
    """
    gray = ImageOps.grayscale(image)
    rgb = np.asarray(image, dtype=np.int16)
    red = rgb[..., 0] - np.maximum(rgb[..., 1], rgb[..., 2]) > RED_MARGIN
    if red.mean() < RED_SHARE:
        return gray
    values = np.asarray(gray).copy()
    values[red] = rgb[..., 0][red]
    return Image.fromarray(values, mode="L")


def paper_brightness(image: Image.Image) -> Image.Image:
    """The paper's brightness around each point, at 1/8 scale.

    The brightest value within a 7-pixel window there (more than a letter wide, so ink never
    counts as paper), smoothed.
    """
    small = image.resize((max(1, image.width // 8), max(1, image.height // 8)), Image.Resampling.BOX)
    return small.filter(ImageFilter.MaxFilter(7)).filter(ImageFilter.GaussianBlur(2))


def lighting_spread(paper: Image.Image) -> float:
    """How unevenly the page is lit: the spread of paper brightness (0 even, 1 black to white)."""
    values = np.asarray(paper, dtype=np.float64)
    return float(np.percentile(values, 98) - np.percentile(values, 2)) / 255.0


def flatten_background(image: Image.Image, paper: Image.Image | None = None) -> Image.Image:
    """Divide out uneven lighting: paper becomes evenly white, ink keeps its contrast to it."""
    paper = (paper or paper_brightness(image)).resize(image.size, Image.Resampling.BILINEAR)
    pixels = np.asarray(image, dtype=np.float32) / np.maximum(np.asarray(paper, dtype=np.float32), 1.0)
    return Image.fromarray(np.clip(pixels * 255.0, 0, 255).astype(np.uint8), "L")


def speck_share(image: Image.Image) -> float:
    """The share of pixels that are dark with no dark neighbour: dust, not letters.

    Letters are made of connected strokes, so even small print has almost none (under 0.01‰ on
    our test scans); a dusty photocopy has a few per thousand.
    """
    pixels = np.asarray(image)
    dark = pixels < otsu_threshold(pixels)
    padded = np.pad(dark, 1).astype(np.uint8)
    h, w = dark.shape
    neighbours = sum(padded[1 + dy : 1 + dy + h, 1 + dx : 1 + dx + w] for dy in (-1, 0, 1) for dx in (-1, 0, 1))
    return float((dark & (neighbours <= 1)).mean())


def _median_of_three(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
    return np.maximum(np.minimum(a, b), np.minimum(np.maximum(a, b), c))


def despeckle(image: Image.Image) -> Image.Image:
    """A 3x3 separable median (rows, then columns): removes one- and two-pixel specks.

    Nearly the true 3x3 median, but a few min/max passes over the array, some 50 times faster than
    Pillow's ``MedianFilter(3)`` on a 300 dpi page (0.02 s against 1 s).
    """
    padded = np.pad(np.asarray(image), 1, mode="edge")
    rows = _median_of_three(padded[:, :-2], padded[:, 1:-1], padded[:, 2:])
    return Image.fromarray(_median_of_three(rows[:-2], rows[1:-1], rows[2:]), "L")


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
    The thin runs they still leave are dropped before taking the median.
    """
    counts = (pixels <= otsu_threshold(pixels)).sum(axis=1)  # Otsu's level is the darkest class's top
    dense = counts > max(3.0, 0.1 * float(np.percentile(counts, 99)))
    edges = np.flatnonzero(np.diff(np.concatenate(([0], dense.astype(np.int8), [0]))))
    runs = edges[1::2] - edges[::2]
    if len(runs) < 3:
        return None
    runs = runs[runs >= 0.4 * np.percentile(runs, 90)]  # slivers: rows of tone marks, stray specks
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


def prepare(
    image: Image.Image,
    config: Preprocess = DEFAULT_PREPROCESS,
    *,
    skew: float | None = None,
    scale: float | None = None,
) -> Prepared:
    """Run the configured steps on one page image.

    ``skew`` is the angle to deskew by when it is known: a piece of a page is turned by the
    page's angle, as the lines it holds are too few (and a seal's ring too round) to measure it.
    ``scale``, likewise, is the page's enlargement (1 for none): a signature block under a seal
    measures no x-height of its own.
    """
    gray = grayscale(image)
    steps: list[str] = ["grayscale"]
    if config.flatten:
        paper = paper_brightness(gray)
        spread = lighting_spread(paper)
        if spread > UNEVEN_LIGHTING:
            gray = flatten_background(gray, paper)
            steps.append(f"flatten (paper brightness varies {spread:.0%})")
    if config.denoise:
        specks = speck_share(gray)
        if specks > SPECKLED:
            gray = despeckle(gray)
            steps.append(f"despeckle ({specks * 1000:.1f}‰ specks)")
    prepared = Prepared(gray)
    if config.deskew:
        angle = skew_angle(gray) if skew is None else skew
        if abs(angle) >= 0.2:
            prepared = prepared.rotated(angle)
            steps.append(f"deskew {angle:+.1f}°")
    if config.upscale and scale is not None:
        if scale > 1:
            prepared = prepared.scaled(scale)
            steps.append(f"upscale x{scale:.2f} (as the page)")
    elif config.upscale:
        height = x_height(np.asarray(prepared.image))
        if height and height < MIN_X_HEIGHT:
            factor = min(MAX_UPSCALE, TARGET_X_HEIGHT / height)
            prepared = prepared.scaled(factor)
            steps.append(f"upscale x{factor:.2f} (x-height {height:.0f} px)")
    if config.binarize:  # last: turning or enlarging a black-and-white image greys its edges again
        pixels = np.asarray(prepared.image)
        ink_free = sauvola(pixels) if config.binarize == "sauvola" else pixels > otsu_threshold(pixels)
        prepared = replace(prepared, image=Image.fromarray((ink_free * 255).astype(np.uint8), "L"))
        steps.append(config.binarize)
    return replace(prepared, steps=tuple(steps))


__all__ = [
    "DEFAULT_PREPROCESS",
    "Prepared",
    "Preprocess",
    "Rotation",
    "Scaling",
    "despeckle",
    "flatten_background",
    "grayscale",
    "lighting_spread",
    "otsu_threshold",
    "paper_brightness",
    "prepare",
    "sauvola",
    "skew_angle",
    "speck_share",
    "x_height",
]
