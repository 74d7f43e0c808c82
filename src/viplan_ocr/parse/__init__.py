"""Parsing: the structure of a plan (header, sections, targets, signature, recipients).

``parse`` works on text, so it can read any clean text, not only our own extraction. It reads
clean accented text and OCR text without diacritics alike (keywords are matched on an
accent-free shadow, see :mod:`viplan_ocr.parse.text`), and it never fails on a document that is
not a plan: what it cannot find stays empty and is named in ``warnings``.

>>> plan = parse("KẾ HOẠCH\\nGiáo dục năm học 2022-2023\\nI. MỤC TIÊU\\n- Chỉ tiêu 1: Tỷ lệ chuyên cần đạt 98%.")
>>> plan.header.doc_type, str(plan.header.period), plan.targets[0].id
('Kế hoạch', '2022-2023', 'I/1')
>>> m = plan.targets[0].metrics[0]; (m.comparator, m.value, m.unit)
('>=', 98.0, '%')
"""

from __future__ import annotations

import regex

from viplan_ocr.document import Document
from viplan_ocr.parse.attachments import attachment_starts, read_attachments
from viplan_ocr.parse.fields import check_handwriting
from viplan_ocr.parse.goals import document_year, states_norms
from viplan_ocr.parse.header import read_header
from viplan_ocr.parse.model import Plan, PlanTable, Source
from viplan_ocr.parse.sections import read_sections
from viplan_ocr.parse.signature import find_tail, read_tail
from viplan_ocr.parse.tables import merge_targets, read_tables, table_targets
from viplan_ocr.parse.targets import read_targets
from viplan_ocr.parse.text import prepare, split_lines
from viplan_ocr.vietnamese.syllables import reads_as_syllable, shadow


def parse(text: str | Document, *, source: Source | None = None) -> Plan:
    """Read a plan's structure from its (clean) text.

    A :class:`~viplan_ocr.document.Document` brings its own source description (path, pages,
    where each page's text came from); plain text is described as one page of ``text``.
    Spans in the result are offsets into the text after NFC normalisation and with ``\\n``
    line ends (:func:`viplan_ocr.parse.text.prepare`).
    """
    doubtful: list[str] = []
    document = text if isinstance(text, Document) else None
    handwritten: dict[str, str] = {}
    unsure: dict[str, str] = {}
    if isinstance(text, Document):
        source = source or Source.of(text)
        doubtful = doubtful_pages(text)
        handwritten = handwritten_readings(text)
        unsure = handwritten_readings(text, unsure=True)
        text = text.text
    source = source or Source(path="-", pages=1, text_sources=["text"])
    text = prepare(text)
    folded = shadow(text)
    lines = split_lines(text, folded)
    starts = attachment_starts(lines)
    main_end = starts[0] if starts else len(lines)
    main = lines[:main_end]  # the main document: attachments have headers, sections and signers of their own
    header, body_start, warnings = read_header(main, text, folded)
    header = check_handwriting(header, handwritten, unsure)
    tail = find_tail(main, body_start)
    sections, section_warnings = read_sections(lines[body_start:tail])
    year = document_year(header.date, header.date_text)
    norms = states_norms(header.doc_type, header.title)
    targets, target_warnings = read_targets(text, folded, sections, header.period, year, norms=norms)
    tables: tuple[PlanTable, ...] = ()
    if document is not None:
        tables, sections = read_tables(document, sections)
        found = [
            target
            for index, table in enumerate(tables)
            for target in table_targets(
                table, index, year, header.period, tables[table.continues] if table.continues is not None else None
            )
        ]
        targets = merge_targets(targets, found)
    closing, signature, recipients, signature_warnings = read_tail(main[tail:])
    warnings += section_warnings + target_warnings + signature_warnings + doubtful
    if not sections:
        warnings.append("no numbered sections (I., 1., ...) found: this may not be a plan")
    if not targets:
        warnings.append("no targets (Chỉ tiêu ...) found")
    return Plan(
        source=source,
        header=header,
        sections=sections,
        targets=targets,
        signature=signature,
        recipients=recipients,
        closing=closing,
        warnings=tuple(warnings),
        attachments=read_attachments(lines, starts, len(lines)),
        tables=tables,
    )


def handwritten_readings(document: Document, *, unsure: bool = False) -> dict[str, str]:
    """The day and month extraction read from handwriting on the first page that has any (with
    ``unsure``, the readings it was not sure enough of to put in the text)."""
    from viplan_ocr.extract.handwriting import read_notes

    for page in document.pages:
        if found := read_notes(page.warnings, unsure=unsure):
            return found
    return {}


#: A page on which fewer of the words than this read as Vietnamese syllables is doubtful.
READABLE_SHARE = 0.6
#: Pages with fewer words than this say too little to judge.
READABLE_MIN_WORDS = 20
_WORD = regex.compile(r"\p{L}+")


def doubtful_pages(document: Document) -> list[str]:
    """A warning for each page whose text still reads poorly after extraction and cleaning.

    A junk OCR layer, a page the engine could hardly read, an undetected legacy font: the
    parse goes on, and the JSON says which pages a person should look at.

    >>> from viplan_ocr.document import Document
    >>> doubtful_pages(Document.from_text("Keá hoaïch thöïc hieän naêm hoïc 2022 cuûa tröôøng " * 3))
    ['page 1: only 0% of its 24 words read as Vietnamese; check its source']
    """
    warnings = []
    for page in document.pages:
        words = _WORD.findall(page.text)
        if len(words) < READABLE_MIN_WORDS:
            continue
        share = sum(map(reads_as_syllable, words)) / len(words)
        if share < READABLE_SHARE:
            warnings.append(
                f"page {page.number}: only {share:.0%} of its {len(words)} words read as Vietnamese; check its source"
            )
    return warnings


__all__ = ["Plan", "Source", "doubtful_pages", "parse"]
