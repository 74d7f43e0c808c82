"""Word files (.docx, .doc, Word HTML named .doc): body order, list markers, tables, legacy fonts, errors.

Every input is built here with python-docx (and LibreOffice for the .doc), so the truth is known.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document as WordDocument
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from viplan_ocr.document import PageSource
from viplan_ocr.errors import CorruptFileError, ExitCode, MissingDependencyError
from viplan_ocr.extract import extract, legacy, sniff, soffice
from viplan_ocr.extract.columns import COLUMN_SEPARATOR as GAP

HEADER = [
    ("UBND TỈNH PHÚ THỌ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    ("SỞ Y TẾ", "Độc lập - Tự do - Hạnh phúc"),
    ("Số: 12/KH-SYT", "Phú Thọ, ngày 5 tháng 3 năm 2022"),
]
SIGNATURE = [("Nơi nhận:", "KT. GIÁM ĐỐC"), ("- Như trên;", "PHÓ GIÁM ĐỐC"), ("- Lưu: VT.", ""), ("", "Nguyễn Văn An")]
#: (level, text): level 0 upperRoman "I.", 1 decimal "1.", 2 lowerLetter "a)", 3 bullet "-".
ITEMS = [
    (0, "MỤC ĐÍCH, YÊU CẦU"),
    (1, "Mục đích"),
    (2, "Tiêm đủ liều cho trẻ dưới một tuổi"),
    (2, "Không để sót đối tượng"),
    (3, "Báo cáo hằng tuần"),
    (1, "Yêu cầu"),
    (2, "Đúng quy trình tiêm chủng an toàn"),
    (0, "TỔ CHỨC THỰC HIỆN"),
]
MARKED = [
    "I. MỤC ĐÍCH, YÊU CẦU",
    "1. Mục đích",
    "a) Tiêm đủ liều cho trẻ dưới một tuổi",
    "b) Không để sót đối tượng",
    "- Báo cáo hằng tuần",
    "2. Yêu cầu",
    "a) Đúng quy trình tiêm chủng an toàn",
    "II. TỔ CHỨC THỰC HIỆN",
]
TCVN3_TEXT = "Thực hiện tiêm chủng đúng lịch cho trẻ em trong toàn tỉnh."
UNICODE_IN_VNTIME = "Các đơn vị báo cáo kết quả về Sở trước ngày mười lăm hằng tháng."
VNI_TEXT = "Trạm y tế xã chịu trách nhiệm tổ chức buổi tiêm."
CAPITALS_TEXT = "kế hoạch tiêm chủng mở rộng"
NUMBERING = f"""<w:abstractNum {nsdecls("w")} w:abstractNumId="90">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%3)"/></w:lvl>
  <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="-"/></w:lvl>
</w:abstractNum>"""


def _borderless_table(document, rows: list[tuple[str, str]]) -> None:
    """A two-column layout table, each column one cell holding one paragraph per row of ``rows``."""
    table = document.add_table(rows=1, cols=2)
    for column in range(2):
        cell = table.rows[0].cells[column]
        cell.paragraphs[0].text = rows[0][column]
        for row in rows[1:]:
            cell.add_paragraph(row[column])


def _numbered(document, level: int, text: str) -> None:
    paragraph = document.add_paragraph(text)
    paragraph._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>')
    )


def _run(document, text: str, font: str) -> None:
    run = document.add_paragraph().add_run(text)
    run.font.name = font  # sets w:rFonts ascii and hAnsi


def build_docx(path: Path) -> Path:
    """A plan as an office types it in Word: layout tables, auto-numbered headings, legacy fonts."""
    document = WordDocument()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(NUMBERING))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    section = document.sections[0]
    section.header.paragraphs[0].text = "DỰ THẢO - lưu hành nội bộ"
    section.footer.paragraphs[0].text = "Trang 1/1"

    _borderless_table(document, HEADER)
    document.add_paragraph("KẾ HOẠCH")
    _run(document, legacy.encode(CAPITALS_TEXT, "tcvn3"), ".VnTimeH")
    for level, text in ITEMS[:7]:
        _numbered(document, level, text)
    data = document.add_table(rows=2, cols=2)
    data.style = "Table Grid"
    for row, cells in zip(data.rows, [("STT", "Nội dung"), ("1", "Tiêm vắc xin sởi")], strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    _numbered(document, *ITEMS[7])
    _run(document, legacy.encode(TCVN3_TEXT, "tcvn3"), ".VnTime")
    _run(document, UNICODE_IN_VNTIME, ".VnTime")
    _run(document, legacy.encode(VNI_TEXT, "vni"), "VNI-Times")
    _borderless_table(document, SIGNATURE)
    document.save(path)
    return path


@pytest.fixture(scope="module")
def docx_file(tmp_path_factory) -> Path:
    return build_docx(tmp_path_factory.mktemp("word") / "ke-hoach.docx")


@pytest.fixture(scope="module")
def docx_lines(docx_file) -> list[str]:
    return [line.text for line in extract(docx_file).pages[0].lines]


def test_a_header_table_row_gives_one_line_per_paragraph_pair(docx_lines):
    assert docx_lines[:3] == [left + GAP + right for left, right in HEADER]


def test_paragraphs_and_tables_come_in_document_order(docx_lines):
    order = ["SỞ Y TẾ" + GAP, "KẾ HOẠCH", "I. MỤC", "STT" + GAP + "Nội dung", "II. TỔ CHỨC", "Nơi nhận:" + GAP]
    positions = [next(i for i, line in enumerate(docx_lines) if line.startswith(start)) for start in order]
    assert positions == sorted(positions)


def test_word_list_numbers_are_drawn_as_markers(docx_lines):
    assert [line for line in docx_lines if any(line.endswith(text) for _, text in ITEMS)] == MARKED


def test_headers_and_footers_stay_out_of_the_body(docx_lines):
    assert not any("DỰ THẢO" in line or "Trang 1/1" in line for line in docx_lines)


def test_legacy_font_runs_are_decoded_and_unicode_in_a_legacy_font_is_left_alone(docx_file, docx_lines):
    assert TCVN3_TEXT in docx_lines
    assert VNI_TEXT in docx_lines
    assert UNICODE_IN_VNTIME in docx_lines
    assert CAPITALS_TEXT.upper() in docx_lines  # .VnTimeH draws the lowercase codes as capitals
    page = extract(docx_file).pages[0]
    assert page.source is PageSource.LEGACY_ENCODING
    assert page.encoding == "tcvn3+vni"


def test_tcvn3_vni_and_unicode_runs_in_one_paragraph_each_read_their_own_way(tmp_path):
    """A paragraph pasted together from old and new files: each run decoded by its font, the
    Unicode ones (in a Unicode font or a legacy-named one) left exactly as they are, and the
    quote and dash Word's autocorrect typed into the .VnTime run kept as punctuation."""
    pieces = [
        ("Căn cứ ", "Times New Roman", None),
        ("Kế hoạch số 342/KH-SGDĐT – “Ngày hội đọc sách” của ", ".VnTime", "tcvn3"),
        ("Sở", ".VnTimeH", "tcvn3"),  # the capitals font: lowercase codes, drawn in capitals
        (" Giáo dục và Đào tạo, ", "VNI-Times", "vni"),
        ("trường xây dựng kế hoạch ", ".VnArial", None),  # Unicode typed into a legacy-named font
        ("năm học 2025–2026.", "Times New Roman", None),
    ]
    document = WordDocument()
    paragraph = document.add_paragraph()
    for text, font, encoding in pieces:
        stored = legacy.encode(text.lower() if font == ".VnTimeH" else text, encoding) if encoding else text
        paragraph.add_run(stored).font.name = font
    document.save(tmp_path / "mixed.docx")
    page = extract(tmp_path / "mixed.docx").pages[0]
    expected = "".join(text.upper() if font == ".VnTimeH" else text for text, font, _ in pieces)
    assert [line.text for line in page.lines] == [expected]
    assert (page.source, page.encoding) == (PageSource.LEGACY_ENCODING, "tcvn3+vni")
    assert "legacy fonts in tcvn3, vni" in page.routing


def test_tables_are_kept_as_data(docx_file):
    tables = extract(docx_file).pages[0].tables
    assert [table.ruled for table in tables] == [False, True, False]
    assert tables[0].rows[0][0] == "\n".join(left for left, _ in HEADER)
    assert tables[1].rows == (("STT", "Nội dung"), ("1", "Tiêm vắc xin sởi"))


def test_a_unicode_docx_is_a_text_layer_page(tmp_path):
    document = WordDocument()
    _borderless_table(document, HEADER)
    document.save(tmp_path / "kh.docx")
    page = extract(tmp_path / "kh.docx").pages[0]
    assert (page.source, page.encoding) == (PageSource.TEXT_LAYER, None)


def test_paragraphs_stay_apart_through_cleaning(tmp_path):
    """A Word paragraph is never a line a layout broke: cleaning's reflow, which re-joins such
    lines, must leave short unpunctuated paragraphs (a subject, ``Kính gửi``) apart."""
    from viplan_ocr import clean

    document = WordDocument()
    paragraphs = [
        "Về việc lập danh sách đề nghị ra Quyết định",
        "Hội đồng chấm luận văn thạc sĩ năm học này",
        "Kính gửi:  - Các đơn vị đào tạo sau đại học",
        "Căn cứ Quy chế đào tạo trình độ thạc sĩ hiện hành",
        "Trường hướng dẫn các khoa lập danh sách đề nghị",
        "Danh sách gửi về Phòng Đào tạo Sau đại học",
    ]
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(tmp_path / "cv.docx")
    cleaned = clean(extract(tmp_path / "cv.docx"))
    assert [line.text for line in cleaned.pages[0].lines] == paragraphs
    assert not [change for change in cleaned.changes if change.reason == "reflow"]


def test_a_title_over_centred_paragraphs_is_one_title(tmp_path):
    """Word plans centre the kind and a title typed over two paragraphs; a note in brackets
    under them is no line of the title."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from viplan_ocr import clean, parse

    document = WordDocument()
    _borderless_table(document, HEADER)
    for text in (
        "KẾ HOẠCH",
        "Tổ chức sinh hoạt chuyên môn môn Địa lí",
        "Cụm 3 năm học 2025 - 2026",
        "(Ban hành kèm theo Quyết định số 12/QĐ-SYT ngày 5/3/2022)",
    ):
        document.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph("I. MỤC ĐÍCH, YÊU CẦU")
    document.add_paragraph("Nâng cao chất lượng dạy học.")
    document.save(tmp_path / "kh.docx")
    header = parse(clean(extract(tmp_path / "kh.docx"))).header
    assert (header.doc_type, header.title) == (
        "Kế hoạch",
        "Tổ chức sinh hoạt chuyên môn môn Địa lí Cụm 3 năm học 2025 - 2026",
    )


def test_parse_reads_header_and_signature_from_word_tables(run_cli, docx_file):
    result = run_cli("parse", docx_file)
    assert result.code == ExitCode.OK, result.err
    plan = json.loads(result.out)
    header, signature = plan["header"], plan["signature"]
    assert (header["issuer"], header["number"], header["date"]) == ("SỞ Y TẾ", "12/KH-SYT", "2022-03-05")
    assert header["doc_type"] == "Kế hoạch"
    assert (signature["authority"], signature["position"], signature["name"]) == (
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "Nguyễn Văn An",
    )
    assert [section["number"] for section in plan["sections"]] == ["I", "II"]
    assert plan["source"]["text_sources"] == ["legacy-encoding"]


WORD_HTML = """\ufeff<html xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:w="urn:schemas-microsoft-com:office:word" xmlns="http://www.w3.org/TR/REC-html40">
<head><meta http-equiv=Content-Type content="text/html; charset=utf-8"><style>p {{margin:0}}</style></head>
<body><div class=WordSection1>
<table border=0><tr><td><p class=MsoNormal>UBND TỈNH PHÚ THỌ</p><p>SỞ Y TẾ</p></td>
<td><p>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p><p>Độc lập - Tự do - Hạnh phúc</p></td></tr></table>
<p class=MsoNormal><b>LỊCH LÀM VIỆC</b><o:p></o:p></p>
<p><span style='font-family:".VnTime";mso-bidi-font-family:Arial'>{tcvn3}</span></p>
<table border=1><tr><td><p>Thứ hai</p></td><td><p>Họp giao ban<br>Làm công tác văn thư</p></td></tr></table>
</div></body></html>"""


def test_word_html_named_doc_is_read_by_content(tmp_path):
    path = tmp_path / "lich-lam-viec.doc"
    path.write_text(WORD_HTML.format(tcvn3=legacy.encode(TCVN3_TEXT, "tcvn3")), encoding="utf-8")
    assert sniff(path).name == "word"
    page = extract(path).pages[0]
    lines = [line.text for line in page.lines]
    assert lines[:2] == [left + GAP + right for left, right in HEADER[:2]]
    assert lines[2:4] == ["LỊCH LÀM VIỆC", TCVN3_TEXT]
    assert lines[4:] == ["Thứ hai" + GAP + "Họp giao ban", "Làm công tác văn thư"]
    assert [table.ruled for table in page.tables] == [False, True]


@pytest.fixture(scope="module")
def doc_file(docx_file, tmp_path_factory) -> Path:
    """The test .docx saved as Word 97-2003 by LibreOffice (one conversion for the module)."""
    program = soffice.soffice()
    if program is None:
        pytest.skip(f"LibreOffice (soffice) is not installed: apt-get install {soffice.PACKAGE}")
    out = tmp_path_factory.mktemp("doc")
    command = [program, f"-env:UserInstallation={(out / 'profile').as_uri()}", "--headless"]
    subprocess.run([*command, "--convert-to", "doc", "--outdir", str(out), str(docx_file)], check=True, timeout=180)
    return out / "ke-hoach.doc"


def test_a_word_97_doc_is_read_through_libreoffice_with_its_fonts(doc_file):
    assert doc_file.read_bytes().startswith(b"\xd0\xcf\x11\xe0")
    page = extract(doc_file).pages[0]
    lines = [line.text for line in page.lines]
    assert lines[:3] == [left + GAP + right for left, right in HEADER]
    assert {TCVN3_TEXT, VNI_TEXT, UNICODE_IN_VNTIME, MARKED[0], MARKED[2]} <= set(lines)
    assert page.source is PageSource.LEGACY_ENCODING
    assert "LibreOffice" in (page.routing or "")


def test_a_doc_without_libreoffice_is_a_missing_dependency(run_cli, doc_file, monkeypatch):
    monkeypatch.setattr(soffice.shutil, "which", lambda name: None)
    with pytest.raises(MissingDependencyError, match=soffice.PACKAGE):
        extract(doc_file)
    result = run_cli("extract", doc_file)
    assert result.code == ExitCode.MISSING_DEPENDENCY
    assert result.err.strip().count("\n") == 0
    assert str(doc_file) in result.err and soffice.PACKAGE in result.err


def test_a_corrupt_docx_is_one_clear_line(run_cli, tmp_path):
    path = tmp_path / "ke-hoach.docx"
    path.write_bytes(b"PK\x03\x04" + b"word/document.xml" + bytes(300))
    with pytest.raises(CorruptFileError):
        extract(path)
    result = run_cli("extract", path)
    assert result.code == ExitCode.INPUT_FILE
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.err
    assert str(path) in lines[0] and "not a readable Word document" in lines[0]


def test_a_batch_gives_word_files_their_records(run_cli, tmp_path, docx_file):
    inputs, out = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    shutil.copy(docx_file, inputs / "ke-hoach.docx")
    (inputs / "hong.docx").write_bytes(b"PK\x03\x04" + bytes(100))
    result = run_cli("batch", inputs, out)
    assert result.code == ExitCode.PARTIAL, result.err
    manifest = (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    records = {record["input"]: record for record in map(json.loads, manifest)}
    assert records["ke-hoach.docx"]["status"] == "ok"
    assert records["ke-hoach.docx"]["text_sources"] == ["legacy-encoding"]
    assert records["hong.docx"]["status"] == "failed"
    assert "not a readable Word document" in records["hong.docx"]["error"]
    assert "SỞ Y TẾ" in json.loads((out / "ke-hoach.json").read_text(encoding="utf-8"))["header"]["issuer"]


def test_a_damaged_doc_is_one_clear_line(run_cli, tmp_path):
    if soffice.soffice() is None:
        pytest.skip(f"LibreOffice (soffice) is not installed: apt-get install {soffice.PACKAGE}")
    path = tmp_path / "cong-van.doc"  # an OLE header and a WordDocument stream name, then junk
    stream = "WordDocument".encode("utf-16-le")
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + stream + b"junk" * 300)
    result = run_cli("extract", path)
    assert result.code == ExitCode.INPUT_FILE
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0]
    assert "not a readable Word document (LibreOffice could not convert it" in lines[0]


def test_an_office_file_that_is_not_word_is_refused(run_cli, tmp_path):
    path = tmp_path / "bang-tinh.doc"  # an OLE file without a WordDocument stream (Excel, PowerPoint)
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024))
    result = run_cli("extract", path)
    assert result.code == ExitCode.INPUT_FILE
    assert "not a Word document" in result.err and result.err.strip().count("\n") == 0
