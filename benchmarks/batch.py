"""Batch throughput: pages per minute of ``viplan-ocr batch`` with 1 and 2 jobs, against OCRmyPDF.

Builds an archive of scanned plans (by default 10 PDFs of 4 A4 pages at 300 dpi, printed from
held-out administrative text of ``../shared/corpus/legal`` and degraded like an office scan),
then times, in the same run and on the same PDFs:

- ``python -m viplan_ocr batch scans.zip OUT --jobs 1`` and ``--jobs 2``: the whole pipeline
  (OCR, cleaning, parsing, writing .txt/.json/targets.csv/manifest);
- ``python -m ocrmypdf -l vie --jobs 2 --output-type none --sidecar FILE`` on each PDF in turn:
  OCR alone, text only, output discarded.

Both run with this interpreter (``sys.executable -m``), so the OCRmyPDF timed is the one installed
in this environment (its version is printed), never another copy on PATH. Every run is a fresh
process, timed by wall clock, so start-up costs count for every tool. On a shared machine the
wall clock moves with the neighbours' load, so ``--jobs 2`` and OCRmyPDF are timed in rounds in
the order A B B A (``--rounds``, default 2), which cancels a load that rises or falls steadily over
the run, and their ratio is printed; the CPU seconds per page of each whole process tree (workers,
Tesseract: ``RUSAGE_CHILDREN``) hardly move with the load and are printed too, with the load
average before and after.

Usage::

    nice -n 0 .venv/bin/python benchmarks/batch.py [--pdfs 10] [--pages 4] [--rounds 2] [--keep DIR]
"""

from __future__ import annotations

import argparse
import gzip
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from viplan_ocr.extract.synthetic import Damage, image_pdf, scan_pages

ROOT = Path(__file__).resolve().parents[1]
#: OCRmyPDF as installed in this interpreter's environment (a runtime dependency of viplan-ocr).
OCRMYPDF = [sys.executable, "-m", "ocrmypdf"]
VIPLAN = [sys.executable, "-m", "viplan_ocr"]
#: Education plans and circulars read like the plans we convert. The benchmark only prints and
#: OCRs this text; no model is trained on it here.
CORPUS = ROOT.parent / "shared" / "corpus" / "legal" / "giao-duc-dao-tao.txt.gz"


def documents(count: int, pages: int) -> list[str]:
    """``count`` texts, each the start of one corpus document, long enough for ``pages`` pages.

    The corpus keeps one clause per line; lines are joined into paragraphs of a plan's length
    (about 400 characters) so that a page is as dense as a real one. Only a document's start is
    kept (laws run to hundreds of pages), since drawing and degrading a page costs about a second.
    """
    wanted = pages * 2600  # characters on a dense A4 page at 12 pt: about 2,300
    texts: list[str] = []
    current: list[str] | None = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("##### "):
                current = []
            elif line.strip() and current is not None:
                if current and len(current[-1]) < 400:
                    current[-1] += " " + line.strip()
                else:
                    current.append(line.strip())
                if sum(map(len, current)) >= wanted:
                    texts.append("\n".join(current))
                    if len(texts) == count:
                        break
                    current = None  # the rest of this document is not needed
    return texts


def build_archive(folder: Path, count: int, pages: int) -> tuple[Path, list[Path]]:
    """Scanned PDFs of exactly ``pages`` pages each, and a ``.zip`` holding them."""
    pdfs = []
    for number, text in enumerate(documents(count, pages)):
        images = scan_pages(text, Damage(), seed=number)[:pages]
        if len(images) < pages:
            raise SystemExit(f"document {number} prints on {len(images)} pages only; lower --pages")
        pdfs.append(image_pdf(images, folder / f"ke-hoach-{number:02d}.pdf"))
    archive = folder / "scans.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_STORED) as zf:
        for pdf in pdfs:
            zf.write(pdf, f"2021/{pdf.name}")
    return archive, pdfs


@dataclass(frozen=True, slots=True)
class Timing:
    """Wall-clock seconds, and CPU seconds of the whole process tree (workers, Tesseract)."""

    wall: float
    cpu: float

    def __add__(self, other: Timing) -> Timing:
        return Timing(self.wall + other.wall, self.cpu + other.cpu)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str], env: dict[str, str] | None = None) -> Timing:
    """How long a command, which must succeed, takes.

    CPU time counts every descendant that was waited for, so it hardly moves with the machine's
    load: when other work shares the cores, wall time grows but CPU time per page does not.
    """
    started, cpu = time.perf_counter(), _children_cpu()
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return Timing(time.perf_counter() - started, _children_cpu() - cpu)


def run_viplan(archive: Path, out: Path, jobs: int) -> Timing:
    """The whole batch pipeline on the archive."""
    shutil.rmtree(out, ignore_errors=True)
    return timed([*VIPLAN, "batch", str(archive), str(out), "--jobs", str(jobs), "--quiet"])


def run_ocrmypdf(pdfs: list[Path], scratch: Path, jobs: int) -> Timing:
    """OCRmyPDF's OCR alone, file after file, keeping only the text (its own thread settings)."""
    env = {k: v for k, v in os.environ.items() if k != "OMP_THREAD_LIMIT"}
    total = Timing(0.0, 0.0)
    for pdf in pdfs:
        sidecar = scratch / f"{pdf.stem}.txt"
        command = [*OCRMYPDF, "-q", "-l", "vie", "--jobs", str(jobs), "--output-type", "none"]
        total += timed([*command, "--sidecar", str(sidecar), str(pdf), "-"], env=env)
    return total


def versions() -> str:
    """The OCRmyPDF and Tesseract timed, as they report themselves."""
    ocrmypdf = subprocess.run([*OCRMYPDF, "--version"], capture_output=True, text=True, check=True).stdout.strip()
    tesseract = subprocess.run(["tesseract", "--version"], capture_output=True, text=True, check=True).stdout
    return f"OCRmyPDF {ocrmypdf} ({sys.executable} -m ocrmypdf), {tesseract.splitlines()[0]}"


def main(argv: list[str] | None = None) -> int:
    """Build the archive, time the runs and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pdfs", type=int, default=10, help="number of scanned PDFs (default: 10)")
    parser.add_argument("--pages", type=int, default=4, help="pages per PDF (default: 4)")
    parser.add_argument("--rounds", type=int, default=2, help="rounds of --jobs 2 and OCRmyPDF, A B B A (default: 2)")
    parser.add_argument("--keep", type=Path, help="keep the archive and outputs in this folder")
    args = parser.parse_args(argv)
    try:
        tools = versions()
    except (OSError, subprocess.CalledProcessError) as error:
        raise SystemExit(f"ocrmypdf or tesseract not usable from {sys.executable}: {error}") from None

    folder = args.keep or Path(tempfile.mkdtemp(prefix="viplan-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    archive, pdfs = build_archive(folder, args.pdfs, args.pages)
    pages = args.pdfs * args.pages
    load_before = os.getloadavg()
    single = run_viplan(archive, folder / "out-1", 1)
    double = theirs = Timing(0.0, 0.0)
    for round_ in range(args.rounds):  # A B B A: a steady drift in the load counts the same for both
        if round_ % 2 == 0:
            double += run_viplan(archive, folder / "out-2", 2)
            theirs += run_ocrmypdf(pdfs, folder, 2)
        else:
            theirs += run_ocrmypdf(pdfs, folder, 2)
            double += run_viplan(archive, folder / "out-2", 2)
    load_after = os.getloadavg()
    rows = [
        ("viplan-ocr batch (OCR+clean+parse)", 1, single, 1),
        ("viplan-ocr batch (OCR+clean+parse)", 2, double, args.rounds),
        ("ocrmypdf --sidecar (OCR only)", 2, theirs, args.rounds),
    ]
    print(f"{pages} scanned A4 pages at 300 dpi in {args.pdfs} PDFs, one .zip; {os.cpu_count()} cores")
    print(tools)
    print(f"--jobs 2 and OCRmyPDF: {args.rounds} round(s) each, A B B A; seconds and pages/min per round")
    before, after = (" ".join(f"{x:.2f}" for x in load) for load in (load_before, load_after))
    print(f"load average (1, 5, 15 min): {before} before, {after} after")
    print()
    ocrmypdf_wall = theirs.wall / args.rounds
    base = single.wall
    print(f"| {'run':<36} | jobs | seconds | pages/min | vs --jobs 1 | vs ocrmypdf | CPU s/page |")
    print(f"|{'-' * 38}|-----:|--------:|----------:|------------:|------------:|-----------:|")
    for name, jobs, t, rounds in rows:
        wall = t.wall / rounds
        print(
            f"| {name:<36} | {jobs:>4} | {wall:>7.1f} | {60 * pages / wall:>9.1f} "
            f"| {base / wall:>10.2f}x | {ocrmypdf_wall / wall:>10.2f}x | {t.cpu / rounds / pages:>10.2f} |"
        )
    if args.keep is None:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
