"""TCVN3, VNI and VISCII: complete tables, round trips, detection."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata

import pytest

from viplan_ocr.extract import legacy

ICONV_NAMES = {"tcvn3": "TCVN5712-1", "viscii": "VISCII"}


def test_the_134_letters():
    letters = legacy.ACCENTED_LETTERS
    assert len(letters) == len(set(letters)) == 134
    assert all(unicodedata.is_normalized("NFC", c) and len(c) == 1 for c in letters)
    assert {"ạ", "ặ", "ậ", "ễ", "ỉ", "ộ", "ợ", "ự", "ỵ", "đ", "Ỵ", "Đ", "Ặ"} <= set(letters)


@pytest.mark.parametrize("encoding", legacy.ENCODINGS)
@pytest.mark.parametrize("letter", legacy.ACCENTED_LETTERS)
def test_round_trip_every_letter(encoding, letter):
    encoded = legacy.encode(letter, encoding)
    assert all(ord(c) < 0x100 for c in encoded)  # legacy bytes, read as Latin-1
    assert legacy.decode(encoded, encoding) == letter


@pytest.mark.parametrize("encoding", legacy.ENCODINGS)
def test_round_trip_all_letters_in_words(encoding):
    text = " ".join(f"x{letter}n" for letter in legacy.ACCENTED_LETTERS)
    assert legacy.decode(legacy.encode(text, encoding), encoding) == text


@pytest.mark.parametrize("encoding", sorted(ICONV_NAMES))
def test_tables_agree_with_the_system_iconv(encoding):
    """glibc implements TCVN 5712:1993 (VN1) and VISCII independently of us."""
    if not shutil.which("iconv"):
        pytest.skip("no iconv")
    text = "".join(legacy.ACCENTED_LETTERS)
    result = subprocess.run(
        ["iconv", "-f", "UTF-8", "-t", ICONV_NAMES[encoding]], input=text.encode(), capture_output=True
    )
    if result.returncode != 0:
        pytest.skip(f"iconv lacks {ICONV_NAMES[encoding]}")
    assert legacy.encode(text, encoding).encode("latin-1") == result.stdout


@pytest.mark.parametrize(
    ("raw", "encoding", "unicode"),
    [
        ("KÕ ho¹ch thùc hiÖn Ch\u00ad¬ng tr×nh", "tcvn3", "Kế hoạch thực hiện Chương trình"),
        ("Keá hoaïch thöïc hieän Chöông trình", "vni", "Kế hoạch thực hiện Chương trình"),
        ("Giaùo duïc vaø Ñaøo taïo", "vni", "Giáo dục và Đào tạo"),
        ("GIAÙO DUÏC VAØ ÑAØO TAÏO", "vni", "GIÁO DỤC VÀ ĐÀO TẠO"),
        ("Gi¸o dôc vµ §µo t¹o", "tcvn3", "Giáo dục và Đào tạo"),
    ],
)
def test_known_legacy_strings(raw, encoding, unicode):
    assert legacy.detect(raw) == encoding
    assert legacy.decode(raw, encoding) == unicode


@pytest.mark.parametrize("encoding", legacy.ENCODINGS)
def test_detects_each_encoding_on_plan_text(seeds, encoding):
    text = unicodedata.normalize("NFC", seeds["clean"].read_text(encoding="utf-8"))[:2000]
    assert legacy.detect(legacy.encode(text, encoding)) == encoding


@pytest.mark.parametrize(
    "text",
    [
        "Kế hoạch thực hiện Chương trình hành động vì trẻ em",
        "The plan was approved in 2021 (see annex 3).",
        "Ke hoach thuc hien Chuong trinh hanh dong",
        "Café, naïve, Zürich: résumé",
        "99,5% - 0,8% - 15/4/2021",
    ],
)
def test_unicode_english_and_unaccented_text_are_left_alone(text):
    assert legacy.detect(text) is None


def test_capitals_font_upper_cases():
    assert legacy.decode("kÕ ho¹ch", "tcvn3", capitals=True) == "KẾ HOẠCH"


def test_unknown_encoding_is_refused():
    with pytest.raises(ValueError, match="unknown legacy encoding"):
        legacy.decode("x", "vps")


@pytest.mark.parametrize(
    ("layer", "capitals", "expected"),
    [
        ("tr\u2212êng häc", False, "trường học"),
        ("tr\u2212êng", True, "TRƯỜNG"),  # a .VnTimeH capitals font
        ("Ch\u2212¬ng tr×nh", False, "Chương trình"),
    ],
)
def test_tcvn3_u_horn_mapped_to_a_minus_sign_is_read_back(layer, capitals, expected):
    """Some PDF producers give TCVN3's "ư" byte (0xAD) as U+2212 MINUS SIGN: inside a word it is "ư"."""
    assert legacy.restore_lost_u_horn(legacy.decode(layer, "tcvn3", capitals=capitals)) == expected


@pytest.mark.parametrize(
    ("raw", "capitals", "expected"),
    [
        ("líp tiÕp xóc p \u2013 n", False, "lớp tiếp xúc p \u2013 n"),  # 0x96: VN1's Ọ
        ("gãc r\u2019 = r; i\u2019 = i", False, "góc r\u2019 = r; i\u2019 = i"),  # 0x92: VN1's Ò, no "rÒ"
        ("\u201cKÕ ho¹ch\u201d \u2026", False, "\u201cKế hoạch\u201d \u2026"),
        ("kÕ ho¹ch \u2013 n¨m häc", True, "KẾ HOẠCH \u2013 NĂM HỌC"),
    ],
)
def test_windows_1252_punctuation_in_a_tcvn3_run_stays_punctuation(raw, capitals, expected):
    """Word stores a quote or dash typed into a .VnTime font as the Windows-1252 character, which
    VN1 reads as a capital: outside a syllable it is the punctuation the page shows."""
    assert legacy.decode(raw, "tcvn3", capitals=capitals) == expected


@pytest.mark.parametrize("encoding", ["tcvn3", "viscii"])
def test_capitals_on_windows_1252_positions_are_still_read_inside_words(encoding):
    """The same code points are letters where they make a syllable (VN1 and VISCII capitals)."""
    text = "ĐỘC LẬP – THÀNH PHỐ “ĐẠI HỌC”"
    encoded = "".join(
        bytes([ord(c)]).decode("cp1252", errors="ignore") or c if 0x80 <= ord(c) < 0xA0 else c
        for c in legacy.encode(text, encoding)
    )
    assert encoded != legacy.encode(text, encoding)  # some letters really are on 0x80-0x9F
    assert legacy.decode(encoded, encoding) == text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("HIØNH DAÏNG", "HÌNH DẠNG"), ("hiønh", "hình"), ("kieám", "kiếm"), ("KIÙ HIEÄU", "KÍ HIỆU"), ("tyû", "tỷ")],
)
def test_vni_toned_i_typed_as_a_base_and_a_mark(raw, expected):
    """VNI has single bytes for í ì ỉ ĩ ị, but a typist may put the tone mark byte after a plain
    ``i`` (the glyph draws the same): both are read."""
    assert legacy.decode(raw, "vni") == expected
