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
