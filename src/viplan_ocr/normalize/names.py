"""Names in capitals given back the marks the document prints them with.

A header, a seal or a signature block sets a name in capitals (``TRƯỜNG THPT CAO LÃNH 2``),
and capitals are where a scan loses marks first: the marks sit above the line's top, and a
150 dpi or black-and-white copy reads ``CAO LANH``. ``lanh`` is a word, so the language model
has no reason to doubt it. The body of the same document usually prints the name in Titlecase,
marks and all (``Trường THPT Cao Lãnh 2``): that is the evidence used here, and the only one.

Two neighbouring words in capitals, one or both without any mark, take the marks of the pair
of Titlecase words with the same letters that the document prints at least :data:`EVIDENCE`
times, always spelt the same way (``Cao Lãnh`` four times, never ``Cao Lanh``). A word in the
pair that carries marks must agree with that spelling, or the pair is left alone. Lowercase
pairs are no evidence (``các bản`` says nothing of a heading's ``CÁC BAN``), nor is a single
word, and typed text (a text layer, a Word file) is kept as its author typed it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import pairwise
from typing import TYPE_CHECKING

from viplan_ocr.document import Change, PageSource, apply_changes
from viplan_ocr.vietnamese.syllables import canonical, has_accents, is_syllable, strip_accents
from viplan_ocr.vietnamese.tokens import TOKEN

if TYPE_CHECKING:
    from viplan_ocr.normalize import CleanConfig
    from viplan_ocr.normalize.origins import Origins

#: A Titlecase pair must be printed this many times, always the same way, to lend its marks.
EVIDENCE = 2

#: A word of a line: where it starts and ends in the line, and its text.
_Word = tuple[int, int, str]


def restore_names(text: str, config: CleanConfig, origins: Origins | None = None) -> tuple[str, list[Change]]:
    """Give the words of names set in capitals the marks the document prints them with.

    >>> from viplan_ocr.normalize import CleanConfig
    >>> text = "TRƯỜNG THPT CAO LANH 2\\nTrường THPT Cao Lãnh 2 tổ chức.\\nGiáo viên Trường THPT Cao Lãnh 2."
    >>> restore_names(text, CleanConfig())[0].split("\\n")[0]
    'TRƯỜNG THPT CAO LÃNH 2'
    """
    printed = _printed_pairs(text)
    if not printed:
        return text, []
    changes: list[Change] = []
    offset = 0
    for line in text.split("\n"):
        if origins is None or origins.source_at(offset) is not PageSource.TEXT_LAYER:
            changes.extend(_line_changes(line, offset, printed))
        offset += len(line) + 1
    return (apply_changes(text, changes), changes) if changes else (text, [])


def _pairs(line: str) -> list[tuple[_Word, _Word]]:
    """Neighbouring words of a line, one space apart (a column gap parts two cells)."""
    words = [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(line) if m.lastgroup == "word"]
    return [(a, b) for a, b in pairwise(words) if line[a[1] : b[0]] == " "]


def _key(word: str) -> str:
    return strip_accents(word.lower())


def _printed_pairs(text: str) -> dict[tuple[str, str], tuple[str, str]]:
    """The Titlecase pairs the text prints with marks, at least :data:`EVIDENCE` times and
    always the same way, by their accent-free letters."""
    seen: defaultdict[tuple[str, str], Counter[tuple[str, str]]] = defaultdict(Counter)
    for line in text.split("\n"):
        for (_, _, a), (_, _, b) in _pairs(line):
            if _titlecase(a) and _titlecase(b):
                seen[(_key(a), _key(b))][(canonical(a.lower()), canonical(b.lower()))] += 1
    return {
        key: form
        for key, forms in seen.items()
        if len(forms) == 1
        for form, count in forms.items()
        if count >= EVIDENCE and any(has_accents(word) for word in form)
    }


def _titlecase(word: str) -> bool:
    """A capital and small letters, spelling a syllable: ``Lãnh`` (not ``LÃNH``, ``THPT``)."""
    return len(word) > 1 and word[0].isupper() and word[1:].islower() and is_syllable(word.lower())


def _line_changes(line: str, offset: int, printed: dict[tuple[str, str], tuple[str, str]]) -> list[Change]:
    """The changes that give a line's pairs in capitals the printed marks."""
    made: dict[int, Change] = {}
    for pair in _pairs(line):
        words = [word for _, _, word in pair]
        form = printed.get((_key(words[0]), _key(words[1])))
        if form is None or not all(len(word) > 1 and word.isupper() for word in words):
            continue
        if any(has_accents(word) and canonical(word.lower()) != right for word, right in zip(words, form, strict=True)):
            continue  # a mark the page shows that the printed name does not have: another word
        for (start, end, word), right in zip(pair, form, strict=True):
            if not has_accents(word) and word.lower() != right:
                after = right.upper()
                made[start] = Change("names", offset + start, offset + end, word, after, "name", 0.95)
    return [made[start] for start in sorted(made)]


__all__ = ["EVIDENCE", "restore_names"]
