"""Extraction: a file in, a :class:`~viplan_ocr.document.Document` out, page by page.

Each PDF page is routed on its own (:mod:`.pdf`): its text layer when that is real text, a
legacy-font decoding (:mod:`.legacy`) for ``KÕ ho¹ch``-style text, or OCR (:mod:`.ocr`, after
:mod:`.preprocess`) for scans, garbage layers, junk OCR layers and e-signed scans. Images are
OCR'd frame by frame (:mod:`.image`), text files decoded from whatever encoding they are in
(:mod:`.textfile`). Every page records its source, why it was chosen (``Page.routing``), the
legacy encoding found, and for OCR the mean word confidence. :mod:`.quality` holds the measures
routing uses; :mod:`.synthetic` prints and "scans" known text for the samples, tests and benchmark.

:func:`extract` is :func:`plan_pages`, :func:`run_page_job` on each page (in parallel processes
when ``jobs`` > 1) and :func:`assemble`; a batch runner can call the three itself (:mod:`.pages`).
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path

from viplan_ocr.document import Document
from viplan_ocr.extract.ocr import limit_ocr_threads
from viplan_ocr.extract.pages import (
    IMAGE_SUFFIXES,
    TEXT_SUFFIXES,
    JobKind,
    PageJob,
    assemble,
    plan_pages,
    run_page_job,
)
from viplan_ocr.extract.preprocess import DEFAULT_PREPROCESS, Preprocess


def extract(
    path: str | Path,
    *,
    lang: str = "vie",
    dpi: int = 300,
    jobs: int = 1,
    preprocess: Preprocess | None = DEFAULT_PREPROCESS,
) -> Document:
    """Read a PDF, image or text file into a document with one entry per page.

    ``jobs`` > 1 OCRs pages in that many processes (``jobs=1`` stays in this process, which is
    easier to debug). ``preprocess=None`` skips image clean-up before OCR.

    >>> from viplan_ocr.extract.synthetic import text_pdf
    >>> import tempfile, pathlib
    >>> pdf = text_pdf("Kế hoạch thực hiện năm học 2021 - 2022", pathlib.Path(tempfile.mkdtemp()) / "kh.pdf")
    >>> doc = extract(pdf)
    >>> doc.text_sources, doc.pages[0].text
    (['text-layer'], 'Kế hoạch thực hiện năm học 2021 - 2022')
    """
    planned = plan_pages(path, dpi=dpi)
    run = partial(run_page_job, lang=lang, preprocess=preprocess)
    ocr_jobs = [job for job in planned if job.needs_ocr]
    if jobs > 1 and len(ocr_jobs) > 1:
        with ProcessPoolExecutor(max_workers=min(jobs, len(ocr_jobs)), initializer=limit_ocr_threads) as pool:
            done = dict(zip((job.number for job in ocr_jobs), pool.map(run, ocr_jobs), strict=True))
        pages = [done[job.number] if job.needs_ocr else run(job) for job in planned]
    else:
        pages = [run(job) for job in planned]
    return assemble(path, pages)


__all__ = ["IMAGE_SUFFIXES", "TEXT_SUFFIXES", "JobKind", "PageJob", "assemble", "extract", "plan_pages", "run_page_job"]
