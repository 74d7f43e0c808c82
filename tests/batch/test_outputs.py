"""Outputs are written whole or not at all."""

from __future__ import annotations

import pytest

from viplan_ocr.batch.outputs import TEMP_MARK, remove_temporaries, write_atomic
from viplan_ocr.errors import OutputAccessError


def test_write_atomic_replaces_the_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "sub" / "kế-hoạch.txt"
    write_atomic(target, "bản cũ")
    write_atomic(target, "bản mới\n")
    assert target.read_text(encoding="utf-8") == "bản mới\n"
    assert [p.name for p in target.parent.iterdir()] == ["kế-hoạch.txt"]


def test_write_atomic_failure_is_an_output_error(tmp_path):
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    with pytest.raises(OutputAccessError, match="a-file"):
        write_atomic(tmp_path / "a-file" / "out.txt", "x")


def test_temporaries_of_a_killed_run_are_removed(tmp_path):
    (tmp_path / "sub").mkdir()
    stale = tmp_path / "sub" / f".a.json{TEMP_MARK}4242"
    stale.write_text("{", encoding="utf-8")
    (tmp_path / "sub" / "a.json").write_text("{}", encoding="utf-8")
    assert remove_temporaries(tmp_path) == 1
    assert [p.name for p in (tmp_path / "sub").iterdir()] == ["a.json"]


def test_write_atomic_writes_bytes_unchanged_and_text_in_the_encoding_asked(tmp_path):
    # Binary formats (.xlsx) render bytes; targets.csv is text written with a BOM for Excel.
    raw = b"PK\x03\x04\x00\xff\r\n"
    write_atomic(tmp_path / "bang.xlsx", raw)
    write_atomic(tmp_path / "chi-tieu.csv", "a,b\r\nTỷ lệ,98\n", encoding="utf-8-sig")
    assert (tmp_path / "bang.xlsx").read_bytes() == raw
    assert (tmp_path / "chi-tieu.csv").read_bytes() == "\ufeffa,b\r\nTỷ lệ,98\n".encode()
