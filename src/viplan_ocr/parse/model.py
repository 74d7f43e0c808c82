"""The plan model and its JSON form (schema ``viplan-ocr/plan/1``).

Every object is a frozen dataclass with a ``to_dict`` that emits the keys of the contract first,
in the contract's order, then the extra keys this parser adds (``flags``, ``span``, ...), so that
two runs over the same text give byte-identical JSON. ``plan.schema.json`` describes every key.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from viplan_ocr.vietnamese.markers import SectionKind

if TYPE_CHECKING:
    from viplan_ocr.document import Document

SCHEMA_ID = "viplan-ocr/plan/1"


@dataclass(frozen=True, slots=True)
class Source:
    """Where the parsed text came from."""

    path: str
    pages: int
    text_sources: list[str]

    @classmethod
    def of(cls, document: Document) -> Source:
        """Describe an extracted document: its path, page count and each page's text source."""
        return cls(path=document.path, pages=len(document.pages), text_sources=document.text_sources)

    def to_dict(self) -> dict:
        """The ``source`` object of the contract."""
        return {"path": self.path, "pages": self.pages, "text_sources": list(self.text_sources)}


@dataclass(frozen=True, slots=True)
class Period:
    """A span of years, ``giai đoạn 2022-2030`` -> ``Period(2022, 2030)``."""

    start: int
    end: int

    def to_dict(self) -> dict:
        """``{"start": ..., "end": ...}``."""
        return {"start": self.start, "end": self.end}

    def __str__(self) -> str:
        return f"{self.start}-{self.end}"


@dataclass(frozen=True, slots=True)
class Span:
    """Character offsets into the parsed text (NFC, ``\\n`` line ends), end exclusive."""

    start: int
    end: int

    def to_dict(self) -> dict:
        """``{"start": ..., "end": ...}``."""
        return {"start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class Attachment:
    """A document attached to the main one in the same file: an appendix, a form, a second letter."""

    title: str | None
    span: Span

    def to_dict(self) -> dict:
        """``{"title": ..., "span": ...}``."""
        return {"title": self.title, "span": self.span.to_dict()}


@dataclass(frozen=True, slots=True)
class Reference:
    """A document the plan cites: ``Kế hoạch số 342/KH-SGDĐT ngày 08/02/2022 của Sở GDĐT``."""

    kind: str
    number: str | None
    date: str | None
    issuer: str | None
    title: str | None
    text: str
    span: Span

    def to_dict(self) -> dict:
        """Contract keys, then ``title``, ``text`` and ``span``."""
        return {
            "kind": self.kind,
            "number": self.number,
            "date": self.date,
            "issuer": self.issuer,
            "title": self.title,
            "text": self.text,
            "span": self.span.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class Header:
    """The header block of Nghị định 30/2020/NĐ-CP and the lines right after it."""

    issuer: str | None = None
    issuer_parent: str | None = None
    issuer_source: str | None = None
    motto: tuple[str, ...] = ()
    number: str | None = None
    place: str | None = None
    date: str | None = None
    doc_type: str | None = None
    title: str | None = None
    period: Period | None = None
    references: tuple[Reference, ...] = ()
    preamble: str | None = None
    #: The date line as printed (``Phú Thọ, ngày   tháng 12 năm 2011``), kept when the date is not.
    date_text: str | None = None
    #: Why a reading should be checked: ``number-handwritten``, ``number-blank``, ``number-repaired``,
    #: ``day-handwritten``, ``day-blank``, ``month-handwritten``, ``date-impossible``, ``ocr-digits``,
    #: ``day-handwritten-read`` (the day was read from handwriting), ``month-handwritten-read``,
    #: ``handwritten-date-rejected``, ``date-from-signature`` (the e-signature's day stands in),
    #: ``day-corroborated-by-signature`` (a handwritten day the e-signature bears out),
    #: ``month-from-signature`` (a handwritten month the signature's stands in for).
    flags: tuple[str, ...] = ()
    #: The digital signature's stamp, ``{"signer": ..., "time": ...}``, when the file carries one.
    esign: dict | None = None

    def to_dict(self) -> dict:
        """Contract keys, then the extras (``issuer_parent``, ``motto``, ``place``, ...)."""
        return {
            "issuer": self.issuer,
            "doc_type": self.doc_type,
            "number": self.number,
            "date": self.date,
            "title": self.title,
            "period": self.period.to_dict() if self.period else None,
            "references": [r.to_dict() for r in self.references],
            "issuer_parent": self.issuer_parent,
            "issuer_source": self.issuer_source,
            "motto": list(self.motto),
            "place": self.place,
            "preamble": self.preamble,
            "date_text": self.date_text,
            "flags": list(self.flags),
            "esign": self.esign,
        }


@dataclass(frozen=True, slots=True)
class Section:
    """One node of the section tree: a heading (``I.``, ``2.1.``, ``a)``) or a bullet item.

    ``number`` is normalised (``m.`` -> ``"III"``, ``2./.`` -> ``"2.1"``) while ``marker`` keeps
    what was read; ``flags`` says why they differ. Bullets have no number.
    """

    kind: SectionKind
    number: str | None
    marker: str
    title: str
    level: int
    text: str
    span: Span
    content_start: int
    flags: tuple[str, ...] = ()
    #: For an out-of-sequence number, the number its position expected (``III`` for a second ``II.``).
    expected_number: str | None = None
    children: tuple[Section, ...] = ()
    #: The paragraphs of ``text`` as spans of the parsed text (targets are read from them).
    paragraphs: tuple[Span, ...] = ()
    #: Indexes into :attr:`Plan.tables` of the tables in this node's own text (not its children's).
    tables: tuple[int, ...] = ()

    def to_dict(self) -> dict:
        """Contract keys (children last among them), then ``kind``, ``marker``, ``flags``, ``expected_number``,
        ``tables``."""
        return {
            "number": self.number,
            "title": self.title,
            "level": self.level,
            "text": self.text,
            "children": [c.to_dict() for c in self.children],
            "kind": str(self.kind),
            "marker": self.marker,
            "flags": list(self.flags),
            "expected_number": self.expected_number,
            "tables": list(self.tables),
        }


@dataclass(frozen=True, slots=True)
class Metric:
    """One number of a target: ``dưới 0,8% vào năm 2025`` -> ``<``, 0.8, ``%``, 2025."""

    value: float
    unit: str | None
    comparator: str
    year: int | None
    text: str
    span: Span
    #: How the reading was helped, for a person to check: ``ocr-digits`` (``l2`` read as 12),
    #: ``shared-qualifier`` (comparator of the previous figure), ``range`` (``từ ... đến ...``),
    #: ``quota`` (a bare number after a label's colon in a part about a later period: no unit).
    flags: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        """Contract keys, then ``span`` and ``flags``."""
        return {
            "value": self.value,
            "unit": self.unit,
            "comparator": self.comparator,
            "year": self.year,
            "text": self.text,
            "span": self.span.to_dict(),
            "flags": list(self.flags),
        }


@dataclass(frozen=True, slots=True)
class Cell:
    """A cell of one of the plan's tables: indexes into ``tables``, its ``rows`` and a row's cells."""

    table: int
    row: int
    column: int

    def to_dict(self) -> dict:
        """``{"table": ..., "row": ..., "column": ...}``, all counted from 0."""
        return {"table": self.table, "row": self.row, "column": self.column}


@dataclass(frozen=True, slots=True)
class PlanTable:
    """A table of the document, as the plan gives it: where it stands, its cells, its section.

    ``box`` is in the unit of its page (``dpi``: 72 for a PDF's text layer, the scan's
    resolution for OCR); a Word table has none. ``span`` is where the table's text stands in the
    parsed text (its first line), when it was found there; ``section`` is the path of the
    sections around it, as a target's (``I.1``).
    """

    page: int
    rows: tuple[tuple[str, ...], ...]
    header_rows: int = 0
    ruled: bool = False
    box: tuple[int, int, int, int] | None = None
    dpi: int | None = None
    #: Found by its aligned columns on a text-layer page, printed without rules: data all the same.
    aligned: bool = False
    source: str | None = None
    section: str | None = None
    span: Span | None = None
    #: Merged cells as (row, column, rows, columns) (:attr:`viplan_ocr.document.Table.merged`).
    merged: tuple[tuple[int, int, int, int], ...] = ()
    #: The index of the table this one goes on from (a table broken over a page), or None.
    continues: int | None = None

    def to_dict(self) -> dict:
        """Page, box, rows, header rows and section first, then the rest."""
        return {
            "page": self.page,
            "box": list(self.box) if self.box else None,
            "rows": [list(row) for row in self.rows],
            "header_rows": self.header_rows,
            "section": self.section,
            "ruled": self.ruled,
            "aligned": self.aligned,
            "dpi": self.dpi,
            "source": self.source,
            "span": self.span.to_dict() if self.span else None,
            "merged": [list(cell) for cell in self.merged],
            "continues": self.continues,
        }


@dataclass(frozen=True, slots=True)
class Target:
    """A ``Chỉ tiêu`` item, a target-like item of a ``Mục tiêu cụ thể`` section, or a goal sentence."""

    id: str
    number: str | None
    section: str | None
    phase: Period | None
    phase_source: str | None
    text: str
    span: Span
    metrics: tuple[Metric, ...] = ()
    #: Where the target was found: ``label`` (a ``Chỉ tiêu N:`` item), ``goals-section`` (an item
    #: of a ``Mục tiêu cụ thể``/``Chỉ tiêu`` section), ``goal-sentence`` (a sentence elsewhere whose
    #: figures a goal word governs), ``plan-part`` (a sentence of a part about a later period),
    #: ``table`` (an indicator row of a table, its figure from a target column: see ``cell``).
    origin: str = "label"
    #: For a target read from a table, the cell its figure stands in.
    cell: Cell | None = None

    def to_dict(self) -> dict:
        """Contract keys, then ``number``, ``section``, ``phase_source``, ``span``, ``origin``, ``cell``."""
        return {
            "id": self.id,
            "phase": self.phase.to_dict() if self.phase else None,
            "text": self.text,
            "metrics": [m.to_dict() for m in self.metrics],
            "number": self.number,
            "section": self.section,
            "phase_source": self.phase_source,
            "span": self.span.to_dict(),
            "origin": self.origin,
            "cell": self.cell.to_dict() if self.cell else None,
        }


@dataclass(frozen=True, slots=True)
class Signature:
    """The signature block: ``KT. TRƯỞNG PHÒNG`` / ``PHÓ TRƯỞNG PHÒNG`` / the signer's name."""

    authority: str | None
    position: str | None
    name: str | None
    mode: str | None

    def to_dict(self) -> dict:
        """Contract keys, then ``mode`` (``KT``, ``TM``, ``Q``, ``TL``, ``TUQ``)."""
        return {"authority": self.authority, "position": self.position, "name": self.name, "mode": self.mode}


@dataclass(frozen=True, slots=True)
class Plan:
    """A parsed plan; ``warnings`` say what could not be read, so a partial result is honest."""

    source: Source
    header: Header = field(default_factory=Header)
    sections: tuple[Section, ...] = ()
    targets: tuple[Target, ...] = ()
    signature: Signature | None = None
    recipients: tuple[str, ...] = ()
    closing: str | None = None
    warnings: tuple[str, ...] = ()
    #: Documents attached to this one in the same file (appendices, forms, a second letter).
    attachments: tuple[Attachment, ...] = ()
    #: The document's tables, in reading order (:mod:`viplan_ocr.parse.tables`).
    tables: tuple[PlanTable, ...] = ()

    @property
    def has_structure(self) -> bool:
        """True if anything of a plan was found: a document kind, a section or a target.

        The command line can map a text without any (exit code 6, "no plan structure found").
        """
        return bool(self.header.doc_type or self.sections or self.targets)

    def to_dict(self) -> dict:
        """The JSON contract of the README, keys in a stable order."""
        return {
            "schema": SCHEMA_ID,
            "source": self.source.to_dict(),
            "header": self.header.to_dict(),
            "sections": [s.to_dict() for s in self.sections],
            "targets": [t.to_dict() for t in self.targets],
            "signature": self.signature.to_dict() if self.signature else None,
            "recipients": list(self.recipients),
            "closing": self.closing,
            "warnings": list(self.warnings),
            "attachments": [a.to_dict() for a in self.attachments],
            "tables": [t.to_dict() for t in self.tables],
        }
