"""``.txt``: the clean, accented text, ending with one newline; tables laid out from their cells."""

from __future__ import annotations

from typing import TYPE_CHECKING

from viplan_ocr.writers.base import DocumentWriter
from viplan_ocr.writers.grid import text_with_tables

if TYPE_CHECKING:
    from viplan_ocr.pipeline import Converted


def render(converted: Converted) -> str:
    """The cleaned text, each table found on a page (a PDF's ruled table, a scan's) printed row by
    row in place of its interleaved lines (:func:`~viplan_ocr.writers.grid.text_with_tables`); a
    final newline is added when missing, so ``cat`` and diff behave."""
    text = text_with_tables(converted.cleaned)
    return text if text.endswith("\n") else text + "\n"


WRITER = DocumentWriter("txt", ".txt", render)
