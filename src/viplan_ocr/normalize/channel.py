"""What a damaged token could have been: the candidate readings the decoder chooses from.

Two kinds of damage reach the restorer. Diacritics dropped by a keyboard or an English OCR
engine leave the letters intact (``truong`` for ``trường``): the candidates are every known
syllable with those letters. An English OCR engine also misreads letters it has no model for
(``ư`` as ``ir``, ``ơ`` as ``a``, ``ọ`` as ``g``): those candidates come from a channel model of
such confusions, each with a log-probability cost that the language model must outweigh.
"""

from __future__ import annotations

from dataclasses import dataclass

from viplan_ocr.lexicon import model
from viplan_ocr.normalize.syllables import has_accents, strip_accents
from viplan_ocr.normalize.tokens import word_symbol

#: Share of a key's occurrences below which a seen accented form is not offered.
MIN_SHARE = 1e-4
#: Cost (nats) of offering a syllable that never occurred in the training text.
UNSEEN_COST = -6.0


@dataclass(frozen=True, slots=True)
class Candidate:
    """One reading of a token: its lowercase text, language-model symbol id and channel cost."""

    text: str
    symbol: int
    cost: float = 0.0
    reason: str = "accent"


def fixed(symbol: str) -> Candidate:
    """The single reading of a token the restorer leaves alone (numbers, punctuation, ...)."""
    return Candidate(symbol, model().symbol_id(symbol), 0.0, "")


def as_written(token: str, symbol: str) -> Candidate:
    """The reading that leaves ``token`` as it is."""
    return Candidate(token.lower(), model().symbol_id(symbol), 0.0, "")


def candidates(token: str, symbol: str) -> tuple[Candidate, ...]:
    """Every reading of ``token`` (whose model symbol is ``symbol``) worth scoring.

    >>> [c.text for c in candidates("truong", "truong")][:3]
    ['trường', 'trưởng', 'trương']
    """
    lm = model()
    lower = token.lower()
    keep = as_written(token, symbol)
    if not token.isalpha() or has_accents(token):
        return (keep,)
    forms = lm.surfaces.get(strip_accents(lower), [])
    if not forms:
        return (keep,)
    total = sum(count for _, count in forms)
    seen = [(w, n) for w, n in forms if n >= MIN_SHARE * total and n > 0]
    out = [Candidate(w, lm.symbol_id(word_symbol(w)), 0.0, "accent") for w, _ in seen]
    if not seen:
        out = [Candidate(w, 0, UNSEEN_COST, "accent") for w, _ in forms]
    if all(c.text != lower for c in out):  # the letters as written are a rare word, or none
        out.append(Candidate(lower, keep.symbol, UNSEEN_COST, ""))
    return tuple(out)
