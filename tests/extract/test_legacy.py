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
