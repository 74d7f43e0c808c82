"""Tables in the plan: where each stands (page, box, section), and the targets their columns hold.

A report states its targets in a table as often as in sentences (``1. Kết quả thực hiện các chỉ
tiêu y tế cơ bản``: ``TT | Chỉ tiêu | Đơn vị | Kế hoạch | Thực hiện 10 tháng | Ước thực hiện cả
năm | So với kế hoạch (%)``). Its rows are indicators; its columns say what their figures are.
A column is a **target column** when its heading plans (:data:`TARGET_HEADING`: ``Kế hoạch``,
``KH năm 2018``, ``Chỉ tiêu``, ``Mục tiêu``, ``Đăng ký``, or a year later than the document's) and
does not report (:data:`RESULT_HEADING`: ``Thực hiện``, ``Kết quả``, ``Ước ...``, ``So sánh``,
``(%)``, ``9=7/4``), and when most of its cells are figures. Each indicator row then gives one
target per target column: the indicator's words, the cell's figure (unit from an ``Đơn vị``/
``ĐVT`` column, year from the heading or else the document's) and a pointer to the cell.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace

import regex

from viplan_ocr.document import Document, Page, merged_owner, middle_inside, text_parts
from viplan_ocr.extract.columns import COLUMN_SEPARATOR
from viplan_ocr.parse.model import Cell, Metric, Period, PlanTable, Section, Span, Target
from viplan_ocr.parse.patterns import YEAR
from viplan_ocr.parse.sections import walk
from viplan_ocr.parse.targets import FIGURE_NUMBER
from viplan_ocr.parse.text import parse_number, squash
from viplan_ocr.vietnamese.digits import as_digits
from viplan_ocr.vietnamese.syllables import shadow

#: Headings of columns that plan: ``Kế hoạch``, ``KH 2018``, ``Chỉ tiêu``, ``Mục tiêu``, ``Đăng ký``;
#: ``hoạch`` alone too, as OCR reads a heading broken over two lines (``Kế x`` / ``hoạch``).
TARGET_HEADING = regex.compile(
    r"(?<![a-z])(?:(?:k\S?\s*)?ho\S?\s*[aạ]?ch|kh|ch[il1]\s*t[il1]eu|muc\s+tieu|dang\s+ky|phan\s+dau|du\s+kien)(?![a-z])"
)
#: Headings of columns that report or compare: ``Thực hiện 10 tháng``, ``TH``, ``Kết quả``,
#: ``Ước thực hiện cả năm``, ``So sánh``, ``So với kế hoạch (%)``, ``Tỷ lệ đạt``, ``9=7/4``.
RESULT_HEADING = regex.compile(
    r"(?<![a-z])(?:th\S?\s*[uư]c\s+hi\S*n|th|tt|ket\s+qua|uoc|so\s+sanh|so\s+voi|ty\s+le\s+dat|dat\s+duoc|luy\s+ke"
    r"|cung\s+ky|con\s+lai|chenh\s+lech|tang\s+giam)(?![a-z])|%|\d\s*=|=\s*\d"
)
#: The heading of a unit column: ``Đơn vị``, ``Đơn vị tính``, ``ĐVT``, ``ĐV``.
UNIT_HEADING = regex.compile(r"(?<![a-z])(?:don\W*vi(?!\s+(?:thuc\s+hien|chu\s+tri|phoi\s+hop))|dvt|dv)(?![a-z])")
#: A cell that is one figure: ``6,45``, ``4.500.000``, ``-0,59``, ``99,5%``, ``≥ 95%``, ``14,42‰``.
FIGURE = regex.compile(
    r"^(?P<cmp>[<>≤≥]|tren|duoi|toi\s+thieu|toi\s+da|it\s+nhat|khong\s+qua)?\s*"
    rf"(?P<num>[-+]?{FIGURE_NUMBER})\s*(?P<unit>%o|%|‰)?$"
)
_COMPARATORS = {
    "<": "<",
    ">": ">",
    "≤": "<=",
    "≥": ">=",
    "tren": ">",
    "duoi": "<",
    "toi thieu": ">=",
    "it nhat": ">=",
    "toi da": "<=",
    "khong qua": "<=",
}
#: A column holds figures when at least this share of its filled data cells are figures.
FIGURE_SHARE = 0.5
#: Two parts of a table a page break cut stand this close across the page (share of its width).
SAME_PLACE = 0.03
#: At most this many short lines (a page number, a running head) stand between the two parts.
PAGE_FURNITURE = 2


@dataclass(frozen=True, slots=True)
class Figure:
    """A cell read as one figure."""

    value: float
    unit: str | None
    comparator: str


def read_figure(cell: str) -> Figure | None:
    """The figure a cell holds alone, or None (words, dates, several numbers).

    >>> read_figure("4.500.000"), read_figure("6,45").value, read_figure("≥ 95%")
    (Figure(value=4500000.0, unit=None, comparator='='), 6.45, Figure(value=95.0, unit='%', comparator='>='))
    >>> read_figure("15/01/2019"), read_figure("Năm 2018"), read_figure("-")
    (None, None, None)
    """
    text = squash(shadow(cell.replace("\n", " "))).strip(" .;:")
    match = FIGURE.match(text)
    if not match:
        return None
    digits = as_digits(match.group("num"))
    unit = {"%": "%", "%o": "‰", "‰": "‰"}.get(match.group("unit") or "")
    sign = -1.0 if digits.startswith("-") else 1.0
    try:
        value = sign * parse_number(digits.lstrip("+-"), percent=unit == "%")
    except ValueError:
        return None
    comparator = _COMPARATORS.get(squash(match.group("cmp") or ""), "=")
    return Figure(value=value, unit=unit, comparator=comparator)


def heading(
    rows: Sequence[Sequence[str]], header_rows: int, column: int, merged: Sequence[tuple[int, int, int, int]] = ()
) -> str:
    """A column's heading: its cells in the heading rows, top to bottom, on one line; a merged
    cell over several columns heads each of them, a cell merged down the rows counts once.

    >>> rows = [["TT", "Năm 2017", ""], ["", "Kế hoạch", "Ước"]]
    >>> heading(rows, 2, 2), heading(rows, 2, 2, merged=[(0, 1, 1, 2)]), heading(rows, 2, 0, merged=[(0, 0, 2, 1)])
    ('Ước', 'Năm 2017 Ước', 'TT')
    """
    parts, seen = [], set()
    for r in range(min(header_rows, len(rows))):
        owner = merged_owner(merged, r, column)
        if owner in seen:
            continue
        seen.add(owner)
        row = rows[owner[0]]
        if owner[1] < len(row) and row[owner[1]].strip():
            parts.append(row[owner[1]])
    return squash(" ".join(parts).replace("\n", " "))


def is_target_heading(text: str, year: int | None) -> tuple[bool, int | None]:
    """Whether a column heading plans, and the year it names (its latest).

    >>> is_target_heading("Kế hoạch", 2017), is_target_heading("Kế hoạch 2018", 2017)
    ((True, None), (True, 2018))
    >>> is_target_heading("Ước thực hiện 2017", 2017), is_target_heading("So với kế hoạch (%)", 2017)
    ((False, 2017), (False, None))
    >>> is_target_heading("Năm 2019", 2018), is_target_heading("Năm 2017", 2018), is_target_heading("Chỉ tiêu", None)
    ((True, 2019), (False, 2017), (True, None))
    """
    folded = squash(shadow(text))
    years = [int(y) for y in YEAR.findall(folded)]
    latest = max(years) if years else None
    if RESULT_HEADING.search(folded):
        return False, latest
    if TARGET_HEADING.search(folded):
        return True, latest
    return bool(latest and year and latest > year), latest


def _letters(text: str) -> int:
    return sum(char.isalpha() for char in text)


def table_targets(
    table: PlanTable, index: int, year: int | None, period: Period | None, first: PlanTable | None = None
) -> list[Target]:
    """The targets of one table: one per indicator row and target column (see the module docstring).

    A table without a target column, an indicator column (words in most rows) or figures gives
    none: a timeline (``Thời gian``), a list of members, a table of results. The part of a table
    a page break cut off is read under the headings of its ``first`` part.
    """
    head = first or table
    rows, header_rows = table.rows, table.header_rows
    if not head.header_rows or len(rows) <= header_rows:
        return []
    width = max(len(row) for row in (*rows, *head.rows))
    data = [(r, row) for r, row in enumerate(rows) if r >= header_rows]
    headings = [heading(head.rows, head.header_rows, c, head.merged) for c in range(width)]
    figures = [[read_figure(row[c]) if c < len(row) else None for _, row in data] for c in range(width)]

    def filled(c: int) -> list[str]:
        return [row[c] for _, row in data if c < len(row) and row[c].strip() not in ("", "-")]

    def holds_figures(c: int) -> bool:
        cells = filled(c)
        return bool(cells) and sum(f is not None for f in figures[c]) >= FIGURE_SHARE * len(cells)

    units = [c for c in range(width) if UNIT_HEADING.search(squash(shadow(headings[c]))) and not holds_figures(c)]
    unit_column = units[0] if units else None
    wordy = [c for c in range(width) if c != unit_column and not holds_figures(c) and filled(c)]
    if not wordy:
        return []
    indicator = max(wordy, key=lambda c: sum(_letters(cell) for cell in filled(c)) / max(1, len(filled(c))))
    columns = []
    for c in range(width):
        planned, named = is_target_heading(headings[c], year)
        if planned and c not in (indicator, unit_column) and holds_figures(c):
            columns.append((c, named or year))
    targets = []
    for c, column_year in columns:
        for (r, row), figure in zip(data, figures[c], strict=True):
            name = squash(row[indicator].replace("\n", " ")) if indicator < len(row) else ""
            if figure is None or _letters(name) < 2:
                continue
            unit = figure.unit
            if unit is None and unit_column is not None and unit_column < len(row):
                unit = squash(row[unit_column].replace("\n", " ")) or None
            span = table.span or Span(0, 0)
            metric = Metric(
                value=figure.value,
                unit=unit,
                comparator=figure.comparator,
                year=column_year,
                text=squash(row[c].replace("\n", " ")),
                span=span,
            )
            path = table.section
            phase = Period(column_year, column_year) if column_year else period
            targets.append(
                Target(
                    id=f"{path}/T{index}.{r}.{c}" if path else f"T{index}.{r}.{c}",
                    number=None,
                    section=path,
                    phase=phase,
                    phase_source="column" if column_year else ("document" if period else None),
                    text=name,
                    span=span,
                    metrics=(metric,),
                    origin="table",
                    cell=Cell(index, r, c),
                )
            )
    return sorted(targets, key=lambda t: (t.cell.row, t.cell.column) if t.cell else (0, 0))


# --- Placing the tables in the text ------------------------------------------------------------


def _line_offsets(document: Document) -> dict[tuple[int, int], tuple[int, int]]:
    """Each (page index, line index) of the document with its (start, end) in ``Document.text``."""
    offsets: dict[tuple[int, int], tuple[int, int]] = {}
    position = 0
    for owner, text in text_parts(document):
        if owner is not None:
            offsets[owner] = (position, position + len(text))
        position += len(text)
    return offsets


def _first_row_line(page: Page, rows: tuple[tuple[str, ...], ...], after: int) -> int | None:
    """The line of a Word page on which a table's first row is printed (cells at the column gap)."""
    first = [cell.split("\n")[0].strip() for cell in rows[0] if cell.strip()] if rows else []
    if not first:
        return None
    wanted = squash(COLUMN_SEPARATOR.join(first))
    for index in range(after, len(page.lines)):
        if squash(page.lines[index].text) == wanted:
            return index
    return None


def locate(document: Document) -> Iterator[tuple[int, Page, int | None]]:
    """Every table of the document as (its index in its page, the page, the offset of its first line
    in ``Document.text``, or None when no line can be tied to it)."""
    offsets = _line_offsets(document)
    for page_index, page in enumerate(document.pages):
        after = 0
        for table_index, table in enumerate(page.tables):
            if table.box is not None:
                line = next((i for i, ln in enumerate(page.lines) if middle_inside(ln.box, table.box)), None)
            else:
                line = _first_row_line(page, table.rows, after)
                after = line + 1 if line is not None else after
            start = offsets.get((page_index, line)) if line is not None else None
            yield table_index, page, start[0] if start else None


def read_tables(document: Document, sections: tuple[Section, ...]) -> tuple[tuple[PlanTable, ...], tuple[Section, ...]]:
    """The document's tables in reading order, each with the section holding it; and the sections
    with each node's ``tables`` filled."""
    from viplan_ocr.parse.targets import _section_path

    found: list[PlanTable] = []
    held: dict[int, list[int]] = {}
    for table_index, page, start in locate(document):
        table = page.tables[table_index]
        holder, ancestors = None, ()
        if start is not None:
            for section, above in walk(sections):
                if section.span.start <= start < section.span.end:
                    holder, ancestors = section, (*above, section)
        if holder is not None:
            held.setdefault(id(holder), []).append(len(found))
        found.append(
            PlanTable(
                page=page.number,
                rows=table.rows,
                header_rows=table.header_rows,
                ruled=table.ruled,
                aligned=table.aligned,
                box=table.box,
                dpi=page.dpi if table.box else None,
                source=str(page.source),
                section=_section_path(ancestors) if ancestors else None,
                span=Span(start, start) if start is not None else None,
                merged=table.merged,
            )
        )

    pages = {page.number: page for page in document.pages}
    for index in range(1, len(found)):
        if continues(pages, found[index - 1], found[index]):
            first = found[index - 1].continues
            found[index] = replace(found[index], continues=index - 1 if first is None else first)

    def mark(nodes: tuple[Section, ...]) -> tuple[Section, ...]:
        return tuple(replace(n, tables=tuple(held.get(id(n), ())), children=mark(n.children)) for n in nodes)

    return tuple(found), (mark(sections) if held else sections)


def continues(pages: Mapping[int, Page], before: PlanTable, table: PlanTable) -> bool:
    """Whether ``table`` goes on from ``before``, a table a page break cut in two (``pages``: the
    document's pages by number).

    It does when ``before`` ends its page and ``table`` starts the next (nothing between but a
    line or two: a page number, a running head), both stand at the same place across the page
    with as many columns, and ``table`` either has no heading rows of its own (its first row is
    data) or repeats ``before``'s.
    """
    if table.page != before.page + 1 or not (table.box and before.box) or table.dpi != before.dpi:
        return False
    width = max(before.box[2], table.box[2])
    if abs(before.box[0] - table.box[0]) > SAME_PLACE * width or abs(before.box[2] - table.box[2]) > SAME_PLACE * width:
        return False
    if max(map(len, before.rows), default=0) != max(map(len, table.rows), default=0):
        return False
    ends = pages.get(before.page)
    starts = pages.get(table.page)
    if ends is None or starts is None:
        return False
    bottom = before.box[1] + before.box[3]
    after = [ln for ln in ends.lines if ln.box and ln.box[1] >= bottom and ln.text.strip()]
    above = [ln for ln in starts.lines if ln.box and ln.box[1] + ln.box[3] <= table.box[1] and ln.text.strip()]
    if any(len(lines) > PAGE_FURNITURE or any(len(ln.text.split()) > 4 for ln in lines) for lines in (after, above)):
        return False
    if table.header_rows == 0:
        return True
    own = [squash(shadow(" ".join(row))) for row in table.rows[: table.header_rows]]
    return own == [squash(shadow(" ".join(row))) for row in before.rows[: before.header_rows]]


def merge_targets(targets: tuple[Target, ...], table_found: list[Target]) -> tuple[Target, ...]:
    """The targets read from text with those from tables, in document order (a table's before the
    first text target after its first line); the text targets keep their order."""
    merged = list(targets)
    for target in sorted(table_found, key=lambda t: t.span.start):
        later = (
            i for i, other in enumerate(merged) if other.origin != "table" and other.span.start > target.span.start
        )
        at = next(later, len(merged))
        while at < len(merged) and merged[at].origin == "table" and merged[at].span.start <= target.span.start:
            at += 1
        merged.insert(at, target)
    return tuple(merged)


__all__ = [
    "Figure",
    "continues",
    "heading",
    "is_target_heading",
    "locate",
    "merge_targets",
    "read_figure",
    "read_tables",
    "table_targets",
]
