"""Numbers as an OCR engine reads them: letters for digits, and how to read them back.

Engines read ``1`` as ``l``, ``I`` or ``i`` and ``0`` as ``o`` or ``O`` (``l2`` for ``12``,
``1o0%`` for ``100%``). Inside a run of digits that reading is cheap to undo: the restorer
offers the number as a candidate, the target reader and the header's number and date take it,
all from this one table. A number standing alone before its full stop, a heading's, is damaged
further (``Š.`` for ``5.``, ``§.`` for ``8.``); those readings are taken only where the
sequence of headings says which number is due (:data:`MARKER_LOOKALIKES`).
"""

from __future__ import annotations

#: Letters an OCR engine reads for digits inside a number. (A bar ``|`` is as often a stroke of a
#: handwritten ``2`` as a ``1``: it is read as a digit only in a heading's number.)
_PRINTED = {"l": "1", "I": "1", "i": "1", "o": "0", "O": "0"}
#: What it reads for a heading's lone digit besides: ``Š.`` (5.), ``§.`` (8.), ``g.`` (9.), ``Z.`` (2.).
_MARKED = {"Š": "5", "š": "5", "S": "5", "s": "5", "§": "8", "B": "8", "g": "9", "Z": "2", "z": "2", "|": "1"}

DIGIT_LOOKALIKES = str.maketrans(_PRINTED)
MARKER_LOOKALIKES = str.maketrans({**_PRINTED, **_MARKED})
#: The characters :data:`MARKER_LOOKALIKES` reads as digits, for a pattern's character class.
MARKER_LOOKALIKE_CHARACTERS = "".join(_PRINTED) + "".join(_MARKED)


def as_digits(token: str) -> str:
    """The token with OCR's letters for digits read back as digits.

    >>> as_digits("l2"), as_digits("1o0"), as_digits("ho")
    ('12', '100', 'h0')
    """
    return token.translate(DIGIT_LOOKALIKES)


__all__ = ["DIGIT_LOOKALIKES", "MARKER_LOOKALIKES", "MARKER_LOOKALIKE_CHARACTERS", "as_digits"]
