"""Unicode repair: NFC and one tone-mark convention.

Scanned-and-OCRed or copy-pasted Vietnamese mixes precomposed and decomposed letters (``ệ`` as
one code point or as ``e`` + two combining marks) and two conventions for where the tone mark
sits on ``oa``/``oe``/``uy`` (``hoà`` / ``hòa``). Both make equal words compare unequal.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING

import regex

from viplan_ocr.document import Change, apply_changes
from viplan_ocr.vietnamese.syllables import TONE_MARKS, is_syllable, place_tone, strip_accents, tone_of

if TYPE_CHECKING:
    from viplan_ocr.normalize import CleanConfig
    from viplan_ocr.normalize.origins import Origins


#: A run of text or of whitespace: NFC never composes across the boundary between them.
_TOKEN = regex.compile(r"\S+|\s+")
#: Control characters but tab, line feed and form feed (C0, DEL and C1), unassigned code points
#: and lone surrogates, in runs: no font draws them, so no document holds them as text.
_CONTROL = regex.compile(r"[\x00-\x08\x0b\x0d-\x1f\x7f-\x9f\p{Cn}\p{Cs}]+")
#: Icelandic eth, which Vietnamese fonts and keyboards confuse with the Vietnamese đ.
_ETH = str.maketrans({"Ð": "Đ", "ð": "đ"})


def remove_controls(text: str, config: CleanConfig, origins: Origins | None = None) -> tuple[str, list[Change]]:
    r"""Remove NUL and the other control characters (tab, line feed and form feed aside), and
    code points Unicode has not assigned.

    They are no text: binary junk, a broken conversion, a stray carriage return. Left in, JSON
    escapes them and a terminal obeys them; each run removed is a change, so it is counted.
    Unassigned code points were also judged noise or not by the words beside them, which
    restoration then changed, so a second cleaning removed what the first had kept.

    >>> from viplan_ocr.normalize import CleanConfig
    >>> text, changes = remove_controls("Kế\x00 hoạch\x07\x1b năm", CleanConfig())
    >>> text, [(c.before, c.after) for c in changes]
    ('Kế hoạch năm', [('\x00', ''), ('\x07\x1b', '')])
    """
    changes = [Change("controls", m.start(), m.end(), m.group(), "", "control", 1.0) for m in _CONTROL.finditer(text)]
    if not changes:
        return text, []
    return apply_changes(text, changes), changes


def fix_unicode(text: str, config: CleanConfig, origins: Origins | None = None) -> tuple[str, list[Change]]:
    """Normalise to NFC, and write the Vietnamese ``Đ`` where the look-alike ``Ð`` stands.

    Text pasted from old Vietnamese fonts or typed with some keyboards carries ``Ð`` (U+00D0,
    Icelandic eth) for ``Đ`` (U+0110): they look the same but do not compare equal.

    >>> from viplan_ocr.normalize import CleanConfig
    >>> fix_unicode("Ðào tạo", CleanConfig())[0]
    'Đào tạo'
    """
    fixed = unicodedata.normalize("NFC", text).translate(_ETH)
    if fixed == text:
        return text, []
    # One change per token, so that each is anchored to its own line and word (combining marks
    # never cross whitespace, so token by token gives the same text).
    changes = []
    for match in _TOKEN.finditer(text):
        token = match.group()
        after = unicodedata.normalize("NFC", token).translate(_ETH)
        if after != token:
            changes.append(Change("unicode", match.start(), match.end(), token, after, "unicode", 1.0))
    return apply_changes(text, changes), changes


_WORD = regex.compile(r"\p{L}+")
_TONES = frozenset(TONE_MARKS)


def _tone_count(word: str) -> int:
    """How many tone marks a word carries: a syllable has at most one.

    >>> _tone_count("hoà"), _tone_count("ọạ")
    (1, 2)
    """
    return sum(char in _TONES for char in unicodedata.normalize("NFD", word))


#: The vowel pairs whose tone mark may sit on either vowel (``hoà``/``hòa``).
_TWO_WAY = ("oa", "oe", "uy")


@lru_cache(maxsize=65536)
def _placements(word: str) -> tuple[str, str]:
    """A syllable with its tone mark where the new convention puts it, and where the old one does."""
    return place_tone(word), place_tone(word, old_style=True)


def _seen(syllable: str) -> bool:
    """Whether the corpus has the syllable as it is spelt, tone mark and all."""
    from viplan_ocr.lexicon import model

    return any(form == syllable and count > 0 for form, count in model().surfaces.get(strip_accents(syllable), ()))


def fix_tone_marks(text: str, config: CleanConfig, origins: Origins | None = None) -> tuple[str, list[Change]]:
    """Put the tone mark of ``oa``/``oe``/``uy`` syllables where ``config.tone_style`` says, and
    a mark where neither convention puts it in its one place.

    The 1984 school rule and older print disagree on ``hoà``/``hòa``, ``khoẻ``/``khỏe``,
    ``thuỷ``/``thủy``; a document mixing both reads as two spellings of one word, which a
    user searching it may want made one (``new`` or ``old``). The default, ``keep``, moves none
    of those: a reading of the archive keeps the marks where they are printed. Every other tone
    mark has a single accepted place, and one found elsewhere (``khaí``, ``Taì``: a VNI text
    layer that set the mark after the last vowel) is moved there in every style, when that
    makes a word of three letters or more the corpus has (not junk's ``iạ``).

    >>> from viplan_ocr.normalize import CleanConfig
    >>> fix_tone_marks("Hoà bình, sức khoẻ, thủy lợi", CleanConfig())[0]
    'Hoà bình, sức khoẻ, thủy lợi'
    >>> fix_tone_marks("Hoà bình, sức khoẻ, thủy lợi", CleanConfig(tone_style="new"))[0]
    'Hòa bình, sức khỏe, thủy lợi'
    >>> fix_tone_marks("Hòa bình, sức khỏe, thủy lợi", CleanConfig(tone_style="old"))[0]
    'Hoà bình, sức khoẻ, thuỷ lợi'
    >>> fix_tone_marks("Các khaí niệm, Taì liệu, hoà bình", CleanConfig())[0]
    'Các khái niệm, Tài liệu, hoà bình'
    """
    style = str(config.tone_style)
    changes: list[Change] = []
    parts: list[str] = []
    last = 0
    for match in _WORD.finditer(text):
        word = match.group()
        if not tone_of(word) or _tone_count(word) > 1 or not is_syllable(word.lower()):
            continue  # "ọạ": damage, not a convention; moving a mark lost the other
        new, old = _placements(word)
        if new == old:  # one accepted place: moved there only into a word the corpus has
            if new == word or len(word) < 3 or not _seen(new.lower()):
                continue
            placed = new
        elif style == "keep" or not any(pair in strip_accents(word.lower()) for pair in _TWO_WAY):
            continue
        else:
            placed = old if style == "old" else new
        if placed != word:
            changes.append(Change("tone", match.start(), match.end(), word, placed, "tone", 1.0))
            parts.extend((text[last : match.start()], placed))
            last = match.end()
    if not changes:
        return text, []
    parts.append(text[last:])
    return "".join(parts), changes
