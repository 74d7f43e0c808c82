"""The batch driver end to end: mirrored outputs, the manifest, failures, formats, archives, the bar."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import multiprocessing
import os
import zipfile

import pytest

from viplan_ocr.batch import BatchOptions, load_manifest, run_batch, work
from viplan_ocr.batch import run as run_module
from viplan_ocr.errors import ExitCode

pytestmark = pytest.mark.slow

INPUTS = [
    "khgd/ke-hoach-1.pdf",
    "khgd/ke-hoach-2.pdf",
    "truong/ke-hoach-3.pdf",
    "truong/seed-clean.txt",
    "truong/seed-ocr.txt",
]


def test_outputs_mirror_the_input_tree(reference_run):
    report, out = reference_run
    assert not report.failed
    for name in INPUTS:
        stem = out / name.rsplit(".", 1)[0]
        text = stem.with_suffix(".txt").read_text(encoding="utf-8")
        plan = json.loads(stem.with_suffix(".json").read_text(encoding="utf-8"))
        assert text.strip(), name
        assert plan["source"]["path"].endswith(name)
    assert "Chương trình hành động" in (out / "khgd/ke-hoach-1.txt").read_text(encoding="utf-8")


def test_manifest_records_every_input_once(reference_run, inputs_folder):
    _, out = reference_run
    records = {r.input: r for r in load_manifest(out / "manifest.jsonl")}
    assert sorted(records) == INPUTS
    for name, record in records.items():
        assert record.status == "ok"
        assert record.sha256 == hashlib.sha256((inputs_folder / name).read_bytes()).hexdigest()
        assert set(record.timings) == {"ocr", "clean_parse", "wall"}
        assert all((out / output).is_file() for output in record.outputs)
    assert records["khgd/ke-hoach-2.pdf"].pages == 2
    assert records["khgd/ke-hoach-2.pdf"].text_sources == ["ocr", "ocr"]
    assert records["truong/seed-clean.txt"].text_sources == ["text"]
    assert records["truong/seed-clean.txt"].ocr_confidence is None


def test_targets_csv_lists_the_targets_of_the_json_files(reference_run):
    _, out = reference_run
    raw = (out / "targets.csv").read_bytes()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    expected = sum(
        len(target["metrics"])
        for name in INPUTS
        for target in json.loads((out / name).with_suffix(".json").read_text(encoding="utf-8"))["targets"]
    )
    assert len(rows) == expected
    assert {row["document"] for row in rows} <= set(INPUTS)


def test_a_bad_file_in_the_middle_fails_alone(run_cli, tmp_path, seeds):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-clean.txt").write_bytes(seeds["clean"].read_bytes())
    (folder / "b-corrupt.pdf").write_bytes(b"%PDF-1.4\n1 0 obj <<\n%%EOF truncated")
    (folder / "c-ocr.txt").write_bytes(seeds["ocr"].read_bytes())
    result = run_cli("batch", folder, tmp_path / "out", "--jobs", "2", "--quiet")
    assert result.code == ExitCode.PARTIAL
    assert (tmp_path / "out/a-clean.txt").is_file() and (tmp_path / "out/c-ocr.json").is_file()
    assert not (tmp_path / "out/b-corrupt.txt").exists()
    records = {r.input: r for r in load_manifest(tmp_path / "out/manifest.jsonl")}
    assert records["a-clean.txt"].ok and records["c-ocr.txt"].ok
    failed = records["b-corrupt.pdf"]
    assert failed.status == "failed" and "b-corrupt.pdf" in failed.error
    assert failed.sha256 == hashlib.sha256((folder / "b-corrupt.pdf").read_bytes()).hexdigest()
    assert "2 converted, 1 failed" in result.err
    assert "Traceback" not in result.err


def test_an_unreadable_archive_member_fails_alone(run_cli, tmp_path, seeds):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-clean.txt").write_bytes(seeds["clean"].read_bytes())
    with zipfile.ZipFile(folder / "b-luu-tru.zip", "w") as zf:
        zf.writestr("hong.txt", "Kế hoạch năm học")
    raw = bytearray((folder / "b-luu-tru.zip").read_bytes())
    raw[raw.index("Kế".encode())] ^= 0xFF  # a flipped byte: the member's CRC no longer matches
    (folder / "b-luu-tru.zip").write_bytes(bytes(raw))
    result = run_cli("batch", folder, tmp_path / "out", "--jobs", "1")
    assert result.code == ExitCode.PARTIAL
    records = {r.input: r for r in load_manifest(tmp_path / "out/manifest.jsonl")}
    assert records["a-clean.txt"].ok
    assert "b-luu-tru.zip/hong.txt: cannot be read" in records["b-luu-tru.zip/hong.txt"].error
    assert "Traceback" not in result.err


def test_formats_and_explain_choose_the_files(run_cli, tmp_path, seeds):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ke-hoach.txt").write_bytes(seeds["ocr"].read_bytes())
    result = run_cli("batch", folder, tmp_path / "out", "--formats", "txt", "--explain", "--jobs", "1")
    assert result.code == ExitCode.OK, result.err
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == [".viplan-ocr.lock", "ke-hoach.explain.txt", "ke-hoach.txt", "manifest.jsonl"]
    report = (tmp_path / "out/ke-hoach.explain.txt").read_text(encoding="utf-8")
    assert report.startswith("step")  # the cleaner's Cleaned.report() table


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--formats", "txt,csv", "add json to --formats"),
        ("--formats", "txt,docx", "unknown format(s) docx"),
        ("--jobs", "-1", "--jobs must be 1 or more"),
        ("--scheduler", "tcp://127.0.0.1:8786", "--scheduler needs --executor dask"),
    ],
)
def test_options_that_make_no_sense_are_usage_errors(run_cli, tmp_path, seeds, option, value, message):
    result = run_cli("batch", seeds["clean"], tmp_path / "out", option, value)
    assert result.code == ExitCode.USAGE
    assert message in result.err
    assert not (tmp_path / "out").exists()


def test_zip_members_are_inputs_mirrored_under_the_archive(tmp_path, reference_run, inputs_folder, seeds):
    _, reference = reference_run
    archive = tmp_path / "in" / "luu-tru.zip"
    archive.parent.mkdir()
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(inputs_folder / "khgd/ke-hoach-1.pdf", "2021/ke-hoach-1.pdf")
        zf.write(seeds["clean"], "2021/seed-clean.txt")
        zf.write(inputs_folder / "khgd/ke-hoach-1.pdf", "2022/ban-sao.pdf")  # the same scan twice
        zf.writestr("../thoat-ra.txt", "Kế hoạch")  # "zip slip": never written outside OUT
        zf.writestr("2021/", "")
    out = tmp_path / "out"
    report = run_batch(archive.parent, out, BatchOptions(jobs=2, quiet=True))
    assert [r.input for r in report.results] == [
        "luu-tru.zip/../thoat-ra.txt",  # recorded as skipped, never unpacked
        "luu-tru.zip/2021/ke-hoach-1.pdf",
        "luu-tru.zip/2021/seed-clean.txt",
        "luu-tru.zip/2022/ban-sao.pdf",
    ]
    assert [r.input for r in report.left_alone] == ["luu-tru.zip/../thoat-ra.txt"]
    assert not report.failed
    ocr_text = (reference / "khgd/ke-hoach-1.txt").read_bytes()
    assert (out / "luu-tru.zip/2021/ke-hoach-1.txt").read_bytes() == ocr_text
    assert (out / "luu-tru.zip/2022/ban-sao.txt").read_bytes() == ocr_text
    plan = json.loads((out / "luu-tru.zip/2021/ke-hoach-1.json").read_text(encoding="utf-8"))
    assert plan["source"]["path"].endswith("luu-tru.zip/2021/ke-hoach-1.pdf")
    assert not (tmp_path / "thoat-ra.txt").exists() and not list(out.rglob("thoat-ra*"))
    assert not (out / ".work").exists()


def test_progress_bar_counts_pages_only_when_asked(tmp_path, seeds, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ke-hoach.txt").write_bytes(seeds["clean"].read_bytes())
    run_batch(folder, tmp_path / "out1", BatchOptions(jobs=1))  # stderr is not a terminal under pytest
    assert capsys.readouterr().err == ""
    run_batch(folder, tmp_path / "out2", BatchOptions(jobs=1, quiet=False))
    err = capsys.readouterr().err
    assert "1/1 pages" in err and "pages/min" in err


def test_no_progress_bar_in_a_pipe(cli_subprocess, tmp_path, seeds):
    result = cli_subprocess("batch", seeds["clean"], tmp_path / "out", "--jobs", "1")
    assert result.code == ExitCode.OK, result.err
    assert "pages/min" in result.err  # the summary's throughput line
    assert "%|" not in result.err  # but no bar
    assert "1 converted, 0 failed" in result.err


def _dies_on_chet(job, config, name):
    """OCR a page, except in files named ``chet``: there the worker dies, as the OOM killer does it."""
    if "chet" in name:
        os._exit(70)
    return work.extract_page(job, config, name)


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork", reason="workers must inherit the patched function")
def test_a_worker_that_dies_fails_its_input_alone(tmp_path, make_scan, monkeypatch):
    folder = tmp_path / "in"
    for number, name in enumerate(["a.pdf", "b-chet.pdf", "c.pdf"]):
        make_scan(folder / name, 1, 12 * number)
    monkeypatch.setattr(run_module, "extract_page", _dies_on_chet)
    report = run_batch(folder, tmp_path / "out", BatchOptions(jobs=2, quiet=True))
    assert [r.input for r in report.failed] == ["b-chet.pdf"]
    assert "a worker process died" in report.failed[0].error
    assert [r.input for r in report.converted] == ["a.pdf", "c.pdf"]
    assert (tmp_path / "out/c.txt").read_text(encoding="utf-8").strip()
