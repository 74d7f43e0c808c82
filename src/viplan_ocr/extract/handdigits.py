"""Handwritten digits in a small crop of a scan: segmented, normalised like MNIST, classified.

A clerk writes the day (``ngày 17``), sometimes the month, by hand before signing; Tesseract
reads a legible ``17`` as ``ÄT`` or ``]``. This module reads such a number from the crop between
two printed words, on the CPU with numpy alone:

1. **Ink** (:func:`ink`): Otsu's threshold on the crop, kept only where it is clearly darker
   than the paper.
2. **Glyphs** (:func:`glyphs`): connected components; specks, dotted leaders (``....``),
   underscores and rules (too flat, or far taller than the printed line) are dropped; pieces of
   one digit standing over each other (the bar of a ``5``, a ``7``'s cross stroke) are joined.
3. **Normalised** (:func:`normalise`) as MNIST was made: strokes brought to one thickness, the
   glyph fitted in a 20x20 box keeping its aspect, centred by centre of mass in 28x28.
4. **Classified** by three small perceptrons, averaged (:func:`classify`), trained at build time by
   ``scripts/build_digits.py`` on MNIST samples made to look like pen on a 1-bit scan, with an
   eleventh class for ink that is no digit (scribbles, letters, rules).
5. **Read** (:func:`read_number`): a glyph much wider than a digit is two touching digits, split
   where the classifier is surest; the number's confidence is the product of its digits'.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
from PIL import Image

from viplan_ocr.extract.preprocess import otsu_threshold
from viplan_ocr.resources import data_path

#: The package data file holding the classifier's weights (``scripts/build_digits.py``).
MODEL_FILE = "digits.npz"
#: The class the classifier gives to ink that is no digit.
NOT_A_DIGIT = 10
#: Stroke width, in pixels of the 20x20 box, every glyph is brought to (MNIST's pen is about this).
STROKE = 2.6
#: The stroke widths a glyph is classified at, the probabilities averaged.
VARIANTS = (STROKE - 0.8, STROKE, STROKE + 0.8)
#: Slants a glyph is also classified at (a clerk's hand leans either way).
SHEARS = (-0.2, 0.0, 0.2)
#: A glyph this much wider than tall may be two touching digits.
WIDE = 1.05
#: A glyph narrower than this share of the line's height is a speck or a dot of a leader.
SPECK = 0.3
#: A reading that split a glyph in two is trusted this much less (the cut may be wrong).
SPLIT_DOUBT = 0.8
#: A glyph flatter than this share of the line's height is an underscore, a dash or a leader.
FLAT = 0.3
#: A glyph taller than this many line heights is a rule or a scanner's streak.
TALL = 2.2


@dataclass(frozen=True, slots=True)
class Glyph:
    """One connected piece (or joined pieces) of ink: its box in the crop and its pixels."""

    left: int
    top: int
    mask: np.ndarray  # bool, the glyph's box

    @property
    def width(self) -> int:
        """Width in pixels."""
        return int(self.mask.shape[1])

    @property
    def height(self) -> int:
        """Height in pixels."""
        return int(self.mask.shape[0])

    @property
    def right(self) -> int:
        """The column after the glyph's last one."""
        return self.left + self.width

    @property
    def bottom(self) -> int:
        """The row after the glyph's last one."""
        return self.top + self.height


@dataclass(frozen=True, slots=True)
class Reading:
    """A number read from ink: its digits, the confidence (0-1) and the ink's box in the crop."""

    digits: str
    confidence: float
    box: tuple[int, int, int, int]  # left, top, width, height


def ink(pixels: np.ndarray) -> np.ndarray:
    """The dark pixels of a grey crop (True = ink); nothing when the crop is blank paper.

    >>> crop = np.full((10, 10), 250, dtype=np.uint8); crop[2:8, 4:6] = 20
    >>> int(ink(crop).sum()), int(ink(np.full((10, 10), 250, dtype=np.uint8)).sum())
    (12, 0)
    """
    if pixels.size == 0:
        return np.zeros(pixels.shape, dtype=bool)
    paper = float(np.percentile(pixels, 90))
    threshold = min(otsu_threshold(pixels), paper - 60)  # a clean blank crop has no ink at all
    return pixels <= threshold


def components(mask: np.ndarray) -> list[Glyph]:
    """The 8-connected pieces of ink, each with its box, left to right.

    Runs of ink in each row are joined to touching runs of the row above (union-find): a crop
    holds a few hundred runs, so this is quick in plain Python.

    >>> m = np.zeros((5, 9), dtype=bool); m[0:4, 1] = True; m[3, 2] = True; m[1:3, 6:8] = True
    >>> [(g.left, g.top, g.width, g.height) for g in components(m)]
    [(1, 0, 2, 4), (6, 1, 2, 2)]
    """
    runs: list[tuple[int, int, int]] = []  # row, start, end (exclusive)
    for row in range(mask.shape[0]):
        line = np.concatenate(([False], mask[row], [False])).astype(np.int8)
        edges = np.flatnonzero(np.diff(line))
        runs.extend((row, int(s), int(e)) for s, e in zip(edges[::2], edges[1::2], strict=True))
    parent = list(range(len(runs)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    previous: list[int] = []
    current: list[int] = []
    row_of = -1
    for index, (row, start, end) in enumerate(runs):
        if row != row_of:
            previous = current if row == row_of + 1 else []
            current, row_of = [], row
        for other in previous:
            _, s, e = runs[other]
            if s <= end and start <= e:  # touching, diagonals included (end is exclusive)
                parent[root(index)] = root(other)
        current.append(index)
    groups: dict[int, list[int]] = {}
    for index in range(len(runs)):
        groups.setdefault(root(index), []).append(index)
    glyphs = []
    for members in groups.values():
        rows = [runs[i][0] for i in members]
        left, right = min(runs[i][1] for i in members), max(runs[i][2] for i in members)
        top, bottom = min(rows), max(rows) + 1
        piece = np.zeros((bottom - top, right - left), dtype=bool)
        for i in members:
            row, s, e = runs[i]
            piece[row - top, s - left : e - left] = True
        glyphs.append(Glyph(left, top, piece))
    return sorted(glyphs, key=lambda g: g.left)


def join(a: Glyph, b: Glyph) -> Glyph:
    """One glyph of two pieces (a digit the pen or the scanner broke)."""
    left, top = min(a.left, b.left), min(a.top, b.top)
    right, bottom = max(a.right, b.right), max(a.bottom, b.bottom)
    mask = np.zeros((bottom - top, right - left), dtype=bool)
    for g in (a, b):
        mask[g.top - top : g.bottom - top, g.left - left : g.right - left] |= g.mask
    return Glyph(left, top, mask)


def cut_bridge(glyph: Glyph, edge: int, *, right: bool, thin: float) -> Glyph | None:
    """The glyph cut off where a thin stroke joins it to ink past ``edge`` (a column of the crop),
    or None when no thin joint lies there.

    A clerk's crossed ``7`` runs its bar into the ``t`` of ``tháng``; the pen's tail of a digit
    touches the ``y`` of ``ngày``. Where the ink that crosses the slot's edge is a single stroke
    (its columns no taller than ``thin`` pixels), the digit ends at that stroke: the glyph is cut
    where the run of thin columns nearest ``edge`` meets the digit (``right``: the joint is on
    the digit's right; the slot's edge is a guess from the printed letters' widths, so the run
    may lie on either side of it). A digit that
    overlaps the printed letter itself has no such column and stays joined (unreadable); so does
    one whose cut-off part stands tall on the slot's side of ``edge`` (two touching digits,
    ``01``, where the edge was guessed inside the ``0``).

    >>> m = np.zeros((40, 60), dtype=bool)
    >>> m[0:4, 0:14] = True; m[0:40, 10:14] = True   # a 7, its bar and stem
    >>> m[18:21, 0:45] = True                         # its cross stroke runs on into a letter
    >>> m[5:40, 40:45] = True                         # the letter's stem
    >>> cut = cut_bridge(Glyph(100, 0, m), 125, right=True, thin=8)
    >>> (cut.left, cut.right)
    (100, 114)
    >>> m[0:40, 14:40] = True                         # a blot from the digit into the letter
    >>> cut_bridge(Glyph(100, 0, m), 125, right=True, thin=8) is None
    True
    """
    mask = glyph.mask
    filled = mask.any(axis=0)
    top = np.where(filled, mask.argmax(axis=0), 0)
    bottom = np.where(filled, mask.shape[0] - mask[::-1].argmax(axis=0), 0)
    slim = filled & (bottom - top <= thin)
    columns = np.flatnonzero(slim)
    if not len(columns):
        return None
    column = int(columns[np.abs(columns - (edge - glyph.left)).argmin()])
    step = -1 if right else 1  # towards the digit
    while 0 <= column + step < mask.shape[1] and slim[column + step]:
        column += step  # the joint's whole run of thin columns: the digit begins where it ends
    cut = column if right else column + 1
    beyond = ~slim[cut:] if right else ~slim[:cut]
    offset = cut if right else 0
    tall = np.flatnonzero(beyond) + offset
    if (tall < edge - glyph.left).any() if right else (tall >= edge - glyph.left).any():
        return None  # what would be cut off stands tall inside the slot: a digit, not a letter
    part = mask[:, :cut] if right else mask[:, cut:]
    if not part.any():
        return None
    rows, cols = np.flatnonzero(part.any(axis=1)), np.flatnonzero(part.any(axis=0))
    left = glyph.left + (0 if right else cut) + int(cols[0])
    return Glyph(left, glyph.top + int(rows[0]), part[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1])


def glyphs(mask: np.ndarray, line_height: float, band: tuple[int, int] | None = None) -> list[Glyph]:
    """The pieces of ink that may be digits, broken pieces joined, left to right.

    ``line_height`` is the printed words' height in pixels; ``band`` the rows (top, bottom) of
    the printed line: a digit written on the line overlaps it, the tail of a letter of the line
    above does not. Specks and the dots of a leader (``....``) and tall marks (rules, scanner
    streaks) are dropped. Pieces standing over each other are one digit the pen broke (the two
    strokes of a ``4``); a flat piece (the bar of a ``5`` or ``7``) joins the digit it stands
    on, and is dropped when it stands on none (underscores, dashes, a leader's line).

    >>> m = np.zeros((60, 120), dtype=bool)
    >>> m[10:50, 20:24] = True                      # a 1
    >>> m[10:14, 50:75] = True; m[17:50, 70:74] = True  # a 7 whose bar the pen lifted from
    >>> m[46:49, 90:93] = True; m[46:49, 100:103] = True  # dots of a leader
    >>> m[55:57, 5:115] = True                      # an underscore
    >>> [(g.left, g.width) for g in glyphs(m, 40)]
    [(20, 4), (50, 25)]
    """
    body: list[Glyph] = []
    flat: list[Glyph] = []
    specks: list[Glyph] = []
    for g in components(mask):
        if g.height < SPECK * line_height and g.width < SPECK * line_height:
            specks.append(g)
            continue
        if g.height > TALL * line_height:
            continue
        if g.height < FLAT * line_height:
            flat.append(g)
        elif band is None or (g.bottom > band[0] and g.top < band[1]):
            body.append(g)
    for cluster in _clusters(specks, 0.1 * line_height):  # a faint digit the scanner broke into dots
        if cluster.height >= 0.5 * line_height and (
            band is None or (cluster.bottom > band[0] and cluster.top < band[1])
        ):
            body.append(cluster)
    joined: list[Glyph] = []
    for g in sorted(body, key=lambda g: g.left):
        if joined and _stacked(joined[-1], g):
            joined[-1] = join(joined[-1], g)
        else:
            joined.append(g)
    for piece in flat:
        for index, g in enumerate(joined):
            over = _overlap(g, piece) >= 0.5 * min(g.width, piece.width)
            above_foot = (piece.top + piece.bottom) / 2 < g.bottom - 0.15 * line_height
            near = piece.top < g.bottom and piece.bottom > g.top - 0.3 * line_height
            if over and above_foot and near and piece.width <= 2.5 * g.height:
                joined[index] = join(g, piece)
                break
    return joined


def _clusters(pieces: list[Glyph], gap: float) -> list[Glyph]:
    """Small pieces joined where they lie within ``gap`` of each other (a leader's dots stay a
    flat row; the dots of a faint digit make a digit-sized cluster)."""
    clusters: list[Glyph] = []
    for piece in sorted(pieces, key=lambda g: g.left):
        for index, other in enumerate(clusters):
            apart_x = max(other.left - piece.right, piece.left - other.right)
            apart_y = max(other.top - piece.bottom, piece.top - other.bottom)
            if apart_x <= gap and apart_y <= gap:
                clusters[index] = join(other, piece)
                break
        else:
            clusters.append(piece)
    return clusters


def _stacked(a: Glyph, b: Glyph) -> bool:
    """Whether two pieces stand over each other (one digit broken), not side by side (a slanted
    ``1`` leaning over the digit next to it shares columns with it, but not the rows)."""
    rows = min(a.bottom, b.bottom) - max(a.top, b.top)
    return _overlap(a, b) >= 0.5 * min(a.width, b.width) and rows < 0.5 * min(a.height, b.height)


def _overlap(a: Glyph, b: Glyph) -> int:
    """How many columns two glyphs share."""
    return min(a.right, b.right) - max(a.left, b.left)


def _shift(mask: np.ndarray, dy: int, dx: int) -> np.ndarray:
    h, w = mask.shape
    padded = np.pad(mask, 1)
    return padded[1 + dy : 1 + dy + h, 1 + dx : 1 + dx + w]


def dilate(mask: np.ndarray) -> np.ndarray:
    """The mask grown by one pixel all round (3x3)."""
    out = mask.copy()
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            out |= _shift(mask, dy, dx)
    return out


def erode(mask: np.ndarray) -> np.ndarray:
    """The mask shrunk by one pixel all round (a 4-neighbour cross)."""
    out = mask.copy()
    for dy, dx in ((-1, 0), (1, 0), (0, -1), (0, 1)):
        out &= _shift(mask, dy, dx)
    return out


def stroke_width(mask: np.ndarray) -> float:
    """The mean stroke width of a glyph, in pixels: twice its area over its outline's length.

    >>> m = np.zeros((40, 20), dtype=bool); m[2:38, 8:12] = True
    >>> round(stroke_width(m), 1)
    3.8
    """
    area = int(mask.sum())
    if not area:
        return 0.0
    edge = int((mask & ~erode(mask)).sum())
    return 2.0 * area / max(edge, 1) if edge < area else float(min(mask.shape))


def normalise(mask: np.ndarray, stroke: float = STROKE) -> np.ndarray:
    """A glyph as MNIST draws its digits: 28x28 floats 0-1, ink high, in a 20x20 box by aspect,
    centred by centre of mass, strokes about :data:`STROKE` pixels wide.

    The same function prepares the training samples (``scripts/build_digits.py``), so a thin
    ballpoint ``7`` and a felt-tip MNIST ``7`` look alike to the classifier.

    >>> m = np.zeros((50, 8), dtype=bool); m[:, 3:5] = True
    >>> out = normalise(m); out.shape, round(float(out.max()), 1), int(out.sum(axis=0).argmax())
    ((28, 28), 1.0, 13)
    """
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    out = np.zeros((28, 28), dtype=np.float32)
    if not len(rows):
        return out
    mask = mask[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
    scale = 20.0 / max(mask.shape)
    wanted = stroke / scale  # stroke width wanted before scaling, in the glyph's pixels
    width = stroke_width(mask)
    mask = np.pad(mask, 2)
    while width < wanted - 1.0:  # thin pen: thicken, two pixels of width a pass
        mask = dilate(mask)
        width += 2.0
    while width > wanted + 2.0 and erode(mask).sum() > 0.5 * mask.sum():  # felt tip: thin it, if it survives
        mask = erode(mask)
        width -= 2.0
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    mask = mask[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
    scale = 20.0 / max(mask.shape)
    size = (max(1, round(mask.shape[1] * scale)), max(1, round(mask.shape[0] * scale)))
    small = Image.fromarray((mask * 255).astype(np.uint8)).resize(size, Image.Resampling.BOX)
    glyph = np.asarray(small, dtype=np.float32) / 255.0
    total = glyph.sum()
    if total <= 0:
        return out
    ys, xs = np.indices(glyph.shape)
    cy, cx = (ys * glyph).sum() / total, (xs * glyph).sum() / total
    top, left = round(14 - cy - 0.5), round(14 - cx - 0.5)
    top = min(max(top, 0), 28 - glyph.shape[0])
    left = min(max(left, 0), 28 - glyph.shape[1])
    out[top : top + glyph.shape[0], left : left + glyph.shape[1]] = glyph
    return np.clip(out / max(float(out.max()), 1e-6), 0.0, 1.0)


#: A model: its nets, each a tuple of layers (weights, bias).
Nets = tuple[tuple[tuple[np.ndarray, np.ndarray], ...], ...]


def nets_from(data: np.lib.npyio.NpzFile) -> Nets:
    """A stored model's nets, each a tuple of layers (weights, bias); the weights are stored as
    int8 with a scale for each unit."""

    def layer(m: int, i: int) -> tuple[np.ndarray, np.ndarray]:
        weights = data[f"m{m}w{i}"].astype(np.float32) * data[f"m{m}s{i}"].astype(np.float32)
        return weights, data[f"m{m}b{i}"].astype(np.float32)

    members, count = int(data["members"]), int(data["layers"])
    return tuple(tuple(layer(m, i) for i in range(count)) for m in range(members))


@cache
def _model() -> Nets:
    """The shipped classifier's nets, loaded once."""
    with np.load(data_path(MODEL_FILE)) as data:
        return nets_from(data)


def classify_glyphs(masks: list[np.ndarray]) -> np.ndarray:
    """Class probabilities of glyphs, averaged over a thinner, the usual and a bolder stroke
    (:data:`VARIANTS`), each leaned left, upright and right (:data:`SHEARS`): ink the classifier
    never saw the like of rarely keeps one answer through all nine looks, so its confidence
    drops where a single look would be confidently wrong, and a digit that is one keeps it."""
    looks = [
        classify(np.stack([normalise(_sheared(m, shear), stroke) for m in masks]))
        for stroke in VARIANTS
        for shear in SHEARS
    ]
    return np.mean(looks, axis=0)


def _sheared(mask: np.ndarray, shear: float) -> np.ndarray:
    """The glyph leaned by ``shear`` (columns shifted in proportion to the row's height)."""
    if not shear:
        return mask
    height, width = mask.shape
    extra = int(np.ceil(abs(shear) * height))
    out = np.zeros((height, width + extra), dtype=bool)
    for row in range(height):
        shift = round(shear * (height - 1 - row)) if shear > 0 else round(-shear * row)
        out[row, shift : shift + width] = mask[row]
    return out


def classify(samples: np.ndarray, nets: Nets | None = None) -> np.ndarray:
    """Class probabilities (n x 11: digits 0-9, then :data:`NOT_A_DIGIT`) of normalised glyphs
    (n x 28 x 28), averaged over the nets (the shipped model's unless given)."""
    total = np.zeros((len(samples), NOT_A_DIGIT + 1), dtype=np.float32)
    nets = nets or _model()
    inputs = samples.reshape(len(samples), -1).astype(np.float32)
    for layers in nets:
        x = inputs
        for index, (weights, bias) in enumerate(layers):
            x = x @ weights + bias
            if index < len(layers) - 1:
                x = np.maximum(x, 0.0)
        e = np.exp(x - x.max(axis=1, keepdims=True))
        total += e / e.sum(axis=1, keepdims=True)
    return total / len(nets)


def _best(probabilities: np.ndarray) -> tuple[str, float]:
    """The digits and the product of their probabilities; a glyph read as no digit scores 0."""
    classes = probabilities.argmax(axis=1)
    if (classes == NOT_A_DIGIT).any():
        return "", 0.0
    return "".join(str(int(c)) for c in classes), float(np.prod(probabilities.max(axis=1)))


def _cuts(glyph: Glyph) -> list[int]:
    """Columns where a wide glyph may be two touching digits: the thinnest columns of its middle."""
    profile = glyph.mask.sum(axis=0)
    low, high = round(0.25 * glyph.width), round(0.75 * glyph.width)
    if high <= low:
        return []
    order = np.argsort(profile[low:high], kind="stable")[:3]
    return sorted({low + int(i) for i in order})


def _split(glyph: Glyph, cut: int) -> tuple[Glyph, Glyph]:
    return Glyph(glyph.left, glyph.top, glyph.mask[:, :cut]), Glyph(glyph.left + cut, glyph.top, glyph.mask[:, cut:])


def read_number(pieces: list[Glyph], *, max_digits: int = 2) -> Reading | None:
    """The number the glyphs spell, or None when there is no ink or more than ``max_digits`` digits.

    A glyph wider than tall (:data:`WIDE`) is tried whole and split at its thinnest middle
    columns; the reading the classifier is surest of wins (a split one trusted :data:`SPLIT_DOUBT` less).
    """
    if not pieces or len(pieces) > max_digits:
        return None
    options: list[list[np.ndarray]] = [[]]
    for glyph in pieces:
        ways = [[glyph.mask]]
        if glyph.width > WIDE * glyph.height and len(pieces) < max_digits:
            ways += [[a.mask, b.mask] for a, b in (_split(glyph, c) for c in _cuts(glyph))]
        options = [done + way for done in options for way in ways]
    options = [o for o in options if len(o) <= max_digits]
    if not options:
        return None
    best = ("", 0.0)
    for masks in options:
        probabilities = classify_glyphs(masks)
        digits, confidence = _best(probabilities)
        if len(masks) > len(pieces):
            confidence *= SPLIT_DOUBT
        if confidence > best[1]:
            best = (digits, confidence)
    left, top = min(g.left for g in pieces), min(g.top for g in pieces)
    right, bottom = max(g.right for g in pieces), max(g.bottom for g in pieces)
    return Reading(best[0], best[1], (left, top, right - left, bottom - top))


__all__ = [
    "Glyph",
    "Reading",
    "classify",
    "classify_glyphs",
    "components",
    "cut_bridge",
    "glyphs",
    "ink",
    "nets_from",
    "normalise",
    "read_number",
]
