"""Line repair: scanner noise removed, broken lines and hyphenation re-joined."""

from __future__ import annotations

from typing import TYPE_CHECKING

from viplan_ocr.document import Change

if TYPE_CHECKING:
    from viplan_ocr.normalize import CleanConfig


def remove_noise(text: str, config: CleanConfig) -> tuple[str, list[Change]]:
    """Remove noise lines and fragments (first version: leaves text unchanged)."""
    return text, []


def reflow(text: str, config: CleanConfig) -> tuple[str, list[Change]]:
    """Re-join lines broken mid-sentence (first version: leaves text unchanged)."""
    return text, []
