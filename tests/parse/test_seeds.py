"""The parser on both seed plans, raw and through ``clean()``, with every expected value written out.

Seed 000 is a clean accented school plan (Trường THCS Bình Cang, 2021-2030); seed 004 is a
district plan (Phòng GDĐT quận Long Biên, 2022-2030) as an English OCR engine left it. The
cleaner is still evolving, so on its output we assert what does not depend on accents: ids,
phases, values, units, comparators, years, section numbers, citation numbers and dates.
"""

from __future__ import annotations

import pytest

from viplan_ocr import clean
from viplan_ocr.parse import parse
from viplan_ocr.vietnamese.syllables import shadow

# (id, phase, [(comparator, value, unit, year), ...]) for every target, in order.
SEED_000_TARGETS = [
    ("I.2/7", (2021, 2030), []),
    ("I.2/18", (2021, 2030), [(">", 99.0, "%", None), ("<", 0.8, "%", 2025), ("<", 0.65, "%", 2030)]),
    ("I.2/19", (2021, 2025), []),
    ("I.2/20", (2021, 2030), [(">=", 55.0, "%", 2025), (">=", 60.0, "%", 2030)]),
]
SEED_000_PHASE_SOURCES = ["document", "text", "text", "text"]
SEED_000_METRIC_TEXTS = [
    "trên 99%",
    "dưới 0,8% vào năm 2025",
    "dưới 0,65% vào năm 2030",
    "đạt 55% vào năm 2025",
    "60% vào năm 2030",
]

P1, P2 = (2022, 2025), (2025, 2030)
SEED_004_TARGETS = [
    ("I.2.1/1", P1, [("=", 100.0, "%", None)]),
    ("I.2.1/2", P1, [(">=", 55.0, "%", None), (">=", 100.0, "%", None)]),
    ("I.2.1/3", P1, [(">=", 100.0, "%", None)]),
    ("I.2.1/4", P1, [(">=", 100.0, "%", None)]),
    ("I.2.1/5", P1, [("=", 99.0, "%", None), ("<", 0.05, "%", None)]),
    ("I.2.1/6", P1, [(">=", 100.0, "%", None)]),
    ("I.2.1/7", P1, [(">=", 100.0, "%", None), (">=", 80.0, "%", None)]),
    ("I.2.2/1", P2, [("=", 100.0, "%", None)]),
    ("I.2.2/2", P2, [(">=", 65.0, "%", None), (">=", 100.0, "%", None)]),
    ("I.2.2/3", P2, [(">=", 100.0, "%", None)]),
    ("I.2.2/4", P2, [(">=", 100.0, "%", None)]),
    ("I.2.2/5", P2, [("=", 99.5, "%", None), ("<", 0.03, "%", None)]),
    ("I.2.2/6", P2, [(">=", 100.0, "%", None)]),
    ("I.2.2/7", P2, [(">=", 100.0, "%", None), (">=", 82.0, "%", None)]),
]

# Section numbers: (number, [children numbers]) for each top-level section.
SEED_000_SECTIONS = [("I", ["1", "2"]), ("II", ["1", "2", "3"]), ("VI", [None, None, None, None])]
SEED_004_SECTIONS = [
    ("I", ["1", "2"]),
    ("II", ["1", "2", "3", "4", "5", "6"]),
    ("III", []),
    ("IV", ["1", "2"]),
]

# (kind, number, date) of every cited document; numbers compared accent-free.
SEED_000_REFERENCES = [("Kế hoạch", "496/KH-PGDĐT", "2021-04-15")]
SEED_004_REFERENCES = [
    ("Kế hoạch", "342/KH-SGDDT", "2022-02-08"),
    ("Luật", None, None),
    ("Nghị quyết", "19-NQ/TW", "2017-10-25"),
    ("Nghị quyết", "08/NQ-CP", "2018-01-24"),
]


@pytest.fixture(scope="module")
def raw_text(seeds):
    return {name: path.read_text(encoding="utf-8") for name, path in seeds.items()}


@pytest.fixture(scope="module")
def plans(raw_text):
    """Each seed parsed raw and after clean(): {("clean"|"ocr", "raw"|"cleaned"): dict}."""
    out = {}
    for name, text in raw_text.items():
        out[name, "raw"] = parse(text).to_dict()
        out[name, "cleaned"] = parse(clean(text)).to_dict()
    return out


def target_table(plan: dict) -> list:
    return [
        (
            t["id"],
            (t["phase"]["start"], t["phase"]["end"]) if t["phase"] else None,
            [(m["comparator"], m["value"], m["unit"], m["year"]) for m in t["metrics"]],
        )
        for t in plan["targets"]
    ]


def section_table(plan: dict) -> list:
    return [(s["number"], [c["number"] for c in s["children"]]) for s in plan["sections"]]


def reference_table(plan: dict) -> list:
    return [
        (r["kind"], shadow(r["number"]).upper() if r["number"] else None, r["date"])
        for r in plan["header"]["references"]
    ]


def upper_shadow(rows: list) -> list:
    return [(kind, shadow(number).upper() if number else None, date) for kind, number, date in rows]


VARIANTS = ["raw", "cleaned"]


@pytest.mark.parametrize("variant", VARIANTS)
def test_seed_000_targets(plans, variant):
    plan = plans["clean", variant]
    assert target_table(plan) == SEED_000_TARGETS
    assert [t["phase_source"] for t in plan["targets"]] == SEED_000_PHASE_SOURCES
    assert [t["number"] for t in plan["targets"]] == ["7", "18", "19", "20"]


def test_seed_000_metric_texts_are_the_real_words(plans):
    plan = plans["clean", "raw"]
    assert [m["text"] for t in plan["targets"] for m in t["metrics"]] == SEED_000_METRIC_TEXTS
    target = plan["targets"][1]
    assert target["text"].startswith("Chỉ tiêu 18: Tỷ lệ học sinh tốt nghiệp trung học cơ sở đạt trên 99%")
    assert target["text"].endswith("dưới 0,65% vào năm 2030.")


@pytest.mark.parametrize("variant", VARIANTS)
def test_seed_000_sections(plans, variant):
    plan = plans["clean", variant]
    assert section_table(plan) == SEED_000_SECTIONS
    vi = plan["sections"][2]
    assert vi["flags"] == ["out-of-sequence"]
    assert vi["marker"] == "VI."
    assert vi["expected_number"] == "III"
    assert any("VI follows II (expected III)" in w for w in plan["warnings"])
    goals = plan["sections"][0]["children"][1]
    assert [c["kind"] for c in goals["children"]] == ["bullet"] * 4


def test_seed_000_section_titles(plans):
    plan = plans["clean", "raw"]
    assert [s["title"] for s in plan["sections"]] == ["Mục tiêu", "Nhiệm vụ và giải pháp", "Tổ chức thực hiện"]
    first = plan["sections"][0]["children"][0]
    assert first["title"] == "Mục tiêu chung"
    assert first["text"].startswith("Bảo đảm thực hiện các quyền trẻ em")
    assert [s["level"] for s in plan["sections"]] == [1, 1, 1]
    assert first["level"] == 2


@pytest.mark.parametrize("variant", VARIANTS)
def test_seed_000_header(plans, variant):
    header = plans["clean", variant]["header"]
    assert header["doc_type"] == "Kế hoạch"
    assert header["period"] == {"start": 2021, "end": 2030}
    assert reference_table(plans["clean", variant]) == upper_shadow(SEED_000_REFERENCES)
    assert header["number"] is None and header["date"] is None
    assert header["motto"] == []


def test_seed_000_header_text(plans):
    plan = plans["clean", "raw"]
    header = plan["header"]
    assert header["title"] == "Thực hiện Chương trình hành động vì trẻ em giai đoạn 2021 - 2030"
    assert header["issuer"] == "Trường THCS Bình Cang"
    assert header["issuer_source"] == "preamble"
    assert header["references"][0]["issuer"] == "Phòng Giáo dục và Đào tạo"
    assert header["preamble"].startswith("Thực hiện Kế hoạch số 496/KH-PGDĐT")
    assert plan["signature"] is None
    assert plan["recipients"] == []
    assert plan["closing"].startswith("Trên đây là Kế hoạch thực hiện Chương trình")


@pytest.mark.parametrize("variant", VARIANTS)
def test_seed_004_targets(plans, variant):
    plan = plans["ocr", variant]
    assert target_table(plan) == SEED_004_TARGETS
    assert {t["phase_source"] for t in plan["targets"]} == {"heading"}
    assert len({t["id"] for t in plan["targets"]}) == 14


def test_seed_004_metric_texts(plans):
    texts = [[m["text"] for m in t["metrics"]] for t in plans["ocr", "raw"]["targets"][:7]]
    assert texts == [
        ["100%"],
        ["It nhat 55%", "100%"],
        ["dat 100%"],
        ["dat 100%"],
        ["99%", "duoi 0,05%"],
        ["Phan dau 100%"],
        ["dat 100%", "dat 80%"],
    ]


@pytest.mark.parametrize("variant", VARIANTS)
def test_seed_004_sections(plans, variant):
    plan = plans["ocr", variant]
    assert section_table(plan) == SEED_004_SECTIONS
    goals = plan["sections"][0]["children"][1]
    assert [c["number"] for c in goals["children"]] == ["2.1", "2.2"]
    assert [len(c["children"]) for c in goals["children"]] == [7, 7]
    assert [c["level"] for c in goals["children"]] == [3, 3]


def test_seed_004_damaged_markers_are_normalised_and_flagged(plans):
    plan = plans["ocr", "raw"]
    phase_one = plan["sections"][0]["children"][1]["children"][0]
    assert (phase_one["number"], phase_one["marker"], phase_one["flags"]) == ("2.1", "2./.", ["ocr-damaged"])
    third = plan["sections"][2]
    assert (third["number"], third["marker"], third["flags"]) == ("III", "m.", ["ocr-damaged"])
    assert third["title"].startswith("KINH PHI")
    assert any("'m.' read as III" in w for w in plan["warnings"])
    # Seed 004 puts noise before II.2's number: "X /y r A \ A ^ r \ r2. Day manh ..."
    assert plan["sections"][1]["children"][1]["title"].startswith("Day manh cong tac tuyen truyen")


@pytest.mark.parametrize("variant", VARIANTS)
def test_seed_004_header(plans, variant):
    plan = plans["ocr", variant]
    header = plan["header"]
    assert header["doc_type"] == "Kế hoạch"
    assert header["period"] == {"start": 2022, "end": 2030}
    assert reference_table(plan) == upper_shadow(SEED_004_REFERENCES)
    assert plan["signature"]["mode"] == "KT"
    assert len(plan["recipients"]) == 3


def test_seed_004_header_text(plans):
    plan = plans["ocr", "raw"]
    header = plan["header"]
    assert header["title"] == (
        "Thurc hien Chirong trinh hanh dong vi tre em giai doan 2022-2030 nganh Giao due va Dao tao"
    )
    assert header["issuer"] == "Phong GDDT quan Long Bien"
    first = header["references"][0]
    assert first["issuer"] == "So GDDT Ha Noi"
    assert first["text"] == "K§ hoach s6 342/KH-SGDDT ngay 08/02/2022 cua So GDDT Ha Noi"
    assert header["references"][1]["title"] == "Tre em"
    assert plan["signature"] == {
        "authority": "KT. TRUONG PHONG",
        "position": "PHO TRUONG PHONG",  # the deputy's damaged title read from the block's shape
        "name": "Ngtiyen Thi Hang",
        "mode": "KT",
    }
    assert plan["recipients"] == ["Cac triiang MN, TH, THCS", "Cac to MN, TH, THCS", "Luru VP"]


def test_spans_point_at_the_reported_text(raw_text, plans):
    """Every metric's span, cut from the prepared text, is its reported text."""
    from viplan_ocr.parse.text import prepare, squash

    for name in ("clean", "ocr"):
        text = prepare(raw_text[name])
        for target in plans[name, "raw"]["targets"]:
            span = target["span"]
            assert squash(text[span["start"] : span["end"]]) == target["text"]
            for metric in target["metrics"]:
                span = metric["span"]
                assert squash(text[span["start"] : span["end"]]) == metric["text"]
