"""The committed PDF samples: reproducible from the script, and each read right with its source."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from pathlib import Path

import numpy as np
import pdfplumber
import pytest

from viplan_ocr.document import PageSource
from viplan_ocr.extract import extract, plan_pages

from ..conftest import CLEAN_SEED, ROOT, SAMPLES

SAMPLE_SOURCES = {
    "text-layer-plan-binh-cang.pdf": "text-layer",
    "tcvn3-plan-binh-cang.pdf": "legacy-encoding",
    "scanned-plan-binh-cang.pdf": "ocr",
}
MIXED = "mixed-esigned-plan-binh-cang.pdf"


@pytest.fixture(scope="module")
def seed_text() -> str:
    return unicodedata.normalize("NFC", CLEAN_SEED.read_text(encoding="utf-8"))


def make_samples(out: Path) -> None:
    command = [sys.executable, str(ROOT / "scripts" / "make_samples.py"), "--out", str(out)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def page_images(path: Path) -> list[np.ndarray]:
    with pdfplumber.open(path) as pdf:
        return [np.asarray(page.to_image(resolution=40).original.convert("L"), dtype=float) for page in pdf.pages]


@pytest.mark.slow
def test_samples_are_reproducible(tmp_path):
    """Byte for byte on one machine; on another (other Pillow, fpdf2 or font builds), the same pages."""
    make_samples(tmp_path / "a")
    make_samples(tmp_path / "b")
    for name in [*SAMPLE_SOURCES, MIXED]:
        built, committed = tmp_path / "a" / name, SAMPLES / name
        assert built.read_bytes() == (tmp_path / "b" / name).read_bytes(), name
        assert committed.stat().st_size < 1_000_000
        if built.read_bytes() == committed.read_bytes():
            continue
        with pdfplumber.open(built) as new, pdfplumber.open(committed) as old:
            assert [p.extract_text() for p in new.pages] == [p.extract_text() for p in old.pages], name
        for new_page, old_page in zip(page_images(built), page_images(committed), strict=True):
            assert new_page.shape == old_page.shape and np.abs(new_page - old_page).mean() < 3, name


@pytest.mark.slow
@pytest.mark.parametrize(("name", "source"), SAMPLE_SOURCES.items())
def test_sample_reads_as_the_seed(name, source, seed_text, cer):
    document = extract(SAMPLES / name, jobs=2)
    assert set(document.text_sources) == {source}
    bound = 0.01 if source == "ocr" else 0.002  # only en dashes may differ ("–" typed or read as "-")
    assert cer(seed_text, document.text) < bound


@pytest.mark.slow
def test_esigned_page_of_the_mixed_sample_keeps_its_stamp(seed_text, cer):
    document = extract(SAMPLES / MIXED)
    assert document.text_sources == ["text-layer", "text-layer", "ocr"]
    signed = document.pages[-1]
    stamp = [line.text for line in signed.lines if line.source is PageSource.TEXT_LAYER]
    assert stamp == ["Ký bởi: Trường THCS Bình Cang", "Thời gian ký: 15.04.2021 09:12:33 +07:00"]
    scanned = [line.text for line in signed.lines if line.source is None]
    body = "\n\n".join([*(page.text for page in document.pages[:-1]), *scanned])
    assert cer(seed_text, body) < 0.01


def test_a_200_dpi_scan_is_rendered_at_200_dpi():
    """Rendering it at 300 dpi would add no detail, only half as much OCR time again."""
    jobs = plan_pages(SAMPLES / "scanned-plan-binh-cang.pdf")
    assert [job.dpi for job in jobs] == [200, 200, 200]
    assert all("rendered at the scan's 200 dpi" in job.routing for job in jobs)
