"""The built lexicon: the split rule, the files, and the model's preferences."""

from __future__ import annotations

import numpy as np

from viplan_ocr.lexicon import ID_BITS, RARE_HISTORY, _find, is_held_out, key_filter, model
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


def test_ngram_scores_follow_the_back_off_formula() -> None:
    """Stored n-grams score as stored, the rest back off (trigram -> bigram -> unigram), each
    direction on its own: the formula written out with ``np.where``, over stored and absent keys."""
    lm = model()
    rng = np.random.default_rng(7)
    mask = (1 << ID_BITS) - 1
    stored = lm.trigram_keys[rng.integers(0, len(lm.trigram_keys), 3000)]
    a = np.concatenate([stored >> (2 * ID_BITS), rng.integers(0, len(lm.ids), 3000)])
    b = np.concatenate([(stored >> ID_BITS) & mask, rng.permutation((stored >> ID_BITS) & mask)])
    c = np.concatenate([stored & mask, rng.permutation(stored & mask)])
    fwd, bwd = lm.forward, lm.backward

    def bigram(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        found, index = _find(lm.bigram_keys, lm.bigram_filter, (x << ID_BITS) | y)
        forward = np.where(found, fwd.bigram_logp[index], fwd.unigram_gamma[x] + lm.unigram[y])
        backward = np.where(found, bwd.bigram_logp[index], bwd.unigram_gamma[y] + lm.unigram[x])
        return found, index, forward + backward

    found_left, index_left, _ = bigram(a, b)
    found_right, index_right, expected_bigram = bigram(b, c)
    assert found_right.any() and not found_right.all()
    assert lm.bigram(b, c).tolist() == expected_bigram.tolist()
    found, index = _find(lm.trigram_keys, lm.trigram_filter, (((a << ID_BITS) | b) << ID_BITS) | c)
    fwd_gamma = np.where(found_left, fwd.bigram_gamma[index_left], RARE_HISTORY)
    bwd_gamma = np.where(found_right, bwd.bigram_gamma[index_right], RARE_HISTORY)
    fwd_lower = np.where(found_right, fwd.bigram_logp[index_right], fwd.unigram_gamma[b] + lm.unigram[c])
    bwd_lower = np.where(found_left, bwd.bigram_logp[index_left], bwd.unigram_gamma[b] + lm.unigram[a])
    expected = np.where(found, fwd.trigram_logp[index], fwd_gamma + fwd_lower) + np.where(
        found, bwd.trigram_logp[index], bwd_gamma + bwd_lower
    )
    assert lm.trigram(a, b, c).tolist() == expected.tolist()


def test_every_stored_trigram_has_both_its_bigrams_stored() -> None:
    """Model.trigram looks for a trigram only where both its bigrams are stored."""
    lm = model()
    keys = lm.trigram_keys
    assert np.isin(keys >> ID_BITS, lm.bigram_keys).all()
    assert np.isin(keys & ((1 << (2 * ID_BITS)) - 1), lm.bigram_keys).all()
