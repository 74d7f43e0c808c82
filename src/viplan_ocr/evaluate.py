"""Syllable accuracy of cleaned text against a careful transcription.

Used by the tests and benchmarks, and by anyone who wants to measure the cleaner on their own
documents: transcribe a page by hand, then compare. A transcription may allow a spelling
variant with ``|`` (``tâm lí|lý``, ``hòa|hoà``), because the damaged input cannot tell which one
the writer used; the first form is used to line the two texts up. Words are compared exactly
(case and marks count), except where the tone mark sits on ``oa``/``oe``/``uy``.
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass

import regex

from viplan_ocr.vietnamese.syllables import place_tone, strip_accents

#: A word: letters with their marks; ``&`` keeps ``GD&ĐT`` whole; ``|`` separates variants.
WORD = regex.compile(r"[\p{L}\p{M}&|]+")


def character_error_rate(outputs: list[str], truths: list[str]) -> float:
    """Levenshtein edits between each output and its truth over the truths' characters, runs of
    whitespace counted as one space (a line's layout is not its text).

    >>> round(character_error_rate(["Ke hoach  nam"], ["Kế hoạch năm"]), 3)
    0.25
    """
    from rapidfuzz.distance import Levenshtein

    flat = [(" ".join(out.split()), " ".join(truth.split())) for out, truth in zip(outputs, truths, strict=True)]
    return sum(Levenshtein.distance(out, truth) for out, truth in flat) / max(1, sum(len(t) for _, t in flat))


def _key(word: str) -> str:
    """The accent-free lowercase form used to line words up (``Đổi`` -> ``doi``)."""
    return strip_accents(word.split("|")[0].lower())


@dataclass(frozen=True, slots=True)
class Score:
    """How many of the transcription's words the output got exactly right."""

    errors: int
    total: int
    mistakes: tuple[tuple[str, str], ...]  # (expected, got), "" where a word is missing or extra

    @property
    def accuracy(self) -> float:
        """Share of words right, 0..1."""
        return 1 - self.errors / self.total if self.total else 1.0


def _right(expected: str, got: str) -> bool:
    """Whether ``got`` is one of the allowed forms; tone placement (``hoá``/``hóa``) is a
    convention the cleaner is configured with, so it never counts as a mistake."""
    return any(form == got or place_tone(form) == place_tone(got) for form in expected.split("|"))


def score_lines(outputs: list[str], truths: list[str]) -> Score:
    """One score over many (output, truth) pairs, each pair aligned on its own."""
    scores = [score(out, truth) for out, truth in zip(outputs, truths, strict=True)]
    return Score(
        errors=sum(s.errors for s in scores),
        total=sum(s.total for s in scores),
        mistakes=tuple(m for s in scores for m in s.mistakes),
    )


def score(output: str, truth: str) -> Score:
    """Compare ``output`` with ``truth`` word by word (case and accents count).

    >>> score("Kế hoạch thực hiên", "Kế hoạch thực hiện").errors
    1
    >>> score("tâm lý trẻ em", "tâm lí|lý trẻ em").accuracy
    1.0
    >>> score("giáo dục hoà nhập", "giáo dục hòa nhập").errors
    0
    >>> score("phát triển trẻ em", "phát triển toàn diện trẻ em").mistakes
    (('toàn', ''), ('diện', ''))
    """
    got = WORD.findall(unicodedata.normalize("NFC", output))
    want = WORD.findall(unicodedata.normalize("NFC", truth))
    matcher = difflib.SequenceMatcher(a=[_key(w) for w in want], b=[_key(w) for w in got], autojunk=False)
    mistakes: list[tuple[str, str]] = []
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        expected, found = want[a0:a1], got[b0:b1]
        if op in ("equal", "replace") and len(expected) == len(found):
            mistakes.extend((e, f) for e, f in zip(expected, found, strict=True) if not _right(e, f))
        else:
            mistakes.extend(_unequal(expected, found))
    return Score(errors=len(mistakes), total=len(want), mistakes=tuple(mistakes))


def _unequal(expected: list[str], found: list[str]) -> list[tuple[str, str]]:
    """Mistakes in a stretch where words were lost or added: pair up what still matches exactly."""
    inner = difflib.SequenceMatcher(a=[e.split("|")[0] for e in expected], b=found, autojunk=False)
    mistakes: list[tuple[str, str]] = []
    for op, a0, a1, b0, b1 in inner.get_opcodes():
        if op == "equal":
            continue
        left, right = expected[a0:a1], found[b0:b1]
        length = max(len(left), len(right))
        left += [""] * (length - len(left))
        right += [""] * (length - len(right))
        mistakes.extend((e, f) for e, f in zip(left, right, strict=True) if not (e and f and _right(e, f)))
    return mistakes
