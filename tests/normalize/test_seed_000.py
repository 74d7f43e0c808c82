"""Seed 000 is clean, accented text: cleaning must leave it alone (never make good text worse).

The seed mixes decomposed (NFD) letters into its NFC text and has one real typo
(``vệ sinh sách sẽ`` for ``sạch sẽ``); those are the only changes a careful editor would make.
"""

from __future__ import annotations

import unicodedata

from viplan_ocr import clean
from viplan_ocr.evaluate import score


def test_clean_changes_almost_no_word_of_a_clean_plan(seeds):
    original = seeds["clean"].read_text(encoding="utf-8")
    result = score(clean(original), original)
    assert result.total > 800
    assert result.errors <= 2, result.mistakes


def test_clean_composes_the_decomposed_letters_of_the_seed(seeds):
    original = seeds["clean"].read_text(encoding="utf-8")
    assert not unicodedata.is_normalized("NFC", original)
    cleaned = clean(original)
    assert unicodedata.is_normalized("NFC", cleaned)
    assert "Giáo dục và Đào tạo" in cleaned
