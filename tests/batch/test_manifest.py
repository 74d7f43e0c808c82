"""The manifest survives a crash: complete records only, a torn tail ignored and cut off."""

from __future__ import annotations

from viplan_ocr.batch.manifest import FileResult, ManifestWriter, drop_torn_tail, load_manifest


def test_records_round_trip_with_vietnamese_names(tmp_path):
    path = tmp_path / "manifest.jsonl"
    record = FileResult(
        "khgd/kế-hoạch.pdf", "ok", "ab" * 32, pages=2, text_sources=["ocr", "text-layer"], timings={"wall": 1.5}
    )
    with ManifestWriter(path) as writer:
        writer.append(record)
    assert "kế-hoạch" in path.read_text(encoding="utf-8")
    assert load_manifest(path) == [record]


def test_a_torn_last_line_is_ignored_then_cut_off(tmp_path):
    path = tmp_path / "manifest.jsonl"
    with ManifestWriter(path) as writer:
        writer.append(FileResult("a.txt", "ok", "1" * 64))
    with path.open("a", encoding="utf-8") as handle:
        handle.write('{"input": "b.txt", "sta')
    assert [r.input for r in load_manifest(path)] == ["a.txt"]
    drop_torn_tail(path)
    with ManifestWriter(path) as writer:
        writer.append(FileResult("b.txt", "failed", "2" * 64, error="b.txt: the file is empty"))
    assert [r.input for r in load_manifest(path)] == ["a.txt", "b.txt"]
    assert path.read_text(encoding="utf-8").count("\n") == 2


def test_records_from_a_later_version_still_load(tmp_path):
    path = tmp_path / "manifest.jsonl"
    path.write_text('{"input": "a.txt", "status": "ok", "sha256": "00", "new_field": 1}\n', encoding="utf-8")
    assert load_manifest(path)[0].input == "a.txt"
    assert load_manifest(tmp_path / "missing.jsonl") == []
