"""Numbers as an OCR engine reads them: letters for digits, and how to read them back.

Engines read ``1`` as ``l`` or ``i`` and ``0`` as ``o`` or ``O`` (``l2`` for ``12``, ``1o0%``
for ``100%``). Inside a run of digits that reading is cheap to undo; the restorer offers the
number as a candidate and the target reader takes it, both from this one table.
"""

from __future__ import annotations

#: Letters an OCR engine reads for digits.
DIGIT_LOOKALIKES = str.maketrans("lioO", "1100")


def as_digits(token: str) -> str:
    """The token with OCR's letters for digits read back as digits.

    >>> as_digits("l2"), as_digits("1o0"), as_digits("ho")
    ('12', '100', 'h0')
    """
    return token.translate(DIGIT_LOOKALIKES)


__all__ = ["DIGIT_LOOKALIKES", "as_digits"]
