"""Build the restoration model in lexicons/ from the corpora in ../shared/corpus.

Usage::

    python scripts/build_lexicon.py [--corpus ../shared/corpus] [--out lexicons] [--ocr]

What it writes (see lexicons/README.md for the formats):

- ``vocab.txt``: the language model's symbols, one per line, in id order.
- ``surfaces.tsv``: every lowercase word form seen (tone marks placed the new way) with its
  count, plus every phonotactically valid syllable not seen (count 0), so that the restorer can
  offer words outside the training text.
- ``lm.npz``: an interpolated absolute-discounting trigram model read both ways: unigram
  log-probabilities, bigram and trigram log-probabilities keyed by packed symbol ids
  (``a << 21 | b``), and the back-off weights of each history, quantised to one byte.
- ``capitalised.tsv``: how often each word (as a language-model symbol) is written capitalised
  inside a sentence (after a lowercase word, or a comma after one): ``Bộ`` 62,754 times, ``Bổ``
  11; the restorer's evidence that a capitalised word OCR doubted is no name.
- ``codes.tsv``: the shapes of letter runs with digits in them, each run of digits written
  ``0`` (``QH0`` for ``QH14``, ``CO0`` for ``CO2``, ``0m0`` for ``10m3``), written at least
  CODE_MIN_COUNT times: codes, which the restorer leaves as they are in text no English engine
  read.
- ``channel_{letters,words}[_vie].tsv``: what ``tesseract -l eng`` (and ``-l vie`` on degraded
  scans) made of each letter and syllable of rendered training lines; the OCR pairs themselves
  are cached in ``ocr_pairs[_vie].tsv.gz`` and made again only with ``--ocr``.

The training text is the legal corpus minus its held-out documents, viwiki, and the reviewed
phrases of ``src/viplan_ocr/data/domain_phrases.txt``. Pairs of words far rarer than another
spelling of the same letters (a scan's ``tô chức`` for ``tổ chức``) are cut apart before the
n-grams are counted (:func:`without_misprints`). The split is by whole document: a legal
document whose ``#####`` path satisfies ``viplan_ocr.lexicon.is_held_out`` is never read for
training, and any line of a training document that also occurs in a held-out one is skipped too
(the corpus files repeat some documents under two paths). Deterministic: the same corpus gives
byte-identical files. About 40 CPU seconds on one core; ``--ocr`` adds 3-6 minutes per engine.
"""

from __future__ import annotations

import argparse
import difflib
import gzip
import hashlib
import sys
import time
import unicodedata
from array import array
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import regex

from viplan_ocr.lexicon import (
    BIGRAM_MIN_COUNT,
    DISCOUNT,
    ID_BITS,
    QUANT_STEP,
    TRIGRAM_MIN_COUNT,
    is_held_out,
)
from viplan_ocr.normalize.channel import DAMAGED_OR_TOKEN, code_shape
from viplan_ocr.vietnamese.syllables import (
    STOP_FINALS,
    STOP_TONES,
    TONE_MARKS,
    add_tone,
    is_syllable,
    onset_of,
    place_tone,
    strip_accents,
    strip_tone,
)
from viplan_ocr.vietnamese.tokens import SPECIAL, TOKEN, lm_symbol, word_symbol

ROOT = Path(__file__).resolve().parents[1]
HAS_DIGIT = regex.compile(r"[0-9]")
#: Symbols seen fewer times than this become <unk> (mostly names, typos and foreign words).
VOCAB_MIN_COUNT = 3
#: A word written capitalised inside a sentence fewer times than this is left out of capitalised.tsv.
CAPITALISED_MIN_COUNT = 3
#: A shape of letter run with digits written fewer times than this is left out of codes.tsv:
#: nobody types ``s6`` for ``số`` (twice in the training text) or ``h6i``.
CODE_MIN_COUNT = 5
#: A pair of words written this many times less often than another spelling of the same
#: letters is a misprint of it (:func:`without_misprints`).
MISPRINT_RATIO = 300
#: How many times each reviewed domain phrase is added to the training text.
PHRASE_WEIGHT = 20
#: Training lines rendered and read back by Tesseract to learn the OCR channel.
OCR_TRAINING_LINES = 3000
OCR_PAIRS = {"eng": "ocr_pairs.tsv.gz", "vie": "ocr_pairs_vie.tsv.gz"}
#: Shortest line worth de-duplicating between held-out and training documents.
DEDUP_MIN_CHARS = 30
#: An onset or rhyme must occur this often in real syllables to be combined into new ones.
PART_MIN_COUNT = 500
EDGE_PUNCT = regex.compile(r"^[\p{P}\p{S}]+|[\p{P}\p{S}]+$")
VIETNAMESE_LETTERS = regex.compile(
    r"[a-zăâđêôơư\u0300\u0301\u0303\u0309\u0323àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]+"
)


def documents(path: Path) -> Iterator[tuple[str, list[str]]]:
    """Yield ``(source path, lines)`` for each ``#####`` document of one gzip corpus file."""
    name, lines = path.name, list[str]()
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("##### "):
                if lines:
                    yield name, lines
                name, lines = line[6:].strip(), []
            else:
                lines.append(line.rstrip("\n"))
    if lines:
        yield name, lines


def line_key(line: str) -> bytes:
    """A short digest of a line, for de-duplication."""
    return hashlib.blake2b(line.strip().encode(), digest_size=8).digest()


def training_lines(corpus: Path) -> Iterator[str]:
    """Every training line: legal documents not held out (minus shared lines), viwiki, and the
    reviewed domain phrases."""
    legal = sorted((corpus / "legal").glob("*.txt.gz"))
    held_lines: set[bytes] = set()
    for path in legal:
        for name, lines in documents(path):
            if is_held_out(name):
                held_lines.update(line_key(x) for x in lines if len(x.strip()) >= DEDUP_MIN_CHARS)
    skipped = 0
    for path in legal:
        for name, lines in documents(path):
            if is_held_out(name):
                continue
            for line in lines:
                if len(line.strip()) >= DEDUP_MIN_CHARS and line_key(line) in held_lines:
                    skipped += 1
                    continue
                yield line
    print(f"  skipped {skipped} training lines that also occur in held-out documents", file=sys.stderr)
    for path in sorted((corpus / "general").glob("*.txt.gz")):
        for _name, lines in documents(path):
            yield from lines
    for phrase in domain_phrases():
        for _ in range(PHRASE_WEIGHT):
            yield phrase


def domain_phrases() -> list[str]:
    """The reviewed phrases of education plans (``src/viplan_ocr/data/domain_phrases.txt``)."""
    path = ROOT / "src" / "viplan_ocr" / "data" / "domain_phrases.txt"
    rows = path.read_text(encoding="utf-8").splitlines()
    return [row for row in rows if row.strip() and not row.startswith("#")]


def without_misprints(seq: np.ndarray, symbols: list[str]) -> tuple[np.ndarray, int]:
    """The training sequence with its misprinted pairs of words cut apart: a pair written
    MISPRINT_RATIO times less often than another spelling of the same letters that it is with
    marks lost (:func:`lost_marks`: ``tô chức`` 308 times against ``tổ chức`` 104,705; ``cụ
    thê``, ``thành phó``, ``quy dinh``) is a scan's misreading or text typed without its
    accents, as parts of the legal corpus are. A model that stored those pairs finds a page's
    same misreadings plausible where the restorer should correct them. A rare pair with other
    marks is a word of its own (``lũy kế từ`` beside ``kể từ``, ``của cồn`` beside ``của con``)
    and stays, and so does a word beside a stop or a comma: ``su ,`` is rarer than ``sự ,``
    but ends ``bao cao su ,``. The line is cut between the two words (``</s> <s>``), so no
    bigram or trigram holds the pair and the rest of the line still counts. Returns the
    sequence and how many pairs were cut."""
    key_ids: dict[str, int] = {}
    keys = np.array([key_ids.setdefault(strip_accents(s), len(key_ids)) for s in symbols], dtype=np.int64)
    pair = (seq[:-1].astype(np.int64) << ID_BITS) | seq[1:]
    pairs, where, count = np.unique(pair, return_inverse=True, return_counts=True)
    key = (keys[pairs >> ID_BITS] << ID_BITS) | keys[pairs & ((1 << ID_BITS) - 1)]
    order = np.lexsort((-count, key))  # by key, the commonest spelling first
    first = np.flatnonzero(np.r_[True, key[order][1:] != key[order][:-1]])
    top = np.empty_like(order)
    top[order] = np.repeat(order[first], np.diff(np.r_[first, len(order)]))
    mask = (1 << ID_BITS) - 1
    misprinted = np.zeros(len(pairs), dtype=bool)
    for i in np.flatnonzero(count[top] >= MISPRINT_RATIO * count).tolist():
        (a, b), (c, d) = ((symbols[p >> ID_BITS], symbols[p & mask]) for p in (int(pairs[i]), int(pairs[top[i]])))
        misprinted[i] = a[:1].isalpha() and b[:1].isalpha() and lost_marks(a, c) and lost_marks(b, d)
    cut = np.flatnonzero(misprinted[where]) + 1  # between seq[i] and seq[i + 1]
    boundary = np.tile(np.array([SPECIAL.index("</s>"), SPECIAL.index("<s>")], dtype=seq.dtype), len(cut))
    return np.insert(seq, np.repeat(cut, 2), boundary), len(cut)


def lost_marks(written: str, word: str) -> bool:
    """Whether ``written`` is ``word`` or ``word`` with some of its marks lost: ``thâm`` for
    ``thẩm``, ``dinh`` for ``định``, ``phó`` for ``phố``; not ``kế`` for ``kể`` nor ``cồn``
    for ``con``.

    >>> lost_marks("thâm", "thẩm"), lost_marks("dinh", "định"), lost_marks("kế", "kể"), lost_marks("cồn", "con")
    (True, True, False, False)
    """
    return strip_accents(written) == strip_accents(word) and _marks(written) <= _marks(word)


def _marks(word: str) -> Counter[str]:
    """The marks of a word's letters, the stroke of ``đ`` among them."""
    return Counter(c for c in unicodedata.normalize("NFD", word.replace("đ", "d\u0335")) if unicodedata.combining(c))


def count_symbols(corpus: Path) -> tuple[array, list[str], Counter[str], Counter[str], Counter[str]]:
    """Turn the training text into one id sequence; count word surfaces on the way, how
    often each word is written capitalised inside a sentence, and the shapes of the letter
    runs with digits in them (``channel.code_shape``: ``QH14`` is ``QH0``)."""
    vocab: dict[str, int] = {s: i for i, s in enumerate(SPECIAL)}
    by_token: dict[str, int] = {}
    surfaces: Counter[str] = Counter()
    capitalised: Counter[str] = Counter()
    codes: Counter[str] = Counter()
    bos, eos = vocab["<s>"], vocab["</s>"]
    ids = array("i")
    for line in training_lines(corpus):
        if not line.strip():
            continue
        ids.append(bos)
        inside = False  # after a lowercase word, or a comma after one
        for match in TOKEN.finditer(line):
            token = match.group()
            sid = by_token.get(token)
            if sid is None:
                sid = vocab.setdefault(lm_symbol(match), len(vocab))
                by_token[token] = sid
            ids.append(sid)
            if match.lastgroup == "word":
                surfaces[token] += 1
                if inside and token[:1].isupper() and (len(token) == 1 or token[1:].islower()):
                    capitalised[word_symbol(token)] += 1
                inside = token[:1].islower()
            else:
                inside = inside and token == ","
        ids.append(eos)
        if HAS_DIGIT.search(line):
            for match in DAMAGED_OR_TOKEN.finditer(line):
                shape = code_shape(match.group()) if match.lastgroup == "damaged" else None
                if shape is not None:
                    codes[shape] += 1
    return ids, list(vocab), surfaces, capitalised, codes


def fold_surfaces(raw: Counter[str]) -> Counter[str]:
    """Lowercase the surfaces and place tone marks one way, adding up their counts."""
    folded: Counter[str] = Counter()
    for token, count in raw.items():
        lower = token.lower()
        folded[place_tone(lower) if is_syllable(lower) else lower] += count
    return folded


def plausible_surface(word: str) -> bool:
    """Whether a lowercase word form may be offered as a restoration.

    Plain Latin words (abbreviations, foreign names) may; an accented form must use only
    Vietnamese letters and be one well-formed syllable with its tone where the rules put it
    (or an abbreviation whose only mark is ``đ``), which drops typos such as ``trửong`` and
    foreign letters such as ``ï``.
    """
    if word.isascii():
        return True
    if VIETNAMESE_LETTERS.fullmatch(word) is None:
        return False
    if is_syllable(word):
        return place_tone(word) == word
    return word.replace("đ", "d").isascii()  # abbreviations such as gdđt


def generated_syllables(seen: Counter[str]) -> set[str]:
    """Every onset x rhyme x tone combination whose parts occur in real syllables.

    Held-out text has syllables the training text lacks (under 1% of syllables, but a tenth of
    a plain model's errors); these give the decoder a low-prior candidate for them. Rhymes
    ending in a stop (``-c -ch -p -t``) only take the sắc and nặng tones.
    """
    onset_count: Counter[str] = Counter()
    rhyme_count: Counter[str] = Counter()
    for word, count in seen.items():
        if is_syllable(word) and plausible_surface(word):
            base = strip_tone(word)
            onset = onset_of(base)
            onset_count[onset] += count
            rhyme_count[base[len(onset) :]] += count
    onsets = [o for o, n in onset_count.items() if n >= PART_MIN_COUNT]
    rhymes = [r for r, n in rhyme_count.items() if n >= PART_MIN_COUNT]
    out = set()
    for onset in onsets:
        for rhyme in rhymes:
            base = onset + rhyme
            if not is_syllable(base):
                continue
            stop = rhyme.endswith(STOP_FINALS)
            for tone in ("", *TONE_MARKS):
                if not stop or tone in STOP_TONES:
                    out.add(add_tone(base, tone))
    return out


def quantise(logp: np.ndarray) -> np.ndarray:
    """Log-probabilities (<= 0) as bytes: ``q = round(-logp / QUANT_STEP)``, capped at 255."""
    return np.clip(np.rint(-logp / QUANT_STEP), 0, 255).astype(np.uint8)


def ngram_tables(seq: np.ndarray, vocab_size: int) -> dict[str, np.ndarray]:
    """Interpolated absolute-discounting (Kneser-Ney style) unigram/bigram/trigram tables.

    ``P(c|ab) = max(n(abc) - D, 0) / n(ab.) + gamma(ab) P(c|b)`` with
    ``gamma(ab) = D * types(ab.) / n(ab.)``, and likewise one order down. Interpolating (not
    trusting a trigram seen three times after a rare history) is what keeps ``hoàn thành cấp
    trung học`` from turning into ``cập`` because ``hoàn thành cập nhật`` is common.
    Only n-grams seen at least BIGRAM/TRIGRAM_MIN_COUNT times are stored; the decoder backs
    off through the stored ``gamma`` for the rest. Every table also has its right-to-left twin
    (``P(a|bc)``), stored against the same keys.
    """
    counts = np.bincount(seq, minlength=vocab_size).astype(np.float64)
    uni = counts / counts.sum()

    a, b, c = seq[:-2].astype(np.int64), seq[1:-1].astype(np.int64), seq[2:].astype(np.int64)
    bi_all, bi_n = np.unique(np.concatenate([(a << ID_BITS) | b, (b[-1:] << ID_BITS) | c[-1:]]), return_counts=True)
    first, second = bi_all >> ID_BITS, bi_all & ((1 << ID_BITS) - 1)
    hist1 = np.maximum(np.bincount(first, weights=bi_n, minlength=vocab_size), 1)
    gamma1 = DISCOUNT * np.maximum(np.bincount(first, minlength=vocab_size), 1) / hist1
    gamma1 = np.minimum(gamma1, 1.0)
    p2_all = np.maximum(bi_n - DISCOUNT, 0) / hist1[first] + gamma1[first] * uni[second]

    tri_all, tri_n = np.unique((((a << ID_BITS) | b) << ID_BITS) | c, return_counts=True)
    history = np.searchsorted(bi_all, tri_all >> ID_BITS)
    lower = np.searchsorted(bi_all, tri_all & ((1 << 2 * ID_BITS) - 1))
    hist2 = np.maximum(np.bincount(history, weights=tri_n, minlength=len(bi_all)), 1)
    gamma2 = np.minimum(DISCOUNT * np.maximum(np.bincount(history, minlength=len(bi_all)), 1) / hist2, 1.0)
    p3_all = np.maximum(tri_n - DISCOUNT, 0) / hist2[history] + gamma2[history] * p2_all[lower]

    # The same counts read right to left: P(a | b c), so that the words after a gap vote too.
    hist1b = np.maximum(np.bincount(second, weights=bi_n, minlength=vocab_size), 1)
    gamma1b = np.minimum(DISCOUNT * np.maximum(np.bincount(second, minlength=vocab_size), 1) / hist1b, 1.0)
    p2b_all = np.maximum(bi_n - DISCOUNT, 0) / hist1b[second] + gamma1b[second] * uni[first]
    hist2b = np.maximum(np.bincount(lower, weights=tri_n, minlength=len(bi_all)), 1)
    gamma2b = np.minimum(DISCOUNT * np.maximum(np.bincount(lower, minlength=len(bi_all)), 1) / hist2b, 1.0)
    p3b_all = np.maximum(tri_n - DISCOUNT, 0) / hist2b[lower] + gamma2b[lower] * p2b_all[history]

    keep_bi = bi_n >= BIGRAM_MIN_COUNT
    keep_tri = tri_n >= TRIGRAM_MIN_COUNT
    return {
        "unigram": np.log(np.maximum(uni, 1e-12)).astype(np.float32),
        "unigram_gamma": np.log(gamma1).astype(np.float32),
        "unigram_gamma_back": np.log(gamma1b).astype(np.float32),
        "bigram_keys": bi_all[keep_bi],
        "bigram_q": quantise(np.log(p2_all[keep_bi])),
        "bigram_back_q": quantise(np.log(p2b_all[keep_bi])),
        "bigram_gamma_q": quantise(np.log(gamma2[keep_bi])),
        "bigram_gamma_back_q": quantise(np.log(gamma2b[keep_bi])),
        "trigram_keys": tri_all[keep_tri],
        "trigram_q": quantise(np.log(p3_all[keep_tri])),
        "trigram_back_q": quantise(np.log(p3b_all[keep_tri])),
    }


def ocr_training_pairs(corpus: Path, out: Path, regenerate: bool, engine: str = "eng") -> list[tuple[str, str]]:
    """(true line, what ``tesseract -l ENGINE`` read from it) for training lines, cached in ``out``.

    Rendering and OCR take about 5 minutes per engine, and need Tesseract and the DejaVu fonts,
    so the pairs are kept in ``lexicons/ocr_pairs*.tsv.gz`` and regenerated only with ``--ocr``.
    For the English engine two lines in three are clean renders, one in three a degraded
    photocopy; the Vietnamese engine only errs on degraded ones, so it reads only those.
    """
    path = out / OCR_PAIRS[engine]
    if path.exists() and not regenerate:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            return [tuple(row.rstrip("\n").split("\t")) for row in handle]  # type: ignore[misc]
    sys.path.insert(0, str(ROOT / "scripts"))
    from ocr_pairs import ocr_lines, prose_lines

    lines = prose_lines(corpus, "train", OCR_TRAINING_LINES)
    read: list[str] = []
    for chunk, start in enumerate(range(0, len(lines), 100)):
        degraded = engine != "eng" or chunk % 3 == 2
        read.extend(ocr_lines(lines[start : start + 100], engine, degraded=degraded, seed=chunk))
        print(f"  OCR ({engine}) {len(read)}/{len(lines)} lines", file=sys.stderr)
    pairs = [(t, o.replace("\t", " ")) for t, o in zip(lines, read, strict=True)]
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=9) as handle:
        handle.writelines(f"{t}\t{o}\n" for t, o in pairs)
    return pairs


def aligned_words(truth: str, read: str) -> Iterator[tuple[str, str]]:
    """(true syllable, OCR token) pairs of one line, both lowercase and trimmed of punctuation.

    Words pair up one to one where the OCR kept the word count of a stretch of the line
    (``difflib`` over accent-free forms finds the stretches); where it split or merged words
    the stretch is skipped rather than guessed.
    """
    want = [EDGE_PUNCT.sub("", w).lower() for w in truth.split()]
    got = [EDGE_PUNCT.sub("", w).lower() for w in read.split()]
    matcher = difflib.SequenceMatcher(
        a=[strip_accents(w) for w in want], b=[strip_accents(w) for w in got], autojunk=False
    )
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("equal", "replace") and i2 - i1 == j2 - j1:
            for true, seen in zip(want[i1:i2], got[j1:j2], strict=True):
                if true.isalpha() and seen and is_syllable(true):
                    yield true, seen


def align_letters(true: str, seen: str) -> list[tuple[str, str]]:
    """Split ``seen`` into what each letter of ``true`` became (``trường``/``truong`` ->
    ``t:t r:r ư:u ờ:o n:n g:g``; ``ư``/``ir`` -> ``ư:ir``).

    A Levenshtein alignment in which a letter read without its marks costs half a change; a
    letter the engine added is attached to the letter before it (or, at the start, after it).
    """
    n, m = len(true), len(seen)
    cost = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        cost[i][0] = float(i)
    for j in range(1, m + 1):
        cost[0][j] = float(j)
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            a, b = true[i - 1], seen[j - 1]
            sub = 0.0 if a == b else 0.5 if strip_accents(a) == strip_accents(b) else 1.0
            cost[i][j] = min(cost[i - 1][j - 1] + sub, cost[i - 1][j] + 1, cost[i][j - 1] + 1)
    pieces: list[list[str]] = [[a, ""] for a in true]
    i, j, lead = n, m, ""
    while i > 0 or j > 0:
        sub = 2.0
        if i > 0 and j > 0:
            a, b = true[i - 1], seen[j - 1]
            sub = 0.0 if a == b else 0.5 if strip_accents(a) == strip_accents(b) else 1.0
        if sub < 1 and cost[i][j] == cost[i - 1][j - 1] + sub:  # a match: take it
            pieces[i - 1][1] = seen[j - 1] + pieces[i - 1][1]
            i, j = i - 1, j - 1
        elif j > 0 and cost[i][j] == cost[i][j - 1] + 1:  # an added letter: "ư" read as "ir"
            if i > 0:
                pieces[i - 1][1] = seen[j - 1] + pieces[i - 1][1]
            else:
                lead = seen[j - 1] + lead
            j -= 1
        elif sub <= 1 and cost[i][j] == cost[i - 1][j - 1] + sub:
            pieces[i - 1][1] = seen[j - 1] + pieces[i - 1][1]
            i, j = i - 1, j - 1
        else:  # a letter the engine dropped
            i -= 1
    if pieces and lead:
        pieces[0][1] = lead + pieces[0][1]
    return [(a, b) for a, b in pieces]


def learn_channel(
    pairs: list[tuple[str, str]], fold: bool = True
) -> tuple[Counter[tuple[str, str]], Counter[tuple[str, str]]]:
    """Count what the OCR engine made of each syllable and of each letter.

    With ``fold`` (the English engine) every pair is counted once more with the engine's
    Latin-1 letters folded to ASCII (``sé`` -> ``se``), because pipelines that keep only
    ASCII (like the one behind ``../shared/seeds/004_…``) are common.
    """
    words: Counter[tuple[str, str]] = Counter()
    letters: Counter[tuple[str, str]] = Counter()
    for truth, read in pairs:
        for true, seen in aligned_words(truth, read):
            for variant in {seen, strip_accents(seen) if fold else seen}:
                words[(true, variant)] += 1
                for letter, became in align_letters(true, variant):
                    letters[(letter, became)] += 1
    return words, letters


def build(corpus: Path, out: Path, regenerate_ocr: bool = False) -> None:
    """Build every file in ``out`` from ``corpus``."""
    started = time.monotonic()
    channels = {
        engine: learn_channel(ocr_training_pairs(corpus, out, regenerate_ocr, engine), fold=engine == "eng")
        for engine in OCR_PAIRS
    }
    for engine, (words, letters) in channels.items():
        print(f"  {engine} channel: {len(words):,} syllable pairs, {len(letters):,} rewrites", file=sys.stderr)
    print("reading and tokenising the training text ...", file=sys.stderr)
    ids, symbols, raw_surfaces, capitalised, codes = count_symbols(corpus)
    seq = np.frombuffer(ids, dtype=np.int32)
    seq, dropped = without_misprints(seq, symbols)
    print(f"  cut {dropped:,} misprinted pairs of words apart", file=sys.stderr)
    print(f"  {len(seq):,} symbols, {len(symbols):,} distinct ({time.monotonic() - started:.0f} s)", file=sys.stderr)

    counts = np.bincount(seq, minlength=len(symbols))
    keep = counts >= VOCAB_MIN_COUNT
    keep[: len(SPECIAL)] = True
    new_id = np.cumsum(keep) - 1
    new_id[~keep] = 0  # <unk>
    vocab = [s for s, k in zip(symbols, keep, strict=True) if k]
    assert len(vocab) < 1 << ID_BITS
    seq = new_id[seq].astype(np.int32)
    tables = ngram_tables(seq, len(vocab))
    tables["unknown_types"] = np.array(len(symbols) - len(vocab))
    print(
        f"  vocabulary {len(vocab):,}; bigrams {len(tables['bigram_keys']):,}; "
        f"trigrams {len(tables['trigram_keys']):,} ({time.monotonic() - started:.0f} s)",
        file=sys.stderr,
    )

    surfaces = fold_surfaces(raw_surfaces)
    kept = {w: n for w, n in surfaces.items() if n >= VOCAB_MIN_COUNT and plausible_surface(w)}
    for word in generated_syllables(surfaces):
        kept.setdefault(word, 0)

    out.mkdir(parents=True, exist_ok=True)
    (out / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    rows = sorted(kept.items(), key=lambda item: (-item[1], item[0]))
    (out / "surfaces.tsv").write_text("".join(f"{w}\t{n}\n" for w, n in rows), encoding="utf-8")
    np.savez_compressed(out / "lm.npz", **tables)
    written = sorted(
        ((w, n) for w, n in capitalised.items() if n >= CAPITALISED_MIN_COUNT), key=lambda i: (-i[1], i[0])
    )
    (out / "capitalised.tsv").write_text("".join(f"{w}\t{n}\n" for w, n in written), encoding="utf-8")
    shapes = sorted(((c, n) for c, n in codes.items() if n >= CODE_MIN_COUNT), key=lambda i: (-i[1], i[0]))
    (out / "codes.tsv").write_text("".join(f"{c}\t{n}\n" for c, n in shapes), encoding="utf-8")
    for engine, (words, letters) in channels.items():
        for kind, table in (("words", words), ("letters", letters)):
            pairs = sorted(table.items(), key=lambda item: (item[0][0], -item[1], item[0][1]))
            name = f"channel_{kind}{'' if engine == 'eng' else '_' + engine}.tsv"
            (out / name).write_text("".join(f"{t}\t{o}\t{n}\n" for (t, o), n in pairs), encoding="utf-8")
    total = sum(p.stat().st_size for p in out.iterdir() if p.is_file())
    print(f"wrote {out} ({total / 1e6:.1f} MB) in {time.monotonic() - started:.0f} s", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--out", type=Path, default=ROOT / "lexicons")
    parser.add_argument("--ocr", action="store_true", help="render and OCR the channel-model lines again")
    args = parser.parse_args(argv)
    build(args.corpus, args.out, args.ocr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
