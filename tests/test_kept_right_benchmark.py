"""The counting of ``benchmarks/kept_right.py``: a page's changes, aligned word by word."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def bench(load_script):
    return load_script("benchmarks/kept_right.py")


def test_a_page_read_at_one_confidence_holds_every_word_with_it(bench):
    document = bench.scan(["Các cơ quan thực hiện", "Em Tú đạt giải nhất"], 80.0)
    words = [word for line in document.pages[0].lines for word in line.words]
    assert [w.text for w in words] == "Các cơ quan thực hiện Em Tú đạt giải nhất".split()
    assert {w.confidence for w in words} == {80.0}


def test_changes_are_counted_as_runs_of_words_read_and_written(bench):
    words, found = bench.changes(["Các cơ quan thưc hiện nghiêm túc kế hoạch này"], 96.0)
    assert words == 10
    assert found == {("thưc", "thực"): 1}  # a marked word no syllable spells: mended
    assert bench.changes(["Các cơ quan thực hiện nghiêm túc kế hoạch này"], 96.0)[1] == {}
