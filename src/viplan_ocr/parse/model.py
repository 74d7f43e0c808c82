"""The plan model and its JSON form (schema ``viplan-ocr/plan/1``)."""

from __future__ import annotations

from dataclasses import dataclass, field

SCHEMA_ID = "viplan-ocr/plan/1"


@dataclass(frozen=True, slots=True)
class Source:
    """Where the parsed text came from."""

    path: str
    pages: int
    text_sources: list[str]


@dataclass(frozen=True, slots=True)
class Plan:
    """A parsed plan (first version: source only)."""

    source: Source
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        """The JSON contract of the README, keys in a stable order."""
        return {
            "schema": SCHEMA_ID,
            "source": {"path": self.source.path, "pages": self.source.pages, "text_sources": list(self.source.text_sources)},
            "header": {"issuer": None, "doc_type": None, "number": None, "date": None, "title": None, "period": None, "references": []},
            "sections": [],
            "targets": [],
            "signature": None,
            "recipients": [],
            "warnings": list(self.warnings),
        }
