"""``.pdf``: the input's own pages, searchable in the *cleaned*, accented words (``--formats pdf``).

An archive delivers searchable PDFs. OCRmyPDF makes one from the engine's reading; ours carries
the words after cleaning, each on the OCR box of what it was read from
(:mod:`viplan_ocr.writers.boxes`), so that searching ``Kế hoạch`` finds the scan that Tesseract
read ``Ke hoach``. It is built from OCRmyPDF's parts and pikepdf, never from PDF operators of
our own:

- the pages are the input's: a PDF's own pages (its objects, fonts, links kept), or an image
  file's frames made into pages by img2pdf (OCRmyPDF's converter; JPEG data kept as it is);
- each OCR'd page gets an invisible layer of its cleaned words, drawn by OCRmyPDF's renderer
  (:mod:`viplan_ocr.writers.textlayer`) and placed under the page's content with pikepdf
  (``Page.add_underlay``), scaled onto the page box the OCR image was rendered from;
- a page whose text extraction trusted keeps its layer and gets no second one: a text-layer or
  legacy-encoded page (a TCVN3 layer stays the bytes it is; making it searchable would mean
  hiding text that is also what the page shows), and the exact text-layer lines an OCR'd page
  kept (an e-signature stamp);
- a layer extraction replaced with OCR is removed first: invisible text (a scanner's English OCR,
  a font without a Unicode map) by OCRmyPDF's own ``strip_invisible_text``; visible text whose
  font has no Unicode map cannot be removed without changing what the page shows, so such a page
  is replaced by its image at the resolution it was OCR'd at, as ``ocrmypdf --force-ocr`` does;
- the file is saved as PDF/A-2b when pikepdf's PDF/A validator passes it (OCRmyPDF's own way of
  making PDF/A without Ghostscript, which it tries first too); an input that cannot pass
  without Ghostscript's rewriting (fonts not embedded, transparency, ...) is saved as plain PDF.

A text or Word file has no pages to show: it gets no ``.pdf`` (:class:`~viplan_ocr.writers.base.Unwritten`).
"""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from viplan_ocr.document import Box, PageSource, middle_inside
from viplan_ocr.extract.pdf import HIDDEN
from viplan_ocr.writers.base import DocumentWriter, Unwritten
from viplan_ocr.writers.boxes import PlacedLine, PlacedPage, placed_pages
from viplan_ocr.writers.textlayer import BRIDGE, import_ocrmypdf, text_layer

if TYPE_CHECKING:
    import pikepdf

    from viplan_ocr.pipeline import Converted

#: PDF/A flavour tried first: 2b, the one OCRmyPDF writes by default.
PDFA = "2b"
NO_PAGES = "the input has no page images (a text or Word file) to put its text on"
#: Operators that show text in a content stream (read, never written, here).
_SHOW_TEXT = frozenset({"Tj", "TJ", "'", '"'})


def render(converted: Converted) -> bytes | Unwritten:
    """The searchable PDF of a converted scan, PDF or image (see the module's docstring)."""
    import pikepdf

    from viplan_ocr.extract.readers import sniff

    import_ocrmypdf()  # before any part of it is imported: the rest of the process keeps pdfminer as it is

    path = Path(converted.source_path)
    if not path.is_file():
        return Unwritten(f"the input file is not there to take its pages from ({path.name})")
    kind = sniff(path).name
    if kind not in ("pdf", "image"):
        return Unwritten(NO_PAGES)
    try:
        with pikepdf.open(path) if kind == "pdf" else pikepdf.open(io.BytesIO(image_pages(path))) as base:
            return searchable(base, placed_pages(converted.cleaned), path if kind == "pdf" else None)
    except pikepdf.PdfError as exc:  # a file PDFium read but qpdf cannot rewrite: the other formats stand
        return Unwritten(f"the PDF cannot be rewritten ({exc})")


def searchable(base: pikepdf.Pdf, pages: tuple[PlacedPage, ...], pdf_path: Path | None) -> bytes | Unwritten:
    """``base`` (the input's pages) with each OCR'd page's cleaned words under it, saved.

    ``pdf_path`` is the input PDF, whose pages a layer extraction rejected may be rendered from;
    None for pages made from an image file, which have no layer of their own.
    """
    if len(base.pages) != len(pages):
        return Unwritten(f"the input has {len(base.pages)} pages but {len(pages)} were read (has it changed?)")
    layers: list[tuple[PlacedPage, list[PlacedLine]]] = []
    for page, pdf_page in zip(pages, base.pages, strict=True):
        if page.source is not PageSource.OCR or page.size is None:
            continue
        notes = _typed_notes(pdf_page, page) if pdf_path is not None else []
        # the page's own text is kept where extraction kept lines of it (an e-signed scan's
        # stamp); a typed note's lines are the annotation's, which stays whatever is done here
        kept = any(line.source is PageSource.TEXT_LAYER and not middle_inside(line.box, *notes) for line in page.lines)
        if pdf_path is not None and not kept:
            _remove_text(base, pdf_page, pdf_path, page)
        lines = [
            _clear_of(kept, notes)
            for line in page.lines
            if line.source is PageSource.OCR and (kept := _outside(line, notes))
        ]
        if lines:
            layers.append((page, lines))
    if layers:
        _graft(base, layers)
    return _save(base)


def _typed_notes(pdf_page: pikepdf.Page, placed: PlacedPage) -> list[Box]:
    """The boxes (in the page's OCR unit) of the typed notes on a page: FreeText annotations an
    office types over a scan (``Cô Hương gửi văn bản ...``), which show and hold their own text.

    OCR reads them with the page, and the cleaned text keeps that reading; but a text extractor
    reads the note's own text too, so a hidden copy under it would give each word twice. Only an
    upright page is looked at (a turned one keeps its layer whole).
    """
    import pikepdf

    if int(pdf_page.obj.get("/Rotate", 0)) % 360 or placed.size is None:
        return []
    crop = pikepdf.Rectangle(pdf_page.cropbox)
    scale_x, scale_y = placed.size[0] / float(crop.width), placed.size[1] / float(crop.height)
    boxes: list[Box] = []
    for annotation in pdf_page.obj.get("/Annots", []) or []:
        try:
            if annotation.get("/Subtype") != "/FreeText" or int(annotation.get("/F", 0)) & HIDDEN:
                continue
            x0, y0, x1, y1 = (float(v) for v in annotation.Rect)
        except (AttributeError, TypeError, ValueError, pikepdf.PdfError):
            continue  # a damaged annotation: the layer stays whole there
        left, right = sorted(((x0 - float(crop.llx)) * scale_x, (x1 - float(crop.llx)) * scale_x))
        top, bottom = sorted(((float(crop.ury) - y1) * scale_y, (float(crop.ury) - y0) * scale_y))
        boxes.append((round(left), round(top), round(right - left), round(bottom - top)))
    return boxes


def _outside(line: PlacedLine, notes: list[Box]) -> PlacedLine | None:
    """The line without the words whose middles lie on a typed note (None when none is left)."""
    if not notes:
        return line
    words = tuple(word for word in line.words if not middle_inside(word.box, *notes))
    if len(words) == len(line.words):
        return line
    return replace(line, words=words) if words else None


def _clear_of(line: PlacedLine, notes: list[Box]) -> PlacedLine:
    """The line with its hidden text kept :data:`~viplan_ocr.writers.textlayer.BRIDGE` line
    heights clear of the typed notes beside it: a word nearer a note than that gives up the end
    of its box that faces the note (at most three quarters of its width; its box still holds
    its first letters).

    An office types its note where there is room, often right after a letter's subject (``V/v
    bảo đảm TTATGT cho HS, SV`` then ``1. Cô Hương gửi ...``). Extractors read the note's own
    text (the annotation's) with the page's, and with the two nearly touching they read them
    line by line through each other. A gap that wide parts them into two blocks (as it parts a
    header's two columns): the subject's lines are read first, the note's after them, as the
    ``.txt`` has it.

    >>> from viplan_ocr.writers.boxes import PlacedWord
    >>> words = (PlacedWord("HS,", (100, 0, 40, 30)), PlacedWord("SV", (150, 0, 40, 30)))
    >>> line = PlacedLine((100, 0, 90, 30), words, 0, PageSource.OCR)
    >>> [w.box for w in _clear_of(line, [(200, 0, 300, 90)]).words]
    [(100, 0, 40, 30), (150, 0, 20, 30)]
    >>> [w.box for w in _clear_of(line, [(60, 0, 35, 30)]).words]  # a note before the line
    [(125, 0, 15, 30), (150, 0, 40, 30)]
    """
    if not notes:
        return line
    room = BRIDGE * line.box[3]
    words = []
    for word in line.words:
        left, top, width, height = word.box
        right = left + width
        for n_left, n_top, n_width, n_height in notes:
            if not (n_top < top + height and top < n_top + n_height):
                continue  # not beside the note
            keep = max(1, width // 4)
            if right <= n_left + width / 2 and n_left - right < room:  # the note after the word
                right = max(left + keep, min(right, round(n_left - room)))
            elif left >= n_left + n_width - width / 2 and left - (n_left + n_width) < room:  # before
                left = min(right - keep, max(left, round(n_left + n_width + room)))
        words.append(
            word
            if (left, right) == (word.box[0], word.box[0] + width)
            else replace(word, box=(left, top, right - left, height))
        )
    return replace(line, words=tuple(words))


def image_pages(path: Path) -> bytes:
    """An image file's frames as a PDF, one page each, by img2pdf (what OCRmyPDF uses).

    img2pdf keeps JPEG data as it is and sizes each page by the resolution the file states (96 dpi
    when it states none), and turns a page the file marks as rotated (EXIF) by ``/Rotate``, under
    which the layer turns along. It refuses what PDF cannot hold as is (an alpha channel): such
    frames are flattened with Pillow first.
    """
    import img2pdf

    refused = (
        img2pdf.AlphaChannelError,
        img2pdf.ExifOrientationError,
        img2pdf.ImageOpenError,
        img2pdf.JpegColorspaceError,
        img2pdf.UnsupportedColorspaceError,
    )
    try:
        return img2pdf.convert(str(path))
    except refused:  # re-encode each frame as plain pixels, which it takes
        from viplan_ocr.extract.image import count_frames, load_frame

        frames = []
        for index in range(count_frames(path)):
            frame, dpi = load_frame(path, index)
            if frame.mode not in ("1", "L", "RGB", "CMYK"):
                frame = frame.convert("RGB")
            buffer = io.BytesIO()
            frame.save(buffer, "PNG", dpi=(dpi, dpi) if dpi else None)
            frames.append(buffer.getvalue())
        return img2pdf.convert(frames)


def _remove_text(pdf: pikepdf.Pdf, page: pikepdf.Page, path: Path, placed: PlacedPage) -> None:
    """Take the text extraction replaced with OCR off a page: its invisible text with OCRmyPDF's
    ``strip_invisible_text``; if visible text is left (a font without a Unicode map, drawn),
    the page becomes its image at the resolution it was OCR'd at."""
    from ocrmypdf._graft import strip_invisible_text

    if not _shows_text(page):
        return
    strip_invisible_text(pdf, page)
    if _shows_text(page):
        _rasterise(pdf, page, path, placed)


def _shows_text(page: pikepdf.Page) -> bool:
    import pikepdf

    return any(str(operator) in _SHOW_TEXT for _, operator in pikepdf.parse_content_stream(page))


def _rasterise(pdf: pikepdf.Pdf, page: pikepdf.Page, path: Path, placed: PlacedPage) -> None:
    """Replace a page by its image (rendered as for OCR), a page of the same size made by img2pdf."""
    import img2pdf
    import pikepdf

    from viplan_ocr.extract.pdf import render

    box = pikepdf.Rectangle(page.cropbox)
    rotate = int(page.obj.get("/Rotate", 0)) % 180
    width, height = (box.height, box.width) if rotate else (box.width, box.height)
    image = render(path, placed.number, placed.dpi or 150)
    buffer = io.BytesIO()
    image.convert("L" if image.mode in ("1", "L", "LA") else "RGB").save(buffer, "JPEG", quality=85)
    single = img2pdf.convert(buffer.getvalue(), layout_fun=img2pdf.get_layout_fun((width, height)))
    with pikepdf.open(io.BytesIO(single)) as drawn:
        pdf.pages.append(drawn.pages[0])
        page.emplace(pdf.pages[-1])
        del pdf.pages[-1]


def _graft(pdf: pikepdf.Pdf, layers: list[tuple[PlacedPage, list[PlacedLine]]]) -> None:
    """Put each page's text layer under its content, scaled onto the box its OCR image showed."""
    import pikepdf

    with pikepdf.open(io.BytesIO(text_layer(layers))) as drawn:
        for (placed, _), layer in zip(layers, drawn.pages, strict=True):
            page = pdf.pages[placed.number - 1]
            page.add_underlay(pdf.copy_foreign(layer.as_form_xobject()), pikepdf.Rectangle(page.cropbox))


def _save(pdf: pikepdf.Pdf) -> bytes:
    """The file as PDF/A-2b when it validates as such, else as it is."""
    import pikepdf
    from pikepdf import pdfa

    plain = io.BytesIO()
    pdf.save(plain, deterministic_id=True)
    with pikepdf.open(io.BytesIO(plain.getvalue())) as copy:  # preparing for PDF/A changes the document
        archival = io.BytesIO()
        try:
            pdfa.save(copy, archival, PDFA, deterministic_id=True)
        except pdfa.PdfaError:
            return plain.getvalue()
    return archival.getvalue()


WRITER = DocumentWriter("pdf", ".pdf", render, default=False)
