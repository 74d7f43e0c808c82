"""Inputs never escape IN, and nothing is dropped without a record (the hardening issue, batch half).

Every test builds its input folder in ``tmp_path`` and converts text files with one in-process
worker, so the whole file runs in a few seconds.
"""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import pytest

from viplan_ocr.batch import BatchOptions, inputs, load_manifest, run_batch
from viplan_ocr.batch.outputs import TEMP_MARK
from viplan_ocr.errors import ExitCode

FAST = BatchOptions(jobs=1, quiet=True, formats=("txt", "json"))


def _plan(folder: Path, name: str, seeds: dict[str, Path]) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(seeds["clean"].read_bytes())
    return path


def _records(out: Path) -> dict[str, object]:
    return {r.input: r for r in load_manifest(out / "manifest.jsonl")}


def test_a_link_to_a_file_outside_in_is_recorded_and_never_copied(run_cli, tmp_path, seeds):
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:mật khẩu\n", encoding="utf-8")
    folder = tmp_path / "in"
    _plan(folder, "ke-hoach.txt", seeds)
    (folder / "leak.txt").symlink_to(secret)
    result = run_cli("batch", folder, tmp_path / "out", "--jobs", "1", "--quiet")
    assert result.code == ExitCode.OK, result.err
    assert not (tmp_path / "out/leak.txt").exists() and not (tmp_path / "out/leak.json").exists()
    assert "mật khẩu" not in "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "out").glob("*.*"))
    record = _records(tmp_path / "out")["leak.txt"]
    assert record.status == "skipped" and record.outputs == []
    assert f"a symbolic link to {secret}, outside the input folder: not followed" in record.reason
    assert "skipped: leak.txt: a symbolic link" in result.err


def test_linked_folders_dangling_links_and_links_inside_in_are_all_recorded(tmp_path, seeds):
    outside = tmp_path / "elsewhere"
    _plan(outside, "bi-mat.txt", seeds)
    folder = tmp_path / "in"
    _plan(folder, "a/ke-hoach.txt", seeds)
    (folder / "thu-muc-ngoai").symlink_to(outside, target_is_directory=True)
    (folder / "hong.txt").symlink_to(tmp_path / "khong-co.txt")
    (folder / "ban-sao.txt").symlink_to(folder / "a/ke-hoach.txt")
    (folder / "vong").symlink_to(folder, target_is_directory=True)  # a loop is never walked
    report = run_batch(folder, tmp_path / "out", FAST)
    statuses = {r.input: (r.status, r.reason) for r in report.results}
    assert statuses["a/ke-hoach.txt"] == ("ok", None)
    assert "outside the input folder" in statuses["thu-muc-ngoai"][1]
    assert statuses["hong.txt"][1].startswith("a dangling symbolic link (to ")
    assert "within the input folder: not followed" in statuses["ban-sao.txt"][1]
    assert "within the input folder" in statuses["vong"][1]
    assert {r.status for r in report.left_alone} == {"skipped"} and len(report.left_alone) == 4
    assert not report.failed and not (tmp_path / "out/thu-muc-ngoai").exists()


def test_unsafe_nested_and_linked_archive_members_are_recorded_and_never_unpacked(tmp_path, seeds):
    folder = tmp_path / "in"
    folder.mkdir()
    link = zipfile.ZipInfo("lien-ket.txt")
    link.external_attr = (0o120777 << 16) | 0  # a symbolic link stored in the archive
    with zipfile.ZipFile(folder / "luu-tru.zip", "w") as zf:
        zf.write(seeds["clean"], "2021/ke-hoach.txt")
        zf.writestr("../../thoat.txt", "Kế hoạch")
        zf.writestr("/tuyet-doi.txt", "Kế hoạch")
        zf.writestr("..\\windows.txt", "Kế hoạch")
        zf.writestr("trong.zip", b"PK\x05\x06" + bytes(18))
        zf.writestr(link, "/etc/passwd")
        zf.writestr("__MACOSX/2021/._ke-hoach.txt", "resource fork")  # hidden: passed over, as in folders
    report = run_batch(folder, tmp_path / "out", FAST)
    reasons = {r.input: r.reason for r in report.results}
    prefix = "luu-tru.zip/"
    assert reasons.pop(prefix + "2021/ke-hoach.txt") is None
    assert {name: reason.split(":")[0] for name, reason in reasons.items()} == {
        prefix + "../../thoat.txt": "an unsafe name in the archive (an absolute path or '..')",
        prefix + "/tuyet-doi.txt": "an unsafe name in the archive (an absolute path or '..')",
        prefix + "..\\windows.txt": "an unsafe name in the archive (an absolute path or '..')",
        prefix + "trong.zip": "an archive inside an archive is not opened",
        prefix + "lien-ket.txt": "a symbolic link inside the archive",
    }
    written = {p.name for p in tmp_path.rglob("*") if p.is_file()}
    assert not written & {"thoat.txt", "tuyet-doi.txt", "windows.txt", "thoat.json", "passwd"}
    assert len(load_manifest(tmp_path / "out/manifest.jsonl")) == 6


def test_a_member_named_twice_gets_one_conversion_and_one_record_each(tmp_path, seeds):
    folder = tmp_path / "in"
    folder.mkdir()
    with pytest.warns(UserWarning, match="Duplicate name"), zipfile.ZipFile(folder / "hai.zip", "w") as zf:
        zf.write(seeds["clean"], "ke-hoach.txt")
        zf.write(seeds["ocr"], "ke-hoach.txt")
    report = run_batch(folder, tmp_path / "out", FAST)
    assert [(r.input, r.status) for r in report.results] == [
        ("hai.zip/ke-hoach.txt", "ok"),
        ("hai.zip/ke-hoach.txt (copy 2)", "skipped"),
    ]


def test_a_pipe_is_recorded_not_read(tmp_path, seeds):
    folder = tmp_path / "in"
    _plan(folder, "ke-hoach.txt", seeds)
    os.mkfifo(folder / "ong.txt")  # reading it would wait forever
    report = run_batch(folder, tmp_path / "out", FAST)
    assert [(r.input, r.status) for r in report.results] == [("ke-hoach.txt", "ok"), ("ong.txt", "skipped")]


def test_an_unreadable_file_fails_alone_and_the_batch_goes_on(run_cli, tmp_path, seeds, monkeypatch):
    folder = tmp_path / "in"
    for name in ("a.txt", "b-khoa.txt", "c.txt"):
        _plan(folder, name, seeds)
    locked = folder / "b-khoa.txt"
    locked.chmod(0)
    if os.geteuid() == 0:  # root reads any file: make the open fail as it would for a user
        real_open = inputs.InputFile.open

        def refuse(self):
            if self.path == locked:
                raise PermissionError(13, "Permission denied", str(locked))
            return real_open(self)

        monkeypatch.setattr(inputs.InputFile, "open", refuse)
    result = run_cli("batch", folder, tmp_path / "out", "--jobs", "1", "--quiet")
    assert result.code == ExitCode.PARTIAL, result.err
    record = _records(tmp_path / "out")["b-khoa.txt"]
    assert record.status == "failed"
    assert record.error == f"{locked}: permission denied (check the file's permissions (chmod +r))"
    assert (tmp_path / "out/a.txt").is_file() and (tmp_path / "out/c.txt").is_file()
    assert "Traceback" not in result.err


def test_a_folder_that_cannot_be_listed_fails_alone(tmp_path, seeds, monkeypatch):
    folder = tmp_path / "in"
    _plan(folder, "a.txt", seeds)
    _plan(folder, "khoa/b.txt", seeds)
    real_scandir = os.scandir

    def refuse(path="."):
        if isinstance(path, str | os.PathLike) and Path(path) == folder / "khoa":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", refuse)
    report = run_batch(folder, tmp_path / "out", FAST)
    assert [(r.input, r.status) for r in report.results] == [("a.txt", "ok"), ("khoa", "failed")]
    assert "cannot list the folder (Permission denied" in report.failed[0].error


def test_a_name_that_is_not_utf8_is_written_visibly_and_the_json_stays_utf8(run_cli, tmp_path, seeds):
    folder = tmp_path / "in"
    folder.mkdir()
    raw = os.path.join(os.fsencode(folder), b"b\xe1o-c\xe1o.txt")  # CP1258 "báo-cáo", as old Windows copies leave
    with open(raw, "wb") as handle:
        handle.write(seeds["clean"].read_bytes())
    result = run_cli("batch", folder, tmp_path / "out", "--jobs", "1", "--quiet")
    assert result.code == ExitCode.OK, result.err
    out = tmp_path / "out"
    name = "b\\xe1o-c\\xe1o"
    assert {p.name for p in out.iterdir()} >= {f"{name}.txt", f"{name}.json"}
    for path in (out / "manifest.jsonl", out / f"{name}.json", out / "targets.csv"):
        path.read_bytes().decode("utf-8")  # strict: valid UTF-8
    [record] = load_manifest(out / "manifest.jsonl")
    assert record.input == f"{name}.txt" and record.outputs == [f"{name}.txt", f"{name}.json"]
    plan = json.loads((out / f"{name}.json").read_bytes().decode("utf-8"))
    assert plan["source"]["path"].endswith(f"{name}.txt")
    parsed = run_cli("parse", os.fsdecode(raw))  # the one-file commands too
    assert parsed.code == ExitCode.OK, parsed.err
    assert json.loads(parsed.out.encode("utf-8"))["source"]["path"].endswith(f"{name}.txt")
    targets = run_cli("targets", os.fsdecode(raw))
    assert json.loads(targets.out.encode("utf-8"))[0]["document"].endswith(f"{name}.txt")
    assert f"{name}.txt," in run_cli("targets", "--csv", os.fsdecode(raw)).out.encode("utf-8").decode("utf-8")


def test_names_past_255_bytes_are_shortened_with_a_hash_and_keep_working(tmp_path, seeds):
    folder = tmp_path / "in"
    long_file = "ễ" * 80 + ".txt"  # 244 bytes: fits on disk, but not with .explain.txt added
    _plan(folder, long_file, seeds)
    member_folder = "ồ" * 90  # 270 bytes: only an archive can hold such a folder name
    with zipfile.ZipFile(folder / "dai.zip", "w") as zf:
        zf.write(seeds["clean"], f"{member_folder}/{'ữ' * 84}.txt")
    options = BatchOptions(jobs=1, quiet=True, explain=True)
    report = run_batch(folder, tmp_path / "out", options)
    assert not report.failed, [r.error for r in report.failed]
    for record in report.results:
        assert len(record.outputs) == 3
        for output in record.outputs:
            assert (tmp_path / "out" / output).is_file()
            assert all(len(part.encode()) <= 255 for part in Path(output).parts)
            name = Path(output).name  # room left for a temporary file's name beside it
            assert "~" in name and len(f".{name}{TEMP_MARK}1234567".encode()) <= 255
    again = run_batch(folder, tmp_path / "out", BatchOptions(jobs=1, quiet=True, explain=True, resume=True))
    assert again.skipped == {long_file, f"dai.zip/{member_folder}/{'ữ' * 84}.txt"}  # the same names again


def test_resume_records_a_skipped_input_once(tmp_path, seeds):
    folder = tmp_path / "in"
    _plan(folder, "a.txt", seeds)
    (folder / "hong.txt").symlink_to(tmp_path / "khong-co.txt")
    for _ in range(2):
        report = run_batch(folder, tmp_path / "out", BatchOptions(jobs=1, quiet=True, resume=True))
        assert [r.status for r in report.results] == ["ok", "skipped"]
    records = load_manifest(tmp_path / "out/manifest.jsonl")
    assert [(r.input, r.status) for r in records] == [("hong.txt", "skipped"), ("a.txt", "ok")]


def test_an_input_never_writes_over_another_inputs_outputs(tmp_path, seeds):
    folder = tmp_path / "in"
    _plan(folder, "x.txt", seeds)
    (folder / "x.explain.txt").write_bytes(seeds["ocr"].read_bytes())  # its .txt output is x.txt's explain file
    report = run_batch(folder, tmp_path / "out", BatchOptions(jobs=1, quiet=True, explain=True))
    outputs = [output for record in report.results for output in record.outputs]
    assert len(outputs) == len(set(outputs)) == 6
    assert all((tmp_path / "out" / output).is_file() for output in outputs)
