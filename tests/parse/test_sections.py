"""The section tree: markers as read and as normalised, nesting, titles, flags."""

from __future__ import annotations

import pytest

from viplan_ocr.parse import parse
from viplan_ocr.parse.sections import read_marker, read_sections
from viplan_ocr.parse.text import prepare, split_lines
from viplan_ocr.vietnamese.syllables import shadow


def tree(text: str):
    text = prepare(text)
    return read_sections(split_lines(text, shadow(text)))


def outline(sections, depth=0):
    out = []
    for s in sections:
        out.append(("  " * depth) + f"{s.kind}:{s.number}")
        out += outline(s.children, depth + 1)
    return out


@pytest.mark.parametrize(
    ("line", "kind", "number", "flags"),
    [
        ("I. MỤC TIÊU", "roman", "I", ()),
        ("IV. TỔ CHỨC THỰC HIỆN", "roman", "IV", ()),
        ("II/ NHIỆM VỤ", "roman", "II", ()),
        ("PHẦN I. ĐÁNH GIÁ KẾT QUẢ", "roman", "I", ()),
        ("b. Tỷ lệ trẻ em", "letter", "b", ()),
        ("\uf0b7 Tuyên truyền", "bullet", None, ()),
        ("▪ Tuyên truyền", "bullet", None, ()),
        ("m. KINH PHI THy’C HIEN", "roman", "III", ("ocr-damaged",)),
        ("Il. NHIEM VU VA GIAI PHAP", "roman", "II", ("ocr-damaged",)),
        ("l. MUC TIEU", "roman", "I", ("ocr-damaged",)),
        ("HI. KINH PHI", "roman", "III", ("ocr-damaged",)),
        ("H. NHIỆM VỤ VÀ GIẢI PHÁP", "roman", "II", ("ocr-damaged",)),
        ("1. Mục tiêu chung", "arabic", "1", ()),
        ("2.1. Giai đoạn 2022-2025", "arabic", "2.1", ()),
        ("2.2 Giai đoạn 2025 - 2030", "arabic", "2.2", ()),
        ("2./. Giai doan 2022-2025", "arabic", "2.1", ("ocr-damaged",)),
        ("3) Kinh phí", "arabic", "3", ()),
        ("a) Tỷ lệ huy động", "letter", "a", ()),
        ("đ) Xây dựng thư viện", "letter", "đ", ()),
        ("- Chỉ tiêu 7: Đảm bảo", "bullet", None, ()),
        ("+ Ưu tiên giáo viên trẻ", "bullet", None, ()),
        ("• Tuyên truyền", "bullet", None, ()),
        ("Chỉ tiêu 3: Tỷ lệ", "item", None, ()),
        ("Chương II", "chapter", "II", ()),
        ("Chương]", "chapter", "I", ("ocr-damaged",)),
        ("Chương lV. Tổ chức thực hiện", "chapter", "IV", ("ocr-damaged",)),
        ("Chương |I", "chapter", "II", ("ocr-damaged",)),
        ("Chương VỊ", "chapter", "VI", ("ocr-damaged",)),  # a speck under the numeral
        ("-     Chương I", "chapter", "I", ("ocr-damaged",)),
        ("_ Chương]", "chapter", "I", ("ocr-damaged",)),
        ("-     -     Chương III", "chapter", "III", ("ocr-damaged",)),
        ("- Chương trình hành động", "bullet", None, ()),
        ("- Điều 3 Luật Giáo dục", "bullet", None, ()),
    ],
)
def test_markers(line, kind, number, flags):
    marker = read_marker(line)
    assert (marker.kind, marker.number, marker.flags) == (kind, number, flags)


@pytest.mark.parametrize(
    "line",
    [
        "5 tuổi đi học mẫu giáo",
        "2018, các quy định pháp luật",
        "99,5% học sinh",
        "15/12/2022 báo cáo",
        "Mục tiêu",
        "MỤC LỤC",
        "Mục lục",
        "Chương trình công tác",
        "v. v. và các nội dung khác",
        "H. Nguyễn Văn A phụ trách",
    ],
)
def test_not_markers(line):
    assert read_marker(line) is None


def test_nesting_of_every_kind():
    sections, warnings = tree(
        "I. MỤC TIÊU\n1. Mục tiêu chung\nBảo đảm quyền trẻ em.\n2. Mục tiêu cụ thể\n2.1. Giai đoạn 2021-2025\n"
        "a) Về mầm non\n- Chỉ tiêu 1: Đạt 98%.\n+ Nhà trẻ đạt 45%.\nb) Về phổ thông\n2.2. Giai đoạn 2026-2030\n"
        "II. NHIỆM VỤ\n1. Tuyên truyền"
    )
    assert outline(sections) == [
        "roman:I",
        "  arabic:1",
        "  arabic:2",
        "    arabic:2.1",
        "      letter:a",
        "        bullet:None",
        "          bullet:None",
        "      letter:b",
        "    arabic:2.2",
        "roman:II",
        "  arabic:1",
    ]
    assert warnings == []
    assert [s.level for s in sections] == [1, 1]
    assert sections[0].children[0].text == "Bảo đảm quyền trẻ em."


def test_out_of_sequence_number_is_kept_and_flagged():
    sections, warnings = tree("I. Mục tiêu\nII. Nhiệm vụ\nVI. Tổ chức thực hiện\n- Triển khai.")
    assert [s.number for s in sections] == ["I", "II", "VI"]
    assert sections[2].flags == ("out-of-sequence",)
    assert warnings == ["section VI follows II (expected III); kept as read"]


def test_a_repeated_part_is_the_next_one_with_a_stroke_lost():
    """``II.`` twice: OCR lost a stroke of ``III.`` (a writer never repeats a part's number)."""
    repeated, warnings = tree("I. A\nII. B\nII. C\nIV. D")
    assert [s.number for s in repeated] == ["I", "II", "III", "IV"]
    assert [s.marker for s in repeated] == ["I.", "II.", "II.", "IV."]
    assert [s.flags for s in repeated] == [(), (), ("ocr-damaged",), ()]
    assert warnings == ["section marker 'II.' read as III (OCR damage)"]


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("1. A\n2. B\n3. C\n4. D\nŠ. Ngân hàng\n6. F", ["1", "2", "3", "4", "5", "6"]),
        ("7. A\n8. B\n9, Sở Thông tin\n10. D", ["7", "8", "9", "10"]),
        ("1. A\n2. B\n§. Hướng dẫn", ["1", "2"]),  # § is 8, not the 3 the sequence expects
    ],
)
def test_a_damaged_arabic_number_is_read_where_the_sequence_expects_it(text, numbers):
    sections, _ = tree(text)
    assert [s.number for s in sections] == numbers
    assert all(s.flags == ("ocr-damaged",) for s in sections if not s.marker[:-1].isdigit())


def test_roman_numerals_read_as_letters_where_the_sequence_expects_them():
    sections, _ = tree("L. Tình hình công tác\n1. Kết quả\nH. Chỉ tiêu kế hoạch\n1. Chỉ tiêu")
    assert [(s.number, s.marker, s.flags) for s in sections] == [
        ("I", "L.", ("ocr-damaged",)),
        ("II", "H.", ("ocr-damaged",)),
    ]


def test_one_surprise_is_flagged_once():
    skipped, _ = tree("I. A\nII. B\nIV. D\nV. E")
    assert [s.flags for s in skipped] == [(), (), ("out-of-sequence",), ()]


def test_arabic_gap_is_flagged():
    sections, warnings = tree("I. A\n1. Một\n3. Ba\n2.1. Hai chấm một\n2.3. Sai")
    assert [c.flags for c in sections[0].children] == [(), ("out-of-sequence",)]
    assert sections[0].children[1].expected_number == "2"
    assert [c.expected_number for c in sections[0].children[1].children] == [None, "2.2"]
    assert "section 3 ('3.') where 2 was expected; kept as read" in warnings


def test_title_runs_on_over_a_broken_line_and_a_blank():
    sections, _ = tree(
        "II. NHIEM VU\n1. Tang cirong cong tac chi dao, thne hien cac \n\nchi tieu cua ke hoach\n"
        "- Tham muu ra soat.\n3. Tăng cường truyền thông\nChú trọng truyền thông, giáo dục."
    )
    first, second = sections[0].children
    assert first.title == "Tang cirong cong tac chi dao, thne hien cac chi tieu cua ke hoach"
    assert second.title == "Tăng cường truyền thông"
    assert second.text == "Chú trọng truyền thông, giáo dục."


def test_title_loses_specks_and_closing_punctuation():
    sections, _ = tree("I. MUC TIEU\n2. Muc tieu cu the• •\n2.2. Giai doan 2025 - 2030.")
    goals = sections[0].children[0]
    assert goals.title == "Muc tieu cu the"
    assert goals.children[0].title == "Giai doan 2025 - 2030"


def test_noise_lines_and_prefixes_do_not_break_the_tree():
    sections, _ = tree(
        "II. NHIEM VU\n1. Chi dao\nr r t • • y r- Tham muu ra soat.\nr r y y\n"
        "X /y r A \\ A ^ r \\ r2. Day manh cong tac tuyen truyen\n- Day manh."
    )
    one, two = sections[0].children
    assert (two.number, two.title) == ("2", "Day manh cong tac tuyen truyen")
    assert [c.text for c in one.children] == ["Tham muu ra soat."]
    assert one.children[0].flags == ("ocr-damaged",)


def test_page_numbers_between_lines_are_skipped():
    sections, _ = tree(
        "I. MỤC TIÊU\n- Chỉ tiêu 1: Tỷ lệ chuyên cần\n\n- 2 -\n\nđạt 98%.\n- Chỉ tiêu 2: ...\nTrang 3/5\n"
    )
    assert [c.text for c in sections[0].children] == ["Chỉ tiêu 1: Tỷ lệ chuyên cần đạt 98%.", "Chỉ tiêu 2: ..."]


def test_spans_cover_the_subtree():
    text = "I. MỤC TIÊU\n- Chỉ tiêu 1: đạt 90%.\n  tiếp theo\nII. NHIỆM VỤ"
    sections, _ = tree(text)
    first = sections[0]
    assert text[first.span.start : first.span.end] == "I. MỤC TIÊU\n- Chỉ tiêu 1: đạt 90%.\n  tiếp theo"
    bullet = first.children[0]
    assert text[bullet.content_start : bullet.span.end] == "Chỉ tiêu 1: đạt 90%.\n  tiếp theo"


def test_a_speck_read_as_a_comma_after_a_roman_numeral_keeps_the_part():
    # Tesseract read the heading "I. Mục tiêu" of a scan under a junk layer as "I,. Mục tiêu".
    from viplan_ocr.parse import parse

    plan = parse("KẾ HOẠCH\nI,. Mục tiêu\n2. Mục tiêu cụ thể\n- Chỉ tiêu 18: Tỷ lệ đạt trên 99%.\n").to_dict()
    assert [(s["number"], s["flags"]) for s in plan["sections"]] == [("I", ["ocr-damaged"])]
    assert [t["id"] for t in plan["targets"]] == ["I.2/18"]


def test_a_phan_holds_parts_of_its_own_and_a_repeated_phan_is_the_next():
    sections, _ = tree("Phần I\nI. Kết quả\nII. Tồn tại\nPhần I\nI. Nhiệm vụ\nII. Giải pháp")
    assert [(s.number, s.marker) for s in sections] == [("I", "Phần I"), ("II", "Phần I")]
    assert [[c.number for c in s.children] for s in sections] == [["I", "II"], ["I", "II"]]


def test_a_first_part_read_as_one_is_part_one():
    sections, warnings = tree("1. Mục tiêu\n- Nâng cao.\nII. Nhiệm vụ\nIII. Tổ chức thực hiện")
    assert [(s.number, s.marker, s.flags) for s in sections] == [
        ("I", "1.", ("ocr-damaged",)),
        ("II", "II.", ()),
        ("III", "III.", ()),
    ]
    assert "section marker '1.' read as I (OCR damage)" in warnings


def test_a_damaged_first_part_right_after_the_title_opens_the_body():
    from viplan_ocr.parse import parse

    plan = parse(
        "BÁO CÁO\nTình hình hoạt động 10 tháng năm 2017\n\n"
        "L. Tình hình công tác\n1. Kết quả\nH. Chỉ tiêu kế hoạch\n1. Chỉ tiêu"
    )
    assert plan.header.title == "Tình hình hoạt động 10 tháng năm 2017"
    assert [s.number for s in plan.sections] == ["I", "II"]


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        # strokes read as other letters, the stop lost, a lone L: taken where that part is due
        ("IL. MỤC ĐÍCH, YÊU CẦU\n- Nâng cao.\nII. PHƯƠNG ÁN\n- Cài đặt.", ["I", "II"]),
        ("I. MỤC ĐÍCH\n- Nâng cao.\nII NỘI DUNG, HÌNH THỨC\n- Tổ chức.\nIII. TỔ CHỨC", ["I", "II", "III"]),
        ("L Đánh giá chung\nCác đơn vị đã làm.\nII. Nhiệm vụ cụ thể\n- Triển khai.", ["I", "II"]),
        ("IV. QUY TRÌNH\n- Vòng 1.\nV, LỊCH CHI TIẾT\n- Tuần 1.\nVI. NGÂN SÁCH", ["IV", "V", "VI"]),
        # an L that is no part's number: not where part I is due, nor a word
        ("I. MỤC ĐÍCH\n- Nâng cao.\nL Đánh giá chung\nII. NỘI DUNG", ["I", "II"]),
    ],
)
def test_a_part_number_whose_strokes_ocr_misread(text, numbers):
    sections, _ = tree(text)
    assert [s.number for s in sections] == numbers


def test_a_one_read_as_a_stroke_inside_a_later_part_is_its_first_section():
    """``1. Quy trình tổ chức`` read ``I. Quy trình tổ chức`` inside part IV: a part's title is
    set in capitals, so this ``I.`` is the ``1.`` of the part's first section."""
    sections, _ = tree("I. MỤC ĐÍCH\n- A.\nII. ĐỐI TƯỢNG\n- B.\nI. Quy trình tổ chức:\n- C.\n2. Vòng chung kết\n- D.")
    assert [s.number for s in sections] == ["I", "II"]
    numbered = [c for c in sections[1].children if c.number]
    assert [c.number for c in numbered] == ["1", "2"]
    assert numbered[0].flags == ("ocr-damaged",)


def test_chapters_behind_specks_or_with_a_misread_numeral_open_the_chapters_they_are():
    """A decision's rules in chapters as a scan reads them: a speck before the heading read as a
    dash or a rule (``-     Chương I``, ``_ Chương]``), the ``I`` read as ``]`` or ``l``."""
    chapters = [
        "-     Chương I\nNHỮNG QUY ĐỊNH CHUNG",
        "_ Chương]\nNHỮNG QUY ĐỊNH CHUNG",
        "Chương l\nNHỮNG QUY ĐỊNH CHUNG",
    ]
    body = (
        "\nĐiều 1. Phạm vi điều chỉnh\n1. Quy định này áp dụng cho các nhiệm vụ.\n"
        "Điều 2. Đối tượng áp dụng\nCác tổ chức, cá nhân.\n"
        "-     -     Chương II\nTỔ CHỨC THỰC HIỆN\nĐiều 3. Hiệu lực\nQuy định có hiệu lực từ ngày ký.\n"
    )
    for first in chapters:
        sections, warnings = tree("QUY ĐỊNH\nViệc tuyển chọn nhiệm vụ\n" + first + body)
        assert [(s.kind, s.number, s.title) for s in sections] == [
            ("chapter", "I", "NHỮNG QUY ĐỊNH CHUNG"),
            ("chapter", "II", "TỔ CHỨC THỰC HIỆN"),
        ], first
        assert [[c.number for c in s.children] for s in sections] == [["1", "2"], ["3"]]
        assert any("Chương" in w for w in warnings)


@pytest.mark.parametrize("lost", ["Â,", "A.", "ŕ", "Ị,"])
def test_a_first_section_number_misread_alone_on_its_line_opens_section_one(lost):
    """``1.`` alone on its line read as a letter or two (``Â,``), its text on the next line and
    ``2.`` soon after: section 1, flagged, its title the next line; in the whole parse too, where
    the header would otherwise take everything before ``2.`` as its preamble."""
    text = (
        f"Ban giám hiệu đề nghị:\n{lost}\nCho phép sinh viên mang balô vào phòng thi.\n"
        "2. Phòng Đào tạo thực hiện.\n3. Các khoa nhắc nhở sinh viên."
    )
    sections, _ = tree(text)
    assert [(s.number, s.flags) for s in sections] == [("1", ("ocr-damaged",)), ("2", ()), ("3", ())]
    assert sections[0].title.startswith("Cho phép sinh viên")
    plan = parse(f"TRƯỜNG ĐẠI HỌC CÔNG NGHỆ\nSố: 01/TB-BGH\nTHÔNG BÁO\nV/v giám sát phòng thi\n{text}")
    assert [s.number for s in plan.sections] == ["1", "2", "3"]


@pytest.mark.parametrize(
    "text",
    [
        "Đề nghị:\nÂ,\nCho phép sinh viên mang balô.\n3. Phòng Đào tạo.",  # 2 does not follow: junk
        "Đề nghị:\nÂ,\ncho phép sinh viên mang balô.\n2. Phòng Đào tạo.",  # no sentence follows
        "1. Mục tiêu chung.\nÂ,\nCho phép sinh viên.\n2. Phòng Đào tạo.",  # 1 is there already
    ],
)
def test_junk_alone_on_a_line_elsewhere_opens_nothing(text):
    sections, _ = tree(text)
    assert not [s for s in sections if "ocr-damaged" in s.flags]


def test_a_mark_alone_above_a_title_in_capitals_is_no_lost_first_section():
    """``I.`` alone with ``MỤC ĐÍCH, YÊU CẦU`` under it is a part's number, not a misread ``1.``."""
    sections, _ = tree("I.\nMỤC ĐÍCH, YÊU CẦU\nNâng cao chất lượng.\n2. Bảo đảm an toàn.\nII. NỘI DUNG\n1. Thi.")
    assert "1" not in [s.number for s in sections]
