"""Unruled tables on a text-layer page: columns of aligned text found as tables, and pages that
only look like columns (a header, a signature block, a table of contents) left as lines."""

from __future__ import annotations

import jsonschema
from fpdf import FPDF

from viplan_ocr.document import Line, Word
from viplan_ocr.extract.synthetic import font_path
from viplan_ocr.extract.unruled import unruled_tables
from viplan_ocr.parse.schema import plan_schema

#: A plan's targets printed without rules: tab stops line the columns up.
TARGETS = [
    ("TT", "Chỉ tiêu", "Đơn vị", "Kế hoạch 2025"),
    ("1", "Tỷ lệ trẻ em đi học đúng độ tuổi", "%", "99"),
    ("2", "Số trường đạt chuẩn quốc gia", "Trường", "45"),
    ("3", "Số giáo viên được bồi dưỡng", "Người", "1.250"),
    ("4", "Tỷ lệ học sinh lên lớp", "%", "98,5"),
]
#: Where each column starts (points from the left edge).
STOPS = (60, 95, 330, 420)
HEADER = [
    ("UBND TỈNH ĐỒNG THÁP", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    ("SỞ GIÁO DỤC VÀ ĐÀO TẠO", "Độc lập - Tự do - Hạnh phúc"),
    ("Số: 12/KH-SGD", "Đồng Tháp, ngày 5 tháng 3 năm 2026"),
]
SIGNATURE = [
    ("Nơi nhận:", "KT. GIÁM ĐỐC"),
    ("- UBND tỉnh (để b/c);", "PHÓ GIÁM ĐỐC"),
    ("- Các phòng, ban thuộc Sở;", ""),
    ("- Các trường THPT;", ""),
    ("- Lưu: VT, KHTC.", "Nguyễn Văn An"),
]
BODY = [
    "Căn cứ Kế hoạch số 45/KH-UBND ngày 10 tháng 01 năm 2026 của Ủy ban nhân dân tỉnh về",
    "phát triển giáo dục và đào tạo, Sở Giáo dục và Đào tạo xây dựng kế hoạch thực hiện",
    "nhiệm vụ năm học như sau:",
    "1. Mục tiêu: nâng cao chất lượng giáo dục toàn diện, đổi mới phương pháp dạy học.",
    "2. Yêu cầu: các đơn vị triển khai đúng tiến độ, bảo đảm hiệu quả và tiết kiệm.",
]


def _pdf(path, draw) -> str:
    """A one-page A4 PDF in points, DejaVu 11 (Vietnamese), drawn by ``draw(pdf)``."""
    pdf = FPDF(format="A4", unit="pt")
    pdf.add_page()
    pdf.add_font("DejaVu", fname=str(font_path("DejaVuSans.ttf")))
    pdf.set_font("DejaVu", size=11)
    draw(pdf)
    pdf.output(str(path))
    return str(path)


def _two_columns(pdf: FPDF, rows, y: float) -> float:
    """Rows of a left and a right block (a header, a signature block), each centred in its half."""
    for left, right in rows:
        if left:
            pdf.text(150 - pdf.get_string_width(left) / 2, y, left)
        if right:
            pdf.text(400 - pdf.get_string_width(right) / 2, y, right)
        y += 16
    return y


def _targets_plan(pdf: FPDF) -> None:
    """A plan: header, title, a numbered section, the unruled targets table, a closing line."""
    y = _two_columns(pdf, HEADER, 50) + 20
    for line in ["KẾ HOẠCH", "Thực hiện nhiệm vụ giáo dục năm 2025"]:
        pdf.text(297 - pdf.get_string_width(line) / 2, y, line)
        y += 18
    for line in ["I. MỤC TIÊU", "1. Các chỉ tiêu chủ yếu"]:
        pdf.text(60, y, line)
        y += 18
    y += 6
    for row in TARGETS:
        for stop, cell in zip(STOPS, row, strict=True):
            pdf.text(stop, y, cell)
        y += 16
    y += 12
    pdf.text(60, y, "II. TỔ CHỨC THỰC HIỆN")
    pdf.text(60, y + 18, "Các đơn vị triển khai kế hoạch này.")
    _two_columns(pdf, SIGNATURE, y + 60)


def test_an_unruled_targets_table_becomes_cells_with_its_heading(tmp_path):
    from viplan_ocr import extract

    page = extract(_pdf(tmp_path / "plan.pdf", _targets_plan)).pages[0]
    assert len(page.tables) == 1
    table = page.tables[0]
    assert table.rows == tuple(TARGETS)
    assert table.header_rows == 1
    assert table.aligned and not table.ruled
    left, _top, width, height = table.box
    assert left == STOPS[0] and 4 * 16 < height < 6 * 16 and left + width > STOPS[-1]


def test_an_unruled_targets_table_gives_targets_from_its_planned_column(tmp_path):
    from viplan_ocr import extract
    from viplan_ocr.pipeline import convert_document

    document = extract(_pdf(tmp_path / "plan.pdf", _targets_plan))
    converted = convert_document(document)
    found = [t for t in converted.plan.targets if t.origin == "table"]
    assert [m.value for t in found for m in t.metrics] == [99.0, 45.0, 1250.0, 98.5]
    assert [t.metrics[0].unit for t in found] == ["%", "Trường", "Người", "%"]
    assert {t.metrics[0].year for t in found} == {2025}
    assert found[0].text == "Tỷ lệ trẻ em đi học đúng độ tuổi" and found[0].section == "I.1"
    data = converted.plan.to_dict()
    jsonschema.validate(data, plan_schema())
    assert [(t["aligned"], t["ruled"]) for t in data["tables"]] == [(True, False)]
    # The .txt output prints the table row by row in place of its lines.
    from viplan_ocr.writers.grid import text_with_tables

    text = text_with_tables(converted.cleaned)
    rows = [line.split("   ") for line in text.splitlines()]
    assert [cell.strip() for cell in next(row for row in rows if row[0] == "1") if cell.strip()] == [
        "1",
        "Tỷ lệ trẻ em đi học đúng độ tuổi",
        "%",
        "99",
    ]


def test_a_wrapped_indicator_stays_in_its_row(tmp_path):
    from viplan_ocr import extract

    def draw(pdf: FPDF) -> None:
        y = 80
        rows = [*TARGETS[:2], ("", "(trẻ từ 6 đến 14 tuổi)", "", ""), *TARGETS[2:]]
        for row in rows:
            for stop, cell in zip(STOPS, row, strict=True):
                if cell:
                    pdf.text(stop, y, cell)
            y += 16

    (table,) = extract(_pdf(tmp_path / "wrapped.pdf", draw)).pages[0].tables
    assert len(table.rows) == len(TARGETS)
    assert table.rows[1][1] == "Tỷ lệ trẻ em đi học đúng độ tuổi\n(trẻ từ 6 đến 14 tuổi)"
    assert table.rows[2] == TARGETS[2]


def test_a_heading_with_a_note_at_the_right_stays_out_of_the_table(tmp_path):
    from viplan_ocr import extract

    def draw(pdf: FPDF) -> None:
        pdf.text(60, 80, "1. Các chỉ tiêu chủ yếu của ngành")
        pdf.text(400, 80, "Đơn vị tính: %")
        for index, row in enumerate(TARGETS):
            for stop, cell in zip(STOPS, row, strict=True):
                pdf.text(stop, 96 + 16 * index, cell)

    page = extract(_pdf(tmp_path / "note.pdf", draw)).pages[0]
    (table,) = page.tables
    assert table.rows == tuple(TARGETS)
    assert table.box[1] > 84  # below the heading's line


def test_a_header_a_signature_block_and_paragraphs_make_no_table(tmp_path):
    from viplan_ocr import extract

    def draw(pdf: FPDF) -> None:
        y = _two_columns(pdf, HEADER, 50) + 30
        for line in BODY:
            pdf.text(60, y, line)
            y += 16
        _two_columns(pdf, SIGNATURE, y + 30)

    page = extract(_pdf(tmp_path / "letter.pdf", draw)).pages[0]
    assert page.source == "text-layer" and len(page.lines) > 10
    assert page.tables == ()


def test_a_table_of_contents_with_dot_leaders_makes_no_table(tmp_path):
    from viplan_ocr import extract

    entries = [
        ("I.", "Mục tiêu chung", "3"),
        ("II.", "Nhiệm vụ và giải pháp", "5"),
        ("III.", "Kinh phí thực hiện", "9"),
        ("IV.", "Tổ chức thực hiện", "12"),
    ]

    def draw(pdf: FPDF) -> None:
        pdf.text(250, 60, "MỤC LỤC")
        for index, (number, title, page) in enumerate(entries):
            y = 90 + 18 * index
            pdf.text(60, y, number)
            pdf.text(100, y, title + " " + "." * 40)
            pdf.text(500, y, page)

    page = extract(_pdf(tmp_path / "toc.pdf", draw)).pages[0]
    assert any("Kinh phí thực hiện" in line.text for line in page.lines)
    assert page.tables == ()


def test_a_ruled_table_is_found_once(tmp_path):
    from tests.extract.test_tables import ROWS, _table_pdf

    from viplan_ocr import extract

    (table,) = extract(_table_pdf(tmp_path / "ruled.pdf")).pages[0].tables
    assert table.ruled and not table.aligned and table.rows == tuple(ROWS)


def _line(cells: list[tuple[float, str]], top: float, height: float = 12) -> Line:
    """A text-layer line of words on boxes: each cell's words 6 points a letter, a space apart."""
    words = []
    for left, text in cells:
        x = left
        for token in text.split():
            words.append(Word(token, box=(round(x), round(top), 6 * len(token), round(height))))
            x += 6 * len(token) + 3
    right = words[-1].box[0] + words[-1].box[2]
    text = "     ".join(text for _, text in cells)
    return Line(text=text, words=tuple(words), box=(words[0].box[0], round(top), right - words[0].box[0], height))


def test_numbered_paragraphs_with_a_tab_after_the_number_are_no_table():
    lines = [
        _line([(60, "1."), (90, "Mục tiêu chung của kế hoạch")], 100),
        _line([(60, "2."), (90, "Nhiệm vụ trọng tâm năm học")], 116),
        _line([(60, "3."), (90, "Giải pháp thực hiện nhiệm vụ")], 132),
        _line([(60, "4."), (90, "Kinh phí và tổ chức thực hiện")], 148),
    ]
    assert unruled_tables(lines) == ()


def test_two_columns_need_the_second_to_be_figures():
    names = ["Tổng số học sinh", "Số học sinh nữ", "Số học sinh dân tộc", "Số lớp học"]
    figures = ["1.234", "615", "87", "36"]
    pairs = enumerate(zip(names, figures, strict=True))
    counts = [_line([(60, name), (300, figure)], 100 + 16 * i) for i, (name, figure) in pairs]
    (table,) = unruled_tables(counts)
    assert table.rows[-1] == ("Số lớp học", "36") and table.aligned
    words = ["Trường THPT Cao Lãnh", "Trường THPT Thanh Bình", "Trường THPT Tháp Mười", "Trường THPT Lai Vung"]
    places = ["Cao Lãnh", "Thanh Bình", "Tháp Mười", "Lai Vung"]
    pairs = [_line([(60, a), (300, b)], 100 + 16 * i) for i, (a, b) in enumerate(zip(words, places, strict=True))]
    assert unruled_tables(pairs) == ()


def test_lines_that_do_not_line_up_are_no_table():
    lines = [
        _line([(60, "1"), (90, "Tỷ lệ"), (250, "%"), (330, "99")], 100),
        _line([(60, "2"), (140, "Số trường đạt chuẩn"), (300, "45")], 116),
        _line([(60, "3 Số giáo viên"), (200, "Người"), (380, "1.250")], 132),
        _line([(60, "4"), (90, "Tỷ lệ lên lớp rất cao trong năm"), (400, "98")], 148),
    ]
    assert unruled_tables(lines) == ()


def test_a_table_of_contents_without_leaders_makes_no_table():
    titles = ["Lời nói đầu", "Mục tiêu chung", "Nhiệm vụ và giải pháp", "Kinh phí thực hiện"]
    lines = [
        _line([(60, title), (500, str(page))], 100 + 16 * i)
        for i, (title, page) in enumerate(zip(titles, [1, 3, 5, 9], strict=True))
    ]
    assert unruled_tables(lines) == ()


def test_three_columns_of_words_without_numbers_or_figures_make_no_table():
    rows = [
        ("Thứ Hai", "Họp giao ban đầu tuần", "Phòng họp A"),
        ("Thứ Ba", "Kiểm tra hồ sơ chuyên môn", "Văn phòng Sở"),
        ("Thứ Tư", "Dự giờ tổ Ngữ văn", "Trường Cao Lãnh"),
        ("Thứ Năm", "Làm việc với phòng Tổ chức", "Phòng họp B"),
    ]
    lines = [_line([(60, a), (160, b), (380, c)], 100 + 16 * i) for i, (a, b, c) in enumerate(rows)]
    assert unruled_tables(lines) == ()
    # The same columns with a column of figures are data.
    counted = [_line([(60, a), (160, b), (380, str(7 + i))], 100 + 16 * i) for i, (a, b, _) in enumerate(rows)]
    assert len(unruled_tables(counted)) == 1
