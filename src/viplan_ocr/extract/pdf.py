"""PDF pages: open safely, decide per page between the text layer, a legacy decoding and OCR.

Whether a page "has text" says little. What matters is what its text layer *covers* and what it
*reads as*:

- no characters at all: a scan, or text drawn as outlines: OCR;
- a legacy font's bytes (``KÕ ho¹ch``): decode (:mod:`viplan_ocr.extract.legacy`);
- ``(cid:12)`` runs, U+FFFD, mostly symbols: the font has no usable Unicode map: OCR;
- a page that is mostly one big image (a scan) whose characters cover only a sliver of it: an
  e-signed scan, whose text layer is the signature stamp (``Ký bởi: ...``), or typed text beside
  a pasted scan: OCR the page and keep the text layer's lines, which are exact, in their place;
- a scan whose (usually invisible) text layer a scanner's English OCR engine wrote
  (``Chirong trinh``, no diacritics): OCR it again with ``vie``;
- anything else: the text layer, which is exact.
"""

from __future__ import annotations

import difflib
import math
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from viplan_ocr.document import Line, Page, PageSource, Table, Word
from viplan_ocr.errors import (
    CorruptFileError,
    EmptyDocumentError,
    EncryptedFileError,
    LimitExceededError,
    TruncatedFileError,
)
from viplan_ocr.extract import legacy
from viplan_ocr.extract.columns import COLUMN_SEPARATOR, gutters, median
from viplan_ocr.extract.config import PageRanges, selects
from viplan_ocr.extract.jobs import JobKind, PageJob
from viplan_ocr.extract.quality import diacritic_share, garbage_reason, vietnamese_score
from viplan_ocr.extract.tables import pdf_tables
from viplan_ocr.extract.unruled import unruled_tables
from viplan_ocr.extract.widgets import Widget, place
from viplan_ocr.limits import DEFAULT_LIMITS, Limits, megapixels

if TYPE_CHECKING:
    import pdfplumber
    from PIL import Image

SUFFIXES = frozenset({".pdf"})
TAIL_BYTES = 16_384  # where %%EOF must be: scanners and mailers sometimes append a little junk
MIN_RENDER_DPI = 150  # a scanned page is rendered at its own resolution, but never below this
SCAN_IMAGE_SHARE = 0.5  # a page at least this much covered by images is treated as a scan
SLIVER_COVERAGE = 0.05  # characters covering less than this share of the image area: not its text
JUNK_DIACRITICS = 0.2  # real Vietnamese has 60-80% of words with a diacritic
JUNK_SYLLABLES = 0.5  # ... and 90% or more of its words shaped like Vietnamese syllables


@dataclass(frozen=True, slots=True)
class Route:
    """What to do with one page, and why (shown to the user as ``Page.routing``)."""

    source: PageSource
    reason: str
    lines: tuple[Line, ...] = ()  # text-layer lines: the page's text, or those kept on an OCR page
    encoding: str | None = None
    scan_dpi: int | None = None  # resolution of the page's scanned image, when it is one
    widgets: tuple[Widget, ...] = ()  # form fields drawn over a text-layer page (e-signatures)
    notes: tuple[Line, ...] = ()  # the lines of notes typed over a scan (FreeText annotations)


def is_pdf(head: bytes) -> bool:
    """Whether a file's first bytes are a PDF's: ``%PDF-`` near the start (some scanners and
    mailers put a few bytes of junk before it, which readers tolerate)."""
    return b"%PDF-" in head


def count_pages(source: Path | BinaryIO) -> int:
    """The number of pages, read by pdfium without parsing any page (for a progress bar).

    Raises whatever pdfium raises for a damaged file; callers estimating treat that as one page.
    """
    import pypdfium2  # pdfplumber's own rasteriser

    document = pypdfium2.PdfDocument(source if isinstance(source, Path) else source.read())
    try:
        return len(document)
    finally:
        document.close()


def plan_pdf(
    path: Path,
    dpi: int,
    limits: Limits = DEFAULT_LIMITS,
    *,
    pages: PageRanges | None = None,
    force_ocr: bool = False,
) -> list[PageJob]:
    """Route every page: text-layer and legacy-encoded pages are read now, the others become OCR jobs.

    A scanned page is rendered at its own resolution when that is lower than ``dpi`` (but never
    below :data:`MIN_RENDER_DPI`): more pixels than the scan has invent no detail and slow OCR.
    A page too large for ``limits.max_page_pixels`` at that resolution is rendered lower
    (:func:`fit_render_dpi`). Pages outside ``pages`` are not routed at all (routing a text page
    costs about 0.1 s, which adds up on a 500-page report when one page is asked for);
    ``force_ocr`` sends the pages routing would read from their text layer to OCR as well.
    """
    jobs: list[PageJob] = []
    with open_pdf(path) as pdf:
        for number, pdf_page in enumerate(pdf.pages, start=1):
            if not selects(pages, number):
                pdf_page.close()
                continue
            try:
                decision = route(pdf_page)
                forced = force_ocr and decision.source is not PageSource.OCR
                keep_layer = decision.source is PageSource.TEXT_LAYER and not forced
                found = page_tables(pdf_page, decision.lines) if keep_layer else ()
                size = (float(pdf_page.width), float(pdf_page.height))
            finally:
                pdf_page.close()  # pdfplumber caches each page's layout: free it as we go
            if decision.source is PageSource.OCR or forced:
                render_dpi = min(dpi, max(decision.scan_dpi or dpi, MIN_RENDER_DPI))
                reason = f"OCR forced (--force-ocr); routing said: {decision.reason}" if forced else decision.reason
                reason += f"; rendered at the scan's {render_dpi} dpi" if render_dpi < dpi else ""
                fitted, warnings = fit_render_dpi(path, number, size, render_dpi, limits)
                kept = () if forced else decision.lines  # forced: the text layer is not trusted at all
                job = PageJob(str(path), number, JobKind.PDF_PAGE, fitted, routing=reason, keep=kept)
                jobs.append(replace(job, widgets=decision.widgets, warnings=warnings, notes=decision.notes))
                continue
            page = Page(
                number=number,
                source=decision.source,
                lines=decision.lines,
                encoding=decision.encoding,
                routing=decision.reason,
                dpi=72,
                size=(round(size[0]), round(size[1])),
                tables=found,
            )
            jobs.append(PageJob(str(path), number, JobKind.DONE, dpi, page=page, widgets=decision.widgets))
    return jobs


def page_tables(page: pdfplumber.page.Page, lines: tuple[Line, ...]) -> tuple[Table, ...]:
    """A text-layer page's tables, top to bottom: those pdfplumber finds on its rules, then those
    printed without rules that its lines show as aligned columns, outside the ruled ones' area
    (:mod:`.unruled`: read from the lines already extracted, so it costs no second pass)."""
    ruled = pdf_tables(page)
    unruled = unruled_tables(lines, ruled)
    if not unruled:
        return ruled
    return tuple(sorted((*ruled, *unruled), key=lambda t: (t.box[1], t.box[0]) if t.box else (0, 0)))


def fit_render_dpi(
    path: Path, number: int, size: tuple[float, float], dpi: int, limits: Limits
) -> tuple[int, tuple[str, ...]]:
    """The dpi a page of ``size`` points is rendered at within the pixel limit, and its warnings.

    A PDF states its page size, and nothing bounds it: a 451-byte file with a 50-inch page
    asks for 225 megapixels (4 GB) at 300 dpi. Such a page is rendered at the highest dpi that
    fits, with a warning; one that does not fit even at ``limits.min_render_dpi`` (a 200-inch
    page) fails the document, before anything is rendered.
    """
    fitted = limits.render_dpi(*size, dpi)
    inches = f"{size[0] / 72:,.0f} x {size[1] / 72:,.0f} inches"
    if fitted is None:
        raise LimitExceededError(
            f"page {number} is {inches}, over the {megapixels(limits.max_page_pixels)} page limit "
            f"even at {limits.min_render_dpi} dpi",
            path=path,
        )
    if fitted == dpi:
        return dpi, ()
    return fitted, (
        f"page is {inches}: rendered at {fitted} dpi instead of {dpi} to stay under "
        f"the {megapixels(limits.max_page_pixels)} page limit",
    )


def check_file(path: Path) -> None:
    """Reject empty files, files that are not PDFs, and PDFs that stop before their end (cheap byte
    checks, so that each gets its own message rather than a parser's)."""
    size = path.stat().st_size
    if size == 0:
        raise EmptyDocumentError("the file is empty (0 bytes)", path=path)
    with path.open("rb") as handle:
        head = handle.read(1024)
        handle.seek(max(0, size - TAIL_BYTES))
        tail = handle.read()
    if b"%PDF-" not in head:
        raise CorruptFileError("not a PDF file (no %PDF header)", path=path)
    if b"%%EOF" not in tail:
        raise TruncatedFileError("the PDF has no end-of-file marker", path=path)


def open_pdf(path: Path) -> pdfplumber.PDF:
    """pdfplumber's PDF, or the right :class:`~viplan_ocr.errors.ExtractError` for a bad file."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psexceptions import PSException

    check_file(path)
    try:
        pdf = pdfplumber.open(path)
        pages = pdf.pages
    except Exception as exc:
        # pdfplumber wraps pdfminer's errors in its own PdfminerException: look down the chain.
        chain = [exc]
        while chain[-1].__cause__ or chain[-1].__context__:
            chain.append(chain[-1].__cause__ or chain[-1].__context__)  # type: ignore[arg-type]
        if any(isinstance(e, PDFPasswordIncorrect) for e in chain):
            raise EncryptedFileError("the PDF is password-protected", path=path) from exc
        if any(isinstance(e, PDFEncryptionError) for e in chain):
            raise EncryptedFileError("the PDF uses an encryption we cannot read", path=path) from exc
        parse_errors = (PDFSyntaxError, PSException, ValueError, KeyError, TypeError)
        if not any(isinstance(e, parse_errors) or type(e).__module__.startswith("pdf") for e in chain):
            raise  # not the file's fault: a bug
        root = chain[-1]
        raise CorruptFileError(f"not a readable PDF ({type(root).__name__}: {root})", path=path) from exc
    if not pages:
        pdf.close()
        raise EmptyDocumentError("the PDF has no pages", path=path)
    return pdf


def _box(obj: dict[str, Any]) -> tuple[float, float, float, float]:
    return float(obj["x0"]), float(obj["top"]), float(obj["x1"]), float(obj["bottom"])


def _area(box: tuple[float, float, float, float]) -> float:
    return max(0.0, box[2] - box[0]) * max(0.0, box[3] - box[1])


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> float:
    """Area of the intersection of two (x0, top, x1, bottom) boxes."""
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))


def coverage(page: pdfplumber.page.Page) -> tuple[float, float]:
    """(share of the page under images, share of the image area that characters cover).

    Only characters lying over an image count: a typed paragraph above a pasted scan covers
    none of the scan, and the scan's text still has to be read.
    """
    sheet = (0.0, 0.0, float(page.width), float(page.height))
    images = [_box(im) for im in page.images]
    image_area = min(_area(sheet), sum(_overlap(sheet, im) for im in images))
    if not image_area:
        return 0.0, 0.0
    char_area = sum(_overlap(_box(ch), im) for ch in page.chars if ch["text"].strip() for im in images)
    return image_area / (_area(sheet) or 1.0), char_area / image_area


def scan_resolution(page: pdfplumber.page.Page) -> int | None:
    """The resolution (dpi) at which the page's largest image was scanned, if it has images.

    Rendering a 200 dpi scan at 300 dpi invents no detail but costs Tesseract twice the pixels.
    """
    images = [im for im in page.images if im.get("srcsize") and _area(_box(im))]
    if not images:
        return None
    largest = max(images, key=lambda im: _area(_box(im)))
    pixels = float(largest["srcsize"][0]) * float(largest["srcsize"][1])
    square_inches = _area(_box(largest)) / 72**2  # by area, so that a turned page measures the same
    return round(math.sqrt(pixels / square_inches))


def raw_lines(page: pdfplumber.page.Page) -> list[dict[str, Any]]:
    """pdfplumber's lines of a page, with their characters."""
    return page.extract_text_lines(return_chars=True)


def text_lines(page: pdfplumber.page.Page, encoding: str | None = None) -> tuple[Line, ...]:
    """The text layer as lines in reading order, blocks split at paragraph-sized gaps.

    Boxes are in PDF points (``Page.dpi`` 72). With ``encoding``, each line is decoded from that
    legacy encoding, upper-cased when its font is a TCVN3 capitals font.
    """
    raw = raw_lines(page)
    if not raw:
        return ()
    heights = sorted(float(r["bottom"]) - float(r["top"]) for r in raw)
    typical = heights[len(heights) // 2] or 1.0
    lines: list[Line] = []
    block, previous_bottom = 0, None
    for r in raw:
        if previous_bottom is not None and float(r["top"]) - previous_bottom > 0.8 * typical:
            block += 1
        previous_bottom = float(r["bottom"])
        text = _column_text(r["text"], r["chars"], encoding)
        box = (round(r["x0"]), round(r["top"]), round(r["x1"] - r["x0"]), round(r["bottom"] - r["top"]))
        lines.append(Line(text=text, words=glyph_words(text, r["chars"]), block=block, box=box))
    return tuple(lines)


def glyph_words(text: str, chars: list[dict[str, Any]]) -> tuple[Word, ...]:
    """A text-layer line's words, each on the box (points) of the glyphs that print it.

    hOCR, ALTO and the review page place every word on its page, text-layer pages too. The
    line's letters are matched to its printed glyphs in order: one to one when they are as many
    (a Unicode layer), else in proportion (a VNI layer decoded two bytes to a letter, a glyph
    Word printed twice), which still lands each word within a letter or two of its place.

    >>> chars = [{"text": c, "x0": 10.0 * i, "x1": 10.0 * i + 8, "top": 100.0, "bottom": 112.0}
    ...          for i, c in enumerate("Kế hoạch")]
    >>> [(w.text, w.box) for w in glyph_words("Kế hoạch", chars)]
    [('Kế', (0, 100, 18, 12)), ('hoạch', (30, 100, 48, 12))]
    """
    tokens = text.split()
    glyphs = [c for c in chars if c["text"].strip()]
    owner = [index for index, glyph in enumerate(glyphs) for _ in glyph["text"].strip()]  # a glyph per letter
    letters = sum(len(token) for token in tokens)
    if not owner or not letters:
        return tuple(Word(token) for token in tokens)
    words = []
    seen = 0
    for token in tokens:
        first = owner[seen * len(owner) // letters]
        last = owner[(seen + len(token) - 1) * len(owner) // letters]
        seen += len(token)
        printed = glyphs[first : last + 1]
        x0, x1 = min(float(c["x0"]) for c in printed), max(float(c["x1"]) for c in printed)
        top, bottom = min(float(c["top"]) for c in printed), max(float(c["bottom"]) for c in printed)
        box = (round(x0), round(top), round(x1) - round(x0), round(bottom) - round(top))
        words.append(Word(token, box=box))
    return tuple(words)


def _column_text(text: str, chars: list[dict[str, Any]], encoding: str | None) -> str:
    """A text-layer line's text, a column gap at each gutter (:mod:`.columns`), decoded if legacy.

    The line is cut in its own text, after as many printed characters as lie left of each
    gutter: pdfplumber spaced that text by the PDF's own space glyphs, which a re-extraction
    from the glyphs alone loses where a space is no wider than a glyph gap (italic Times).
    """
    glyphs = [c for c in chars if not c["text"].isspace()]
    starts = gutters([(c["x0"], c["x1"]) for c in glyphs], median([c["bottom"] - c["top"] for c in glyphs]))
    if not starts:
        return _decode_line(text, chars, encoding) if encoding else text
    pieces = [glyphs[a:b] for a, b in zip([0, *starts], [*starts, len(glyphs)], strict=True)]
    cuts = _cuts(text, "".join(c["text"] for c in glyphs), [sum(len(c["text"]) for c in glyphs[:i]) for i in starts])
    parts = [text[a:b].strip() for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    if encoding:
        parts = [_decode_line(part, piece, encoding) for part, piece in zip(parts, pieces, strict=True)]
    return COLUMN_SEPARATOR.join(parts)


def _cuts(text: str, glyph_letters: str, at: list[int]) -> list[int]:
    """Where in ``text`` each cut falls, given as a count of the glyphs' letters before it.

    The text's letters are aligned with the glyphs' (they differ where Word prints a glyph
    twice, ``LÃÃNH`` for ``LÃNH``), and each cut goes before the text letter its glyph letter
    matches.

    >>> text = "Số: /KH Hà Nội"
    >>> text[:_cuts(text, "Số:/KHHàNội", [6])[0]]
    'Số: /KH '
    >>> _cuts("LÃNH 2 Độc", "LÃÃNH2Độc", [6])
    [7]
    """
    positions = [index for index, char in enumerate(text) if not char.isspace()]
    letters = "".join(text[index] for index in positions)
    blocks = difflib.SequenceMatcher(None, glyph_letters, letters, autojunk=False).get_matching_blocks()
    cuts = []
    for count in at:
        # The first text letter matched at or after the cut's glyph letter.
        target = next(
            (b + max(count - a, 0) for a, b, size in blocks if size and a + size > count),
            len(letters),
        )
        cuts.append(positions[target] if target < len(positions) else len(text))
    return cuts


def _decode_line(text: str, chars: list[dict[str, Any]], encoding: str) -> str:
    """One line of a legacy-encoded page in Unicode, unless it reads better as it is.

    Pages mix fonts: a heading typed in a Unicode font above a ``.VnTime`` body. Decoding the
    heading would turn its Latin-1 letters (``à``, ``ê``, ``ô``) into others, so each line is
    decoded only when that does not make it read worse.
    """
    fonts = [c.get("fontname", "") for c in chars]
    capitals = sum(bool(legacy.CAPITALS_FONT.search(f)) for f in fonts) > len(fonts) / 2
    decoded = legacy.decode(text, encoding, capitals=capitals)
    if encoding == "tcvn3":
        decoded = legacy.restore_lost_u_horn(decoded)
    return decoded if vietnamese_score(decoded) >= vietnamese_score(text) else text


def route(page: pdfplumber.page.Page) -> Route:
    """Decide where one page's text comes from (see the module docstring for the rules); a page
    sent to OCR takes along the notes typed over it (:func:`typed_notes`)."""
    decision = _route(page)
    if decision.source is not PageSource.OCR:
        return decision
    notes = typed_notes(_annotations(page))
    return replace(decision, notes=notes) if notes else decision


def _route(page: pdfplumber.page.Page) -> Route:
    text = page.extract_text() or ""
    if not text.strip():
        return _with_widgets(Route(PageSource.OCR, "no text layer", scan_dpi=scan_resolution(page)), page)
    encoding = legacy.detect(text)
    if encoding:
        return Route(PageSource.LEGACY_ENCODING, f"text layer in {encoding}", text_lines(page, encoding), encoding)
    garbage = garbage_reason(text)
    if garbage:
        return Route(PageSource.OCR, f"text layer is not text ({garbage})", scan_dpi=scan_resolution(page))
    image_share, char_share = coverage(page)
    if image_share >= SCAN_IMAGE_SHARE:
        marked = diacritic_share(text)
        readable = marked >= JUNK_DIACRITICS and vietnamese_score(text) >= JUNK_SYLLABLES
        if char_share < SLIVER_COVERAGE:
            kept = text_lines(page) if readable else ()
            reason = f"text layer covers {char_share:.1%} of the images, which fill {image_share:.0%} of the page"
            reason += f"; kept its {len(kept)} lines" if kept else ""
            return _with_widgets(Route(PageSource.OCR, reason, kept, scan_dpi=scan_resolution(page)), page)
        if not readable:
            reason = f"text layer over a scan reads as junk ({marked:.0%} of words marked)"
            return Route(PageSource.OCR, reason, scan_dpi=scan_resolution(page))
        reason = f"text layer over a scan reads as Vietnamese ({char_share:.0%} coverage)"
        return _with_widgets(Route(PageSource.TEXT_LAYER, reason, text_lines(page)), page)
    return _with_widgets(Route(PageSource.TEXT_LAYER, "text layer", text_lines(page)), page)


def _with_widgets(decision: Route, page: pdfplumber.page.Page) -> Route:
    """The route with the page's form fields placed in its lines (an e-signed PDF draws its
    number and day in them: :mod:`.widgets`)."""
    annots = _annotations(page)
    if not annots:
        return decision
    if decision.source is PageSource.OCR:  # a scan: its fields are stamps standing on no line of text
        raw = []
    else:
        raw = raw_lines(page)
        if len(raw) != len(decision.lines):
            return decision
    widgets = place(annots, raw)
    return replace(decision, widgets=widgets) if widgets else decision


#: An annotation's flag that keeps it from being shown (PDF 32000-1, 12.5.3).
HIDDEN = 2


def typed_notes(annots: list[dict[str, Any]]) -> tuple[Line, ...]:
    """The lines of the notes an office typed over a scan (FreeText annotations: ``1. Cô Hương
    gửi văn bản đến các đơn vị ...``), each note's lines one ``block`` and its box (in points,
    top-down) shared from top to bottom.

    Such a note shows and holds its own text; OCR reads it with the page, with OCR's slips, and
    on the lines it overlaps (a letter's ``V/v`` subject beside it read as one line with it).
    Its own text takes the place of that reading (:func:`viplan_ocr.extract.pages.merge_notes`).
    """
    lines: list[Line] = []
    for number, annot in enumerate(annots):
        data = annot.get("data", {})
        subtype = data.get("Subtype")
        if getattr(subtype, "name", str(subtype).strip("/'")) != "FreeText":
            continue
        try:
            hidden = int(data.get("F", 0) or 0) & HIDDEN
        except (TypeError, ValueError):
            hidden = 0
        text = annot.get("contents")
        if hidden or not isinstance(text, str) or not text.strip():
            continue
        rows = [" ".join(row.split()) for row in unicodedata.normalize("NFC", text).splitlines() if row.strip()]
        x0, top, x1, bottom = (float(annot[k]) for k in ("x0", "top", "x1", "bottom"))
        step = (bottom - top) / len(rows)
        for k, row in enumerate(rows):
            box = (round(x0), round(top + k * step), round(x1 - x0), max(1, round(step)))
            lines.append(Line(row, tuple(Word(word) for word in row.split()), block=number, box=box))
    return tuple(lines)


def _annotations(page: pdfplumber.page.Page) -> list[dict[str, Any]]:
    """The page's annotations in pdfplumber's shape (box in top-down points, ``data``'s Subtype).

    pdfplumber resolves every reference in an annotation, and recurses forever on a field that
    points back at its page (``/P``), as e-office systems write them; then each annotation's
    subtype and rectangle alone are read. Nothing readable: no annotations, and the page's text
    stands without its fields.
    """
    try:
        return page.annots
    except Exception:
        pass
    from pdfminer.pdftypes import resolve1

    annots = []
    try:
        for ref in resolve1(page.page_obj.annots) or []:
            annot = resolve1(ref)
            x0, y0, x1, y1 = (float(resolve1(v)) for v in resolve1(annot.get("Rect")))
            top = float(page.bbox[3]) - max(y0, y1)
            bottom = float(page.bbox[3]) - min(y0, y1)
            subtype = resolve1(annot.get("Subtype"))
            annots.append(
                {"x0": min(x0, x1), "x1": max(x0, x1), "top": top, "bottom": bottom, "data": {"Subtype": subtype}}
            )
    except Exception:  # a damaged annotation array: no fields rather than no page
        return []
    return annots


def render_job(job: PageJob) -> tuple[Image.Image, int]:
    """The image of a planned page for OCR, at the job's resolution (the reader's ``render``)."""
    return render(job.path, job.number, job.dpi), job.dpi


def render(path: str | Path, number: int, dpi: int) -> Image.Image:
    """Rasterise page ``number`` (1-based) at ``dpi`` with pdfium, for OCR."""
    import pdfplumber

    try:
        with pdfplumber.open(path, pages=[number]) as pdf:
            return pdf.pages[0].to_image(resolution=dpi, antialias=True).original.copy()
    except Exception as exc:  # pdfium's PdfiumError: a page whose content cannot be drawn
        if not type(exc).__module__.startswith("pypdfium2"):
            raise
        raise CorruptFileError(f"page {number} cannot be rendered ({exc})", path=path) from exc


__all__ = [
    "MIN_RENDER_DPI",
    "SUFFIXES",
    "Route",
    "check_file",
    "count_pages",
    "coverage",
    "fit_render_dpi",
    "glyph_words",
    "is_pdf",
    "open_pdf",
    "page_tables",
    "plan_pdf",
    "render",
    "route",
    "scan_resolution",
    "text_lines",
]
