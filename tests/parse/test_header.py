"""The header: issuer block, motto kept apart, number, place and date, kind, title, citations."""

from __future__ import annotations

import pytest

from viplan_ocr.parse import parse
from viplan_ocr.parse.citations import read_references
from viplan_ocr.parse.text import prepare, shadow

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


def references(text: str) -> list[tuple]:
    text = prepare(text)
    return [(r.kind, r.number, r.date, r.issuer, r.title) for r in read_references(text, shadow(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Thực hiện Kế hoạch số 342/KH-SGDĐT ngày 08/02/2022 của Sở GDĐT Hà Nội về thực hiện",
            ("Kế hoạch", "342/KH-SGDĐT", "2022-02-08", "Sở GDĐT Hà Nội", None),
        ),
        (
            "Thuc hien K§ hoach s6 342/KH-SGDDT ngay 08/02/2022 cua So GDDT \nHa Noi ve thuc hien",
            ("Kế hoạch", "342/KH-SGDDT", "2022-02-08", "So GDDT Ha Noi", None),
        ),
        ("yeu cau cua Nghi quyet so 19-NQ/TW ngay 25/10/2017 va", ("Nghị quyết", "19-NQ/TW", "2017-10-25", None, None)),
        (
            "va Nghi quyet 08/NQ-CP \nngay 24/01 /2018, cac quy dinh",
            ("Nghị quyết", "08/NQ-CP", "2018-01-24", None, None),
        ),
        (
            "Nghị định số 59/2014/NĐ- CP ngày 16 tháng 6 năm 2014 của Chính phủ sửa đổi",
            ("Nghị định", "59/2014/NĐ-CP", "2014-06-16", "Chính phủ", None),
        ),
        ("Căn cứ Luật Giáo dục ngày 14 tháng 6 năm 2019;", ("Luật", None, "2019-06-14", None, "Giáo dục")),
        ("Thực hiện tốt Luật Trẻ em, đảm bảo", ("Luật", None, None, None, "Trẻ em")),
        ("Căn cứ Thông tư số 32/2020/TT-BGDĐT;", ("Thông tư", "32/2020/TT-BGDĐT", None, None, None)),
        ("Can cu Quyet djnh s6 12/QD-UBND ngay 3/1/2022;", ("Quyết định", "12/QD-UBND", "2022-01-03", None, None)),
        ("theo Chi thj so 05-CT/TW ngay 15/5/2016", ("Chỉ thị", "05-CT/TW", "2016-05-15", None, None)),
    ],
)
def test_citations(text, expected):
    assert references(text) == [expected]


def test_no_citation_in_dates_or_plain_mentions():
    assert references("Xây dựng Kế hoạch thực hiện ngày 15/4/2021, pháp luật về trẻ em, luật chơi.") == []


def test_each_citation_once():
    text = "Theo Nghị quyết số 19-NQ/TW ngày 25/10/2017. Thực hiện Nghị quyết số 19-NQ/TW, ..."
    assert [r[1] for r in references(text)] == ["19-NQ/TW"]
