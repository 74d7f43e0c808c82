"""The three stages in one call: extract, clean, parse."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from viplan_ocr.document import Document
from viplan_ocr.extract import ExtractConfig, extract
from viplan_ocr.normalize import CleanConfig, clean_document
from viplan_ocr.parse import Plan, parse

if TYPE_CHECKING:
    from viplan_ocr.normalize.corrections import Decision


@dataclass(frozen=True, slots=True)
class Converted:
    """Everything one file turned into: the extracted document, the cleaned one, the plan."""

    document: Document
    cleaned: Document
    plan: Plan
    #: The file on disk the pages were read from, where ``document.path`` is not it: a batch names
    #: an archive member ``scans.zip/kh.pdf`` but reads it from a copy. Writers that need the
    #: file's own pages (``pdf``, ``review``) read it; None: ``document.path`` is the file, or
    #: there is none (standard input).
    source: str | None = None

    @property
    def source_path(self) -> str:
        """The file the pages were read from (``document.path`` unless ``source`` says otherwise)."""
        return self.source or self.document.path


def convert(
    path: str | Path,
    *,
    config: CleanConfig | None = None,
    lang: str | None = None,
    extraction: ExtractConfig | None = None,
    decisions: Sequence[Decision] = (),
) -> Converted:
    """Extract a file (with ``extraction``'s settings; ``lang`` overrides its language), clean its
    text (applying a reviewer's ``decisions``) and parse the result."""
    document = extract(path, extraction) if lang is None else extract(path, extraction, lang=lang)
    return convert_document(document, config=config, decisions=decisions, source=str(path))


def convert_document(
    document: Document,
    *,
    config: CleanConfig | None = None,
    decisions: Sequence[Decision] = (),
    source: str | None = None,
) -> Converted:
    """Clean and parse a document that is already extracted (a batch extracts page by page).

    ``decisions`` are a reviewer's, from a corrections file, applied after cleaning
    (:func:`~viplan_ocr.normalize.clean_document`); ``source`` is the file the pages came from.
    """
    cleaned = clean_document(document, config, decisions=decisions)
    return Converted(document=document, cleaned=cleaned, plan=parse(cleaned), source=source)
