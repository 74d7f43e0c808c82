"""``--corrections`` on ``clean`` and ``batch``: decisions applied, stale ones warned about, bad files refused."""

from __future__ import annotations

import json

from viplan_ocr import convert
from viplan_ocr.batch import load_manifest
from viplan_ocr.errors import ExitCode
from viplan_ocr.normalize.anchors import Key, trace
from viplan_ocr.normalize.corrections import SCHEMA_ID, Action, Corrections, Decision

TEXT = "Ke hoach thuc hien nhiem vu nam hoc 2021-2022\nHang nam to chuc ky thi cho hoc sinh.\n"


def write_corrections(path, name, decisions) -> None:
    path.write_text(json.dumps(Corrections(((name, tuple(decisions)),)).to_dict(), ensure_ascii=False), "utf-8")


def test_clean_applies_the_decisions_and_warns_about_stale_ones(run_cli, tmp_path):
    plan = tmp_path / "plan.txt"
    plan.write_text(TEXT, encoding="utf-8")
    converted = convert(plan)
    traced = trace(converted.document, converted.cleaned)
    word, other = traced.units[2], traced.units[4]
    decisions = [
        Decision(word.key, word.text, Action.CORRECT, correction="THỰC"),
        Decision(other.key, "not " + other.text, Action.CORRECT, correction="x"),  # not what the page showed
    ]
    corrections = tmp_path / "plan.corrections.json"
    write_corrections(corrections, str(plan), decisions)
    result = run_cli("clean", plan, "--corrections", corrections, "--explain")
    assert result.code == ExitCode.OK
    text = converted.cleaned.text
    assert result.out.rstrip("\n") == (text[: word.start] + "THỰC" + text[word.end :]).rstrip("\n")
    assert f"correction skipped: page 1, line {other.key.line + 1}, word {other.key.word + 1}" in result.err
    assert "correction typed" in " ".join(result.err.split())  # the explain table lists it


def test_clean_warns_when_the_file_is_about_other_documents(run_cli, tmp_path):
    plan = tmp_path / "plan.txt"
    plan.write_text(TEXT, encoding="utf-8")
    corrections = tmp_path / "c.json"
    decision = Decision(Key(1, 0, 0), "Kế", Action.CORRECT, correction="KẾ")
    write_corrections(corrections, "elsewhere/other.pdf", [decision])
    result = run_cli("clean", plan, "--corrections", corrections)
    assert result.code == ExitCode.OK
    assert "the corrections hold no decisions for this file" in result.err


def test_a_bad_corrections_file_is_a_usage_error_before_any_work(run_cli, tmp_path):
    corrections = tmp_path / "c.json"
    corrections.write_text(json.dumps({"schema": SCHEMA_ID, "documents": "x"}), encoding="utf-8")
    result = run_cli("clean", tmp_path / "missing.pdf", "--corrections", corrections)
    assert result.code == ExitCode.USAGE and "documents must be a list" in result.err
    result = run_cli("batch", tmp_path, tmp_path / "out", "--corrections", tmp_path / "none.json")
    assert result.code == ExitCode.USAGE and "no such corrections file" in result.err
    assert not (tmp_path / "out").exists()


def test_batch_converts_again_what_the_decisions_name_even_on_resume(run_cli, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    (folder / "b.txt").write_text(TEXT, encoding="utf-8")
    out = tmp_path / "out"
    assert run_cli("batch", folder, out, "--jobs", "1", "--quiet").code == ExitCode.OK
    converted = convert(folder / "a.txt")
    word = trace(converted.document, converted.cleaned).units[0]
    corrections = tmp_path / "a.corrections.json"
    write_corrections(corrections, "a.txt", [Decision(word.key, word.text, Action.CORRECT, correction="KẾ")])
    stale = Decision(word.key, "x", Action.CORRECT, correction="y")
    write_corrections(tmp_path / "z.corrections.json", "gone.txt", [stale])
    result = run_cli(
        "batch", folder, out, "--jobs", "1", "--resume", "--corrections", corrections,
        "--corrections", tmp_path / "z.corrections.json",
    )  # fmt: skip
    assert result.code == ExitCode.OK
    assert "gone.txt: no input matches this document of the corrections" in result.err
    assert (out / "a.txt").read_text(encoding="utf-8").startswith("KẾ hoạch")
    assert (out / "b.txt").read_text(encoding="utf-8").startswith("Kế hoạch")
    records = load_manifest(out / "manifest.jsonl")
    assert [r.input for r in records] == ["a.txt", "b.txt", "a.txt"]  # b was kept from the first run
