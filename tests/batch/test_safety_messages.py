"""Plain messages where users got misleading ones: folders, archives, the image limit, memory."""

from __future__ import annotations

import zipfile

import pytest

from viplan_ocr.batch import BatchOptions, run_batch
from viplan_ocr.batch import run as run_module
from viplan_ocr.errors import ExitCode, ImageTooLargeError
from viplan_ocr.extract.image import MAX_PIXELS


@pytest.mark.parametrize("command", ["extract", "clean", "parse", "targets"])
def test_a_folder_given_for_one_file_is_called_a_directory(run_cli, tmp_path, command):
    folder = tmp_path / "ke-hoach"
    folder.mkdir()
    result = run_cli(command, folder)
    assert result.code == ExitCode.INPUT_FILE
    line = result.err.strip()
    assert line.startswith(f"viplan-ocr: error: {folder}: is a directory (")
    assert "no such file" not in line and "viplan-ocr batch FOLDER OUT" in line


def test_the_library_calls_a_folder_a_directory_too(tmp_path):
    from viplan_ocr import extract
    from viplan_ocr.errors import NotAFileError

    with pytest.raises(NotAFileError, match="is a directory"):
        extract(tmp_path)


def test_an_archive_given_for_one_file_points_at_batch(run_cli, tmp_path):
    archive = tmp_path / "luu-tru.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("ke-hoach.txt", "Kế hoạch")
    result = run_cli("extract", archive)
    assert result.code == ExitCode.INPUT_FILE
    assert f"convert them all with: viplan-ocr batch {archive} OUT" in result.err
    assert "convert it to PDF" not in result.err


def test_the_image_limit_in_the_hint_is_the_one_enforced():
    assert f"below {MAX_PIXELS // 1_000_000} megapixels" in ImageTooLargeError("too large").hint
    assert "200" not in ImageTooLargeError("too large").message


def test_out_of_memory_in_a_batch_is_a_failed_record_saying_so(tmp_path, seeds, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.txt", "b-lon.txt"):
        (folder / name).write_bytes(seeds["clean"].read_bytes())
    real_finish = run_module.finish_document

    def exhausted(path, *args):
        if "b-lon" in path:
            raise MemoryError
        return real_finish(path, *args)

    monkeypatch.setattr(run_module, "finish_document", exhausted)
    report = run_batch(folder, tmp_path / "out", BatchOptions(jobs=1, quiet=True))
    [failed] = report.failed
    assert failed.error.startswith(f"{folder / 'b-lon.txt'}: out of memory converting it (")
    assert "internal error" not in failed.error
    assert [r.input for r in report.converted] == ["a.txt"]
