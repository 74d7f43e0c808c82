"""Exit codes: every error class maps to its code, and every code is reached by a real run.

The first half is generated from the classes: a new ``ViplanError`` subclass, wherever it is
defined, is checked without touching this file. The second half drives each ``ExitCode`` member
through the real command with an input that causes it; a new member fails
:func:`test_every_exit_code_has_a_scenario` until it gets one.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import pickle
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import pytest

import viplan_ocr
from viplan_ocr import errors
from viplan_ocr.cli import EXIT_CODES_HELP, run_guarded
from viplan_ocr.errors import ExitCode, ViplanError

from .conftest import ROOT, SAMPLES

PLAN = SAMPLES / "plan-binh-cang-2021-2030.txt"
SCAN = SAMPLES / "scanned-plan-binh-cang.pdf"
CORRUPT_PDF = b"%PDF-1.4\n1 0 obj <<\n%%EOF truncated"


def _import_every_module() -> None:
    """Import the whole package, so error classes defined outside errors.py are found too."""
    for module in pkgutil.walk_packages(viplan_ocr.__path__, "viplan_ocr."):
        if not module.name.endswith("__main__"):
            importlib.import_module(module.name)


def _subclasses(cls: type) -> list[type]:
    """Every subclass of ``cls``, however deep."""
    found = []
    for sub in cls.__subclasses__():
        found += [sub, *_subclasses(sub)]
    return found


_import_every_module()
ERROR_CLASSES = sorted(set(_subclasses(ViplanError)), key=lambda cls: cls.__name__)


def test_the_walk_finds_the_error_classes():
    # Grandchildren too (LanguageDataMissingError < MissingDependencyError < ViplanError).
    in_errors_py = {c for c in vars(errors).values() if isinstance(c, type) and issubclass(c, ViplanError)}
    assert in_errors_py - {ViplanError} <= set(ERROR_CLASSES)
    assert errors.LanguageDataMissingError in ERROR_CLASSES


@pytest.mark.parametrize("cls", ERROR_CLASSES, ids=lambda cls: cls.__name__)
def test_error_class_sets_its_own_exit_code(cls):
    # Set on the class itself, never inherited: moving a class must not change what scripts see.
    assert "exit_code" in vars(cls), f"{cls.__name__} inherits its exit code"
    assert isinstance(cls.exit_code, ExitCode)
    assert cls.exit_code not in (ExitCode.OK, ExitCode.INTERNAL, ExitCode.INTERRUPTED)


@pytest.mark.parametrize("late", [False, True], ids=["path-at-raise", "path-attached-later"])
@pytest.mark.parametrize("cls", ERROR_CLASSES, ids=lambda cls: cls.__name__)
def test_run_guarded_turns_the_error_into_its_exit_code(capsys, tmp_path, cls, late):
    path = tmp_path / "kế-hoạch 2021.pdf"

    def command(_: argparse.Namespace) -> int:
        if late:  # as extract/pages.py and batch/ do when the file is known only higher up
            exc = cls("cannot be read")
            exc.path = str(path)
            raise exc
        raise cls("cannot be read", path=path)

    assert run_guarded(command, argparse.Namespace()) == cls.exit_code
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"viplan-ocr: error: {path}: cannot be read")
    assert "Traceback" not in captured.err


def test_str_is_the_current_message_with_a_path_attached_later():
    exc = errors.TesseractMissingError("the tesseract program was not found")
    assert (
        str(exc)
        == "the tesseract program was not found (install it: apt-get install -y tesseract-ocr tesseract-ocr-vie)"
    )
    exc.path = "luu-tru.zip/scan.pdf"
    assert str(exc) == exc.message
    assert str(exc).startswith("luu-tru.zip/scan.pdf: the tesseract program was not found (install it")


def test_an_error_survives_pickling_with_its_path():
    # Errors cross process boundaries in a batch; the copy must say the same thing.
    exc = errors.CorruptFileError("not a readable PDF", path="a.pdf", hint="try again")
    exc.path = "in/b.pdf"
    copy = pickle.loads(pickle.dumps(exc))
    assert (type(copy), str(copy), copy.exit_code) == (errors.CorruptFileError, str(exc), ExitCode.INPUT_FILE)


# --- every exit code from a real run ------------------------------------------------------------


def _one_line_naming(err: str, path: Path) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, lines
    assert str(path) in lines[0]
    assert "Traceback" not in err
    return lines[0]


def ok(run_cli, tmp_path, monkeypatch):
    result = run_cli("parse", PLAN)
    assert result.code == ExitCode.OK, result.err
    assert json.loads(result.out)["targets"]
    assert result.err == ""


def internal(run_cli, tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("viplan_ocr.pipeline.parse", broken)
    result = run_cli("parse", PLAN)
    assert result.code == ExitCode.INTERNAL
    line = result.err.strip()
    assert "\n" not in line and "Traceback" not in line
    assert "internal error (RuntimeError: boom)" in line and "please report it" in line


def usage(run_cli, tmp_path, monkeypatch):
    result = run_cli("batch", PLAN, tmp_path / "out", "--formats", "txt,docx")
    assert result.code == ExitCode.USAGE
    assert "unknown format(s) docx; choose from txt,json," in result.err
    result = run_cli("parse", "--no-such-option", PLAN)  # argparse's own errors exit 2 too
    assert result.code == ExitCode.USAGE


def input_file(run_cli, tmp_path, monkeypatch):
    path = tmp_path / "ke-hoach.pdf"
    path.write_bytes(CORRUPT_PDF)
    result = run_cli("parse", path)
    assert result.code == ExitCode.INPUT_FILE
    assert "get a fresh copy" in _one_line_naming(result.err, path)


def missing_dependency(run_cli, tmp_path, monkeypatch):
    # Language data that is not installed (the --lang option), in-process...
    result = run_cli("extract", "--lang", "xyz", SCAN)
    assert result.code == ExitCode.MISSING_DEPENDENCY
    assert "no 'xyz' language data" in _one_line_naming(result.err, SCAN)
    # ... and no tesseract at all: a real process with an empty PATH.
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    env = {**os.environ, "PATH": str(empty), "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run(
        [sys.executable, "-m", "viplan_ocr", "extract", str(SCAN)], capture_output=True, text=True, env=env, timeout=120
    )
    assert proc.returncode == ExitCode.MISSING_DEPENDENCY, proc.stderr
    assert "tesseract program was not found" in _one_line_naming(proc.stderr, SCAN)


def encoding(run_cli, tmp_path, monkeypatch):
    path = tmp_path / "bi-an.txt"
    path.write_bytes(bytes(range(0x80, 0x100)) * 20)
    result = run_cli("clean", path)
    assert result.code == ExitCode.ENCODING
    assert "save the file as UTF-8" in _one_line_naming(result.err, path)


def no_plan(run_cli, tmp_path, monkeypatch):
    path = tmp_path / "nhat-ky.txt"
    path.write_text("Hôm nay trời đẹp, chúng tôi đi dạo quanh hồ Hoàn Kiếm.\n", encoding="utf-8")
    result = run_cli("parse", path)
    assert result.code == ExitCode.NO_PLAN
    assert json.loads(result.out)["targets"] == []  # the JSON is still printed
    assert "no plan structure found" in _one_line_naming(result.err, path)


def partial(run_cli, tmp_path, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-tot.txt").write_bytes(PLAN.read_bytes())
    (folder / "b-hong.pdf").write_bytes(CORRUPT_PDF)
    result = run_cli("batch", folder, tmp_path / "out", "--jobs", "1", "--quiet")
    assert result.code == ExitCode.PARTIAL
    assert "1 converted, 1 failed" in result.err
    assert (tmp_path / "out/a-tot.json").is_file() and not (tmp_path / "out/b-hong.json").exists()


def output_access(run_cli, tmp_path, monkeypatch):
    # Root ignores permissions, so the output goes under a regular file instead.
    blocker = tmp_path / "khong-phai-thu-muc"
    blocker.write_text("a file, not a folder\n", encoding="utf-8")
    out = blocker / "out"
    result = run_cli("batch", PLAN, out, "--jobs", "1", "--quiet")
    assert result.code == ExitCode.OUTPUT_ACCESS
    assert "cannot create the output folder" in _one_line_naming(result.err, out)


def output_busy(run_cli, tmp_path, monkeypatch):
    import fcntl

    out = tmp_path / "out"
    out.mkdir()
    with (out / ".viplan-ocr.lock").open("w") as held:  # another run's lock: flock conflicts across open files
        fcntl.flock(held, fcntl.LOCK_EX)
        held.write("4242\n")
        held.flush()
        result = run_cli("batch", PLAN, out, "--jobs", "1", "--quiet")
    assert result.code == ExitCode.OUTPUT_BUSY
    assert "is busy (another viplan-ocr batch is writing it, pid 4242)" in _one_line_naming(result.err, out)


def out_of_memory(run_cli, tmp_path, monkeypatch):
    def exhausted(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr("viplan_ocr.pipeline.parse", exhausted)
    result = run_cli("parse", PLAN)
    assert result.code == ExitCode.OUT_OF_MEMORY
    assert result.err.startswith("viplan-ocr: error: out of memory (") and "internal error" not in result.err


def interrupted(run_cli, tmp_path, monkeypatch):
    def ctrl_c(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("viplan_ocr.pipeline.parse", ctrl_c)
    result = run_cli("parse", PLAN)
    assert result.code == ExitCode.INTERRUPTED
    assert result.err == "viplan-ocr: interrupted\n"


SCENARIOS = {
    ExitCode.OK: ok,
    ExitCode.INTERNAL: internal,
    ExitCode.USAGE: usage,
    ExitCode.INPUT_FILE: input_file,
    ExitCode.MISSING_DEPENDENCY: missing_dependency,
    ExitCode.ENCODING: encoding,
    ExitCode.NO_PLAN: no_plan,
    ExitCode.PARTIAL: partial,
    ExitCode.OUTPUT_ACCESS: output_access,
    ExitCode.OUTPUT_BUSY: output_busy,
    ExitCode.OUT_OF_MEMORY: out_of_memory,
    ExitCode.INTERRUPTED: interrupted,
}


def test_every_exit_code_has_a_scenario():
    assert set(SCENARIOS) == set(ExitCode)


@pytest.mark.parametrize("code", list(SCENARIOS), ids=lambda code: f"{int(code)}-{code.name}")
def test_exit_code_from_a_real_run(run_cli, tmp_path, monkeypatch, code):
    SCENARIOS[code](run_cli, tmp_path, monkeypatch)


def test_readme_and_help_list_every_exit_code():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("### Exit codes", 1)[1].split("\n\n", 2)[1]
    assert [int(code) for code in re.findall(r"^\| (\d+) \|", table, re.MULTILINE)] == [int(c) for c in ExitCode]
    assert sorted(int(code) for code in re.findall(r"\b\d+\b", EXIT_CODES_HELP)) == sorted(int(c) for c in ExitCode)
