"""Splitting text into the tokens the language model counts.

The build script and the restorer must see text the same way, or the model's statistics would
not match what the decoder asks for; both use :data:`TOKEN` and :func:`lm_symbol` from here.
A *word* is a run of letters (Vietnamese or not); numbers and punctuation become their own
symbols so that ``số 342/KH`` and ``ngày 08/02/2022`` give the model context, not noise.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from viplan_ocr.vietnamese.syllables import canonical, is_syllable

#: One token: a word (letters), a number (``2022``, ``0,05``) or one other visible character.
TOKEN = regex.compile(r"(?P<word>\p{L}[\p{L}\p{M}]*)|(?P<num>\d+(?:[.,]\d+)*)|(?P<other>[^\s\p{L}\p{M}\d])")

UNK, BOS, EOS, NUM = "<unk>", "<s>", "</s>", "<num>"
#: Symbols with fixed ids 0..3 in the vocabulary.
SPECIAL = (UNK, BOS, EOS, NUM)


@lru_cache(maxsize=1 << 17)
def word_symbol(word: str) -> str:
    """The language-model symbol of a word: lowercase, with spelling variants pooled.

    >>> word_symbol("Lí"), word_symbol("UBND")
    ('lý', 'ubnd')
    """
    lower = word.lower()
    return canonical(lower) if is_syllable(lower) else lower


def lm_symbol(match: regex.Match[str]) -> str:
    """The language-model symbol of a :data:`TOKEN` match."""
    if match.lastgroup == "word":
        return word_symbol(match.group())
    if match.lastgroup == "num":
        return NUM
    return match.group()


def line_symbols(line: str) -> list[str]:
    """A line as the model sees it, between sentence boundaries.

    >>> line_symbols("Số 342/KH-SGDĐT, ngày 08/02/2022")
    ['<s>', 'số', '<num>', '/', 'kh', '-', 'sgdđt', ',', 'ngày', '<num>', '/', '<num>', '/', '<num>', '</s>']
    """
    return [BOS, *(lm_symbol(m) for m in TOKEN.finditer(line)), EOS]
