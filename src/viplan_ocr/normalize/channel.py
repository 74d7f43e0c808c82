"""What a damaged token could have been: the candidate readings the decoder chooses from.

Two kinds of damage reach the restorer. Diacritics dropped by a keyboard or an English OCR
engine leave the letters intact (``truong`` for ``trường``): the candidates are every known
syllable with those letters. An English OCR engine also misreads letters it has no model for
(``ư`` as ``ir``, ``ơ`` as ``a``/``b``, ``ọ`` as ``g``, ``ố`` as ``6``, ``ế`` as ``§``): those
candidates come from a channel model learned by rendering training text, reading it back with
``tesseract -l eng`` and aligning what came out with what went in (``scripts/build_lexicon.py``).

Each candidate carries ``log P(token | syllable)`` under a mixture of three channels whose weights
describe the document (:class:`Mix`): the token is exactly the word (typed text), the word with
its accents stripped, or the word as an English OCR engine read it.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import chain, repeat

import numpy as np
import regex
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from viplan_ocr.lexicon import model
from viplan_ocr.resources import data_rows, lexicon_rows
from viplan_ocr.vietnamese.digits import as_digits
from viplan_ocr.vietnamese.syllables import (
    TONE_MARKS,
    has_accents,
    is_syllable,
    place_tone,
    strip_accents,
    strip_tone,
    tone_of,
)
from viplan_ocr.vietnamese.tokens import NUM, TOKEN, word_symbol

#: Share of a key's occurrences below which a seen accented form is not offered.
MIN_SHARE = 3e-3
#: Cost (nats) of offering a syllable that never occurred in the training text.
UNSEEN_COST = -6.0
#: Cost (nats) of keeping a token that is no known word (a name, a code, or OCR damage).
UNKNOWN_COST = -8.0
#: A token needs this many letters for rapidfuzz neighbours: one letter beside digits or
#: symbols (``2á``, ``ë4``) is no evidence of a word, and a guessed one (``a``) left a line of
#: junk that the noise step kept for its digit and removed when cleaned again.
MIN_FUZZY_LETTERS = 2
#: How many nearest syllable keys rapidfuzz returns for a token.
FUZZY_LIMIT = 40
#: A token in plain letters that spell a syllable seen this many times or more gets no
#: rapidfuzz neighbours (:func:`_wants_neighbours`).
COMMON_LETTERS = 100
#: A reading of ``đ`` the English channel gives this share or more is one it makes of it
#: (``d``, and ``b`` from the reviewed confusions): a token whose capital starts so keeps its
#: rapidfuzz neighbours (``Boi`` for ``Đổi``; :func:`capital_d_readings`).
CAPITAL_D_SHARE = 0.005
#: At most this many readings per token go to the decoder (the likeliest by the channel).
MAX_CANDIDATES = 30
#: Probability that a Vietnamese engine put a given wrong set of marks on a word.
MISREAD_MARK = 0.01
#: Fewer candidate syllables than this are aligned one by one (:func:`_letter_logp`): numpy's
#: cost per call outweighs what it saves on a handful of words.
FEW_WORDS = 8
#: How many partial readings the letter-by-letter search keeps per position.
BEAM = 40
#: Letter rewrites seen fewer times than this are noise in the alignment, not a channel.
MIN_REWRITE_COUNT = 3
#: OCR weight per share of odd tokens (typed or stripped text has well under 1% of them, an
#: English engine's output 5% or more), and its ceiling.
OCR_PER_ODD = 6.0
OCR_MAX = 0.6
#: Above this OCR weight even tokens that spell a syllable get OCR readings (``vai`` -> ``với``);
#: below it only tokens that spell none do, which keeps typed unaccented text fast.
OCR_EVERYWHERE = 0.1
#: Probability of a one-letter misreading the training pairs never showed (``b`` for ``h``).
FLOOR = 1e-3
#: Weight of a toneless letter's readings lent to its toned forms.
BORROW = 0.5
#: Share of a letter's readings given to its accent-free self on top of what was learned: the
#: engines behind real damaged plans drop accents more often than ours does on DejaVu renders.
STRIPPED_SHARE = 0.3
#: Rewrites less likely than this are not searched backwards (they still score).
MIN_INVERSE_P = 0.001
#: How likely a token of digits and letters OCR reads for digits (``l2``) is such a number.
DIGIT_LOOKALIKE = 0.5
#: Letters only Vietnamese uses (no Latin-1 font has them): an English engine never outputs them.
VIETNAMESE_ONLY = regex.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹĩũ]", regex.I)
#: The characters :data:`VIETNAMESE_ONLY` matches (its letters in either case), for a word's
#: look at them without a regex search.
VIETNAMESE_ONLY_CHARS = frozenset(
    c for letter in VIETNAMESE_ONLY.pattern[1:-1] for c in (letter, letter.upper()) if VIETNAMESE_ONLY.fullmatch(c)
)
#: The spelling of a syllable (:func:`~viplan_ocr.vietnamese.syllables.is_syllable`) with its
#: accents stripped: onset, one to three vowels, final. A word's accent-free key that does not
#: match it is no syllable's. Plain ``re`` (three times faster than ``regex`` here): every
#: accent-free key of the lexicon is matched on a first call.
SYLLABLE_KEY = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?[aeiouy]{1,3}(?:ng|nh|ch|[cmnpt])?"
)
#: Two abbreviations joined by ``&`` (``KH&ĐT``, ``GD&DT``): letters of two names, never a word.
JOINED_ABBREVIATION = regex.compile(r"\p{Lu}+&\p{Lu}+")
#: An abbreviation joined by ``&``, or a letter run with what an English engine puts for
#: Vietnamese letters inside, after or before it: digits and symbols (``s6``, ``h6i``,
#: ``K§``, ``li€n``, ``xa&``, ``1la``) or an apostrophe for a horn (``DU'NG``, ``Thy’C``).
DAMAGED_WORD = regex.compile(
    JOINED_ABBREVIATION.pattern + r"|[0-9]{1,2}\p{Ll}[\p{L}\p{M}]*(?:[0-9§€&¢]+[\p{L}\p{M}]*)*"
    r"|\p{L}[\p{L}\p{M}]*(?:(?:[0-9§€&¢]+|['’](?=\p{L}))[\p{L}\p{M}]*)+"
)
#: A line's tokens as the restorer reads them: a damaged word or code first, else a
#: :data:`~viplan_ocr.vietnamese.tokens.TOKEN` (word, number or mark).
DAMAGED_OR_TOKEN = regex.compile(f"(?P<damaged>{DAMAGED_WORD.pattern})|{TOKEN.pattern}")
_DIGITS = regex.compile(r"[0-9]+")


def code_shape(token: str) -> str | None:
    """A letter run with digits in it (a :data:`DAMAGED_WORD`) with each run of digits
    written ``0``: the shape the code table counts, so that ``QH14`` and ``QH13`` are one
    code, ``QH0``. None for a token without digits.

    >>> code_shape("QH14"), code_shape("10m3"), code_shape("Bộ")
    ('QH0', '0m0', None)
    """
    shape = _DIGITS.sub("0", token)
    return shape if shape != token else None


def is_code(token: str) -> bool:
    """Whether the training text writes tokens of this shape (:func:`code_shape`) often enough
    to be in the code table (``lexicons/codes.tsv``): ``CO2``, ``QH14``, ``10m3``, ``B1``. Such a
    token is a code that a keyboard's or a converter's lost accents leave whole; an English
    engine's misreadings (``s6`` for ``số``, ``h6i`` for ``hội``) have shapes nobody types.

    >>> is_code("CO2"), is_code("QH15"), is_code("h6i"), is_code("hội")
    (True, True, False, False)
    """
    shape = code_shape(token)
    return shape is not None and shape in model().codes


@dataclass(frozen=True, slots=True)
class Candidate:
    """One reading of a token: its lowercase text, language-model symbol id and channel cost."""

    text: str
    symbol: int
    cost: float = 0.0
    reason: str = "accent"


@dataclass(frozen=True, slots=True)
class Mix:
    """How a document was damaged: the weights of the three channels, and whether its
    accented words can be trusted as written.

    ``stripped`` is the weight of "accents dropped, letters intact"; ``ocr`` that of "read by
    an English OCR engine"; what is left is "typed as it should be".
    """

    stripped: float
    ocr: float
    trust_accents: bool

    @property
    def english_ocr(self) -> bool:
        """Whether an English engine read the text (OCR weight OCR_EVERYWHERE or more): then
        even a token that spells a syllable may be its misreading (``vai`` for ``với``), and a
        digit inside a word is damage, not a code (``B6 sung``)."""
        return self.ocr >= OCR_EVERYWHERE

    @property
    def keep(self) -> float:
        """Weight of the token being right as written."""
        return max(1.0 - self.stripped - self.ocr, 0.01)


#: Accented Vietnamese (typed, or read by the ``vie`` engine): restore only what lacks accents.
ACCENTED = Mix(stripped=0.3, ocr=0.0, trust_accents=True)


def document_mix(words: list[str]) -> Mix:
    """Guess how a document's words were damaged from the words themselves.

    Text with Vietnamese-only letters (``ư``, ``ạ``, ``đ``...) was typed or read by a
    Vietnamese engine: its accents are trusted. Without them it was stripped or read by an
    English engine; the share of tokens that are no Vietnamese syllable at all (``hgc``,
    ``s6``, ``Chirong``), or that carry the Latin-1 accents an English engine puts on
    Vietnamese vowels (``vé`` for ``về``), says how much OCR damage to expect.

    >>> document_mix("Ke hoach thuc hien".split()).ocr < document_mix("Thurc hien Chirong s6".split()).ocr
    True
    """
    letters = [w for w in words if w.isalpha() or any(c.isalpha() for c in w)]
    if not letters:
        return Mix(stripped=0.99, ocr=0.005, trust_accents=False)
    vietnamese = sum(not VIETNAMESE_ONLY_CHARS.isdisjoint(w) for w in letters) / len(letters)
    if vietnamese >= 0.15:
        return ACCENTED
    surfaces = model().surfaces
    odd = sum(not w.isalpha() or has_accents(w) or strip_accents(w.lower()) not in surfaces for w in letters) / len(
        letters
    )
    ocr = min(OCR_MAX, max(0.005, OCR_PER_ODD * odd))
    return Mix(stripped=1.0 - ocr - 0.01, ocr=ocr, trust_accents=False)


def _misread_marks(lower: str, keep: Candidate) -> tuple[Candidate, ...]:
    """An accented word in accented text is right as written, unless the Vietnamese engine
    misread it: a wrong mark (``Cực`` for ``Cục``, ``chưởng`` for ``chương``) or letters
    (``đảni`` for ``đảm``, ``Giáó`` for ``Giáo``). The readings come from the channel learned
    on that engine's output (``channel_*_vie.tsv``), each at most MISREAD_MARK likely.
    """
    lm = model()
    forms = lm.surfaces.get(strip_accents(lower), [])
    total = sum(n for _, n in forms)
    placed = place_tone(lower)  # surfaces have their tone marks placed the new way
    single_tone = sum(c in TONE_MARKS for c in unicodedata.normalize("NFD", lower)) <= 1  # not "giáó"
    known = single_tone and any(w == placed for w, n in forms if n > 0)
    if known:
        misread = [w for w, n in forms if w != placed and n > 0 and n >= MIN_SHARE * total]
        others = dict(zip(misread, _letter_logps(lower, misread, "vie"), strict=True))
    else:  # no word we know: what could the engine have read as this?
        others = {w: math.log(p) for w, p in ocr_readings(lower, "vie").items() if w != lower}
        if single_tone and len(lower) > 1:  # or a vowel mark lost or misread, the tone kept (``truởng``, ``QUYÉT``)
            tone = tone_of(lower)
            for w, n in forms:
                if n > 0 and w not in others and tone_of(w) == tone and is_syllable(w):
                    others[w] = math.log(MISREAD_MARK)
    out = sorted(others.items(), key=lambda item: -item[1])[:MAX_CANDIDATES]
    as_is = math.log(1.0 - MISREAD_MARK * len(out)) if known else UNKNOWN_COST
    near = [] if known else [w for w in _one_letter_away(lower) if w not in others]
    return (
        Candidate(lower, keep.symbol, as_is, ""),
        *(Candidate(w, lm.symbol_id(word_symbol(w)), min(logp, math.log(MISREAD_MARK)), "accent") for w, logp in out),
        *_misread_letters(near),
    )


def _misread_letter(lower: str, keep: Candidate) -> tuple[Candidate, ...]:
    """An unmarked word in accented text that nobody writes (no form of its letters was seen,
    ``trond``, ``truhg``, ``theø``): the Vietnamese engine misread a letter of it, as of a
    marked one (:func:`_misread_marks`), and the syllables one letter away are its readings.
    Capitalised, it stays a name; on a typed page, the file's own (the restorer's rules)."""
    return (Candidate(lower, keep.symbol, UNKNOWN_COST, ""), *_misread_letters(_one_letter_away(lower)))


def _misread_letters(near: list[str]) -> tuple[Candidate, ...]:
    """The syllables a letter away from a word that spells none, as its readings: each as
    likely as a wrong set of marks (MISREAD_MARK)."""
    lm = model()
    return tuple(Candidate(w, lm.symbol_id(word_symbol(w)), math.log(MISREAD_MARK), "fuzzy") for w in near)


#: At most this many syllables one letter away are offered for a word that spells none.
ONE_LETTER_KEEP = 10


def _one_letter_away(lower: str) -> list[str]:
    """The seen syllables one letter away from a word that spells none (a letter misread, or
    one too many inside it: ``đìnr``, ``diảng``, ``lượing``, ``trond``), the commonest first.

    Not a lone letter (``û`` is a speck), not a letter at either end dropped (``SởY``, ``bịy``
    may be a word and an initial run together), and nothing for two common words glued
    (``phụnữ`` is ``phụ nữ``, not ``phụng``).
    """
    if len(lower) < 2 or is_syllable(lower) or _two_words(lower):
        return []
    surfaces = model().surfaces
    counts = {w: n for w in _fuzzy_neighbours(lower) for v, n in surfaces.get(strip_accents(w), ()) if v == w}
    near = [
        w
        for w in counts
        if Levenshtein.distance(lower, w) == 1 and not (len(w) < len(lower) and w in (lower[1:], lower[:-1]))
    ]
    return sorted(near, key=lambda w: -counts[w])[:ONE_LETTER_KEEP]


def _two_words(lower: str) -> bool:
    """Whether a token reads as two common words of two letters or more written together
    (``phụnữ``, ``trongđó``): each a syllable with its tone mark where it belongs (``điạ`` +
    ``i`` is no pair) and common (:func:`is_common`)."""

    def word(part: str) -> bool:
        return is_syllable(part) and place_tone(part) == part and is_common(part)

    return any(word(lower[:cut]) and word(lower[cut:]) for cut in range(2, len(lower) - 1))


def fixed(symbol: str) -> Candidate:
    """The single reading of a token the restorer leaves alone (numbers, punctuation, ...)."""
    return Candidate(symbol, model().symbol_id(symbol), 0.0, "")


def relabelled(label: str) -> Candidate:
    """The one reading of a list label or a part's number that its place in the sequence
    decides (``đ`` after ``d)``; ``III`` after ``II.``, which OCR read ``m.``), as written
    here: the slot's case applies to a letter, a numeral keeps its capitals."""
    return Candidate(label, model().symbol_id(word_symbol(label.lower())), 0.0, "list-label")


def verbatim(token: str, symbol: str) -> Candidate:
    """The reading that leaves ``token`` exactly as written, its case too: a piece of a code
    (the ``CO`` of ``CO2``), which the case rules of a word would make ``Co``."""
    return Candidate(token, model().symbol_id(symbol), 0.0, "")


@lru_cache(maxsize=65536)
def as_written(token: str, symbol: str) -> Candidate:
    """The reading that leaves ``token`` as it is.

    Cached: every number and punctuation mark of every pass asks for one, and a document
    repeats them (``,``, ``.``, ``-``)."""
    return Candidate(token.lower(), model().symbol_id(symbol), 0.0, "")


@lru_cache(maxsize=65536)
def candidates(token: str, symbol: str, mix: Mix = ACCENTED) -> tuple[Candidate, ...]:
    """Every reading of ``token`` (whose model symbol is ``symbol``) worth scoring.

    Cached as written (``Các`` and ``các`` apart): a document repeats its words, and each
    repeat then skips the abbreviation tests too.

    >>> [c.text for c in candidates("truong", "truong")][:3]
    ['trường', 'trưởng', 'trương']
    >>> ocr = Mix(stripped=0.7, ocr=0.3, trust_accents=False)
    >>> "học" in [c.text for c in candidates("hgc", "hgc", ocr)][:3]
    True
    """
    if len(token) > 1 and token.isupper() and token.isalpha() and not spells_syllable(token.lower()):
        return _abbreviation_candidates(token.lower(), symbol, mix)
    if JOINED_ABBREVIATION.fullmatch(token):
        return _abbreviation_candidates(token.lower(), symbol, mix)
    return _candidates(token.lower(), symbol, mix, token[:1] not in capital_d_readings())


#: A spelling this share of its letters' uses or more is a common word, not a rare neighbour of
#: one: ``thi`` (58% of thi/thì/thị/thí), ``mong``, ``chung`` are; ``uông`` (0.8%, beside
#: ``uống``) and ``tĩnh`` (1.2%, beside ``tỉnh``) are not.
COMMON_SHARE = 0.05


def is_common(word: str) -> bool:
    """Whether a word as written (its accents included) is a common spelling of its letters.

    An OCR engine sure of a common word is believed over the language model; a rare spelling
    is more likely the engine's slip on its common neighbour (``uông`` for ``uống``).

    >>> is_common("thi"), is_common("Mong"), is_common("uông"), is_common("hoach"), is_common("Chirong")
    (True, True, False, False, False)
    """
    lower = word.lower()
    placed = place_tone(lower)
    forms = model().surfaces.get(strip_accents(lower), ())
    total = sum(n for _, n in forms)
    return any(w == placed and n >= COMMON_SHARE * total for w, n in forms if n > 0)


@lru_cache(maxsize=65536)
def spells_syllable(lower: str) -> bool:
    """Whether some seen syllable has these letters once its accents are put back."""
    return any(n > 0 and is_syllable(w) for w, n in model().surfaces.get(strip_accents(lower), ()))


@lru_cache(maxsize=4096)
def _abbreviation_candidates(lower: str, symbol: str, mix: Mix) -> tuple[Candidate, ...]:
    """An all-caps token that spells no syllable (``THCS``, ``MN``, ``GDDT``) is an
    abbreviation: it keeps its letters, or gets the ``Đ`` a reviewed or seen form has."""
    lm = model()
    key = strip_accents(lower)
    forms = [w for w, n in lm.surfaces.get(key, ()) if n > 0 and w != lower and not is_syllable(w)]
    known = abbreviation_for(key)
    if known and known != lower:
        forms = [known, *(w for w in forms if w != known)]
    out = [Candidate(w, _abbreviation_symbol(w), math.log(mix.stripped + mix.ocr), "abbreviation") for w in forms[:3]]
    seen = any(w == lower for w, n in lm.surfaces.get(key, ()) if n > 0)
    as_is = mix.keep if seen else (1.0 - mix.ocr) * math.exp(UNKNOWN_COST)
    return (*out, Candidate(lower, lm.symbol_id(symbol), math.log(max(as_is, 1e-12)), ""))


@lru_cache(maxsize=1 << 17)
def _abbreviation_symbol(form: str) -> int:
    """The model's symbol for a word; the abbreviation ``gd&đt`` counts as ``gdđt``.

    Cached: every candidate list asks it for each of its thirty readings, and the same
    syllables (``các``, ``cắc``...) are readings of token after token.
    """
    return model().symbol_id(word_symbol(form.replace("&", "")))


@cache
def capital_d_readings() -> frozenset[str]:
    """The capitals an English engine makes of a capital ``Đ``, by its learned channel: the
    first letters of its readings of ``đ`` at CAPITAL_D_SHARE or more (``D``, ``B``)."""
    forward = letter_channel("eng").forward.get("đ", {})
    return frozenset(read[0].upper() for read, logp in forward.items() if read and math.exp(logp) >= CAPITAL_D_SHARE)


@lru_cache(maxsize=65536)
def _candidates(lower: str, symbol: str, mix: Mix, no_capital_d: bool = False) -> tuple[Candidate, ...]:
    """The readings of a lowercase token under ``mix``, likeliest first, itself included;
    ``no_capital_d`` says that it was written starting with none of :func:`capital_d_readings`.

    Each reading's probability adds up what the channels give it: accent restoration (every
    seen syllable with the token's letters), a reviewed ``Đ`` abbreviation, and, in OCR text,
    the English engine's learned misreadings and the rapidfuzz neighbours
    (:func:`_wants_neighbours`).
    """
    lm = model()
    keep = Candidate(lower, lm.symbol_id(symbol), 0.0, "")
    if mix.trust_accents and not lower.isalpha():
        return (keep,)
    if mix.trust_accents and has_accents(lower):
        return _misread_marks(lower, keep)
    if mix.trust_accents and lower.isalpha() and lower not in lm.surfaces and not is_syllable(lower):
        return _misread_letter(lower, keep)
    scores: dict[str, tuple[float, str]] = {}
    key = strip_accents(lower)
    abbreviation = abbreviation_for(key)
    if abbreviation:
        scores[abbreviation] = (mix.stripped + mix.ocr, "abbreviation")
    forms = lm.surfaces.get(key, []) if lower.isalpha() else []
    total = sum(count for _, count in forms)
    seen = [word for word, count in forms if count >= MIN_SHARE * total and count > 0]
    for word in seen:
        scores[word] = (mix.stripped, "accent")
    if not seen:
        for word, _ in forms:
            scores[word] = (mix.stripped * math.exp(UNSEEN_COST), "accent")
    if mix.ocr > 0 and (not scores or mix.english_ocr):
        fuzzy = _wants_neighbours(lower, no_capital_d, total, seen)
        misread, near = _english_ocr_readings(lower, fuzzy)
        for word, p in misread.items():
            previous, reason = scores.get(word, (0.0, "confusion"))
            scores[word] = (previous + mix.ocr * p, reason)
        for word, p in near.items():
            if word not in scores:
                scores[word] = (mix.ocr * p, "fuzzy")
    out = [
        Candidate(word, _abbreviation_symbol(word), math.log(p), reason)
        for word, (p, reason) in sorted(scores.items(), key=lambda item: -item[1][0])[:MAX_CANDIDATES]
        if p > 0
    ]
    number = as_digits(lower)
    if mix.ocr > 0 and not lower.isalpha() and number.isdigit():  # "l2" is 12 read with an l
        out.append(Candidate(number, lm.symbol_id(NUM), math.log(mix.ocr * DIGIT_LOOKALIKE), "confusion"))
    placed = place_tone(lower)  # "hoà" printed the old way is the model's "hòa", kept as printed
    if placed != lower:
        out = [c for c in out if c.text != placed]
    if lower.isalpha() and any(word == placed for word, _ in forms):
        as_is = mix.keep  # a real word, written without its accents on purpose
    else:  # a name or code, or OCR damage: as likely as the document is clean
        as_is = (1.0 - mix.ocr) * math.exp(UNKNOWN_COST)
    if not any(c.text == lower for c in out):
        out.append(Candidate(lower, keep.symbol, math.log(max(as_is, 1e-12)), ""))
    return tuple(out)


def _wants_neighbours(lower: str, no_capital_d: bool, total: int, seen: list[str]) -> bool:
    """Whether an OCR token (``lower``; ``no_capital_d``: written starting with none of
    :func:`capital_d_readings`) gets the syllables near its letters (:func:`_fuzzy_neighbours`) as
    candidates, given how often its letters were seen (``total``) and its seen accented forms.

    Not a lone letter beside no other (MIN_FUZZY_LETTERS), nor two letters alone. Nor a word
    in plain letters that spell a common syllable (COMMON_LETTERS): ``thuc`` is one of
    ``thục``, ``thực``, ``thúc``, ``thức`` or the engine's learned misreadings of another
    (``thước``), hardly a letter it never confuses gone wrong (``thua``, ``thuế``, ``phục``);
    yet those twenty neighbours were half of an English engine's page's candidates, and
    most of the pairs the decoder scores. A capital ``B`` or ``D`` first (``Boi`` for ``Đổi``:
    real scans read ``Đ`` as ``B``), an engine's Latin-1 mark (``ném`` for ``năm``) or a rare
    spelling (``boat``, 19 times, for ``hoạt``) keeps them.

    >>> _wants_neighbours("thuc", True, 5000, ["thục", "thực"]), _wants_neighbours("boi", False, 5000, ["bởi"])
    (False, True)
    """
    if sum(c.isalpha() for c in lower) < MIN_FUZZY_LETTERS or (len(lower) < 3 and lower.isalpha()):
        return False
    common = no_capital_d and lower.isascii() and total >= COMMON_LETTERS and any(is_syllable(w) for w in seen)
    return not common


@cache
def abbreviations() -> dict[str, str]:
    """Reviewed abbreviations with ``Đ`` (``data/abbreviations.tsv``), by accent-free key."""
    return {strip_accents(row[0].lower()): row[0].lower() for row in data_rows("abbreviations.tsv")}


def abbreviation_for(key: str) -> str | None:
    """The accented form of an abbreviation, also with an office letter in front of it
    (``sgddt`` -> ``sgdđt``, ``pgd&dt`` -> ``pgd&đt``).

    >>> abbreviation_for("gddt"), abbreviation_for("gd&dt"), abbreviation_for("thcs")
    ('gdđt', 'gd&đt', None)
    """
    table = abbreviations()
    if key in table:
        return table[key]
    for cut in (1, 2):
        tail = table.get(key[cut:])
        if tail and len(key) - cut >= 3:
            return key[:cut] + tail
    return None


@dataclass(frozen=True, slots=True)
class LetterChannel:
    """What an OCR engine made of each letter (and syllable), both ways round."""

    #: true letter -> {what was read: log-probability}
    forward: dict[str, dict[str, float]]
    #: what was read -> [(true letter, log-probability of that reading)]
    inverse: dict[str, list[tuple[str, float]]]
    #: true syllable -> {OCR token: probability}, from whole aligned syllables
    words: dict[str, dict[str, float]]
    #: OCR token -> [true syllables it was seen for]
    seen_for: dict[str, list[str]]


@cache
def letter_channel(engine: str = "eng") -> LetterChannel:
    """Load the learned channel tables of an engine (``channel_letters.tsv``,
    ``channel_words.tsv``; ``channel_*_vie.tsv`` for the Vietnamese one).

    A toned letter is rare next to its toneless base (``ự`` against ``ư``), so each toned
    letter also borrows its base's readings at a lower weight: ``ự`` is read ``ur`` because
    ``ư`` is. For the English engine every letter can also be read as its accent-free self
    (``STRIPPED_SHARE``), and the reviewed prior of visual confusions is added.
    """
    suffix = "" if engine == "eng" else f"_{engine}"
    counts: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for letter, read, seen in lexicon_rows(f"channel_letters{suffix}.tsv"):
        if int(seen) >= MIN_REWRITE_COUNT:
            counts[letter][read] += int(seen)
    stripped_share = STRIPPED_SHARE if engine == "eng" else 0.0
    for letter, read, pseudo in _confusion_prior() if engine == "eng" else ():
        counts[letter][read] += pseudo
    for letter in list(counts):
        base = strip_tone(letter)
        if base != letter and base in counts:
            share = sum(counts[letter].values()) or 1.0
            base_total = sum(counts[base].values())
            for read, n in list(counts[base].items()):
                counts[letter][read] += BORROW * share * n / base_total
        counts[letter][strip_accents(letter)] += 0.5 + stripped_share * sum(counts[letter].values())
    forward: dict[str, dict[str, float]] = {}
    inverse: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for letter, reads in counts.items():
        total = sum(reads.values())
        forward[letter] = {r: math.log(n / total) for r, n in reads.items()}
        for read, logp in forward[letter].items():
            if logp > math.log(MIN_INVERSE_P):
                inverse[read].append((letter, logp))
    word_counts: dict[str, dict[str, int]] = defaultdict(dict)
    for true, read, count in lexicon_rows(f"channel_words{suffix}.tsv"):
        word_counts[true][read] = int(count)
    words: dict[str, dict[str, float]] = {}
    seen_for: dict[str, list[str]] = defaultdict(list)
    for true, by_read in word_counts.items():
        total = sum(by_read.values())
        words[true] = {r: n / total for r, n in by_read.items()}
        for read, n in by_read.items():
            if n >= 2:
                seen_for[read].append(true)
    return LetterChannel(forward, dict(inverse), words, dict(seen_for))


def _confusion_prior() -> list[tuple[str, str, float]]:
    """The reviewed prior of visual confusions (``data/ocr_confusions.tsv``)."""
    return [(letter, read, float(count)) for letter, read, count in data_rows("ocr_confusions.tsv")]


@cache
def _known() -> tuple[frozenset[str], frozenset[str]]:
    """Seen Vietnamese syllables, and every prefix of one (to prune the letter search).

    Most surfaces (names, foreign words, codes) are no syllable, and an accent-free key that
    is not spelt like one (:data:`SYLLABLE_KEY`) rules out all its forms at one look.
    """
    surfaces = model().surfaces
    words = frozenset(
        w
        for key, forms in surfaces.items()
        if SYLLABLE_KEY.fullmatch(key)
        for w, n in forms
        if n > 0 and is_syllable(w)
    )
    prefixes = frozenset(w[:i] for w in words for i in range(1, len(w) + 1))
    return words, prefixes


def ocr_probability(read: str, true: str, engine: str = "eng") -> float:
    """P(the English engine reads ``true`` as ``read``): from whole syllables where the
    training pairs saw ``true`` often, else letter by letter (best alignment).

    >>> ocr_probability("hgc", "học") > ocr_probability("hgc", "hắc")
    True
    """
    return _ocr_probabilities(read, [true], _letter_logps(read, [true], engine), engine)[true]


def _ocr_probabilities(read: str, trues: list[str], logps: list[float], engine: str) -> dict[str, float]:
    """:func:`ocr_probability` of ``read`` for each of ``trues``, given their letter alignments."""
    channel = letter_channel(engine)
    out: dict[str, float] = {}
    for true, logp in zip(trues, logps, strict=True):
        seen = channel.words.get(true)
        letters = math.exp(logp)
        out[true] = 0.5 * seen.get(read, 0.0) + 0.5 * letters if seen and len(seen) >= 3 else letters
    return out


def _letter_logps(read: str, trues: list[str], engine: str = "eng") -> list[float]:
    """log P(read | true) for each of ``trues``, along the best letter alignment (each true
    letter -> 0-3 read chars).

    One dynamic programme over all of them at once, a numpy row per word: a token has a
    hundred candidate syllables to score, and a Python loop per syllable was most of the
    restorer's time on OCR text. Row ``i`` holds the best log-probability of each prefix of
    ``read`` given the word's first ``i`` letters; every entry is the same sum of the same
    float64 terms as a one-word loop would make, the best of them taken (a maximum is exact
    in any order), so the results are equal.

    Row ``i + 1`` at ``j`` is the best over k = 0-3 of row ``i`` at ``j - k`` plus letter ``i``
    read as the ``k`` characters ending at ``j``: a window of four over the row (three -inf
    columns in front of it) added to the steps laid out by where they end
    (:func:`_read_steps`), then its maximum: four numpy calls a letter where the shifted
    slices took ten, and a token has only four characters or so, which made most of the time
    those calls' own.
    """
    if len(trues) < FEW_WORDS:
        return [_letter_logp(read, true, engine) for true in trues]
    m = len(read)
    index = _alphabet(engine)
    arrive = _read_steps(read, engine)
    lengths = np.fromiter(map(len, trues), dtype=np.intp, count=len(trues))
    codes = np.zeros((len(trues), int(lengths.max())), dtype=np.intp)  # letter ids, word by word
    letters = chain.from_iterable(trues)
    codes[np.arange(codes.shape[1]) < lengths[:, None]] = np.fromiter(
        map(index.get, letters, repeat(len(index))), dtype=np.intp, count=int(lengths.sum())
    )
    best = np.full((len(trues), m + 4), -math.inf)  # column 3 + j: the best of read[:j]; 0-2: -inf
    best[:, 3] = 0.0
    across, down = best.strides
    # [t, word, j]: best[j - 3 + t], a view made directly (as_strided's checks cost more than the letters)
    window = np.ndarray((4, len(trues), m + 1), dtype=best.dtype, buffer=best, strides=(down, across, down))
    grown = np.empty(window.shape)
    ends = np.empty((len(trues), codes.shape[1] + 1))  # best at m after each letter (the 0th: none)
    ends[:, 0] = best[:, m + 3]
    for i in range(codes.shape[1]):
        np.add(window, np.take(arrive, codes[:, i], axis=1), out=grown)  # letter i of each word, ending at j
        np.maximum.reduce(grown, axis=0, out=best[:, 3:])
        ends[:, i + 1] = best[:, m + 3]
    return ends[np.arange(len(trues)), lengths].tolist()


@lru_cache(maxsize=65536)
def _letter_logp(read: str, true: str, engine: str = "eng") -> float:
    """log P(read | true) along the best letter alignment, for one word: the loop
    :func:`_letter_logps` runs for many at once."""
    forward = letter_channel(engine).forward
    n, m = len(true), len(read)
    best = [[-math.inf] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    pieces = _read_pieces(read)
    for i in range(n):
        reads = forward.get(true[i], {})
        row, grown = best[i], best[i + 1]
        for j in range(m + 1):
            here = row[j]
            if here == -math.inf:
                continue
            for end, piece, unseen in pieces[j]:
                score = here + reads.get(piece, unseen)
                if score > grown[end]:
                    grown[end] = score
    return best[n][m]


@lru_cache(maxsize=8192)
def _read_pieces(read: str) -> tuple[tuple[tuple[int, str, float], ...], ...]:
    """Each piece of a token, by where it starts: (where it ends, the piece, its log-probability
    unseen), for k = 0-3 characters. Cut once per token, not once per syllable it is aligned
    with (:func:`_letter_logp` aligns a token with each of its few candidates in turn)."""
    m = len(read)
    return tuple(tuple((j + k, read[j : j + k], _unseen(k)) for k in range(min(3, m - j) + 1)) for j in range(m + 1))


def _unseen(k: int) -> float:
    """log P(a letter is read as ``k`` characters no training pair showed it read as): FLOOR
    for one character, and FLOOR's square root more for each character gained or lost
    (FLOOR**1.5 for none or two, FLOOR**2 for three).

    A letter read as a piece of three is the engine's junk swallowed by one letter: priced like
    a piece of two, ``càng`` (``c`` read ``cir``) came about two nats behind ``cường`` for
    ``cirang``, where ``ư`` read ``ir`` is the engine's own slip.

    >>> [round(_unseen(k) / math.log(FLOOR), 1) for k in range(4)]
    [1.5, 1.0, 1.5, 2.0]
    """
    return (1.0 + 0.5 * abs(k - 1)) * math.log(FLOOR)


@cache
def _alphabet(engine: str) -> dict[str, int]:
    """The letters the engine's channel knows, numbered; :func:`_read_steps` gives one more row
    (numbered ``len``) to every other letter."""
    return {letter: i for i, letter in enumerate(letter_channel(engine).forward)}


def _read_steps(read: str, engine: str) -> np.ndarray:
    """log P(a true letter is read as ``read[j - k : j]``) by (3 - k, letter, j), -inf before
    the start, for each letter of :func:`_alphabet` and a last row for any other: laid out by
    where a piece ends, as :func:`_letter_logps` adds them to a window of its row.

    A letter the training pairs never saw read so gets :func:`_unseen`: a misreading nobody
    showed is not impossible. The pieces of a token
    (``"a"``, ``"ng"``...) recur from token to token: each piece's column over the alphabet is
    made once (:func:`_piece_column`).
    """
    m = len(read)
    spans, rows, ends = _spans(m)
    columns = np.array([_piece_column(read[j : j + k], engine) for j, k in spans])  # a row per piece
    steps = np.full((4, columns.shape[1], m + 1), -math.inf)
    steps[rows, :, ends] = columns
    return steps


@cache
def _spans(m: int) -> tuple[tuple[tuple[int, int], ...], np.ndarray, np.ndarray]:
    """The pieces of a token of ``m`` characters, (start, length) for lengths 0-3, and where
    :func:`_read_steps` lays each out: the row ``3 - length`` and the column where it ends.
    The same for every token of that length: made once, not once per token."""
    spans = tuple((j, k) for j in range(m + 1) for k in range(min(3, m - j) + 1))
    at_j, at_k = np.array(spans).T
    return spans, 3 - at_k, at_j + at_k


@lru_cache(maxsize=8192)
def _piece_column(piece: str, engine: str) -> np.ndarray:
    """log P(each letter of :func:`_alphabet`, then any other, is read as ``piece``)."""
    unseen = _unseen(len(piece))
    column = [reads.get(piece, unseen) for reads in letter_channel(engine).forward.values()]
    return np.array([*column, unseen])


@cache
def _prefix_children() -> dict[str, dict[str, str]]:
    """For each prefix of a seen syllable (``""`` included), the letters that make it a longer
    prefix, and that prefix: the beam of :func:`ocr_readings` grows a reading only along these,
    so it looks at a handful of letters instead of every letter the channel could put there."""
    _, prefixes = _known()
    children: dict[str, dict[str, str]] = defaultdict(dict)
    for prefix in prefixes:
        children[prefix[:-1]][prefix[-1]] = prefix
    return dict(children)


def _inverse_moves(read: str, engine: str) -> list[dict[str, list[tuple[int, float]]]]:
    """For each position ``j`` of ``read``: the true letters the engine could have read as
    ``read[j : j + k]`` (k = 0-3), each with the positions ``j + k`` it leads to and the
    log-probability of the reading. Worked out once per token, not once per partial reading."""
    return [_moves_at(read[j : j + 3], j, engine) for j in range(len(read) + 1)]


@lru_cache(maxsize=16384)
def _moves_at(window: str, j: int, engine: str) -> dict[str, list[tuple[int, float]]]:
    """:func:`_inverse_moves` at position ``j`` of a token whose next characters are ``window``
    (up to three): they alone decide it, and tokens share them (``ong`` ending at 2 in
    ``thong``, ``trong``...), so each is worked out once. Cached and shared: read it, never
    change it."""
    inverse = letter_channel(engine).inverse
    here: dict[str, list[tuple[int, float]]] = {}
    for k in range(len(window) + 1):
        for letter, step in inverse.get(window[:k], ()):
            if letter in here:
                here[letter].append((j + k, step))
            else:
                here[letter] = [(j + k, step)]
    return here


def ocr_readings(read: str, engine: str = "eng") -> dict[str, float]:
    """Syllables the English engine could have read as ``read``, with P(read | syllable)."""
    guesses = _ocr_guesses(read, engine)
    found = _ocr_probabilities(read, guesses, _letter_logps(read, guesses, engine), engine)
    return {w: p for w, p in found.items() if p > FLOOR**4}


@lru_cache(maxsize=65536)
def _english_ocr_readings(read: str, fuzzy: bool) -> tuple[dict[str, float], dict[str, float]]:
    """:func:`ocr_readings` of a token and, if ``fuzzy``, its near syllables
    (:func:`_fuzzy_neighbours`) with P(read | syllable) letter by letter.

    The two lists share most of their letters and many of their syllables: their alignments
    are done in one batch. Cached (the dicts are shared: read them, never change them): a word
    written both capitalised and not (``Thong``, ``thong``) has two sets of candidates, told
    apart by :func:`_wants_neighbours`, and most of the time the same readings under them.
    """
    guesses = list(_english_guesses(read))
    near = _fuzzy_neighbours(read) if fuzzy else []
    trues = list(dict.fromkeys([*guesses, *near]))
    logps = dict(zip(trues, _letter_logps(read, trues), strict=True))
    found = _ocr_probabilities(read, guesses, [logps[w] for w in guesses], "eng")
    return {w: p for w, p in found.items() if p > FLOOR**4}, {w: math.exp(logps[w]) for w in near}


@lru_cache(maxsize=65536)
def _english_guesses(read: str) -> tuple[str, ...]:
    """:func:`_ocr_guesses` of the English engine, once per token: a common syllable's
    readings with its neighbours (capitalised) and without them (in lowercase) share them."""
    return tuple(_ocr_guesses(read, "eng"))


def _ocr_guesses(read: str, engine: str) -> list[str]:
    """What the engine could have read as ``read``, each once, to be scored.

    Two sources: syllables the training pairs saw read exactly so, and a beam search that
    rewrites ``read`` letter by letter through the inverse channel (``ir`` -> ``ư``, ``g`` ->
    ``ọ``, ``6`` -> ``ố``), keeping only prefixes of real syllables.
    """
    words, _ = _known()
    children = _prefix_children()
    moves = _inverse_moves(read, engine)
    beam: list[tuple[float, int, str]] = [(0.0, 0, "")]
    complete: dict[str, float] = {}
    for _ in range(len(read) + 3):
        expanded: list[tuple[float, int, str]] = []
        append = expanded.append
        for logp, j, prefix in beam:
            if j == len(read) and prefix in words:
                complete[prefix] = max(complete.get(prefix, -math.inf), logp)
            kids = children.get(prefix)
            if not kids:
                continue
            here = moves[j]
            # the letters both lists hold, found by walking the shorter one (same pairs, fewer looks)
            if len(here) < len(kids):
                for letter, steps in here.items():
                    grown = kids.get(letter)
                    if grown is not None:
                        for end, step in steps:
                            append((logp + step, end, grown))
            else:
                for letter, grown in kids.items():
                    steps = here.get(letter)
                    if steps:
                        for end, step in steps:
                            append((logp + step, end, grown))
        if not expanded:
            break
        expanded.sort(reverse=True)  # heapq.nlargest's order, in C; equal entries are the same tuple
        beam = expanded[:BEAM]
    return list(dict.fromkeys([*letter_channel(engine).seen_for.get(read, []), *complete]))


def _fuzzy_neighbours(read: str) -> list[str]:
    """Syllables whose letters are within one edit of the token's (two for long tokens):
    misreadings the training pairs never showed (``boat`` for ``hoạt``, ``Boi`` for ``Đổi``)
    still get a candidate the language model can pick."""
    forms = _fuzzy_forms()
    found: list[str] = []
    key = strip_accents(read)
    limit = 1 if len(key) < 5 else 2
    for near, _score, _index in process.extract(
        key, _fuzzy_keys_near(len(key), limit), scorer=Levenshtein.distance, score_cutoff=limit, limit=FUZZY_LIMIT
    ):
        found.extend(forms[near])
    return found


@lru_cache(maxsize=64)
def _fuzzy_keys_near(length: int, limit: int) -> list[str]:
    """:func:`_fuzzy_keys` of ``length`` letters give or take ``limit``, in their order.

    A key whose length is further off is more than ``limit`` edits away, which rapidfuzz would
    find out key by key: a third of its time went on them. Ties keep the order of the keys
    (rapidfuzz sorts equal distances by index), so the neighbours come in the same order.
    """
    return [key for key in _fuzzy_keys() if abs(len(key) - length) <= limit]


@cache
def _fuzzy_keys() -> list[str]:
    """Accent-free keys of seen syllables, for rapidfuzz."""
    words, _ = _known()
    return sorted({strip_accents(w) for w in words})


@cache
def _fuzzy_forms() -> dict[str, list[str]]:
    """For each of :func:`_fuzzy_keys`, its seen syllables in the lexicon's order: what a near
    key offers, listed once instead of once per token near it."""
    words, _ = _known()
    surfaces = model().surfaces
    return {key: [w for w, count in surfaces.get(key, ()) if count > 0 and w in words] for key in _fuzzy_keys()}
