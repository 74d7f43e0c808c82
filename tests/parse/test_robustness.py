"""Text that is not a plan: a partial result with warnings, never an exception."""

from __future__ import annotations

import gzip

import jsonschema
from hypothesis import given, settings
from hypothesis import strategies as st

from viplan_ocr.document import Document
from viplan_ocr.parse import parse
from viplan_ocr.parse.schema import plan_schema

LEGAL = "giao-duc-dao-tao.txt.gz"
DECISION = "van-ban/giao-duc-dao-tao/1255-2026-qd-ttg-xa-hoi-hoa-giao-duc.md"


def test_empty_text():
    plan = parse("")
    assert plan.sections == () and plan.targets == () and plan.signature is None
    assert plan.warnings == (
        "no document type line (KẾ HOẠCH, QUYẾT ĐỊNH, ...) found in the header",
        "no numbered sections (I., 1., ...) found: this may not be a plan",
        "no targets (Chỉ tiêu ...) found",
    )


def test_prose_is_not_a_plan():
    plan = parse("Hà Nội là thủ đô của Việt Nam.\nDân số khoảng 8 triệu người, 60% sống ở nội thành.")
    assert (plan.header.doc_type, plan.sections, plan.targets) == (None, (), ())
    assert not plan.has_structure
    assert parse("KẾ HOẠCH\nTiêu đề").has_structure
    assert "no targets (Chỉ tiêu ...) found" in plan.warnings


def test_a_document_brings_its_source():
    document = Document.from_text("KẾ HOẠCH\nTiêu đề\nI. MỤC TIÊU\n- Chỉ tiêu 1: đạt 90%.", path="ke-hoach.txt")
    plan = parse(document).to_dict()
    assert plan["source"] == {"path": "ke-hoach.txt", "pages": 1, "text_sources": ["text"]}
    assert plan["targets"][0]["metrics"][0]["value"] == 90.0


MARKERS = ["I. ", "II. ", "m. ", "1. ", "2./. ", "a) ", "- ", "+ ", "Chỉ tiêu 1: ", "KT. ", "Nơi nhận:", "Số: 1/KH-X"]
LINES = st.lists(
    st.one_of(st.sampled_from(MARKERS), st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạ 0123456789%,.;:-/")),
    max_size=30,
)


VALIDATOR = jsonschema.Draft202012Validator(plan_schema())


@settings(max_examples=80, deadline=None)
@given(LINES)
def test_any_lines_parse_to_valid_json(lines):
    VALIDATOR.validate(parse("\n".join(lines)).to_dict())


def _legal_document(seeds, name: str) -> str:
    corpus = seeds["clean"].parents[1] / "corpus" / "legal" / LEGAL
    text, inside = [], False
    with gzip.open(corpus, "rt", encoding="utf-8") as stream:
        for line in stream:
            if line.startswith("##### "):
                if inside:
                    break
                inside = line[6:].strip() == name
            elif inside:
                text.append(line)
    return "".join(text)


def test_a_real_decision_header(seeds):
    """A Prime Minister's decision (not a plan): header read, no targets, warnings say so."""
    plan = parse(_legal_document(seeds, DECISION))
    header = plan.header
    assert header.motto == ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
    assert (header.doc_type, header.number, header.place, header.date) == (
        "Quyết định",
        "1255/QĐ-TTg",
        "Hà Nội",
        "2026-07-10",
    )
    assert header.title.startswith("Ban hành Danh mục các loại hình, tiêu chí quy mô")
    laws = [(r.title, r.date) for r in header.references if r.kind == "Luật"][:3]
    assert laws == [
        ("Tổ chức Chính phủ", "2025-02-18"),
        ("Tổ chức chính quyền địa phương", "2025-06-16"),
        ("Giáo dục", "2019-06-14"),
    ]
    assert ("Nghị định", "69/2008/NĐ-CP", "2008-05-30", "Chính phủ") in [
        (r.kind, r.number, r.date, r.issuer) for r in header.references
    ]
    assert plan.targets == ()
    assert "no targets (Chỉ tiêu ...) found" in plan.warnings


def test_a_page_that_still_reads_poorly_is_named_in_the_warnings():
    """An undecoded legacy font or OCR debris on one page: the parse goes on and says which page."""
    from viplan_ocr.document import Document, Line, Page, PageSource

    good = Page(
        1, PageSource.OCR, tuple(Line(t) for t in ["KẾ HOẠCH", "I. MỤC TIÊU", "Nâng cao chất lượng giáo dục " * 5])
    )
    bad = Page(2, PageSource.TEXT_LAYER, (Line("Keá hoaïch thöïc hieän naêm hoïc 2022 cuûa tröôøng " * 3),))
    warnings = parse(Document("mixed.pdf", (good, bad))).warnings
    assert [w for w in warnings if w.startswith("page ")] == [
        "page 2: only 0% of its 24 words read as Vietnamese; check its source"
    ]
