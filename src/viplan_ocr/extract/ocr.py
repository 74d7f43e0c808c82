"""OCR of one page image, whatever the engine: preprocess, read, map boxes back, retry sideways pages.

The engine (:mod:`.engine`; Tesseract by default, :mod:`.tesseract`) only reads an image into
lines of words with confidences and boxes. Around it, for every engine alike: the image is
cleaned up first (:mod:`.preprocess`), boxes are mapped from the cleaned-up image back onto the
page as given (so that boxes from OCR and from a text layer can be compared), and a page read
with low confidence is checked for orientation and, if it lies sideways or upside down, turned
and read again, keeping the better reading.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace

from PIL import Image

from viplan_ocr.document import Line, Page, PageSource
from viplan_ocr.extract.engine import DEFAULT_ENGINE, OcrEngine, get_engine
from viplan_ocr.extract.handwriting import read_date_lines
from viplan_ocr.extract.lostlines import read_lost_lines
from viplan_ocr.extract.preprocess import DEFAULT_PREPROCESS, Prepared, Preprocess, Rotation, Scaling, prepare
from viplan_ocr.extract.signers import read_signer

LOW_CONFIDENCE = 60.0  # mean word confidence under which a page may be sideways: ask for its orientation


def mean_confidence(lines: Sequence[Line]) -> float | None:
    """Mean word confidence (0-100) over the page, or None when no word was read."""
    confidences = [w.confidence for line in lines for w in line.words if w.confidence is not None]
    return round(sum(confidences) / len(confidences), 1) if confidences else None


def on_original(lines: Sequence[Line], prepared: Prepared) -> tuple[Line, ...]:
    """Lines read on a prepared image, with boxes on the original one.

    Each word's box is mapped back; a line's box becomes the union of its words' (a turned
    rectangle's corners do not map onto a rectangle, so the words are the truth).
    """
    if not prepared.transforms:
        return tuple(lines)
    mapped = []
    for line in lines:
        words = tuple(replace(w, box=prepared.to_original(w.box)) if w.box else w for w in line.words)
        boxes = [w.box for w in words if w.box]
        if boxes:
            left, top = min(b[0] for b in boxes), min(b[1] for b in boxes)
            right, bottom = max(b[0] + b[2] for b in boxes), max(b[1] + b[3] for b in boxes)
            box: tuple[int, int, int, int] | None = (left, top, right - left, bottom - top)
        else:
            box = prepared.to_original(line.box) if line.box else None
        mapped.append(replace(line, words=words, box=box))
    return tuple(mapped)


def recognize(
    prepared: Prepared,
    *,
    lang: str = "vie",
    dpi: int | None = None,
    engine: OcrEngine | None = None,
    layout: str = "page",
) -> tuple[Line, ...]:
    """An engine's lines on a prepared image, boxes on the original image.

    ``dpi`` (of the original image) is passed on, scaled like the image, so the engine need not
    guess it; ``layout`` too (:meth:`~viplan_ocr.extract.engine.OcrEngine.read`).
    """
    engine = engine or get_engine(DEFAULT_ENGINE)
    scaled = round(dpi * prepared.magnification) if dpi else None
    return on_original(engine.read(prepared.image, lang=lang, dpi=scaled, layout=layout), prepared)


def ocr_image(
    image: Image.Image,
    *,
    number: int = 1,
    lang: str = "vie",
    dpi: int | None = None,
    config: Preprocess | None = DEFAULT_PREPROCESS,
    engine: str = DEFAULT_ENGINE,
    handwriting: bool = True,
) -> Page:
    """OCR one page image into a :class:`Page` with source ``ocr``.

    ``config=None`` skips preprocessing (the engine sees the image as it is). ``engine`` names an
    engine of :data:`~viplan_ocr.extract.engine.ENGINES`. A page read with low confidence is
    checked for orientation; if it lies sideways or upside down it is turned and read again, and
    the better reading is kept. With ``handwriting``, a handwritten day or month of the date line
    that the engine could not read is read by :mod:`.handwriting` (on a page that stands upright).
    """
    ocr = get_engine(engine)
    ocr.check(lang)
    if dpi is None and image.info.get("dpi"):
        dpi = round(float(image.info["dpi"][0])) or None
    prepared = prepare(image, config) if config is not None else Prepared(image=image)
    lines = recognize(prepared, lang=lang, dpi=dpi, engine=ocr)
    confidence = mean_confidence(lines)
    steps = list(prepared.steps)
    if confidence is None or confidence < LOW_CONFIDENCE:
        turn = ocr.orientation(prepared.image)
        if turn:
            turned = prepared.rotated(turn, resample=Image.Resampling.NEAREST)
            again = recognize(turned, lang=lang, dpi=dpi, engine=ocr)
            again_confidence = mean_confidence(again)
            if again_confidence is not None and (confidence is None or again_confidence > confidence):
                lines, confidence = again, again_confidence
                steps.append(f"rotate {turn}° (OSD)")
    warnings = () if lines else ("OCR found no text on this page",)
    page = Page(
        number=number,
        source=PageSource.OCR,
        lines=lines,
        confidence=confidence,
        warnings=warnings,
        routing="; ".join(steps) if steps else None,
        dpi=dpi,
        size=image.size,
    )
    upright = not any("(OSD)" in step for step in steps)
    if handwriting and upright:
        page = read_date_lines(page, image)
    if upright:
        skew = sum(step.angle for step in prepared.transforms if isinstance(step, Rotation))
        scale = math.prod(step.factor for step in prepared.transforms if isinstance(step, Scaling))

        def read(piece: Image.Image, layout: str = "page") -> tuple[Line, ...]:
            ready = prepare(piece, config, skew=skew, scale=scale) if config is not None else Prepared(image=piece)
            return recognize(ready, lang=lang, dpi=dpi, engine=ocr, layout=layout)

        page = read_lost_lines(page, image, read)
        page = read_signer(page, image, read)
    return page


__all__ = ["mean_confidence", "ocr_image", "on_original", "recognize"]
