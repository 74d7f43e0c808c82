"""Temporary files: a batch keeps them under OUT/.work, and no way of stopping it leaves one behind.

Killed or interrupted runs used to leave ``/tmp/viplan-ocr-*/page.pgm`` (4 MB a page) for good.
Each test runs the real command on a three-page scan, stops it while Tesseract has a page image
on disk, and looks for what is left. ``TMPDIR`` points at a folder of the test's own, so that the
system's temporary folder, shared with other work, is never what is inspected.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from viplan_ocr.batch import BatchOptions, run_batch
from viplan_ocr.errors import ExitCode

from ..conftest import ROOT

pytestmark = pytest.mark.slow


def _start(folder: Path, out: Path, system_tmp: Path, jobs: int) -> subprocess.Popen:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONPATH": str(ROOT / "src"), "TMPDIR": str(system_tmp)}
    command = [sys.executable, "-m", "viplan_ocr", "batch", str(folder), str(out), "--jobs", str(jobs), "--quiet"]
    # As a terminal starts a command: Ctrl-C at its default. A test run started in the background
    # by a shell (``make test &``) inherits SIGINT ignored, and Python keeps it so: the batch would
    # rightly run on through the signal that this test sends.
    return subprocess.Popen(
        command,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=_default_interrupt,
    )


def _default_interrupt() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _wait_for_a_page_image(out: Path, proc: subprocess.Popen, timeout: float = 120) -> Path:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = list((out / ".work").glob("tmp/*/page.p?m"))
        if found:
            return found[0]
        assert proc.poll() is None, proc.stderr.read()
        time.sleep(0.02)
    raise AssertionError("no page image appeared under OUT/.work")


@pytest.fixture
def scan_folder(tmp_path: Path, make_scan) -> Path:
    make_scan(tmp_path / "in" / "ba-trang.pdf", 3)
    return tmp_path / "in"


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl-C"])
def test_an_interrupted_run_leaves_no_temporary_file_and_exits_130(tmp_path, scan_folder, how):
    out, system_tmp = tmp_path / "out", tmp_path / "system-tmp"
    system_tmp.mkdir()
    proc = _start(scan_folder, out, system_tmp, jobs=2)  # worker processes OCR the pages
    _wait_for_a_page_image(out, proc)
    if how == signal.SIGINT:
        os.killpg(proc.pid, how)  # a terminal's Ctrl-C reaches the whole process group
    else:
        proc.send_signal(how)  # kill PID: the main process alone
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == ExitCode.INTERRUPTED, err
    assert err.strip().splitlines()[-1] == "viplan-ocr: interrupted"
    assert not (out / ".work").exists()
    assert list(system_tmp.iterdir()) == []


def test_a_killed_runs_temporary_files_stay_under_out_and_the_next_run_removes_them(tmp_path, scan_folder):
    out, system_tmp = tmp_path / "out", tmp_path / "system-tmp"
    system_tmp.mkdir()
    proc = _start(scan_folder, out, system_tmp, jobs=2)
    image = _wait_for_a_page_image(out, proc)
    os.killpg(proc.pid, signal.SIGKILL)  # kill -9 of the run and its workers: no clean-up at all
    proc.communicate(timeout=60)
    assert image.is_relative_to(out / ".work/tmp")
    assert list(system_tmp.iterdir()) == []  # nothing outside OUT, whatever was left
    report = run_batch(scan_folder, out, BatchOptions(jobs=1, quiet=True, resume=True))
    assert [r.status for r in report.results] == ["ok"]
    assert not (out / ".work").exists()


def test_a_killed_one_file_command_s_page_image_is_swept_by_the_next_one(tmp_path, make_scan):
    """``kill -9`` of ``viplan-ocr extract`` leaves its page image; the next command that reads a
    page removes the folder of the dead process, and leaves a living one's alone."""
    scan = make_scan(tmp_path / "scan.pdf", 1)
    system_tmp = tmp_path / "system-tmp"
    system_tmp.mkdir()
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONPATH": str(ROOT / "src"), "TMPDIR": str(system_tmp)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "viplan_ocr", "extract", str(scan)], env=env, stdout=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 120
    while not list(system_tmp.glob("viplan-ocr-*/page.p?m")):
        assert proc.poll() is None and time.monotonic() < deadline, "no page image appeared"
        time.sleep(0.02)
    proc.kill()
    proc.wait()
    assert list(system_tmp.glob("viplan-ocr-*/page.p?m"))  # kill -9 leaves it
    living = system_tmp / f"viplan-ocr-{os.getpid()}-keep"  # a process that still runs: this one
    living.mkdir()
    done = subprocess.run([sys.executable, "-m", "viplan_ocr", "extract", str(scan)], env=env, capture_output=True)
    assert done.returncode == 0
    assert [p.name for p in system_tmp.iterdir()] == [living.name]
