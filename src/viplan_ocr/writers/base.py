"""The two kinds of writer: one file per input, or one file per run.

They live apart from the registry (:mod:`viplan_ocr.writers`) so that each format's module can
import them without importing every other format.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from viplan_ocr.pipeline import Converted


@dataclass(frozen=True, slots=True)
class Unwritten:
    """A writer's answer for an input its format cannot show, with the reason a user reads.

    A searchable PDF puts text under the pages of a scan: a Word or text file has no pages to put
    it under, and hOCR or ALTO of a file without a layout would have no boxes. Rather than fail
    the input (its other formats are fine) or write an empty file, the batch writes nothing for
    that format and notes the reason in the input's manifest record and in the summary.
    """

    reason: str


@dataclass(frozen=True, slots=True)
class DocumentWriter:
    """A format with one file per input: its name, its file suffix and how to render it.

    ``render`` returns ``str`` (written as UTF-8) or ``bytes`` (written as they are, for binary
    formats such as ``.xlsx``), or :class:`Unwritten` for an input the format cannot show. It
    runs in a batch worker, so it must be a module-level function.
    """

    name: str
    #: Appended to the input's output stem: ``.txt`` gives ``out/khgd/2021.txt``.
    suffix: str
    render: Callable[[Converted], str | bytes | Unwritten]
    #: Part of the default ``--formats``; ``False`` for formats asked for by name (or by a flag).
    default: bool = True


@dataclass(frozen=True, slots=True)
class RunWriter:
    """A format with one file per run, gathering every document: its name, file name and renderer.

    ``render`` is fed ``(document name, plan as JSON dict)`` pairs in input order (an iterable,
    so a run of thousands of documents never holds them all) and returns ``str`` or ``bytes``.
    """

    name: str
    filename: str
    render: Callable[[Iterable[tuple[str, dict]]], str | bytes]
    #: How ``str`` output is encoded on disk: ``utf-8-sig`` adds the BOM spreadsheets need.
    encoding: str = "utf-8"
    default: bool = True


Writer = DocumentWriter | RunWriter
