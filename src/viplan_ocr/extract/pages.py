"""The page-level API: plan a file's pages cheaply, run the slow ones anywhere, assemble the result.

OCR costs about 2 s a page; reading a text layer costs milliseconds. So extraction is cut in
three, and a batch runner can spread the middle step over processes or machines:

1. :func:`plan_pages` opens the file in the calling process, decides each page's route, and
   returns small picklable :class:`PageJob` objects. Text-layer, legacy-encoded and plain-text
   pages are resolved right there (the job carries the finished :class:`Page`).
2. :func:`run_page_job` does a job's OCR, in whatever process it is sent to.
3. :func:`assemble` puts the pages back in order into a :class:`Document`.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from viplan_ocr.document import Document, Line, Page, PageSource, Table, middle_inside, union
from viplan_ocr.errors import (
    EmptyDocumentError,
    FileMissingError,
    LimitExceededError,
    NotAFileError,
    UsageError,
    ViplanError,
)
from viplan_ocr.extract.config import ExtractConfig, PageRanges, selects
from viplan_ocr.extract.image import SUFFIXES as IMAGE_SUFFIXES
from viplan_ocr.extract.jobs import JobKind, PageJob
from viplan_ocr.extract.readers import Reader, sniff
from viplan_ocr.extract.textfile import SUFFIXES as TEXT_SUFFIXES
from viplan_ocr.extract.widgets import attach, fill, read_widgets
from viplan_ocr.limits import DEFAULT_LIMITS, Limits

if TYPE_CHECKING:
    from PIL import Image

DEFAULT_CONFIG = ExtractConfig()


def plan_pages(
    path: str | Path,
    *,
    dpi: int = 300,
    limits: Limits = DEFAULT_LIMITS,
    pages: PageRanges | None = None,
    force_ocr: bool = False,
) -> list[PageJob]:
    """Open a file and decide every page's route; resolve the pages that need no OCR.

    The file's reader (:func:`~viplan_ocr.extract.readers.sniff`) does the planning. Raises the
    :class:`~viplan_ocr.errors.ExtractError` subclass for a missing, unsupported, corrupt,
    truncated, encrypted or empty file, and :class:`~viplan_ocr.errors.LimitExceededError` for
    one with more pages or frames than ``limits`` allow (counted from the file's own directory,
    before any page is read). Only the pages in ``pages`` are planned (a
    :class:`~viplan_ocr.errors.UsageError` when none of them is in the file); ``force_ocr`` sends
    text-layer pages to OCR too (:class:`~viplan_ocr.extract.config.ExtractConfig`).
    """
    path = Path(path)
    if path.is_dir():  # said as such: "no such file" sends a user looking for a typo
        raise NotAFileError("is a directory", path=path)
    if not path.is_file():
        raise FileMissingError("no such file", path=path)
    reader = sniff(path)
    check_page_count(reader, path, limits)
    if reader.takes_page_options:
        jobs = reader.plan(path, dpi, limits, pages=pages, force_ocr=force_ocr)
    else:
        jobs = reader.plan(path, dpi, limits)
    chosen = [replace(job, reader=reader.name) for job in jobs if selects(pages, job.number)]
    if not chosen:  # readers give at least one page or raise: only a page selection leaves none
        asked = ",".join(f"{first}-{last}" if last > first else str(first) for first, last in pages or ())
        raise UsageError(f"--pages {asked} selects none of its {_page_count(reader, path)} page(s)", path=path)
    return chosen


def _page_count(reader: Reader, path: Path) -> str:
    """The file's page count for a message, or "?" when it cannot be read cheaply."""
    try:
        return str(reader.count_pages(path))
    except Exception:  # the count is only for the message
        return "?"


def check_page_count(reader: Reader, path: Path, limits: Limits) -> None:
    """Refuse a file with more pages (or, for an image, frames) than the limit, before planning.

    A 144 KB GIF can hold 3,000 frames, each decoded and OCR'd: the count its header declares is
    read first. A file whose count cannot be read is left to the reader, which names the damage.
    """
    limit, unit = (limits.max_frames, "frames") if reader.name == "image" else (limits.max_pages, "pages")
    try:
        count = reader.count_pages(path)
    except Exception:  # damage of any kind: planning raises the reader's own error for it
        return
    if count > limit:
        raise LimitExceededError(f"the file has {count:,} {unit}, over the limit of {limit:,}", path=path)


def run_page_job(job: PageJob, config: ExtractConfig = DEFAULT_CONFIG) -> Page:
    """Finish one page: return it if resolved, else rasterise or load it and OCR it.

    Runs in a worker process; everything it needs is in ``job`` and ``config`` (whose ``lang``,
    ``preprocess`` and ``engine`` apply here; its ``dpi`` was used when planning).
    """
    try:
        if job.page is not None:
            if not job.widgets:
                return job.page
            return fill(job.page, job.widgets, read_widgets(job.path, job.number, job.widgets, config))
        page = _ocr_job(job, config)
    except ViplanError as exc:
        if exc.path is None:  # a missing Tesseract is found while working on some file: name it
            exc.path = job.path
        raise
    page = merge_kept_lines(page, job.keep) if job.keep else page
    page = merge_notes(page, job.notes) if job.notes else page
    if job.widgets:  # an e-signed scan: the signature stamps are drawn in fields, not in the image
        widgets = attach(page, job.widgets)
        page = fill(page, widgets, read_widgets(job.path, job.number, widgets, config))
    return page


def _ocr_job(job: PageJob, config: ExtractConfig) -> Page:
    from viplan_ocr.extract.ocr import ocr_image
    from viplan_ocr.extract.readers import READERS

    reader = READERS.get(job.reader)
    if reader is None or reader.render is None:
        raise ValueError(f"page job of {job.path} names no reader that renders pages: {job.reader!r}")
    image, dpi = reader.render(job)  # dpi is None when an image file does not say
    page = ocr_image(
        image,
        number=job.number,
        lang=config.lang,
        dpi=dpi,
        config=config.preprocess,
        engine=config.engine,
        handwriting=config.handwriting,
    )
    routing = "; ".join(part for part in (job.routing, page.routing) if part)
    return replace(page, routing=routing or None, warnings=(*job.warnings, *page.warnings), tables=_tables(image, page))


def _tables(image: Image.Image, page: Page) -> tuple[Table, ...]:
    """The ruled tables of an OCR'd page (:mod:`.tables`); none on a page OCR had to turn, whose
    rules run across its words."""
    from viplan_ocr.extract.tables import scan_tables

    if "(OSD)" in (page.routing or ""):
        return ()
    return scan_tables(image, page.lines, page.dpi)


def merge_kept_lines(page: Page, kept: tuple[Line, ...]) -> Page:
    """Put exact text-layer lines into an OCR'd page, replacing OCR lines in the same place.

    An e-signed scan's text layer holds the signature stamp; OCR reads the page around it (and
    sometimes the stamp itself, less exactly). Kept lines (boxes in points) are scaled to the
    page's pixels, their words' boxes too; an OCR line whose centre falls inside a kept line's
    box is dropped, and each kept line goes in reading order, as a block of its own.
    """
    scale = (page.dpi or 72) / 72
    areas = _areas(kept, scale)
    merged = [line for line in page.lines if not middle_inside(line.box, *areas)]
    next_block = max((line.block for line in page.lines), default=0) + 1
    for offset, line in enumerate(kept):
        box = _scaled(line.box, scale) if line.box else None
        words = tuple(replace(word, box=_scaled(word.box, scale)) if word.box else word for word in line.words)
        moved = replace(line, words=words, block=next_block + offset, box=box, source=PageSource.TEXT_LAYER)
        top = box[1] if box else float("inf")
        at = next((i for i, other in enumerate(merged) if other.box and other.box[1] > top), len(merged))
        merged.insert(at, moved)
    return replace(page, lines=tuple(merged))


def merge_notes(page: Page, notes: tuple[Line, ...]) -> Page:
    """Put the notes typed over a scan into its OCR'd page, in place of OCR's reading of them.

    The OCR words whose middles lie in a note's box are dropped (not whole lines: OCR reads a
    note beside a letter's subject as one line with it, and the subject stays), and each note's
    lines (boxes in points, scaled to the page's pixels; a block of their own, exact text-layer
    lines) go after the lines beside it, before the first line below it: a note in the margin
    of a subject is read after the subject, not through it.
    """
    scale = (page.dpi or 72) / 72
    areas = _areas(notes, scale)
    kept: list[Line] = []
    for line in page.lines:
        if not any(middle_inside(word.box, *areas) for word in line.words):
            kept.append(line)
        elif words := tuple(word for word in line.words if not middle_inside(word.box, *areas)):
            left = [word.box for word in words if word.box]
            box = union(left) if left else line.box
            kept.append(replace(line, text=" ".join(word.text for word in words), words=words, box=box))
    block = max((line.block for line in page.lines), default=0) + 1
    merged = list(kept)
    for offset, number in enumerate(dict.fromkeys(line.block for line in notes)):
        note = [
            replace(line, block=block + offset, source=PageSource.TEXT_LAYER) for line in notes if line.block == number
        ]
        note = [replace(line, box=_scaled(line.box, scale)) if line.box else line for line in note]
        bottom = max((line.box[1] + line.box[3] for line in note if line.box), default=float("inf"))
        # after the lines beside it (a letter's subject reads on), before the first below it
        at = next((i for i, other in enumerate(merged) if other.box and other.box[1] >= bottom), len(merged))
        merged[at:at] = note
    return replace(page, lines=tuple(merged))


#: How far (pixels) around exact lines and notes OCR's reading of the same print is looked for.
AROUND = 4


def _areas(lines: tuple[Line, ...], scale: float) -> list[tuple[int, int, int, int]]:
    """The boxes of exact lines (in points) on the OCR'd page's pixels, AROUND pixels wider each
    way: where OCR's own reading of them stands."""
    return [
        (left - AROUND, top - AROUND, width + 2 * AROUND, height + 2 * AROUND)
        for left, top, width, height in (_scaled(line.box, scale) for line in lines if line.box)
    ]


def _scaled(box: tuple[int, int, int, int], scale: float) -> tuple[int, int, int, int]:
    left, top, width, height = box
    return round(left * scale), round(top * scale), round(width * scale), round(height * scale)


def assemble(path: str | Path, pages: list[Page] | tuple[Page, ...]) -> Document:
    """The document, pages in page order (jobs may finish in any order)."""
    ordered = tuple(sorted(pages, key=lambda page: page.number))
    if not ordered:
        raise EmptyDocumentError("no pages", path=path)
    return Document(path=str(path), pages=ordered)


__all__ = [
    "IMAGE_SUFFIXES",
    "TEXT_SUFFIXES",
    "JobKind",
    "PageJob",
    "assemble",
    "check_page_count",
    "merge_kept_lines",
    "plan_pages",
    "run_page_job",
    "sniff",
]
