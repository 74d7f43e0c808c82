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

from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path

from viplan_ocr.document import Document, Line, Page, PageSource
from viplan_ocr.errors import EmptyDocumentError, FileMissingError, UnsupportedFormatError, ViplanError
from viplan_ocr.extract.preprocess import DEFAULT_PREPROCESS, Preprocess

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif", ".webp"})
MIN_RENDER_DPI = 150  # a scanned page is rendered at its own resolution, but never below this
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .xls, .ppt (Office 97-2003)
_IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")  # PNG, JPEG, TIFF
_CONVERT_HINT = "convert it to PDF first, e.g. libreoffice --headless --convert-to pdf FILE"


class JobKind(StrEnum):
    """What a job still needs done."""

    DONE = "done"  # the page is resolved (text layer, legacy decoding, plain text)
    PDF_PAGE = "pdf-page"  # rasterise a PDF page, then OCR it
    IMAGE = "image"  # OCR one frame of an image file


@dataclass(frozen=True, slots=True)
class PageJob:
    """One page's work: small and picklable, so it can be sent to another process."""

    path: str
    number: int  # 1-based page number in the file
    kind: JobKind
    dpi: int = 300
    page: Page | None = None  # the finished page, for DONE jobs
    routing: str | None = None  # why the page goes to OCR
    keep: tuple[Line, ...] = ()  # exact text-layer lines (boxes in points) to keep on an OCR'd page

    @property
    def needs_ocr(self) -> bool:
        """Whether running this job costs OCR time."""
        return self.kind is not JobKind.DONE


def sniff(path: Path) -> str:
    """The kind of file: ``pdf``, ``image`` or ``text``, by content first, then by suffix."""
    with path.open("rb") as handle:
        head = handle.read(1024)
    suffix = path.suffix.lower()
    if head.startswith(_OLE_MAGIC) or suffix in (".doc", ".docx", ".odt", ".rtf"):
        kind = "a Word document" if suffix in (".doc", ".docx") or head.startswith(_OLE_MAGIC) else f"a {suffix} file"
        raise UnsupportedFormatError(f"{kind} cannot be read directly", path=path, hint=_CONVERT_HINT)
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(_IMAGE_MAGIC):
        return "image"
    if suffix == ".pdf":
        return "pdf"  # and check_file will say it is not one
    if suffix in IMAGE_SUFFIXES:
        return "image"
    if suffix in TEXT_SUFFIXES:
        return "text"
    raise UnsupportedFormatError(f"unsupported file type {suffix or '(no suffix)'!r}", path=path, hint=_CONVERT_HINT)


def plan_pages(path: str | Path, *, dpi: int = 300) -> list[PageJob]:
    """Open a file and decide every page's route; resolve the pages that need no OCR.

    Raises the :class:`~viplan_ocr.errors.ExtractError` subclass for a missing, unsupported,
    corrupt, truncated, encrypted or empty file.
    """
    path = Path(path)
    if not path.is_file():
        raise FileMissingError("no such file", path=path)
    kind = sniff(path)
    if kind == "text":
        return [_text_job(path)]
    if kind == "image":
        from viplan_ocr.extract.image import count_frames

        return [
            PageJob(str(path), n, JobKind.IMAGE, dpi, routing="image file") for n in range(1, count_frames(path) + 1)
        ]
    return _pdf_jobs(path, dpi)


def _text_job(path: Path) -> PageJob:
    from viplan_ocr.extract import legacy
    from viplan_ocr.extract.textfile import read_text

    text, encoding = read_text(path)
    legacy_source = encoding in legacy.ENCODINGS
    page = Page(
        number=1,
        source=PageSource.LEGACY_ENCODING if legacy_source else PageSource.TEXT,
        lines=tuple(Line(text=line) for line in text.split("\n")),
        encoding=encoding,
        routing=f"text file in {encoding}",
    )
    return PageJob(str(path), 1, JobKind.DONE, page=page)


def _pdf_jobs(path: Path, dpi: int) -> list[PageJob]:
    from viplan_ocr.extract.pdf import open_pdf, route

    jobs: list[PageJob] = []
    with open_pdf(path) as pdf:
        for number, pdf_page in enumerate(pdf.pages, start=1):
            try:
                decision = route(pdf_page)
            finally:
                pdf_page.close()  # pdfplumber caches each page's layout: free it as we go
            if decision.source is PageSource.OCR:
                render_dpi = min(dpi, max(decision.scan_dpi or dpi, MIN_RENDER_DPI))
                reason = decision.reason + (f"; rendered at the scan's {render_dpi} dpi" if render_dpi < dpi else "")
                jobs.append(
                    PageJob(str(path), number, JobKind.PDF_PAGE, render_dpi, routing=reason, keep=decision.lines)
                )
                continue
            page = Page(
                number=number,
                source=decision.source,
                lines=decision.lines,
                encoding=decision.encoding,
                routing=decision.reason,
                dpi=72,
            )
            jobs.append(PageJob(str(path), number, JobKind.DONE, dpi, page=page))
    return jobs


def run_page_job(job: PageJob, *, lang: str = "vie", preprocess: Preprocess | None = DEFAULT_PREPROCESS) -> Page:
    """Finish one page: return it if resolved, else rasterise or load it and OCR it.

    Runs in a worker process; everything it needs is in ``job``. ``preprocess=None`` gives
    Tesseract the raw image (the benchmark's baseline).
    """
    if job.page is not None:
        return job.page
    try:
        page = _ocr_job(job, lang, preprocess)
    except ViplanError as exc:
        if exc.path is None:  # a missing Tesseract is found while working on some file: name it
            exc.path = job.path
        raise
    return merge_kept_lines(page, job.keep) if job.keep else page


def _ocr_job(job: PageJob, lang: str, preprocess: Preprocess | None) -> Page:
    from viplan_ocr.extract.ocr import ocr_image

    dpi: int | None
    if job.kind is JobKind.PDF_PAGE:
        from viplan_ocr.extract.pdf import render

        image, dpi = render(job.path, job.number, job.dpi), job.dpi
    else:
        from viplan_ocr.extract.image import load_frame

        image, dpi = load_frame(job.path, job.number - 1)  # None when the file does not say
    page = ocr_image(image, number=job.number, lang=lang, dpi=dpi, config=preprocess)
    routing = "; ".join(part for part in (job.routing, page.routing) if part)
    return replace(page, routing=routing or None)


def merge_kept_lines(page: Page, kept: tuple[Line, ...]) -> Page:
    """Put exact text-layer lines into an OCR'd page, replacing OCR lines in the same place.

    An e-signed scan's text layer holds the signature stamp; OCR reads the page around it (and
    sometimes the stamp itself, less exactly). Kept lines (boxes in points) are scaled to the
    page's pixels; an OCR line whose centre falls inside a kept line's box is dropped, and each
    kept line goes in reading order, as a block of its own.
    """
    scale = (page.dpi or 72) / 72
    boxes = [_scaled(line.box, scale) for line in kept if line.box]

    def covered(line: Line) -> bool:
        if not line.box:
            return False
        cx, cy = line.box[0] + line.box[2] / 2, line.box[1] + line.box[3] / 2
        return any(x - 4 <= cx <= x + w + 4 and y - 4 <= cy <= y + h + 4 for x, y, w, h in boxes)

    merged = [line for line in page.lines if not covered(line)]
    next_block = max((line.block for line in page.lines), default=0) + 1
    for offset, line in enumerate(kept):
        box = _scaled(line.box, scale) if line.box else None
        moved = replace(line, block=next_block + offset, box=box, source=PageSource.TEXT_LAYER)
        top = box[1] if box else float("inf")
        at = next((i for i, other in enumerate(merged) if other.box and other.box[1] > top), len(merged))
        merged.insert(at, moved)
    return replace(page, lines=tuple(merged))


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
    "merge_kept_lines",
    "plan_pages",
    "run_page_job",
    "sniff",
]
