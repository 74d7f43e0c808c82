"""The command-line conventions every command shares (issue 13): one option set, ``-o`` and ``-``,
UTF-8 whatever the locale, exit 8 for output that cannot be written, ``-q``/``-v`` over logging,
one line per input off a terminal, exit 4 for a batch without Tesseract, examples in ``--help``.

Inputs are built here (a PDF with a text layer, a PNG, a .docx, text); the real command runs
in-process where that is enough and as a subprocess where the shell's side of it is the point
(the locale, ``> /dev/full``, a pipe or a terminal on stderr, PATH).
"""

from __future__ import annotations

import fcntl
import io
import json
import logging
import os
import pty
import re
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from viplan_ocr.cli import PROGRESS_LOGGER
from viplan_ocr.errors import ExitCode

from .conftest import ROOT, SAMPLES

PLAN = SAMPLES / "plan-binh-cang-2021-2030.txt"
SCAN = SAMPLES / "scanned-plan-binh-cang.pdf"
#: A plan whose text carries a tone mark on "oa" (hòa) and a target with figures.
TONE_PLAN = (
    "ỦY BAN NHÂN DÂN HUYỆN BÌNH CẢNG\n\n"
    "KẾ HOẠCH\nGiáo dục hòa nhập năm 2025\n\n"
    "I. MỤC TIÊU\n"
    "Chỉ tiêu 1: Tỷ lệ trẻ khuyết tật được học hòa nhập đạt trên 95% vào năm 2025.\n"
)
COMMANDS_READING_A_FILE = ["extract", "clean", "parse", "targets"]


def run(
    *args: str, stdin: bytes | None = None, env: dict[str, str] | None = None, **kwargs
) -> subprocess.CompletedProcess:
    """``python -m viplan_ocr ARGS`` as a real process, bytes in and out."""
    environment = {**os.environ, "PYTHONPATH": str(ROOT / "src"), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "viplan_ocr", *map(str, args)],
        input=stdin,
        capture_output="stdout" not in kwargs,
        env=environment,
        timeout=300,
        **kwargs,
    )


def one_error_line(stderr: bytes) -> str:
    """The one line a failure prints: no traceback, no second message from the interpreter."""
    text = stderr.decode("utf-8")
    assert "Traceback" not in text and "Exception ignored" not in text, text
    lines = text.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


@pytest.fixture(scope="module")
def text_pdf(tmp_path_factory) -> Path:
    """A three-page PDF with a real text layer: page N says "Trang số N" and a line of the plan."""
    from fpdf import FPDF

    from viplan_ocr.extract.synthetic import font_path

    pdf = FPDF(format="A4")
    pdf.add_font("serif", fname=str(font_path()))
    pdf.set_font("serif", size=12)
    for number in (1, 2, 3):
        pdf.add_page()
        pdf.multi_cell(0, 8, f"Trang số {number}\nKế hoạch thực hiện năm học 2021 - 2022 của huyện Bình Cảng")
    path = tmp_path_factory.mktemp("pdf") / "ba-trang.pdf"
    pdf.output(str(path))
    return path


@pytest.fixture
def stdin_bytes(monkeypatch):
    """Feed bytes to the in-process command's standard input."""

    def feed(data: bytes) -> None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))

    return feed


# --- standard input, sniffed like a file --------------------------------------------------------


@pytest.mark.parametrize("command", COMMANDS_READING_A_FILE)
def test_a_pdf_piped_in_is_read_as_the_pdf(run_cli, stdin_bytes, text_pdf, command):
    stdin_bytes(text_pdf.read_bytes())
    piped = run_cli(command, "-")
    named = run_cli(command, text_pdf)
    assert piped.code == named.code, piped.err
    assert piped.code in (ExitCode.OK, ExitCode.NO_PLAN)  # three lines of text are no plan for parse
    # The same output but for the name: "-" stands where the file's path stood.
    assert piped.out == named.out.replace(str(text_pdf), "-")
    if command == "extract":
        assert piped.out.count("=== page") == 3 and "=== page 2 (text-layer)\nTrang số 2" in piped.out


def test_a_png_piped_in_is_ocrd_as_an_image(run_cli, stdin_bytes, fake_engine):
    from PIL import Image, ImageDraw, ImageFont

    from viplan_ocr.extract.synthetic import font_path

    image = Image.new("L", (700, 90), 255)
    ImageDraw.Draw(image).text((20, 25), "Kế hoạch số 12/KH-UBND", font=ImageFont.truetype(str(font_path()), 36))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    stdin_bytes(buffer.getvalue())
    result = run_cli("extract", "-", "--engine", "fake", "--no-preprocess", "--json")
    assert result.code == ExitCode.OK, result.err
    document = json.loads(result.out)
    assert document["path"] == "-"
    [page] = document["pages"]
    assert page["source"] == "ocr" and page["text"] == fake_engine.text


def test_a_docx_piped_in_is_read_as_word(tmp_path, stdin_bytes, run_cli):
    import docx

    word = docx.Document()
    word.add_paragraph("KẾ HOẠCH")
    word.add_paragraph("Chỉ tiêu 1: Tỷ lệ trẻ đến trường đạt 99% vào năm 2025.")
    path = tmp_path / "ke-hoach.docx"
    word.save(str(path))
    stdin_bytes(path.read_bytes())
    result = run_cli("extract", "-", "--json")
    assert result.code == ExitCode.OK, result.err
    [page] = json.loads(result.out)["pages"]
    assert page["routing"] == "Word document (.docx)"
    assert "Tỷ lệ trẻ đến trường đạt 99%" in page["text"]


@pytest.mark.parametrize("command", COMMANDS_READING_A_FILE)
def test_binary_junk_piped_in_is_refused_with_one_line(run_cli, stdin_bytes, command):
    stdin_bytes(bytes(range(256)) * 16)
    result = run_cli(command, "-")
    assert result.code == ExitCode.ENCODING
    assert result.out == ""
    assert one_error_line(result.err.encode()).startswith("viplan-ocr: error: -: cannot tell the text encoding")


def test_text_piped_in_is_still_text(run_cli, stdin_bytes):
    stdin_bytes(PLAN.read_bytes())
    piped = run_cli("parse", "-")
    assert piped.code == ExitCode.OK, piped.err
    assert json.loads(piped.out)["targets"] == json.loads(run_cli("parse", PLAN).out)["targets"]


# --- -o/--output -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "extra"), [("extract", ()), ("clean", ()), ("parse", ()), ("targets", ()), ("targets", ("--csv",))]
)
def test_output_option_writes_what_stdout_would_get(run_cli, tmp_path, command, extra):
    printed = run_cli(command, PLAN, *extra)
    target = tmp_path / "ket-qua.out"
    written = run_cli(command, PLAN, *extra, "-o", target)
    assert written.code == printed.code == ExitCode.OK, written.err
    assert written.out == ""
    assert target.read_bytes() == printed.out.encode("utf-8")


def test_output_to_a_device_is_written_in_place(run_cli, tmp_path):
    # A pipe or device (here a FIFO) has no folder to rename a temporary file in: written as it is.
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    result = run_cli("clean", PLAN, "--output", fifo)
    assert result.code == ExitCode.OK, result.err
    assert reader.communicate(timeout=30)[0].decode().startswith("KẾ HOẠCH")


def test_output_through_a_link_keeps_the_link(run_cli, tmp_path):
    real = tmp_path / "that-file.txt"
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    assert run_cli("clean", PLAN, "-o", link).code == ExitCode.OK
    assert link.is_symlink() and real.read_text(encoding="utf-8").startswith("KẾ HOẠCH")


# --- exit 8: output that cannot be written -----------------------------------------------------


def test_a_full_disk_on_stdout_is_exit_8_and_one_line():
    with open("/dev/full", "wb") as full:
        proc = run("clean", PLAN, stdout=full, stderr=subprocess.PIPE)
    assert proc.returncode == ExitCode.OUTPUT_ACCESS
    line = one_error_line(proc.stderr)
    assert line.startswith("viplan-ocr: error: standard output: cannot write (No space left on device)")


@pytest.mark.parametrize("where", ["full-device", "under-a-file"])
def test_an_unwritable_output_file_is_exit_8_and_one_line(run_cli, tmp_path, where):
    # Root ignores permissions: the unwritable paths are a full device and a path under a file.
    blocker = tmp_path / "khong-phai-thu-muc"
    blocker.write_text("a file, not a folder\n", encoding="utf-8")
    target = Path("/dev/full") if where == "full-device" else blocker / "ke-hoach.txt"
    result = run_cli("clean", PLAN, "-o", target)
    assert result.code == ExitCode.OUTPUT_ACCESS
    assert result.out == ""
    assert one_error_line(result.err.encode()).startswith(f"viplan-ocr: error: {target}: cannot write (")


# --- UTF-8 whatever the locale ------------------------------------------------------------------

LOCALES = {
    "cp1252": {"PYTHONIOENCODING": "cp1252"},
    "C": {"LC_ALL": "C", "LANG": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0", "PYTHONIOENCODING": ""},
}


@pytest.mark.parametrize("locale", LOCALES)
def test_output_is_utf8_whatever_the_locale(run_cli, locale):
    # --explain puts Vietnamese on stderr too: every change, before and after.
    proc = run("clean", "--explain", PLAN, env=LOCALES[locale])
    assert proc.returncode == ExitCode.OK, proc.stderr
    in_process = run_cli("clean", "--explain", PLAN)  # pytest's streams are UTF-8
    assert proc.stdout.decode("utf-8") == in_process.out and proc.stdout.decode("utf-8").startswith("KẾ HOẠCH")
    assert proc.stderr.decode("utf-8") == in_process.err and "ệ" in in_process.err


# --- the CSV keeps its byte-order mark on standard output ----------------------------------------


def test_targets_csv_redirected_to_a_file_has_the_bom(tmp_path):
    with (tmp_path / "t.csv").open("wb") as redirected:
        proc = run("targets", "--csv", PLAN, stdout=redirected, stderr=subprocess.PIPE)
    assert proc.returncode == ExitCode.OK, proc.stderr
    raw = (tmp_path / "t.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfdocument,phase,")  # Excel reads it as UTF-8
    assert "Tỷ lệ học sinh" in raw.decode("utf-8-sig")


def test_targets_csv_written_with_output_is_the_same_file(run_cli, tmp_path):
    printed = run_cli("targets", "--csv", PLAN)
    assert run_cli("targets", "--csv", PLAN, "-o", tmp_path / "o.csv").code == ExitCode.OK
    assert (tmp_path / "o.csv").read_bytes() == printed.out.encode("utf-8")
    assert printed.out.startswith("\ufeffdocument,")


# --- -q / -v over logging -----------------------------------------------------------------------


def test_quiet_and_verbose_choose_what_goes_to_stderr(run_cli, tmp_path):
    diary = tmp_path / "nhat-ky.txt"
    diary.write_text("Hôm nay trời đẹp, chúng tôi đi dạo quanh hồ.\n", encoding="utf-8")
    default, quiet = run_cli("parse", diary), run_cli("parse", diary, "-q")
    assert default.code == quiet.code == ExitCode.NO_PLAN  # the warning goes, the exit code stays
    assert (
        default.err == f"viplan-ocr: warning: {diary}: no plan structure found (no document kind, section or target)\n"
    )
    assert quiet.err == "" and quiet.out == default.out
    info = run_cli("parse", diary, "-v").err.splitlines()
    assert f"viplan-ocr: {diary}: 1 page(s) read (text)" in info
    debug = run_cli("parse", diary, "-vv").err.splitlines()
    assert (
        f"viplan-ocr: {diary}: page 1: text file in utf-8" in debug
        and f"viplan-ocr: {diary}: page 1: text file in utf-8" not in info
    )
    assert "unrecognized arguments" in run_cli("clean", diary, "--no-such-option", "-q").err  # errors still show


def test_logging_is_left_as_it_was_after_a_command(run_cli):
    logger = logging.getLogger("viplan_ocr")
    before = (list(logger.handlers), logger.level, logger.propagate, logging.getLogger(PROGRESS_LOGGER).level)
    assert run_cli("clean", PLAN, "-vv").code == ExitCode.OK
    after = (list(logger.handlers), logger.level, logger.propagate, logging.getLogger(PROGRESS_LOGGER).level)
    assert after == before


def test_the_batch_progress_logger_is_the_one_the_cli_shows():
    from viplan_ocr.batch import run as batch_run

    assert batch_run.PROGRESS.name == PROGRESS_LOGGER


def _two_inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-ke-hoach.txt").write_bytes(PLAN.read_bytes())
    (folder / "b-hong.pdf").write_bytes(b"%PDF-1.4\n1 0 obj <<\n%%EOF truncated")
    return folder


def test_batch_off_a_terminal_logs_one_line_per_input(run_cli, tmp_path):
    folder = _two_inputs(tmp_path)
    result = run_cli("batch", folder, tmp_path / "out", "--jobs", "1")  # stderr is not a terminal here
    assert result.code == ExitCode.PARTIAL
    lines = result.err.splitlines()
    # One line per input, in the order they finish (here the damaged PDF may fail first).
    progress = {line.split(" ", 3)[2]: line for line in lines[:2]}
    assert sorted(line[:17] for line in lines[:2]) == ["viplan-ocr: [1/2]", "viplan-ocr: [2/2]"]
    assert re.fullmatch(
        r"viplan-ocr: \[\d/2\] ok a-ke-hoach\.txt: 1 page\(s\), 4 target\(s\), \d+ fix\(es\), [\d.]+ s", progress["ok"]
    )
    assert f"] failed: {folder / 'b-hong.pdf'}: not a readable PDF" in progress["failed:"]
    assert "%|" not in result.err  # no bar
    assert lines[2].startswith("status") and lines[-1].startswith("1 converted, 1 failed")  # then the summary
    quiet = run_cli("batch", folder, tmp_path / "out-q", "--jobs", "1", "-q")
    assert quiet.code == ExitCode.PARTIAL
    assert "[1/2]" not in quiet.err and "1 converted, 1 failed" in quiet.err


def test_batch_on_a_terminal_keeps_its_progress_bar(tmp_path):
    folder = _two_inputs(tmp_path)
    leader, follower = pty.openpty()
    # A terminal of 24 x 100 characters: one of no width gets no bar drawn at all.
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    try:
        proc = run("batch", folder, tmp_path / "out", "--jobs", "1", stderr=follower, stdout=subprocess.PIPE)
        os.close(follower)
        seen = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the terminal's other end is closed and drained
                break
            if not chunk:
                break
            seen += chunk
    finally:
        os.close(leader)
    assert proc.returncode == ExitCode.PARTIAL
    text = seen.decode("utf-8", "replace")
    assert "pages [" in text and "%|" in text  # the bar, counted in pages
    assert "[1/2]" not in text  # and no per-input lines beside it


# --- the shared extraction and cleaning options --------------------------------------------------


@pytest.mark.parametrize("command", [*COMMANDS_READING_A_FILE, "batch"])
def test_every_command_takes_the_shared_options(run_cli, command):
    help_text = run_cli(command, "--help").out
    for option in ("--force-ocr", "--pages", "--dpi", "--lang", "-q, --quiet", "-v, --verbose"):
        assert option in help_text, option
    assert ("--tone-style" in help_text) == (command != "extract")  # extract does not clean
    assert ("-o FILE, --output FILE" in help_text) == (command != "batch")  # batch writes a folder


def test_pages_selects_pages(run_cli, text_pdf):
    result = run_cli("extract", text_pdf, "--pages", "1,3", "--json")
    assert result.code == ExitCode.OK, result.err
    pages = json.loads(result.out)["pages"]
    assert [(p["number"], p["text"].splitlines()[0]) for p in pages] == [(1, "Trang số 1"), (3, "Trang số 3")]
    cleaned = run_cli("clean", text_pdf, "--pages", "2-3").out
    assert "Trang số 2" in cleaned and "Trang số 3" in cleaned and "Trang số 1" not in cleaned


@pytest.mark.parametrize(
    ("value", "code", "says"),
    [
        ("5-9", ExitCode.USAGE, "--pages 5-9 selects none of its 3 page(s)"),
        ("3-1", ExitCode.USAGE, "such as 1-3,5"),
        ("x", ExitCode.USAGE, "such as 1-3,5"),
    ],
)
def test_pages_that_make_no_sense_are_usage_errors(run_cli, text_pdf, value, code, says):
    result = run_cli("clean", text_pdf, "--pages", value)
    assert result.code == code
    assert says in one_error_line(result.err.encode())


def test_pages_of_a_one_page_text_file(run_cli):
    # A reader without page options (text): its one page is selected after planning.
    assert run_cli("clean", PLAN, "--pages", "1-2").out == run_cli("clean", PLAN).out
    result = run_cli("clean", PLAN, "--pages", "2")
    assert result.code == ExitCode.USAGE and "--pages 2 selects none of its 1 page(s)" in result.err


def test_force_ocr_sends_text_layer_pages_to_ocr(run_cli, text_pdf, fake_engine):
    plain = json.loads(run_cli("extract", text_pdf, "--engine", "fake", "--pages", "2", "--json").out)
    forced = json.loads(run_cli("extract", text_pdf, "--engine", "fake", "--pages", "2", "--force-ocr", "--json").out)
    assert [p["source"] for p in plain["pages"]] == ["text-layer"]
    [page] = forced["pages"]
    assert page["source"] == "ocr" and page["text"] == fake_engine.text
    assert page["routing"].startswith("OCR forced (--force-ocr)")


@pytest.mark.parametrize("command", ["clean", "parse", "targets"])
def test_tone_style_reaches_every_cleaning_command(run_cli, tmp_path, command):
    path = tmp_path / "hoa-nhap.txt"
    path.write_text(TONE_PLAN, encoding="utf-8")
    new, old = run_cli(command, path), run_cli(command, path, "--tone-style", "old")
    assert new.code == old.code == ExitCode.OK, old.err
    assert "hòa nhập" in new.out and "hoà" not in new.out
    assert "hoà nhập" in old.out and "hòa" not in old.out


def test_tone_style_reaches_the_batch(run_cli, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in/hoa-nhap.txt").write_text(TONE_PLAN, encoding="utf-8")
    result = run_cli("batch", tmp_path / "in", tmp_path / "out", "--jobs", "1", "--tone-style", "old")
    assert result.code == ExitCode.OK, result.err
    assert "hoà nhập" in (tmp_path / "out/hoa-nhap.txt").read_text(encoding="utf-8")


# --- batch without Tesseract: exit 4 ------------------------------------------------------------


def test_batch_without_tesseract_exits_4(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-ke-hoach.txt").write_bytes(PLAN.read_bytes())
    (folder / "b-scan.pdf").write_bytes(SCAN.read_bytes())  # needs OCR
    bare = tmp_path / "bin"  # a PATH with python only: no tesseract on it
    bare.mkdir()
    (bare / "python").symlink_to(sys.executable)
    out = tmp_path / "out"
    proc = run("batch", folder, out, "--jobs", "1", env={"PATH": str(bare)})
    assert proc.returncode == ExitCode.MISSING_DEPENDENCY, proc.stderr.decode()
    error = [line for line in proc.stderr.decode().splitlines() if line.startswith("viplan-ocr: error:")]
    assert len(error) == 1 and "Traceback" not in proc.stderr.decode()
    assert "b-scan.pdf: the tesseract program was not found" in error[0]
    assert "apt-get install" in error[0] and "--resume" in error[0]
    records = {
        r["input"]: r for r in map(json.loads, (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines())
    }
    assert records["a-ke-hoach.txt"]["status"] == "ok" and records["b-scan.pdf"]["status"] == "failed"


# --- help -------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", [*COMMANDS_READING_A_FILE, "batch"])
def test_help_has_examples_of_the_command(run_cli, command):
    help_text = run_cli(command, "--help").out
    examples = help_text.split("examples:\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert len(examples) >= 3
    assert all(f"viplan-ocr {command}" in line for line in examples)
