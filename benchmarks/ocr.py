"""OCR benchmark: character error rate and speed on degraded scans of held-out administrative text.

    nice .venv/bin/python benchmarks/ocr.py              # 3 pages x 2 damages x 300/200/150 dpi: ~10 min
    nice .venv/bin/python benchmarks/ocr.py --pages 1 --no-ocrmypdf   # a quick look

Pages are printed (DejaVu Serif 12 pt) from paragraphs of the legal corpus's *test* split
(``viplan_ocr.lexicon.split_of``), which neither the restoration model nor the preprocessing was
tuned on (the preprocessing was tuned on seed 000), then scanned badly at each resolution: an
office ``scan`` (blur, sensor noise, a 1° skew, JPEG at quality 50) and a ``photocopy`` (also
faded toner, a shadow towards one corner, dust, a 1.5° skew, JPEG at 40). Each page is read
by Tesseract ``vie`` on one thread:

- ``raw``: the scan as it is (what calling Tesseract directly gives);
- ``preprocessed``: :mod:`viplan_ocr.extract.preprocess` first (deskew always; flatten the
  lighting, despeckle and upscale small print only where the page needs it);
- each of those followed by ``viplan_ocr.clean()``;
- ``ocrmypdf``: the same pages as an image PDF through ``ocrmypdf -l vie --sidecar``, and, on
  the photocopies, again with each of OCRmyPDF's documented options for bad scans
  (``--tesseract-thresholding sauvola``, ``--clean``, ``--deskew``) and with all three, so that
  the comparison is with OCRmyPDF at its best on them. ``--clean`` runs ``unpaper``
  (``apt-get install unpaper``); without it those rows are left out, with a note.

CER is the Levenshtein distance over the whole text (whitespace runs as one space) divided by
the truth's length; a second table puts the photocopies' CER of every method side by side.
Speed is pages per minute of CPU time (this process and its Tesseract children, OCRmyPDF's
``unpaper`` too), for the OCR alone, one page at a time: the machine is shared, and CPU time is
what a batch on N cores divides by N.

Measured on 2026-11-30 (3 pages per row, Tesseract 5.3.0, OCRmyPDF 17.13, unpaper 7.0.0, shared
2-core machine): raw Tesseract reads the office scans almost perfectly (0.00-0.12% CER) and
preprocessing keeps them there (0.00-0.10%); on the photocopies raw Tesseract and plain OCRmyPDF
lose 33-40% of characters to the shadowed half of the page, and preprocessing brings that to
0.05-0.10%. OCRmyPDF with ``--tesseract-thresholding sauvola`` gets 0.76-0.93%; ``--clean`` or
``--deskew`` alone 32-46%; all three 0.78-3.13%. Preprocessing costs 18-44% more CPU per page
than raw Tesseract; plain OCRmyPDF, which also writes a PDF, 1.3-1.6 times our preprocessed OCR,
and with all three options 3.5 to 5.3 times.

The corpus text is itself an old OCR of printed law, with a few typos left in it (``cao đằng``
for ``cao đẳng``, ``đảo tạo`` for ``đào tạo``); ``clean()`` fixes some of them, which counts
against it here. The line under the table gives that floor: the CER of ``clean(truth)``.
"""

from __future__ import annotations

import argparse
import gzip
import os
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from viplan_ocr import clean
from viplan_ocr.evaluate import character_error_rate as cer
from viplan_ocr.extract import synthetic
from viplan_ocr.extract.ocr import ocr_image
from viplan_ocr.extract.preprocess import DEFAULT_PREPROCESS, Preprocess
from viplan_ocr.lexicon import split_of

ROOT = Path(__file__).resolve().parents[1]
#: OCRmyPDF as installed in this interpreter's environment (a runtime dependency of viplan-ocr).
OCRMYPDF = [sys.executable, "-m", "ocrmypdf"]
#: OCRmyPDF's documented options for bad scans, each tried alone and all together on the photocopies.
BAD_SCAN_OPTIONS = (
    ("--tesseract-thresholding", "sauvola"),
    ("--clean",),
    ("--deskew",),
    ("--tesseract-thresholding", "sauvola", "--clean", "--deskew"),
)
CORPUS = ROOT.parent / "shared" / "corpus" / "legal"
SOURCES = ("giao-duc.txt.gz", "giao-duc-dao-tao.md.txt.gz", "chinh-sach-xa-hoi.txt.gz")  # education, social policy
# Two kinds of bad scan: an office scanner's (blur, noise, skew, JPEG) and a photocopy's, which
# adds faded toner, a shadow towards one corner and dust.
DAMAGE = {
    "scan": {"blur": 0.9, "noise": 10.0, "skew": 1.0, "jpeg_quality": 50},
    "photocopy": {
        "blur": 1.0,
        "noise": 12.0,
        "skew": 1.5,
        "jpeg_quality": 40,
        "fade": 0.3,
        "shading": 0.35,
        "speckle": 0.002,
    },
}


@dataclass(frozen=True)
class Row:
    dpi: int
    damage: str
    method: str
    cer: float
    cer_clean: float | None
    pages_per_minute: float


def held_out_paragraphs(limit: int) -> list[str]:
    """Prose paragraphs of test-split documents, in corpus order (tables and headings skipped)."""
    out: list[str] = []
    for name in SOURCES:
        path = CORPUS / name
        if not path.is_file():
            continue
        keep = False
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("##### "):
                    keep = split_of(line[6:].strip()) == "test"
                    continue
                line = unicodedata.normalize("NFC", line.strip())
                if keep and 80 <= len(line) <= 600 and not line.startswith(("|", "#", "*", "-", ">")):
                    out.append(line)
                    if len(out) >= limit:
                        return out
    return out


def page_texts(pages: int) -> list[list[str]]:
    """The printed lines of ``pages`` full pages."""
    paragraphs = held_out_paragraphs(40 * pages)
    laid_out = synthetic.layout("\n".join(paragraphs))
    if len(laid_out) <= pages:
        sys.exit(f"ocr benchmark: not enough held-out text under {CORPUS}")
    return laid_out[:pages]


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (Tesseract runs as a child process).

    The machine is shared, so wall time says more about the neighbours than about us.
    """
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def read_pages(images: list, config: Preprocess | None) -> tuple[list[str], float]:
    """Our OCR of each page, and the CPU seconds it took."""
    started = cpu_seconds()
    texts = [ocr_image(image, config=config).text for image in images]
    return texts, cpu_seconds() - started


def through_ocrmypdf(images: list, dpi: int, options: tuple[str, ...] = ()) -> tuple[list[str], float]:
    """OCRmyPDF's sidecar text of the same pages, and the CPU seconds it took (one Tesseract thread, like ours)."""
    with tempfile.TemporaryDirectory() as folder:
        source = synthetic.image_pdf(images, Path(folder) / "in.pdf", dpi=dpi, quality=90)
        sidecar = Path(folder) / "out.txt"
        command = [*OCRMYPDF, "-q", "-l", "vie", "--jobs", "1", "--optimize", "0", "--output-type", "pdf", *options]
        command += ["--sidecar", str(sidecar), str(source), str(Path(folder) / "out.pdf")]
        started = cpu_seconds()
        subprocess.run(command, check=True, env={**os.environ, "OMP_THREAD_LIMIT": "1"})
        seconds = cpu_seconds() - started
        return sidecar.read_text(encoding="utf-8").split("\f")[: len(images)], seconds


def benchmark(pages: int, resolutions: list[int], damages: list[str], with_ocrmypdf: bool) -> tuple[list[Row], float]:
    """The table's rows, and the CER of ``clean()`` on the truth itself."""
    texts = page_texts(pages)
    truths = ["\n".join(lines) for lines in texts]
    floor = cer([clean(truth) for truth in truths], truths)
    rows: list[Row] = []
    for kind in damages:
        for dpi in resolutions:
            damage = synthetic.Damage(dpi=dpi, **DAMAGE[kind])
            images = [synthetic.degrade(synthetic.draw_page(lines), damage, seed=i) for i, lines in enumerate(texts)]
            for method, config in (("raw", None), ("preprocessed", DEFAULT_PREPROCESS)):
                found, seconds = read_pages(images, config)
                cleaned = [clean(text) for text in found]
                rows.append(Row(dpi, kind, method, cer(found, truths), cer(cleaned, truths), 60 * pages / seconds))
            if with_ocrmypdf:
                found, seconds = through_ocrmypdf(images, dpi)
                rows.append(Row(dpi, kind, "ocrmypdf --sidecar", cer(found, truths), None, 60 * pages / seconds))
                for options in BAD_SCAN_OPTIONS if kind == "photocopy" else ():
                    if "--clean" in options and shutil.which("unpaper") is None:
                        continue
                    found, seconds = through_ocrmypdf(images, dpi, options)
                    method = "ocrmypdf --sidecar " + " ".join(options)
                    rows.append(Row(dpi, kind, method, cer(found, truths), None, 60 * pages / seconds))
            print(f"  {kind} at {dpi} dpi: done", file=sys.stderr)
    return rows, floor


def table(rows: list[Row]) -> str:
    lines = [
        "| pages | dpi | method | CER | CER after clean() | pages per CPU-minute |",
        "|---|---:|---|---:|---:|---:|",
    ]
    for r in rows:
        cleaned = f"{r.cer_clean:.2%}" if r.cer_clean is not None else "-"
        lines.append(f"| {r.damage} | {r.dpi} | {r.method} | {r.cer:.2%} | {cleaned} | {r.pages_per_minute:.1f} |")
    return "\n".join(lines)


def side_by_side(rows: list[Row], damage: str = "photocopy") -> str:
    """One line per resolution, the CER of every method on those pages (ours after ``clean()`` too)."""
    mine = [r for r in rows if r.damage == damage]
    methods = list(dict.fromkeys(r.method for r in mine))
    header = ["dpi"]
    for method in methods:
        header.append(method.replace("ocrmypdf --sidecar -", "ocrmypdf -"))
        if method == "preprocessed":
            header.append("preprocessed + clean()")
    lines = [f"{damage} pages, CER:", "", "| " + " | ".join(header) + " |", "|" + "---:|" * len(header)]
    for dpi in dict.fromkeys(r.dpi for r in mine):
        cells = [str(dpi)]
        for r in (r for r in mine if r.dpi == dpi):
            cells.append(f"{r.cer:.2%}")
            if r.method == "preprocessed" and r.cer_clean is not None:
                cells.append(f"{r.cer_clean:.2%}")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=3, help="pages per resolution (default 3)")
    parser.add_argument("--dpi", type=int, nargs="+", default=[300, 200, 150], help="scan resolutions")
    parser.add_argument("--damage", nargs="+", choices=sorted(DAMAGE), default=list(DAMAGE), help="kinds of bad scan")
    parser.add_argument("--no-ocrmypdf", action="store_true", help="skip the OCRmyPDF comparison")
    args = parser.parse_args(argv)
    os.environ["OMP_THREAD_LIMIT"] = "1"
    load_before = os.getloadavg()
    rows, floor = benchmark(args.pages, args.dpi, args.damage, not args.no_ocrmypdf)
    load_after = os.getloadavg()
    before, after = (" ".join(f"{x:.2f}" for x in load) for load in (load_before, load_after))
    if not args.no_ocrmypdf:
        version = subprocess.run([*OCRMYPDF, "--version"], capture_output=True, text=True, check=True).stdout.strip()
        unpaper = "unpaper found" if shutil.which("unpaper") else "unpaper not installed: no --clean rows"
        print(f"OCRmyPDF {version} ({sys.executable} -m ocrmypdf); {unpaper}")
    print(f"load average (1, 5, 15 min): {before} before, {after} after; {os.cpu_count()} cores\n")
    print(table(rows))
    if "photocopy" in args.damage:
        print("\n" + side_by_side(rows))
    print(f"\nclean() on the truth itself: {floor:.2%} CER (typos in the corpus text it corrects, or its own errors)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
