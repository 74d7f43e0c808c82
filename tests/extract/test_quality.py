"""The measures routing relies on: syllable shape, diacritic share, garbage."""

from __future__ import annotations

import unicodedata

import pytest

from viplan_ocr.extract.quality import diacritic_share, garbage_reason, vietnamese_score
from viplan_ocr.vietnamese.syllables import reads_as_syllable as is_syllable


@pytest.mark.parametrize("word", ["Nghiêng", "khuyết", "TRƯỜNG", "Quyết", "giữa", "ươn", "Đào", "oanh", "thuở"])
def test_vietnamese_syllables(word):
    assert is_syllable(word)


@pytest.mark.parametrize("word", ["hoỰch", "Chirong", "plan", "xyz", "tiếế", "hoạcháá", "đượcc", "KHUBND"])
def test_non_syllables(word):
    assert not is_syllable(word)


def test_decomposed_input_is_judged_like_composed():
    assert is_syllable(unicodedata.normalize("NFD", "nghiệp"))


def test_plan_text_reads_as_vietnamese(seeds):
    text = seeds["clean"].read_text(encoding="utf-8")
    assert vietnamese_score(text) > 0.85
    assert 0.5 < diacritic_share(text) < 0.9


def test_english_engine_ocr_does_not(seeds):
    """Seed 004 is what an English OCR engine left of a Vietnamese plan."""
    text = seeds["ocr"].read_text(encoding="utf-8")
    assert diacritic_share(text) < 0.2


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Kế hoạch \ufffd\ufffd\ufffd số \ufffd\ufffd/KH", "replacement characters"),
        ("\ue001\ue002\ue003 \ue004\ue005 hoạch", "private-use"),
        ("¤¦§¨ª«¬®¯±²³µ¶·¸¹º¼½¾", "mostly symbols"),
        ("   \n\t ", "no text"),
    ],
)
def test_garbage_reasons(text, reason):
    assert reason in (garbage_reason(text) or "")


@pytest.mark.parametrize(
    "text",
    ["Kế hoạch số 496/KH-PGDĐT ngày 15/4/2021", "Tỷ lệ đạt 99,5% (năm 2025)", "1.234.567 đồng", "- a) b) c)"],
)
def test_real_text_is_not_garbage(text):
    assert garbage_reason(text) is None
