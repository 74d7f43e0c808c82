"""The ``viplan-ocr`` command: argument parsing and exit codes only, no logic.

Every subcommand parses its arguments, calls the public API and writes UTF-8 to stdout; messages
go to stderr. :func:`run_guarded` is the one place where errors become exit codes.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from viplan_ocr.errors import ExitCode, NotAFileError, OutOfMemoryError, UnsupportedFormatError, UsageError, ViplanError
from viplan_ocr.writers import DEFAULT_FORMATS, WRITERS

if TYPE_CHECKING:
    from viplan_ocr.document import Document
    from viplan_ocr.extract import ExtractConfig

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
    group.add_argument("--no-preprocess", action="store_true", help="OCR images as they are, without clean-up")
    group.add_argument(
        "--engine", choices=sorted(ENGINES), default=DEFAULT_ENGINE, help=f"OCR engine (default: {DEFAULT_ENGINE})"
    )


def add_corrections_option(parser: argparse.ArgumentParser) -> None:
    """``--corrections``: a reviewer's decisions, exported from ``--formats review`` pages, applied after cleaning."""
    parser.add_argument(
        "--corrections",
        action="append",
        metavar="FILE",
        help="apply the decisions of a corrections file exported from a review page (or of a folder's "
        "*.corrections.json); may be given more than once",
    )


def extract_config(args: argparse.Namespace) -> ExtractConfig:
    """The ExtractConfig the options of :func:`add_extract_options` ask for; UsageError for a bad value."""
    from viplan_ocr.extract import ExtractConfig
    from viplan_ocr.extract.preprocess import DEFAULT_PREPROCESS

    preprocess = None if args.no_preprocess else DEFAULT_PREPROCESS
    return ExtractConfig(lang=args.lang, dpi=args.dpi, preprocess=preprocess, engine=args.engine)


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


def _read_input(args: argparse.Namespace) -> Document:
    """FILE extracted, or standard input for ``-`` as one page of plain text."""

    config = extract_config(args)  # checked even for stdin: a bad option is an error either way
    if args.file == "-":  # bytes, decoded and checked as a text file is (binary is refused)
        from viplan_ocr.extract.textfile import read_stdin

        return read_stdin(sys.stdin.buffer, config.limits)
    from viplan_ocr import extract

    return extract(_one_file(args.file), config)


def _visible_json(text: str) -> str:
    """Output naming a file whose name has bytes that are not UTF-8, with them spelled ``\\xNN``.

    Python reads such names with ``surrogateescape``; written as they are, they made ``parse``
    print invalid UTF-8, or fail on a strict stdout.
    """
    from viplan_ocr.batch.names import visible_json

    return visible_json(text)


def _write(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def cmd_extract(args: argparse.Namespace) -> int:
    """Print the raw text of each page with where it came from."""
    from viplan_ocr import extract

    document = extract(_one_file(args.file), extract_config(args))
    if args.json:
        _write(_visible_json(json.dumps(document.to_dict(), ensure_ascii=False, indent=2)))
        return ExitCode.OK
    for page in document.pages:
        conf = f", OCR confidence {page.confidence:.0f}" if page.confidence is not None else ""
        enc = f", encoding {page.encoding}" if page.encoding else ""
        _write(f"=== page {page.number} ({page.source}{conf}{enc})")
        _write(page.text)
    return ExitCode.OK


def cmd_clean(args: argparse.Namespace) -> int:
    """Print the clean, accented text of FILE (or stdin): the ``txt`` writer's output."""
    from viplan_ocr.normalize import CleanConfig
    from viplan_ocr.normalize.corrections import correction_warnings, load_corrections
    from viplan_ocr.pipeline import convert_document

    corrections = load_corrections(args.corrections or ())  # a bad file fails before any OCR
    document = _read_input(args)
    decisions = corrections.assign([document.path])[0].get(document.path, ())
    if corrections and not decisions:
        sys.stderr.write(f"viplan-ocr: warning: {args.file}: the corrections hold no decisions for this file\n")
    config = CleanConfig.from_options(tone_style=args.tone_style)
    converted = convert_document(document, config=config, decisions=decisions)
    for warning in correction_warnings(converted.cleaned):
        sys.stderr.write(f"viplan-ocr: warning: {args.file}: {warning}\n")
    sys.stdout.write(WRITERS["txt"].render(converted))
    if args.explain:
        sys.stderr.write(WRITERS["explain"].render(converted))
    return ExitCode.OK


def cmd_parse(args: argparse.Namespace) -> int:
    """Print the plan's structure (the ``json`` writer's output); exit 6, JSON still printed, when none is found."""
    from viplan_ocr.normalize import STEPS, CleanConfig
    from viplan_ocr.pipeline import convert_document

    # --raw: every cleaning step off, so the plan is read from the text as extracted.
    config = CleanConfig(**{name: False for name, _ in STEPS}) if args.raw else None
    converted = convert_document(_read_input(args), config=config)
    sys.stdout.write(_visible_json(WRITERS["json"].render(converted)))
    plan = converted.plan
    if not plan.has_structure:
        sys.stderr.write(
            f"viplan-ocr: warning: {args.file}: no plan structure found (no document kind, section or target)\n"
        )
        return ExitCode.NO_PLAN
    return ExitCode.OK


def cmd_targets(args: argparse.Namespace) -> int:
    """Print the targets of one or more plans, one row per metric: ``targets.csv`` without its BOM, or JSON."""
    from viplan_ocr import convert
    from viplan_ocr.writers.csv import target_rows

    config = extract_config(args)
    plans = [(name, convert(_one_file(name), extraction=config).plan.to_dict()) for name in args.files]
    if args.csv:
        from viplan_ocr.batch.names import visible

        sys.stdout.write(visible(WRITERS["csv"].render(plans)))
    else:
        rows = [row for name, plan in plans for row in target_rows(plan, name)]
        _write(_visible_json(json.dumps(rows, ensure_ascii=False, indent=2)))
    return ExitCode.OK


def cmd_batch(args: argparse.Namespace) -> int:
    """Convert a folder of plans; exit 7 when some inputs failed."""
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


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with an example in every subcommand's help."""
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

    def add(name: str, func: Callable[[argparse.Namespace], int], help_: str, example: str) -> argparse.ArgumentParser:
        p = sub.add_parser(
            name,
            help=help_,
            description=help_,
            epilog=f"example:\n  {example}\n\n{EXIT_CODES_HELP}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        p.set_defaults(func=func)
        return p

    p = add(
        "extract",
        cmd_extract,
        "Print the raw text of each page (PDF text layer, OCR or plain text) and where it came from.",
        "viplan-ocr extract samples/scanned-plan-binh-cang.pdf",
    )
    p.add_argument("file", help="a PDF, image (PNG, JPEG, TIFF) or text file")
    add_extract_options(p)
    p.add_argument("--json", action="store_true", help="print the pages as JSON instead of text")

    p = add(
        "clean",
        cmd_clean,
        "Print clean, fully accented text: OCR confusions fixed, diacritics restored, broken lines re-joined.",
        "viplan-ocr clean samples/ocr-damaged-plan-long-bien.txt",
    )
    p.add_argument("file", help="a PDF, image or text file, or - for standard input")
    p.add_argument(
        "--explain", action="store_true", help="also list every change on stderr, low-confidence ones flagged REVIEW"
    )
    p.add_argument(
        "--tone-style",
        choices=["new", "old"],
        default="new",
        help="tone mark on oa/oe/uy: new 'hòa' (default) or old 'hoà'",
    )
    add_corrections_option(p)
    add_extract_options(p)

    p = add(
        "parse",
        cmd_parse,
        "Print the plan's structure as JSON (schema viplan-ocr/plan/1): "
        "header, sections, targets, signature, recipients.",
        "viplan-ocr parse samples/plan-binh-cang-2021-2030.txt > plan.json",
    )
    p.add_argument("file", help="a PDF, image or text file, or - for standard input")
    p.add_argument("--raw", action="store_true", help="parse the text as it is, without cleaning it first")
    add_extract_options(p)

    p = add(
        "targets",
        cmd_targets,
        "Print every target's metrics from one or more plans, one row per metric.",
        "viplan-ocr targets samples/*.txt --csv > targets.csv",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="PDF, image or text files")
    p.add_argument("--csv", action="store_true", help="CSV with a header row instead of JSON")
    add_extract_options(p)

    p = add(
        "batch",
        cmd_batch,
        "Convert every plan under IN into OUT: a clean .txt and a .json per input, one targets.csv, a manifest.jsonl.",
        "viplan-ocr batch samples out",
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
    p.add_argument("--quiet", action="store_true", help="no progress bar (shown only on a terminal anyway)")
    p.add_argument("--executor", choices=["local", "dask"], default="local", help="local processes (default) or Dask")
    p.add_argument("--scheduler", metavar="ADDRESS", help="Dask scheduler, e.g. tcp://10.0.0.5:8786 (default: local)")
    add_corrections_option(p)
    add_extract_options(p)
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
    except BrokenPipeError:
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
    parser = build_parser()
    args = parser.parse_args(argv)
    with _terminate_as_interrupt():
        return run_guarded(args.func, args)


__all__ = ["UsageError", "add_extract_options", "build_parser", "extract_config", "main", "run_guarded"]
