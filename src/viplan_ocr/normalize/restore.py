"""Diacritic restoration and OCR-confusion repair over a syllable language model."""

from __future__ import annotations

from typing import TYPE_CHECKING

from viplan_ocr.document import Change

if TYPE_CHECKING:
    from viplan_ocr.normalize import CleanConfig


def restore(text: str, config: CleanConfig) -> tuple[str, list[Change]]:
    """Restore diacritics (first version: leaves text unchanged)."""
    return text, []
