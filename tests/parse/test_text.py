"""Text helpers: the shadow keeps offsets, noise prefixes, paragraphs, Vietnamese numbers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from viplan_ocr.parse.text import is_noise_line, join_lines, noise_prefix, parse_number, prepare
from viplan_ocr.vietnamese.layout import cells
from viplan_ocr.vietnamese.syllables import shadow


@given(st.text())
def test_shadow_keeps_every_offset(text):
    assert len(shadow(prepare(text))) == len(prepare(text))


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Chỉ tiêu số 18", "chi tieu so 18"),
        ("ĐẠT TRÊN 99%", "dat tren 99%"),
        ("Phấn đấu đạt ít nhất", "phan dau dat it nhat"),
        ("Nơi nhận:", "noi nhan:"),
        ("dưới 0,65%", "duoi 0,65%"),
    ],
)
def test_shadow_drops_accents_and_case(text, folded):
    assert shadow(text) == folded


def test_prepare_composes_and_unifies_line_ends():
    decomposed = "Ke\u0302\u0301 hoa\u0323ch\r\nso\u0302\u0301"
    assert prepare(decomposed) == "Kế hoạch\nsố"


@pytest.mark.parametrize(
    ("line", "rest", "bullet"),
    [
        ("r r t • • y r- Tham muu ra soat", "Tham muu ra soat", True),
        ("X /y r A \\ A ^ r \\ r2. Day manh cong tac", "2. Day manh cong tac", False),
        ("• r r f- Tiep tuc quan triet", "Tiep tuc quan triet", True),
        ("^ a y ' A»X A7 O • ftoan ngan sach", "A»X A7 O • ftoan ngan sach", False),
        ("a) Tỷ lệ huy động trẻ", "a) Tỷ lệ huy động trẻ", False),
        ("Ở đó có 3 trường", "Ở đó có 3 trường", False),
    ],
)
def test_noise_prefix(line, rest, bullet):
    skip, hint = noise_prefix(line)
    assert (line[skip:], hint) == (rest, bullet)


@pytest.mark.parametrize(("line", "noise"), [("r r y y", True), ("r r \\", True), ("- Lưu: VT.", False), ("", False)])
def test_noise_lines(line, noise):
    assert is_noise_line(line) is noise


def test_join_lines_rejoins_sentences_broken_by_the_scanner():
    lines = ["- Chi tieu so 5: Ti le tre em hoan thanh cap trung hgc co so 99,5% phan ", "", "dau giam ti le."]
    assert (
        join_lines(lines) == "- Chi tieu so 5: Ti le tre em hoan thanh cap trung hgc co so 99,5% phan dau giam ti le."
    )
    assert join_lines(["Mục tiêu chung.", "Bảo đảm quyền trẻ em."]) == "Mục tiêu chung.\nBảo đảm quyền trẻ em."


@pytest.mark.parametrize(
    ("digits", "percent", "value"),
    [
        ("99,5", True, 99.5),
        ("0,65", True, 0.65),
        ("99.5", True, 99.5),
        ("100", True, 100.0),
        ("1.200", False, 1200.0),
        ("1.200,5", False, 1200.5),
        ("02", False, 2.0),
        ("2.5", False, 2.5),
    ],
)
def test_parse_number(digits, percent, value):
    assert parse_number(digits, percent=percent) == value


def test_cells_split_two_columns_only_on_wide_gaps():
    assert cells("Nơi nhận:                        KT. TRƯỞNG PHÒNG") == ["Nơi nhận:", "KT. TRƯỞNG PHÒNG"]
    assert cells("Long Biên, ngày 15 tháng 3 năm 2022") == ["Long Biên, ngày 15 tháng 3 năm 2022"]
