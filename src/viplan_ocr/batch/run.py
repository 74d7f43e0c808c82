"""Running a batch: every input under a folder or archive to clean text, JSON and one targets.csv.

The main process only reads inputs, hands out work and writes files; workers do the OCR, the
cleaning and the parsing. A document goes through three stages, each one unit of work:

1. plan: decide what each page needs; pages with a text layer come back already read;
2. OCR: one unit per page that needs it, spread over all workers together with the pages of
   every other document in flight;
3. finish: once all its pages are back, clean and parse the document.

Then the main process writes the document's outputs atomically and appends its manifest record.
At most a few documents per worker are in flight at once, so memory and the work folder stay
small whatever the size of the archive.
"""

from __future__ import annotations

import concurrent.futures as cf
import errno
import logging
import os
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tqdm import tqdm

from viplan_ocr.batch.executors import Executor, ExecutorKind, open_executor
from viplan_ocr.batch.inputs import InputFile, count_pages, find_inputs, materialize
from viplan_ocr.batch.manifest import FileResult, ManifestWriter, drop_torn_tail, load_manifest
from viplan_ocr.batch.names import visible
from viplan_ocr.batch.outdir import OutputLock, WorkFolder, check_apart, check_ours
from viplan_ocr.batch.outputs import output_stems, remove_temporaries, write_outputs, write_run_outputs
from viplan_ocr.batch.report import BatchReport
from viplan_ocr.batch.work import (
    Extracted,
    Failure,
    Finished,
    extract_page,
    finish_document,
    in_temp_folder,
    plan_document,
)
from viplan_ocr.document import Page
from viplan_ocr.errors import (
    ExitCode,
    MissingDependencyError,
    OutOfMemoryError,
    OutputAccessError,
    UsageError,
    ViplanError,
)
from viplan_ocr.extract import ExtractConfig, PageJob
from viplan_ocr.normalize import CleanConfig
from viplan_ocr.normalize.corrections import Corrections, Decision
from viplan_ocr.writers import DEFAULT_FORMATS, check_formats

MANIFEST = "manifest.jsonl"
#: Errors writing one output that will fail for every output after it: the run stops (exit 8)
#: instead of giving every remaining input a failed record it could not write either.
FATAL_WRITE_ERRORS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EIO})
#: Documents in flight per worker: enough to keep every worker busy while one finishes.
DOCUMENTS_PER_WORKER = 2
#: One line per input as it is done, when no progress bar is drawn (stderr is a log file, a CI
#: job, a pipe): a batch used to be silent there until its final table. Logged at INFO;
#: ``viplan-ocr`` shows these lines unless ``-q`` (``cli.PROGRESS_LOGGER`` names this logger).
PROGRESS = logging.getLogger("viplan_ocr.batch.progress")
#: Warnings: decisions of ``--corrections`` that no document takes, or that no longer fit one.
WARNINGS = logging.getLogger("viplan_ocr.batch")


@dataclass(frozen=True, slots=True)
class BatchOptions:
    """How a batch runs. The defaults are the command's: every core, all formats, no resume."""

    #: Worker processes (or Dask workers of a LocalCluster); 0: one per core.
    jobs: int = 0
    resume: bool = False
    #: Names from :data:`viplan_ocr.writers.WRITERS`.
    formats: tuple[str, ...] = DEFAULT_FORMATS
    #: Also write each input's ``.explain.txt`` (adds ``explain`` to ``formats``).
    explain: bool = False
    #: None: a progress bar when stderr is a terminal, else a line per input (:data:`PROGRESS`);
    #: True: neither; False: the bar, wherever stderr goes.
    quiet: bool | None = None
    executor: ExecutorKind = ExecutorKind.LOCAL
    scheduler: str | None = None
    #: OCR language, dpi, preprocessing and engine, as for ``extract``.
    extract: ExtractConfig = field(default_factory=ExtractConfig)
    clean: CleanConfig | None = None
    #: A reviewer's decisions (``--corrections``), applied to the documents they name.
    corrections: Corrections = field(default_factory=Corrections)

    def __post_init__(self) -> None:
        if self.jobs == 0:
            object.__setattr__(self, "jobs", os.cpu_count() or 1)
        if self.jobs < 1:
            raise UsageError(f"--jobs must be 1 or more (0 for one per core), not {self.jobs}")
        formats = check_formats(self.formats)
        if self.explain and "explain" not in formats:
            formats += ("explain",)
        object.__setattr__(self, "formats", formats)
        object.__setattr__(self, "executor", ExecutorKind(self.executor))
        if not isinstance(self.extract, ExtractConfig):
            raise UsageError(f"extract must be an ExtractConfig, not {self.extract!r}")
        if self.scheduler is not None and self.executor is not ExecutorKind.DASK:
            raise UsageError("--scheduler needs --executor dask")
        if not isinstance(self.corrections, Corrections):
            raise UsageError(f"corrections must be Corrections (load_corrections), not {self.corrections!r}")


def run_batch(in_path: str | Path, out_dir: str | Path, options: BatchOptions | None = None) -> BatchReport:
    """Convert every input under ``in_path`` (a folder, a ``.zip`` or a file) into ``out_dir``.

    Writes, mirroring the input tree, ``<name>.txt`` and ``<name>.json`` per input (and
    ``<name>.explain.txt`` with ``explain``), then ``targets.csv`` for all inputs;
    ``manifest.jsonl`` gets one record per input as soon as it is done. One bad input never stops
    the run: it gets a failed record with the reason. Before anything is written, the output
    folder is checked (:mod:`viplan_ocr.batch.outdir`): apart from the inputs, new or ours, and
    not in use by another run.
    """
    options = options or BatchOptions()
    started = time.perf_counter()
    in_path, out_dir = Path(in_path), Path(out_dir)
    check_apart(in_path, out_dir)
    inputs = find_inputs(in_path, exclude=out_dir, limits=options.extract.limits)
    check_ours(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputAccessError(f"cannot create the output folder ({exc.strerror})", path=out_dir) from exc
    with OutputLock(out_dir):
        work = WorkFolder(out_dir).open()
        try:
            results, skipped = _convert(inputs, in_path, out_dir, work, options)
        finally:
            work.clear()
        ordered = [results[item.name] for item in inputs]
        json_outputs = [(r.input, _json_output(r)) for r in ordered if r.ok]
        write_run_outputs(out_dir, [(name, path) for name, path in json_outputs if path], options.formats)
    return BatchReport(ordered, out_dir, frozenset(skipped), round(time.perf_counter() - started, 2))


def _open_manifest(out_dir: Path, resume: bool) -> tuple[Path, list[FileResult]]:
    """The manifest, started afresh or (``--resume``) cut back to whole lines; and its records."""
    manifest = out_dir / MANIFEST
    try:
        remove_temporaries(out_dir)
        if resume:
            drop_torn_tail(manifest)
            return manifest, load_manifest(manifest)
        manifest.unlink(missing_ok=True)
    except OSError as exc:
        raise OutputAccessError(f"cannot write ({exc.strerror})", path=manifest) from exc
    return manifest, []


def _convert(
    inputs: list[InputFile], in_path: Path, out_dir: Path, work: WorkFolder, options: BatchOptions
) -> tuple[dict[str, FileResult], set[str]]:
    """Record or convert every input; return the records by name and the names ``--resume`` skipped."""
    manifest, earlier = _open_manifest(out_dir, options.resume)
    done = _already_converted(earlier, out_dir)
    # A skipped input stays skipped: --resume does not record it again for the same reason.
    noted = {(r.input, r.reason) for r in earlier if r.skipped}
    stems = output_stems(item.name for item in inputs)
    base = in_path if in_path.is_dir() else in_path.parent
    displays = {item.name: visible(str(base / item.name)) for item in inputs}
    decisions, unused = options.corrections.assign(displays.values())
    for name in unused:
        WARNINGS.warning("%s: no input matches this document of the corrections: its decisions are not applied", name)
    results: dict[str, FileResult] = {}
    skipped: set[str] = set()
    todo: list[_Document] = []
    on_terminal = sys.stderr.isatty()
    ticker = _Ticker(len(inputs), on=options.quiet is None and not on_terminal)
    with ManifestWriter(manifest) as writer:
        for item in inputs:
            display = displays[item.name]
            document = _Document(item, display=display, stem=stems[item.name], decisions=decisions.get(display, ()))
            record = document.prepare()
            if record is not None:
                results[item.name] = record
                ticker.tick(record)
                if (record.input, record.reason) not in noted:
                    writer.append(record)
            elif (item.name, document.sha256) in done and not document.decisions:  # decisions: convert again
                results[item.name] = done[(item.name, document.sha256)]
                ticker.tick(results[item.name], resumed=True)
                skipped.add(item.name)
            else:
                todo.append(document)
        quiet = options.quiet if options.quiet is not None else not on_terminal
        with _progress(sum(d.expected_pages for d in todo), quiet) as bar:
            driver = _Driver(out_dir, options, writer, bar, work, ticker)
            results.update(driver.run(todo))
    return results, skipped


@dataclass(slots=True)
class _Ticker:
    """Counts the inputs as they are done and, when ``on``, logs a line for each (:data:`PROGRESS`)."""

    total: int
    on: bool
    done: int = 0

    def tick(self, result: FileResult, *, resumed: bool = False) -> None:
        """Count ``result``'s input as done; log ``[3/40] ok khgd/2021.pdf: 4 pages, ...``."""
        self.done += 1
        if not self.on:
            return
        name = visible(result.input)
        if resumed:
            line = f"already converted: {name}"
        elif result.ok:
            wall = result.timings.get("wall", 0.0)
            line = (
                f"ok {name}: {result.pages} page(s), {result.targets} target(s), "
                f"{result.corrections} fix(es), {wall:.1f} s"
            )
        elif result.skipped:
            line = f"skipped {name}: {result.reason}"
        else:
            line = f"failed: {result.error}"  # the message names the input
        PROGRESS.info("[%d/%d] %s", self.done, self.total, line)


def _already_converted(records: Iterable[FileResult], out_dir: Path) -> dict[tuple[str, str], FileResult]:
    """The ok records whose outputs are all still there, by input name and content hash."""
    return {(r.input, r.sha256): r for r in records if r.ok and all((out_dir / name).is_file() for name in r.outputs)}


def _json_output(result: FileResult) -> str:
    """The input's ``.json`` output, or "" when it has none."""
    return next((name for name in result.outputs if name.endswith(".json")), "")


def _progress(total: int, quiet: bool) -> tqdm:
    """The progress bar, counted in pages: pages/minute, and the time left, on stderr."""
    return tqdm(
        total=total,
        disable=quiet,
        file=sys.stderr,
        unit="page",
        desc="converting",
        bar_format="{desc}: {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} pages [{elapsed}<{remaining}{postfix}]",
    )


@dataclass(slots=True)
class _Document:
    """One input on its way through the batch."""

    item: InputFile
    display: str  # the path the JSON's source names
    stem: str
    decisions: tuple[Decision, ...] = ()  # a reviewer's, from --corrections
    sha256: str = ""
    expected_pages: int = 1
    path: Path | None = None  # the file the workers read
    pages: list[Page | None] = field(default_factory=list)  # by page, None until extracted
    counted: int = 0  # pages already shown on the progress bar
    ocr_seconds: float = 0.0
    started: float = 0.0
    closed: bool = False

    def prepare(self) -> FileResult | None:
        """Hash the input and count its pages; a skipped or failed record when it is not to be read."""
        if self.item.skip is not None:
            self.closed = True
            return FileResult(self.item.name, "skipped", "", reason=self.item.skip)
        if self.item.problem is not None:
            return self.failed(f"{self.display}: {self.item.problem}")
        try:
            self.sha256 = self.item.sha256()
        except ViplanError as exc:
            return self.failed(self.message(exc))
        self.expected_pages = count_pages(self.item)
        return None

    def message(self, exc: ViplanError) -> str:
        """An error's message, naming this input as the user knows it."""
        exc.path = self.display
        return exc.message

    def discard_copy(self) -> None:
        """Delete the work copy of an archive member (an input on disk is never touched)."""
        if self.path is not None and self.path != self.item.path:
            self.path.unlink(missing_ok=True)
        self.path = None

    def failed(self, reason: str) -> FileResult:
        """The record of this input's failure."""
        self.closed = True
        wall = round(time.perf_counter() - self.started, 2) if self.started else 0.0
        return FileResult(self.item.name, "failed", self.sha256, timings={"wall": wall}, error=reason)


class _Driver:
    """Hands out the units of work and reacts to each one coming back."""

    def __init__(
        self,
        out_dir: Path,
        options: BatchOptions,
        writer: ManifestWriter,
        bar: tqdm,
        work: WorkFolder,
        ticker: _Ticker,
    ) -> None:
        self.out_dir = out_dir
        self.ticker = ticker
        self.work = work
        self.options = options
        self.writer = writer
        self.bar = bar
        self.pending: dict[Any, tuple[_Document, Callable[[_Document, int, Any], None], int]] = {}
        self.results: dict[str, FileResult] = {}
        self.pages_done = 0
        self.active = 0  # documents started and not yet closed
        self.queue: deque[_Document] = deque()
        #: Documents in flight when a worker died; they run again one at a time.
        self.suspects: set[str] = set()
        self.started = time.perf_counter()
        self.executor: Executor | None = None

    def run(self, documents: list[_Document]) -> dict[str, FileResult]:
        """Convert ``documents``; return their records by input name."""
        if not documents:
            return {}
        self.queue.extend(documents)
        self.executor = open_executor(self.options.executor, self.options.jobs, self.options.scheduler)
        window = DOCUMENTS_PER_WORKER * self.executor.slots + 1
        try:
            while self.queue or self.pending:
                while self.queue and self.active < (1 if self.suspects else window):
                    self._start(self.queue.popleft())
                for future in self.executor.wait(list(self.pending)):
                    if future not in self.pending:  # dropped when the pool was replaced
                        continue
                    document, then, index = self.pending.pop(future)
                    if document.closed:
                        continue
                    try:
                        value = future.result()
                    except cf.BrokenExecutor:
                        self._recover(document)
                        continue
                    except MemoryError:  # a worker's own, caught before the kernel killed it
                        reason = OutOfMemoryError("out of memory converting it", path=document.display).message
                        self._close(document, document.failed(reason))
                        continue
                    except Exception as exc:  # a bug, not a bad input: record it and go on
                        self._close(
                            document, document.failed(f"{document.display}: internal error ({exc!r}); please report it")
                        )
                        continue
                    if isinstance(value, Failure):
                        self._close(document, document.failed(value.reason))
                        if value.exit_code == ExitCode.MISSING_DEPENDENCY:
                            # Tesseract, its language data or LibreOffice is not installed: every
                            # later input that needs it would fail the same way. Stop (exit 4);
                            # once it is installed, --resume converts what is left.
                            raise MissingDependencyError(
                                value.reason, hint="once it is installed, run the batch again with --resume"
                            )
                    else:
                        then(document, index, value)
        finally:
            self.executor.close()
        return self.results

    def _submit(
        self, document: _Document, then: Callable[[_Document, int, Any], None], fn: Callable, *args: Any, index: int = 0
    ) -> None:
        assert self.executor is not None
        temp = str(self.work.temp)
        self.pending[self.executor.submit(in_temp_folder, temp, fn, *args)] = (document, then, index)

    def _start(self, document: _Document) -> None:
        self.active += 1
        document.started = time.perf_counter()
        try:
            document.path = materialize(document.item, self.work.path)
        except ViplanError as exc:
            self._close(document, document.failed(document.message(exc)))
            return
        args = (str(document.path), self.options.extract, document.display)
        self._submit(document, self._planned, plan_document, *args)

    def _planned(self, document: _Document, _: int, jobs: list[PageJob]) -> None:
        # A page still to OCR has none yet (a text-layer page whose signature fields are to be read too).
        document.pages = [None if job.needs_ocr else job.page for job in jobs]
        for index, job in enumerate(jobs):
            if job.needs_ocr:
                self._submit(
                    document, self._extracted, extract_page, job, self.options.extract, document.display, index=index
                )
        self._count(document, sum(page is not None for page in document.pages))
        self._finish_when_complete(document)

    def _extracted(self, document: _Document, index: int, extracted: Extracted) -> None:
        document.pages[index] = extracted.page
        document.ocr_seconds += extracted.seconds
        self._count(document, 1)
        self._finish_when_complete(document)

    def _finish_when_complete(self, document: _Document) -> None:
        if all(page is not None for page in document.pages):
            source = str(document.path) if document.path is not None else None
            args = (document.display, document.pages, self.options.formats, self.options.clean)
            self._submit(document, self._finished, finish_document, *args, document.decisions, source)

    def _finished(self, document: _Document, _: int, finished: Finished) -> None:
        for warning in finished.warnings:
            WARNINGS.warning("%s: %s", document.display, visible(warning))
        try:
            outputs = write_outputs(self.out_dir, document.stem, finished.files)
        except OutputAccessError as exc:
            if getattr(exc.__cause__, "errno", None) in FATAL_WRITE_ERRORS:
                raise  # a full disk fails every input after this one too: stop, exit 8
            self._close(document, document.failed(exc.message))
            return
        timings = {
            "ocr": round(document.ocr_seconds, 2),
            "clean_parse": round(finished.seconds, 2),
            "wall": round(time.perf_counter() - document.started, 2),
        }
        result = FileResult(
            input=document.item.name,
            status="ok",
            sha256=document.sha256,
            pages=finished.pages,
            text_sources=finished.text_sources,
            ocr_confidence=finished.ocr_confidence,
            corrections=finished.corrections,
            targets=finished.targets,
            timings=timings,
            outputs=outputs,
            notes=finished.notes,
        )
        self._close(document, result)

    def _recover(self, document: _Document) -> None:
        """Carry on after a worker died and took the pool with it.

        The kernel kills a worker that runs out of memory (a huge page), and Tesseract can
        crash; the pool cannot say whose page it was. So every document in flight is run again,
        one at a time: one that kills its worker while alone is the cause and gets a failed
        record, the others are converted.
        """
        assert self.executor is not None
        in_flight = {id(d): d for d in (document, *(d for d, _, _ in self.pending.values())) if not d.closed}
        self.pending.clear()
        self.executor.restart()
        for suspect in reversed(in_flight.values()):
            if suspect.item.name in self.suspects:
                reason = (
                    f"{suspect.display}: a worker process died converting it (out of memory, or a crash in Tesseract)"
                )
                self._close(suspect, suspect.failed(reason))
                continue
            self.active -= 1
            self.bar.update(-suspect.counted)
            self.pages_done -= suspect.counted
            suspect.counted, suspect.pages, suspect.ocr_seconds = 0, [], 0.0
            suspect.discard_copy()
            self.suspects.add(suspect.item.name)
            self.queue.appendleft(suspect)

    def _close(self, document: _Document, result: FileResult) -> None:
        """Record a document's result; its outputs are already in place."""
        document.closed = True
        self.active -= 1
        self.suspects.discard(document.item.name)
        self.writer.append(result)
        self.results[document.item.name] = result
        self.ticker.tick(result)
        self.bar.update(max(document.expected_pages - document.counted, 0))  # pages it will never have
        document.discard_copy()

    def _count(self, document: _Document, pages: int) -> None:
        """Move the progress bar on by ``pages`` extracted pages (growing it if the count was short)."""
        if pages <= 0:
            return
        if document.counted + pages > document.expected_pages:
            self.bar.total += document.counted + pages - document.expected_pages
            document.expected_pages = document.counted + pages
        document.counted += pages
        self.pages_done += pages
        elapsed = time.perf_counter() - self.started
        self.bar.set_postfix_str(f"{60 * self.pages_done / elapsed:.1f} pages/min", refresh=False)
        self.bar.update(pages)
