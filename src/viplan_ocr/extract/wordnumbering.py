"""Word's automatic list numbers, drawn again: the ``1.``, ``I.``, ``a)`` and ``-`` the text lacks.

Word stores a numbered paragraph's marker nowhere in its text: the paragraph says which list it
is in and at what level (``w:numPr``: ``numId``, ``ilvl``), ``numbering.xml`` says how each level
is drawn (``numFmt`` decimal, upperRoman, lowerLetter, bullet, ...; ``lvlText`` ``%1.``,
``%1.%2.``, ``-``) and Word counts as it lays the document out. The parser finds sections and
items by those markers, so :class:`Numbering` counts the same way, in document order.

Lists that share an abstract definition continue each other's count unless one restarts it
(``startOverride``), as Word does.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex
from lxml import etree

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_Q = f"{{{_W}}}"
_LEVEL_REF = regex.compile(r"%([1-9])")
#: Bullets that Symbol and Wingdings draw from private-use code points, as the parser knows them.
_BULLETS = {"\uf0b7": "•", "\uf0a7": "▪", "\uf0d8": "➢", "\uf076": "❖", "\uf0fc": "✓", "\uf06e": "▪", "\uf0a8": "◦"}
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))  # fmt: skip
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def roman(number: int) -> str:
    """Lower-case Roman numerals, as Word's lowerRoman draws them.

    >>> roman(4), roman(14)
    ('iv', 'xiv')
    """
    out = []
    for value, letters in _ROMAN:
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


def letter(number: int) -> str:
    """Word's lettering: a ... z, then aa, bb, ...

    >>> letter(1), letter(27)
    ('a', 'aa')
    """
    return _LETTERS[(number - 1) % 26] * ((number - 1) // 26 + 1) if number > 0 else ""


def format_number(number: int, fmt: str) -> str:
    """One level's counter in its format.

    >>> [format_number(3, f) for f in ("decimal", "upperRoman", "lowerLetter", "decimalZero")]
    ['3', 'III', 'c', '03']
    """
    if fmt == "upperRoman":
        return roman(number).upper()
    if fmt == "lowerRoman":
        return roman(number)
    if fmt == "upperLetter":
        return letter(number).upper()
    if fmt == "lowerLetter":
        return letter(number)
    if fmt == "decimalZero":
        return f"{number:02d}"
    if fmt == "none":
        return ""
    return str(number)  # decimal and the formats we do not draw


@dataclass(frozen=True, slots=True)
class Level:
    """How one list level is drawn: its format, its text with ``%N`` slots, its first number."""

    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1


def _val(element: etree._Element | None, default: str | None = None) -> str | None:
    return default if element is None else element.get(f"{_Q}val", default)


def _levels(abstract: etree._Element) -> dict[int, Level]:
    levels = {}
    for lvl in abstract.iter(f"{_Q}lvl"):
        start = _val(lvl.find(f"{_Q}start"), "1") or "1"
        levels[int(lvl.get(f"{_Q}ilvl", "0"))] = Level(
            fmt=_val(lvl.find(f"{_Q}numFmt"), "decimal") or "decimal",
            text=_val(lvl.find(f"{_Q}lvlText"), "") or "",
            start=int(start) if start.lstrip("-").isdigit() else 1,
        )
    return levels


@dataclass
class Numbering:
    """The list definitions of one document and the counters Word keeps while laying it out."""

    #: numId -> (counter key, levels, start overrides by level).
    lists: dict[str, tuple[str, dict[int, Level], dict[int, int]]] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    @classmethod
    def from_xml(cls, root: etree._Element | None) -> Numbering:
        """Read ``numbering.xml`` (its root element; None when the document has no lists)."""
        if root is None:
            return cls()
        abstracts = {a.get(f"{_Q}abstractNumId"): _levels(a) for a in root.iter(f"{_Q}abstractNum")}
        lists = {}
        for num in root.iter(f"{_Q}num"):
            abstract_id = _val(num.find(f"{_Q}abstractNumId"))
            overrides = {
                int(o.get(f"{_Q}ilvl", "0")): int(_val(o.find(f"{_Q}startOverride"), "1") or 1)
                for o in num.iter(f"{_Q}lvlOverride")
                if o.find(f"{_Q}startOverride") is not None
            }
            levels = dict(abstracts.get(abstract_id, {}))
            for o in num.iter(f"{_Q}lvlOverride"):  # a level redefined for this list only
                if o.find(f"{_Q}lvl") is not None:
                    levels.update(_levels(o))
            key = f"num:{num.get(f'{_Q}numId')}" if overrides else f"abstract:{abstract_id}"
            lists[num.get(f"{_Q}numId") or ""] = (key, levels, overrides)
        return cls(lists=lists)

    def marker(self, num_id: str, ilvl: int) -> str:
        """The marker of the next paragraph in list ``num_id`` at level ``ilvl``, counting it.

        Returns ``""`` for ``numId`` 0 (numbering switched off) and for unknown lists.
        """
        if num_id in ("", "0") or num_id not in self.lists:
            return ""
        key, levels, overrides = self.lists[num_id]
        level = levels.get(ilvl, Level())
        counts = self.counters.setdefault(key, {})
        if ilvl in counts:
            counts[ilvl] += 1
        else:
            counts[ilvl] = overrides.get(ilvl, level.start)
        for deeper in [k for k in counts if k > ilvl]:  # a new item restarts the levels under it
            del counts[deeper]
        if level.fmt == "bullet":
            text = level.text.strip()
            if text in _BULLETS:
                return _BULLETS[text]
            return text if text.isprintable() else "•"

        def slot(match: regex.Match[str]) -> str:
            at = int(match.group(1)) - 1
            fmt = levels.get(at, Level()).fmt
            count = counts.get(at, overrides.get(at, levels.get(at, Level()).start))
            return format_number(count, "decimal" if fmt == "bullet" else fmt)

        return _LEVEL_REF.sub(slot, level.text).strip()


__all__ = ["Level", "Numbering", "format_number", "letter", "roman"]
