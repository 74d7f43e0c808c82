"""PDF routing: each kind of page comes out right, with the right source recorded."""

from __future__ import annotations

import pickle

import pdfplumber
import pytest

from viplan_ocr.document import PageSource
from viplan_ocr.extract import JobKind, assemble, plan_pages, run_page_job
from viplan_ocr.extract.pdf import coverage, route


def test_text_layer_is_used_exactly(extracted, texts):
    document = extracted("text")
    assert document.text_sources == ["text-layer"]
    assert " ".join(document.text.split()) == " ".join(texts.first.split())
    page = document.pages[0]
    assert page.confidence is None and page.dpi == 72
    assert page.lines[0].box is not None
    assert "\n\n" in page.text  # paragraphs stay apart


def test_plan_resolves_text_pages_without_ocr(pdfs):
    jobs = plan_pages(pdfs.mixed)
    assert [job.kind for job in jobs] == [JobKind.DONE, JobKind.PDF_PAGE]
    assert jobs[0].page is not None and jobs[0].page.source is PageSource.TEXT_LAYER
    assert jobs[1].routing == "no text layer"
    assert pickle.loads(pickle.dumps(jobs)) == jobs  # jobs travel to worker processes


@pytest.mark.slow
def test_scanned_pdf_is_ocred_close_to_the_truth(extracted, texts, cer):
    document = extracted("scanned")
    page = document.pages[0]
    assert document.text_sources == ["ocr"]
    assert page.confidence is not None and page.confidence > 80
    assert cer(texts.first, page.text) < 0.03
    for word in ("KẾ HOẠCH", "Chương trình hành động", "496/KH-PGDĐT", "Bình Cang"):
        assert word in page.text
    words = [word for line in page.lines for word in line.words]
    assert all(word.box and word.confidence is not None for word in words)


@pytest.mark.slow
def test_mixed_pdf_routes_each_page(extracted, texts, cer):
    document = extracted("mixed")
    assert document.text_sources == ["text-layer", "ocr"]
    assert " ".join(document.pages[0].text.split()) == " ".join(texts.first.split())
    assert cer(texts.second, document.pages[1].text) < 0.03


@pytest.mark.slow
def test_page_jobs_run_out_of_order_and_assemble_in_order(pdfs, texts):
    jobs = plan_pages(pdfs.mixed)
    pages = [run_page_job(job) for job in reversed(jobs)]
    document = assemble(pdfs.mixed, pages)
    assert [page.number for page in document.pages] == [1, 2]
    assert document.text_sources == ["text-layer", "ocr"]


def test_esigned_scan_is_judged_by_coverage(pdfs):
    with pdfplumber.open(pdfs.esigned) as pdf:
        page = pdf.pages[0]
        image_share, char_share = coverage(page)
        decision = route(page)
    assert image_share > 0.95 and char_share < 0.02
    assert decision.source is PageSource.OCR
    assert "covers" in decision.reason
    assert [line.text for line in decision.lines] == [
        "Ký bởi: Trường THCS Bình Cang",
        "Thời gian ký: 15.04.2021 09:12:33 +07:00",
    ]


@pytest.mark.slow
def test_esigned_scan_keeps_its_signature_lines_exactly(extracted, texts, cer):
    page = extracted("esigned").pages[0]
    assert page.source is PageSource.OCR
    assert cer(texts.first, page.text.split("Ký bởi")[0]) < 0.03
    kept = [line for line in page.lines if line.source is PageSource.TEXT_LAYER]
    assert [line.text for line in kept] == texts.signature.split("\n")
    assert page.text.count("Thời gian ký") == 1  # OCR's reading of the stamp was replaced, not doubled


@pytest.mark.slow
def test_junk_invisible_layer_over_a_scan_is_replaced_by_ocr(pdfs, extracted, texts, cer):
    with pdfplumber.open(pdfs.junk) as pdf:
        decision = route(pdf.pages[0])
    assert decision.source is PageSource.OCR and "junk" in decision.reason
    page = extracted("junk").pages[0]
    assert cer(texts.first, page.text) < 0.03
    assert "Chuong trinh" not in page.text


def test_good_invisible_layer_over_a_scan_is_trusted(pdfs, texts):
    """A scan OCR'd well before (e.g. by OCRmyPDF with vie) needs no second OCR."""
    jobs = plan_pages(pdfs.ocr_layer)
    assert [job.kind for job in jobs] == [JobKind.DONE]
    page = jobs[0].page
    assert page.source is PageSource.TEXT_LAYER and "reads as Vietnamese" in page.routing
    assert " ".join(page.text.split()) == " ".join(texts.first.split())


@pytest.mark.slow
def test_unmapped_glyphs_send_the_page_to_ocr(pdfs, extracted, texts, cer):
    with pdfplumber.open(pdfs.cid) as pdf:
        assert "(cid:" in pdf.pages[0].extract_text()
        decision = route(pdf.pages[0])
    assert decision.source is PageSource.OCR and "cid" in decision.reason
    page = extracted("cid").pages[0]
    assert "(cid:" not in page.text
    assert cer(texts.first, page.text) < 0.03


def test_tcvn3_pdf_is_decoded(pdfs, extracted, texts):
    with pdfplumber.open(pdfs.tcvn3) as pdf:
        raw = pdf.pages[0].extract_text()
    assert "hiÖn" in raw or "®" in raw  # what a TCVN3 font's text layer looks like
    page = extracted("tcvn3").pages[0]
    assert page.source is PageSource.LEGACY_ENCODING
    assert page.encoding == "tcvn3"
    assert " ".join(page.text.split()) == " ".join(texts.second.split())


def test_vni_pdf_is_decoded(pdfs, extracted, texts):
    with pdfplumber.open(pdfs.vni) as pdf:
        assert "hoaïch" in pdf.pages[0].extract_text() or "Chæ" in pdf.pages[0].extract_text()
    page = extracted("vni").pages[0]
    assert page.source is PageSource.LEGACY_ENCODING
    assert page.encoding == "vni"
    assert " ".join(page.text.split()) == " ".join(texts.second.split())


def test_unicode_heading_above_a_tcvn3_body_is_left_alone(tmp_path, texts):
    from viplan_ocr.extract import legacy, synthetic

    pdf = synthetic.new_text_pdf()
    pdf.add_page()
    pdf.cell(0, 18, "Ủy ban nhân dân huyện Hòa Vang - Phòng Giáo dục và Đào tạo", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=12)
    for line in ("Kế hoạch thực hiện nhiệm vụ năm học", "Trường học phối hợp với các cơ quan liên quan"):
        pdf.cell(0, 18, legacy.encode(line, "tcvn3"), new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "mixed-fonts.pdf"
    pdf.output(str(path))
    page = plan_pages(path)[0].page
    assert page.source is PageSource.LEGACY_ENCODING and page.encoding == "tcvn3"
    assert [line.text for line in page.lines] == [
        "Ủy ban nhân dân huyện Hòa Vang - Phòng Giáo dục và Đào tạo",
        "Kế hoạch thực hiện nhiệm vụ năm học",
        "Trường học phối hợp với các cơ quan liên quan",
    ]


@pytest.mark.slow
def test_typed_text_above_a_pasted_scan_keeps_both(pdfs, extracted):
    """The typed lines cover none of the scan: OCR reads the scan, the typed lines stay exact."""
    with pdfplumber.open(pdfs.pasted) as pdf:
        image_share, char_share = coverage(pdf.pages[0])
    assert image_share > 0.5 and char_share == 0
    page = extracted("pasted").pages[0]
    assert page.source is PageSource.OCR
    typed = [line.text for line in page.lines if line.source is PageSource.TEXT_LAYER]
    assert typed == ["Phụ lục: bản chụp Kế hoạch của nhà trường", "Kèm theo Báo cáo số 12/BC-PGDĐT ngày 20/5/2021"]
    scanned = " ".join(line.text for line in page.lines if line.source is None)
    assert "KẾ HOẠCH" in scanned and "Trường THCS Bình Cang" in scanned
    assert page.text.count("Phụ lục") == 1


@pytest.mark.slow
def test_cli_shows_each_page_source(run_cli, pdfs):
    result = run_cli("extract", pdfs.mixed)
    assert result.code == 0, result.err
    assert "=== page 1 (text-layer)" in result.out
    assert "=== page 2 (ocr, OCR confidence" in result.out
    result = run_cli("extract", "--json", pdfs.tcvn3)
    assert '"source": "legacy-encoding"' in result.out and '"encoding": "tcvn3"' in result.out


def test_typed_notes_are_the_shown_free_text_annotations_line_by_line():
    """Only a shown FreeText annotation with text is a typed note; its lines share its box."""
    from viplan_ocr.extract.pdf import typed_notes

    def annot(subtype: str, contents: str | None, flags: int = 4) -> dict:
        data = {"Subtype": f"/'{subtype}'", "F": flags}
        return {"x0": 100.0, "top": 50.0, "x1": 300.0, "bottom": 80.0, "contents": contents, "data": data}

    decomposed = "Kính chuyển Phòng Ke\u0302\u0301 hoạch"  # NFD, as some tools write it
    notes = typed_notes(
        [
            annot("FreeText", f"{decomposed}\r\n  thực hiện.  "),
            annot("FreeText", "hidden", flags=2),
            annot("FreeText", "  "),
            annot("Widget", "a signature field"),
            annot("Text", "a sticky note's popup"),
        ]
    )
    assert [line.text for line in notes] == ["Kính chuyển Phòng Kế hoạch", "thực hiện."]
    assert [line.box for line in notes] == [(100, 50, 200, 15), (100, 65, 200, 15)]
    assert len({line.block for line in notes}) == 1 and [w.text for w in notes[1].words] == ["thực", "hiện."]


def test_a_typed_note_takes_the_place_of_ocr_s_words_under_it_on_every_line():
    """The OCR words under a note go, on every line it covers (not the lines: a subject beside
    the note stays), and the note's lines come after the lines beside it, before those below."""
    from viplan_ocr.document import Line, Page, PageSource, Word
    from viplan_ocr.extract.pages import merge_notes

    def line(y: int, *words: tuple[str, int]) -> Line:
        placed = tuple(Word(text, 60.0, (x, y, 80, 30)) for text, x in words)
        return Line(" ".join(w.text for w in placed), placed, box=(words[0][1], y, 600, 30))

    page = Page(
        1,
        PageSource.OCR,
        (
            line(100, ("V/v", 100), ("bảo", 200), ("1.", 700), ("Phong", 800)),
            line(150, ("trong", 100), ("dịp", 200), ("2.", 700), ("Cong", 800)),
            line(200, ("nghỉ", 100), ("hè", 200), ("3.", 700), ("Doan", 800)),
            line(300, ("Kính", 100), ("gửi:", 200)),
        ),
        dpi=144,  # two pixels a point
    )
    note = tuple(
        Line(text, tuple(Word(w) for w in text.split()), block=0, box=(340, 45 + 30 * k, 150, 30))
        for k, text in enumerate(["1. Phòng CTSV;", "2. Công đoàn;", "3. Đoàn TN."])
    )
    lines = merge_notes(page, note).lines
    assert [line.text for line in lines] == [
        "V/v bảo",
        "trong dịp",
        "nghỉ hè",
        "1. Phòng CTSV;",
        "2. Công đoàn;",
        "3. Đoàn TN.",
        "Kính gửi:",
    ]
    assert [line.source for line in lines[3:6]] == [PageSource.TEXT_LAYER] * 3
    assert lines[0].box == (100, 100, 180, 30)  # the subject's own words' box
