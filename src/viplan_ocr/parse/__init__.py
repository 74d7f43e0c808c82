"""Parsing: the structure of a plan (header, sections, targets, signature, recipients).

``parse`` works on text, so it can read any clean text, not only our own extraction.
"""

from __future__ import annotations

from viplan_ocr.document import Document
from viplan_ocr.parse.model import Plan, Source


def parse(text: str | Document, *, source: Source | None = None) -> Plan:
    """Read a plan's structure from its (clean) text.

    A :class:`~viplan_ocr.document.Document` brings its own source description (path, pages,
    where each page's text came from); plain text is described as one page of ``text``.
    """
    if isinstance(text, Document):
        source = source or Source(path=text.path, pages=len(text.pages), text_sources=text.text_sources)
        text = text.text
    source = source or Source(path="-", pages=1, text_sources=["text"])
    return Plan(source=source)


__all__ = ["Plan", "Source", "parse"]
