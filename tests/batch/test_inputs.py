"""Finding inputs: folders walked in a stable order, archives opened, the output folder left out."""

from __future__ import annotations

import hashlib
import io
import zipfile

import pytest

from viplan_ocr.batch.inputs import count_pages, find_inputs, materialize
from viplan_ocr.errors import EncryptedFileError, FileMissingError
from viplan_ocr.limits import Limits


def encrypted_zip(path, member, data):
    """An archive whose member is flagged as encrypted (zipfile cannot write real encryption)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr(member, data)
    raw = bytearray(buffer.getvalue())
    for signature, flags_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):  # local and central headers
        raw[raw.index(signature) + flags_at] |= 1
    path.write_bytes(bytes(raw))
    return path


def test_folders_are_walked_in_order_without_hidden_files_or_the_output(tmp_path):
    for name in [
        "b/ke-hoach.pdf",
        "a/ke-hoạch.txt",
        ".git/x.txt",
        "a/.~lock.txt",
        "out/old.txt",
        "a/ảnh.PNG",
        "a/notes.csv",
    ]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"x")
    names = [item.name for item in find_inputs(tmp_path, exclude=tmp_path / "out")]
    assert names == ["a/ke-hoạch.txt", "a/ảnh.PNG", "b/ke-hoach.pdf"]


def test_a_missing_input_names_the_path(tmp_path):
    with pytest.raises(FileMissingError, match="no-such-folder"):
        find_inputs(tmp_path / "no-such-folder")


def test_archive_members_are_inputs_and_their_bytes_are_hashed(tmp_path):
    archive = tmp_path / "luu-tru.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("2021/kế-hoạch.txt", "Kế hoạch năm học 2021")
        zf.writestr("2021/bảng.xlsx", "not an input")
        zf.writestr("/tuyet-doi.txt", "absolute")
        zf.writestr("__MACOSX/2021/._kế-hoạch.txt", "resource fork")
    absolute, member = find_inputs(archive)  # the absolute name is recorded as skipped, never unpacked
    assert absolute.name == "luu-tru.zip//tuyet-doi.txt" and "unsafe name" in absolute.skip
    assert member.name == "luu-tru.zip/2021/kế-hoạch.txt" and member.member == "2021/kế-hoạch.txt"
    expected = hashlib.sha256("Kế hoạch năm học 2021".encode()).hexdigest()
    assert member.sha256() == expected
    copies = [materialize(member, tmp_path / "work") for _ in range(2)]
    assert copies[0] != copies[1]  # an archive may hold one file twice: each copy is its own
    assert copies[0].read_text(encoding="utf-8") == "Kế hoạch năm học 2021" and copies[0].suffix == ".txt"


def test_a_damaged_archive_is_an_input_with_a_problem(tmp_path):
    (tmp_path / "hong.zip").write_bytes(b"PK\x03\x04 not really")
    [item] = find_inputs(tmp_path)
    assert item.name == "hong.zip" and "not a readable .zip archive" in item.problem


def test_pages_are_counted_before_any_ocr(tmp_path, make_scan):
    two = make_scan(tmp_path / "hai-trang.pdf", 2)
    (tmp_path / "hong.pdf").write_bytes(b"%PDF-1.4 broken")
    by_name = {item.name: item for item in find_inputs(tmp_path)}
    assert count_pages(by_name["hai-trang.pdf"]) == 2
    assert count_pages(by_name["hong.pdf"]) == 1  # an estimate; extraction names the damage
    assert two.is_file()


def test_a_file_named_alone_is_an_input_whatever_its_suffix(tmp_path):
    (tmp_path / "bang-diem.csv").write_text("a,b", encoding="utf-8")
    assert [item.name for item in find_inputs(tmp_path / "bang-diem.csv")] == ["bang-diem.csv"]
    assert find_inputs(tmp_path) == []  # in a folder, only what we can read is picked up


def test_an_encrypted_member_is_a_named_input_error(tmp_path):
    [member] = find_inputs(encrypted_zip(tmp_path / "mat-khau.zip", "kế-hoạch.pdf", b"%PDF-1.4"))
    with pytest.raises(EncryptedFileError) as raised:
        member.sha256()
    assert raised.value.message.startswith("mat-khau.zip/kế-hoạch.pdf: the archive member is encrypted")


def test_a_member_too_large_to_unpack_is_refused_before_reading(tmp_path):
    with zipfile.ZipFile(tmp_path / "bom.zip", "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("nho.txt", "Kế hoạch")
        zf.writestr("to.txt", "0" * 10_000)  # compresses to a few dozen bytes
    small, large = find_inputs(tmp_path / "bom.zip", limits=Limits(max_member_bytes=100))
    assert small.problem is None
    assert large.name == "bom.zip/to.txt" and "over the 0 MB member limit" in large.problem
