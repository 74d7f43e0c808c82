"""Make the PDF samples in samples/ from the seed plan's text (deterministic: same bytes every run).

    .venv/bin/python scripts/make_samples.py            # or: make samples

Writes, from ../shared/seeds/000_*.txt (a school's plan, Trường THCS Bình Cang):

- ``scanned-plan-binh-cang.pdf``: image-only, as an office scanner makes it: 200 dpi grayscale
  JPEG pages with a little blur, sensor noise and skew, and no text layer: OCR'd.
- ``text-layer-plan-binh-cang.pdf``: the same text typeset with DejaVu Serif by fpdf2, with a
  real Unicode text layer: read exactly, no OCR.
- ``tcvn3-plan-binh-cang.pdf``: the same text as an old ``.VnTime`` document prints it, TCVN3
  bytes in a Latin-1 font (extracted as ``KÕ ho¹ch``): decoded.
- ``mixed-esigned-plan-binh-cang.pdf``: the plan's first pages with a text layer, its last
  (signature) page scanned, with an e-signature stamp as the only text on that page: the text
  pages are read, the scan OCR'd, and the stamp's exact text kept in its place.

Every file is kept under 1 MB; ``make run`` converts all of samples/, so the scanned pages (the
only ones needing OCR, a few seconds each) are kept to the seed's three.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from viplan_ocr.extract import synthetic

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seeds" / "000_94527fe15baa4dce.txt"
SAMPLES = ROOT / "samples"
SCAN = synthetic.Damage(blur=0.7, noise=5.0, skew=0.8, dpi=200)
MAX_BYTES = 1_000_000
STAMP = "Ký bởi: Trường THCS Bình Cang\nThời gian ký: 15.04.2021 09:12:33 +07:00"


def mixed_esigned_pdf(text: str, scans: list, path: Path) -> Path:
    """Text-layer pages for all but the last printed page, then that page scanned and e-signed."""
    printed = synthetic.layout(text)
    typed = [line for page in printed[:-1] for line in page]
    paragraphs = " ".join(line or "\n" for line in typed).split("\n")
    pdf = synthetic.new_text_pdf()
    pdf.add_page()
    synthetic.write_paragraphs(pdf, "\n".join(paragraphs))
    synthetic.place_image(pdf, scans[-1], quality=45)
    pdf.set_font_size(9)
    pdf.set_xy(330, 730)
    pdf.multi_cell(200, 12, STAMP)
    pdf.output(str(path))
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=SAMPLES, help="output folder (default: samples/)")
    out = parser.parse_args(argv).out
    out.mkdir(parents=True, exist_ok=True)
    if not SEED.is_file():
        sys.stderr.write(f"make_samples: {SEED} not found: the project needs ../shared beside it\n")
        return 1
    text = SEED.read_text(encoding="utf-8")
    pages = synthetic.scan_pages(text, SCAN, seed=2021)
    written = [
        synthetic.image_pdf(pages, out / "scanned-plan-binh-cang.pdf", dpi=SCAN.dpi, quality=45),
        synthetic.text_pdf(text, out / "text-layer-plan-binh-cang.pdf"),
        synthetic.legacy_pdf(text, out / "tcvn3-plan-binh-cang.pdf", "tcvn3"),
        mixed_esigned_pdf(text, pages, out / "mixed-esigned-plan-binh-cang.pdf"),
    ]
    for path in written:
        size = path.stat().st_size
        print(f"{path}: {size / 1000:.0f} kB")
        if size > MAX_BYTES:
            sys.stderr.write(f"make_samples: {path.name} is over {MAX_BYTES // 1000} kB\n")
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
