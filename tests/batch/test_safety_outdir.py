"""The output folder: never overlapping the inputs, never someone else's, one run at a time, and a
full or read-only disk ending the run with exit 8 and one line, what was written still whole."""

from __future__ import annotations

import errno
import fcntl
import os
import subprocess
import sys
from pathlib import Path

import pytest

from viplan_ocr.batch import BatchOptions, load_manifest, run_batch
from viplan_ocr.batch.manifest import FileResult, ManifestWriter
from viplan_ocr.batch.outdir import LOCK_FILE, WORK_MARK
from viplan_ocr.errors import ExitCode, OutputAccessError

from ..conftest import ROOT


def _plans(folder: Path, seeds: dict[str, Path], *names: str) -> Path:
    for name in names:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(seeds["clean"].read_bytes())
    return folder


def _one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


# --- inputs and outputs never overlap -----------------------------------------------------------


def test_a_file_converted_into_its_own_folder_is_refused_and_left_as_it_was(run_cli, tmp_path, seeds):
    _plans(tmp_path, seeds, "x.txt")
    before = (tmp_path / "x.txt").read_bytes()
    result = run_cli("batch", tmp_path / "x.txt", tmp_path)
    assert result.code == ExitCode.USAGE
    assert f"the output folder {tmp_path} holds the input" in _one_line(result.err)
    assert (tmp_path / "x.txt").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.txt"]


def test_out_equal_to_in_is_refused_even_through_a_link(run_cli, tmp_path, seeds):
    folder = _plans(tmp_path / "in", seeds, "a.txt")
    (tmp_path / "lien-ket").symlink_to(folder, target_is_directory=True)
    for out in (folder, tmp_path / "lien-ket"):
        result = run_cli("batch", folder, out)
        assert result.code == ExitCode.USAGE
        assert "is the input itself: outputs would overwrite inputs" in _one_line(result.err)
    assert sorted(p.name for p in folder.iterdir()) == ["a.txt"]


def test_out_inside_in_is_allowed_when_new_and_left_out_of_the_inputs(tmp_path, seeds):
    folder = _plans(tmp_path / "in", seeds, "a.txt", "b/c.txt")
    first = run_batch(folder, folder / "out", BatchOptions(jobs=1, quiet=True))
    again = run_batch(folder, folder / "out", BatchOptions(jobs=1, quiet=True))
    assert [r.input for r in first.results] == [r.input for r in again.results] == ["a.txt", "b/c.txt"]


def test_out_inside_in_that_holds_the_users_files_is_refused(run_cli, tmp_path, seeds):
    folder = _plans(tmp_path / "in", seeds, "a.txt", "ket-qua/a.txt")  # ket-qua/a.txt: the user's own
    mine = (folder / "ket-qua/a.txt").read_bytes()
    result = run_cli("batch", folder, folder / "ket-qua")
    assert result.code == ExitCode.USAGE
    assert "already holds files viplan-ocr did not write (a.txt, ...)" in _one_line(result.err)
    assert (folder / "ket-qua/a.txt").read_bytes() == mine


# --- only files the tool wrote are deleted ------------------------------------------------------


def test_a_work_folder_without_the_marker_is_never_deleted(run_cli, tmp_path, seeds):
    folder = _plans(tmp_path / "in", seeds, "a.txt")
    out = tmp_path / "out"
    assert run_cli("batch", folder, out, "--jobs", "1", "--quiet").code == ExitCode.OK
    (out / ".work").mkdir()
    (out / ".work/quan-trong.txt").write_text("không được xoá\n", encoding="utf-8")
    result = run_cli("batch", folder, out, "--jobs", "1", "--quiet")
    assert result.code == ExitCode.USAGE
    assert f"exists but viplan-ocr did not make it (it has no {WORK_MARK}); nothing was deleted" in _one_line(
        result.err
    )
    assert (out / ".work/quan-trong.txt").read_text(encoding="utf-8") == "không được xoá\n"


def test_a_killed_runs_work_folder_is_cleared_but_a_users_file_in_it_is_kept(tmp_path, seeds):
    folder = _plans(tmp_path / "in", seeds, "a.txt")
    out = tmp_path / "out"
    run_batch(folder, out, BatchOptions(jobs=1, quiet=True))
    work = out / ".work"
    (work / "tmp/viplan-ocr-abc").mkdir(parents=True)  # what a killed worker leaves
    (work / "tmp/viplan-ocr-abc/page.pgm").write_bytes(b"P5 1 1 255\n\0")
    (work / "member-x1.pdf").write_bytes(b"%PDF")
    (work / WORK_MARK).write_text("", encoding="utf-8")
    (work / "ghi-chu.txt").write_text("the user's\n", encoding="utf-8")
    run_batch(folder, out, BatchOptions(jobs=1, quiet=True, resume=True))
    assert sorted(p.name for p in work.iterdir()) == [WORK_MARK, "ghi-chu.txt"]  # kept, and so is the folder


# --- one run at a time --------------------------------------------------------------------------


def test_a_second_run_on_a_busy_out_stops_with_the_holders_pid(tmp_path, seeds):
    folder = _plans(tmp_path / "in", seeds, "a.txt")
    out = tmp_path / "out"
    out.mkdir()
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD_LOCK, str(out / LOCK_FILE)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        env = {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONPATH": str(ROOT / "src")}
        second = subprocess.run(
            [sys.executable, "-m", "viplan_ocr", "batch", str(folder), str(out), "--resume", "--quiet"],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
    finally:
        holder.kill()
        holder.wait()
    assert second.returncode == ExitCode.OUTPUT_BUSY
    line = _one_line(second.stderr)
    assert f"{out} is busy (another viplan-ocr batch is writing it, pid {holder.pid})" in line
    assert not (out / "manifest.jsonl").exists()
    report = run_batch(folder, out, BatchOptions(jobs=1, quiet=True, resume=True))  # freed with its holder
    assert [r.status for r in report.results] == ["ok"]


_HOLD_LOCK = """
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT)
fcntl.flock(fd, fcntl.LOCK_EX)
os.write(fd, f"{os.getpid()}\\n".encode())
print("locked", flush=True)
time.sleep(120)
"""


def test_the_lock_is_released_and_emptied_after_a_run(tmp_path, seeds):
    folder = _plans(tmp_path / "in", seeds, "a.txt")
    run_batch(folder, tmp_path / "out", BatchOptions(jobs=1, quiet=True))
    lock = tmp_path / "out" / LOCK_FILE
    assert lock.read_bytes() == b""
    with lock.open("r+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)  # free


# --- a full disk, a read-only output folder -----------------------------------------------------


def test_dev_full_fails_a_record_cleanly_and_closing_never_raises():
    writer = ManifestWriter(Path("/dev/full"))
    with pytest.raises(OutputAccessError, match="No space left on device"):
        writer.append(FileResult("a.txt", "ok", "0" * 64))
    writer.close()
    writer.close()


def test_a_disk_that_fills_up_ends_the_run_with_exit_8_and_what_was_written_whole(
    run_cli, tmp_path, seeds, monkeypatch
):
    folder = _plans(tmp_path / "in", seeds, "a.txt", "b.txt", "c.txt")
    out = tmp_path / "out"
    real_fsync, synced = os.fsync, []

    def fills_up(fd: int) -> None:  # a.txt's two outputs and its record fit; nothing after them
        if len(synced) >= 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        synced.append(fd)
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fills_up)
    result = run_cli("batch", folder, out, "--jobs", "1", "--quiet", "--formats", "txt,json")
    assert result.code == ExitCode.OUTPUT_ACCESS
    assert "No space left on device" in _one_line(result.err)
    assert [(r.input, r.status) for r in load_manifest(out / "manifest.jsonl")] == [("a.txt", "ok")]
    assert (out / "manifest.jsonl").read_bytes().endswith(b"\n")
    assert sorted(p.name for p in out.iterdir()) == [LOCK_FILE, "a.json", "a.txt", "manifest.jsonl"]
    monkeypatch.setattr(os, "fsync", real_fsync)  # space freed: --resume converts only what is missing
    report = run_batch(folder, out, BatchOptions(jobs=1, quiet=True, resume=True, formats=("txt", "json")))
    assert report.skipped == {"a.txt"} and [r.input for r in report.converted] == ["b.txt", "c.txt"]


def test_a_read_only_output_folder_is_one_line_and_exit_8(run_cli, tmp_path, seeds, monkeypatch):
    folder = _plans(tmp_path / "in", seeds, "a.txt")
    out = tmp_path / "out"
    assert run_cli("batch", folder, out, "--jobs", "1", "--quiet").code == ExitCode.OK
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    real_open, real_unlink = os.open, Path.unlink

    def read_only(path, flags, *args, **kwargs):  # what a read-only mount answers to a write
        if str(path).startswith(str(out)) and flags & (os.O_WRONLY | os.O_RDWR):
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, flags, *args, **kwargs)

    def no_unlink(self, missing_ok=False):
        if str(self).startswith(str(out)):
            raise OSError(errno.EROFS, "Read-only file system", str(self))
        return real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(os, "open", read_only)
    monkeypatch.setattr(Path, "unlink", no_unlink)
    result = run_cli("batch", folder, out, "--jobs", "1", "--quiet")
    assert result.code == ExitCode.OUTPUT_ACCESS
    assert "cannot write in the output folder (Read-only file system)" in _one_line(result.err)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_a_manifest_that_cannot_be_removed_is_exit_8_not_a_traceback(run_cli, tmp_path, seeds, monkeypatch):
    folder = _plans(tmp_path / "in", seeds, "a.txt")
    out = tmp_path / "out"
    run_batch(folder, out, BatchOptions(jobs=1, quiet=True))
    real_unlink = Path.unlink

    def refuse(self, missing_ok=False):
        if self.name == "manifest.jsonl":
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", refuse)
    result = run_cli("batch", folder, out, "--jobs", "1", "--quiet")
    assert result.code == ExitCode.OUTPUT_ACCESS
    assert f"{out / 'manifest.jsonl'}: cannot write (Permission denied)" in _one_line(result.err)


def test_a_full_disk_stops_the_run_instead_of_failing_every_input_after_it(run_cli, tmp_path, seeds, monkeypatch):
    folder = _plans(tmp_path / "in", seeds, "a.txt", "b.txt", "c.txt")

    def full(self, target):  # the outputs' renames fail; the manifest (appends) still has room
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "replace", full)
    result = run_cli("batch", folder, tmp_path / "out", "--jobs", "1", "--quiet")
    assert result.code == ExitCode.OUTPUT_ACCESS  # not 7 with three failed records
    assert f"{tmp_path / 'out/a.txt'}: cannot write (No space left on device)" in _one_line(result.err)
    assert load_manifest(tmp_path / "out/manifest.jsonl") == []
    assert not [p for p in (tmp_path / "out").iterdir() if p.name not in (LOCK_FILE, "manifest.jsonl")]
