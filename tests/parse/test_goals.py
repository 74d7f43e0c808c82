"""Goal sentences: targets read outside ``Mục tiêu cụ thể``/``Chỉ tiêu`` sections, and results that are not.

Every sentence here is written for these tests, in the shape of school plans, district reports
and department letters; none is copied from a real document.
"""

from __future__ import annotations

import jsonschema
import pytest

from viplan_ocr.parse import parse
from viplan_ocr.parse.schema import plan_schema

PLAN_HEAD = (
    "TRƯỜNG THCS HÒA BÌNH\nSố: 87/KH-THCS\nHòa Bình, ngày 05 tháng 9 năm 2024\n"
    "KẾ HOẠCH\nTổ chức hoạt động trải nghiệm năm học 2024-2025\n"
)
REPORT_HEAD = (
    "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO\nSố: 512/BC-PGDĐT\nAn Phú, ngày 20 tháng 12 năm 2023\n"
    "BÁO CÁO\nKết quả công tác năm 2023\n"
)


def goals(text: str) -> list[tuple]:
    """(id, origin, [(comparator, value, unit), ...]) of each target read outside target sections."""
    return [
        (t.id, t.origin, [(m.comparator, m.value, m.unit) for m in t.metrics])
        for t in parse(text).targets
        if t.origin in ("goal-sentence", "plan-part")
    ]


def figures(text: str) -> list[tuple]:
    """(comparator, value, unit) of every figure of every target, whatever its origin."""
    return [(m.comparator, m.value, m.unit) for t in parse(text).targets for m in t.metrics]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("b) Bảo đảm 100% trẻ em được khám sức khỏe định kỳ.", ("=", 100.0, "%")),
        ("- Phấn đấu hoàn thành chỉ tiêu 95% hồ sơ giải quyết đúng hạn.", (">=", 95.0, "%")),
        ("- Các xã bố trí vốn đối ứng (tối thiểu 10%) theo quy định.", (">=", 10.0, "%")),
        ("- Lưu ý: số lượng dự trù tăng không quá 15% so với năm 2022.", ("<=", 15.0, "%")),
        ("- Mỗi chi đoàn ít nhất 01 sản phẩm dự thi.", (">=", 1.0, "sản phẩm")),
        ("- Mỗi tổ chuyên môn xây dựng ít nhất 02 đề án cải tiến.", (">=", 2.0, "đề án")),
        ("- Nhà trường chọn tối đa 04 dự án dự thi cấp tỉnh.", ("<=", 4.0, "dự án")),
        ("- Quyết tâm giải ngân 100% vốn được giao trong quý IV.", ("=", 100.0, "%")),
        ("- Mỗi nhóm ≤04 học sinh và 01 giáo viên hướng dẫn.", ("<=", 4.0, "học sinh")),
        ("- Dự kiến cử 120 người dự tập huấn tại tỉnh.", ("=", 120.0, "người")),
        ("- Mục tiêu giảm 300 hộ nghèo trên địa bàn xã.", ("=", 300.0, "hộ nghèo")),
    ],
)
def test_a_goal_sentence_outside_target_sections(sentence, expected):
    text = PLAN_HEAD + "I. MỤC ĐÍCH, YÊU CẦU\n2. Yêu cầu\n" + sentence + "\nII. NỘI DUNG\n"
    found = goals(text)
    assert [(target_id, origin, metrics[0]) for target_id, origin, metrics in found] == [
        ("I.2/#1", "goal-sentence", expected)
    ]


def test_a_figure_coordinated_with_a_bound_shares_it():
    text = PLAN_HEAD + "I. YÊU CẦU\n- Mỗi đội không quá 05 học sinh, 01 giáo viên hướng dẫn.\n"
    assert goals(text) == [("I/#1", "goal-sentence", [("<=", 5.0, "học sinh"), ("<=", 1.0, "giáo viên")])]


@pytest.mark.parametrize(
    "sentence",
    [
        "- Các trường đã bảo đảm 100% giáo viên được bồi dưỡng thường xuyên.",
        "- Thu học phí bảo đảm 105% dự toán; tăng 8% so với cùng kỳ.",
        "- Kết quả thực hiện được ít nhất 60% danh mục kỹ thuật.",
        "- Toàn ngành đạt được mục tiêu 97% trẻ ra lớp.",
        "- Tỷ lệ hồ sơ trễ hạn chưa bảo đảm dưới 2%.",
        "- Đối với giáo viên tiểu học: còn dư 12 chỉ tiêu.",
        "- Tổ chức 14 lớp bồi dưỡng cho 620 giáo viên, đạt 103% kế hoạch.",
        "- Tổng số viên chức được đánh giá: 1.240 người, trong đó hoàn thành tốt nhiệm vụ 86%.",
    ],
)
def test_a_result_is_not_a_target(sentence):
    assert goals(REPORT_HEAD + "I. KẾT QUẢ THỰC HIỆN\n1. Công tác chuyên môn\n" + sentence + "\n") == []


def test_a_quota_line_is_a_target():
    text = (
        REPORT_HEAD + "Căn cứ Quyết định phê duyệt chỉ tiêu xét thăng hạng năm 2023, cụ thể:\n"
        "I. CHỈ ĐẠO\n- Đối với giáo viên trung học cơ sở: 46 chỉ tiêu.\n- Đối với nhân viên thư viện: 1.205 chỉ tiêu.\n"
    )
    assert goals(text) == [
        ("I/#1", "goal-sentence", [("=", 46.0, "chỉ tiêu")]),
        ("I/#2", "goal-sentence", [("=", 1205.0, "chỉ tiêu")]),
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "- Bảo đảm nộp hồ sơ trước ngày 15/3/2024 theo Kế hoạch số 45/KH-UBND.",
        "- Hồ sơ gồm ít nhất 01 bản chính và 02 bản sao.",
        "- Bảo đảm trẻ em dưới 6 tuổi được cấp thẻ bảo hiểm y tế.",
        "- Phấn đấu thực hiện đúng khoản 2 Điều 5 của Quy chế.",
        "- Kinh phí đã chi tối thiểu 350 triệu đồng.",
        "- Phấn đấu tập huấn trong 03 ngày, tối đa 45 phút mỗi buổi học.",
        "- Bảo đảm 02 bộ hồ sơ nộp về Phòng.",
    ],
)
def test_dates_numbers_ages_articles_durations_and_past_money_are_not_targets(sentence):
    assert goals(PLAN_HEAD + "I. YÊU CẦU\n" + sentence + "\n") == []


def test_a_part_about_the_next_year_makes_its_figures_targets():
    text = (
        REPORT_HEAD + "I. KẾT QUẢ NĂM 2023\n1. Bồi dưỡng cán bộ quản lý: 30 người.\n"
        "2. Xây dựng kế hoạch bồi dưỡng năm 2023\n- Sở xây dựng kế hoạch bồi dưỡng 40 người.\n"
        "II. KẾ HOẠCH BỒI DƯỠNG NĂM 2024\n1. Bồi dưỡng cán bộ quản lý: 35 người (trung cấp: 20; cao cấp: 15).\n"
        "2. Mở 03 lớp bồi dưỡng chuyên đề, họp ngày 15/3/2024 theo Kế hoạch số 45/KH-UBND.\n"
        "3. Bồi dưỡng đã hoàn thành năm trước: 12 người.\n"
    )
    plan = parse(text)
    found = [(t.id, t.origin, [(m.value, m.unit, m.flags) for m in t.metrics]) for t in plan.targets]
    assert found == [
        ("II.1/#1", "plan-part", [(35.0, "người", ()), (20.0, None, ("quota",)), (15.0, None, ("quota",))]),
        ("II.2/#1", "plan-part", [(3.0, "lớp", ())]),
    ]


def test_a_part_is_about_the_future_by_its_words_or_a_later_year_than_the_document():
    body = "- Tổ chức 06 chuyên đề cấp huyện.\n"
    planned = [("III/#1", "plan-part", [("=", 6.0, "chuyên đề")])]
    assert goals(REPORT_HEAD + "III. PHƯƠNG HƯỚNG, NHIỆM VỤ\n" + body) == planned
    assert goals(REPORT_HEAD + "III. NHIỆM VỤ NĂM 2024\n" + body) == planned
    assert goals(REPORT_HEAD + "III. NHIỆM VỤ NĂM 2023\n" + body) == []
    assert goals(REPORT_HEAD + "III. KẾT QUẢ THỰC HIỆN KẾ HOẠCH NĂM 2024\n" + body) == []


def test_a_bound_in_a_regulation_is_a_rule_not_a_goal():
    rule = "- Hội đồng có không quá 02 người của đơn vị chủ trì.\n"
    regulation = (
        "ỦY BAN NHÂN DÂN\nSố: 09/2024/QĐ-UBND\nQUY ĐỊNH\nViệc xét chọn đề tài cấp tỉnh\nĐiều 3. Hội đồng\n" + rule
    )
    assert goals(regulation) == []
    assert goals(regulation.replace("Điều 3. Hội đồng", "I. HỘI ĐỒNG")) == []
    assert goals(PLAN_HEAD + "Điều 3. Hội đồng\n" + rule) == []
    assert goals(PLAN_HEAD + "I. YÊU CẦU\n" + rule) == [("I/#1", "goal-sentence", [("<=", 2.0, "người")])]
    pledge = "- Phấn đấu 100% đề tài được nghiệm thu đúng hạn.\n"
    assert goals(regulation.replace(rule, pledge)) == [("#1", "goal-sentence", [(">=", 100.0, "%")])]


def test_a_table_row_read_as_text_is_left_to_the_table_reader():
    text = PLAN_HEAD + "I. TIẾN ĐỘ\n13 | Thông báo mời thầu | Đăng ít nhất 01 lượt trên báo | Sở Y tế\n"
    assert goals(text) == []


def test_target_sections_keep_their_reading_and_say_where_they_come_from():
    text = (
        PLAN_HEAD + "I. MỤC TIÊU\n1. Mục tiêu chung\n- Nâng cao chất lượng, 100% trường đạt chuẩn.\n"
        "2. Mục tiêu cụ thể\na) Tỷ lệ chuyên cần đạt 98%.\n- Chỉ tiêu 3: Có 5 câu lạc bộ.\n"
        "II. NHIỆM VỤ\n- Tổ chức 04 chuyên đề.\n- Mỗi khối ít nhất 02 tiết học trải nghiệm.\n"
    )
    found = [(t.id, t.origin, [(m.comparator, m.value, m.unit) for m in t.metrics]) for t in parse(text).targets]
    assert found == [
        ("I.2/#1", "goals-section", [(">=", 98.0, "%")]),
        ("I.2/3", "label", [("=", 5.0, "câu lạc bộ")]),
        ("II/#1", "goal-sentence", [(">=", 2.0, "tiết học")]),
    ]


def test_a_long_sentence_is_cut_to_the_clauses_with_its_figures():
    opening = "Khẩn trương triển khai các nội dung hỗ trợ sản xuất theo chuỗi giá trị, quy mô lớn, tập trung"
    text = (
        PLAN_HEAD + "I. NHIỆM VỤ\n- " + opening * 3 + "; phân bổ vốn đối ứng (tối thiểu 5%) đúng quy định; làm tốt.\n"
    )
    (target,) = parse(text).targets
    assert target.text == "phân bổ vốn đối ứng (tối thiểu 5%) đúng quy định"


def test_goal_sentences_validate_against_the_schema():
    text = PLAN_HEAD + "I. YÊU CẦU\n- Mỗi chi đoàn ít nhất 01 sản phẩm.\nII. KẾ HOẠCH NĂM 2025\n- Trung cấp: 20.\n"
    plan = parse(text).to_dict()
    assert [t["origin"] for t in plan["targets"]] == ["goal-sentence", "plan-part"]
    jsonschema.validate(plan, plan_schema())
