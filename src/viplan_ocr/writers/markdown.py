"""``.md``: the plan as Markdown: headings from the section tree, paragraphs, lists and tables.

Asked for by name (``--formats json,md``): a person reads it, or a wiki or a static site shows
it. Numbered sections become headings one level under the title (``## I. MỤC TIÊU``, ``### 1.
...``), bullets list items, each section's own text its paragraphs, and each table a real
Markdown table where its section stands (tables tied to no section come last).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from viplan_ocr.vietnamese.markers import SectionKind
from viplan_ocr.writers.base import DocumentWriter
from viplan_ocr.writers.grid import markdown_table

if TYPE_CHECKING:
    from viplan_ocr.parse.model import Plan, Section
    from viplan_ocr.pipeline import Converted

#: Characters Markdown would read as formatting at the start of a line of plain text.
_LEADING = ("#", ">", "|", "=", "+", "-", "*")


def escape_line(line: str) -> str:
    """A line of text that Markdown shows as it is (a leading ``#``, ``-`` or ``>`` escaped).

    >>> escape_line("# not a heading"), escape_line("Số 12/KH")
    ('\\\\# not a heading', 'Số 12/KH')
    """
    line = line.strip()
    return "\\" + line if line.startswith(_LEADING) else line


def _paragraphs(text: str) -> list[str]:
    return [" ".join(escape_line(line) for line in block.split("\n") if line.strip()) for block in text.split("\n\n")]


def _table(plan: Plan, index: int) -> list[str]:
    """A table as Markdown lines and a blank line, the parts a page break cut off joined to its
    first part (their own repeated heading rows left out); nothing for such a part itself."""
    table = plan.tables[index]
    if table.continues is not None:
        return []
    rows = list(table.rows)
    for part in plan.tables[index + 1 :]:
        if part.continues == index:
            rows.extend(part.rows[part.header_rows :])
    return [markdown_table(rows, table.header_rows), ""]


def _section(plan: Plan, section: Section, depth: int, out: list[str]) -> None:
    if section.kind in (SectionKind.BULLET, SectionKind.ITEM) or (
        section.kind is SectionKind.LETTER and not section.children
    ):
        marker = f"{section.marker} " if section.kind is not SectionKind.BULLET else ""
        body = " ".join(p for p in _paragraphs(f"{section.title}\n{section.text}") if p)
        out.append(f"{'  ' * max(0, depth - 1)}- {marker}{body}".rstrip())
        for index in section.tables:
            if lines := _table(plan, index):
                out.extend(["", *lines])
        for child in section.children:
            _section(plan, child, depth + 1, out)
        return
    level = min(6, section.level + 1)
    out.extend(["", f"{'#' * level} {section.marker} {escape_line(section.title)}".rstrip(), ""])
    out.extend(p + "\n" for p in _paragraphs(section.text) if p)
    for index in section.tables:
        out.extend(_table(plan, index))
    for child in section.children:
        _section(plan, child, 0 if child.kind not in (SectionKind.BULLET, SectionKind.ITEM) else 1, out)
    if out and out[-1] != "":
        out.append("")


def render_plan(plan: Plan) -> str:
    """The plan as Markdown (see the module docstring)."""
    header = plan.header
    out: list[str] = [f"# {escape_line(header.doc_type or 'Văn bản')}"]
    if header.title:
        out.extend(["", f"**{escape_line(header.title)}**"])
    facts = [part for part in (header.issuer, header.number and f"Số: {header.number}", header.date) if part]
    if facts:
        out.extend(["", " · ".join(escape_line(f) for f in facts)])
    if header.preamble:
        out.append("")
        out.extend(p + "\n" for p in _paragraphs(header.preamble) if p)
    for section in plan.sections:
        _section(plan, section, 0, out)
    placed = {index for section in _all(plan.sections) for index in section.tables}
    loose = [i for i, table in enumerate(plan.tables) if i not in placed and table.continues is None]
    if loose:
        out.extend(["", "## Bảng", ""])
        for index in loose:
            out.extend(_table(plan, index))
    if plan.closing:
        out.extend(["", escape_line(plan.closing)])
    if plan.signature and (plan.signature.position or plan.signature.name):
        lines = [plan.signature.authority, plan.signature.position, plan.signature.name]
        out.extend(["", "  \n".join(f"**{escape_line(line)}**" for line in lines if line)])
    if plan.recipients:
        out.extend(["", "Nơi nhận:", ""])
        out.extend(f"- {escape_line(r)}" for r in plan.recipients)
    text = "\n".join(out)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip() + "\n"


def _all(sections: tuple[Section, ...]) -> list[Section]:
    found: list[Section] = []
    for section in sections:
        found.append(section)
        found.extend(_all(section.children))
    return found


def render(converted: Converted) -> str:
    """The converted document's plan as Markdown."""
    return render_plan(converted.plan)


WRITER = DocumentWriter("md", ".md", render, default=False)
