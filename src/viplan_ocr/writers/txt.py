"""``.txt``: the clean, accented text, ending with one newline."""

from __future__ import annotations

from typing import TYPE_CHECKING

from viplan_ocr.writers.base import DocumentWriter

if TYPE_CHECKING:
    from viplan_ocr.pipeline import Converted


def render(converted: Converted) -> str:
    """The cleaned text; a final newline is added when missing, so ``cat`` and diff behave."""
    text = converted.cleaned.text
    return text if text.endswith("\n") else text + "\n"


WRITER = DocumentWriter("txt", ".txt", render)
