"""Vietnamese syllables: accents, tone placement, spelling variants, what counts as a syllable.

The one home of the syllable grammar and of accent folding: extraction judges a text layer with
it, noise removal tells words from specks with it, the restorer and the model builder spell
with it, and the parser matches keywords on its folded shadow.

Vietnamese writes one syllable per space-separated word, each with at most one tone mark
(``à á ả ã ạ``) on top of up to one vowel mark (``ă â ê ô ơ ư``) and ``đ``. An English OCR
engine, an old keyboard driver or a careless copy drops some or all of these, so the restorer
works from the *accent-free key* of a token (``trường`` -> ``truong``) and ranks every syllable
sharing that key. Two writers may also spell the same word differently (``lí``/``lý``,
``hoà``/``hòa``); :func:`canonical` pools such variants so the language model counts them as one.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

import regex

#: Combining tone marks, in the order Vietnamese grammars list the tones (ngang has none).
TONE_MARKS = ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # huyền sắc hỏi ngã nặng
_TONE_SET = frozenset(TONE_MARKS)
#: The twelve vowel letters of Vietnamese, without tone marks.
VOWELS = "aăâeêioôơuưy"

#: A lowercase syllable: optional onset, a vowel cluster, an optional final consonant. Plain
#: ``re``: nothing here needs ``regex``, and ``re`` matches these short words three times faster.
_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?"
    r"([aăâeêioôơuưy]{1,3})"
    r"(?:ng|nh|ch|[cmnpt])?",
)
#: The vowel clusters of Vietnamese spelling (after the onset; ``qu``/``gi`` count as onsets).
_CLUSTERS = frozenset(
    "a ă â e ê i o ô ơ u ư y "
    "ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi ua uâ uê ui uô uơ uy ưa ưi ươ ưu yê "
    "oai oay oao oeo uây uôi uya uyê uyu ươi ươu yêu iêu".split()
)
#: Clusters that only occur before a final consonant (``ăn``, ``tiên``, ``muốn``, ``người``).
_CLOSED_ONLY = frozenset("ă â iê yê uô ươ uyê oă uâ".split())
#: Clusters that end the syllable themselves (a glide closes them: ``ai``, ``ao``, ``iêu``).
_OPEN_ONLY = frozenset(
    "ai ao au ay âu ây eo êu ia iu oi ôi ơi ui uơ ưa ưi ưu oai oay oao oeo uây uôi uya ươi ươu yêu iêu uyu".split()
)
#: Onsets after which ``i`` and ``y`` spell the same vowel (``kĩ``/``kỹ``, ``lí``/``lý``).
_IY_ONSETS = frozenset({"h", "k", "l", "m", "s", "t", "qu"})


@cache
def _strip_table() -> dict[int, str | None]:
    """Vietnamese letter -> bare Latin letter, for ``str.translate`` (stray combining marks
    are dropped; the look-alike ``Ð``/``ð`` of Icelandic counts as ``Đ``/``đ``)."""
    table: dict[int, str | None] = {ord("đ"): "d", ord("Đ"): "D", ord("ð"): "d", ord("Ð"): "D"}
    table.update(dict.fromkeys(range(0x0300, 0x0370)))
    for code in range(0x00C0, 0x1EFA):
        char = chr(code)
        base = unicodedata.normalize("NFD", char)
        if len(base) > 1 and base[0].isascii() and base[0].isalpha():
            table[code] = base[0]
    return table


@cache
def _tone_table() -> dict[int, str]:
    """Precomposed letter -> the same letter without its tone mark (vowel marks kept)."""
    table: dict[int, str] = {}
    for code in range(0x00C0, 0x1EFA):
        char = chr(code)
        parts = unicodedata.normalize("NFD", char)
        kept = "".join(p for p in parts if p not in _TONE_SET)
        if kept != parts:
            table[code] = unicodedata.normalize("NFC", kept)
    return table


def strip_accents(text: str) -> str:
    """Drop every diacritic, as an English keyboard or OCR engine does.

    >>> strip_accents("Trường Đại học Sư phạm")
    'Truong Dai hoc Su pham'
    """
    return text.translate(_strip_table())


def strip_tone(text: str) -> str:
    """Drop the tone marks only, keeping ``ă â ê ô ơ ư đ``.

    >>> strip_tone("trường học")
    'trương hoc'
    """
    return text.translate(_tone_table())


def tone_of(syllable: str) -> str:
    """The combining tone mark a syllable carries, or ``""`` for the level tone.

    >>> tone_of("Việt") == "\\u0323"
    True
    """
    for char in unicodedata.normalize("NFD", syllable):
        if char in _TONE_SET:
            return char
    return ""


def has_accents(token: str) -> bool:
    """Whether a token carries any Vietnamese diacritic (tone, vowel mark or ``đ``).

    >>> has_accents("hoc"), has_accents("học"), has_accents("Đa")
    (False, True, True)
    """
    return strip_accents(token) != token


#: The vowel marks a tone mark stacks on, over the letter: the circumflex (``â ê ô``) and breve (``ă``).
_STACKING = frozenset("\u0302\u0306")


def lost_stacked_mark(read: str, true: str) -> bool:
    """Whether ``read`` is ``true`` with one of two marks stacked over a vowel missing.

    The tone mark sits on the circumflex or breve (``Ố``, ``ố``, ``Ồ``, ``ẩ``), squeezed into the
    top of the line, and an OCR engine loses one of the two (``PHÓ`` for ``PHỐ``, ``thông`` for
    ``thống``, ``đây`` for ``đẩy``) while it stays sure of the word: on real pages at 300 dpi
    that was the commonest error left after cleaning. A tone mark added to a bare vowel
    (``MONG``, ``MỎNG``) or a horn (``Ơ``, beside the letter) is no such loss.

    >>> lost_stacked_mark("PHÓ", "PHỐ"), lost_stacked_mark("ĐÔNG", "ĐỒNG"), lost_stacked_mark("MONG", "MỎNG")
    (True, True, False)
    >>> lost_stacked_mark("TƠ", "TỜ"), lost_stacked_mark("PHỐ", "PHÓ"), lost_stacked_mark("ĐÓNG", "ĐỒNG")
    (False, False, False)
    """
    short, long = unicodedata.normalize("NFD", read), unicodedata.normalize("NFD", true)
    if len(long) != len(short) + 1:
        return False
    for index, char in enumerate(long):
        if unicodedata.combining(char) and long[:index] + long[index + 1 :] == short:
            start = index
            while start > 0 and unicodedata.combining(long[start - 1]):
                start -= 1
            end = index
            while end + 1 < len(long) and unicodedata.combining(long[end + 1]):
                end += 1
            marks = set(long[start : end + 1])
            return bool(marks & _STACKING) and bool(marks & _TONE_SET)
    return False


@cache
def fold(char: str) -> str:
    """One character lowercased and without diacritics; always exactly one character.

    >>> fold("Đ"), fold("Ự"), fold("%")
    ('d', 'u', '%')
    """
    if char in "đĐðÐ":
        return "d"
    base = unicodedata.normalize("NFD", char)[:1].lower()
    return base[0] if len(base) == 1 else char


def shadow(text: str) -> str:
    """The accent-free lowercase copy of ``text``, one character for one, for keyword matching.

    A match in the shadow is a span in the real text, so a reader matching ``chi tieu`` finds
    ``Chỉ tiêu``, ``CHỈ TIÊU`` and an English engine's ``Chi tieu`` alike.

    >>> shadow("Chỉ tiêu số 18: Tỷ lệ ĐẠT trên 99%")
    'chi tieu so 18: ty le dat tren 99%'
    >>> len(shadow("Nghị quyết")) == len("Nghị quyết")
    True
    """
    return "".join(fold(c) for c in text)


_NOT_LETTER = regex.compile(r"[^a-z]+")


def folded_letters(text: str) -> str:
    """The letters of ``text`` alone, accents and case aside, to compare two readings of a
    title: ``GIÁM ĐÓC,`` and ``Giám đốc`` alike.

    >>> folded_letters("GIÁM ĐÓC,") == folded_letters("Giám đốc")
    True
    """
    return _NOT_LETTER.sub("", shadow(text))


def is_syllable(token: str) -> bool:
    """Whether a lowercase token is spelt like one Vietnamese syllable (ignoring its tone).

    The vowel cluster must be one Vietnamese has, and ``ă``, ``â``, ``iê``, ``uô``, ``ươ``...
    need a final consonant: this rejects half-typed or OCR-broken forms such as ``cầ``,
    ``đườ`` or ``hứong`` that occur in any large corpus.

    >>> is_syllable("nghiêng"), is_syllable("trường"), is_syllable("thcs"), is_syllable("đườ")
    (True, True, False, False)
    """
    base = strip_tone(token)
    match = _SYLLABLE.fullmatch(base)
    if match is None:
        return False
    cluster, closed = match.group(1), match.end(1) < len(base)
    if cluster not in _CLUSTERS:
        return False
    if closed:
        return cluster not in _OPEN_ONLY
    return cluster not in _CLOSED_ONLY


#: The finals that close a syllable with a stop, and the only tones such a syllable carries:
#: the acute and the dot below (``học``, ``việt``; never ``hoc`` with a mark, ``viêt``).
STOP_FINALS = ("c", "ch", "p", "t")
STOP_TONES = frozenset(("\u0301", "\u0323"))


def mistoned(token: str) -> bool:
    """Whether a lowercase syllable closed by ``c``, ``ch``, ``p`` or ``t`` carries another tone
    than the two such a syllable may (the acute, the dot below), or none though it carries
    other marks: ``quôc``, ``tiêp``, ``thàc`` are no words, an engine lost or misread their
    tone; plain ``hoc`` is a word stripped of all its marks.

    >>> mistoned("quôc"), mistoned("thàc"), mistoned("quốc"), mistoned("hoc"), mistoned("thông")
    (True, True, False, False, False)
    """
    base = strip_tone(token)
    if not base.endswith(STOP_FINALS):
        return False
    tone = tone_of(token)
    return tone not in STOP_TONES if tone else not base.isascii()


def reads_as_syllable(word: str) -> bool:
    """Whether a word as written is one Vietnamese syllable: the strict grammar, one tone mark,
    and one of the three cases (``việt``, ``Việt``, ``VIỆT``).

    This is how extraction tells Vietnamese text from a broken text layer or an undecoded
    legacy font (``KÕ ho¹ch``), where case and stray marks matter.

    >>> reads_as_syllable("Nghiêng"), reads_as_syllable("hoỰch"), reads_as_syllable("Chirong"), reads_as_syllable("tiế")
    (True, False, False, False)
    """
    if not word or not (word.islower() or word.isupper() or (word[:1].isupper() and word[1:].islower())):
        return False
    lower = unicodedata.normalize("NFC", word.lower())
    if sum(unicodedata.normalize("NFD", lower).count(mark) for mark in TONE_MARKS) > 1:
        return False
    return is_syllable(lower)


#: A native syllable once its accents are lost: an onset (a bare ``p`` only starts loanwords),
#: one to three vowels, a final consonant.
_LOOSE = regex.compile(r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnrstvx])?[aeiouy]{1,3}(?:ng|nh|ch|[cmnpt])?")
#: How a native syllable begins once its accents are lost: an onset, then a vowel.
_LOOSE_START = regex.compile(r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnrstvx])?[aeiouy]")


def could_be_syllable(word: str) -> bool:
    """The loose grammar: whether a word, accents and case aside, is spelt like a native syllable.

    Text may have lost its accents (``trien`` for ``triển``), so this is what tells a word from
    a scanner's speck (``kl``, ``Pi``) before the accents are restored.

    >>> could_be_syllable("ho"), could_be_syllable("trien"), could_be_syllable("Pi"), could_be_syllable("kl")
    (True, True, False, False)
    """
    return _LOOSE.fullmatch(strip_accents(word).lower()) is not None


def starts_like_syllable(word: str) -> bool:
    """Whether a word, accents and case aside, begins the way a native syllable does.

    >>> starts_like_syllable("Truongg"), starts_like_syllable("kla"), starts_like_syllable("Nff")
    (True, False, False)
    """
    return _LOOSE_START.match(strip_accents(word).lower()) is not None


def _tone_position(base: str, old_style: bool) -> int | None:
    """Index of the vowel that takes the tone in a toneless lowercase syllable.

    The rules are the orthography's: a vowel with its own mark (``ơ`` in ``ươ``) takes it;
    with a final consonant the last vowel does (``hoàng``); in an open syllable the first of
    two vowels does (``mái``), except ``oa``/``oe``/``uy``, which the old style marks on the
    second vowel (``hoà``) and the new one on the first (``hòa``); three vowels: the middle.
    """
    match = _SYLLABLE.fullmatch(base)
    if match is None:
        return None
    start, end = match.span(1)  # "qu" and "gi" + vowel match as onsets: their u/i is no vowel
    cluster = base[start:end]
    if not cluster:
        return None
    for offset in range(len(cluster) - 1, -1, -1):
        if cluster[offset] in "ăâêôơư":
            return start + offset
    if len(cluster) == 1:
        return start
    if end < len(base):  # closed syllable
        return end - 1
    if len(cluster) == 3:
        return start + 1
    if cluster in ("oa", "oe", "uy"):
        return start + (1 if old_style else 0)
    return start


def add_tone(base: str, tone: str, old_style: bool = False) -> str:
    """Put a combining ``tone`` mark on a toneless syllable, where the convention wants it.

    >>> add_tone("truong", "\u0300"), add_tone("Hoa", "\u0300", old_style=True)
    ('truòng', 'Hoà')
    """
    position = _tone_position(base.lower(), old_style) if tone else None
    if position is None:
        return base
    marked = unicodedata.normalize("NFC", base[position] + tone)
    return base[:position] + marked + base[position + 1 :]


def place_tone(syllable: str, old_style: bool = False) -> str:
    """Re-place the tone mark of one syllable by the chosen convention, keeping its case.

    >>> place_tone("hoà"), place_tone("hòa", old_style=True), place_tone("Thuý")
    ('hòa', 'hoà', 'Thúy')
    """
    tone = tone_of(syllable)
    if not tone:
        return syllable
    return add_tone(strip_tone(syllable), tone, old_style)


def onset_of(base: str) -> str:
    """The initial consonant(s) of a lowercase syllable (``""`` if it has none).

    >>> onset_of("nghiêng"), onset_of("anh"), onset_of("gi"), onset_of("quốc")
    ('ngh', '', 'g', 'qu')
    """
    match = _SYLLABLE.fullmatch(strip_tone(base))
    return base[: match.start(1)] if match else ""


def canonical(syllable: str) -> str:
    """The spelling the language model counts a lowercase syllable under.

    Variants a writer may choose freely (``lí``/``lý``, ``kĩ``/``kỹ``, ``hoà``/``hòa``) share
    one canonical form so that their statistics pool.

    >>> canonical("lí"), canonical("hoà"), canonical("quí"), canonical("bi")
    ('lý', 'hòa', 'quý', 'bi')
    """
    syllable = place_tone(syllable)
    base = strip_tone(syllable)
    onset = onset_of(base)
    if onset in _IY_ONSETS and base[len(onset) :] == "i":
        return _to_y(syllable)
    return syllable


def _to_y(syllable: str) -> str:
    """``lí`` -> ``lý``: swap the final vowel ``i`` (with its tone) for ``y``."""
    decomposed = unicodedata.normalize("NFD", syllable)
    index = decomposed.rfind("i")
    return unicodedata.normalize("NFC", decomposed[:index] + "y" + decomposed[index + 1 :])


#: What a Latin engine reads a lowercase ``l`` as: a capital I, a bar, a one.
_TALL_L = ("I", "|", "1")


@lru_cache(maxsize=1 << 16)
def apply_case(pattern: str, word: str, capitals: bool = False) -> str:
    """Give ``word`` the case of ``pattern``, the token it replaces.

    A syllable is lowercase, Capitalised or ALL CAPS (an English engine reads ``á`` as ``A``
    inside ``cAc``: that is no capital); ALL CAPS only where the line is in capitals
    (``capitals``) or the pattern is longer than two letters, since ``BO`` for ``Bộ`` is a
    misread ``ộ``; in a line of capitals any word that starts with one (``THy’C``). Other
    words (abbreviations) keep the pattern letter by letter when they have as many letters
    (``TTg``), else its shape.

    >>> apply_case("TRUONG", "trường"), apply_case("cAc", "các"), apply_case("BO", "bộ")
    ('TRƯỜNG', 'các', 'Bộ')
    >>> apply_case("QD", "qđ"), apply_case("Chirong", "chương"), apply_case("KE", "kế", capitals=True)
    ('QĐ', 'Chương', 'KẾ')
    >>> apply_case("Ia", "là"), apply_case("Iuat", "luật"), apply_case("IUAT", "luật")
    ('là', 'luật', 'LUẬT')
    """
    letters = [c for c in pattern if c.isalpha()]
    upper = len(letters) > 1 and all(c.isupper() for c in letters)
    if pattern[:1] in _TALL_L and word[:1] == "l" and not upper:
        pattern = "l" + pattern[1:]  # ``Ia``, ``Iuat``: a lowercase l read as a capital I, no capital
    if is_syllable(word):
        if (upper and (capitals or len(letters) > 2)) or (capitals and pattern[:1].isupper()):
            return word.upper()
        return word[:1].upper() + word[1:] if pattern[:1].isupper() else word
    if len(pattern) == len(word):
        return "".join(w.upper() if p.isupper() else w for p, w in zip(pattern, word, strict=True))
    if upper:
        return word.upper()
    if pattern[:1].isupper():
        return word[:1].upper() + word[1:]
    return word
