"""Real born-digital documents printed and scanned: the same gold, read from the page images.

Unseen archives hold scans of documents like the born-digital ones of ``../shared/real/docs``,
whose text the batch reads exactly. Here each born-digital administrative PDF and Word file that
has a gold reading is printed (a Word file through LibreOffice, as its author would) and drawn as
a scanner would leave it (signature fields and stamps drawn too, a slight skew), as an
image-only PDF of the same name (a Word file's name keeps its extension: ``x.doc.pdf`` is
scored as ``x.doc``), in two conditions:

- ``gray300``: 300 dpi, grey;
- ``bilevel150``: 150 dpi, blurred a little, noise, cut to black and white (a fax-like copy);

then converted by ``viplan-ocr batch`` and scored by ``../shared/tools/score-real`` against the
same gold as the originals. What the text layer gives and these do not is what OCR of a real
scan loses: the signer's name under the seal, a date drawn by a signature field, a section
marker.

Usage::

    .venv/bin/python benchmarks/real_rendered.py [--jobs 2] [--keep DIR]

About two minutes on 2 cores. The Word files need LibreOffice and, to print at their own
widths, Debian's ``fonts-liberation2``.
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import img2pdf
import numpy as np
import pypdfium2
from PIL import Image, ImageFilter

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "real"
SCORER = ROOT.parent / "shared" / "tools" / "score-real"
CONDITIONS = ("gray300", "bilevel150")


def _admin(path: Path) -> bool:
    """Whether the real document has a gold reading and is an administrative one."""
    gold = REAL / "gold" / f"{path.name}.json"
    return gold.is_file() and json.loads(gold.read_text(encoding="utf-8")).get("admin_document", True)


def word_files() -> list[Path]:
    """The administrative Word files of the real set (not Word HTML: it has no page to print)."""
    return [
        path
        for path in sorted((REAL / "docs").iterdir())
        if path.suffix in (".doc", ".docx") and _admin(path) and not path.read_bytes()[:512].lstrip().startswith(b"<")
    ]


def printed(path: Path, work: Path) -> Path:
    """A Word file as LibreOffice prints it to PDF.

    Without Debian's ``fonts-liberation2`` (Times New Roman's metrics) LibreOffice sets Times
    in the wider DejaVu Serif, and the header's cells wrap as no printed copy did.
    """
    profile = f"-env:UserInstallation={(work / 'profile').as_uri()}"
    command = ["soffice", profile, "--headless", "--convert-to", "pdf", "--outdir", str(work), str(path)]
    subprocess.run(command, capture_output=True, check=True, timeout=180)
    return work / f"{path.stem}.pdf"


def born_digital() -> list[Path]:
    """The administrative PDFs of the real set whose pages carry a Unicode text layer."""
    chosen = []
    for path in sorted((REAL / "docs").glob("*.pdf")):
        if not _admin(path):
            continue
        document = pypdfium2.PdfDocument(path)
        try:
            text = " ".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
        finally:
            document.close()
        words = text.split()
        if len(words) > 100 and sum(not w.isascii() for w in words) > 0.3 * len(words):
            chosen.append(path)
    return chosen


def scan(path: Path, condition: str, rng: np.random.Generator) -> bytes:
    """The PDF as an image-only PDF of its pages drawn the way ``condition`` says."""
    dpi = 300 if condition == "gray300" else 150
    document = pypdfium2.PdfDocument(path)
    document.init_forms()  # signature fields draw the number and the day
    pages = []
    try:
        for index in range(len(document)):
            bitmap = document[index].render(scale=dpi / 72, grayscale=True, draw_annots=True, may_draw_forms=True)
            image = bitmap.to_pil().convert("L")
            image = image.rotate(rng.uniform(-0.8, 0.8), fillcolor=255, resample=Image.Resampling.BILINEAR)
            if condition == "bilevel150":
                image = image.filter(ImageFilter.GaussianBlur(0.6))
                noisy = np.asarray(image, dtype=np.float32) + rng.normal(0, 12, image.size[::-1])
                image = Image.fromarray(((noisy > 150) * 255).astype(np.uint8)).convert("1")
            buffer = io.BytesIO()
            image.save(buffer, format="PNG", dpi=(dpi, dpi))
            pages.append(buffer.getvalue())
    finally:
        document.close()
    return img2pdf.convert(pages)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="keep the scans and the outputs here")
    args = parser.parse_args(argv)
    if not (REAL / "docs").is_dir():
        sys.exit(f"real_rendered: {REAL / 'docs'} not found (it needs ../shared beside the project)")
    with tempfile.TemporaryDirectory(prefix="viplan-rendered-") as folder:
        base = args.keep or Path(folder)
        words = base / "printed"
        shutil.rmtree(words, ignore_errors=True)
        words.mkdir(parents=True)
        # (the PDF to draw, the scan's name, the real document whose gold scores it)
        sources = [(path, path.name, path.name) for path in born_digital()]
        if (
            shutil.which("fc-list")
            and "Liberation Serif"
            not in subprocess.run(["fc-list"], capture_output=True, text=True, check=False).stdout
        ):
            print("warning: fonts-liberation2 is not installed: the Word files print in wider fonts")
        sources += [(printed(path, words), f"{path.name}.pdf", path.name) for path in word_files()]
        print(f"{len(sources)} born-digital documents: {', '.join(name[:36] for _, _, name in sources)}")
        for condition in CONDITIONS:
            rng = np.random.default_rng(1)
            scans, gold, out = base / condition, base / f"{condition}-gold", base / f"{condition}-out"
            for made in (scans, gold, out):
                shutil.rmtree(made, ignore_errors=True)
            scans.mkdir(parents=True)
            gold.mkdir()
            for path, name, real in sources:
                (scans / name).write_bytes(scan(path, condition, rng))
                shutil.copy(REAL / "gold" / f"{real}.json", gold)
            command = [str(Path(sys.executable).parent / "viplan-ocr"), "batch", str(scans), str(out)]
            subprocess.run([*command, "--jobs", str(args.jobs), "-q"], capture_output=True, check=False)
            score = subprocess.run([sys.executable, str(SCORER), str(gold), str(out)], capture_output=True, text=True)
            print(f"\n{condition}:")
            for line in score.stdout.splitlines():
                print(f"  {line[:26]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
