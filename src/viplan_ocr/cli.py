"""The ``viplan-ocr`` command: argument parsing and exit codes only, no logic.

Every subcommand parses its arguments, calls the public API and writes UTF-8 to stdout (or to
``-o FILE``); messages go to stderr through the ``logging`` module (:func:`configure_logging`).
:func:`run_guarded` is the one place where errors become exit codes.

The commands share one set of options, each defined once in a parent parser
(:func:`build_parser`): ``-q``/``-v`` on every command, the extraction options (``--lang``,
``--dpi``, ``--pages``, ``--force-ocr``, ...) on every command that reads files, ``--tone-style``
on every command that cleans, and ``-o``/``--output`` on every command that prints its result.
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from viplan_ocr.errors import (
    ExitCode,
    NotAFileError,
    OutOfMemoryError,
    OutputAccessError,
    UnsupportedFormatError,
    UsageError,
    ViplanError,
)
from viplan_ocr.writers import DEFAULT_FORMATS, WRITERS

if TYPE_CHECKING:
    from viplan_ocr.document import Document
    from viplan_ocr.extract import ExtractConfig
    from viplan_ocr.normalize import CleanConfig

EXIT_CODES_HELP = """exit codes:
  0  ok                            6   no plan structure found
  1  internal error (a bug)        7   some batch inputs failed (others were written)
  2  bad arguments                 8   cannot write the output
  3  bad input file                9   output folder busy (another batch is writing it)
  4  tesseract / vie missing       10  out of memory
  5  text encoding not identified  130 interrupted (Ctrl-C or SIGTERM)
"""


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors exit with ExitCode.USAGE, like our own validation."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(int(ExitCode.USAGE), f"{self.prog}: error: {message}\n")


def add_extract_options(parser: argparse.ArgumentParser) -> None:
    """The options of every command that extracts: they build its ExtractConfig (:func:`extract_config`)."""
    from viplan_ocr.extract.config import MAX_DPI, MIN_DPI
    from viplan_ocr.extract.engine import DEFAULT_ENGINE, ENGINES

    group = parser.add_argument_group("extraction")
    group.add_argument("--lang", default="vie", help="OCR language(s), e.g. vie or vie+eng (default: vie)")
    group.add_argument(
        "--dpi", type=int, default=300, help=f"resolution PDF pages are OCR'd at, {MIN_DPI}-{MAX_DPI} (default: 300)"
    )
    group.add_argument(
        "--pages", metavar="LIST", help="read only these pages, e.g. 1-3,5 (default: all; numbered from 1)"
    )
    group.add_argument(
        "--force-ocr",
        action="store_true",
        help="OCR PDF pages even when their text layer reads well (text and Word files are read as they are)",
    )
    group.add_argument("--no-preprocess", action="store_true", help="OCR images as they are, without clean-up")
    group.add_argument(
        "--engine", choices=sorted(ENGINES), default=DEFAULT_ENGINE, help=f"OCR engine (default: {DEFAULT_ENGINE})"
    )


def extract_config(args: argparse.Namespace) -> ExtractConfig:
    """The ExtractConfig the options of :func:`add_extract_options` ask for; UsageError for a bad value."""
    from viplan_ocr.extract import ExtractConfig
    from viplan_ocr.extract.preprocess import DEFAULT_PREPROCESS

    preprocess = None if args.no_preprocess else DEFAULT_PREPROCESS
    return ExtractConfig(
        lang=args.lang,
        dpi=args.dpi,
        preprocess=preprocess,
        engine=args.engine,
        pages=args.pages,
        force_ocr=args.force_ocr,
    )


def add_cleaning_options(parser: argparse.ArgumentParser) -> None:
    """The options of every command that cleans text: they build its CleanConfig (:func:`clean_config`)."""
    group = parser.add_argument_group("cleaning")
    group.add_argument(
        "--tone-style",
        choices=["keep", "new", "old"],
        default="keep",
        help="tone mark on oa/oe/uy: where the source prints it (keep, the default; restored words "
        "get the new style), or one style for the whole text: new 'hòa' or old 'hoà'",
    )


def clean_config(args: argparse.Namespace) -> CleanConfig:
    """The CleanConfig the options of :func:`add_cleaning_options` ask for."""
    from viplan_ocr.normalize import CleanConfig

    return CleanConfig.from_options(tone_style=args.tone_style)


def add_corrections_option(parser: argparse.ArgumentParser) -> None:
    """``--corrections``: a reviewer's decisions, exported from ``--formats review`` pages, applied after cleaning."""
    parser.add_argument(
        "--corrections",
        action="append",
        metavar="FILE",
        help="apply the decisions of a corrections file exported from a review page (or of a folder's "
        "*.corrections.json); may be given more than once",
    )


def add_output_options(parser: argparse.ArgumentParser) -> None:
    """``-o``/``--output``, for every command that prints one result (:func:`_emit`)."""
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write the output to FILE (whole or not at all) instead of standard output",
    )


def add_logging_options(parser: argparse.ArgumentParser) -> None:
    """``-q``/``-v``, on every command: how much goes to stderr (:func:`configure_logging`)."""
    group = parser.add_argument_group("messages")
    group.add_argument(
        "-q", "--quiet", action="store_true", help="errors only: no warnings, no progress (bar or lines)"
    )
    group.add_argument(
        "-v", "--verbose", action="count", default=0, help="more on stderr: -v what was read, -vv each page's routing"
    )


#: The logger of the batch's one line per input (:mod:`viplan_ocr.batch.run`): progress, not a
#: warning, yet shown by default, like the progress bar it stands for off a terminal.
PROGRESS_LOGGER = "viplan_ocr.batch.progress"
_LOGGER = logging.getLogger("viplan_ocr")


class _LogFormatter(logging.Formatter):
    """``viplan-ocr: warning: ...`` and ``viplan-ocr: error: ...``, as the command always wrote them;
    information and debugging lines carry no level."""

    def format(self, record: logging.LogRecord) -> str:
        """One line, prefixed with the program's name."""
        level = f"{record.levelname.lower()}: " if record.levelno >= logging.WARNING else ""
        return f"viplan-ocr: {level}{record.getMessage()}"


@contextmanager
def configure_logging(verbosity: int) -> Iterator[None]:
    """Send the ``viplan_ocr`` loggers to stderr, at the level ``-q``/``-v`` ask for, while a command runs.

    ``verbosity`` is -1 for ``-q`` (errors only), 0 by default (warnings), 1 for ``-v`` (what was
    read), 2 or more for ``-vv`` (each page's routing). The batch's per-input lines
    (:data:`PROGRESS_LOGGER`) show unless ``-q``. One handler, on the package's logger, none on
    the root logger; on the way out the levels and handlers are as they were, so that the library
    used afterwards in the same process (a test, a notebook) prints nothing it did not before.
    """
    levels = {-1: logging.ERROR, 0: logging.WARNING, 1: logging.INFO}
    progress = logging.getLogger(PROGRESS_LOGGER)
    saved = (_LOGGER.level, _LOGGER.propagate, progress.level)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_LogFormatter())
    _LOGGER.setLevel(levels.get(verbosity, logging.DEBUG))
    _LOGGER.propagate = False  # the one handler: no second copy through the root logger
    progress.setLevel(logging.ERROR if verbosity < 0 else logging.INFO)
    _LOGGER.addHandler(handler)
    try:
        yield
    finally:
        _LOGGER.removeHandler(handler)
        _LOGGER.setLevel(saved[0])
        _LOGGER.propagate = saved[1]
        progress.setLevel(saved[2])


def _utf8_streams() -> None:
    """Make standard output and error UTF-8, whatever the locale says.

    Under ``PYTHONIOENCODING=cp1252`` or ``LC_ALL=C`` (a cron job, a Windows console, a bare
    container) they were cp1252 or ASCII, and the first Vietnamese letter (``Ế``) was an internal
    error. Output is UTF-8 text in every case, as a file written with ``-o`` is. The streams are
    changed in place, so a logging handler made earlier keeps writing to the right one.
    """
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("_", "-")
        if isinstance(stream, io.TextIOWrapper) and encoding not in ("utf-8", "utf8"):
            stream.reconfigure(encoding="utf-8")


def _one_file(name: str) -> str:
    """``name``, checked to be something the one-file commands can read; else a plain error.

    A folder is "a directory", not "no such file", and an archive is pointed at ``batch``, which
    walks archives, instead of at the PDF conversion hint meant for office files.
    """
    path = Path(name)
    if path.is_dir():
        raise NotAFileError("is a directory", path=name)
    if path.suffix.lower() == ".zip" and path.is_file():
        raise UnsupportedFormatError(
            "a .zip archive holds many files", path=name, hint=f"convert them all with: viplan-ocr batch {name} OUT"
        )
    return name


def _read_input(name: str, config: ExtractConfig) -> Document:
    """FILE extracted, or for ``-`` standard input, read as the file its first bytes say it is
    (:func:`~viplan_ocr.extract.stdin.extract_stdin`: a PDF as a PDF, text as text, binary junk
    refused with exit 5)."""
    if name == "-":
        from viplan_ocr.extract.stdin import extract_stdin

        document = extract_stdin(sys.stdin.buffer, config)
    else:
        from viplan_ocr import extract

        document = extract(_one_file(name), config)
    _log_document(document)
    return document


def _log_document(document: Document) -> None:
    """What was read, for ``-v``; each page's routing and warnings for ``-vv``."""
    from viplan_ocr.batch.names import visible

    name = visible(document.path)
    sources = ", ".join(dict.fromkeys(document.text_sources))
    _LOGGER.info("%s: %d page(s) read (%s)", name, len(document.pages), sources)
    for page in document.pages:
        _LOGGER.debug("%s: page %d: %s", name, page.number, page.routing or page.source)
        for warning in page.warnings:
            _LOGGER.info("%s: page %d: %s", name, page.number, warning)


def _visible_json(text: str) -> str:
    """Output naming a file whose name has bytes that are not UTF-8, with them spelled ``\\xNN``.

    Python reads such names with ``surrogateescape``; written as they are, they made ``parse``
    print invalid UTF-8, or fail on a strict stdout.
    """
    from viplan_ocr.batch.names import visible_json

    return visible_json(text)


def _emit(text: str, output: str | None, *, encoding: str = "utf-8") -> None:
    """Write a command's whole output to ``-o FILE`` or standard output, in ``encoding``.

    A file is written atomically (:func:`~viplan_ocr.batch.outputs.write_atomic`: a reader never
    sees half of it); a device, a pipe or a symbolic link (``/dev/stdout``, ``/dev/full``, a
    FIFO, a link to a file) is written through, in place, as the shell's ``>`` does: renaming a
    file over it would replace the device node or the link itself. ``utf-8-sig`` puts a
    byte-order mark first on standard output too, so that ``targets --csv > t.csv`` opens in
    Excel with its accents. Anything that cannot be written (``> /dev/full``, a folder that cannot
    be created) is an :class:`~viplan_ocr.errors.OutputAccessError`: exit 8 and one line, never a
    traceback.
    """
    text = text if text.endswith("\n") else text + "\n"
    if output is not None and output != "-":
        from viplan_ocr.batch.outputs import write_atomic

        path = Path(output)
        if path.is_symlink() or (path.exists() and not path.is_file()):
            try:
                with path.open("wb") as handle:
                    handle.write(text.encode(encoding))
            except OSError as exc:
                raise OutputAccessError(f"cannot write ({exc.strerror})", path=output) from exc
            return
        write_atomic(path, text, encoding=encoding)
        return
    if encoding == "utf-8-sig":
        text = "\ufeff" + text
    try:
        sys.stdout.write(text)
        sys.stdout.flush()  # now, while an error can still be reported: at exit it is a traceback
    except BrokenPipeError:
        raise
    except OSError as exc:
        _discard_stdout()
        raise OutputAccessError(f"cannot write ({exc.strerror})", path="standard output") from exc


def _discard_stdout() -> None:
    """Point standard output at the null device after a failed write.

    What could not be written stays in Python's buffer, and the interpreter's final flush would
    fail on it again and print its own "Exception ignored" traceback after our one line.
    """
    try:
        fd = sys.stdout.fileno()
    except (OSError, ValueError):  # not a real file (a test's capture): nothing flushes it at exit
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


def cmd_extract(args: argparse.Namespace) -> int:
    """Print the raw text of each page with where it came from."""
    document = _read_input(args.file, extract_config(args))
    if args.json:
        _emit(_visible_json(json.dumps(document.to_dict(), ensure_ascii=False, indent=2)), args.output)
        return ExitCode.OK
    parts = []
    for page in document.pages:
        conf = f", OCR confidence {page.confidence:.0f}" if page.confidence is not None else ""
        enc = f", encoding {page.encoding}" if page.encoding else ""
        parts.append(f"=== page {page.number} ({page.source}{conf}{enc})\n")
        parts.append(page.text if page.text.endswith("\n") else page.text + "\n")
    _emit("".join(parts), args.output)
    return ExitCode.OK


def cmd_clean(args: argparse.Namespace) -> int:
    """Print the clean, accented text of FILE (or stdin): the ``txt`` writer's output."""
    from viplan_ocr.batch.names import visible
    from viplan_ocr.normalize.corrections import correction_warnings, load_corrections
    from viplan_ocr.pipeline import convert_document

    config = extract_config(args)  # checked before stdin is read: a bad option is an error either way
    corrections = load_corrections(args.corrections or ())  # a bad file fails before any OCR
    document = _read_input(args.file, config)
    decisions = corrections.assign([document.path])[0].get(document.path, ())
    if corrections and not decisions:
        _LOGGER.warning("%s: the corrections hold no decisions for this file", visible(args.file))
    converted = convert_document(document, config=clean_config(args), decisions=decisions)
    for warning in correction_warnings(converted.cleaned):
        _LOGGER.warning("%s: %s", visible(args.file), warning)
    _emit(WRITERS["txt"].render(converted), args.output)
    if args.explain:
        sys.stderr.write(WRITERS["explain"].render(converted))
    return ExitCode.OK


def cmd_parse(args: argparse.Namespace) -> int:
    """Print the plan's structure (the ``json`` writer's output); exit 6, JSON still printed, when none is found."""
    from viplan_ocr.normalize import STEPS, CleanConfig
    from viplan_ocr.pipeline import convert_document

    # --raw: every cleaning step off, so the plan is read from the text as extracted.
    config = CleanConfig(**{name: False for name, _ in STEPS}) if args.raw else clean_config(args)
    converted = convert_document(_read_input(args.file, extract_config(args)), config=config)
    _emit(_visible_json(WRITERS["json"].render(converted)), args.output)
    plan = converted.plan
    if not plan.has_structure:
        from viplan_ocr.batch.names import visible

        _LOGGER.warning("%s: no plan structure found (no document kind, section or target)", visible(args.file))
        return ExitCode.NO_PLAN
    return ExitCode.OK


def cmd_targets(args: argparse.Namespace) -> int:
    """Print the targets of one or more plans, one row per metric: ``targets.csv`` (BOM included), or JSON."""
    from viplan_ocr.batch.names import visible
    from viplan_ocr.pipeline import convert_document
    from viplan_ocr.writers.csv import target_rows

    if args.files.count("-") > 1:
        raise UsageError("standard input (-) can be read only once")
    config, cleaning = extract_config(args), clean_config(args)
    plans = [(name, convert_document(_read_input(name, config), config=cleaning).plan.to_dict()) for name in args.files]
    if args.csv:
        writer = WRITERS["csv"]
        _emit(visible(writer.render(plans)), args.output, encoding=writer.encoding)
    else:
        rows = [row for name, plan in plans for row in target_rows(plan, name)]
        _emit(_visible_json(json.dumps(rows, ensure_ascii=False, indent=2)), args.output)
    return ExitCode.OK


def cmd_batch(args: argparse.Namespace) -> int:
    """Convert a folder of plans; exit 7 when some inputs failed, 4 (at once) when Tesseract is missing."""
    from viplan_ocr.batch import BatchOptions, run_batch
    from viplan_ocr.normalize.corrections import load_corrections

    options = BatchOptions(
        jobs=args.jobs,
        resume=args.resume,
        formats=tuple(f.strip() for f in args.formats.split(",") if f.strip()),
        explain=args.explain,
        quiet=True if args.quiet else None,
        executor=args.executor,
        scheduler=args.scheduler,
        extract=extract_config(args),
        clean=clean_config(args),
        corrections=load_corrections(args.corrections or ()),
    )
    report = run_batch(args.input, args.output, options)
    sys.stderr.write(report.summary() + "\n")
    return ExitCode.PARTIAL if report.failed else ExitCode.OK


@contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """Treat SIGTERM (``kill``, a service manager stopping the job) like Ctrl-C while a command runs.

    Python's default for SIGTERM ends the process on the spot, skipping the clean-up that leaves
    no temporary file behind and releases the output folder's lock; as an interrupt it goes
    through them, and the command exits 130.
    """

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread: leave signals to whoever owns them
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _parent(add_options: Callable[[argparse.ArgumentParser], None]) -> argparse.ArgumentParser:
    """A parent parser holding one shared option set, for ``parents=`` of the commands that take it."""
    parent = argparse.ArgumentParser(add_help=False)
    add_options(parent)
    return parent


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with examples in every subcommand's help.

    Each shared option set is defined once, in a parent parser, and each command lists the sets
    it takes: the same option is spelled, defaulted and explained the same way everywhere.
    """
    from viplan_ocr import __version__

    parser = _Parser(
        prog="viplan-ocr",
        description="Turn scanned or OCR-damaged Vietnamese plan documents into clean, accented text and JSON.",
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    messages = _parent(add_logging_options)
    output = _parent(add_output_options)
    extraction = _parent(add_extract_options)
    cleaning = _parent(add_cleaning_options)

    def add(
        name: str,
        func: Callable[[argparse.Namespace], int],
        help_: str,
        examples: Sequence[str],
        parents: Sequence[argparse.ArgumentParser],
    ) -> argparse.ArgumentParser:
        listed = "\n".join(f"  {example}" for example in examples)
        p = sub.add_parser(
            name,
            help=help_,
            description=help_,
            epilog=f"examples:\n{listed}\n\n{EXIT_CODES_HELP}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
            parents=[*parents, messages],
        )
        p.set_defaults(func=func)
        return p

    one_file = "a PDF, image, Word or text file, or - for standard input (read as what its bytes are)"
    p = add(
        "extract",
        cmd_extract,
        "Print the raw text of each page (PDF text layer, OCR or plain text) and where it came from.",
        [
            "viplan-ocr extract samples/scanned-plan-binh-cang.pdf",
            "viplan-ocr extract --json --pages 2 scan.pdf -o page-2.json",
            "viplan-ocr extract - < scan.pdf",
        ],
        [output, extraction],
    )
    p.add_argument("file", help=one_file)
    p.add_argument("--json", action="store_true", help="print the pages as JSON instead of text")

    p = add(
        "clean",
        cmd_clean,
        "Print clean, fully accented text: OCR confusions fixed, diacritics restored, broken lines re-joined.",
        [
            "viplan-ocr clean samples/ocr-damaged-plan-long-bien-2022-2030.txt",
            "viplan-ocr clean --explain scan.pdf -o scan.txt",
            "viplan-ocr clean --force-ocr --pages 1-3 --tone-style old plan.pdf",
            "cat scan.pdf | viplan-ocr clean - > scan.txt",
        ],
        [output, extraction, cleaning],
    )
    p.add_argument("file", help=one_file)
    p.add_argument(
        "--explain", action="store_true", help="also list every change on stderr, low-confidence ones flagged REVIEW"
    )
    add_corrections_option(p)

    p = add(
        "parse",
        cmd_parse,
        "Print the plan's structure as JSON (schema viplan-ocr/plan/1): "
        "header, sections, targets, signature, recipients.",
        [
            "viplan-ocr parse samples/plan-binh-cang-2021-2030.txt > plan.json",
            "viplan-ocr parse scan.pdf -o plan.json",
            "viplan-ocr parse --raw - < plan.txt",
        ],
        [output, extraction, cleaning],
    )
    p.add_argument("file", help=one_file)
    p.add_argument("--raw", action="store_true", help="parse the text as it is, without cleaning it first")

    p = add(
        "targets",
        cmd_targets,
        "Print every target's metrics from one or more plans, one row per metric.",
        [
            "viplan-ocr targets samples/*.txt --csv > targets.csv",
            "viplan-ocr targets --csv plans/*.pdf -o targets.csv",
            "viplan-ocr targets scan.pdf",
        ],
        [output, extraction, cleaning],
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="PDF, image, Word or text files; - for standard input")
    p.add_argument(
        "--csv", action="store_true", help="CSV with a header row instead of JSON (UTF-8 with a BOM, for Excel)"
    )

    p = add(
        "batch",
        cmd_batch,
        "Convert every plan under IN into OUT: a clean .txt and a .json per input, one targets.csv, a manifest.jsonl.",
        [
            "viplan-ocr batch samples out",
            "viplan-ocr batch archive.zip out --jobs 4 --formats txt,json,csv,xlsx",
            "viplan-ocr batch archive out --resume 2> batch.log   # a line per input in the log",
        ],
        [extraction, cleaning],
    )
    p.add_argument("input", metavar="IN", help="a folder (walked recursively, .zip archives too), a .zip or a file")
    p.add_argument("output", metavar="OUT", help="the output folder (created when missing); mirrors the input tree")
    p.add_argument("--jobs", type=int, default=0, metavar="N", help="processes sharing the pages (0: all cores)")
    p.add_argument("--resume", action="store_true", help="skip inputs OUT/manifest.jsonl records as converted")
    p.add_argument(
        "--formats",
        default=",".join(DEFAULT_FORMATS),
        metavar="LIST",
        help=f"outputs from {','.join(WRITERS)} (default: {','.join(DEFAULT_FORMATS)})",
    )
    p.add_argument("--explain", action="store_true", help="also write NAME.explain.txt: every change the cleaner made")
    p.add_argument("--executor", choices=["local", "dask"], default="local", help="local processes (default) or Dask")
    p.add_argument("--scheduler", metavar="ADDRESS", help="Dask scheduler, e.g. tcp://10.0.0.5:8786 (default: local)")
    add_corrections_option(p)
    return parser


def run_guarded(func: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Run a subcommand; the only place where exceptions become exit codes."""
    try:
        return int(func(args))
    except ViplanError as exc:
        from viplan_ocr.batch.names import visible

        sys.stderr.write(f"viplan-ocr: error: {visible(exc.message)}\n")
        return int(exc.exit_code)
    except KeyboardInterrupt:
        sys.stderr.write("viplan-ocr: interrupted\n")
        return int(ExitCode.INTERRUPTED)
    except BrokenPipeError:  # the reader went away (| head): what it wanted was written
        _discard_stdout()
        return int(ExitCode.OK)
    except MemoryError:
        error = OutOfMemoryError("out of memory")
        sys.stderr.write(f"viplan-ocr: error: {error.message}\n")
        return int(error.exit_code)
    except Exception as exc:  # a bug, never a user's mistake: one line, and ask for a report
        sys.stderr.write(
            f"viplan-ocr: internal error ({type(exc).__name__}: {exc}); this is a bug, please report it "
            "with the command you ran\n"
        )
        return int(ExitCode.INTERNAL)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``viplan-ocr`` and ``python -m viplan_ocr``."""
    _utf8_streams()
    parser = build_parser()
    args = parser.parse_args(argv)
    with configure_logging(-1 if args.quiet else args.verbose), _terminate_as_interrupt():
        return run_guarded(args.func, args)


__all__ = [
    "PROGRESS_LOGGER",
    "UsageError",
    "add_cleaning_options",
    "add_extract_options",
    "add_logging_options",
    "add_output_options",
    "build_parser",
    "clean_config",
    "configure_logging",
    "extract_config",
    "main",
    "run_guarded",
]
