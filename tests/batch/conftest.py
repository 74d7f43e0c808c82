"""Fixtures for the batch tests: small scanned PDFs, a folder of inputs, and one reference run.

The scans are printed from the clean seed plan with the extractor's synthetic-scan helpers
(:mod:`viplan_ocr.extract.synthetic`), a page or two each on small pages, so that OCR stays
around half a second a page. The reference run converts the folder once per session; the
kill-and-resume, Dask and archive tests compare their outputs with it byte for byte.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from viplan_ocr.batch import BatchOptions, run_batch
from viplan_ocr.extract.synthetic import draw_page, image_pdf

SCAN_DPI = 200
LINES_PER_PAGE = 12
#: A small page (6.2 x 4.4 in) keeps OCR near half a second a page.
PAGE_INCHES = (6.2, 4.4)


def _seed_lines(seed: Path) -> list[str]:
    """The clean seed's text wrapped to short printed lines."""
    text = seed.read_text(encoding="utf-8")
    return [line for paragraph in text.splitlines() if paragraph.strip() for line in textwrap.wrap(paragraph, 55)]


def write_scan(path: Path, pages: list[list[str]]) -> Path:
    """An image-only PDF: each page's lines printed in black on white, as a scanner would see them."""
    images = [draw_page(lines, font_size=11, dpi=SCAN_DPI, page_inches=PAGE_INCHES, margin=0.5) for lines in pages]
    path.parent.mkdir(parents=True, exist_ok=True)
    return image_pdf(images, path, dpi=SCAN_DPI, quality=85)


@pytest.fixture(scope="session")
def make_scan(seeds: dict[str, Path]) -> Callable[[Path, int, int], Path]:
    """``make_scan(path, pages, start)``: a scan of ``pages`` pages of seed text from line ``start``."""
    lines = _seed_lines(seeds["clean"])

    def make(path: Path, pages: int = 1, start: int = 0) -> Path:
        chunks = [
            [lines[(start + page * LINES_PER_PAGE + i) % len(lines)] for i in range(LINES_PER_PAGE)]
            for page in range(pages)
        ]
        return write_scan(path, chunks)

    return make


@pytest.fixture(scope="session")
def inputs_folder(tmp_path_factory: pytest.TempPathFactory, make_scan, seeds: dict[str, Path]) -> Path:
    """Five inputs in two sub-folders: three scans (four pages) and the two seed texts."""
    root = tmp_path_factory.mktemp("in")
    make_scan(root / "khgd" / "ke-hoach-1.pdf", 1, 0)
    make_scan(root / "khgd" / "ke-hoach-2.pdf", 2, 12)
    make_scan(root / "truong" / "ke-hoach-3.pdf", 1, 36)
    for name, seed in seeds.items():
        (root / "truong" / f"seed-{name}.txt").write_bytes(seed.read_bytes())
    return root


@pytest.fixture(scope="session")
def reference_run(tmp_path_factory: pytest.TempPathFactory, inputs_folder: Path):
    """One clean run over ``inputs_folder`` with two local workers: (report, output folder)."""
    out = tmp_path_factory.mktemp("reference")
    report = run_batch(inputs_folder, out, BatchOptions(jobs=2, quiet=True))
    return report, out


def output_files(out: Path) -> dict[str, bytes]:
    """Every output file's bytes by relative path, the manifest left out (it holds timings)."""
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name != "manifest.jsonl"
    }


@pytest.fixture(scope="session")
def read_outputs() -> Callable[[Path], dict[str, bytes]]:
    """``read_outputs(out)``: the outputs of a run, for comparing two runs."""
    return output_files
