"""Unicode repair: NFC and one tone-mark convention.

Scanned-and-OCRed or copy-pasted Vietnamese mixes precomposed and decomposed letters (``ệ`` as
one code point or as ``e`` + two combining marks) and two conventions for where the tone mark
sits on ``oa``/``oe``/``uy`` (``hoà`` / ``hòa``). Both make equal words compare unequal.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from viplan_ocr.document import Change

if TYPE_CHECKING:
    from viplan_ocr.normalize import CleanConfig


def fix_unicode(text: str, config: CleanConfig) -> tuple[str, list[Change]]:
    """Normalise to NFC."""
    fixed = unicodedata.normalize("NFC", text)
    if fixed == text:
        return text, []
    return fixed, [Change("unicode", 0, len(text), text, fixed, "unicode", 1.0)]


def fix_tone_marks(text: str, config: CleanConfig) -> tuple[str, list[Change]]:
    """Place tone marks by one convention (first version: leaves text unchanged)."""
    return text, []
