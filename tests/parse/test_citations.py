"""Cited documents: kind, number, date and issuer, in accented and OCR spellings."""

from __future__ import annotations

import pytest

from viplan_ocr.parse.citations import read_references
from viplan_ocr.parse.text import prepare
from viplan_ocr.vietnamese.syllables import shadow


def references(text: str) -> list[tuple]:
    text = prepare(text)
    return [(r.kind, r.number, r.date, r.issuer, r.title) for r in read_references(text, shadow(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Thực hiện Kế hoạch số 342/KH-SGDĐT ngày 08/02/2022 của Sở GDĐT Hà Nội về thực hiện",
            ("Kế hoạch", "342/KH-SGDĐT", "2022-02-08", "Sở GDĐT Hà Nội", None),
        ),
        (
            "Thuc hien K§ hoach s6 342/KH-SGDDT ngay 08/02/2022 cua So GDDT \nHa Noi ve thuc hien",
            ("Kế hoạch", "342/KH-SGDDT", "2022-02-08", "So GDDT Ha Noi", None),
        ),
        ("yeu cau cua Nghi quyet so 19-NQ/TW ngay 25/10/2017 va", ("Nghị quyết", "19-NQ/TW", "2017-10-25", None, None)),
        (
            "va Nghi quyet 08/NQ-CP \nngay 24/01 /2018, cac quy dinh",
            ("Nghị quyết", "08/NQ-CP", "2018-01-24", None, None),
        ),
        (
            "Nghị định số 59/2014/NĐ- CP ngày 16 tháng 6 năm 2014 của Chính phủ sửa đổi",
            ("Nghị định", "59/2014/NĐ-CP", "2014-06-16", "Chính phủ", None),
        ),
        ("Căn cứ Luật Giáo dục ngày 14 tháng 6 năm 2019;", ("Luật", None, "2019-06-14", None, "Giáo dục")),
        ("Thực hiện tốt Luật Trẻ em, đảm bảo", ("Luật", None, None, None, "Trẻ em")),
        ("Căn cứ Thông tư số 32/2020/TT-BGDĐT;", ("Thông tư", "32/2020/TT-BGDĐT", None, None, None)),
        ("Can cu Quyet djnh s6 12/QD-UBND ngay 3/1/2022;", ("Quyết định", "12/QD-UBND", "2022-01-03", None, None)),
        ("theo Chi thj so 05-CT/TW ngay 15/5/2016", ("Chỉ thị", "05-CT/TW", "2016-05-15", None, None)),
    ],
)
def test_citations(text, expected):
    assert references(text) == [expected]


def test_no_citation_in_dates_or_plain_mentions():
    assert references("Xây dựng Kế hoạch thực hiện ngày 15/4/2021, pháp luật về trẻ em, luật chơi.") == []


def test_each_citation_once():
    text = "Theo Nghị quyết số 19-NQ/TW ngày 25/10/2017. Thực hiện Nghị quyết số 19-NQ/TW, ..."
    assert [r[1] for r in references(text)] == ["19-NQ/TW"]
