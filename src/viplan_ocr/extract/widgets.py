"""Signature fields: what an e-signed PDF draws in them, read and put where it stands in the text.

An office signs a PDF digitally after typing it: the number (``Số:    /KH-THPT.PB``) and the day
(``ngày    tháng 11 năm 2025``) are left blank in the text and the signing software *draws* them
in signature fields (form widgets), along with a stamp naming the signer and the time. None of
that is in the text layer. Each field's drawing is isolated (the page rendered with and without
its form fields; the pixels that differ are the field's), read by the OCR engine, and put into
the text line it stands on, at the place it stands (``Số: 230 /KH-THPT.PB``); a field standing on
no line (a stamp) becomes lines of its own. Readings the engine is unsure of are left out: a
blank stays a blank rather than becoming a wrong number.

A field that fills the blank after ``Số:``, ``ngày`` or ``tháng`` holds digits, usually drawn in
italics. Read as a page, such a field gives ``72`` for an italic ``14``; read as one line of
digits, upright and at the size the engine was trained on, and voted over a few renderings of
it, it gives the number (:func:`read_digits`).
"""

from __future__ import annotations

import difflib
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, NamedTuple

import regex

from viplan_ocr.document import Line, Page, PageSource, Word
from viplan_ocr.vietnamese.syllables import shadow

if TYPE_CHECKING:
    from PIL import Image

    from viplan_ocr.extract.config import ExtractConfig
    from viplan_ocr.extract.engine import OcrEngine

#: Resolution the fields are rendered at: their drawings are small print.
WIDGET_DPI = 400
#: Words of a field read with less confidence than this are left out.
MIN_CONFIDENCE = 80.0
#: White margin put around a field's drawing, so the engine finds a line in it (pixels).
MARGIN = 60
#: The blanks a field of digits fills, by the label that ends the printed text before it.
SLOTS = {
    "number": regex.compile(r"(?i)(?<![a-z])so\s*:?\s*$"),
    "day": regex.compile(r"(?i)ngay\s*$"),
    "month": regex.compile(r"(?i)thang\s*$"),
}
#: The values each slot may hold; a reading outside them is no reading.
VALID = {"number": range(1, 1_000_000), "day": range(1, 32), "month": range(1, 13)}
#: How a field of digits is re-drawn for the engine: sheared back from italics by these factors,
#: and scaled so its ink is this many pixels high (the engine reads digits best at text size).
SHEARS = (0.0, 0.2, 0.3)
INK_HEIGHTS = (24, 32)
#: The summed confidence (0-100 per rendering) a digits reading needs to be taken.
MIN_VOTES = 120.0


@dataclass(frozen=True, slots=True)
class Widget:
    """A form field on a text-layer page: its box (points) and where its drawing goes.

    ``line`` is the index of the text line the field stands on (None for a field on no line)
    and ``edges`` the right edges of that line's printed characters, in order: the drawing's
    text goes after the characters left of where its ink starts (a field's box often begins
    over the label before it: ``Số:``).
    """

    box: tuple[float, float, float, float]  # x0, top, x1, bottom
    line: int | None = None
    edges: tuple[float, ...] = ()
    #: The line's printed characters (spaces left out), whose right edges ``edges`` gives.
    glyphs: str = ""

    def slot(self, ink: float) -> str | None:
        """``number``, ``day`` or ``month`` when a drawing whose ink starts at ``ink`` fills the
        blank after ``Số:``, ``ngày`` or ``tháng`` (it holds digits); None otherwise."""
        return slot_of(self.glyphs[: sum(1 for edge in self.edges if edge <= ink + 1)])


def place(annots: list[dict[str, Any]], raw_lines: list[dict[str, Any]]) -> tuple[Widget, ...]:
    """The page's form fields, each with the line it stands on (pdfplumber's lines, with ``chars``)."""
    widgets: list[Widget] = []
    for annot in annots:
        subtype = annot.get("data", {}).get("Subtype")
        if getattr(subtype, "name", str(subtype).strip("/'")) != "Widget":
            continue
        box = (float(annot["x0"]), float(annot["top"]), float(annot["x1"]), float(annot["bottom"]))
        index = _line_under(box, raw_lines)
        if index is None:
            widgets.append(Widget(box))
            continue
        printed = [c for c in raw_lines[index]["chars"] if not c["text"].isspace()]
        widgets.append(Widget(box, index, tuple(float(c["x1"]) for c in printed), "".join(c["text"] for c in printed)))
    return tuple(widgets)


def attach(page: Page, widgets: tuple[Widget, ...]) -> tuple[Widget, ...]:
    """The fields of an OCR'd page, each on the OCR line it stands on (a scan has no text layer
    to place them by: the number an e-office system stamps over ``Số:    /BGDĐT`` stands on the
    line OCR read there). A line's glyph edges are spread evenly over each word's box.
    """
    scale = (page.dpi or 72) / 72
    placed = []
    for widget in widgets:
        if widget.line is not None:
            placed.append(widget)
            continue
        x0, top, x1, bottom = (v * scale for v in widget.box)
        index = _ocr_line_under((x0, top, x1, bottom), page.lines)
        if index is None:
            placed.append(widget)
            continue
        edges: list[float] = []
        glyphs = []
        for word in page.lines[index].words:
            letters = word.text.replace(" ", "")
            if not word.box or not letters:
                continue
            left, _, width, _ = word.box
            edges.extend((left + width * (k + 1) / len(letters)) / scale for k in range(len(letters)))
            glyphs.append(letters)
        if len("".join(glyphs)) == sum(1 for char in page.lines[index].text if not char.isspace()):
            placed.append(replace(widget, line=index, edges=tuple(edges), glyphs="".join(glyphs)))
        else:  # the line's words do not spell its text: place nothing rather than misplace
            placed.append(widget)
    return tuple(placed)


def _ocr_line_under(box: tuple[float, float, float, float], lines: tuple[Line, ...]) -> int | None:
    """The OCR line a field (box in the page's pixels) stands on: half its height covered at least."""
    best, best_share = None, 0.5
    for index, line in enumerate(lines):
        if not line.box or line.source is PageSource.TEXT_LAYER:
            continue
        left, top, width, height = line.box
        overlap = min(top + height, box[3]) - max(top, box[1])
        share = overlap / max(height, 1)
        if share >= best_share and left - 1 <= box[2] and box[0] <= left + width + 1:
            best, best_share = index, share
    return best


def slot_of(before: str) -> str | None:
    """The blank a drawing fills, from the printed text of its line before its ink.

    >>> slot_of("Số:"), slot_of("QuảngNgãi,ngày"), slot_of("ngày12tháng"), slot_of("Kýbởi")
    ('number', 'day', 'month', None)
    """
    folded = shadow(before)
    return next((name for name, label in SLOTS.items() if label.search(folded)), None)


def _line_under(box: tuple[float, float, float, float], raw_lines: list[dict[str, Any]]) -> int | None:
    """The line a field stands on: the one it covers most of the height of (half at least)."""
    best, best_share = None, 0.5
    for index, raw in enumerate(raw_lines):
        top, bottom = float(raw["top"]), float(raw["bottom"])
        overlap = min(bottom, box[3]) - max(top, box[1])
        share = overlap / max(bottom - top, 1e-6)
        if share >= best_share and float(raw["x0"]) - 1 <= box[2] and box[0] <= float(raw["x1"]) + 1:
            best, best_share = index, share
    return best


def _offset(text: str, glyphs: int) -> int:
    """The offset in ``text`` just after its first ``glyphs`` non-space characters.

    >>> _offset("Số: /KH-PB", 3), _offset("ngày  tháng", 4)
    (3, 4)
    """
    seen = 0
    for index, char in enumerate(text):
        if seen == glyphs:
            return index
        if not char.isspace():
            seen += 1
    return len(text)


class Reading(NamedTuple):
    """What a field holds: its text, where its ink starts (points), and whether the text is the
    field's own (written in its appearance) rather than read from its drawing by OCR."""

    text: str
    ink: float
    exact: bool = False


def fill(page: Page, widgets: tuple[Widget, ...], readings: list[Reading]) -> Page:
    """The page with each field's reading (its text, and where its ink starts) put where it stands.

    >>> header = Line("Số: /KH-PB     Hà Nội, ngày tháng 4 năm 2026", box=(50, 97, 500, 14))
    >>> page = Page(1, PageSource.TEXT_LAYER, (header,))
    >>> # Right edges of the printed glyphs: "Số:" ends at 65, "/KH-PB" by 100, "Hà Nội, ngày" by 390.
    >>> edges = (56, 62, 65, *range(75, 105, 5), *range(300, 400, 10), *range(420, 520, 8))
    >>> number, day = Widget((50, 97, 200, 126), 0, edges), Widget((380, 97, 440, 126), 0, edges)
    >>> widgets = (number, day, Widget((380, 7, 590, 60)))
    >>> stamp = "Ký bởi: Sở GDĐT 15.11.2024 07:25:14"
    >>> filled = fill(page, widgets, [Reading("230", 67.0), Reading("13", 401.0), Reading(stamp, 390.0, exact=True)])
    >>> [line.text for line in filled.lines]
    ['Ký bởi: Sở GDĐT 15.11.2024 07:25:14', 'Số: 230 /KH-PB     Hà Nội, ngày 13 tháng 4 năm 2026']
    """
    texts = [line.text for line in page.lines]
    placed = [
        (widget, text, _offset(texts[widget.line], sum(1 for edge in widget.edges if edge <= ink + 1)))
        for widget, (text, ink, _) in zip(widgets, readings, strict=True)
        if text and widget.line is not None
    ]
    for widget, text, at in sorted(placed, key=lambda item: -item[2]):
        line = texts[widget.line]
        left, right = line[:at].rstrip(), line[at:].lstrip()
        texts[widget.line] = " ".join(part for part in (left, text, right) if part)
    lines = [
        line if text == line.text else replace(line, text=text, words=_words(line.words, text))
        for line, text in zip(page.lines, texts, strict=True)
    ]
    stamps = 0
    scale = (page.dpi or 72) / 72
    for widget, (text, _, exact) in zip(widgets, readings, strict=True):
        if text and widget.line is None:
            x0, top, x1, bottom = (v * scale for v in widget.box)  # points to the page's unit
            box = (round(x0), round(top), round(x1 - x0), round(bottom - top))
            source = PageSource.TEXT_LAYER if exact else PageSource.OCR
            # A paragraph of its own (negative block numbers: none of the page's): two stamps side by
            # side are two texts, not one to run together.
            stamps += 1
            lines.append(Line(text, tuple(Word(w) for w in text.split()), block=-stamps, box=box, source=source))
    if stamps:  # a stamp goes where it stands on the page
        lines = side_by_side(sorted(lines, key=lambda line: line.box[1] if line.box else 0))
    exact = sum(1 for r in readings if r.text and r.exact)
    read = sum(1 for r in readings if r.text and not r.exact)
    said = [f"{n} signature field(s) {how}" for n, how in ((exact, "written as text"), (read, "read by OCR")) if n]
    routing = "; ".join(part for part in (page.routing, *said) if part) if said else page.routing
    return replace(page, lines=tuple(lines), routing=routing)


def side_by_side(lines: list[Line]) -> list[Line]:
    """Lines in top-to-bottom order, with two stamps that stand side by side read left first.

    A province's e-signed copy often bears two stamps in its top margin: the signer's (``Ký
    bởi: ...``) and the gazette's (``TRUNG TÂM CÔNG BÁO ...``), side by side at slightly different
    heights. Read by their tops alone the right one may come first; a reader, and ``pdftotext``
    on the original, read boxes that stand side by side (over half their heights level) from the
    one that starts further left. (Which stamp is the signer's is the parser's to tell.)

    >>> stamps = [Line("Ký bởi", block=-1, box=(500, 4, 300, 80)), Line("CÔNG BÁO", block=-2, box=(300, 12, 250, 90))]
    >>> [line.text for line in side_by_side([*stamps, Line("ỦY BAN NHÂN DÂN", box=(100, 200, 300, 20))])]
    ['CÔNG BÁO', 'Ký bởi', 'ỦY BAN NHÂN DÂN']
    """
    out = list(lines)
    for index in range(len(out) - 1):
        first, second = out[index], out[index + 1]
        if first.block < 0 and second.block < 0 and first.box and second.box:
            (x0, y0, _, h0), (x1, y1, _, h1) = first.box, second.box
            overlap = min(y0 + h0, y1 + h1) - max(y0, y1)
            if overlap > min(h0, h1) / 2 and x1 < x0:
                out[index], out[index + 1] = second, first
    return out


def _words(words: tuple[Word, ...], text: str) -> tuple[Word, ...]:
    """The words of a line a field's reading went into: the line's own (with their boxes and OCR
    confidences) where unchanged, plain words for what the field put in.

    >>> [(w.text, w.confidence) for w in _words((Word("Số:", 91.0), Word("/KH", 88.0)), "Số: 230 /KH")]
    [('Số:', 91.0), ('230', None), ('/KH', 88.0)]
    """
    tokens = text.split()
    old = [word.text for word in words]
    kept: dict[int, Word] = {}
    for block in difflib.SequenceMatcher(None, old, tokens, autojunk=False).get_matching_blocks():
        for k in range(block.size):
            kept[block.b + k] = words[block.a + k]
    return tuple(kept.get(index, Word(token)) for index, token in enumerate(tokens))


def read_widgets(path: str, number: int, widgets: tuple[Widget, ...], config: ExtractConfig) -> list[Reading]:
    """What each field writes or draws, and where its ink starts on the page (points): its own
    text where it writes a stamp or a blank's digits (:func:`field_texts`), else its drawing
    read by the OCR engine (words it is sure of only)."""
    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image, ImageOps

    from viplan_ocr.extract.engine import get_engine

    engine = get_engine(config.engine)
    scale = WIDGET_DPI / 72
    try:
        document = pdfium.PdfDocument(path)
        try:
            document.init_forms()
            page = document[number - 1]
            drawn = np.asarray(page.render(scale=scale, may_draw_forms=True).to_pil().convert("L"))
            bare = np.asarray(page.render(scale=scale, may_draw_forms=False).to_pil().convert("L"))
            written = field_texts(document, number - 1, widgets)
        finally:
            document.close()
    except Exception as exc:  # pdfium fails in its own ways on damaged forms
        if not type(exc).__module__.startswith("pypdfium2"):
            raise
        return [Reading("", widget.box[0]) for widget in widgets]  # the page's text stands as it was
    only = np.where(drawn != bare, drawn, 255).astype(np.uint8)
    readings = []
    for widget, (text, start) in zip(widgets, written, strict=True):
        if text:  # the field writes it: nothing to read, only to check against its blank
            slot = widget.slot(start) if widget.line is not None else None
            if slot is not None and not (DIGITS.fullmatch(text) and int(text) in VALID[slot]):
                text = ""
            readings.append(Reading(text, start, exact=True))
            continue
        x0, top, x1, bottom = (round(v * scale) for v in widget.box)
        crop = only[max(top, 0) : bottom, max(x0, 0) : x1]
        if crop.size == 0 or crop.min() > 128:  # the field draws nothing
            readings.append(Reading("", widget.box[0]))
            continue
        ink = widget.box[0] + int(np.argmax((crop < 128).any(axis=0))) / scale
        if (slot := widget.slot(ink)) is not None:
            readings.append(Reading(read_digits(Image.fromarray(crop), engine, slot), ink))
            continue
        image = ImageOps.expand(Image.fromarray(crop), border=MARGIN, fill=255)
        lines = engine.read(image, lang=config.lang, dpi=WIDGET_DPI)
        words = [w.text for line in lines for w in line.words if (w.confidence or 0) >= MIN_CONFIDENCE]
        readings.append(Reading(" ".join(words), ink))
    return readings


#: What a field filling a blank (the number's, the day's, the month's) may write.
DIGITS = regex.compile(r"\d+")
#: Characters a font without a Unicode map leaves in extracted text: such a field's text is no reading.
_UNMAPPED = regex.compile(r"[\p{Co}\p{Cn}\p{Cc}\ufffd]")


def field_texts(document: Any, index: int, widgets: tuple[Widget, ...]) -> list[tuple[str, float]]:
    """The text each field's appearance writes (``""`` where it only draws: a picture, outlines,
    or a font with no Unicode map) and where that text starts (points from the page's left).

    Signing software mostly writes the stamp and the blanks' digits as text in the field's
    appearance: pdfium's flattening puts the fields into the page, and the characters that were
    not in the page before are theirs, exact (an OCR of the stamp loses ``05/01/2021`` at small
    print). The page is flattened in memory only.
    """
    import pypdfium2.raw as pdfium_c

    def characters() -> list[tuple[str, tuple[float, float, float, float]]]:
        page = document[index]
        text = page.get_textpage()
        found = [(text.get_text_range(i, 1), text.get_charbox(i)) for i in range(text.count_chars())]
        text.close()
        page.close()
        return found

    before = {(char, tuple(round(v) for v in box)) for char, box in characters() if not char.isspace()}
    page = document[index]
    height = page.get_height()
    flattened = pdfium_c.FPDFPage_Flatten(page.raw, pdfium_c.FLAT_NORMALDISPLAY) == pdfium_c.FLATTEN_SUCCESS
    page.close()
    if not flattened:
        return [("", widget.box[0]) for widget in widgets]
    # Flattening writes each field's appearance as one run of characters; fields may overlap
    # (a stamp over another), so a run is cut where no field holds all of its characters.
    runs: list[tuple[set[int], list[str], float]] = []
    joined = False  # whether the next new character continues the last run
    for char, (left, bottom, right, top) in characters():
        if char.isspace():
            if joined and runs[-1][1][-1] != " ":
                runs[-1][1].append(" ")
            continue
        if (char, (round(left), round(bottom), round(right), round(top))) in before:
            joined = False
            continue  # the page's own text
        x, y = (left + right) / 2, height - (bottom + top) / 2
        holders = {i for i, w in enumerate(widgets) if w.box[0] <= x <= w.box[2] and w.box[1] <= y <= w.box[3]}
        if joined and holders & runs[-1][0]:
            held, chars, start = runs[-1]
            runs[-1] = (held & holders, [*chars, char], min(start, left))
        elif holders:
            runs.append((holders, [char], left))
        joined = bool(holders)
    texts: list[list[str]] = [[] for _ in widgets]
    starts = [float("inf")] * len(widgets)
    for held, chars, start in runs:
        owner = min(held, key=lambda i: _area(widgets[i].box))  # of fields holding it all, the tightest
        texts[owner] += [" ", *chars]
        starts[owner] = min(starts[owner], start)
    found = []
    for widget, chars, start in zip(widgets, texts, starts, strict=True):
        text = unicodedata.normalize("NFC", " ".join("".join(chars).split()))
        if _UNMAPPED.search(text) or not any(char.isalnum() for char in text):
            text = ""
        found.append((text, start if text else widget.box[0]))
    return found


def _area(box: tuple[float, float, float, float]) -> float:
    return (box[2] - box[0]) * (box[3] - box[1])


#: The engine's language for digits: they are the same in every script, and its English model
#: reads print digits better than its Vietnamese one (measured: 102 of 102 renderings of 1-31,
#: 230, 565 and 1595 in upright and slanted fonts, against 90).
DIGITS_LANG = "eng"


def read_digits(image: Image.Image, engine: OcrEngine, slot: str) -> str:
    """The digits a field draws, or ``""`` when the renderings do not agree well enough.

    The drawing is sheared upright by each of :data:`SHEARS`, cropped to its ink, scaled to each
    of :data:`INK_HEIGHTS` and read as one line of digits; each reading's confidence is a vote
    for it. The best-voted reading is taken if it has :data:`MIN_VOTES` and a value the slot may
    hold (a day from 1 to 31).
    """
    from PIL import Image, ImageOps

    image = image.convert("L")
    votes: defaultdict[str, float] = defaultdict(float)
    for shear in SHEARS:
        width, height = image.size
        upright = image.transform(
            (width + int(height * shear), height),
            Image.Transform.AFFINE,
            (1, -shear, 0, 0, 1, 0),
            resample=Image.Resampling.BICUBIC,
            fillcolor=255,
        )
        box = ImageOps.invert(upright).point(lambda v: 255 if v > 127 else 0).getbbox()
        if box is None:
            return ""
        ink = upright.crop(box)
        for target in INK_HEIGHTS:
            size = (max(1, round(ink.width * target / ink.height)), target)
            drawn = ImageOps.expand(ink.resize(size, Image.Resampling.LANCZOS), border=target, fill=255)
            try:
                words = engine.read_line(drawn, lang=DIGITS_LANG, characters="0123456789")
            except RuntimeError:  # no English data: the page's language reads digits too
                words = ()
            text = "".join(word.text for word in words)
            if text:
                votes[text] += min((word.confidence or 0.0) for word in words)
    if not votes:
        return ""
    text, total = max(votes.items(), key=lambda item: item[1])
    return text if total >= MIN_VOTES and int(text) in VALID[slot] else ""


__all__ = [
    "Reading",
    "Widget",
    "attach",
    "field_texts",
    "fill",
    "place",
    "read_digits",
    "read_widgets",
    "side_by_side",
    "slot_of",
]
