"""The lexicon build's treatment of its training text, on sequences made here."""

from __future__ import annotations

import numpy as np
import pytest

from viplan_ocr.vietnamese.tokens import SPECIAL


@pytest.fixture(scope="module")
def build(load_script):
    return load_script("scripts/build_lexicon.py")


def sequence(symbols: list[str], lines: list[str]) -> np.ndarray:
    """Lines of space-separated symbols as the build's id sequence (``<s> ... </s>`` each)."""
    ids = {s: i for i, s in enumerate(symbols)}
    out = []
    for line in lines:
        out += [ids["<s>"], *(ids[w] for w in line.split()), ids["</s>"]]
    return np.array(out, dtype=np.int32)


def pairs_of(seq: np.ndarray, symbols: list[str]) -> set[tuple[str, str]]:
    return {(symbols[a], symbols[b]) for a, b in zip(seq[:-1].tolist(), seq[1:].tolist(), strict=True)}


def test_a_pair_far_rarer_than_another_spelling_is_cut_apart_and_the_line_kept(build) -> None:
    """``các tô chức`` written once against ``các tổ chức`` more than MISPRINT_RATIO times is a
    scan's misprint: no n-gram holds ``tô`` beside those words any more, while the line's other
    pairs and a rarer spelling that is not rare enough (``có quan`` against ``cơ quan``, a
    hundred to one) still count."""
    symbols = [*SPECIAL, "tổ", "tô", "chức", "các", "cơ", "có", "quan", "tỉnh"]
    common = ["các tổ chức tỉnh"] * (build.MISPRINT_RATIO + 1) + ["các cơ quan tỉnh"] * 100
    seq = sequence(symbols, [*common, "có quan tỉnh", "các tô chức tỉnh"])
    kept, cut = build.without_misprints(seq, symbols)
    assert cut == 2
    found = pairs_of(kept, symbols)
    assert ("các", "tô") not in found and ("tô", "chức") not in found
    assert {("chức", "tỉnh"), ("có", "quan"), ("tổ", "chức")} <= found
    tail = [symbols[i] for i in kept[-10:].tolist()]
    assert tail == ["<s>", "các", "</s>", "<s>", "tô", "</s>", "<s>", "chức", "tỉnh", "</s>"]
    assert len(kept) == len(seq) + 4  # two </s> <s> put in, nothing gone


def test_a_rare_pair_with_other_marks_is_a_word_of_its_own(build) -> None:
    """``lũy kế từ`` beside the far commoner ``kể từ``, ``của cồn`` beside ``của con``: no
    scan loses a mark into another one or adds one, so these pairs stay, however rare; and a
    word beside a comma is no pair of words (``cao su ,`` beside ``sự ,``)."""
    symbols = [*SPECIAL, "kể", "kế", "từ", "lũy", "của", "con", "cồn", "sự", "su", "cao", "bao", ","]
    common = ["kể từ", "của con", "sự ,"] * (build.MISPRINT_RATIO + 1)
    seq = sequence(symbols, [*common, "lũy kế từ", "của cồn", "bao cao su ,"])
    kept, cut = build.without_misprints(seq, symbols)
    assert cut == 0 and np.array_equal(kept, seq)


def test_a_pair_as_common_as_its_rival_is_no_misprint(build) -> None:
    symbols = [*SPECIAL, "chỉ", "chi", "tiêu"]
    seq = sequence(symbols, ["chỉ tiêu"] * 30 + ["chi tiêu"] * 10)
    kept, cut = build.without_misprints(seq, symbols)
    assert cut == 0 and np.array_equal(kept, seq)
