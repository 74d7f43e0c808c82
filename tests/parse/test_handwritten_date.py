"""The parser and a day extraction read from handwriting: flagged, and checked against the document."""

from __future__ import annotations

import pytest

from viplan_ocr import parse
from viplan_ocr.document import Document, Line, Page, PageSource
from viplan_ocr.extract.handwriting import NOTE, UNSURE_NOTE


def _document(
    date_line: str, *body: str, read: dict[str, str] | None = None, unsure: dict[str, str] | None = None
) -> Document:
    lines = ["UBND TỈNH KIÊN GIANG", "SỞ Y TẾ", "Số: 12/KH-SYT", date_line, "KẾ HOẠCH", "Đấu thầu thuốc", *body]
    notes = tuple(NOTE.format(part=p, digits=d, confidence=0.95, original="ÄT") for p, d in (read or {}).items())
    notes += tuple(
        UNSURE_NOTE.format(part=p, digits=d, confidence=0.6, original="|3") for p, d in (unsure or {}).items()
    )
    page = Page(1, PageSource.OCR, tuple(Line(text, block=i) for i, text in enumerate(lines)), warnings=notes)
    return Document(path="-", pages=(page,))


def test_a_read_day_is_flagged():
    header = parse(_document("Kiên Giang, ngày 17 tháng 11 năm 2017", read={"day": "17"})).header
    assert header.date == "2017-11-17"
    assert "day-handwritten-read" in header.flags


def test_a_printed_day_is_not_flagged():
    header = parse(_document("Kiên Giang, ngày 17 tháng 11 năm 2017")).header
    assert header.date == "2017-11-17" and "day-handwritten-read" not in header.flags


def test_a_read_month_is_flagged_too():
    header = parse(_document("Kiên Giang, ngày 04 tháng 01 năm 2021", read={"day": "04", "month": "01"})).header
    assert header.date == "2021-01-04"
    assert {"day-handwritten-read", "month-handwritten-read"} <= set(header.flags)


def test_a_read_day_after_the_signature_is_rejected():
    document = _document(
        "Kiên Giang, ngày 27 tháng 11 năm 2017", "Sở Y tế tỉnh Kiên Giang 15/11/2017 08:10:12", read={"day": "27"}
    )
    header = parse(document).header
    assert header.date == "2017-11-15"
    assert "handwritten-date-rejected" in header.flags and "date-from-signature" in header.flags


def test_a_read_day_before_a_cited_document_is_rejected():
    document = _document(
        "Kiên Giang, ngày 11 tháng 11 năm 2017",
        "Căn cứ Kế hoạch số 142/KH-UBND ngày 16/11/2017 của Ủy ban nhân dân tỉnh;",
        read={"day": "11"},
    )
    header = parse(document).header
    assert header.date is None
    assert "handwritten-date-rejected" in header.flags


def test_a_reading_the_line_does_not_hold_is_not_flagged():
    """The note names 17, the line holds 19 (cleaning or the parser chose another line): no flag."""
    header = parse(_document("Kiên Giang, ngày 19 tháng 11 năm 2017", read={"day": "17"})).header
    assert header.date == "2017-11-19" and "day-handwritten-read" not in header.flags


ESIGN = "Ủy ban nhân dân tỉnh Quảng Ngãi 24/01/2025 10:04:00"


@pytest.mark.parametrize(
    ("unsure", "signed", "date", "flags"),
    [
        # signed the next day: the unsure 23 is borne out
        ("23", ESIGN, "2025-01-23", {"day-handwritten-read", "day-corroborated-by-signature"}),
        ("24", ESIGN, "2025-01-24", {"day-handwritten-read", "day-corroborated-by-signature"}),
        # a day after the signature, or weeks before it, is no corroboration: the signing day stands in
        ("28", ESIGN, "2025-01-24", {"date-from-signature"}),
        ("03", ESIGN, "2025-01-24", {"date-from-signature"}),
        ("31", ESIGN.replace("24/01", "02/02"), "2025-02-02", {"date-from-signature"}),  # another month
    ],
)
def test_an_unsure_day_is_taken_only_when_the_e_signature_bears_it_out(unsure, signed, date, flags):
    document = _document("Quảng Ngãi, ngày |3 tháng 01 năm 2025", signed, unsure={"day": unsure})
    header = parse(document).header
    assert header.date == date
    assert flags <= set(header.flags)
    if "date-from-signature" in flags:
        assert "day-handwritten-read" not in header.flags


def test_an_unsure_day_alone_leaves_the_date_null():
    header = parse(_document("Kiên Giang, ngày |7 tháng 11 năm 2017", unsure={"day": "17"})).header
    assert header.date is None


@pytest.mark.parametrize(
    ("unsure", "date", "flags"),
    [
        # the month is handwritten too: the signing month stands in for it, the unsure day is borne out
        ({"day": "23"}, "2025-01-23", {"day-handwritten-read", "day-corroborated-by-signature"}),
        # an unsure month read otherwise than the signing month: no corroboration
        ({"day": "23", "month": "7"}, "2025-01-24", {"date-from-signature"}),
        # the day after the signature: no corroboration
        ({"day": "27"}, "2025-01-24", {"date-from-signature"}),
    ],
)
def test_a_handwritten_month_takes_the_signing_month_only_with_a_day_it_bears_out(unsure, date, flags):
    document = _document("Quảng Ngãi, ngày 2# tháng/†f năm 2025", ESIGN, unsure=unsure)
    header = parse(document).header
    assert header.date == date
    assert flags <= set(header.flags)


def test_a_day_read_sure_under_an_unread_month_takes_the_signing_month_when_it_bears_it_out():
    document = _document("Quảng Ngãi, ngày 23 tháng/†f năm 2025", ESIGN, read={"day": "23"})
    header = parse(document).header
    assert header.date == "2025-01-23"
    assert {"day-handwritten-read", "day-corroborated-by-signature", "month-from-signature"} <= set(header.flags)
    late = parse(_document("Quảng Ngãi, ngày 27 tháng/†f năm 2025", ESIGN, read={"day": "27"})).header
    assert late.date == "2025-01-24" and "date-from-signature" in late.flags  # after the signature: no


def test_every_date_flag_is_in_the_json_schema():
    """The flags of the corroborated, signed and rejected dates are part of the JSON contract."""
    import jsonschema

    from viplan_ocr.parse.schema import plan_schema

    validator = jsonschema.Draft202012Validator(plan_schema())
    documents = [
        _document("Quảng Ngãi, ngày 23 tháng/†f năm 2025", ESIGN, read={"day": "23"}),
        _document("Quảng Ngãi, ngày |3 tháng 01 năm 2025", ESIGN, unsure={"day": "23"}),
        _document("Quảng Ngãi, ngày 27 tháng 01 năm 2025", ESIGN, read={"day": "27"}),
        _document("Quảng Ngãi, ngày 04 tháng 01 năm 2021", read={"day": "04", "month": "01"}),
    ]
    seen = set()
    for document in documents:
        plan = parse(document).to_dict()
        seen.update(plan["header"]["flags"])
        assert not list(validator.iter_errors(plan))
    assert {"day-corroborated-by-signature", "month-from-signature", "handwritten-date-rejected"} <= seen
