"""Ruled tables as grids of cells: pdfplumber's finder on a text layer, rules found on a scan."""

from __future__ import annotations

import jsonschema
import pytest
from PIL import Image, ImageDraw, ImageFont

from viplan_ocr.document import Grid
from viplan_ocr.extract.synthetic import font_path
from viplan_ocr.extract.tables import count_header_rows, find_grids
from viplan_ocr.parse.schema import plan_schema

#: A report's table: an indicator column, a unit column, a result column and a planned one.
ROWS = [
    ("TT", "Chỉ tiêu", "Đơn vị", "Thực hiện 2023", "Kế hoạch 2024"),
    ("1", "Số bác sĩ/vạn dân", "Người", "6,62", "7,04"),
    ("2", "Tỷ lệ xã đạt chuẩn", "%", "68,28", "80"),
    ("3", "Số lượt khám bệnh", "Lượt", "4.800.000", "4.500.000"),
]
ABOVE = [
    "SỞ Y TẾ",
    "Số: 12/KH-SYT",
    "Kiên Giang, ngày 15 tháng 11 năm 2023",
    "KẾ HOẠCH",
    "Công tác y tế năm 2024",
    "I. NHIỆM VỤ NĂM 2024",
    "1. Các chỉ tiêu cơ bản",
]
BELOW = ["2. Tổ chức thực hiện", "Các đơn vị triển khai kế hoạch này."]
#: Column edges of the table, in the unit it is drawn in (points for the PDF, scaled for the scan).
EDGES = (0, 40, 190, 260, 370, 480)


def _table_pdf(path):
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="pt")
    pdf.add_page()
    pdf.add_font("DejaVu", fname=str(font_path("DejaVuSans.ttf")))
    pdf.set_font("DejaVu", size=10)
    y = 60
    for line in ABOVE:
        pdf.text(60, y, line)
        y += 18
    left, top, height = 60, y, 22
    for r, row in enumerate(ROWS):
        for c, cell in enumerate(row):
            pdf.text(left + EDGES[c] + 4, top + r * height + 15, cell)
    pdf.set_line_width(0.8)
    for r in range(len(ROWS) + 1):
        pdf.line(left, top + r * height, left + EDGES[-1], top + r * height)
    for x in EDGES:
        pdf.line(left + x, top, left + x, top + len(ROWS) * height)
    y = top + len(ROWS) * height + 24
    for line in BELOW:
        pdf.text(60, y, line)
        y += 18
    pdf.output(str(path))
    return path


def _table_scan(path, dpi: int = 200, angle: float = 0.0) -> Image.Image:
    """A scanned page of the same table: black rules and DejaVu text on white, 1 point = dpi/72 px."""
    scale = dpi / 72
    image = Image.new("L", (round(560 * scale), round(330 * scale)), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(font_path("DejaVuSans.ttf")), round(10 * scale))
    draw.text((40 * scale, 20 * scale), "1. Các chỉ tiêu cơ bản", font=font, fill=0)
    left, top, height = 40 * scale, 60 * scale, 26 * scale
    for r, row in enumerate(ROWS):
        for c, cell in enumerate(row):
            draw.text((left + EDGES[c] * scale + 8, top + r * height + 10), cell, font=font, fill=0)
    width = round(1.2 * scale)
    for r in range(len(ROWS) + 1):
        draw.line([(left, top + r * height), (left + EDGES[-1] * scale, top + r * height)], fill=0, width=width)
    for x in EDGES:
        draw.line([(left + x * scale, top), (left + x * scale, top + len(ROWS) * height)], fill=0, width=width)
    draw.text((40 * scale, top + len(ROWS) * height + 30), "Ghi chú: số liệu ước tính.", font=font, fill=0)
    if angle:
        image = image.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
    if path is not None:
        image.save(path, dpi=(dpi, dpi))
    return image


def test_a_text_layer_table_becomes_cells_and_its_lines_stay(tmp_path):
    from viplan_ocr import extract

    document = extract(_table_pdf(tmp_path / "report.pdf"))
    page = document.pages[0]
    assert len(page.tables) == 1
    table = page.tables[0]
    assert table.rows == tuple(ROWS)
    assert table.ruled and table.header_rows == 1
    left, _top, width, height = table.box
    assert (left, width) == (60, EDGES[-1]) and height == 4 * 22
    # The page's lines are the text as printed, table rows included.
    assert any("Số bác sĩ/vạn dân" in line.text and "7,04" in line.text for line in page.lines)


def test_a_page_without_rules_has_its_aligned_table_only(tmp_path):
    from fpdf import FPDF

    from viplan_ocr import extract

    pdf = FPDF(format="A4", unit="pt")
    pdf.add_page()
    pdf.add_font("DejaVu", fname=str(font_path("DejaVuSans.ttf")))
    pdf.set_font("DejaVu", size=10)
    for index, row in enumerate(ROWS):  # the same cells, aligned but not ruled
        for c, cell in enumerate(row):
            pdf.text(60 + EDGES[c], 80 + 20 * index, cell)
    pdf.output(str(tmp_path / "plain.pdf"))
    # pdfplumber's finder on rules sees nothing; the columns' alignment finds the same cells.
    (table,) = extract(tmp_path / "plain.pdf").pages[0].tables
    assert table.rows == tuple(ROWS) and table.aligned and not table.ruled


@pytest.mark.parametrize("angle", [0.0, 0.8])
def test_the_rules_of_a_scanned_table_make_its_grid(angle):
    image = _table_scan(None, angle=angle)
    grids = find_grids(image, 200)
    assert len(grids) == 1
    grid, box = grids[0]
    assert (len(grid.rows), len(grid.columns)) == (len(ROWS) + 1, len(EDGES))
    scale = 200 / 72
    # The middle of the cell "Kế hoạch 2024" falls in row 0, column 4 (also when the page leans).
    x, y = (40 + (EDGES[4] + EDGES[5]) / 2) * scale, 60 * scale + 13 * scale
    assert grid.cell_at(x, y) == (0, 4)
    assert abs(box[0] - 40 * scale) < 10 and abs(box[2] - EDGES[-1] * scale) < 20


def test_underlines_and_a_boxed_note_are_no_grid():
    image = Image.new("L", (1200, 800), 255)
    draw = ImageDraw.Draw(image)
    draw.line([(100, 100), (500, 100)], fill=0, width=3)  # an underlined title
    draw.rectangle([(100, 300), (900, 400)], outline=0, width=3)  # a boxed note: one cell
    assert find_grids(image, 150) == []


def test_header_rows_end_at_the_first_numbered_row():
    assert count_header_rows(ROWS) == 1
    assert count_header_rows([("Ngày", "Nội dung"), ("Thứ Hai", "Họp")]) == 1
    # Years head columns: a row of them is no row of figures.
    assert count_header_rows([("TT", "Chỉ tiêu", "2025", "KH 2026"), ("1", "Bác sĩ", "6", "7")]) == 1
    assert Grid(rows=(0, 10), columns=(0, 10)).cell_at(5, 5) == (0, 0)


@pytest.mark.slow
def test_a_scanned_table_is_read_into_cells_and_gives_targets(tmp_path):
    from viplan_ocr import extract
    from viplan_ocr.pipeline import convert_document

    _table_scan(tmp_path / "scan.png")
    document = extract(tmp_path / "scan.png")
    page = document.pages[0]
    assert page.source == "ocr" and len(page.tables) == 1
    table = page.tables[0]
    assert len(table.rows) == len(ROWS) and table.columns == len(EDGES) - 1
    assert table.header_rows == 1
    assert "Kế hoạch" in table.rows[0][4] and "Thực hiện" in table.rows[0][3]
    assert [row[4] for row in table.rows[1:]] == ["7,04", "80", "4.500.000"]
    assert [row[2] for row in table.rows[1:]] == ["Người", "%", "Lượt"]
    plan = convert_document(document).plan
    found = [t for t in plan.targets if t.origin == "table"]
    assert [m.value for t in found for m in t.metrics] == [7.04, 80.0, 4_500_000.0]
    assert {t.cell.column for t in found if t.cell} == {4}
    data = plan.to_dict()
    jsonschema.validate(data, plan_schema())
    assert data["tables"][0]["box"] == list(table.box) and data["tables"][0]["dpi"] == 200


def test_a_cell_line_on_a_leaning_scan_stays_one_line():
    """On a scan turned a little, a cell's line drops across the cell: measured along the grid's
    rules (its slope), its words stay one line, as printed, not two."""
    from viplan_ocr.document import Word
    from viplan_ocr.extract.tables import cell_lines, fill

    slope = 0.03  # the rules drop 3 pixels every 100 across: about 1.7 degrees
    grid = Grid(rows=(0, 120), columns=(0, 600), slope=slope)
    words = []
    for y, texts in ((30, ["Triển", "khai", "danh", "mục", "khung", "&", "gửi"]), (70, ["cho", "các", "cơ", "sở"])):
        for k, text in enumerate(texts):
            x = 10 + 80 * k
            words.append(Word(text, box=(x, round(y + slope * x), 70, 24)))
    assert fill(grid, words) == (("Triển khai danh mục khung & gửi\ncho các cơ sở",),)
    assert [len(line) for line in cell_lines(grid, words)[(0, 0)]] == [7, 4]
    level = Grid(rows=(0, 120), columns=(0, 600))  # read square to the page, the first line breaks
    assert fill(level, words)[0][0].count("\n") > 1
