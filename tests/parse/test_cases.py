"""The parser on the plans written for the tests (tests/cases/plans), clean and OCR-damaged.

Each case has an ``.expected.json`` beside it; see tests/cases/plans/README.md for its layout.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import regex

from viplan_ocr import clean
from viplan_ocr.parse import parse
from viplan_ocr.vietnamese.syllables import shadow

CASES = Path(__file__).resolve().parents[1] / "cases" / "plans"
NAMES = sorted(p.name.removesuffix(".expected.json") for p in CASES.glob("*.expected.json"))


def test_the_three_kinds_of_plan_are_there():
    assert NAMES == ["district-plan-two-phases", "full-header-plan-2022", "school-plan-2023-2024"]


def expected(name: str) -> dict:
    return json.loads((CASES / f"{name}.expected.json").read_text(encoding="utf-8"))


def fold(value):
    """Strings accent-free and lowercased, recursively: the OCR variant is compared this way."""
    if isinstance(value, str):
        return shadow(value)
    if isinstance(value, list):
        return [fold(v) for v in value]
    if isinstance(value, dict):
        return {k: fold(v) for k, v in value.items()}
    return value


def flat(sections):
    for section in sections:
        yield section
        yield from flat(section["children"])


def summary(plan: dict) -> dict:
    """The parts of a plan the expected files pin down, in their layout."""
    header = plan["header"]
    keys = ("issuer", "issuer_parent", "issuer_source", "doc_type", "number", "date", "place", "title", "motto")
    return {
        "header": {k: header[k] for k in keys},
        "period": [header["period"]["start"], header["period"]["end"]] if header["period"] else None,
        "references": [
            [r["kind"], r["number"], r["date"], r["issuer"] if r["number"] else r["title"]]
            for r in header["references"]
        ],
        "outline": [f"{s['level']}:{s['number']}" for s in flat(plan["sections"]) if s["number"]],
        "targets": [
            [
                t["id"],
                [t["phase"]["start"], t["phase"]["end"]] if t["phase"] else None,
                t["phase_source"],
                [[m["comparator"], m["value"], m["unit"], m["year"]] for m in t["metrics"]],
            ]
            for t in plan["targets"]
        ],
        "signature": plan["signature"],
        "recipients": plan["recipients"],
        "flagged": [[s["number"], s["marker"], s["flags"]] for s in flat(plan["sections"]) if s["flags"]],
    }


@pytest.mark.parametrize("name", NAMES)
def test_clean_plan(name):
    want = expected(name)
    want.pop("ocr_variant")
    got = summary(parse((CASES / f"{name}.txt").read_text(encoding="utf-8")).to_dict())
    assert got == want


@pytest.mark.parametrize("name", NAMES)
def test_ocr_damaged_plan(name):
    want = expected(name)
    variant = want.pop("ocr_variant")
    want["flagged"] = variant["flagged"]
    want["signature"] = {**want["signature"], **variant["signature"]}
    plan = parse((CASES / variant["file"]).read_text(encoding="utf-8")).to_dict()
    got = summary(plan)
    assert fold(got) == fold(want)
    assert plan["warnings"], "damaged markers must be reported"


@pytest.mark.parametrize("name", NAMES)
def test_ocr_damaged_plan_through_clean(name):
    """After clean(), the figures, ids and phases are the same (they do not depend on accents)."""
    want = expected(name)
    text = (CASES / want["ocr_variant"]["file"]).read_text(encoding="utf-8")
    cleaned = clean(text)
    if "it nhat l2 hoc sinh" in text and not regex.search(r"(?<!\w)[l1]2 h", cleaned):
        # Known failure of the cleaner, not of the parser: its channel model turns the OCR
        # number "l2" (12) into the word "là", and the figure is gone. The raw OCR variant
        # (test_ocr_damaged_plan) shows the parser reads 12 from "l2".
        pytest.xfail("clean() turned the OCR number 'l2' into a word (normalize/channel.py)")
    got = summary(parse(cleaned).to_dict())
    assert fold(got["targets"]) == fold(want["targets"])
    assert fold(got["outline"]) == fold(want["outline"])


def test_tesseract_reading_of_the_full_header_plan():
    """Real OCR output of a scan of the full-header plan: columns joined by single spaces."""
    want = expected("full-header-plan-2022")
    plan = parse((CASES / "full-header-plan-2022.tesseract.txt").read_text(encoding="utf-8")).to_dict()
    got = summary(plan)
    for key in ("header", "period", "targets", "signature"):
        assert fold(got[key]) == fold(want[key]), key
    assert got["recipients"][:3] == want["recipients"][:3]
    # Tesseract lost a stroke of "III.": a repeated "II." where III is due is read as III, the
    # marker kept as read and the number flagged as OCR damage.
    assert want["outline"][4] == "1:III"
    assert got["outline"] == want["outline"]
    assert got["flagged"] == [["III", "II.", ["ocr-damaged"]]]
    assert "section marker 'II.' read as III (OCR damage)" in plan["warnings"]
