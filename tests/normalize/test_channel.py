"""The OCR channel: which readings a damaged token gets, and how a document is judged."""

from __future__ import annotations

import heapq
import math
import random
from pathlib import Path

import pytest
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from viplan_ocr.lexicon import model
from viplan_ocr.normalize import channel as channel_module
from viplan_ocr.normalize import clean
from viplan_ocr.normalize.channel import (
    ACCENTED,
    BEAM,
    FEW_WORDS,
    FUZZY_LIMIT,
    VIETNAMESE_ONLY,
    VIETNAMESE_ONLY_CHARS,
    Mix,
    _inverse_moves,
    _known,
    _letter_logp,
    _letter_logps,
    _ocr_guesses,
    _prefix_children,
    abbreviation_for,
    candidates,
    document_mix,
    letter_channel,
    ocr_probability,
)
from viplan_ocr.vietnamese.syllables import is_syllable, strip_accents

OCR = Mix(stripped=0.6, ocr=0.4, trust_accents=False)


def words(text: str) -> list[str]:
    return [m.group() for m in channel_module.DAMAGED_OR_TOKEN.finditer(text) if m.lastgroup in ("word", "damaged")]


@pytest.mark.parametrize(
    ("damaged", "meant"),
    [("hgc", "học"), ("s6", "số"), ("Chirong", "chương"), ("dugc", "được"), ("tarn", "tâm"), ("B6", "bổ")],
)
def test_damaged_tokens_get_the_meant_syllable(damaged: str, meant: str, seeds: dict[str, Path]) -> None:
    assert damaged in seeds["ocr"].read_text(encoding="utf-8")
    readings = [c.text for c in candidates(damaged, damaged.lower(), OCR)]
    assert meant in readings


def test_learned_channel_prefers_real_confusions() -> None:
    assert ocr_probability("hgc", "học") > 10 * ocr_probability("hgc", "hắc")
    assert ocr_probability("chirong", "chương") > ocr_probability("chirong", "chuông")


def test_documents_are_told_apart(seeds: dict[str, Path]) -> None:
    clean = seeds["clean"].read_text(encoding="utf-8")
    damaged = seeds["ocr"].read_text(encoding="utf-8")
    assert document_mix(words(clean)).trust_accents
    assert document_mix(words(damaged)).ocr >= 0.1
    assert document_mix(words(strip_accents(clean))).ocr < 0.05


def test_abbreviations_get_their_d_with_stroke() -> None:
    assert abbreviation_for("sgddt") == "sgdđt"
    assert abbreviation_for("gd&dt") == "gd&đt"
    assert abbreviation_for("ubnd") is None


def test_vietnamese_engine_misreadings_get_readings() -> None:
    """Tesseract ``vie`` output the issue names: a wrong letter, a doubled mark."""
    assert "đảm" in [c.text for c in candidates("đảni", "đảni", ACCENTED)]
    assert "giáo" in [c.text for c in candidates("giáó", "giáó", ACCENTED)]
    assert clean("Các trường đảni bảo chất lượng giáo dục.") == "Các trường đảm bảo chất lượng giáo dục."


STRIPPED_MIX = Mix(stripped=1.0, ocr=0.0, trust_accents=False)
OCR_MIX = Mix(stripped=0.5, ocr=0.5, trust_accents=False)


@pytest.mark.parametrize("token", ["KH&CN", "KH&DT", "GD&DT", "VH&TT", "NN&PTNT", "TT&TT"])
@pytest.mark.parametrize("mix", [ACCENTED, STRIPPED_MIX, OCR_MIX])
def test_abbreviations_joined_by_an_ampersand_stay_abbreviations(token, mix) -> None:
    """``&`` between capitals joins two names' letters (``Sở KH&ĐT``): no reading of the token
    is a syllable (``KH&DT`` was read ``khát``), only the token or its ``Đ`` form."""
    readings = [c.text for c in candidates(token, token.lower(), mix)]
    assert token.lower() in readings
    assert all("&" in reading for reading in readings), readings


@pytest.mark.parametrize("line", ["So KH&CN tinh Quang Nam", "So KH&DT tinh Quang Nam", "Vien KH&CN Viet Nam"])
def test_an_ampersand_abbreviation_survives_cleaning(line) -> None:
    assert line.split()[1] in clean(line).replace("Đ", "D")


@pytest.mark.parametrize("engine", ["eng", "vie"])
def test_letter_alignments_together_equal_one_by_one(engine: str) -> None:
    """The batched alignment gives every word exactly the float the one-word loop gives."""
    rng = random.Random(7)
    words = sorted(_known()[0])
    noise = "abcdeghiklmnopqrstuvxy0123456§€&'"
    for _ in range(60):
        read = "".join(rng.choice(noise) for _ in range(rng.randint(0, 7)))
        # and letters no channel has seen (``ж``): the row every unknown letter shares
        trues = [*rng.sample(words, rng.randint(FEW_WORDS, 40)), "x" * rng.randint(0, 2), "fwжz"[: rng.randint(1, 4)]]
        assert _letter_logps(read, trues, engine) == [_letter_logp(read, true, engine) for true in trues]


def test_syllable_key_screen_drops_no_syllable() -> None:
    """:func:`_known` screens accent-free keys first; it must keep every seen syllable."""
    everything = frozenset(w for forms in model().surfaces.values() for w, n in forms if n > 0 and is_syllable(w))
    assert _known()[0] == everything


def test_vietnamese_only_letters_are_the_ones_the_pattern_matches() -> None:
    """document_mix looks words up in VIETNAMESE_ONLY_CHARS: exactly the characters the
    case-insensitive pattern matches, over all of Unicode."""
    matched = {chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000 and VIETNAMESE_ONLY.fullmatch(chr(i))}
    assert matched == VIETNAMESE_ONLY_CHARS


@pytest.mark.parametrize("engine", ["eng", "vie"])
def test_the_letter_beam_keeps_what_a_plain_expansion_keeps(engine: str) -> None:
    """The beam of readings walks the shorter of a prefix's letters and a position's readings,
    and sorts instead of heapq.nlargest: the guesses are those of growing every prefix by every
    letter and keeping the BEAM best, in the same order."""
    words = _known()[0]
    children = _prefix_children()

    def plain(read: str) -> list[str]:
        moves = _inverse_moves(read, engine)
        beam: list[tuple[float, int, str]] = [(0.0, 0, "")]
        complete: dict[str, float] = {}
        for _ in range(len(read) + 3):
            expanded = []
            for logp, j, prefix in beam:
                if j == len(read) and prefix in words:
                    complete[prefix] = max(complete.get(prefix, -math.inf), logp)
                for letter, grown in children.get(prefix, {}).items():
                    for end, step in moves[j].get(letter, ()):
                        expanded.append((logp + step, end, grown))
            if not expanded:
                break
            beam = heapq.nlargest(BEAM, expanded)
        return list(dict.fromkeys([*letter_channel(engine).seen_for.get(read, []), *complete]))

    rng = random.Random(5)
    noise = "abcdeghiklmnopqrstuvxy0123456§€&'"
    reads = ["hgc", "Chirong", "s6", "truong", "nguoi", "vai", "boat", ""]
    reads += ["".join(rng.choice(noise) for _ in range(rng.randint(1, 7))) for _ in range(40)]
    for read in reads:
        assert _ocr_guesses(read, engine) == plain(read)


@pytest.mark.parametrize("engine", ["eng", "vie"])
def test_inverse_moves_shared_between_tokens_are_each_token_s_own(engine: str) -> None:
    """A position's moves are worked out once per next characters and shared between tokens:
    each token still gets exactly what working them out for it alone gives."""
    inverse = letter_channel(engine).inverse

    def plain(read: str) -> list[dict[str, list[tuple[int, float]]]]:
        moves = []
        for j in range(len(read) + 1):
            here: dict[str, list[tuple[int, float]]] = {}
            for k in range(min(3, len(read) - j) + 1):
                for letter, step in inverse.get(read[j : j + k], ()):
                    here.setdefault(letter, []).append((j + k, step))
            moves.append(here)
        return moves

    rng = random.Random(11)
    noise = "abcdeghiklmnopqrstuvxy0123456§€&'"
    reads = ["hgc", "thong", "trong", "Chirong", "s6", ""]
    reads += ["".join(rng.choice(noise) for _ in range(rng.randint(1, 8))) for _ in range(200)]
    for read in reads:
        assert _inverse_moves(read, engine) == plain(read)


def test_fuzzy_neighbours_among_keys_of_near_length_are_those_among_all_keys() -> None:
    """rapidfuzz is asked only about keys whose length is within the edit limit: the
    neighbours, and their order, are those it finds among all the keys."""
    forms = channel_module._fuzzy_forms()

    def plain(read: str) -> list[str]:
        key = strip_accents(read)
        limit = 1 if len(key) < 5 else 2
        found = process.extract(
            key, channel_module._fuzzy_keys(), scorer=Levenshtein.distance, score_cutoff=limit, limit=FUZZY_LIMIT
        )
        return [w for near, _score, _index in found for w in forms[near]]

    rng = random.Random(13)
    noise = "abcdeghiklmnopqrstuvxy0123456§€&'"
    reads = ["boat", "Boi", "thong", "nguoi", "a", "", "nghieng", "truong"]
    reads += [rng.choice(channel_module._fuzzy_keys()) for _ in range(100)]
    reads += ["".join(rng.choice(noise) for _ in range(rng.randint(1, 9))) for _ in range(300)]
    for read in reads:
        assert channel_module._fuzzy_neighbours(read) == plain(read)


def _readings(token: str, mix: Mix) -> list[tuple[str, float, str]]:
    """A token's candidates as plain tuples, computed afresh (the caches emptied first)."""
    candidates.cache_clear()
    channel_module._candidates.cache_clear()
    return [(c.text, c.cost, c.reason) for c in candidates(token, token.lower(), mix)]


def test_only_a_common_syllable_in_plain_letters_loses_its_neighbours(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An OCR token in plain letters that spell a syllable seen COMMON_LETTERS times or more
    gets its readings without the rapidfuzz neighbours; every other token (starting with a
    capital B or D, with an engine's Latin-1 mark, a rare spelling, digits, no syllable) gets
    exactly what it got before the rule, neighbours included."""
    surfaces = model().surfaces
    rng = random.Random(3)
    keys = sorted(k for k in surfaces if 3 <= len(k) <= 6 and k.isalpha() and k.isascii())
    tokens = [
        *rng.sample(keys, 60),
        "thuc",
        "hoat",
        "boat",
        "npi",
        "ném",
        "Boi",
        "BOI",
        "s6",
        "h6i",
        "truong",
        "Doi",
        "Thuc",
    ]
    tokens += [t.capitalize() for t in tokens[:20]]
    now = {t: _readings(t, OCR) for t in tokens}
    common_letters = channel_module.COMMON_LETTERS
    monkeypatch.setattr(channel_module, "COMMON_LETTERS", 10**12)  # the rule off: every token's neighbours
    before = {t: _readings(t, OCR) for t in tokens}
    changed = set()
    for token in tokens:
        forms = surfaces.get(strip_accents(token.lower()), [])
        total = sum(n for _, n in forms)
        common = any(n >= channel_module.MIN_SHARE * total and n > 0 and is_syllable(w) for w, n in forms)
        if token[:1] not in "BD" and token.isascii() and token.isalpha() and total >= common_letters and common:
            assert not any(reason == "fuzzy" for _, _, reason in now[token]), token
            changed.add(token)
        else:
            assert now[token] == before[token], token
    assert {"thuc", "hoat", "truong", "Thuc"} <= changed
    assert not {"boat", "Boi", "BOI", "Doi"} & changed  # rare letters; a capital B or D may be a Đ
    assert any(reason == "fuzzy" for _, _, reason in before["thuc"])  # the rule took some away
    assert "hoạt" in [text for text, _, _ in now["boat"]] and "đổi" in [text for text, _, _ in now["Boi"]]


def test_junk_swallowed_by_one_letter_costs_more_than_a_misread_letter() -> None:
    """One letter read as three characters nobody saw it read as (``c`` read ``cir``) is dearer
    than a letter read as two: ``cirang`` is ``cường`` (``ư`` read ``ir``, as the engine
    does), far likelier than ``càng`` with junk after its ``c``."""
    assert _letter_logp("cirang", "cường") > _letter_logp("cirang", "càng") + 4.0
