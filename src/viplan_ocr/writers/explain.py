"""``.explain.txt``: every change the cleaner made, low-confidence ones marked ``REVIEW``.

Not written unless asked for (``--explain``, or ``explain`` in ``--formats``): it is for a person
checking a conversion, and can be as long as the document.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from viplan_ocr.writers.base import DocumentWriter

if TYPE_CHECKING:
    from viplan_ocr.pipeline import Converted


def render(converted: Converted) -> str:
    """The cleaner's table of changes, as ``viplan-ocr clean --explain`` prints it."""
    return converted.cleaned.report() + "\n"


WRITER = DocumentWriter("explain", ".explain.txt", render, default=False)
