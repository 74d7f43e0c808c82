"""The built lexicon and language model in ``lexicons/``, loaded once, lazily.

``scripts/build_lexicon.py`` writes the files; this module reads them. Nothing is read at
import time: the first call to :func:`model` loads everything (well under a second) and caches
it for the life of the process. The files live at ``viplan_ocr/lexicons`` inside an installed
wheel and at ``<repo>/lexicons`` in a source checkout or editable install.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache

import numpy as np

from viplan_ocr.resources import lexicon_dir, lexicon_rows
from viplan_ocr.vietnamese.syllables import strip_accents
from viplan_ocr.vietnamese.tokens import SPECIAL

#: Bits per symbol id in a packed n-gram key (``a << 21 | b``): room for two million symbols.
ID_BITS = 21
#: One quantisation step of a stored log-probability, in nats.
QUANT_STEP = 0.1
#: n-grams seen fewer times than these are not stored (the model backs off instead).
BIGRAM_MIN_COUNT = 2
TRIGRAM_MIN_COUNT = 2
#: Absolute discount subtracted from every n-gram count (Kneser-Ney's usual 0.75).
DISCOUNT = 0.75
#: Back-off weight of a history too rare to be stored (seen once, one continuation).
RARE_HISTORY = float(np.log(DISCOUNT))
#: Split rule: the SHA-1 of a document's ``#####`` path, modulo this, is 0 for the test split
#: (measured by the benchmark, never looked at while tuning) and 1 for the dev split (tuning).
SPLIT_MODULUS = 16
#: A key filter has 2**KEY_FILTER_BITS bits (2 MB per table); the model's two million trigram
#: keys set one in eight of them, so seven lookups in eight of an absent key stop there.
KEY_FILTER_BITS = 24
#: Multiplier of the filter's hash (Fibonacci hashing: 2**64 over the golden ratio, odd).
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


def split_of(path: str) -> str:
    """``"test"``, ``"dev"`` or ``"train"``: the split of a corpus document, by its ``#####`` path.

    Whole documents, never lines: a test line's neighbours must not be in training either.

    >>> split_of("van-ban/giao-duc-dao-tao.md"), split_of("van-ban/giao-duc-dao-tao/giao-duc.md")
    ('test', 'train')
    """
    bucket = int(hashlib.sha1(path.encode("utf-8")).hexdigest(), 16) % SPLIT_MODULUS
    return {0: "test", 1: "dev"}.get(bucket, "train")


def is_held_out(path: str) -> bool:
    """Whether a corpus document is kept out of training (the dev and test splits).

    >>> is_held_out("van-ban/giao-duc-dao-tao/1255-2026-qd-ttg-xa-hoi-hoa-giao-duc.md")
    True
    """
    return split_of(path) != "train"


@dataclass(frozen=True, slots=True)
class Tables:
    """One direction of the n-gram model: log-probabilities and back-off weights."""

    unigram_gamma: np.ndarray
    bigram_logp: np.ndarray
    bigram_gamma: np.ndarray
    trigram_logp: np.ndarray


@dataclass(frozen=True, slots=True)
class Model:
    """Symbol ids, candidate surfaces and n-gram tables, ready for the decoder.

    The n-gram model is read both ways: ``forward`` holds P(c | a b), ``backward`` P(a | b c)
    over the same keys. A window ``a b c`` scores the sum, so a restored word must fit the
    words after it as well as those before it.
    """

    ids: dict[str, int]
    #: accent-free key -> [(surface, count)], most frequent first
    surfaces: dict[str, list[tuple[str, int]]]
    unigram: np.ndarray
    bigram_keys: np.ndarray
    trigram_keys: np.ndarray
    #: :func:`key_filter` of ``bigram_keys`` and ``trigram_keys``
    bigram_filter: np.ndarray
    trigram_filter: np.ndarray
    forward: Tables
    backward: Tables
    #: log of how many rare words share the ``<unk>`` symbol: the model's P(<unk>) is theirs
    #: together, so one particular unknown word is this much less likely.
    unknown_share: float
    #: symbol -> how often the training text writes it capitalised inside a sentence (``bộ``
    #: 62,754 times, ``bổ`` 11); words written so fewer than three times are not there
    capitalised: dict[str, int] = field(default_factory=dict)
    #: the shapes of letter runs with digits (``channel.code_shape``: ``QH0`` for ``QH14``) that
    #: the training text writes five times or more (``build_lexicon.CODE_MIN_COUNT``), and how
    #: often (``QH0`` 15,770 times, ``m0`` 3,824)
    codes: dict[str, int] = field(default_factory=dict)

    def symbol_id(self, symbol: str) -> int:
        """The id of a language-model symbol, 0 (``<unk>``) when unknown."""
        return self.ids.get(symbol, 0)

    def stored(self, *symbols: str) -> bool:
        """Whether the training text has these two or three language-model symbols in a row
        often enough for the model to store them (BIGRAM/TRIGRAM_MIN_COUNT times): evidence
        that people write them so. Never for an unknown symbol.

        >>> model().stored("cơ", "quan"), model().stored("sê", "-", "ri"), model().stored("cơ", "-", "quan")
        (True, True, False)
        """
        ids = [self.symbol_id(symbol) for symbol in symbols]
        if len(ids) not in (2, 3) or 0 in ids:
            return False
        key = 0
        for symbol_id in ids:
            key = (key << ID_BITS) | symbol_id
        keys, keys_filter = (
            (self.bigram_keys, self.bigram_filter) if len(ids) == 2 else (self.trigram_keys, self.trigram_filter)
        )
        return bool(_find(keys, keys_filter, np.array([key], dtype=np.int64))[0][0])

    def bigram(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """log P(b | a) + log P(a | b) for arrays of ids."""
        found, index = _find(self.bigram_keys, self.bigram_filter, (a << ID_BITS) | b)
        fwd = _backed_off(self.forward.unigram_gamma[a] + self.unigram[b], self.forward.bigram_logp, found, index)
        bwd = _backed_off(self.backward.unigram_gamma[b] + self.unigram[a], self.backward.bigram_logp, found, index)
        return fwd + bwd

    def bigram_at(self, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Where each bigram ``a b`` is stored: (found, index), as :meth:`trigram` takes them."""
        return _find(self.bigram_keys, self.bigram_filter, (a << ID_BITS) | b)

    def trigram(
        self,
        a: np.ndarray,
        b: np.ndarray,
        c: np.ndarray,
        left_at: tuple[np.ndarray, np.ndarray] | None = None,
        right_at: tuple[np.ndarray, np.ndarray] | None = None,
    ) -> np.ndarray:
        """log P(c | a b) + log P(a | b c) for arrays of ids.

        ``left_at`` and ``right_at``, when given, are :meth:`bigram_at` of ``a b`` and ``b c``:
        a caller whose windows overlap (each candidate in three of them) looks each bigram up
        once instead of once per window. The scores are the same either way.

        A trigram seen TRIGRAM_MIN_COUNT times had both its bigrams seen as often, so only
        windows whose two bigrams are stored are looked for among the trigrams: most windows
        of rival readings have a link nobody writes.
        """
        found_left, index_left = left_at if left_at is not None else self.bigram_at(a, b)
        found_right, index_right = right_at if right_at is not None else self.bigram_at(b, c)
        found = np.zeros(len(found_left), dtype=bool)
        index = np.zeros(len(found_left), dtype=np.intp)
        both = np.flatnonzero(found_left & found_right)
        key = (((a[both] << ID_BITS) | b[both]) << ID_BITS) | c[both]
        found[both], index[both] = _find(self.trigram_keys, self.trigram_filter, key)
        rare = np.full(len(found), RARE_HISTORY, dtype=self.forward.bigram_gamma.dtype)
        bwd_gamma = _backed_off(rare.copy(), self.backward.bigram_gamma, found_right, index_right)
        fwd_gamma = _backed_off(rare, self.forward.bigram_gamma, found_left, index_left)
        fwd_lower = _backed_off(
            self.forward.unigram_gamma[b] + self.unigram[c], self.forward.bigram_logp, found_right, index_right
        )
        bwd_lower = _backed_off(
            self.backward.unigram_gamma[b] + self.unigram[a], self.backward.bigram_logp, found_left, index_left
        )
        fwd = _backed_off(fwd_gamma + fwd_lower, self.forward.trigram_logp, found, index)
        bwd = _backed_off(bwd_gamma + bwd_lower, self.backward.trigram_logp, found, index)
        return fwd + bwd


def _backed_off(lower: np.ndarray, stored: np.ndarray, found: np.ndarray, index: np.ndarray) -> np.ndarray:
    """``lower`` (the back-off scores, overwritten) with the ``stored`` score put in wherever an
    n-gram was ``found``: ``np.where(found, stored[index], lower)``, without gathering ``stored``
    at every query when a few in twenty are found."""
    hit = np.flatnonzero(found)
    lower[hit] = stored[index[hit]]
    return lower


def _find(keys: np.ndarray, keys_filter: np.ndarray, query: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Which of ``query`` are among the sorted ``keys``, and where (0 where not).

    Most of what the decoder asks for is absent (pairs of rival readings nobody writes): the
    filter turns those away at one look each, and only the rest pay for a binary search. Those
    are searched in sorted order: numpy's binary search starts each key where the last one
    ended, and consecutive keys walk the same cached part of the table (half the time on the
    two million trigram keys, the sort included).
    """
    found = np.zeros(len(query), dtype=bool)
    index = np.zeros(len(query), dtype=np.intp)
    maybe = np.flatnonzero(_may_hold(keys_filter, query))
    asked = query[maybe]
    order = np.argsort(asked)
    at = np.empty(len(asked), dtype=np.intp)
    at[order] = np.searchsorted(keys, asked[order])
    at[at == len(keys)] = 0
    found[maybe] = keys[at] == asked
    index[maybe] = at
    return found, index


def key_filter(keys: np.ndarray) -> np.ndarray:
    """A table of 2**KEY_FILTER_BITS bits (packed eight to a byte), set at each key's hash: a
    query whose bit is unset is no key (a set one may or may not be)."""
    flags = np.zeros(1 << KEY_FILTER_BITS, dtype=bool)
    flags[_key_hash(keys)] = True
    return np.packbits(flags, bitorder="little")


def _may_hold(keys_filter: np.ndarray, query: np.ndarray) -> np.ndarray:
    """Whether each of ``query`` may be a key: its bit in the :func:`key_filter` is set."""
    at = _key_hash(query)
    return ((keys_filter[at >> np.uint64(3)] >> (at & np.uint64(7)).astype(np.uint8)) & 1).astype(bool)


def _key_hash(keys: np.ndarray) -> np.ndarray:
    """Where a packed n-gram key falls in a :func:`key_filter` (its top bits once multiplied)."""
    return (keys.astype(np.uint64) * _GOLDEN) >> np.uint64(64 - KEY_FILTER_BITS)


@cache
def model() -> Model:
    """Load the lexicon and language model (once per process)."""
    folder = lexicon_dir()
    vocab = (folder / "vocab.txt").read_text(encoding="utf-8").split("\n")[:-1]
    assert tuple(vocab[: len(SPECIAL)]) == SPECIAL, "lexicons/vocab.txt does not start with the special symbols"
    surfaces: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for word, count in lexicon_rows("surfaces.tsv"):
        surfaces[strip_accents(word)].append((word, int(count)))
    with np.load(folder / "lm.npz") as tables:
        step = np.float32(-QUANT_STEP)

        def direction(suffix: str) -> Tables:
            return Tables(
                unigram_gamma=tables[f"unigram_gamma{suffix}"],
                bigram_logp=tables[f"bigram{suffix}_q"].astype(np.float32) * step,
                bigram_gamma=tables[f"bigram_gamma{suffix}_q"].astype(np.float32) * step,
                trigram_logp=tables[f"trigram{suffix}_q"].astype(np.float32) * step,
            )

        bigram_keys, trigram_keys = tables["bigram_keys"], tables["trigram_keys"]
        return Model(
            ids={s: i for i, s in enumerate(vocab)},
            surfaces=dict(surfaces),
            unigram=tables["unigram"],
            bigram_keys=bigram_keys,
            trigram_keys=trigram_keys,
            bigram_filter=key_filter(bigram_keys),
            trigram_filter=key_filter(trigram_keys),
            forward=direction(""),
            backward=direction("_back"),
            unknown_share=-float(np.log(max(int(tables["unknown_types"]), 1))),
            capitalised={word: int(count) for word, count in lexicon_rows("capitalised.tsv")},
            codes={shape: int(count) for shape, count in lexicon_rows("codes.tsv")},
        )
