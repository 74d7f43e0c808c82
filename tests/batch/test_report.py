"""The summary the command prints at the end of a batch."""

from __future__ import annotations

from viplan_ocr.batch import BatchReport, FileResult


def test_the_summary_of_a_large_run_gives_totals_and_every_failure(tmp_path):
    results = [FileResult(f"kh-{n:02d}.pdf", "ok", f"{n:064x}", pages=4, targets=2) for n in range(30)]
    results.append(FileResult("hong.pdf", "failed", "f" * 64, error="hong.pdf: not a readable PDF"))
    report = BatchReport(results, tmp_path, skipped=frozenset({"kh-00.pdf", "kh-01.pdf"}), seconds=60.0)
    summary = report.summary()
    assert "kh-05.pdf" not in summary  # no row per input beyond twenty
    assert "ok           28    112" in summary and "skipped       2" in summary
    assert "failed: hong.pdf: not a readable PDF" in summary
    assert "112 pages in 60.0 s (112.0 pages/min)" in summary
    assert summary.endswith(f"28 converted, 1 failed, 2 skipped (already converted); outputs in {tmp_path}")


def test_formats_that_cannot_show_an_input_are_said_once_each(tmp_path):
    note = "pdf: the input has no page images (a text or Word file) to put its text on"
    results = [FileResult(f"kh-{n}.docx", "ok", f"{n:064x}", pages=1, notes=[note]) for n in range(3)]
    results.append(FileResult("scan.pdf", "ok", "e" * 64, pages=2))
    results.append(FileResult("plan.txt", "ok", "d" * 64, pages=1, notes=[note, "hocr: no layout"]))
    summary = BatchReport(results, tmp_path, seconds=6.0).summary()
    assert f"not written: {note} (4 inputs: kh-0.docx, ...)" in summary
    assert "not written: hocr: no layout (plan.txt)" in summary
    assert summary.count("not written") == 2
