"""Restoration on real text: the damaged seed plan, and held-out corpus documents."""

from __future__ import annotations

import gc
import gzip
import json
from pathlib import Path

import numpy as np
import pytest

from viplan_ocr.document import Change, Document, Line, Page, PageSource, Word, apply_changes
from viplan_ocr.lexicon import Model, is_held_out, model
from viplan_ocr.normalize import CleanConfig, channel, clean
from viplan_ocr.normalize import restore as restore_module
from viplan_ocr.normalize.restore import (
    PRUNE_KEEP,
    PRUNE_MARGIN,
    SUPPORT_TOP,
    _changed_lines,
    _chunks,
    _in_capitals,
    _kinds,
    _likeliest_first,
    _neighbour_pairs,
    _prune,
    _with_neighbours,
    restore,
)
from viplan_ocr.vietnamese.layout import CAPITALS_SHARE
from viplan_ocr.vietnamese.syllables import strip_accents
from viplan_ocr.vietnamese.tokens import TOKEN

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
#: A held-out document (never trained on): the education chapter of the legal codification.
HELD_OUT_FILE = SHARED / "corpus" / "legal" / "giao-duc-dao-tao.md.txt.gz"


def held_out_lines(limit: int) -> list[str]:
    """Prose lines (long, mostly letters) of the held-out education document."""
    lines, name = [], ""
    with gzip.open(HELD_OUT_FILE, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("##### "):
                name = line[6:].strip()
                continue
            text = line.strip()
            if is_held_out(name) and len(text) > 80 and not text.startswith(("#", "|")):
                lines.append(text)
            if len(lines) == limit:
                break
    assert is_held_out(name), "the test document must come from the held-out split"
    return lines


def syllable_accuracy(predicted: str, truth: str) -> float:
    """Share of whitespace-separated words restored exactly."""
    pairs = list(zip(predicted.split(), truth.split(), strict=True))
    return sum(p == t for p, t in pairs) / len(pairs)


def test_stripped_held_out_text_is_restored() -> None:
    truth = "\n".join(held_out_lines(60))
    restored = clean(strip_accents(truth), reflow=False, noise=False)
    assert syllable_accuracy(restored, truth) >= 0.97


@pytest.mark.parametrize(
    ("damaged", "expected"),
    [
        (
            "Thuc hien tot Luat Tre em, dam bao thuc hien cac quyen tre em, phat trien",
            "Thực hiện tốt Luật Trẻ em, đảm bảo thực hiện các quyền trẻ em, phát triển",
        ),
        ("I. MUC TIEU", "I. MỤC TIÊU"),
        ("II. NHIEM VU VA GIAI PHAP", "II. NHIỆM VỤ VÀ GIẢI PHÁP"),
        ("hoi phat trien binh dang cho moi tre em.", "hội phát triển bình đẳng cho mọi trẻ em."),
        (
            "xa hoi, phat huy toi da tiem nang cua tre; tao lap moi truong song an toan, lanh",
            "xã hội, phát huy tối đa tiềm năng của trẻ; tạo lập môi trường sống an toàn, lành",
        ),
    ],
)
def test_seed_004_lines(damaged: str, expected: str, seeds: dict[str, Path]) -> None:
    assert damaged in seeds["ocr"].read_text(encoding="utf-8")
    assert clean(damaged) == expected


def test_numbers_symbols_and_abbreviations_survive() -> None:
    text = "Nghi quyet so 19-NQ/TW ngay 25/10/2017, cac truong THCS va UBND quan Long Bien dat 99,5% (muc tieu)."
    out = clean(text)
    for kept in ("19-NQ/TW", "25/10/2017", "THCS", "UBND", "99,5%", "(", ")"):
        assert kept in out
    assert out == "Nghị quyết số 19-NQ/TW ngày 25/10/2017, các trường THCS và UBND quận Long Biên đạt 99,5% (mục tiêu)."


def test_case_pattern_is_kept() -> None:
    assert clean("KE HOACH\nKe hoach thuc hien") == "KẾ HOẠCH\nKế hoạch thực hiện"


def test_clean_is_idempotent_on_the_damaged_seed(seeds: dict[str, Path]) -> None:
    once = clean(seeds["ocr"].read_text(encoding="utf-8"))
    assert clean(once) == once


def test_accented_text_is_left_alone_but_for_a_sure_typo(seeds: dict[str, Path]) -> None:
    text = seeds["clean"].read_text(encoding="utf-8")
    out, changes = restore(text, CleanConfig())
    made = [(c.before, c.after) for c in changes if c.applied]
    assert made == [("sách", "sạch")]  # "vệ sinh sách sẽ": the plan's own typo for "sạch sẽ"
    assert "Bình Cang" in out  # a name written without accents is not touched


def test_changes_replay_to_the_output(seeds: dict[str, Path]) -> None:
    text = seeds["ocr"].read_text(encoding="utf-8")
    out, changes = restore(text, CleanConfig())
    assert changes
    assert apply_changes(text, changes) == out
    for change in changes:
        assert text[change.start : change.end] == change.before
        assert change.step == "restore"
        assert 0.0 <= change.confidence <= 1.0


def test_low_confidence_changes_are_recorded_not_made() -> None:
    text = "Ke hoach nam nay cua truong"
    out, changes = restore(text, CleanConfig(restore_min_confidence=1.0))
    unsure = [c for c in changes if c.confidence < 1.0]
    assert unsure and not any(c.applied for c in unsure)
    assert all(text[c.start : c.end] in out.split() for c in unsure)
    assert out.startswith("Kế hoạch")


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["eng", "vie", "vie-harsh"])
def test_clean_is_idempotent_on_ocr_output(engine: str) -> None:
    """Held-out lines as Tesseract read them (benchmarks/data, made by benchmarks/restore.py)."""
    cache = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / f"test-400-{engine}.jsonl"
    text = "\n".join(json.loads(row)["ocr"] for row in cache.read_text(encoding="utf-8").splitlines()[:150])
    once = clean(text)
    assert once != text
    assert clean(once) == once


def test_abbreviations_gain_their_d_with_stroke(seeds: dict[str, Path]) -> None:
    line = "Tong hop ket qua thuc hien bao cao ve So GD&DT theo quy dinh."
    assert line in seeds["ocr"].read_text(encoding="utf-8")
    assert clean(line) == "Tổng hợp kết quả thực hiện báo cáo về Sở GD&ĐT theo quy định."
    assert clean("Thuc hien Ke hoach so 342/KH-SGDDT cua Phong GDDT") == (
        "Thực hiện Kế hoạch số 342/KH-SGDĐT của Phòng GDĐT"
    )


def test_a_later_pass_suggesting_to_undo_a_word_keeps_it_in_the_changes() -> None:
    """A second pass that only *suggests* taking a word back must not drop the first pass's change:
    the changes must still replay the text (``the•`` was made ``thẻ•`` and stayed so)."""
    text = "1. the\u2022 tr\u00ecnh"
    out, changes = restore(text, CleanConfig())
    assert apply_changes(text, changes) == out
    assert any(c.before == "the" and c.applied for c in changes) == ("the" not in out)


@pytest.mark.parametrize(
    ("read", "kept"),
    [
        # the speck is the noise step's: a stop before a lowercase word goes, a glued one or a
        # hyphen the corpus never writes between the two words is a space again
        ("Đơn vị cung cấp dịch vụ sự nghiệp công thuộc phạm. vi quản lý.", "phạm vi quản"),
        ("Tài nguyên thông tin dùng-chung. và hợp tác trong xây dựng mục lục", "dùng chung và"),
        ("Mô hình quản lý khu du lịch quốc gia bao. gồm: các hình thức tổ chức", "gia bao gồm:"),
        ("Thông tin sai sự thật về lĩnh vực, địa bàn do.cơ quan mình quản lý", "bàn do cơ quan"),
        ("Cơ cấu tổ chức của dự án tài chính.vi mô.", "chính vi mô"),
    ],
)
def test_a_speck_read_as_a_stop_does_not_cut_the_sentence(read, kept):
    """A stop, colon or hyphen inside a sentence is read through: the words around it are chosen
    in their sentence (``phạm vi``), not as if one began after the mark."""
    assert kept in clean(read)


def test_stray_marks_are_read_through_in_unaccented_text_too():
    """Typed without accents, the stop is its author's and stays; the words around it are
    still chosen in their sentence."""
    text = "Don vi cung cap dich vu su nghiep cong thuoc pham. vi quan ly."
    typed = Document("plan.pdf", (Page(1, PageSource.TEXT_LAYER, (Line(text),)),))
    assert "phạm. vi quản lý" in clean(typed).text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Phó Hiệu truởng nhà trường", "Phó Hiệu trưởng nhà trường"),  # the horn of ư lost
        ("mọi nguời dân đều được hướng dẫn", "mọi người dân đều được hướng dẫn"),
        ("QUYÉT ĐỊNH", "QUYẾT ĐỊNH"),  # the circumflex under the acute lost
        ("chiến luợc phát triển giáo dục", "chiến lược phát triển giáo dục"),
        ("các đối tượng thủ hưỏng chính sách", "các đối tượng thụ hưởng chính sách"),  # ỏ for ở
    ],
)
def test_a_word_that_lost_or_misread_a_vowel_mark_gets_it_back(text: str, expected: str) -> None:
    """Accented but no syllable: the syllables of its letters with its tone are candidates,
    even where the learned channel never saw that misreading."""
    assert clean(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Tính tích vô hướng của hai vectơ",  # a loan word: no syllable of its letters
        "Cô ấy dệt tơ tằm ở quê",  # real words with other vowel marks are no misreading
        "CSDL ở û các địa điểm",  # a stray accented letter is no word to mend
    ],
)
def test_words_with_vowel_marks_that_are_no_misreading_are_left(text: str) -> None:
    assert clean(text) == text


@pytest.mark.parametrize(
    ("ocr", "want"),
    [
        (
            "Khung chuong trinh Ia van ban quy dinh vé tén, muc tiéu",
            "Khung chương trình là văn bản quy định về tên, mục tiêu",
        ),
        ("cac van ban quy pham phap Iuat c6 lién quan", "các văn bản quy phạm pháp luật có liên quan"),
    ],
)
def test_a_lowercase_l_read_as_a_capital_i_is_restored_lowercase(ocr, want):
    """A Latin engine reads ``l`` as ``I`` (``Ia``, ``Iuat``): the word is ``là``, ``luật``, no capital."""
    assert clean(ocr) == want


def test_neighbour_pairs_are_every_pair_of_consecutive_positions_in_order() -> None:
    rng = np.random.default_rng(5)
    for n in (1, 2, 3, 40):
        sizes = rng.integers(1, 9, n)
        starts = np.cumsum(sizes) - sizes
        expected = [
            (starts[p] + a, starts[p + 1] + b)
            for p in range(n - 1)
            for a in range(sizes[p])
            for b in range(sizes[p + 1])
        ]
        left, right = _neighbour_pairs(sizes)
        assert list(zip(left.tolist(), right.tolist(), strict=True)) == expected
        at = np.flatnonzero(rng.random(max(n - 1, 0)) < 0.5)
        left, right = _neighbour_pairs(sizes, at)
        owners = {starts[p] + a for p in at.tolist() for a in range(sizes[p])}
        chosen = [(a, b) for a, b in expected if a in owners]
        assert list(zip(left.tolist(), right.tolist(), strict=True)) == chosen


def test_neighbour_pairs_below_the_top_pair_only_with_the_top() -> None:
    """Ranked by ``order``, a pair is made where one of its two candidates is among its
    position's ``top`` first, each such pair once; with no candidate below the top, every pair."""
    rng = np.random.default_rng(7)
    for n, top in ((2, 1), (3, 2), (40, 3), (40, 12)):
        sizes = rng.integers(1, 9, n)
        starts = np.cumsum(sizes) - sizes
        position = np.repeat(np.arange(n), sizes)
        order = np.lexsort((rng.random(len(position)), position))  # a shuffle within each position
        rank = np.empty(len(order), dtype=np.int64)
        rank[order] = np.arange(len(order)) - starts[position[order]]
        every = [
            (starts[p] + a, starts[p + 1] + b)
            for p in range(n - 1)
            for a in range(sizes[p])
            for b in range(sizes[p + 1])
        ]
        expected = sorted((a, b) for a, b in every if rank[a] < top or rank[b] < top)
        left, right = _neighbour_pairs(sizes, None, order, top)
        made = list(zip(left.tolist(), right.tolist(), strict=True))
        assert sorted(made) == expected and len(made) == len(expected)
        if top >= sizes.max():
            assert len(made) == len(every)


def test_scores_with_neighbours_share_lookups_but_not_results() -> None:
    """Looking each bigram up once for a candidate's three trigram windows scores exactly as
    scoring each window on its own does, at the lattice's edges too."""
    lm = model()
    rng = np.random.default_rng(11)
    common = lm.bigram_keys[rng.integers(0, len(lm.bigram_keys), 40)]  # symbols that pair up
    pool = np.unique(np.concatenate([common >> 21, common & ((1 << 21) - 1), rng.integers(0, len(lm.ids), 20)]))
    for n in (1, 2, 3, 7, 30):
        sizes = rng.integers(1, 5, n)
        position = np.repeat(np.arange(n), sizes)
        symbols = rng.choice(pool, len(position))
        costs = rng.normal(-3.0, 2.0, len(position))
        chosen = symbols[np.cumsum(sizes) - sizes + rng.integers(0, sizes)]
        expected = costs.copy()
        for i, p in enumerate(position.tolist()):
            for shift in (-2, -1, 0):
                if p + shift >= 0 and p + shift + 2 < n:
                    ids = [symbols[i] if q == p else chosen[q] for q in range(p + shift, p + shift + 3)]
                    expected[i] += lm.trigram(*(np.array([x]) for x in ids))[0]
        assert _with_neighbours(lm, position, symbols, costs, chosen).tolist() == expected.tolist()
        for share in (0.5, 0.1):  # the chosen pairs looked up for every position, or around each candidate
            index = np.flatnonzero(rng.random(len(position)) < share)
            assert _with_neighbours(lm, position, symbols, costs, chosen, index).tolist() == expected[index].tolist()


def test_pairs_are_scored_in_chunks_that_cover_every_position_once() -> None:
    rng = np.random.default_rng(23)
    at = np.sort(rng.choice(500, 200, replace=False))
    pairs = rng.integers(1, 40, len(at))
    for budget in (1, 30, 100, 10_000):
        chunks = _chunks(at, pairs, budget)
        assert np.concatenate(chunks).tolist() == at.tolist()
        for chunk in chunks:  # about the budget: past it only by the pairs of the chunk's first position
            inside = pairs[np.searchsorted(at, chunk)]
            assert inside[1:].sum() < budget
    assert _chunks(at[:0], pairs[:0], 10) == []


@pytest.mark.parametrize("chunk_pairs", [restore_module.CHUNK_PAIRS, 5])
def test_pruning_scores_each_kind_of_neighbour_pair_once_with_the_same_survivors(
    chunk_pairs: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pruning with repeated tokens' pairs scored once, a chunk of pairs at a time, keeps
    exactly the candidates the rule keeps, on lattices where tokens and single readings repeat."""
    monkeypatch.setattr(restore_module, "CHUNK_PAIRS", chunk_pairs)
    lm = model()
    rng = np.random.default_rng(17)
    common = lm.bigram_keys[rng.integers(0, len(lm.bigram_keys), 60)]
    pool = np.unique(np.concatenate([common >> 21, common & ((1 << 21) - 1)]))
    tokens = [
        tuple(
            channel.Candidate(str(x), int(x), float(c))
            for x, c in zip(rng.choice(pool, k, replace=False), rng.normal(-4.0, 3.0, k), strict=True)
        )
        for k in rng.integers(1, SUPPORT_TOP + 5, 8)
    ]
    for n in (1, 2, 3, 10, 60):
        lattice = [
            tokens[i] if rng.random() < 0.8 else (channel.Candidate("x", 2, 0.0),) for i in rng.integers(0, 8, n)
        ]
        sizes = np.array([len(c) for c in lattice])
        symbols = np.array([c.symbol for cands in lattice for c in cands])
        costs = np.array([2.0 * c.cost for cands in lattice for c in cands])
        kinds = _kinds(lattice)
        assert len(np.unique(kinds)) < n or n < 10  # repeats to share
        expected = _pruned_one_by_one(lm, sizes, symbols, costs)
        for index, at in (_prune(lm, sizes, symbols, costs, kinds), _prune(lm, sizes, symbols, costs)):
            assert index.tolist() == expected
            assert at.tolist() == [int(np.searchsorted(np.cumsum(sizes), i, side="right")) for i in expected]


def test_pruning_supports_a_candidate_below_the_top_by_the_neighbours_top_only() -> None:
    """On words with more readings than SUPPORT_TOP, pruning keeps what the rule written out
    keeps, which here differs from judging every candidate against every neighbour."""
    lm = model()
    rng = np.random.default_rng(29)
    common = lm.bigram_keys[rng.integers(0, len(lm.bigram_keys), 200)]
    pool = np.unique(np.concatenate([common >> 21, common & ((1 << 21) - 1)]))
    differs = 0
    for _ in range(12):  # until a case shows the difference (the model's bigrams decide which do)
        if differs:
            break
        sizes = rng.integers(SUPPORT_TOP + 1, SUPPORT_TOP + 8, 25)
        symbols = np.concatenate([rng.choice(pool, k, replace=False) for k in sizes.tolist()])
        costs = rng.normal(-8.0, 4.0, len(symbols))
        expected = _pruned_one_by_one(lm, sizes, symbols, costs)
        assert _prune(lm, sizes, symbols, costs)[0].tolist() == expected
        differs += expected != _pruned_one_by_one(lm, sizes, symbols, costs, top=int(sizes.max()))
    assert differs


def _pruned_one_by_one(
    lm: Model, sizes: np.ndarray, symbols: np.ndarray, costs: np.ndarray, top: int = SUPPORT_TOP
) -> list[int]:
    """The pruning rule written out candidate by candidate: the PRUNE_KEEP best local scores
    (ties: the earlier candidate) within PRUNE_MARGIN of their position's best, a candidate
    outside its position's ``top`` likeliest supported by its neighbours' ``top`` only."""
    starts = (np.cumsum(sizes) - sizes).tolist()
    spans = [range(start, start + size) for start, size in zip(starts, sizes.tolist(), strict=True)]
    top = {c for span in spans for c in sorted(span, key=lambda c: (-costs[c], c))[:top]}

    def side(c: int, others: range, c_left: bool) -> float:
        others = [o for o in others if c in top or o in top]
        if not others:
            return 0.0
        ends = [(c, o) if c_left else (o, c) for o in others]
        scores = lm.bigram(np.array([symbols[a] for a, _ in ends]), np.array([symbols[b] for _, b in ends]))
        return max(float(score) + costs[o] for score, o in zip(scores, others, strict=True))

    kept = []
    for p, span in enumerate(spans):
        before = spans[p - 1] if p else range(0)
        after = spans[p + 1] if p + 1 < len(spans) else range(0)
        local = {c: costs[c] + side(c, before, False) + side(c, after, True) for c in span}
        best = max(local.values())
        ranked = sorted(span, key=lambda c: (-local[c], c))[:PRUNE_KEEP]
        kept.extend(sorted(c for c in ranked if local[c] >= best - PRUNE_MARGIN))
    return kept


def test_likeliest_first_is_the_full_sort() -> None:
    """Sorting only the positions whose candidates are out of order gives the order of sorting
    them all: by position, likeliest first, ties in order."""
    rng = np.random.default_rng(23)
    for case in range(400):
        sizes = rng.integers(1, 7, rng.integers(1, 40))
        position = np.repeat(np.arange(len(sizes)), sizes)
        costs = (
            rng.choice([-0.5, -1.0, -2.0, -8.0], len(position)) if case % 2 else rng.normal(-4.0, 3.0, len(position))
        )
        if case % 3:  # most positions in order already, as the channel lists them, some not
            costs = np.concatenate([np.sort(costs[position == p])[::-1] for p in range(len(sizes))])
            flip = rng.random(len(costs)) < 0.05
            costs[flip] = 0.0
        assert _likeliest_first(position, costs).tolist() == np.lexsort((-costs, position)).tolist()


def test_a_line_without_capitals_is_told_at_one_look_as_the_rule_tells_it() -> None:
    """A line is judged in capitals by its words that could be syllables; one with no word in
    capitals is not, as counting them says."""

    def plain(line: str) -> bool:
        words = [m.group() for m in TOKEN.finditer(line) if m.lastgroup == "word" and len(m.group()) > 1]
        words = [w for w in words if channel.spells_syllable(w.lower())]
        return bool(words) and sum(w.isupper() for w in words) >= CAPITALS_SHARE * len(words)

    rng = np.random.default_rng(37)
    pool = ["to", "CHUC", "Thuc", "HIEN", "kế", "HOẠCH", "MN", "THCS", "a", "Đ", "số", "2022", "-", "IV.", "ĐỒNG"]
    for _ in range(300):
        line = " ".join(rng.choice(pool, int(rng.integers(0, 8))))
        assert _in_capitals(line) == plain(line)


def test_changed_lines_are_the_lines_of_the_applied_changes() -> None:
    """The lines a pass changed, found from where the text's newlines are."""
    rng = np.random.default_rng(31)
    for _ in range(50):
        text = "".join(rng.choice(list("ab \n"), int(rng.integers(0, 60))))
        changes = [
            Change("restore", int(at), int(at), "", "", "", 1.0, bool(rng.random() < 0.7))
            for at in rng.integers(0, len(text) + 1, 5)
        ]
        expected = {text[: c.start].count("\n") for c in changes if c.applied}
        assert _changed_lines(text, changes) == expected


def test_restore_leaves_the_cycle_collector_as_it_found_it() -> None:
    """Restoration pauses Python's cycle collector while it runs, and only while it runs."""
    assert gc.isenabled()
    restore("Ke hoach thuc hien", CleanConfig())
    assert gc.isenabled()
    gc.disable()
    try:
        restore("Ke hoach thuc hien", CleanConfig())
        assert not gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("Báo cáo số lượing học sinh của các trường", "số lượng học sinh"),  # a letter added
        ("sinh viên các trường điại học trong tỉnh", "trường đại học"),
        ("hỗ trợ gia đìnr chính sách", "gia đình chính sách"),  # a letter misread
        ("Ngưyên tắc chung về ban hành văn bản", "Nguyên tắc chung"),  # capitalised: no name
        ("Giấo dục và Đào tạo", "Giáo dục"),
    ],
)
def test_a_marked_non_word_gets_the_syllables_one_letter_away(read: str, meant: str):
    """A word with Vietnamese marks that spells no syllable is the engine's slip, even
    capitalised (no name is written so): the syllables one letter away are its candidates and
    the sentence chooses."""
    assert meant in clean(read)


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("Các đơn vị trond tỉnh thực hiện kế hoạch", "đơn vị trong tỉnh"),  # a letter misread
        ("phát triển kinl tế và xã hội của địa phương", "phát triển kinh tế"),
        ("báo cáo theø quy định của Bộ Giáo dục", "báo cáo theo quy định"),  # a letter of no alphabet
    ],
)
def test_an_unmarked_non_word_in_accented_text_gets_the_syllables_one_letter_away(read: str, meant: str):
    """In accented text an unmarked word nobody writes is the engine's slip as a marked one is:
    the syllables one letter away are its candidates and the sentence chooses."""
    assert meant in clean(read)


@pytest.mark.parametrize(
    "kept",
    [
        "Các đơn vị Trond tỉnh thực hiện kế hoạch",  # capitalised: a name
        "Gửi qua email và website của Sở trước ngày 5",  # words the corpus writes
        "Mã số xyzk của hồ sơ được ghi trên phiếu",  # nothing one letter away
    ],
)
def test_an_unmarked_name_or_known_word_keeps_its_letters(kept: str):
    """A capitalised non-word is a name, a word the corpus has (``email``) is itself, and a
    code with no syllable one letter away is left as it is."""
    assert clean(kept) == kept


def test_an_unmarked_typed_non_word_is_its_author_s():
    text = "Các đơn vị trond tỉnh thực hiện kế hoạch"
    assert "trond" in clean(Document("ke-hoach.docx", (Page(1, PageSource.TEXT_LAYER, (Line(text),)),))).text


@pytest.mark.parametrize("glued", ["dưliêu", "coliên", "phụnữ", "SởY", "NĐ"])
def test_two_syllables_glued_or_an_abbreviation_keep_their_letters(glued: str):
    """One edit only, and never a word's first or last letter dropped: two syllables OCR glued
    together (``dưliêu``, ``phụnữ``, ``SởY``) are not made one, and an abbreviation in capitals
    (``NĐ``) is no misread word."""
    assert glued in clean(f"của cơ sở {glued} thư viện quan trọng")


@pytest.mark.parametrize("source", [PageSource.TEXT_LAYER, PageSource.LEGACY_ENCODING])
def test_a_typed_non_word_is_its_author_s(source: PageSource):
    """A Word file's or a legacy-encoded text's non-word (a code, a loan word, a decoding
    leftover: ``anốt``, ``đìnr``) is what the file holds: no letter of it is changed."""
    text = "Điện cực anốt nối với hộ gia đìnr trong mạch"
    cleaned = clean(Document("bai.doc", (Page(1, source, (Line(text),)),)))
    assert "anốt" in cleaned.text and "đìnr" in cleaned.text
    ocr = clean(
        Document("scan.pdf", (Page(1, PageSource.OCR, (Line(text, tuple(Word(w, 60.0) for w in text.split())),)),))
    )
    assert "gia đình" in ocr.text


@pytest.mark.parametrize(
    "items",
    [
        ["a) Thuc hien", "b) Kiem tra", "c) Bao cao", "d) Danh gia", "d) Tong ket", "e) Luu tru"],
        ["a) Thực hiện", "b) Kiểm tra", "c) Báo cáo", "d) Đánh giá", "d) Tổng kết", "e) Lưu trữ"],
    ],
)
def test_the_label_after_d_is_d_with_stroke(items: list[str]):
    """A list runs a) b) c) d) đ) e): a second ``d)`` is the ``đ)`` OCR or a keyboard lost, in
    stripped text and in the Vietnamese engine's; a heading between two lists ends the first."""
    out = clean("\n".join(items)).split("\n")
    assert [line[:2] for line in out] == ["a)", "b)", "c)", "d)", "đ)", "e)"]
    two_lists = clean("Điều 2.\na) Thực hiện\nd) Đánh giá\nĐiều 3.\nd) Tổng kết").split("\n")
    assert two_lists[-1] == "d) Tổng kết"


def test_a_typed_list_keeps_its_labels():
    """A Word file's ``d) ... d)`` is its author's: left as typed."""
    text = "c) Báo cáo\nd) Đánh giá\nd) Tổng kết"
    page = Page(1, PageSource.TEXT_LAYER, tuple(Line(line, block=i) for i, line in enumerate(text.split("\n"))))
    assert clean(Document("plan.docx", (page,))).text.split("\n")[-1] == "d) Tổng kết"


def test_a_part_number_ocr_damaged_is_read_where_the_parts_say_it_is_due():
    """``m.`` is ``III.`` with its three strokes run together: read so after ``II.``, as the
    parser reads it, so that the ``.txt`` says it too; not where the parts do not call for it."""
    plan = "I. MUC TIEU\nNam hoc nay.\nII. NHIEM VU\nCac truong.\nm. KINH PHI THUC HIEN\nNgan sach."
    assert clean(plan).split("\n")[4] == "III. KINH PHÍ THỰC HIỆN"
    alone = clean("m. KINH PHI THUC HIEN\nNgan sach.").split("\n")[0]
    assert alone.startswith("m.")
    typed = "I. MỤC TIÊU\nII. NHIỆM VỤ\nm. KINH PHÍ THỰC HIỆN"
    page = Page(1, PageSource.TEXT_LAYER, tuple(Line(line, block=i) for i, line in enumerate(typed.split("\n"))))
    assert clean(Document("plan.docx", (page,))).text.split("\n")[-1].startswith("m.")


CODE_LINES = [
    ("Luong phat thai khi CO2 va SO2 hang nam giam it nhat 10%.", ("CO2", "SO2", "khí", "hàng năm")),
    ("Moi phong hoc co 10m3 nuoc sach va 2m2 cua so theo Luat so 25/2018/QH14.", ("10m3", "2m2", "cửa sổ", "QH14")),
    ("Nuoc cat H2O dung cho phong thi nghiem.", ("H2O", "Nước cất")),
]


@pytest.mark.parametrize(("line", "kept"), CODE_LINES)
def test_codes_people_write_stay_as_written_in_stripped_text(seeds: dict[str, Path], line: str, kept: tuple) -> None:
    """A code whose shape the training text writes (``CO2``, ``10m3``, ``QH14``) is no word
    that lost its accents (``CO2`` had become ``Còn``, ``H2O`` ``Họ``), and the model reads it
    as it read it in training, so the words beside it keep their context (``2m2 cửa sổ``, where
    ``của số`` won with the code read as an unknown word). The line ends a stripped plan, as
    a user's document would hold it."""
    plan = strip_accents(seeds["clean"].read_text(encoding="utf-8"))
    out = restore(plan + "\n" + line, CleanConfig())[0].splitlines()[-1]
    for piece in kept:
        assert piece in out, out


def test_an_english_engine_s_digit_inside_a_word_is_still_damage() -> None:
    """Codes stay only in text no English engine read: there ``B6`` is ``Bổ`` or ``Bộ``."""
    assert channel.is_code("B6")
    ocr = Path(SHARED / "seeds").glob("004_*.txt")
    text = next(ocr).read_text(encoding="utf-8")
    assert "Bổ sung nội dung giáo dục" in clean(text)


@pytest.mark.parametrize(
    ("parts", "read"),
    [
        (["I", "II", "II", "IV"], ["I", "II", "III", "IV"]),  # a stroke lost
        (["I", "II", "I", "IV", "V"], ["I", "II", "III", "IV", "V"]),  # two strokes lost
        (["I", "II", "III", "IV", "I", "V"], ["I", "II", "III", "IV", "I", "V"]),  # "1." read "I.", no part
        (["I", "II", "I", "II", "III"], ["I", "II", "I", "II", "III"]),  # an annex numbers its parts anew
    ],
)
def test_a_part_number_misread_as_another_is_read_as_its_neighbours_say(parts: list[str], read: list[str]):
    """A part whose number OCR read as another (``II.`` for ``III.``) between the parts before and
    after it, which are two apart, is the one between them; a number that fits no such gap is
    left as read. Each part heading is followed by a line of text, as on a page."""
    names = ["MUC TIEU", "NHIEM VU", "THOI GIAN", "TO CHUC THUC HIEN", "KINH PHI", "PHU LUC"]
    lines = [line for i, part in enumerate(parts) for line in (f"{part}. {names[i]}", "Cac truong thuc hien.")]
    out = clean("\n".join(lines)).split("\n")
    assert [line.split(".")[0] for line in out[::2]] == read
