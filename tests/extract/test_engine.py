"""The OCR engine seam: pages routed and assembled around any engine, and Tesseract's environment.

Most tests use the fake engine of tests/conftest.py, which reads every image as known words: what
is tested is the routing and assembly around OCR, exactly, without Tesseract's time or its errors.
"""

from __future__ import annotations

import os
import stat
import textwrap

import pytest
from PIL import Image

from viplan_ocr.document import PageSource
from viplan_ocr.errors import ExitCode, LanguageDataMissingError
from viplan_ocr.extract import ENGINES, extract, synthetic
from viplan_ocr.extract.engine import OcrEngine
from viplan_ocr.extract.tesseract import Tesseract, lines_from_tsv


def test_the_registered_engines_fit_the_protocol(fake_engine):
    for name, engine in ENGINES.items():
        assert engine.name == name
        for method in ("check", "read", "orientation"):
            assert callable(getattr(engine, method))
    engine: OcrEngine = ENGINES["tesseract"]
    assert isinstance(engine, Tesseract)


def test_mixed_pdf_routes_the_scanned_page_to_the_engine(pdfs, texts, fake_engine):
    document = extract(pdfs.mixed, engine="fake")
    assert document.text_sources == ["text-layer", "ocr"]
    assert " ".join(document.pages[0].text.split()) == " ".join(texts.first.split())
    ocr_page = document.pages[1]
    assert ocr_page.text == fake_engine.text
    assert ocr_page.confidence == 91.0
    assert ocr_page.routing.startswith("no text layer")
    assert len(fake_engine.seen) == 1  # the text-layer page never reached the engine


def test_esigned_scan_keeps_its_stamp_beside_the_engines_lines(pdfs, texts, fake_engine):
    [page] = extract(pdfs.esigned, engine="fake").pages
    assert page.source is PageSource.OCR
    assert fake_engine.text in page.text
    kept = [line for line in page.lines if line.source is PageSource.TEXT_LAYER]
    assert [line.text for line in kept] == texts.signature.split("\n")
    assert page.lines[0].text == fake_engine.text  # the OCR line at the top stays first


def test_each_tiff_frame_is_one_engine_page(tmp_path, fake_engine):
    frames = [Image.new("L", (600, 800), 255) for _ in range(3)]
    path = tmp_path / "scan.tif"
    frames[0].save(path, save_all=True, append_images=frames[1:], dpi=(200, 200))
    document = extract(path, engine="fake", preprocess=None)
    assert [page.number for page in document.pages] == [1, 2, 3]
    assert [page.text for page in document.pages] == [fake_engine.text] * 3
    assert fake_engine.seen == [((600, 800), "vie", 200)] * 3


def test_a_sideways_page_is_turned_and_read_again_with_boxes_on_the_original(tmp_path, fake_engine):
    path = tmp_path / "sideways.png"
    Image.new("L", (800, 600), 255).save(path)
    [page] = extract(path, engine="fake", preprocess=None).pages
    assert page.confidence == 91.0  # the second, upright reading
    assert page.routing == "image file; rotate 90° (OSD)"
    assert [size for size, _, _ in fake_engine.seen] == [(800, 600), (600, 800)]
    left, top, width, height = page.lines[0].words[0].box
    assert (width, height) == (40, 120)  # a word read upright lies across the sideways page
    assert 0 <= left and left + width <= 800 and 0 <= top and top + height <= 600


def test_the_engine_checks_its_language_before_reading(pdfs, fake_engine, run_cli):
    with pytest.raises(LanguageDataMissingError) as raised:
        extract(pdfs.scanned, engine="fake", lang="eng")
    assert raised.value.path == str(pdfs.scanned)
    assert fake_engine.seen == []
    result = run_cli("extract", pdfs.scanned, "--engine", "fake", "--lang", "eng")
    assert result.code == ExitCode.MISSING_DEPENDENCY and "'eng'" in result.err


def test_tesseract_tsv_rows_become_lines_of_words():
    tsv = (
        "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
        "1\t1\t0\t0\t0\t0\t0\t0\t500\t300\t-1\t\n"
        "5\t1\t1\t1\t1\t1\t10\t20\t30\t15\t96.53\tKê\u0301\n"
        "5\t1\t1\t1\t1\t2\t50\t22\t60\t15\t88.1\thoạch\n"
        "5\t1\t2\t1\t1\t1\t10\t80\t40\t15\t70\t2021\n"
        "5\t1\t2\t1\t1\t2\t60\t80\t40\t15\t-1\t \n"
    )
    first, second = lines_from_tsv(tsv)
    assert first.text == "Kế hoạch" and first.block == 0 and first.box == (10, 20, 100, 17)
    assert [w.confidence for w in first.words] == [96.0, 88.0]
    assert second.text == "2021" and second.block == 1


FAKE_TESSERACT = textwrap.dedent(
    """\
    #!/bin/sh
    # Records the thread limit it was given, and reads every image as one word.
    echo "${OMP_THREAD_LIMIT:-unset}" >> "$RECORD"
    if [ "$1" = "--list-langs" ]; then printf 'List of available languages in "/x/" (1):\\nvie\\n'; exit 0; fi
    printf 'level\\tpage_num\\tblock_num\\tpar_num\\tline_num\\tword_num\\t' > "$2.tsv"
    printf 'left\\ttop\\twidth\\theight\\tconf\\ttext\\n' >> "$2.tsv"
    printf '5\\t1\\t1\\t1\\t1\\t1\\t10\\t20\\t30\\t40\\t91.7\\tKế\\n' >> "$2.tsv"
    """
)


def test_tesseract_gets_one_thread_and_the_callers_environment_is_left_alone(tmp_path, monkeypatch):
    program = tmp_path / "tesseract"
    program.write_text(FAKE_TESSERACT, encoding="utf-8")
    program.chmod(program.stat().st_mode | stat.S_IEXEC)
    record = tmp_path / "record.txt"
    monkeypatch.setenv("RECORD", str(record))
    monkeypatch.setenv("OMP_THREAD_LIMIT", "8")  # what the user's shell may say
    before = dict(os.environ)
    engine = Tesseract(command=str(program))
    engine.check("vie")
    [line] = engine.read(Image.new("L", (100, 100), 255), lang="vie", dpi=300)
    assert line.text == "Kế" and line.words[0].confidence == 91.0
    assert record.read_text().split() == ["1", "1"]  # --list-langs, then the page
    assert dict(os.environ) == before


@pytest.mark.slow
def test_a_real_ocr_call_leaves_os_environ_unchanged(tmp_path, monkeypatch):
    monkeypatch.delenv("OMP_THREAD_LIMIT", raising=False)
    before = dict(os.environ)
    image = synthetic.draw_page(["Kế hoạch số 12/KH-UBND"], font_size=14, dpi=200, page_inches=(4, 1), margin=0.3)
    path = tmp_path / "dong.png"
    image.save(path, dpi=(200, 200))
    document = extract(path)
    assert "12/KH-UBND" in document.text
    assert dict(os.environ) == before
