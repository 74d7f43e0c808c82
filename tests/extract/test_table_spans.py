"""Merged heading cells and tables a page break cut in two, in every source a table comes from."""

from __future__ import annotations

import jsonschema
import pytest
from PIL import Image, ImageDraw, ImageFont

from viplan_ocr.extract.synthetic import font_path
from viplan_ocr.parse.schema import plan_schema

#: A plan's table whose planned figures stand under one heading merged over two columns: neither
#: ``Học kỳ I`` nor ``Học kỳ II`` says alone that its figures are planned.
HEADING = [("TT", "Chỉ tiêu", "Kế hoạch năm 2026", ""), ("", "", "Học kỳ I", "Học kỳ II")]
DATA = [
    ("1", "Tỷ lệ học sinh lên lớp", "97", "98"),
    ("2", "Tỷ lệ học sinh khá giỏi", "60", "65"),
    ("3", "Số giáo viên đạt chuẩn", "120", "125"),
]
ABOVE = ["SỞ GIÁO DỤC VÀ ĐÀO TẠO", "Số: 12/KH-SGDĐT", "KẾ HOẠCH", "Năm học 2025 - 2026", "I. CHỈ TIÊU"]


def _values(plan, column: int) -> list[float]:
    return [m.value for t in plan.targets if t.origin == "table" and t.cell.column == column for m in t.metrics]


def _plan(document):
    from viplan_ocr.pipeline import convert_document

    return convert_document(document).plan


def test_a_word_heading_over_two_columns_heads_both(tmp_path):
    import docx

    from viplan_ocr import extract

    word = docx.Document()
    for line in ABOVE:
        word.add_paragraph(line)
    table = word.add_table(rows=2 + len(DATA), cols=4)
    table.style = "Table Grid"
    table.cell(0, 0).merge(table.cell(1, 0)).text = "TT"
    table.cell(0, 1).merge(table.cell(1, 1)).text = "Chỉ tiêu"
    table.cell(0, 2).merge(table.cell(0, 3)).text = "Kế hoạch năm 2026"
    table.cell(1, 2).text, table.cell(1, 3).text = "Học kỳ I", "Học kỳ II"
    for r, row in enumerate(DATA, start=2):
        for c, cell in enumerate(row):
            table.cell(r, c).text = cell
    word.save(tmp_path / "plan.docx")

    document = extract(tmp_path / "plan.docx")
    (found,) = [t for page in document.pages for t in page.tables]
    assert found.rows[:2] == tuple(HEADING) and found.header_rows == 2
    assert set(found.merged) == {(0, 0, 2, 1), (0, 1, 2, 1), (0, 2, 1, 2)}
    assert found.owner(0, 3) == (0, 2) and found.owner(1, 3) == (1, 3)
    plan = _plan(document)
    assert _values(plan, 2) == [97.0, 60.0, 120.0] and _values(plan, 3) == [98.0, 65.0, 125.0]
    assert {m.year for t in plan.targets if t.origin == "table" for m in t.metrics} == {2026}
    data = plan.to_dict()
    jsonschema.validate(data, plan_schema())
    assert [0, 2, 1, 2] in data["tables"][0]["merged"]


def test_word_html_spans_keep_every_row_one_cell_a_column(tmp_path):
    from viplan_ocr import extract

    html = (
        "<html><head><meta name=Generator content='Microsoft Word 12'></head><body>"
        "<p>LỊCH CÔNG TÁC</p><table border=1>"
        "<tr><td rowspan=2>Thứ hai</td><td>Sáng</td><td>Họp giao ban</td></tr>"
        "<tr><td>Chiều</td><td>Làm công tác văn thư</td></tr>"
        "<tr><td colspan=2>Cả tuần</td><td>Trực cơ quan</td></tr>"
        "</table></body></html>"
    )
    (tmp_path / "lich.doc").write_text(html, encoding="utf-8")
    document = extract(tmp_path / "lich.doc")
    (found,) = [t for page in document.pages for t in page.tables]
    assert found.rows == (
        ("Thứ hai", "Sáng", "Họp giao ban"),
        ("", "Chiều", "Làm công tác văn thư"),
        ("Cả tuần", "", "Trực cơ quan"),
    )
    assert found.merged == ((0, 0, 2, 1), (2, 0, 1, 2))
    assert found.owner(1, 0) == (0, 0)


def _pdf_with_spans(path):
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="pt")
    pdf.add_page()
    pdf.add_font("DejaVu", fname=str(font_path("DejaVuSans.ttf")))
    pdf.set_font("DejaVu", size=10)
    for line in ABOVE:
        pdf.cell(0, 16, line, new_x="LMARGIN", new_y="NEXT")
    with pdf.table(col_widths=(30, 200, 90, 90), first_row_as_headings=False) as table:
        row = table.row()
        row.cell("TT", rowspan=2)
        row.cell("Chỉ tiêu", rowspan=2)
        row.cell("Kế hoạch năm 2026", colspan=2)
        row = table.row()
        row.cell("Học kỳ I")
        row.cell("Học kỳ II")
        for values in DATA:
            row = table.row()
            for value in values:
                row.cell(value)
    pdf.output(str(path))
    return path


def test_a_pdf_heading_over_two_columns_heads_both(tmp_path):
    from viplan_ocr import extract

    document = extract(_pdf_with_spans(tmp_path / "plan.pdf"))
    (found,) = document.pages[0].tables
    assert found.rows[:2] == tuple(HEADING) and found.header_rows == 2
    assert set(found.merged) == {(0, 0, 2, 1), (0, 1, 2, 1), (0, 2, 1, 2)}
    plan = _plan(document)
    assert _values(plan, 2) == [97.0, 60.0, 120.0] and _values(plan, 3) == [98.0, 65.0, 125.0]


#: Column edges of the scanned tables (points).
EDGES = (0, 40, 250, 360, 470)


def _scan(heading, open_at: set[tuple[int, int]], centred: dict, data=DATA, edges=EDGES, dpi: int = 200):
    """A scanned table: ``open_at`` the (row, edge) places with no vertical rule, ``centred`` the
    heading texts centred between two edges ({(row, first edge, last edge): text})."""
    scale = dpi / 72
    rows = [*heading, *data]
    image = Image.new("L", (round(560 * scale), round(300 * scale)), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(font_path("DejaVuSans.ttf")), round(10 * scale))
    draw.text((40 * scale, 20 * scale), "I. CHỈ TIÊU NĂM HỌC 2025 - 2026", font=font, fill=0)
    left, top, height = 40 * scale, 60 * scale, 26 * scale
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            if cell and not any(key[0] == r and key[1] <= c < key[2] for key in centred):
                draw.text((left + edges[c] * scale + 8, top + r * height + 10), cell, font=font, fill=0)
    for (r, first, last), text in centred.items():
        middle = left + (edges[first] + edges[last]) / 2 * scale
        width = draw.textlength(text, font=font)
        draw.text((middle - width / 2, top + r * height + 10), text, font=font, fill=0)
    line = round(1.2 * scale)
    for r in range(len(rows) + 1):
        draw.line([(left, top + r * height), (left + edges[-1] * scale, top + r * height)], fill=0, width=line)
    for e, x in enumerate(edges):
        for r in range(len(rows)):
            if (r, e) not in open_at:
                y0, y1 = top + r * height, top + (r + 1) * height
                draw.line([(left + x * scale, y0), (left + x * scale, y1)], fill=0, width=line)
    return image


@pytest.mark.slow
def test_a_scanned_heading_over_two_columns_heads_both(tmp_path):
    from viplan_ocr import extract

    image = _scan(HEADING, open_at={(0, 3)}, centred={(0, 2, 4): "Kế hoạch năm 2026"})
    image.save(tmp_path / "scan.png", dpi=(200, 200))
    document = extract(tmp_path / "scan.png")
    (found,) = document.pages[0].tables
    assert found.merged == ((0, 2, 1, 2),)
    assert "Kế hoạch năm 2026" in found.rows[0][2].replace("\n", " ") and found.rows[0][3] == ""
    plan = _plan(document)
    assert _values(plan, 2) == [97.0, 60.0, 120.0] and _values(plan, 3) == [98.0, 65.0, 125.0]


@pytest.mark.slow
def test_a_scanned_heading_centred_in_the_middle_of_three_columns_heads_them_all(tmp_path):
    from viplan_ocr import extract

    heading = [("TT", "Chỉ tiêu", "", "KH 2026", ""), ("", "", "Quý I", "Quý II", "Quý III")]
    data = [(n, name, a, b, c) for n, name, a, b, *_ in DATA for c in ("99",)]
    edges = (0, 40, 250, 340, 430, 520)
    image = _scan(heading, open_at={(0, 3), (0, 4)}, centred={}, data=data, edges=edges)
    image.save(tmp_path / "scan.png", dpi=(200, 200))
    document = extract(tmp_path / "scan.png")
    (found,) = document.pages[0].tables
    assert found.merged == ((0, 2, 1, 3),) and found.rows[0][2:] == ("KH 2026", "", "")
    plan = _plan(document)
    assert [_values(plan, c) for c in (2, 3, 4)] == [[97.0, 60.0, 120.0], [98.0, 65.0, 125.0], [99.0] * 3]


@pytest.mark.slow
def test_a_lost_rule_between_two_headings_merges_nothing(tmp_path):
    from viplan_ocr import extract

    heading = [("TT", "Chỉ tiêu", "Kế hoạch", "Thực hiện")]
    image = _scan(heading, open_at={(0, 3)}, centred={(0, 2, 3): "Kế hoạch", (0, 3, 4): "Thực hiện"})
    image.save(tmp_path / "scan.png", dpi=(200, 200))
    document = extract(tmp_path / "scan.png")
    (found,) = document.pages[0].tables
    assert found.merged == () and found.rows[0][2:] == ("Kế hoạch", "Thực hiện")
    plan = _plan(document)
    assert _values(plan, 2) == [97.0, 60.0, 120.0] and _values(plan, 3) == []


def _broken_table_pdf(path, *, text_between: bool = False, repeat_heading: bool = False):
    """A plan whose targets table starts low on page 1 and goes on at the top of page 2."""
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="pt")
    pdf.set_auto_page_break(False)
    pdf.add_font("DejaVu", fname=str(font_path("DejaVuSans.ttf")))
    pdf.set_font("DejaVu", size=10)
    heading = ("TT", "Chỉ tiêu", "Đơn vị", "Kế hoạch 2026")
    rows = [(str(n), f"Chỉ tiêu thứ {n} của kế hoạch", "%", str(80 + n)) for n in range(1, 9)]

    def draw(top: float, cells) -> float:
        for r, row in enumerate(cells):
            y = top + 22 * r
            for c, (x0, x1) in enumerate(zip((60, 90, 330, 400), (90, 330, 400, 520), strict=True)):
                pdf.text(x0 + 4, y + 15, row[c])
                pdf.line(x0, y, x0, y + 22)
                pdf.line(x1, y, x1, y + 22)
            pdf.line(60, y, 520, y)
            pdf.line(60, y + 22, 520, y + 22)
        return top + 22 * len(cells)

    pdf.add_page()
    y = 60
    for line in ABOVE:
        pdf.text(60, y, line)
        y += 18
    y = 600
    draw(y, [heading, *rows[:5]])
    pdf.text(300, 820, "1")
    pdf.add_page()
    top = 60
    if text_between:
        pdf.text(60, top, "II. Các bảng số liệu khác của kế hoạch năm học được lập riêng như sau")
        top += 20
    draw(top, [heading, *rows[5:]] if repeat_heading else rows[5:])
    pdf.text(300, 820, "2")
    pdf.output(str(path))
    return path


@pytest.mark.parametrize("repeat_heading", [False, True])
def test_a_table_a_page_break_cut_goes_on_under_its_headings(tmp_path, repeat_heading):
    from viplan_ocr import extract

    document = extract(_broken_table_pdf(tmp_path / "plan.pdf", repeat_heading=repeat_heading))
    plan = _plan(document)
    assert [t.continues for t in plan.tables] == [None, 0]
    assert [m.value for t in plan.targets if t.origin == "table" for m in t.metrics] == [81, 82, 83, 84, 85, 86, 87, 88]
    assert {t.cell.table for t in plan.targets if t.origin == "table" and t.metrics[0].value > 85} == {1}
    jsonschema.validate(plan.to_dict(), plan_schema())


def test_a_table_after_text_on_the_next_page_is_a_table_of_its_own(tmp_path):
    from viplan_ocr import extract

    plan = _plan(extract(_broken_table_pdf(tmp_path / "plan.pdf", text_between=True)))
    assert [t.continues for t in plan.tables] == [None, None]
    # Without headings of its own, the second table gives no targets.
    assert [m.value for t in plan.targets if t.origin == "table" for m in t.metrics] == [81, 82, 83, 84, 85]


def test_markdown_prints_a_cut_table_as_one(tmp_path):
    from viplan_ocr import extract
    from viplan_ocr.writers.markdown import render_plan

    text = render_plan(_plan(extract(_broken_table_pdf(tmp_path / "plan.pdf", repeat_heading=True))))
    table = [line for line in text.splitlines() if line.startswith("|")]
    assert table[0].split("|")[1:5] == [" TT ", " Chỉ tiêu ", " Đơn vị ", " Kế hoạch 2026 "]
    assert [line.split("|")[4].strip() for line in table[2:]] == [str(80 + n) for n in range(1, 9)]


def test_a_span_a_file_claims_beyond_reason_is_cut_to_a_bound(tmp_path):
    import docx
    from docx.oxml.ns import qn

    from viplan_ocr import extract
    from viplan_ocr.extract.wordtext import MAX_SPAN

    word = docx.Document()
    table = word.add_table(rows=2, cols=2)
    table.style = "Table Grid"
    table.cell(0, 0).text, table.cell(0, 1).text = "Chỉ tiêu", "Kế hoạch"
    table.cell(1, 0).text, table.cell(1, 1).text = "Tỷ lệ", "99%"
    tc_pr = table.cell(0, 1)._tc.get_or_add_tcPr()
    span = tc_pr.makeelement(qn("w:gridSpan"), {qn("w:val"): str(10**9)})
    tc_pr.append(span)
    word.save(tmp_path / "damaged.docx")
    (found,) = [t for page in extract(tmp_path / "damaged.docx").pages for t in page.tables]
    assert len(found.rows[0]) == 1 + MAX_SPAN and found.rows[0][:2] == ("Chỉ tiêu", "Kế hoạch")
