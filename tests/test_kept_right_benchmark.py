"""The counting of ``benchmarks/kept_right.py``: a page's changes, aligned word by word."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

PATH = Path(__file__).resolve().parents[1] / "benchmarks" / "kept_right.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("kept_right", PATH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        del sys.modules[spec.name]


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
