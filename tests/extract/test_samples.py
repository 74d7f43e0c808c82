"""The committed PDF samples: reproducible from the script, and each read right with its source."""

from __future__ import annotations

import subprocess
import sys
import unicodedata

import pytest

from viplan_ocr.document import PageSource
from viplan_ocr.extract import extract

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


def test_samples_are_rebuilt_byte_for_byte(tmp_path):
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_samples.py"), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for name in [*SAMPLE_SOURCES, MIXED]:
        assert (tmp_path / name).read_bytes() == (SAMPLES / name).read_bytes(), name
        assert (SAMPLES / name).stat().st_size < 1_000_000


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
