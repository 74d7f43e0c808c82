"""Synthetic scans and PDFs of Vietnamese text, for the samples, the tests and the OCR benchmark.

Real scanned plans cannot be shipped, and a test that OCRs a scan needs to know the exact text on
it. So we print known text with a Vietnamese-capable font (DejaVu, Debian's ``fonts-dejavu-core``)
and damage the page the way a scanner does: a little blur from the optics, sensor noise, a page
laid slightly askew, a lower resolution, JPEG artefacts. Everything is seeded, so the same call
gives the same bytes and the committed samples can be rebuilt exactly.

Pillow draws the page images; fpdf2 (a test and benchmark dependency, imported only when a PDF
with a text layer is asked for) writes text-layer PDFs.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

if TYPE_CHECKING:
    from fpdf import FPDF

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))
FIXED_DATE = dt.datetime(2021, 4, 15, tzinfo=dt.UTC)  # so that rebuilt PDFs are byte-identical
A4_INCHES = (8.27, 11.69)


@cache
def font_path(name: str = "DejaVuSerif.ttf") -> Path:
    """Where a DejaVu font file lives; DejaVu covers every precomposed Vietnamese letter."""
    for folder in FONT_DIRS:
        if (folder / name).is_file():
            return folder / name
    raise FileNotFoundError(f"{name} not found in {', '.join(map(str, FONT_DIRS))}: apt-get install fonts-dejavu-core")


@dataclass(frozen=True, slots=True)
class Damage:
    """How badly a scanner treated a page. The defaults are a decent office scan."""

    blur: float = 0.6  # Gaussian radius in pixels at 300 dpi
    noise: float = 6.0  # standard deviation of grey-level noise
    skew: float = 0.7  # degrees, counter-clockwise
    dpi: int = 300  # resolution of the scan (pages are drawn at 300 dpi, then resampled)
    jpeg_quality: int | None = None  # JPEG round trip when set (blocky artefacts around letters)
    fade: float = 0.0  # 0: black ink; 0.5: mid-grey (worn toner, a copy of a copy)
    shading: float = 0.0  # how much darker the paper gets towards one corner (a lifted page, a lamp)
    speckle: float = 0.0  # share of pixels turned into dust specks


def paragraphs(text: str) -> list[str]:
    """Split plain text into NFC paragraphs on line breaks, dropping empty lines.

    NFC because fonts draw precomposed letters best, and some sources (the seeds among them)
    mix in decomposed ones.
    """
    return [p.strip() for p in unicodedata.normalize("NFC", text).splitlines() if p.strip()]


def _wrap(paragraph: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Greedy word wrap to a pixel width."""
    lines: list[str] = []
    current = ""
    for word in paragraph.split():
        candidate = f"{current} {word}".strip()
        if current and font.getlength(candidate) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def layout(
    text: str,
    *,
    font_size: float = 12,
    dpi: int = 300,
    page_inches: tuple[float, float] = A4_INCHES,
    margin: float = 0.9,
) -> list[list[str]]:
    """Break text into pages of printed lines, as they will be drawn (an empty string is a gap)."""
    font = ImageFont.truetype(str(font_path()), round(font_size * dpi / 72))
    line_height = round(font_size * 1.5 * dpi / 72)
    usable_width = round((page_inches[0] - 2 * margin) * dpi)
    per_page = int((page_inches[1] - 2 * margin) * dpi // line_height)
    pages: list[list[str]] = [[]]
    for paragraph in paragraphs(text):
        block = [*_wrap(paragraph, font, usable_width), ""]
        if len(pages[-1]) + len(block) > per_page and pages[-1]:
            pages.append([])
        pages[-1].extend(block)
    return [page[:-1] if page and page[-1] == "" else page for page in pages]


def draw_page(
    lines: Sequence[str],
    *,
    font_size: float = 12,
    dpi: int = 300,
    page_inches: tuple[float, float] = A4_INCHES,
    margin: float = 0.9,
) -> Image.Image:
    """Draw printed lines in black on a white grayscale page."""
    size = (round(page_inches[0] * dpi), round(page_inches[1] * dpi))
    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(font_path()), round(font_size * dpi / 72))
    line_height = round(font_size * 1.5 * dpi / 72)
    x, y = round(margin * dpi), round(margin * dpi)
    for line in lines:
        if line:
            draw.text((x, y), line, font=font, fill=0)
        y += line_height
    return image


def degrade(image: Image.Image, damage: Damage, *, seed: int = 0) -> Image.Image:
    """Scan a clean page: skew, fade, blur, resample to the scan's dpi, shade, speckle, noise, JPEG."""
    rng = np.random.default_rng(seed)
    out = image.convert("L")
    if damage.skew:
        out = out.rotate(damage.skew, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
    if damage.fade:
        out = out.point(lambda v: round(255 - (255 - v) * (1 - damage.fade)))
    if damage.blur:
        out = out.filter(ImageFilter.GaussianBlur(damage.blur))
    if damage.dpi != 300:
        size = (round(out.width * damage.dpi / 300), round(out.height * damage.dpi / 300))
        out = out.resize(size, Image.Resampling.LANCZOS)
    pixels: np.ndarray = np.asarray(out, dtype=np.float32)
    if damage.shading:
        rows, cols = np.mgrid[0 : out.height, 0 : out.width]
        distance = (rows / out.height + cols / out.width) / 2  # 0 at the top left, 1 at the bottom right
        pixels = pixels * (1 - damage.shading * distance**1.5)
    if damage.speckle:
        pixels = np.where(rng.random(pixels.shape) < damage.speckle, 40.0, pixels)
    if damage.noise:
        pixels = pixels + rng.normal(0.0, damage.noise, pixels.shape)
    out = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "L")
    if damage.jpeg_quality:
        buffer = io.BytesIO()
        out.save(buffer, "JPEG", quality=damage.jpeg_quality)
        out = Image.open(io.BytesIO(buffer.getvalue()))
        out.load()
    out.info["dpi"] = (damage.dpi, damage.dpi)
    return out


def scan_pages(text: str, damage: Damage | None = None, *, seed: int = 0, font_size: float = 12) -> list[Image.Image]:
    """Print ``text`` and scan it: one degraded page image per printed page."""
    return [
        degrade(draw_page(lines, font_size=font_size), damage or Damage(), seed=seed + number)
        for number, lines in enumerate(layout(text, font_size=font_size))
    ]


def image_pdf(images: Iterable[Image.Image], path: str | Path, *, dpi: int = 300, quality: int = 60) -> Path:
    """Write page images as an image-only PDF (no text layer), JPEG-compressed like a scanner's."""
    pages = [image.convert("L") for image in images]
    path = Path(path)
    pages[0].save(
        path,
        "PDF",
        resolution=dpi,
        save_all=True,
        append_images=pages[1:],
        quality=quality,
        creationDate=FIXED_DATE.timetuple(),
        modDate=FIXED_DATE.timetuple(),
        producer="viplan-ocr synthetic scan",
    )
    return path


def new_text_pdf(font_size: float = 12) -> FPDF:
    """An fpdf2 document with DejaVu registered and a fixed date (reproducible bytes)."""
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="pt")
    pdf.set_creation_date(FIXED_DATE)
    pdf.add_font("DejaVu", fname=str(font_path()))
    pdf.set_font("DejaVu", size=font_size)
    pdf.set_margins(65, 65)
    pdf.set_auto_page_break(True, margin=65)
    return pdf


def write_paragraphs(pdf: FPDF, text: str, *, font_size: float = 12) -> None:
    """Flow paragraphs onto the current page of an fpdf2 document (new pages as needed)."""
    for paragraph in paragraphs(text):
        pdf.multi_cell(0, font_size * 1.5, paragraph, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(font_size * 0.75)


def text_pdf(text: str, path: str | Path, *, font_size: float = 12) -> Path:
    """Write a PDF whose pages carry a real, extractable Unicode text layer."""
    pdf = new_text_pdf(font_size)
    pdf.add_page()
    write_paragraphs(pdf, text, font_size=font_size)
    path = Path(path)
    pdf.output(str(path))
    return path


# What a legacy 8-bit font has instead of Unicode punctuation.
_TYPEWRITER = str.maketrans({"–": "-", "—": "-", "“": '"', "”": '"', "‘": "'", "’": "'", "…": "..."})


def legacy_pdf(text: str, path: str | Path, encoding: str = "tcvn3", *, font_size: float = 12) -> Path:
    """Write a PDF the way a ``.VnTime`` (TCVN3) or ``VNI-Times`` document prints: the legacy
    bytes in a font with a Latin-1 encoding, so that extraction gives ``KÕ ho¹ch``-style text.

    Lines are wrapped here and written with ``cell``, because fpdf2's ``multi_cell`` treats byte
    0xAD (TCVN3's "ư") as a soft hyphen and drops it.
    """
    from viplan_ocr.extract.legacy import encode

    text = text.translate(_TYPEWRITER)
    pdf = new_text_pdf(font_size)
    pdf.add_page()
    pdf.set_font("Helvetica", size=font_size)
    width = pdf.epw
    for paragraph in paragraphs(text):
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}".strip()
            if line and pdf.get_string_width(encode(candidate, encoding)) > width:
                pdf.cell(0, font_size * 1.5, encode(line, encoding), new_x="LMARGIN", new_y="NEXT")
                line = word
            else:
                line = candidate
        pdf.cell(0, font_size * 1.5, encode(line, encoding), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(font_size * 0.75)
    path = Path(path)
    pdf.output(str(path))
    return path


def place_image(pdf: FPDF, image: Image.Image, *, quality: int = 60) -> None:
    """Add a page to an fpdf2 document holding one scanned page image across the whole page."""
    buffer = io.BytesIO()
    image.convert("L").save(buffer, "JPEG", quality=quality)
    pdf.add_page()
    pdf.image(buffer, x=0, y=0, w=pdf.w, h=pdf.h)


__all__ = [
    "A4_INCHES",
    "Damage",
    "degrade",
    "draw_page",
    "font_path",
    "image_pdf",
    "layout",
    "legacy_pdf",
    "new_text_pdf",
    "paragraphs",
    "place_image",
    "scan_pages",
    "text_pdf",
    "write_paragraphs",
]
