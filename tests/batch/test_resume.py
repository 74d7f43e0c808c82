"""``--resume`` after ``kill -9``: every input converted exactly once, and no truncated file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter

import pytest

from viplan_ocr.batch import BatchOptions, load_manifest, run_batch
from viplan_ocr.batch.outputs import TEMP_MARK

from ..conftest import ROOT


def _records(manifest):
    return load_manifest(manifest) if manifest.exists() else []


@pytest.mark.slow
def test_kill_9_then_resume_converts_each_input_exactly_once(tmp_path, inputs_folder, reference_run, read_outputs):
    out = tmp_path / "out"
    manifest = out / "manifest.jsonl"
    command = [sys.executable, "-m", "viplan_ocr", "batch", str(inputs_folder), str(out), "--jobs", "2"]
    # A session of its own, so that kill -9 reaches the workers too, as when a machine goes down.
    proc = subprocess.Popen(command, cwd=ROOT, start_new_session=True, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not _records(manifest) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    before = _records(manifest)
    assert 1 <= len(before) < 5, "the kill should land after the first record and before the last"

    resumed = subprocess.run([*command, "--resume"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert f"{len(before)} skipped" in resumed.stderr

    records = load_manifest(manifest)
    lines = manifest.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(records), "every manifest line is a whole record"
    ok = Counter(r.sha256 for r in records if r.ok)
    assert sorted(ok.values()) == [1] * 5, "one ok record per input"
    assert not list(out.rglob(f"*{TEMP_MARK}*")) and not (out / ".work").exists()
    _, reference = reference_run
    assert read_outputs(out) == read_outputs(reference)


def test_resume_drops_a_torn_record_and_redoes_missing_outputs(tmp_path, seeds):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, seed in seeds.items():
        (folder / f"{name}.txt").write_bytes(seed.read_bytes())
    out = tmp_path / "out"
    run_batch(folder, out, BatchOptions(jobs=1, quiet=True))
    manifest = out / "manifest.jsonl"
    with manifest.open("a", encoding="utf-8") as handle:
        handle.write('{"input": "clean.txt", "status": "o')  # what a kill in mid-write leaves
    (out / "ocr.json").unlink()  # an output lost since: that input is converted again
    (out / f".clean.txt{TEMP_MARK}123").write_text("half a fi", encoding="utf-8")

    report = run_batch(folder, out, BatchOptions(jobs=1, quiet=True, resume=True))

    assert report.skipped == {"clean.txt"}
    assert [r.input for r in report.converted] == ["ocr.txt"]
    assert (out / "ocr.json").is_file()
    assert not list(out.glob(f".*{TEMP_MARK}*"))
    assert manifest.read_text(encoding="utf-8").endswith("}\n")
    assert [r.input for r in load_manifest(manifest)] == ["clean.txt", "ocr.txt", "ocr.txt"]


def test_a_run_without_resume_starts_a_new_manifest(tmp_path, seeds):
    out = tmp_path / "out"
    for _ in range(2):
        run_batch(seeds["clean"], out, BatchOptions(jobs=1, quiet=True))
    assert len(load_manifest(out / "manifest.jsonl")) == 1
