"""Tesseract OCR of one page image: words with boxes and confidences, grouped into lines.

Tesseract's ``vie`` model sometimes emits a tone as a combining mark; words are normalised to NFC.
We keep ``image_to_data``'s words, not just ``image_to_string``'s text, because later stages need
the confidence of each word (the restorer trusts a 95 more than a 40) and its place on the page.
Tesseract numbers blocks and paragraphs; each paragraph becomes a block of ``Line`` objects so
that ``Page.text`` keeps the blank lines between paragraphs.

Tesseract runs with ``OMP_THREAD_LIMIT=1``: its OpenMP threads fight each other on a busy machine
(a page takes ~2 s on one thread and ~15 s with default threading on two shared cores), and we
parallelise over pages with processes instead.
"""

from __future__ import annotations

import os
import tempfile
import unicodedata
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from PIL import Image

from viplan_ocr.document import Line, Page, PageSource, Word
from viplan_ocr.errors import LanguageDataMissingError, TesseractMissingError
from viplan_ocr.extract.preprocess import DEFAULT_PREPROCESS, Prepared, Preprocess, prepare

LOW_CONFIDENCE = 60.0  # mean word confidence under which a page may be sideways: ask OSD
TESSERACT_CONFIG = "--psm 3 -c preserve_interword_spaces=0"


@cache
def _languages(command: str, tessdata: str | None) -> frozenset[str]:
    """Tesseract's installed languages (cached per binary and data folder)."""
    import pytesseract

    try:
        return frozenset(pytesseract.get_languages(config=""))
    except (pytesseract.TesseractNotFoundError, FileNotFoundError, PermissionError) as exc:
        raise TesseractMissingError(f"the tesseract program was not found ({command})") from exc


def check_tesseract(lang: str) -> None:
    """Fail early, with what to install, when Tesseract or a language's data is missing."""
    import pytesseract

    command = pytesseract.pytesseract.tesseract_cmd
    installed = _languages(command, os.environ.get("TESSDATA_PREFIX"))
    missing = [part for part in lang.split("+") if part not in installed]
    if missing:
        names = " ".join(f"tesseract-ocr-{m}" for m in missing)
        found = ", ".join(sorted(installed)) or "none"
        raise LanguageDataMissingError(
            f"Tesseract has no {'+'.join(missing)!r} language data (installed: {found})",
            hint=f"install it: apt-get install -y {names}",
        )


def _run_env() -> None:
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")


def limit_ocr_threads() -> None:
    """Make Tesseract single-threaded in this process, whatever the user's shell says.

    Tesseract's OpenMP threads fight each other when several pages run at once: on two cores a
    page takes about 2 s with one thread and about 15 s with the default threading. Parallelism
    comes from running pages side by side instead. Runs in each worker process (or in the
    caller's process when a batch has ``jobs=1``), before the first Tesseract process starts.
    """
    os.environ["OMP_THREAD_LIMIT"] = "1"


def lines_from_data(data: dict[str, list], prepared: Prepared | None = None) -> tuple[Line, ...]:
    """Group ``image_to_data`` rows into lines; boxes are mapped back onto the original image."""
    grouped: dict[tuple[int, int, int], list[Word]] = {}
    blocks: dict[tuple[int, int], int] = {}
    for i, text in enumerate(data["text"]):
        text = unicodedata.normalize("NFC", (text or "").strip())
        conf = float(data["conf"][i])
        if not text or conf < 0:
            continue
        key = (int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i]))
        blocks.setdefault(key[:2], len(blocks))
        box = tuple(int(data[k][i]) for k in ("left", "top", "width", "height"))
        if prepared is not None:
            box = prepared.to_original(box)  # type: ignore[arg-type]
        grouped.setdefault(key, []).append(Word(text=text, confidence=round(conf, 1), box=box))  # type: ignore[arg-type]
    lines = []
    for key, words in grouped.items():
        left = min(w.box[0] for w in words)  # type: ignore[index]
        top = min(w.box[1] for w in words)  # type: ignore[index]
        right = max(w.box[0] + w.box[2] for w in words)  # type: ignore[index]
        bottom = max(w.box[1] + w.box[3] for w in words)  # type: ignore[index]
        text = " ".join(w.text for w in words)
        lines.append(
            Line(text=text, words=tuple(words), block=blocks[key[:2]], box=(left, top, right - left, bottom - top))
        )
    return tuple(lines)


def mean_confidence(lines: Sequence[Line]) -> float | None:
    """Mean word confidence (0-100) over the page, or None when no word was read."""
    confidences = [w.confidence for line in lines for w in line.words if w.confidence is not None]
    return round(sum(confidences) / len(confidences), 1) if confidences else None


def recognize(prepared: Prepared, *, lang: str = "vie", dpi: int | None = None) -> tuple[Line, ...]:
    """Tesseract on a prepared image: its lines, words, confidences, boxes on the original image.

    The image goes to Tesseract as an uncompressed PGM/PPM file: pytesseract's default, PNG,
    spends about a second compressing a noisy 300 dpi page, as long as the OCR itself. ``dpi``
    (of the original image) is passed on, scaled like the image, so Tesseract need not guess it.
    """
    import pytesseract

    _run_env()
    image = prepared.image if prepared.image.mode in ("L", "RGB") else prepared.image.convert("L")
    config = TESSERACT_CONFIG
    if dpi:
        config += f" --dpi {round(dpi * prepared.magnification)}"
    with tempfile.TemporaryDirectory(prefix="viplan-ocr-") as folder:
        path = Path(folder) / ("page.pgm" if image.mode == "L" else "page.ppm")
        image.save(path)
        try:
            data = pytesseract.image_to_data(str(path), lang=lang, config=config, output_type=pytesseract.Output.DICT)
        except pytesseract.TesseractNotFoundError as exc:
            raise TesseractMissingError("the tesseract program was not found") from exc
    return lines_from_data(data, prepared)


def orientation(image: Image.Image) -> int:
    """Degrees (0, 90, 180, 270) to rotate the page counter-clockwise so that text stands upright.

    Tesseract's OSD reports how far the page is rotated; 0 when it cannot tell.
    """
    import pytesseract

    _run_env()
    small = image.copy()
    small.thumbnail((1800, 1800))
    try:
        osd = pytesseract.image_to_osd(
            small, config="--psm 0 -c min_characters_to_try=10", output_type=pytesseract.Output.DICT
        )
    except pytesseract.TesseractError:  # too little text to decide
        return 0
    if float(osd.get("orientation_conf", 0)) < 1.0:
        return 0
    return (360 - int(osd["rotate"])) % 360


def ocr_image(
    image: Image.Image,
    *,
    number: int = 1,
    lang: str = "vie",
    dpi: int | None = None,
    config: Preprocess | None = DEFAULT_PREPROCESS,
) -> Page:
    """OCR one page image into a :class:`Page` with source ``ocr``.

    ``config=None`` skips preprocessing (Tesseract sees the image as it is). A page read with low
    confidence is checked with OSD; if it lies sideways or upside down it is turned and read again,
    and the better reading is kept.
    """
    check_tesseract(lang)
    if dpi is None and image.info.get("dpi"):
        dpi = round(float(image.info["dpi"][0])) or None
    prepared = prepare(image, config) if config is not None else Prepared(image=image)
    lines = recognize(prepared, lang=lang, dpi=dpi)
    confidence = mean_confidence(lines)
    steps = list(prepared.steps)
    if confidence is None or confidence < LOW_CONFIDENCE:
        turn = orientation(prepared.image)
        if turn:
            again = recognize(prepared.rotated(turn, resample=Image.Resampling.NEAREST), lang=lang, dpi=dpi)
            again_confidence = mean_confidence(again)
            if again_confidence is not None and (confidence is None or again_confidence > confidence):
                lines, confidence = again, again_confidence
                steps.append(f"rotate {turn}° (OSD)")
    warnings = () if lines else ("OCR found no text on this page",)
    return Page(
        number=number,
        source=PageSource.OCR,
        lines=lines,
        confidence=confidence,
        warnings=warnings,
        routing="; ".join(steps) if steps else None,
        dpi=dpi,
    )


__all__ = ["check_tesseract", "lines_from_data", "mean_confidence", "ocr_image", "orientation", "recognize"]
