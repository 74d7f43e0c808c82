"""Cleaning: repair OCR damage and restore Vietnamese diacritics, one named step at a time.

Each step is a plain function ``(text, config) -> (text, changes)``. Its name is also its switch
in :class:`CleanConfig` and the ``step`` of every :class:`~viplan_ocr.document.Change` it makes.
:data:`STEPS` fixes the order once; nothing else lists the steps (ftfy once shipped a fixer that
was never called because the list was kept twice).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from enum import StrEnum
from typing import Literal, overload

from viplan_ocr.document import Change, Cleaned
from viplan_ocr.errors import UsageError
from viplan_ocr.normalize import lines, restore, unicode


class ToneStyle(StrEnum):
    """Where the tone mark goes on ``oa``, ``oe``, ``uy``: ``hòa`` (new) or ``hoà`` (old)."""

    NEW = "new"
    OLD = "old"


@dataclass(frozen=True, slots=True)
class CleanConfig:
    """Which steps run, and how.

    Every step is on by default: a user cleaning OCR output wants all of them. Turn one off to
    see what the others do alone (``CleanConfig(restore=False)``).
    """

    unicode: bool = True
    noise: bool = True
    reflow: bool = True
    restore: bool = True
    tone: bool = True
    #: Tone-mark placement for ``oa``/``oe``/``uy`` (the Ministry's 1984 rule is "new").
    tone_style: ToneStyle = ToneStyle.NEW
    #: Restorations below this confidence are recorded (``applied=False``) but not made.
    restore_min_confidence: float = 0.5

    @classmethod
    def from_options(cls, **options: object) -> CleanConfig:
        """Build a config from keyword options, naming any unknown one instead of ignoring it."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(options) - known)
        if unknown:
            raise UsageError(f"unknown cleaning option(s): {', '.join(unknown)}; known: {', '.join(sorted(known))}")
        config = cls()
        if "tone_style" in options:
            options = {**options, "tone_style": ToneStyle(str(options["tone_style"]))}
        return replace(config, **options)  # type: ignore[arg-type]


Step = Callable[[str, CleanConfig], tuple[str, list[Change]]]

#: The cleaning steps in the order they run. Each name is a CleanConfig switch.
STEPS: tuple[tuple[str, Step], ...] = (
    ("unicode", unicode.fix_unicode),
    ("noise", lines.remove_noise),
    ("reflow", lines.reflow),
    ("restore", restore.restore),
    ("tone", unicode.fix_tone_marks),
)


def clean_and_explain(text: str, config: CleanConfig | None = None) -> Cleaned:
    """Run every enabled step and keep the changes each one made."""
    config = config or CleanConfig()
    changes: list[Change] = []
    for name, step in STEPS:
        if not getattr(config, name):
            continue
        text, made = step(text, config)
        changes.extend(made)
    return Cleaned(text=text, changes=tuple(changes))


@overload
def clean(text: str, *, explain: Literal[False] = ..., config: CleanConfig | None = ..., **options: object) -> str: ...
@overload
def clean(text: str, *, explain: Literal[True], config: CleanConfig | None = ..., **options: object) -> Cleaned: ...
def clean(text: str, *, explain: bool = False, config: CleanConfig | None = None, **options: object) -> str | Cleaned:
    """Turn OCR-damaged or accent-less Vietnamese into clean, fully accented NFC text.

    With ``explain=True`` the result is a :class:`~viplan_ocr.document.Cleaned` holding the text
    and the list of changes; the text is the same either way.

    >>> clean("Ke hoach thuc hien")
    'Kế hoạch thực hiện'
    """
    if options:
        if config is not None:
            raise UsageError("pass either config= or keyword options, not both")
        config = CleanConfig.from_options(**options)
    cleaned = clean_and_explain(text, config)
    return cleaned if explain else cleaned.text


__all__ = ["STEPS", "CleanConfig", "ToneStyle", "clean", "clean_and_explain"]
