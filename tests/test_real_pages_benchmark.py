"""The scoring of ``benchmarks/real_pages.py`` on tiny texts whose errors are counted by hand."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def bench(load_script):
    return load_script("benchmarks/real_pages.py")


def test_syllable_error_rate_counts_substitutions_insertions_and_deletions(bench) -> None:
    reference = "Căn cứ Kế hoạch số 186/KH-\nUBND ngày 17/9/2024 của UBND tỉnh;"
    # two tones lost (Kê, sô), "của" dropped, a speck read as "R" inserted; punctuation is no token
    read = "Căn cứ Kê hoạch sô 186/KH-UBND, ngày 17/9/2024 R UBND tỉnh"
    truth = bench.syllables(reference)
    assert truth == ["Căn", "cứ", "Kế", "hoạch", "số", "186/KH-UBND", "ngày", "17/9/2024", "của", "UBND", "tỉnh"]
    assert bench.errors(truth, bench.syllables(read)) == 3  # "của" -> "R" is one substitution
    assert bench.errors(truth, bench.syllables("Căn cứ Kế hoạch")) == 7


def test_reading_order_costs_in_the_rate_but_not_in_the_unordered_bound(bench) -> None:
    truth = bench.syllables("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI")
    swapped = bench.syllables("CỘNG HÒA XÃ HỘI ỦY BAN NHÂN DÂN")
    assert bench.errors(truth, swapped) == 8
    assert bench.unordered_errors(truth, swapped) == 0


def test_tone_placement_and_case(bench) -> None:
    assert bench.syllables("Uỷ ban, hoà giải") == bench.syllables("Ủy ban hòa giải")
    assert bench.syllables("SỞ") != bench.syllables("Sở")
    assert bench.syllables("SỞ", fold_case=True) == bench.syllables("Sở", fold_case=True)


def test_a_right_syllable_turned_wrong_is_counted_with_what_it_became(bench) -> None:
    page = bench.score_page(
        "1. Phân tích đề thi tốt nghiệp năm 2025",
        "1. Phân tích đề thi tôt nghiệp năm 2025",
        "1. Phân tích để thi tốt nghiệp năm 2025",
        "test p1",
    )
    assert (page.tokens, page.raw, page.cleaned, page.fixed) == (9, 1, 1, 1)  # "1." is the token "1"
    assert [(t.truth, t.cleaned) for t in page.turned] == [("đề", "để")]


def test_only_real_vietnamese_text_layers_serve_as_references(bench) -> None:
    real = "Căn cứ Kế hoạch của Sở Giáo dục và Đào tạo về việc tổ chức sinh hoạt chuyên môn cụm trường " * 3
    junk_ocr = "Kinh grri: Throng phong GD&DT the quan huyen, Hieu truong cac truong trung hoc pho thong " * 3
    vni = "Cô sôû dö õlieäu cuûa moät heä thoáng quaûn lyù laø taäp hôïp caùc baûng coù quan heä " * 3
    assert bench.real_text_layer(real) is None
    assert bench.real_text_layer(junk_ocr) is not None
    assert bench.real_text_layer(vni) is not None
    assert bench.real_text_layer("Ký bởi: Nguyễn Văn A") is not None


def test_a_page_made_worse_is_named(bench) -> None:
    page = bench.score_page("o Mỗi khối lớp", "o_ Mỗi khối lớp", "ở_ Mỗi khối lớp", "plan p2")
    assert (page.raw, page.cleaned, page.fixed) == (0, 1, 0)
    assert page.worse == ["plan p2 (0 -> 1 of 4)"]
    assert [(t.truth, t.cleaned, t.context) for t in page.turned] == [("o", "ở", "o Mỗi khối lớp")]
