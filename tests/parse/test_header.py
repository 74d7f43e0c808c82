"""The header: issuer block, motto kept apart, number, place and date, kind, title, period."""

from __future__ import annotations

import pytest

from viplan_ocr.parse import parse
from viplan_ocr.vietnamese.syllables import shadow

SEQUENTIAL_HEADER = """UBND QUẬN LONG BIÊN
PHÒNG GIÁO DỤC VÀ ĐÀO TẠO
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 123/KH-PGDĐT
Long Biên, ngày 15 tháng 3 năm 2022
KẾ HOẠCH
Thực hiện Chương trình hành động vì trẻ em
giai đoạn 2022 - 2030
I. MỤC TIÊU
"""


def test_header_read_one_block_after_the_other():
    header = parse(SEQUENTIAL_HEADER).header
    assert (header.issuer_parent, header.issuer, header.issuer_source) == (
        "UBND QUẬN LONG BIÊN",
        "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO",
        "header",
    )
    assert header.motto == ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
    assert (header.number, header.place, header.date) == ("123/KH-PGDĐT", "Long Biên", "2022-03-15")
    assert (header.doc_type, header.title) == (
        "Kế hoạch",
        "Thực hiện Chương trình hành động vì trẻ em giai đoạn 2022 - 2030",
    )
    assert str(header.period) == "2022-2030"


def test_columns_run_together_by_ocr():
    header = parse(
        "UBND QUẬN LONG BIÊN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO Độc lập - Tự do - Hạnh phúc\n"
        "Số: 123/KH-PGDĐT Long Biên, ngày 15/3/2022\nKẾ HOẠCH\nTiêu đề\nI. MỤC TIÊU"
    ).header
    assert (header.issuer_parent, header.issuer) == ("UBND QUẬN LONG BIÊN", "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO")
    assert header.motto == ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
    assert (header.number, header.place, header.date) == ("123/KH-PGDĐT", "Long Biên", "2022-03-15")


def test_header_without_accents():
    text = shadow(SEQUENTIAL_HEADER).upper().replace("SO: ", "S6: ")
    header = parse(text).header
    assert (header.number, header.date, header.doc_type) == ("123/KH-PGDDT", "2022-03-15", "Kế hoạch")
    assert header.motto == ("CONG HOA XA HOI CHU NGHIA VIET NAM", "DOC LAP - TU DO - HANH PHUC")
    assert header.issuer == "PHONG GIAO DUC VA DAO TAO"


@pytest.mark.parametrize(
    ("line", "doc_type"),
    [
        ("QUYẾT ĐỊNH", "Quyết định"),
        ("BÁO CÁO", "Báo cáo"),
        ("CHƯƠNG TRÌNH", "Chương trình"),
        ("KE HOACH", "Kế hoạch"),
        ("KE HOACH •", "Kế hoạch"),
    ],
)
def test_document_kinds(line, doc_type):
    assert parse(f"{line}\nVề việc tổ chức hội thi\nI. Mục đích").header.doc_type == doc_type


def test_title_run_on_after_the_kind():
    header = parse("TRƯỜNG THCS THANH AM\nKẾ HOẠCH THỰC HIỆN NHIỆM VỤ\nNĂM HỌC 2023-2024\nI. MỤC TIÊU").header
    assert (header.issuer, header.doc_type) == ("TRƯỜNG THCS THANH AM", "Kế hoạch")
    assert (header.title, str(header.period)) == ("THỰC HIỆN NHIỆM VỤ NĂM HỌC 2023-2024", "2023-2024")


def test_a_chapter_heading_is_no_kind_and_title():
    assert parse("QUY ĐỊNH CHUNG\nĐiều 1. Phạm vi điều chỉnh").header.doc_type is None


def test_impossible_date_is_null():
    header = parse("Hà Nội, ngày 31 tháng 2 năm 2022\nKẾ HOẠCH\nTiêu đề").header
    assert (header.place, header.date) == ("Hà Nội", None)


def test_title_stops_at_the_preamble():
    header = parse(
        "KẾ HOẠCH\nPhòng chống dịch bệnh\n\n"
        "Nhằm bảo đảm sức khỏe học sinh, nhà trường xây dựng kế hoạch như sau:\nI. MỤC ĐÍCH"
    ).header
    assert header.title == "Phòng chống dịch bệnh"
    assert header.issuer == "nhà trường"
    assert header.period is None


def test_period_of_a_cited_document_is_not_the_plans():
    header = parse(
        "KẾ HOẠCH\nPhòng chống đuối nước năm 2022\n\n"
        "Căn cứ Quyết định số 1248/QĐ-TTg ngày 19/7/2021 phê duyệt Chương trình giai đoạn 2021 - 2030;\nI. MỤC ĐÍCH"
    ).header
    assert str(header.period) == "2022-2022"


def test_a_letter_s_subject_goes_on_with_a_capital_after_a_line_with_no_stop():
    """``Về việc ... ra Quyết định`` / ``Tiểu ban chấm ...``: the subject's second line starts
    with a capital (a proper noun); it stops at ``Kính gửi``."""
    text = (
        "TRƯỜNG ĐẠI HỌC AN GIANG     CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Số: 210/ĐHAG-ĐT     An Giang, ngày 3 tháng 5 năm 2024\n"
        "V/v lập danh sách đề nghị\nHội đồng chấm luận văn\n"
        "Kính gửi: Các khoa\n"
        "Trường đề nghị các khoa lập danh sách gửi về Phòng Đào tạo trước ngày 10/5/2024.\n"
    )
    header = parse(text).header
    assert (header.doc_type, header.title) == ("Công văn", "V/v lập danh sách đề nghị Hội đồng chấm luận văn")


def test_a_letter_s_sections_start_after_its_addressee():
    """Numbered lines between a letter's ``V/v`` and its ``Kính gửi`` are a note a receiving office
    wrote on it, not the letter's sections."""
    text = (
        "SỞ GIÁO DỤC VÀ ĐÀO TẠO     CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Số: 4635/SGDĐT-CTrTT     Đà Nẵng, ngày 31 tháng 5 năm 2019\n"
        "V/v bảo đảm trật tự an toàn giao thông\n"
        "4. Đoàn TN phối hợp với Quận Đoàn để thực hiện;\n"
        "5. Phòng CTSV theo dõi tổng hợp báo cáo Sở.\n"
        "Kính gửi:\n- Hiệu trưởng các trường THPT;\n"
        "Thực hiện Công văn số 2114/BGDĐT-GDCTHSSV ngày 16/5/2019, Sở yêu cầu:\n"
        "1. Tăng cường công tác tuyên truyền.\n2. Quán triệt cán bộ, giáo viên.\n"
    )
    plan = parse(text)
    assert plan.header.doc_type == "Công văn"
    assert [s.number for s in plan.sections] == ["1", "2"]
