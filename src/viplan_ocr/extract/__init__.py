"""Extraction: a file in, a :class:`~viplan_ocr.document.Document` out, page by page.

Each PDF page is routed on its own (:mod:`.pdf`): its text layer when that is real text, a
legacy-font decoding (:mod:`.legacy`) for ``KÕ ho¹ch``-style text, or OCR (:mod:`.ocr`, after
:mod:`.preprocess`) for scans, garbage layers, junk OCR layers and e-signed scans. Images are
OCR'd frame by frame (:mod:`.image`), text files decoded from whatever encoding they are in
(:mod:`.textfile`). Every page records its source, why it was chosen (``Page.routing``), the
legacy encoding found, and for OCR the mean word confidence. :mod:`.quality` holds the measures
routing uses; :mod:`.synthetic` prints and "scans" known text for the samples, tests and benchmark.

Three seams, each a registry or a value: :mod:`.readers` (``READERS``: one :class:`Reader` per
file format, chosen by :func:`sniff` from the file's first bytes, then its suffix), :mod:`.engine`
(``ENGINES``: :class:`OcrEngine` implementations, Tesseract in :mod:`.tesseract`) and
:mod:`.config` (:class:`ExtractConfig`, the validated settings every caller shares).

:func:`extract` is :func:`plan_pages`, :func:`run_page_job` on each page (in parallel processes
when ``jobs`` > 1) and :func:`assemble`; a batch runner can call the three itself (:mod:`.pages`).
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from enum import Enum
from functools import partial
from pathlib import Path

from viplan_ocr.document import Document
from viplan_ocr.extract.config import ExtractConfig
from viplan_ocr.extract.engine import ENGINES, OcrEngine
from viplan_ocr.extract.pages import (
    IMAGE_SUFFIXES,
    TEXT_SUFFIXES,
    JobKind,
    PageJob,
    assemble,
    plan_pages,
    run_page_job,
)
from viplan_ocr.extract.preprocess import Preprocess
from viplan_ocr.extract.readers import READERS, Reader, sniff


class _Unset(Enum):
    """The default of a keyword left out: the config's value holds (None means "no preprocessing")."""

    UNSET = "unset"


_UNSET = _Unset.UNSET


def extract(
    path: str | Path,
    config: ExtractConfig | None = None,
    *,
    lang: str | _Unset = _UNSET,
    dpi: int | _Unset = _UNSET,
    jobs: int = 1,
    preprocess: Preprocess | _Unset | None = _UNSET,
    engine: str | _Unset = _UNSET,
) -> Document:
    """Read a PDF, image or text file into a document with one entry per page.

    ``config`` holds the settings (:class:`ExtractConfig`: by default Vietnamese, 300 dpi,
    preprocessing on, Tesseract); a keyword given beside it overrides that one field, so
    ``extract(path, lang="vie+eng")`` works alone too. A bad value raises
    :class:`~viplan_ocr.errors.UsageError`. ``jobs`` > 1 OCRs pages in that many processes
    (``jobs=1`` stays in this process, which is easier to debug). ``preprocess=None`` skips image
    clean-up before OCR.

    >>> from viplan_ocr.extract.synthetic import text_pdf
    >>> import tempfile, pathlib
    >>> pdf = text_pdf("Kế hoạch thực hiện năm học 2021 - 2022", pathlib.Path(tempfile.mkdtemp()) / "kh.pdf")
    >>> doc = extract(pdf)
    >>> doc.text_sources, doc.pages[0].text
    (['text-layer'], 'Kế hoạch thực hiện năm học 2021 - 2022')
    """
    given = {"lang": lang, "dpi": dpi, "preprocess": preprocess, "engine": engine}
    config = replace(config or ExtractConfig(), **{k: v for k, v in given.items() if v is not _UNSET})
    planned = plan_pages(path, dpi=config.dpi, limits=config.limits, pages=config.pages, force_ocr=config.force_ocr)
    run = partial(run_page_job, config=config)
    ocr_jobs = [job for job in planned if job.needs_ocr]
    if jobs > 1 and len(ocr_jobs) > 1:
        with ProcessPoolExecutor(max_workers=min(jobs, len(ocr_jobs))) as pool:
            done = dict(zip((job.number for job in ocr_jobs), pool.map(run, ocr_jobs), strict=True))
        pages = [done[job.number] if job.needs_ocr else run(job) for job in planned]
    else:
        pages = [run(job) for job in planned]
    return assemble(path, pages)


__all__ = [
    "ENGINES",
    "IMAGE_SUFFIXES",
    "READERS",
    "TEXT_SUFFIXES",
    "ExtractConfig",
    "JobKind",
    "OcrEngine",
    "PageJob",
    "Reader",
    "assemble",
    "extract",
    "plan_pages",
    "run_page_job",
    "sniff",
]
