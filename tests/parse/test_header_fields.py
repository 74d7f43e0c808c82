"""Header fields as real archives print them: generated headers, every layout × every form.

Each header is built from an issuer block, a number form and a date form, laid out the three
ways real files give them: one column after the other (OCR of a clean scan), side by side with a
wide gap (a PDF text layer), and run together with single spaces (OCR of a two-column header).
The number, date, place, issuer and kind must come out the same, or be flagged where the form
says a hand filled it in.
"""

from __future__ import annotations

import pytest

from viplan_ocr.parse import parse
from viplan_ocr.parse.fields import find_number
from viplan_ocr.parse.text import lines_of

#: (left-block lines, expected issuer_parent + issuer as the scorer joins them, expected issuer)
ISSUERS = [
    (["ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NGÃI"], "ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NGÃI"),
    (["UBND QUẬN LONG BIÊN", "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO"], "UBND QUẬN LONG BIÊN", "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO"),
    (["BỘ TÀI CHÍNH", "CỤC THUẾ"], "BỘ TÀI CHÍNH", "CỤC THUẾ"),
    (
        ["SỞ GIÁO DỤC VÀ ĐÀO TẠO", "THÀNH PHỐ HỒ CHÍ MINH", "TRƯỜNG THPT PHƯỚC LONG"],
        "SỞ GIÁO DỤC VÀ ĐÀO TẠO THÀNH PHỐ HỒ CHÍ MINH",
        "TRƯỜNG THPT PHƯỚC LONG",
    ),
    (
        ["ĐẠI HỌC QUỐC GIA TP. HỒ CHÍ MINH", "TRƯỜNG ĐẠI HỌC", "KHOA HỌC TỰ NHIÊN"],
        "ĐẠI HỌC QUỐC GIA TP. HỒ CHÍ MINH",
        "TRƯỜNG ĐẠI HỌC KHOA HỌC TỰ NHIÊN",
    ),
]  # fmt: skip

#: (the number as printed after "Số:", expected number, expected flags)
NUMBERS = [
    ("123/KH-PGDĐT", "123/KH-PGDĐT", ()),
    ("04 /CT-UBND", "04/CT-UBND", ()),
    ("3/2025/QĐ-UBND", "3/2025/QĐ-UBND", ()),
    ("     /KH-SYT", "/KH-SYT", ("number-blank",)),
    ("Øƒ_ /CT-UBND", "/CT-UBND", ("number-handwritten",)),
    ("2}2_ /BC-SYT", "/BC-SYT", ("number-handwritten",)),
    ("/#⁄/UBND- KSTTHC", "/UBND- KSTTHC", ("number-handwritten",)),  # strokes with a slash in them
    ("6191BVT-TCKT", "6191/BVT-TCKT", ("number-repaired",)),
    ("3ss /BC-HĐXTH", "355/BC-HĐXTH", ("ocr-digits",)),  # a signature field's italic 355
    ("30c/NQ-CP", "30c/NQ-CP", ()),  # a number with a letter after it
]
#: The label as OCR damaged it, the number after it (``Sá:`` for ``Số:``).
LABELS = ["Số:", "Sá:", "S6:", "Só:"]

#: (place and date line as printed, expected place, date, flags)
DATES = [
    ("Quảng Ngãi, ngày 23 tháng 01 năm 2025", "Quảng Ngãi", "2025-01-23", ()),
    ("Tp. Hồ Chí Minh, ngày 14 tháng 11 năm 2025", "Tp. Hồ Chí Minh", "2025-11-14", ()),
    ("Bắc Ninh ngày 27 tháng 9 năm 2021", "Bắc Ninh", "2021-09-27", ()),
    ("Phú Thọ, ngày   tháng 12 năm 2011", "Phú Thọ", None, ("day-blank",)),
    ("Kiên Giang, ngày ÄT tháng 11 năm 2017", "Kiên Giang", None, ("day-handwritten",)),
    ("Quảng Ngãi, ngày |3 tháng 01 năm 2025", "Quảng Ngãi", None, ("day-handwritten",)),
    ("Long Biên, ngày 15/3/2022", "Long Biên", "2022-03-15", ()),
]

MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
BODY = ["BÁO CÁO", "Kết quả thực hiện nhiệm vụ năm 2025", "I. KẾT QUẢ", "Các đơn vị đã hoàn thành kế hoạch."]


def _layout(left: list[str], right: list[str], how: str) -> list[str]:
    """The two header columns as a text layer or an OCR engine gives them."""
    if how == "sequential":
        return [*left, *right]
    rows = max(len(left), len(right))
    left, right = left + [""] * (rows - len(left)), right + [""] * (rows - len(right))
    gap = "          " if how == "columns" else " "
    return [f"{a}{gap}{b}".strip() for a, b in zip(left, right, strict=True)]


LAYOUTS = ["sequential", "columns", "run-together"]


@pytest.mark.parametrize("how", LAYOUTS)
@pytest.mark.parametrize(("printed", "number", "flags"), NUMBERS)
def test_the_number_in_every_form_and_layout(printed, number, flags, how):
    left = ["ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NGÃI", f"Số: {printed}"]
    right = [*MOTTO, "Quảng Ngãi, ngày 23 tháng 01 năm 2025"]
    header = parse("\n".join([*_layout(left, right, how), *BODY])).header
    assert header.number == number
    assert set(flags) <= set(header.flags)
    assert header.date == "2025-01-23"


@pytest.mark.parametrize("how", LAYOUTS)
@pytest.mark.parametrize(("printed", "place", "date", "flags"), DATES)
def test_the_date_line_in_every_form_and_layout(printed, place, date, flags, how):
    left = ["SỞ Y TẾ", "Số: 239/KH-SYT"]
    right = [*MOTTO, printed]
    header = parse("\n".join([*_layout(left, right, how), *BODY])).header
    assert (header.place, header.date) == (place, date)
    assert set(flags) <= set(header.flags)
    assert header.date_text and header.date_text.endswith(printed[-12:])
    assert header.number == "239/KH-SYT"


@pytest.mark.parametrize("how", ["sequential", "columns"])
@pytest.mark.parametrize(("block", "joined", "issuer"), ISSUERS)
def test_the_issuer_is_the_last_body_named_in_the_left_block(block, joined, issuer, how):
    left = [*block, "Số: 12/BC-UBND"]
    right = [*MOTTO, "Hà Nội, ngày 10 tháng 4 năm 2026"]
    header = parse("\n".join([*_layout(left, right, how), *BODY])).header
    assert header.issuer == issuer
    assert header.issuer_parent == joined
    assert header.doc_type == "Báo cáo"


@pytest.mark.parametrize("how", LAYOUTS)
@pytest.mark.parametrize("mark", ["V/v", "Vv", "V/V"])
def test_a_letter_is_a_cong_van_with_its_subject(mark, how):
    left = [
        "BỘ GIÁO DỤC VÀ ĐÀO TẠO",
        "Số: 1849/BGDĐT-GDPT",
        f"{mark} kiểm tra, khảo sát thực trạng",
        "sử dụng thiết bị dạy học",
    ]
    right = [*MOTTO, "Hà Nội, ngày 10 tháng 4 năm 2026"]
    lines = _layout(left, right, how)
    text = "\n".join(
        [*lines, "", "Kính gửi: Các Sở Giáo dục và Đào tạo", "", "Bộ Giáo dục và Đào tạo đề nghị:", "1. Nội dung"]
    )
    header = parse(text).header
    assert header.doc_type == "Công văn"
    assert header.title is not None and header.title.startswith(f"{mark} kiểm tra, khảo sát thực trạng")
    assert (header.number, header.date, header.issuer) == ("1849/BGDĐT-GDPT", "2026-04-10", "BỘ GIÁO DỤC VÀ ĐÀO TẠO")


def test_a_cited_number_and_an_incoming_stamp_are_not_the_number():
    text = "\n".join(
        [
            "ĐẾN Số: 2770/VP",
            "ỦY BAN NHÂN DÂN",
            "TỈNH PHÚ THỌ",
            "Phú Thọ, ngày 07 tháng 12 năm 2011",
            "V/v xây dựng kế hoạch rà soát",
            "Thực hiện Nghị quyết số 30c/NQ-CP của Chính phủ,",
            "1. Các sở rà soát",
        ]
    )
    header = parse(text).header
    assert header.number is None
    assert header.date == "2011-12-07"


def test_a_long_title_rejoined_by_cleaning_is_still_the_title():
    title = (
        "Kết luận của Phó Chủ tịch UBND tỉnh tại cuộc họp nghe báo cáo tiến độ triển khai thực hiện"
        " 02 Chương trình MTQG: Phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số và miền núi;"
        " giảm nghèo bền vững"
    )
    body = "Ngày 12/11/2024, tại trụ sở UBND tỉnh, Phó Chủ tịch UBND tỉnh chủ trì cuộc họp nghe báo cáo tiến độ" * 2
    header = parse(f"ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nTHÔNG BÁO\n{title}\n\n{body}.\nI. Đánh giá chung").header
    assert (header.doc_type, header.title) == ("Thông báo", title)


@pytest.mark.parametrize("label", LABELS)
def test_the_number_label_as_ocr_damaged_it(label):
    number = find_number(lines_of(f"{label}230 /KH-THPT.PB     Thành Phố Hồ Chí Minh, ngày 14 tháng 11 năm 2025"))
    assert number is not None and number.text == "230/KH-THPT.PB"


def test_sa_without_a_colon_is_no_label():
    assert find_number(lines_of("Sa Pa 12/2020 tăng trưởng")) is None


@pytest.mark.parametrize(
    ("stamp", "signer", "time"),
    [
        (
            "Ký bởi: Ủy ban nhân dân tỉnh Quảng Ngãi Cơ quan: Tỉnh Quảng Ngãi Thời gian ký: 24/01/2025 14:23:43",
            "Ủy ban nhân dân tỉnh Quảng Ngãi",
            "2025-01-24T14:23:43",
        ),
        (
            "Người ký: Sở Giáo dục và Đào tạo Email: sgddt@hanoi.gov.vn Thời gian ký: 15.11.2024 07:25",
            "Sở Giáo dục và Đào tạo",
            "2024-11-15T07:25:00",
        ),
        (
            "Ủy ban nhân dân tỉnh Quảng Ngãi 27/12/2021 17:22:11",
            "Ủy ban nhân dân tỉnh Quảng Ngãi",
            "2021-12-27T17:22:11",
        ),
    ],
)
def test_the_stamp_s_signer_stops_at_its_next_field(stamp, signer, time):
    """A signature stamp names the signer, then the office, an email or an address, then the time."""
    header = parse(f"{stamp}\nỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: 12/KH-UBND\nKẾ HOẠCH\nTổ chức thi").header
    assert header.esign == {"signer": signer, "time": time}
