"""``--formats pdf``: the input's own pages with an invisible layer of the cleaned words.

Checked the way a user would: the file passes ``qpdf --check`` (and pikepdf's syntax check), it
declares and passes PDF/A-2b, text extraction gives the cleaned words in order (``pdftotext``,
poppler's, as a user runs it; pdfplumber, which is pdfminer; pypdfium2, which is PDFium, Chrome's
reader), and each extracted word lies on the OCR box of the word it is. ``qpdf`` and
``pdftotext`` (Debian's ``qpdf`` and ``poppler-utils``) are installed by ``make test``; outside
CI a machine without them skips those two checks only.
"""

from __future__ import annotations

import difflib
import io
import json
import os
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pdfplumber
import pikepdf
import pypdfium2
import pytest

from viplan_ocr.extract.tables import RULE_GLYPHS
from viplan_ocr.pipeline import Converted, convert
from viplan_ocr.vietnamese.syllables import strip_accents
from viplan_ocr.writers import WRITERS, Unwritten
from viplan_ocr.writers.boxes import PlacedPage, placed_pages
from viplan_ocr.writers.searchable_pdf import NO_PAGES
from viplan_ocr.writers.textlayer import table_rows

STAMP = "Ký bởi: Trường THCS Bình Cang"  # the first line of the hard pages' e-signature (conftest)


def _tool(name: str) -> str | None:
    """The path of a command-line tool the set-up installs; in CI its absence is a failure."""
    found = shutil.which(name)
    assert found or not os.environ.get("CI"), f"{name} is missing: make test installs it"
    return found


def _rendered(converted: Converted, tmp_path: Path | None = None) -> bytes:
    data = WRITERS["pdf"].render(converted)
    assert isinstance(data, bytes)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert pdf.check_pdf_syntax() == []
    if tmp_path is not None and (qpdf := _tool("qpdf")):
        path = tmp_path / "out.pdf"
        path.write_bytes(data)
        checked = subprocess.run([qpdf, "--check", str(path)], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stdout + checked.stderr
    return data


def _pdftotext(data: bytes, tmp_path: Path) -> str | None:
    """The PDF's text as ``pdftotext`` gives it (reading order, UTF-8); None without the tool."""
    if not (tool := _tool("pdftotext")):
        return None
    path = tmp_path / "text.pdf"
    path.write_bytes(data)
    return subprocess.run([tool, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True).stdout.decode()


def _share_in_order(expected: list[str], found: list[str]) -> float:
    """The share of ``expected`` words found in ``found`` in the same order."""
    blocks = difflib.SequenceMatcher(None, expected, found, autojunk=False).get_matching_blocks()
    return sum(block.size for block in blocks) / max(len(expected), 1)


def _pdfium_text(data: bytes, index: int) -> str:
    document = pypdfium2.PdfDocument(data)
    try:
        return document[index].get_textpage().get_text_range()
    finally:
        document.close()


def _page_words(page: PlacedPage) -> list[str]:
    return [w.text for line in page.lines for w in line.words]


def _boxes_agree(data: bytes, index: int, placed: PlacedPage, only: set[int] | None = None) -> float:
    """The share of the page's cleaned words that pdfplumber finds, in order, on their OCR boxes
    (boxes in points, as the page shows: scaled from the unit the page was OCR'd in)."""
    assert placed.size is not None
    words = [w for line in placed.lines for w in line.words if only is None or line.block in only]
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[index]
        found = page.extract_words()
        scale = page.width / placed.size[0]
    matcher = difflib.SequenceMatcher(None, [w.text for w in words], [f["text"] for f in found], autojunk=False)
    agreeing = 0
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            word, hidden = words[block.a + k], found[block.b + k]
            left, top, width, height = (v * scale for v in word.box)
            overlaps = min(hidden["x1"], left + width) > max(hidden["x0"], left) and min(
                hidden["bottom"], top + height
            ) > max(hidden["top"], top)
            assert overlaps, (word, hidden)
            agreeing += 1
    return agreeing / max(len(words), 1)


@pytest.mark.slow
def test_a_scanned_pdf_becomes_a_searchable_pdf_a_of_its_cleaned_words(scanned, tmp_path: Path):
    data = _rendered(scanned, tmp_path)
    expected = scanned.cleaned.text.split()
    with pikepdf.open(io.BytesIO(data)) as pdf, pikepdf.open(scanned.source_path) as original:
        assert pdf.open_metadata().pdfa_status == "2B"
        from pikepdf import pdfa

        assert pdfa.check(pdf, "2b").passed
        ((_, image),) = pdf.pages[0].get_images().items()
        ((_, before),) = original.pages[0].get_images().items()
        assert image.read_raw_bytes() == before.read_raw_bytes()  # the scan itself, not a copy of it
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert _share_in_order(expected, pdf.pages[0].extract_text().split()) >= 0.99
    assert _share_in_order(expected, _pdfium_text(data, 0).split()) >= 0.99
    if (text := _pdftotext(data, tmp_path)) is not None:
        assert _share_in_order(expected, text.split()) >= 0.99
    (page,) = placed_pages(scanned.cleaned)
    assert _boxes_agree(data, 0, page) >= 0.99


def test_a_text_layer_pdf_keeps_its_own_layer_and_gets_no_second(inputs: Path):
    converted = convert(inputs / "text.pdf")
    data = _rendered(converted)
    with pdfplumber.open(io.BytesIO(data)) as pdf, pdfplumber.open(inputs / "text.pdf") as original:
        assert pdf.pages[0].extract_text() == original.pages[0].extract_text()
        assert len(pdf.pages[0].chars) == len(original.pages[0].chars)


@pytest.mark.slow
def test_an_image_with_an_alpha_channel_becomes_a_pdf_of_its_cleaned_words(unaccented, inputs: Path):
    data = _rendered(unaccented)
    (page,) = placed_pages(unaccented.cleaned)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        (image,) = pdf.pages[0].images
        assert tuple(image["srcsize"]) == page.size  # the image file's own pixels
        found = pdf.pages[0].extract_text().split()
    assert _share_in_order(_page_words(page), found) >= 0.99
    assert _boxes_agree(data, 0, page) >= 0.99
    # Searchable by the accented words the scan shows, not by what the engine read.
    engine = unaccented.document.text.split()
    assert _share_in_order(engine, found) < 0.6


@pytest.mark.slow
def test_the_hard_pages_get_one_layer_each_in_the_right_place(hard, hard_pages: Path, tmp_path: Path):
    data = _rendered(hard, tmp_path)
    pages = placed_pages(hard.cleaned)
    assert [p.number for p in pages] == [1, 2, 3, 4, 5]
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        texts = [page.extract_text() for page in pdf.pages]
        rotations = [page.rotation for page in pdf.pages]
    for index, page in enumerate(pages):
        assert _share_in_order(_page_words(page), _pdfium_text(data, index).split()) >= 0.99, index
        if page.angle == 0:  # pdfminer reads text running up a page one letter a line
            assert _share_in_order(_page_words(page), texts[index].split()) >= 0.99, index
    # 1. The junk layer is gone: none of its unaccented words that the page does not print.
    junk = set(strip_accents(hard.cleaned.pages[0].text).split()) - set(hard.cleaned.pages[0].text.split())
    assert junk and not junk & set(texts[0].split())
    assert _boxes_agree(data, 0, pages[0]) >= 0.99
    # 2. The e-signature stamp is the page's own text, once; the scan's words are added around it.
    assert texts[1].count(STAMP) == 1
    ocr_blocks = {line.block for line in pages[1].lines if line.source == "ocr"}
    assert _boxes_agree(data, 1, pages[1], only=ocr_blocks) >= 0.99
    # 3. Visible text without a Unicode map cannot be hidden: the page is its image now.
    assert "(cid:" not in texts[2]
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert "/ScannerFont" not in str(pdf.pages[2].obj.get("/Resources"))
        assert len(pdf.pages[2].get_images()) == 1
    assert _boxes_agree(data, 2, pages[2]) >= 0.99
    # 4. A page stored sideways under /Rotate 90 keeps it, and its words lie where the page shows them.
    with pikepdf.open(hard_pages) as original:
        assert int(original.pages[3].obj.Rotate) == 90
    assert rotations[3] == 90
    assert _boxes_agree(data, 3, pages[3]) >= 0.99
    # 5. A page lying sideways, which OCR read turned: its words run up the page, on their boxes.
    assert "(OSD)" in (hard.document.pages[4].routing or "") and pages[4].angle in (90, 270)
    assert _pdfium_boxes_agree(data, 4, pages[4]) >= 0.99
    assert f"textangle {pages[4].angle}" in WRITERS["hocr"].render(hard)
    assert f'ROTATION="{pages[4].angle}"' in WRITERS["alto"].render(hard)


def _pdfium_boxes_agree(data: bytes, index: int, placed: PlacedPage) -> float:
    """As :func:`_boxes_agree`, with PDFium's letters (it reads text running up or down a page in
    its order; the page must have no ``/Rotate``, as PDFium's boxes are in the unrotated page).
    Letters' boxes are the font's full height, as pdfplumber's are: a hyphen's own ink is a
    sliver beside the OCR box of its ink."""
    assert placed.size is not None
    document = pypdfium2.PdfDocument(data)
    try:
        page = document[index]
        width, height = page.get_size()
        textpage = page.get_textpage()
        text = textpage.get_text_range()
        boxes = [textpage.get_charbox(i, loose=True) for i in range(textpage.count_chars())]
    finally:
        document.close()
    found: list[tuple[str, tuple[float, float, float, float]]] = []
    position = 0
    for token in text.split():
        at = text.index(token, position)
        position = at + len(token)
        x0 = min(boxes[i][0] for i in range(at, position))
        x1 = max(boxes[i][2] for i in range(at, position))
        top = height - max(boxes[i][3] for i in range(at, position))
        bottom = height - min(boxes[i][1] for i in range(at, position))
        found.append((token, (x0, top, x1, bottom)))
    words = [w for line in placed.lines for w in line.words]
    scale = width / placed.size[0]
    matcher = difflib.SequenceMatcher(None, [w.text for w in words], [t for t, _ in found], autojunk=False)
    agreeing = 0
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            word, (_, (x0, top, x1, bottom)) = words[block.a + k], found[block.b + k]
            left, up, w, h = (v * scale for v in word.box)
            assert min(x1, left + w) > max(x0, left) and min(bottom, up + h) > max(top, up), (word, x0, top)
            agreeing += 1
    return agreeing / max(len(words), 1)


def test_a_file_without_pages_gets_no_pdf(inputs: Path):
    assert WRITERS["pdf"].render(convert(inputs / "plan.txt")) == Unwritten(NO_PAGES)


@pytest.mark.slow
def test_batch_writes_pdf_hocr_and_alto_and_notes_what_it_cannot(run_cli, inputs: Path, tmp_path: Path):
    source = tmp_path / "in"
    source.mkdir()
    for name in ("scan.pdf", "plan.txt"):
        shutil.copy(inputs / name, source / name)
    out = tmp_path / "out"
    result = run_cli("batch", source, out, "--formats", "json,pdf,hocr,alto", "--jobs", "1")
    assert result.code == 0, result.err
    records = {r["input"]: r for r in map(json.loads, (out / "manifest.jsonl").read_text().splitlines())}
    assert sorted(records["scan.pdf"]["outputs"]) == ["scan.alto.xml", "scan.hocr", "scan.json", "scan.pdf"]
    assert records["scan.pdf"]["notes"] == []
    assert records["plan.txt"]["outputs"] == ["plan.json"]
    assert [note.split(":")[0] for note in records["plan.txt"]["notes"]] == ["hocr", "alto", "pdf"]
    assert "not written: pdf: " + NO_PAGES + " (plan.txt)" in result.out + result.err
    with pdfplumber.open(out / "scan.pdf") as pdf:
        found = pdf.pages[0].extract_text().split()
    cleaned = convert(source / "scan.pdf").cleaned.text.split()
    assert _share_in_order(cleaned, found) >= 0.99
    hocr = (out / "scan.hocr").read_text(encoding="utf-8")
    assert "ocrx_word" in hocr and (out / "scan.alto.xml").read_bytes().startswith(b"<?xml")


#: A header of two columns, as Vietnamese offices print it: each row one line of the cleaned text.
HEADER_ROWS = [
    ("UBND HUYỆN CAO LÃNH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    ("TRƯỜNG THCS BÌNH THẠNH", "Độc lập - Tự do - Hạnh phúc"),
    ("Số: 58/KH-THCS", "Bình Thạnh, ngày 15 tháng 9 năm 2025"),
]
BODY = [
    "KẾ HOẠCH",
    "Tổ chức các hoạt động giáo dục năm học 2025 - 2026",
    "Căn cứ kế hoạch của Phòng Giáo dục và Đào tạo về nhiệm vụ năm học,",
    "nhà trường xây dựng kế hoạch tổ chức các hoạt động như sau.",
]


def _two_column_scan(path: Path) -> Path:
    """A 300 dpi scan of a page whose header rows are two columns far apart."""
    from PIL import Image, ImageDraw, ImageFont

    from viplan_ocr.extract import synthetic

    image = Image.new("L", (2480, 1600), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(synthetic.font_path("DejaVuSerif.ttf")), 40)
    y = 150
    for left, right in HEADER_ROWS:
        draw.text((150, y), left, font=font, fill=0)
        draw.text((1250, y), right, font=font, fill=0)
        y += 70
    y += 80
    for line in BODY:
        draw.text((150, y), line, font=font, fill=0)
        y += 70
    return synthetic.image_pdf([image], path)


@pytest.mark.slow
def test_a_row_of_two_columns_reads_as_one_line_as_in_the_cleaned_text(tmp_path: Path):
    converted = convert(_two_column_scan(tmp_path / "header.pdf"))
    assert "CAO LÃNH     CỘNG HÒA" in converted.cleaned.text  # the row is one line of two cells
    data = _rendered(converted, tmp_path)
    if (text := _pdftotext(data, tmp_path)) is None:
        pytest.skip("pdftotext is not installed")
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    assert "UBND HUYỆN CAO LÃNH CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in lines
    assert _share_in_order(converted.cleaned.text.split(), text.split()) == 1.0
    # Each word's hidden text still lies on its printed letters.
    (page,) = placed_pages(converted.cleaned)
    assert _boxes_agree(data, 0, page) == 1.0


def test_writing_a_searchable_pdf_leaves_pdfminer_reading_text_layers_as_before(scanned):
    """``import ocrmypdf`` makes pdfminer map no character of a standard font without an
    encoding; a batch worker that wrote one searchable PDF then sent the next file's Helvetica
    text layer to OCR. The writer gives pdfminer its own reading back."""
    from pdfminer.pdffont import PDFType1Font

    assert isinstance(WRITERS["pdf"].render(scanned), bytes)
    helvetica = PDFType1Font(None, {"BaseFont": "Helvetica", "Subtype": "Type1"})
    assert helvetica.to_unichr(65) == "A"


def _add_typed_note(path: Path, rect: list[float], contents: str, drawn: bytes, size: int) -> Path:
    """The PDF at ``path`` with a note an office typed over its first page: a FreeText
    annotation at ``rect`` holding ``contents`` and showing ``drawn`` (a content stream in
    Helvetica of ``size`` points)."""
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        helvetica = pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.Type1,
            BaseFont=pikepdf.Name.Helvetica,
            Encoding=pikepdf.Name.WinAnsiEncoding,
        )
        drawing = pikepdf.Stream(pdf, drawn)
        drawing.Type, drawing.Subtype = pikepdf.Name.XObject, pikepdf.Name.Form
        drawing.BBox = [0, 0, rect[2] - rect[0], rect[3] - rect[1]]
        drawing.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=helvetica))
        note = pikepdf.Dictionary(
            Type=pikepdf.Name.Annot,
            Subtype=pikepdf.Name.FreeText,
            Rect=rect,
            Contents=pikepdf.String(contents),
            DA=pikepdf.String(f"/Helv {size} Tf 0 g"),
            AP=pikepdf.Dictionary(N=drawing),
        )
        pdf.pages[0].obj.Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(note)]))
        pdf.save(path)
    return path


def _scan_with_typed_note(path: Path) -> Path:
    """A scan with a note an office typed over it (a FreeText annotation showing its own text)."""
    from viplan_ocr.extract import synthetic

    page = synthetic.scan_pages("Kính gửi: Các trường trung học cơ sở trên địa bàn huyện.")[0]
    synthetic.image_pdf([page], path)
    text = "Chuyen VB 2345/KH-UBND ngay 17/05/2019"
    return _add_typed_note(path, [60, 600, 480, 630], text, f"BT /F1 16 Tf 4 8 Td ({text}) Tj ET".encode(), 16)


@pytest.mark.slow
def test_a_typed_note_over_a_scan_is_not_given_a_second_hidden_copy(tmp_path: Path):
    converted = convert(_scan_with_typed_note(tmp_path / "note.pdf"))
    assert "2345/KH-UBND" in converted.cleaned.text  # the note's own text, taken as typed
    data = _rendered(converted, tmp_path)
    if (found := _pdftotext(data, tmp_path)) is None:
        pytest.skip("pdftotext is not installed")
    # The note's own text, once: no hidden copy of the cleaned reading under it (``ngày``).
    assert found.count("17/05/2019") == 1 and "ngày" not in found and "trung học cơ sở" in found


#: A scanned report's table: each indicator's name printed on two or three lines, the row's
#: number and figures centred beside it.
TABLE_ROWS = [
    ("TT", ["Chỉ tiêu"], "Đơn vị", "Kế hoạch 2024"),
    ("1", ["Tỷ số giới tính khi sinh", "(số bé trai/100 bé gái)"], "Bé", "110"),
    ("2", ["Tỷ lệ trẻ em dưới 1 tuổi", "được tiêm chủng đầy đủ", "các loại vắc xin"], "%", "95,5"),
    ("3", ["Số giường bệnh/vạn dân", "(không bao gồm trạm y tế)"], "Giường", "26,57"),
]


def _table_scan(path: Path, angle: float) -> Path:
    """A 300 dpi scan of a ruled table with cells of several lines, turned by ``angle`` degrees."""
    from PIL import Image, ImageDraw, ImageFont

    from viplan_ocr.extract import synthetic

    image = Image.new("L", (2480, 1500), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(synthetic.font_path("DejaVuSans.ttf")), 42)
    draw.text((200, 120), "1. Các chỉ tiêu cơ bản năm 2024", font=font, fill=0)
    edges, top, line = (200, 330, 1300, 1600, 2100), 220, 62
    y = top
    for number, name, unit, value in TABLE_ROWS:
        height = line * len(name) + 44
        middle = y + height / 2 - 26
        draw.text((edges[0] + 30, middle), number, font=font, fill=0)
        for k, text in enumerate(name):
            draw.text((edges[1] + 30, y + 20 + k * line), text, font=font, fill=0)
        draw.text((edges[2] + 30, middle), unit, font=font, fill=0)
        draw.text((edges[3] + 30, middle), value, font=font, fill=0)
        draw.line([(edges[0], y), (edges[-1], y)], fill=0, width=4)
        y += height
    draw.line([(edges[0], y), (edges[-1], y)], fill=0, width=4)
    for x in edges:
        draw.line([(x, top), (x, y)], fill=0, width=4)
    draw.text((200, y + 60), "2. Tổ chức thực hiện: các đơn vị triển khai kế hoạch này.", font=font, fill=0)
    image = image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    return synthetic.image_pdf([image], path)


@pytest.mark.slow
@pytest.mark.parametrize("angle", [0.0, 0.8])
def test_a_scanned_table_reads_in_the_pdf_as_in_the_txt(angle: float, tmp_path: Path):
    """The ``.txt`` prints a scanned table row by row, each row line by line as printed (a figure
    centred in a row of three lines beside the middle one), and the hidden layer draws the same
    lines: ``pdftotext`` reads the table as the ``.txt`` has it, on a straight scan and on one
    turned a little, and each word's hidden text lies on its printed letters."""
    converted = convert(_table_scan(tmp_path / "table.pdf", angle))
    assert len(converted.cleaned.pages[0].tables) == 1
    txt = WRITERS["txt"].render(converted)
    lines = [line.split() for line in txt.splitlines()]
    middle = [line for line in lines if "chủng" in line]  # the middle line of the row's three
    assert len(middle) == 1 and middle[0][-2:] == ["%", "95,5"]  # the figure beside it
    unit = [line for line in lines if line[-1:] == ["26,57"]]
    assert len(unit) == 1 and "bệnh/vạn" not in unit[0]  # centred between the name's two lines
    data = _rendered(converted, tmp_path)
    if (text := _pdftotext(data, tmp_path)) is None:
        pytest.skip("pdftotext is not installed")
    assert _share_in_order(txt.split(), text.split()) >= 0.99
    (page,) = placed_pages(converted.cleaned)
    rows = table_rows(page.lines, page.grids)  # as drawn: in this order, without OCR's rules
    lines_drawn = [
        replace(line, words=tuple(replace(w, text=w.text.strip(RULE_GLYPHS)) for w in line.words)) for line in rows
    ]
    drawn = replace(page, lines=tuple(lines_drawn))
    assert _boxes_agree(data, 0, drawn) >= 0.99


def _letter_with_a_note_beside_its_subject(path: Path, left: float = 330, wide: bool = False) -> Path:
    """A scanned letter whose office typed a note (a FreeText annotation) beside its subject,
    from ``left`` points (None: right after the subject's longer line), its lines level with the
    subject's; ``wide``: two long lines in 10 points, as an office types a note in the room it
    finds."""
    from PIL import Image, ImageDraw, ImageFont

    from viplan_ocr.extract import synthetic

    image = Image.new("L", (2480, 3508), 255)  # A4 at 300 dpi: a point is 300/72 pixels
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(synthetic.font_path("DejaVuSerif.ttf")), 42)
    lines = [
        (150, "SỞ GIÁO DỤC VÀ ĐÀO TẠO"),
        (230, "Số: 1595/SGDĐT-CTrTT"),
        (330, "V/v bảo đảm an toàn giao thông"),
        (390, "cho học sinh trong dịp nghỉ hè"),
        (600, "Kính gửi: Các trường trung học phổ thông."),
        (700, "Sở Giáo dục và Đào tạo đề nghị các trường thực hiện tốt các nội dung sau."),
    ]
    for top, text in lines:
        draw.text((200, top), text, font=font, fill=0)
    synthetic.image_pdf([image], path)
    if left is None:  # where the subject's longer line ends (a point is 300/72 pixels)
        left = (200 + max(font.getbbox(text)[2] for _, text in lines[2:4])) * 72 / 300
    contents = "1. Phòng CTSV phổ biến đến toàn thể học sinh;\r\n2. Công đoàn phối hợp thực hiện."
    drawn = b"BT /F1 9 Tf 2 30 Td (1. Phong CTSV) Tj 0 -14 Td (2. Cong doan) Tj ET"
    if wide:
        drawn = (
            b"BT /F1 10 Tf 2 31 Td (1. Phong CTSV pho bien den toan the hoc sinh va sinh vien) Tj 0 -14 Td"
            b" (2. Cong doan phoi hop voi lanh dao cac don vi tuyen truyen) Tj ET"
        )
    return _add_typed_note(path, [left, 842 - 110, left + 330, 842 - 65], contents, drawn, 9)


@pytest.mark.slow
def test_a_typed_note_beside_a_subject_is_taken_as_typed_after_it(tmp_path: Path):
    """A note typed over a scan is read from the note (its text as typed, each of its lines),
    not from OCR's reading of it, and goes after the lines beside it: the letter's subject reads
    on through its two lines, and the searchable PDF keeps the note's own text, once."""
    converted = convert(_letter_with_a_note_beside_its_subject(tmp_path / "letter.pdf"))
    lines = [" ".join(line.split()) for line in converted.cleaned.text.splitlines() if line.strip()]
    subject = lines.index("V/v bảo đảm an toàn giao thông")
    assert lines[subject + 1] == "cho học sinh trong dịp nghỉ hè"
    assert lines[subject + 2 : subject + 4] == [
        "1. Phòng CTSV phổ biến đến toàn thể học sinh;",
        "2. Công đoàn phối hợp thực hiện.",
    ]
    assert "Phong" not in converted.cleaned.text  # OCR's reading of the drawn note is gone
    header = converted.plan.header
    assert header.title == "V/v bảo đảm an toàn giao thông cho học sinh trong dịp nghỉ hè"
    data = _rendered(converted, tmp_path)
    if (found := _pdftotext(data, tmp_path)) is None:
        pytest.skip("pdftotext is not installed")
    assert found.count("Phong CTSV") == 1 and "Phòng CTSV" not in found  # the note's drawing, once


@pytest.mark.slow
def test_a_typed_note_right_after_a_subject_is_read_after_it_in_the_pdf(tmp_path: Path):
    """A note typed right after the subject's end, its lines level with the subject's: the
    hidden text of the subject stays clear of it, and ``pdftotext`` reads the subject's two
    lines on, then the note, as the ``.txt`` has them (not a subject line, a note line, the next
    subject line)."""
    converted = convert(_letter_with_a_note_beside_its_subject(tmp_path / "letter.pdf", left=None, wide=True))
    assert "V/v bảo đảm an toàn giao thông cho học sinh trong dịp nghỉ hè" in " ".join(converted.cleaned.text.split())
    data = _rendered(converted, tmp_path)
    if (found := _pdftotext(data, tmp_path)) is None:
        pytest.skip("pdftotext is not installed")
    read = " ".join(found.split())
    assert "V/v bảo đảm an toàn giao thông cho học sinh trong dịp nghỉ hè 1. Phong CTSV" in read
    assert "sinh vien 2. Cong doan" in read
    (page,) = placed_pages(converted.cleaned)
    assert page.size is not None
    ocr = {w.text: w.box for line in page.lines for w in line.words}
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        hidden = {w["text"]: w for w in pdf.pages[0].extract_words()}
        scale = pdf.pages[0].width / page.size[0]
    for last in ("thông", "hè"):  # each subject line's last word, drawn short of the note
        left, top, width, height = (v * scale for v in ocr[last])
        box = hidden[last]
        assert box["x0"] < left + width and box["x1"] > left and box["top"] < top + height and box["bottom"] > top
