"""`make run` end to end: every sample converted through the real command into real files."""

from __future__ import annotations

import csv
import json

import pytest

from .conftest import SAMPLES, run_cli_subprocess


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    result = run_cli_subprocess("batch", SAMPLES, out)
    return result, out


def _samples():
    return sorted(p for p in SAMPLES.iterdir() if p.is_file() and p.suffix.lower() in {".txt", ".pdf", ".png", ".jpg"})


@pytest.mark.slow
def test_batch_on_samples_succeeds_with_a_summary(converted):
    result, _ = converted
    assert result.code == 0, result.err
    assert f"{len(_samples())} converted, 0 failed" in result.err


@pytest.mark.slow
@pytest.mark.parametrize("sample", _samples(), ids=lambda p: p.name)
def test_every_sample_has_clean_text_and_json(converted, sample):
    _, out = converted
    text = (out / sample.name).with_suffix(".txt").read_text(encoding="utf-8")
    plan = json.loads((out / sample.name).with_suffix(".json").read_text(encoding="utf-8"))
    assert text.strip()
    assert plan["schema"] == "viplan-ocr/plan/1"
    assert plan["source"]["path"].endswith(sample.name)


@pytest.mark.slow
def test_manifest_has_one_ok_record_per_sample(converted):
    _, out = converted
    records = [json.loads(line) for line in (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(r["input"] for r in records) == [p.name for p in _samples()]
    assert {r["status"] for r in records} == {"ok"}


@pytest.mark.slow
def test_targets_csv_opens_with_a_header(converted):
    _, out = converted
    with (out / "targets.csv").open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames and "value" in reader.fieldnames and "comparator" in reader.fieldnames
        list(reader)
