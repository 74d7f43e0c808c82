"""How good is a piece of extracted text? Measures that decide between text layer, decoding and OCR.

A PDF's text layer is not always text. Fonts without a Unicode map give ``(cid:12)`` runs or
U+FFFD; broken ones give symbols; a scanner's own OCR engine, run without Vietnamese, leaves an
invisible layer of ``Chirong trinh hanh dong``; a legacy font gives ``KÕ ho¹ch``. These functions
put numbers on that, so routing can say why it chose what it chose.

A token counts as Vietnamese when it reads as one syllable in one of the three cases
(:func:`~viplan_ocr.vietnamese.syllables.reads_as_syllable`, the package's one syllable grammar).
"""

from __future__ import annotations

import unicodedata

import regex

from viplan_ocr.vietnamese.syllables import reads_as_syllable

_WORD = regex.compile(r"[\p{L}\p{M}]+")
_CID = regex.compile(r"\(cid:\d+\)")
# Characters a real text layer is made of: letters, digits, spaces, ordinary punctuation.
_TEXT_CHARS = r"\p{L}\p{M}\p{N}\s.,;:!?()\[\]\"'/%+\-–—_…“”‘’«»&*=<>#@°|"
_ORDINARY = regex.compile(f"[{_TEXT_CHARS}]")
_ODD = regex.compile(f"[^{_TEXT_CHARS}]")
_VIETNAMESE_LETTER = regex.compile(r"[ăâđêôơưĂÂĐÊÔƠƯ\u0300-\u0303\u0309\u0323]")


def vietnamese_score(text: str) -> float:
    """Share of tokens that read as Vietnamese syllables; odd symbols count as failed tokens.

    >>> round(vietnamese_score("Kế hoạch thực hiện"), 2)
    1.0
    >>> vietnamese_score("KÕ ho¹ch thùc hiÖn") < 0.7
    True
    """
    words = _WORD.findall(unicodedata.normalize("NFC", text))
    odd = len(_ODD.findall(text))
    total = len(words) + odd
    if not total:
        return 0.0
    return sum(map(reads_as_syllable, words)) / total


def diacritic_share(text: str) -> float:
    """Share of words carrying a Vietnamese diacritic (about 0.6 to 0.8 in real Vietnamese prose).

    A text layer a scanner's English OCR engine left behind has almost none.

    >>> diacritic_share("Chirong trinh hanh dong vi tre em")
    0.0
    """
    words = _WORD.findall(unicodedata.normalize("NFD", text))
    if not words:
        return 0.0
    return sum(1 for w in words if _VIETNAMESE_LETTER.search(unicodedata.normalize("NFC", w) + w)) / len(words)


def garbage_reason(text: str) -> str | None:
    """Why a text layer is not usable text, or None when it looks like text.

    >>> garbage_reason("(cid:12)(cid:7)(cid:40) (cid:3)(cid:9)")
    'unmapped glyphs: 5 (cid:N) codes'
    >>> garbage_reason("Kế hoạch số 496/KH-PGDĐT") is None
    True
    """
    stripped = "".join(text.split())
    if not stripped:
        return "no text"
    cids = len(_CID.findall(text))
    if cids and cids * 8 / len(stripped) > 0.1:
        return f"unmapped glyphs: {cids} (cid:N) codes"
    replacement = text.count("\ufffd")
    if replacement / len(stripped) > 0.05:
        return f"{replacement} replacement characters (U+FFFD)"
    private = sum(1 for c in stripped if unicodedata.category(c) in ("Co", "Cn", "Cc"))
    if private / len(stripped) > 0.1:
        return f"{private} private-use or control characters"
    ordinary = len(_ORDINARY.findall(stripped))
    if ordinary / len(stripped) < 0.5:
        return f"mostly symbols: only {ordinary} of {len(stripped)} characters are letters, digits or punctuation"
    return None


__all__ = ["diacritic_share", "garbage_reason", "vietnamese_score"]
