"""Targets: comparators, values, units, years, phases and ids, one rule at a time."""

from __future__ import annotations

import pytest

from viplan_ocr.parse import parse
from viplan_ocr.parse.targets import read_metrics
from viplan_ocr.vietnamese.syllables import shadow


def metrics(text: str) -> list[tuple]:
    return [(m.comparator, m.value, m.unit, m.year) for m in read_metrics(text, shadow(text), 0, len(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tỷ lệ lên lớp đạt 98%.", (">=", 98.0, "%", None)),
        ("Phấn đấu 100% trường có thư viện.", (">=", 100.0, "%", None)),
        ("Ít nhất 55% trẻ em nhà trẻ.", (">=", 55.0, "%", None)),
        ("Tối thiểu 90% giáo viên được tập huấn.", (">=", 90.0, "%", None)),
        ("Tỷ lệ khá giỏi từ 65% trở lên.", (">=", 65.0, "%", None)),
        ("Tỷ lệ không dưới 95%.", (">=", 95.0, "%", None)),
        ("Tỷ lệ tốt nghiệp đạt trên 99%.", (">", 99.0, "%", None)),
        ("Tỷ lệ hơn 80%.", (">", 80.0, "%", None)),
        ("Giảm tỷ lệ bỏ học dưới 0,8%.", ("<", 0.8, "%", None)),
        ("Giảm tỷ lệ suy dinh dưỡng xuống dưới 3,5%.", ("<", 3.5, "%", None)),
        ("Tỷ lệ bỏ học không quá 0,5%.", ("<=", 0.5, "%", None)),
        ("Sĩ số tối đa 35 trẻ.", ("<=", 35.0, "trẻ", None)),
        ("Giảm xuống còn 2%.", ("<=", 2.0, "%", None)),
        ("Tỷ lệ bỏ học 5% trở xuống.", ("<=", 5.0, "%", None)),
        ("Ti le tre em hoan thanh cap trung hoc co so 99%.", ("=", 99.0, "%", None)),
        ("Chi tieu: duoi 0,05%.", ("<", 0.05, "%", None)),
        ("Có 1.200 học sinh tham gia.", ("=", 1200.0, "học sinh", None)),
        ("Có ít nhất 02 trường đạt chuẩn.", (">=", 2.0, "trường", None)),
        ("Co it nhat l2 hoc sinh dat giai.", (">=", 12.0, "hoc sinh", None)),
        ("Đạt 50 phần trăm.", (">=", 50.0, "%", None)),
        ("Tốc độ tăng trưởng từ 10%/năm trở lên.", (">=", 10.0, "%/năm", None)),
        ("Tạm nộp hằng quý bằng 70% số thuế.", ("=", 70.0, "%", None)),
        ("Giảm tối thiểu 3% chi thường xuyên so với dự toán năm 2023.", (">=", 3.0, "%", None)),
    ],
)
def test_one_metric(text, expected):
    assert metrics(text) == [expected]


def test_year_after_the_value_and_qualifier_per_value():
    text = "đạt trên 99%; phấn đấu giảm tỷ lệ bỏ học dưới 0,8% vào năm 2025 và dưới 0,65% vào năm 2030."
    assert metrics(text) == [(">", 99.0, "%", None), ("<", 0.8, "%", 2025), ("<", 0.65, "%", 2030)]


def test_value_joined_by_va_shares_the_qualifier():
    text = "Phấn đấu có cơ sở hạ tầng phù hợp đạt 55% vào năm 2025 và 60% vào năm 2030."
    assert metrics(text) == [(">=", 55.0, "%", 2025), (">=", 60.0, "%", 2030)]
    assert [m.text for m in read_metrics(text, shadow(text), 0, len(text))] == [
        "đạt 55% vào năm 2025",
        "60% vào năm 2030",
    ]


def test_year_before_each_value_is_not_taken_by_the_previous_one():
    text = "Đến năm 2025 đạt 50% và đến năm 2030 đạt 70%."
    assert metrics(text) == [(">=", 50.0, "%", 2025), (">=", 70.0, "%", 2030)]


def test_a_range_is_at_least_its_start_and_at_most_its_end():
    assert metrics("Tỷ lệ chuyên cần từ 80% đến 90%.") == [(">=", 80.0, "%", None), ("<=", 90.0, "%", None)]


def test_a_new_clause_does_not_inherit():
    assert metrics("Tỷ lệ A đạt 98%; tỷ lệ B 95%.") == [(">=", 98.0, "%", None), ("=", 95.0, "%", None)]
    assert metrics("Doanh thu không quá 200 tỷ đồng thì tạm nộp 70% số thuế.") == [
        ("<=", 200.0, "tỷ đồng", None),
        ("=", 70.0, "%", None),
    ]


def test_flags_say_how_a_reading_was_helped():
    def flags(text):
        return [m.flags for m in read_metrics(text, shadow(text), 0, len(text))]

    assert flags("Đạt 55% vào năm 2025 và 60% vào năm 2030.") == [(), ("shared-qualifier",)]
    assert flags("Có ít nhất l2 học sinh đạt giải.") == [("ocr-digits",)]
    assert flags("Tỷ lệ từ 80% đến 90%.") == [("range",), ("range",)]


def test_year_before_the_value():
    assert metrics("Đến năm 2025, 100% trường có nhà vệ sinh.") == [("=", 100.0, "%", 2025)]


@pytest.mark.parametrize(
    "text",
    [
        "Huy động trẻ 5 tuổi đi học.",
        "Giai đoạn 2021-2025.",
        "Theo Nghị định số 30/2020/NĐ-CP.",
        "Năm 2025 có kế hoạch.",
    ],
)
def test_no_metric(text):
    assert metrics(text) == []


def test_paragraphs_of_a_specific_goals_heading_are_targets():
    plan = parse(
        "I. MỤC TIÊU\n2. Mục tiêu cụ thể\nĐến năm 2025, 100% trường có nhà vệ sinh đạt chuẩn.\n"
        "Tỷ lệ trẻ em bỏ học\ngiảm xuống dưới 1%.\nNâng cao chất lượng giáo dục.\n"
        "II. NHIỆM VỤ\n1. Chỉ đạo thực hiện các chỉ tiêu của kế hoạch\n- Tổ chức 04 chuyên đề."
    )
    assert [(t.id, t.text, [(m.comparator, m.value, m.year) for m in t.metrics]) for t in plan.targets] == [
        ("I.2/#1", "Đến năm 2025, 100% trường có nhà vệ sinh đạt chuẩn.", [("=", 100.0, 2025)]),
        ("I.2/#2", "Tỷ lệ trẻ em bỏ học giảm xuống dưới 1%.", [("<", 1.0, None)]),
    ]


def test_labels_in_ocr_spellings_and_not_a_count_of_targets():
    plan = parse(
        "I. MỤC TIÊU\n- Chl tleu s6 1: Đạt 90%.\n- Chi tieu so 2 - Đạt 95%.\n- Chỉ tiêu 5 năm qua đều đạt 80%."
    )
    assert [t.id for t in plan.targets] == ["I/1", "I/2"]


def test_targets_of_a_plan_without_numbered_headings():
    plan = parse("KẾ HOẠCH\nNăm học 2023-2024\n- Chỉ tiêu 1: Chuyên cần đạt 98%.\n- Chỉ tiêu 2: Không quá 1% bỏ học.")
    assert [(t.id, str(t.phase), t.metrics[0].comparator) for t in plan.targets] == [
        ("1", "2023-2024", ">="),
        ("2", "2023-2024", "<="),
    ]


def test_ids_are_unique_when_labels_repeat_per_phase():
    plan = parse(
        "KẾ HOẠCH\nPhát triển giáo dục giai đoạn 2021-2030\nI. MỤC TIÊU\n2. Mục tiêu cụ thể\n"
        "2.1. Giai đoạn 2021-2025\n- Chỉ tiêu 1: Đạt 90%.\n2.2. Giai đoạn 2026-2030\n- Chỉ tiêu 1: Đạt 95%."
    )
    assert [(t.id, str(t.phase), t.phase_source) for t in plan.targets] == [
        ("I.2.1/1", "2021-2025", "heading"),
        ("I.2.2/1", "2026-2030", "heading"),
    ]


def test_a_repeated_label_in_one_section_gets_a_suffix_and_a_warning():
    plan = parse("I. MỤC TIÊU\n- Chỉ tiêu 1: Đạt 90%.\n- Chỉ tiêu 1: Đạt 95%.")
    assert [t.id for t in plan.targets] == ["I/1", "I/1~2"]
    assert "target id I/1 appears 2 times; numbered I/1~2" in plan.warnings


def test_phase_from_a_heading_that_names_a_year():
    plan = parse("KẾ HOẠCH\nChương trình giai đoạn 2021-2030\nI. Mục tiêu đến năm 2025\n- Chỉ tiêu 1: Đạt 90%.")
    assert (str(plan.targets[0].phase), plan.targets[0].phase_source) == ("2021-2025", "heading")


def test_phase_from_a_line_heading_the_items_after_it():
    plan = parse(
        "KẾ HOẠCH\nChương trình giai đoạn 2021-2030\nI. MỤC TIÊU\n2. Mục tiêu cụ thể\n* Đến năm 2025:\n"
        "- Tỷ lệ trẻ đi học đạt 98%.\n* Giai đoạn 2026 - 2030:\n- Tỷ lệ trẻ đi học đạt 99%."
    )
    assert [(t.id, str(t.phase), t.phase_source) for t in plan.targets] == [
        ("I.2/#1", "2021-2025", "heading"),
        ("I.2/#2", "2026-2030", "heading"),
    ]


def test_phase_from_the_text_and_from_the_document():
    plan = parse(
        "KẾ HOẠCH\nChương trình giai đoạn 2021-2030\nI. MỤC TIÊU\n"
        "- Chỉ tiêu 1: Có dịch vụ hỗ trợ tâm lý vào năm 2025.\n- Chỉ tiêu 2: Đảm bảo nước sạch."
    )
    assert [(str(t.phase), t.phase_source, t.metrics) for t in plan.targets] == [
        ("2021-2025", "text", ()),
        ("2021-2030", "document", ()),
    ]


def test_unlabelled_items_count_only_in_a_specific_goals_section():
    plan = parse(
        "I. MỤC TIÊU\n1. Mục tiêu chung\n- Nâng cao chất lượng, 100% trường đạt chuẩn.\n2. Mục tiêu cụ thể\n"
        "a) Tỷ lệ chuyên cần đạt 98%.\nb) Xây dựng thư viện xanh.\nc) Có 3 trường đạt chuẩn.\n"
        "II. NHIỆM VỤ\n- Tổ chức 04 chuyên đề."
    )
    assert [(t.id, [(m.comparator, m.value, m.unit) for m in t.metrics]) for t in plan.targets] == [
        ("I.2/#1", [(">=", 98.0, "%")]),
        ("I.2/#2", [("=", 3.0, "trường")]),
    ]
