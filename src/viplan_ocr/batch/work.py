"""The units of work a batch sends to its workers: plan a document, OCR a page, finish a document.

OCR is the slow part (about 2 s per page on one core), and a batch's documents range from one
page to hundreds, so the work is cut into pages, not files: pages of every document are shared
out over the workers, and a long document no longer holds one core while the others wait. The
cutting is the extractor's page-level API (:mod:`viplan_ocr.extract.pages`): ``plan_pages``,
``run_page_job``, ``assemble``.

Every function here runs in a worker process (or on a Dask worker), takes and returns plain
picklable values, and never raises for a bad input: a user's damaged file comes back as a
:class:`Failure` carrying the one-line message, because exception objects do not always survive
the trip between processes intact.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from viplan_ocr.document import Page
from viplan_ocr.errors import ExitCode, ViplanError
from viplan_ocr.extract import ExtractConfig, PageJob, assemble, plan_pages, run_page_job
from viplan_ocr.normalize import CleanConfig
from viplan_ocr.normalize.corrections import Decision, correction_warnings
from viplan_ocr.pipeline import convert_document
from viplan_ocr.writers import Unwritten, render_document

T = TypeVar("T")


def in_temp_folder(folder: str, fn: Callable[..., T], *args: Any) -> T:
    """``fn(*args)`` with every temporary file it makes (``tempfile``) under ``folder``.

    The batch passes ``OUT/.work/tmp``: a worker killed mid-page (``kill -9``, the OOM killer)
    used to leave its 4 MB page image in ``/tmp/viplan-ocr-*`` for good; under the work folder,
    the run's end or the next run removes it. A folder this worker cannot see (a Dask worker on
    another machine without the shared file system) leaves the system's temporary folder in use.
    """
    if not os.path.isdir(folder):
        return fn(*args)
    previous = tempfile.tempdir
    tempfile.tempdir = folder
    try:
        return fn(*args)
    finally:
        tempfile.tempdir = previous


@dataclass(frozen=True, slots=True)
class Failure:
    """A bad input, as a message naming the file, the reason and what to do, and the error's exit
    code: the driver stops the run on a missing program (exit 4), which every later input would
    meet too, instead of giving each one a failed record."""

    reason: str
    exit_code: ExitCode = ExitCode.INPUT_FILE


@dataclass(frozen=True, slots=True)
class Extracted:
    """One page back from OCR, and the seconds it took."""

    page: Page
    seconds: float


@dataclass(frozen=True, slots=True)
class Finished:
    """A converted document, rendered in every chosen format, ready to be written by the main process."""

    #: Each per-input format's rendering, by format name (rendered here, so workers share the work).
    files: dict[str, str | bytes]
    #: The formats that could not show this input, each with why (``pdf: ...``), for the manifest.
    notes: list[str]
    pages: int
    text_sources: list[str]
    ocr_confidence: float | None
    corrections: int
    targets: int
    seconds: float
    #: Decisions of ``--corrections`` that no longer fit the document, each saying why.
    warnings: tuple[str, ...] = ()


def plan_document(path: str, config: ExtractConfig, name: str) -> list[PageJob] | Failure:
    """Route every page of a document; pages that need no OCR come back already resolved.

    ``name`` is the input as the user knows it, for error messages.
    """
    try:
        return plan_pages(path, dpi=config.dpi, limits=config.limits, pages=config.pages, force_ocr=config.force_ocr)
    except ViplanError as exc:
        return _failure(exc, name)


def extract_page(job: PageJob, config: ExtractConfig, name: str) -> Extracted | Failure:
    """OCR one page."""
    started = time.perf_counter()
    try:
        page = run_page_job(job, config)
    except ViplanError as exc:
        return _failure(exc, name)
    return Extracted(page=page, seconds=time.perf_counter() - started)


def finish_document(
    path: str,
    pages: list[Page],
    formats: tuple[str, ...],
    config: CleanConfig | None,
    decisions: tuple[Decision, ...] = (),
    source: str | None = None,
) -> Finished | Failure:
    """Clean and parse a document whose pages are all extracted, and render it in ``formats``.

    ``path`` is the name the JSON's ``source.path`` shows: the input as the user named it, or
    ``archive.zip/member`` for a member, never the work copy the pages were read from
    (``source``, which writers of the file's own pages read: ``pdf``, ``review``). ``decisions`` are a reviewer's for
    this document (``--corrections``).
    """
    started = time.perf_counter()
    try:
        document = assemble(path, pages)
        converted = convert_document(document, config=config, decisions=decisions, source=source)
    except ViplanError as exc:
        return _failure(exc, path)
    confidences = [p.confidence for p in document.pages if p.confidence is not None]
    rendered = render_document(converted, formats)
    return Finished(
        files={name: data for name, data in rendered.items() if not isinstance(data, Unwritten)},
        notes=[f"{name}: {data.reason}" for name, data in rendered.items() if isinstance(data, Unwritten)],
        pages=len(document.pages),
        text_sources=document.text_sources,
        ocr_confidence=round(sum(confidences) / len(confidences), 1) if confidences else None,
        corrections=sum(1 for c in converted.cleaned.changes if c.applied),
        targets=len(converted.plan.targets),
        seconds=time.perf_counter() - started,
        warnings=tuple(correction_warnings(converted.cleaned)),
    )


def _failure(exc: ViplanError, name: str) -> Failure:
    """The error's message, naming the input as the user knows it.

    An archive member is read from a work copy with a temporary name; the user knows it as
    ``archive.zip/inner/plan.pdf``.
    """
    if exc.path is not None:
        exc.path = name
    return Failure(exc.message, exc.exit_code)
