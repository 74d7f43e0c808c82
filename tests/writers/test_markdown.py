"""``--formats md``: the plan as Markdown, with headings, lists and real tables."""

from __future__ import annotations

import pytest
import regex

from viplan_ocr import clean
from viplan_ocr.document import Document, Line, Page, PageSource, Table
from viplan_ocr.parse import parse
from viplan_ocr.vietnamese.markers import SectionKind
from viplan_ocr.writers import WRITERS, check_formats
from viplan_ocr.writers.markdown import render_plan

TEXT = [
    "KẾ HOẠCH",
    "Công tác y tế năm 2024",
    "I. MỤC TIÊU",
    "Nâng cao chất lượng khám chữa bệnh.",
    "1. Các chỉ tiêu",
    "TT     Chỉ tiêu     Kế hoạch",
    "II. TỔ CHỨC THỰC HIỆN",
    "- Phòng Nghiệp vụ theo dõi.",
    "- # Phòng Tài chính bảo đảm kinh phí.",
]


def _plan():
    rows = (("TT", "Chỉ tiêu", "Kế hoạch"), ("1", "Khám | chữa bệnh", "4.500.000"), ("2", "Số giường\nbệnh", "26,78"))
    lines = tuple(Line(text, block=index) for index, text in enumerate(TEXT))
    page = Page(1, PageSource.TEXT_LAYER, lines=lines, tables=(Table(rows, True, header_rows=1),))
    return parse(Document("kh.docx", (page,)))


def test_markdown_has_headings_lists_and_a_table():
    markdown = render_plan(_plan())
    assert markdown.startswith("# Kế hoạch\n\n**Công tác y tế năm 2024**")
    assert "\n## I. MỤC TIÊU\n" in markdown and "\n### 1. Các chỉ tiêu\n" in markdown
    assert "\n- Phòng Nghiệp vụ theo dõi.\n" in markdown
    assert "\n- \\# Phòng Tài chính bảo đảm kinh phí.\n" in markdown
    table = (
        "| TT | Chỉ tiêu | Kế hoạch |\n| --- | --- | --- |\n"
        "| 1 | Khám \\| chữa bệnh | 4.500.000 |\n| 2 | Số giường<br>bệnh | 26,78 |"
    )
    assert table in markdown
    # The table stands in its section, before the next part.
    assert markdown.index(table) < markdown.index("## II. TỔ CHỨC THỰC HIỆN")


def test_md_is_a_format_asked_for_by_name():
    assert check_formats(["json", "md"]) == ("json", "md")
    assert WRITERS["md"].suffix == ".md" and not WRITERS["md"].default


def _headings(sections, out):
    """(level, marker) of every section the Markdown shows as a heading, in tree order."""
    for section in sections:
        listed = section.kind in (SectionKind.BULLET, SectionKind.ITEM) or (
            section.kind is SectionKind.LETTER and not section.children
        )
        if not listed:
            out.append((min(6, section.level + 1), section.marker))
        _headings(section.children, out)
    return out


@pytest.mark.parametrize("seed", ["clean", "ocr"])
def test_the_seeds_section_trees_render_as_headings_in_order(seeds, seed):
    """Each seed plan (the OCR one cleaned first) gives one heading per numbered section, at its
    depth in the tree, in the tree's order, and no heading besides those and the title."""
    text = seeds[seed].read_text(encoding="utf-8")
    plan = parse(clean(text) if seed == "ocr" else text)
    markdown = render_plan(plan)
    expected = _headings(plan.sections, [])
    assert len(expected) >= 5, "the seed must have a section tree for this test to mean anything"
    found = [
        (len(m.group(1)), m.group(2))
        for m in regex.finditer(r"^(#{2,6}) (\S+)", markdown, flags=regex.MULTILINE)
        if m.group(2) != "Bảng"
    ]
    assert found == expected
    assert markdown.count("\n# ") == 0 and markdown.startswith("# ")
