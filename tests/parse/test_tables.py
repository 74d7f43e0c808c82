"""Tables in the plan: the JSON ``tables`` key, sections that hold them, targets from planning columns."""

from __future__ import annotations

import jsonschema
import pytest

from viplan_ocr.document import Document, Line, Page, PageSource, Table
from viplan_ocr.parse import parse
from viplan_ocr.parse.schema import plan_schema
from viplan_ocr.parse.tables import is_target_heading, read_figure

HEAD = ["SỞ Y TẾ", "Số: 12/BC-SYT", "Kiên Giang, ngày 15 tháng 11 năm 2023", "BÁO CÁO", "Kết quả năm 2023"]


def _docx(path, header: list[str], rows: list[list[str]]):
    import docx

    document = docx.Document()
    for line in [*HEAD, "I. KẾT QUẢ VÀ KẾ HOẠCH", "1. Các chỉ tiêu chủ yếu"]:
        document.add_paragraph(line)
    table = document.add_table(rows=1 + len(rows), cols=len(header))
    table.style = "Table Grid"
    for r, row in enumerate([header, *rows]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    document.add_paragraph("2. Tổ chức thực hiện")
    document.add_paragraph("Các phòng triển khai thực hiện.")
    document.save(str(path))
    return path


PLANNED = [
    ["1", "Số bác sĩ/vạn dân", "Người", "6,62", "7,04"],
    ["2", "Tỷ lệ xã đạt chuẩn", "%", "68,28", "80"],
    ["", "Các chương trình mục tiêu", "", "", ""],
    ["3", "Số lượt khám bệnh", "Lượt", "4.800.000", "4.500.000"],
]


def test_a_word_table_gives_targets_from_its_plan_column_only(tmp_path):
    from viplan_ocr import extract
    from viplan_ocr.pipeline import convert_document

    path = _docx(tmp_path / "bc.docx", ["TT", "Chỉ tiêu", "ĐVT", "Thực hiện năm 2023", "Kế hoạch năm 2024"], PLANNED)
    plan = convert_document(extract(path)).plan
    assert len(plan.tables) == 1
    table = plan.tables[0]
    assert table.rows[0] == ("TT", "Chỉ tiêu", "ĐVT", "Thực hiện năm 2023", "Kế hoạch năm 2024")
    assert table.header_rows == 1 and table.ruled and table.box is None
    assert table.section == "I.1"
    holder = plan.sections[0].children[0]
    assert holder.tables == (0,) and plan.sections[0].tables == ()
    found = [t for t in plan.targets if t.origin == "table"]
    assert [(t.text, t.metrics[0].value, t.metrics[0].unit, t.metrics[0].year) for t in found] == [
        ("Số bác sĩ/vạn dân", 7.04, "Người", 2024),
        ("Tỷ lệ xã đạt chuẩn", 80.0, "%", 2024),
        ("Số lượt khám bệnh", 4_500_000.0, "Lượt", 2024),
    ]
    assert [(t.cell.table, t.cell.row, t.cell.column) for t in found if t.cell] == [(0, 1, 4), (0, 2, 4), (0, 4, 4)]
    assert found[0].id == "I.1/T0.1.4" and found[0].phase is not None and found[0].phase.start == 2024
    results = {6.62, 68.28, 4_800_000.0}
    assert not results & {m.value for t in plan.targets for m in t.metrics}
    data = plan.to_dict()
    jsonschema.validate(data, plan_schema())
    assert data["tables"][0]["rows"][1] == PLANNED[0]
    assert data["targets"][-1]["cell"] == {"table": 0, "row": 4, "column": 4}


def test_a_table_of_results_gives_no_targets(tmp_path):
    from viplan_ocr import extract
    from viplan_ocr.pipeline import convert_document

    rows = [[*row[:4], row[4] and "102,6"] for row in PLANNED]
    path = _docx(tmp_path / "kq.docx", ["TT", "Chỉ tiêu", "ĐVT", "Thực hiện năm 2023", "So với kế hoạch (%)"], rows)
    plan = convert_document(extract(path)).plan
    assert len(plan.tables) == 1
    assert [t for t in plan.targets if t.origin == "table"] == []


def test_a_timeline_gives_no_targets():
    rows = (
        ("TT", "Nội dung công việc", "Thời gian", "Đơn vị thực hiện"),
        ("1", "Xây dựng kế hoạch", "15/01/2019", "Phòng KHTC"),
        ("2", "Thông báo mời thầu", "01/3/2019", "Tổ chuyên gia"),
    )
    page = Page(
        1,
        PageSource.TEXT_LAYER,
        lines=(Line("KẾ HOẠCH"), Line("Đấu thầu thuốc")),
        tables=(Table(rows, True, header_rows=1),),
    )
    plan = parse(Document("kh.pdf", (page,)))
    assert len(plan.tables) == 1 and plan.tables[0].section is None
    assert [t for t in plan.targets if t.origin == "table"] == []


@pytest.mark.parametrize(
    ("heading", "year", "planned"),
    [
        ("Kế hoạch", 2017, True),
        ("KH năm 2018", 2017, True),
        ("Đăng ký 2018", 2017, True),
        ("Mục tiêu", 2017, True),
        ("Năm 2019", 2018, True),
        ("Thực hiện 10 tháng", 2017, False),
        ("Ước thực hiện cả năm", 2017, False),
        ("So sánh (%)", 2017, False),
        ("Kết quả năm 2023", 2023, False),
        ("Năm 2017", 2018, False),
    ],
)
def test_planning_column_headings(heading, year, planned):
    assert is_target_heading(heading, year)[0] is planned


def test_cell_figures():
    assert read_figure("4.500.000").value == 4_500_000
    assert read_figure("-0,59").value == -0.59
    assert read_figure("14,42‰").unit == "‰"
    assert read_figure("≥ 95%").comparator == ">="
    assert read_figure("15/01/2019") is None and read_figure("Người") is None
