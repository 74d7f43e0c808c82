"""The built lexicon: the split rule, the files, and the model's preferences."""

from __future__ import annotations

import numpy as np

from viplan_ocr.lexicon import _find, is_held_out, key_filter, model
from viplan_ocr.resources import lexicon_dir


def test_held_out_rule_is_by_whole_document() -> None:
    assert is_held_out("van-ban/giao-duc-dao-tao.md")
    assert not is_held_out("van-ban/giao-duc-dao-tao/giao-duc.md")


def test_files_are_compact() -> None:
    total = sum(p.stat().st_size for p in lexicon_dir().iterdir())
    assert total < 40_000_000


def test_surfaces_offer_accented_forms() -> None:
    forms = [w for w, _ in model().surfaces["truong"]]
    assert forms[:2] == ["trường", "trưởng"]
    assert "gdđt" in [w for w, _ in model().surfaces["gddt"]]


def test_model_prefers_real_phrases() -> None:
    lm = model()
    ids = lm.symbol_id
    a = np.array([ids("giáo"), ids("giáo")])
    b = np.array([ids("dục"), ids("duệ")])
    good, bad = lm.bigram(a, b)
    assert good > bad
    c = np.array([ids("hành"), ids("hành")])
    d = np.array([ids("động"), ids("đồng")])
    tri = lm.trigram(np.array([ids("chương")] * 2), c, d)
    assert tri[0] > tri[1]


def test_filtered_lookup_finds_what_a_binary_search_finds() -> None:
    """The key filter only saves work: every key is found where it is, and nothing else."""
    rng = np.random.default_rng(3)
    keys = np.unique(rng.integers(0, 1 << 62, 50_000))
    query = np.concatenate([rng.choice(keys, 20_000), rng.integers(0, 1 << 62, 20_000), keys[:1] - 1, keys[-1:] + 1])
    found, index = _find(keys, key_filter(keys), query)
    assert (found == np.isin(query, keys)).all()
    assert (keys[index[found]] == query[found]).all()
    lm = model()
    pairs = lm.bigram_keys[rng.integers(0, len(lm.bigram_keys), 1000)]
    assert _find(lm.bigram_keys, lm.bigram_filter, pairs)[0].all()
