"""Synthetic OCR pairs: render true lines to images, read them back with Tesseract.

Used by ``scripts/build_lexicon.py`` (on training lines, to learn the OCR channel model) and by
``benchmarks/restore.py`` (on held-out lines, to measure restoration of OCR output). An English
engine (``-l eng``) has no Vietnamese letters, so it turns ``ư`` into ``ir``/``u``, ``ơ`` into
``o``/``a`` and ``ố`` into ``6``: the damage of ``../shared/seeds/004_…``. The Vietnamese engine
(``-l vie``) on a degraded scan makes the rarer, subtler mistakes of real scans.
"""

from __future__ import annotations

import gzip
import os
import random
import subprocess
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

from viplan_ocr.extract.synthetic import font_path
from viplan_ocr.lexicon import split_of

#: Documents whose path names one of these are "administrative prose" (education first).
ADMIN_TOPICS = ("giao-duc", "dan-so-gia-dinh-tre-em", "van-hoa", "hanh-chinh", "chinh-sach-xa-hoi")
FONT_FILES = ("DejaVuSans.ttf", "DejaVuSerif.ttf")


def prose_lines(corpus: Path, split: str, limit: int, topics: tuple[str, ...] | None = ADMIN_TOPICS) -> list[str]:
    """Prose lines (not headings, tables or lists of numbers) of one split's documents on
    ``topics`` (the admin ones by default, in that order; ``None``: every legal document), spread
    evenly over them."""
    topics = topics or ("",)  # "" is in every path
    by_topic: dict[int, list[str]] = {i: [] for i in range(len(topics))}
    seen: set[str] = set()
    for path in sorted((corpus / "legal").glob("*.txt.gz")):
        name = ""
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("##### "):
                    name = line[6:].strip()
                    continue
                topic = next((i for i, t in enumerate(topics) if t in name), None)
                text = " ".join(line.split())
                if topic is None or split_of(name) != split or text in seen or not is_prose(text):
                    continue
                seen.add(text)
                by_topic[topic].append(text)
    lines = [line for i in range(len(topics)) for line in by_topic[i]]
    step = max(1, len(lines) // limit)
    return lines[::step][:limit]


def is_prose(text: str) -> bool:
    """A sentence of running text: long enough, mostly letters, not markup."""
    if not 60 <= len(text) <= 400 or text.startswith(("#", "|", "*", ">", "!")):
        return False
    letters = sum(c.isalpha() for c in text)
    return letters / len(text) > 0.7


def render(text: str, font_file: str, size: int = 30) -> Image.Image:
    """One line of text, black on white, with a margin."""
    font = ImageFont.truetype(str(font_path(font_file)), size)
    left, top, right, bottom = font.getbbox(text)
    image = Image.new("L", (int(right - left) + 40, int(bottom - top) + 30), 255)
    ImageDraw.Draw(image).text((20 - left, 15 - top), text, font=font, fill=0)
    return image


def degrade(image: Image.Image, rng: random.Random, harsh: bool = False) -> Image.Image:
    """A cheap photocopy: downscaled to about 150 dpi, blurred, speckled, slightly rotated.

    ``harsh``: then copied again, as archives hold them: down to about 125 dpi, blurred more,
    the toner faded to grey and more dust, the page turned a little further.
    """
    width, height = image.size
    scale = rng.uniform(0.55, 0.7)
    small = image.resize((int(width * scale), int(height * scale)), Image.Resampling.BILINEAR)
    small = small.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 0.7)))
    small = small.rotate(rng.uniform(-0.6, 0.6), fillcolor=255, expand=True)
    pixels = small.load()
    for _ in range(small.size[0] * small.size[1] // 150):
        x, y = rng.randrange(small.size[0]), rng.randrange(small.size[1])
        pixels[x, y] = rng.choice((0, 255))
    if not harsh:
        return small
    again = rng.uniform(0.8, 0.9)
    small = small.resize((int(small.size[0] * again), int(small.size[1] * again)), Image.Resampling.BILINEAR)
    small = small.filter(ImageFilter.GaussianBlur(rng.uniform(0.2, 0.5)))
    fade = rng.randint(30, 50)
    small = small.point(lambda v: min(255, v + fade))
    small = small.rotate(rng.uniform(-0.8, 0.8), fillcolor=255, expand=True)
    pixels = small.load()
    for _ in range(small.size[0] * small.size[1] // 110):
        x, y = rng.randrange(small.size[0]), rng.randrange(small.size[1])
        pixels[x, y] = rng.choice((0, 90, 255))
    return small


def ocr_lines(lines: list[str], lang: str, degraded: bool = False, seed: int = 0, harsh: bool = False) -> list[str]:
    """OCR each line (rendered alone, font alternating) and return what Tesseract read."""
    return [" ".join(text for text, _ in words) for words in ocr_words(lines, lang, degraded, seed, harsh)]


def ocr_words(
    lines: list[str], lang: str, degraded: bool = False, seed: int = 0, harsh: bool = False
) -> list[list[tuple[str, float]]]:
    """OCR each line (rendered alone, font alternating): the words Tesseract read, with their
    confidences (0-100), as extraction gives them to cleaning."""
    rng = random.Random(seed)
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        names = []
        for index, line in enumerate(lines):
            image = render(line, FONT_FILES[index % len(FONT_FILES)], rng.choice((24, 28, 32)))
            if degraded:
                image = degrade(image, rng, harsh)
            name = folder / f"{index:06d}.png"
            image.save(name)
            names.append(str(name))
        (folder / "list.txt").write_text("\n".join(names) + "\n", encoding="utf-8")
        subprocess.run(
            ["tesseract", str(folder / "list.txt"), str(folder / "out"), "-l", lang, "--psm", "7", "tsv"],
            check=True,
            capture_output=True,
            env=env,
        )
        rows = (folder / "out.tsv").read_text(encoding="utf-8").splitlines()[1:]
    out: list[list[tuple[str, float]]] = [[] for _ in lines]
    for row in rows:
        fields = row.split("\t")
        if len(fields) == 12 and fields[0] == "5" and fields[11].strip():
            out[int(fields[1]) - 1].append((fields[11].strip(), float(fields[10])))
    return out
