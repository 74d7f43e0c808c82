"""A reviewer's decisions applied after cleaning: keyed to the extracted word, checked, recorded as changes.

The documents are cleaned for real; which words the cleaner is unsure of is read from its own
changes (``Document.flagged``), never written into the test.
"""

from __future__ import annotations

import json

import jsonschema
import pytest

from viplan_ocr.document import Document, replay
from viplan_ocr.errors import UsageError
from viplan_ocr.normalize import CleanConfig, clean_document
from viplan_ocr.normalize.anchors import CORRECTION, Key, trace
from viplan_ocr.normalize.corrections import (
    SCHEMA_ID,
    Action,
    ChangeRef,
    Corrections,
    Decision,
    applied_decisions,
    correction_warnings,
    corrections_schema,
    load_corrections,
)

TEXT = """KE HOACH
Thuc hien nhiem vu nam hoc 2021-2022
Hang nam to chuc ky thi cho hoc sinh, bai kiem tra dinh ky duoc cham cong khai.
Giao vien khoi 5 phoi hop voi phu huynh de hoc sinh tien bo.
"""
NAME = "in/plan.txt"


@pytest.fixture(scope="module")
def original() -> Document:
    return Document.from_text(TEXT, NAME)


@pytest.fixture(scope="module")
def cleaned(original):
    return clean_document(original)


def flagged_spots(original, cleaned):
    """The word-level changes the cleaner was unsure of, with their keys."""
    traced = trace(original, cleaned)
    return traced, [s for s in traced.spots if s.change in cleaned.flagged and s.reviewable]


def on_change(traced, spot, action: Action) -> Decision:
    """The decision a reviewer makes on a change: keyed to its word as the page shows it."""
    word = next(u for u in traced.units if u.start <= spot.final[0] and spot.final[1] <= u.end)
    ref = ChangeRef(spot.change.step, spot.change.before, spot.change.after)
    return Decision(spot.key, word.text, action, change=ref)


def test_trace_follows_every_change_to_the_cleaned_text(original, cleaned):
    traced, _ = flagged_spots(original, cleaned)
    assert traced.text == cleaned.text == traced.base_text
    spots = traced.spots
    untouched = 0
    for index, spot in enumerate(spots):  # a change's span holds what it made, unless a later one changed it
        start, end = spot.final
        later = [s for s in spots[index + 1 :] if s.change.applied and s.final[0] <= end and start <= s.final[1]]
        if not later:
            untouched += 1
            assert cleaned.text[start:end] == (spot.change.after if spot.change.applied else spot.change.before)
    assert untouched > len(spots) / 2
    keys = [unit.key for unit in traced.units]
    assert len(keys) == len(set(keys)) == len(cleaned.text.split())
    assert [u.text for u in traced.units] == cleaned.text.split()


def test_a_rejected_change_is_undone_and_recorded(original, cleaned):
    traced, spots = flagged_spots(original, cleaned)
    spot = next(s for s in spots if s.change.applied)
    result = clean_document(original, decisions=[on_change(traced, spot, Action.REJECT)])
    again = trace(original, result)
    assert again.by_key()[spot.key].text == spot.change.before
    assert result.text == cleaned.text[: spot.final[0]] + spot.change.before + cleaned.text[spot.final[1] :]
    made = [c for c in result.changes if c.step == CORRECTION]
    assert [(c.before, c.after, c.reason) for c in made] == [(spot.change.after, spot.change.before, "rejected")]
    assert replay(original, result.changes) == result.text
    assert "correction rejected" in " ".join(result.report().split())
    assert correction_warnings(result) == []


def test_a_typed_correction_replaces_the_word_and_keeps_its_key(original, cleaned):
    traced, _ = flagged_spots(original, cleaned)
    word = traced.units[-3]
    typed = "phòng thi"  # two words where there was one: still one reviewed word
    result = clean_document(original, decisions=[Decision(word.key, word.text, Action.CORRECT, correction=typed)])
    again = trace(original, result)
    corrected = again.by_key()[word.key]
    assert (corrected.text, corrected.base) == (typed, word.text)
    assert result.text == cleaned.text[: word.start] + typed + cleaned.text[word.end :]
    assert replay(original, result.changes) == result.text
    assert [a.decision for a in applied_decisions(again)] == [
        Decision(word.key, word.text, Action.CORRECT, correction=typed)
    ]


def test_accepting_a_suggestion_makes_it(original):
    config = CleanConfig(restore_min_confidence=0.9)  # the unsure restorations only suggested
    cleaned = clean_document(original, config)
    traced, spots = flagged_spots(original, cleaned)
    spot = next(s for s in spots if not s.change.applied)
    result = clean_document(original, config, decisions=[on_change(traced, spot, Action.ACCEPT)])
    assert trace(original, result).by_key()[spot.key].text == spot.change.after
    assert replay(original, result.changes) == result.text


def test_decisions_that_no_longer_match_are_skipped_with_a_warning(original, cleaned):
    traced, spots = flagged_spots(original, cleaned)
    word = traced.units[5]
    stale = [
        Decision(word.key, word.text + "x", Action.CORRECT, correction="y"),  # the word reads otherwise now
        Decision(Key(1, 99, 0), "nam", Action.CORRECT, correction="năm"),  # no such line
        Decision(spots[0].key, "Hằng", Action.REJECT, ChangeRef("restore", "Hang", "Hàng")),  # no such change
    ]
    result = clean_document(original, decisions=stale)
    assert result.text == cleaned.text
    assert not [c for c in result.changes if c.step == CORRECTION]
    warnings = correction_warnings(result)
    assert len(warnings) == 3
    assert f"reads {word.text!r} in this run" in warnings[0]
    assert "no word there" in warnings[1] and "no such change" in warnings[2]


def test_a_typed_word_wins_over_a_decision_on_its_change(original, cleaned):
    traced, spots = flagged_spots(original, cleaned)
    spot = spots[0]
    decision = on_change(traced, spot, Action.REJECT)
    typed = Decision(spot.key, decision.text, Action.CORRECT, correction="Hằng năm")
    result = clean_document(original, decisions=[decision, typed])
    assert trace(original, result).by_key()[spot.key].text == "Hằng năm"
    (warning,) = correction_warnings(result)
    assert "another decision on the same word comes first" in warning


def test_the_same_decisions_give_the_same_result_and_read_back_from_it(original, cleaned):
    traced, spots = flagged_spots(original, cleaned)
    word = traced.units[2]
    decisions = [
        on_change(traced, spots[0], Action.REJECT),
        on_change(traced, spots[1], Action.ACCEPT),  # made already: a person confirmed it
        Decision(word.key, word.text, Action.CORRECT, correction=word.text.upper()),
    ]
    first = clean_document(original, decisions=decisions)
    assert clean_document(original, decisions=decisions) == first
    read = [a.decision for a in applied_decisions(trace(original, first))]
    assert sorted(read, key=str) == sorted(decisions, key=str)


def test_the_corrections_file_round_trips_and_follows_its_schema(tmp_path, original, cleaned):
    traced, spots = flagged_spots(original, cleaned)
    word = traced.units[0]
    corrections = Corrections(
        (
            (
                NAME,
                (
                    on_change(traced, spots[0], Action.REJECT),
                    Decision(word.key, word.text, Action.CORRECT, correction="Kế"),
                ),
            ),
        )
    )
    data = corrections.to_dict()
    schema = corrections_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(data, schema)
    assert data["schema"] == SCHEMA_ID
    assert Corrections.from_dict(json.loads(json.dumps(data))) == corrections
    (tmp_path / "plan.corrections.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "notes.json").write_text("{}", encoding="utf-8")  # not ours: a folder reads *.corrections.json
    assert load_corrections([tmp_path]) == corrections


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"schema": "viplan-ocr/plan/1", "documents": []}, "not a corrections file"),
        ({"schema": SCHEMA_ID, "documents": [{"document": "a.pdf"}]}, "document 1: decisions must be a list"),
        (
            {"schema": SCHEMA_ID, "documents": [{"document": "a.pdf", "decisions": [{"page": 0}]}]},
            "decision 1: page must be a whole number",
        ),
        (
            {
                "schema": SCHEMA_ID,
                "documents": [
                    {"document": "a", "decisions": [{"page": 1, "line": 0, "word": 0, "text": "x", "action": "fix"}]}
                ],
            },
            "action must be one of accept, reject, correct",
        ),
        (
            {
                "schema": SCHEMA_ID,
                "documents": [
                    {
                        "document": "a",
                        "decisions": [
                            {"page": 1, "line": 0, "word": 0, "text": "x", "action": "correct", "correction": " "}
                        ],
                    }
                ],
            },
            "correction must be the word's reading",
        ),
    ],
)
def test_a_bad_corrections_file_is_refused_naming_what_is_wrong(tmp_path, data, message):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(UsageError, match=message):
        load_corrections([path])
    assert not jsonschema.Draft202012Validator(corrections_schema()).is_valid(data)  # the schema agrees


def test_a_missing_or_broken_file_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match="no such corrections file"):
        load_corrections([tmp_path / "missing.json"])
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    with pytest.raises(UsageError, match="cannot read the corrections file"):
        load_corrections([tmp_path / "broken.json"])


def test_entries_go_to_the_document_of_the_same_name():
    decision = Decision(Key(1, 0, 0), "x", Action.CORRECT, correction="y")
    corrections = Corrections((("in/2021/kh.pdf", (decision,)), ("in/2022/kh.pdf", (decision,)), ("c.txt", ())))
    given, unused = corrections.assign(["/home/a/in/2021/kh.pdf", "out/kh.pdf", "c.txt"])
    assert given == {"/home/a/in/2021/kh.pdf": (decision,)}
    assert unused == ["in/2022/kh.pdf"]  # kh.pdf alone names both: a tie takes neither
    assert Corrections((("kh.pdf", (decision,)),)).assign(["in/kh.pdf"])[0] == {"in/kh.pdf": (decision,)}


def test_a_decision_on_a_word_two_steps_changed_names_the_right_change():
    original = Document.from_text("CONG HOA XA HOI CHU NGHIA VIET NAM\nDoc lap - Tu do - Hanh phuc\n", NAME)
    config = CleanConfig(tone_style="old")  # restore writes HÒA, the tone step moves the mark: HOÀ
    cleaned = clean_document(original, config)
    traced = trace(original, cleaned)
    steps = {}
    for spot in traced.spots:
        steps.setdefault(spot.key, []).append(spot)
    key, (restored, toned) = next((k, s) for k, s in steps.items() if [x.change.step for x in s] == ["restore", "tone"])
    word = traced.by_key()[key]
    decision = on_change(traced, restored, Action.REJECT)
    result = clean_document(original, config, decisions=[decision])
    again = trace(original, result)
    assert word.text == toned.change.after and again.by_key()[key].text == restored.change.before
    assert [a.decision for a in applied_decisions(again)] == [decision]
