"""The searchable PDF as a user checks it: ``qpdf --check`` and ``pdftotext`` against the ``.txt``.

Converts the scanned PDFs of ``samples/`` (and, when ``../shared/real`` is there, its real scans:
every ``.pdf`` whose name says ``scan``) with ``viplan-ocr batch --formats txt,pdf`` and prints,
for each, whether ``qpdf --check`` passes and the share of the ``.txt``'s words that
``pdftotext`` (poppler's reading order, as a user runs it) gives in the same order, and in any
order. The issue's bar: 99% in order.

    .venv/bin/python benchmarks/searchable_pdf.py [--keep DIR] [--jobs 2]
"""

from __future__ import annotations

import argparse
import difflib
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "real" / "docs"


def inputs() -> list[Path]:
    """The samples' scanned PDFs, then the real scans when they are there."""
    found = [p for p in sorted((ROOT / "samples").glob("*.pdf")) if "scan" in p.name or "esigned" in p.name]
    if REAL.is_dir():
        found += [p for p in sorted(REAL.glob("*.pdf")) if "scan" in p.name]
    return found


def shares(expected: list[str], found: list[str]) -> tuple[float, float]:
    """The share of ``expected`` words that ``found`` has in the same order, and in any order."""
    blocks = difflib.SequenceMatcher(None, expected, found, autojunk=False).get_matching_blocks()
    in_order = sum(block.size for block in blocks) / max(len(expected), 1)
    have = Counter(found)
    any_order = sum(min(n, have[w]) for w, n in Counter(expected).items()) / max(len(expected), 1)
    return in_order, any_order


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="keep the inputs and outputs in this folder")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    for tool in ("qpdf", "pdftotext"):
        if not shutil.which(tool):
            print(f"{tool} is missing (Debian: qpdf, poppler-utils)", file=sys.stderr)
            return 4
    work = args.keep or Path(tempfile.mkdtemp(prefix="viplan-searchable-"))
    source, out = work / "in", work / "out"
    source.mkdir(parents=True, exist_ok=True)
    for path in inputs():
        shutil.copy(path, source / path.name)  # the batch follows no links: copies
    command = [sys.executable, "-m", "viplan_ocr", "batch", str(source), str(out), "--formats", "txt,pdf"]
    subprocess.run([*command, "--jobs", str(args.jobs), "-q"], check=False)
    print("| input | words | qpdf --check | pdftotext in order | in any order |")
    print("|---|---:|---|---:|---:|")
    below = 0
    for pdf in sorted(out.glob("*.pdf")):
        text = pdf.with_suffix(".txt")
        if not text.exists():
            continue
        checked = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True).returncode == 0
        found = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
        expected = text.read_text(encoding="utf-8").split()
        in_order, any_order = shares(expected, found)
        below += in_order < 0.99 or not checked
        verdict = "passes" if checked else "FAILS"
        print(f"| {pdf.stem} | {len(expected):,} | {verdict} | {in_order:.2%} | {any_order:.2%} |")
    print(f"\n{below} below 99% in order or failing qpdf")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
