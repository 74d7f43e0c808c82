"""Tesseract as an :class:`~viplan_ocr.extract.engine.OcrEngine`: the ``tesseract`` program, run directly.

We keep Tesseract's TSV (words with boxes and confidences), not just its text, because later
stages need each word's confidence (the restorer trusts a 95 more than a 40) and its place on the
page. Tesseract numbers blocks and paragraphs; each paragraph becomes a block of ``Line`` objects
so that ``Page.text`` keeps the blank lines between paragraphs. Its ``vie`` model sometimes
emits a tone as a combining mark: words are normalised to NFC.

Tesseract runs with ``OMP_THREAD_LIMIT=1``: its OpenMP threads fight each other on a busy machine
(a page takes ~2 s on one thread and ~15 s with default threading on two shared cores), and we
parallelise over pages with processes instead. The setting goes into the environment of the
``tesseract`` process only; the caller's ``os.environ`` is never changed (pytesseract cannot pass
an environment, which is why the program is run here directly).

The image goes to Tesseract as an uncompressed PGM/PPM file: PNG spends about a second
compressing a noisy 300 dpi page, as long as the OCR itself.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PIL import Image

from viplan_ocr.document import Line, Word
from viplan_ocr.errors import LanguageDataMissingError, TesseractMissingError
from viplan_ocr.extract.columns import COLUMN_SEPARATOR, gutters, median

#: Page segmentation 3: automatic layout analysis, no OSD (orientation is asked for separately).
OPTIONS = ("--psm", "3", "-c", "preserve_interword_spaces=0")
#: Tesseract's page segmentation mode for each ``layout`` of :meth:`Tesseract.read`: the page's
#: layout analysed (3), one column of text (4), one uniform block of text (6), sparse text found
#: wherever it stands, in no order (11).
PSM = {"page": "3", "column": "4", "block": "6", "sparse": "11"}
#: OSD options: ``min_characters_to_try`` lets it decide on a sparse page.
OSD_OPTIONS = ("--psm", "0", "-c", "min_characters_to_try=10")
OSD_SIZE = (1800, 1800)  # OSD needs no more pixels than this, and is slow on more


@cache
def _languages(command: str, env: tuple[tuple[str, str], ...]) -> frozenset[str]:
    """The installed languages of a binary in an environment (which says the data folder, in
    ``TESSDATA_PREFIX``); cached, as every page checks them."""
    try:
        done = subprocess.run([command, "--list-langs"], capture_output=True, env=dict(env), check=False)
    except (FileNotFoundError, PermissionError, NotADirectoryError) as exc:
        raise TesseractMissingError(f"the tesseract program was not found ({command})") from exc
    listing = (done.stdout + done.stderr).decode("utf-8", errors="replace").splitlines()
    # The first line is "List of available languages in ...": keep the lines that are names.
    return frozenset(line.strip() for line in listing if line.strip() and ":" not in line and " " not in line.strip())


def join_words(words: list[Word]) -> str:
    """A line's text from its words, with a column gap where the page had two columns.

    >>> words = [Word("SỞ", box=(100, 0, 40, 30)), Word("Y", box=(150, 0, 15, 30)), Word("TẾ", box=(175, 0, 35, 30)),
    ...          Word("Độc", box=(900, 0, 50, 30)), Word("lập", box=(960, 0, 45, 30))]
    >>> join_words(words)
    'SỞ Y TẾ     Độc lập'
    """
    if any(w.box is None for w in words):
        return " ".join(w.text for w in words)
    starts = set(gutters([(w.box[0], w.box[0] + w.box[2]) for w in words], median([w.box[3] for w in words])))
    return "".join((COLUMN_SEPARATOR if i in starts else " " if i else "") + word.text for i, word in enumerate(words))


def lines_from_tsv(tsv: str) -> tuple[Line, ...]:
    """Group Tesseract's TSV word rows into lines; a line's box is the union of its words'.

    Confidences are cut to whole numbers, as they always were here (pytesseract read them so):
    ``96.53`` is 96.
    """
    rows = tsv.rstrip("\n").split("\n")
    header = rows[0].split("\t")
    column = {name: index for index, name in enumerate(header)}
    grouped: dict[tuple[int, int, int], list[Word]] = {}
    blocks: dict[tuple[int, int], int] = {}
    for row in rows[1:]:
        cells = row.split("\t")
        if len(cells) < len(header):
            cells += [""] * (len(header) - len(cells))
        text = unicodedata.normalize("NFC", cells[column["text"]].strip())
        conf = int(float(cells[column["conf"]]))
        if not text or conf < 0:
            continue
        key = (int(cells[column["block_num"]]), int(cells[column["par_num"]]), int(cells[column["line_num"]]))
        blocks.setdefault(key[:2], len(blocks))
        box = tuple(int(cells[column[k]]) for k in ("left", "top", "width", "height"))
        grouped.setdefault(key, []).append(Word(text=text, confidence=float(conf), box=box))  # type: ignore[arg-type]
    lines = []
    for key, words in grouped.items():
        left = min(w.box[0] for w in words)  # type: ignore[index]
        top = min(w.box[1] for w in words)  # type: ignore[index]
        right = max(w.box[0] + w.box[2] for w in words)  # type: ignore[index]
        bottom = max(w.box[1] + w.box[3] for w in words)  # type: ignore[index]
        text = join_words(words)
        lines.append(
            Line(text=text, words=tuple(words), block=blocks[key[:2]], box=(left, top, right - left, bottom - top))
        )
    return tuple(lines)


@dataclass(frozen=True, slots=True)
class Tesseract:
    """The ``tesseract`` program (5.x), one process per call, ``threads`` OpenMP threads each."""

    name: str = "tesseract"
    command: str = "tesseract"
    threads: int = 1

    def env(self) -> dict[str, str]:
        """The environment of a Tesseract process: the caller's, with the thread limit."""
        return {**os.environ, "OMP_THREAD_LIMIT": str(self.threads)}

    def check(self, lang: str) -> None:
        """Fail early, with what to install, when Tesseract or a language's data is missing."""
        installed = _languages(self.command, tuple(sorted(self.env().items())))
        missing = [part for part in lang.split("+") if part not in installed]
        if missing:
            names = " ".join(f"tesseract-ocr-{m}" for m in missing)
            found = ", ".join(sorted(installed)) or "none"
            raise LanguageDataMissingError(
                f"Tesseract has no {'+'.join(missing)!r} language data (installed: {found})",
                hint=f"install it: apt-get install -y {names}",
            )

    def read(self, image: Image.Image, *, lang: str, dpi: int | None = None, layout: str = "page") -> tuple[Line, ...]:
        """The lines of an image, with words, confidences and boxes in the image's pixels;
        ``layout`` chooses the page segmentation (:data:`PSM`)."""
        options = ("--psm", PSM[layout], *OPTIONS[2:])
        options = (*options, "--dpi", str(dpi)) if dpi else options
        tsv = self._run(image, ("-l", lang, *options, "-c", "tessedit_create_tsv=1"), "tsv")
        return lines_from_tsv(tsv)

    def read_line(self, image: Image.Image, *, lang: str, characters: str | None = None) -> tuple[Word, ...]:
        """The words of one line of print (``--psm 7``), restricted to ``characters`` if given."""
        options = ("-l", lang, "--psm", "7", "-c", "tessedit_create_tsv=1")
        if characters:
            options = (*options, "-c", f"tessedit_char_whitelist={characters}")
        return tuple(word for line in lines_from_tsv(self._run(image, options, "tsv")) for word in line.words)

    def orientation(self, image: Image.Image) -> int:
        """Degrees (0, 90, 180, 270) to turn the page counter-clockwise to stand it upright.

        Tesseract's OSD reports how far the page is rotated; 0 when it cannot tell.
        """
        small = image.copy()
        small.thumbnail(OSD_SIZE)
        try:
            osd = self._run(small, ("-l", "osd", *OSD_OPTIONS), "osd")
        except RuntimeError:  # too little text to decide
            return 0
        fields = dict(line.split(": ", 1) for line in osd.splitlines() if ": " in line)
        try:
            if float(fields.get("Orientation confidence", 0)) < 1.0:
                return 0
            return (360 - int(fields["Rotate"])) % 360
        except (KeyError, ValueError):
            return 0

    def _run(self, image: Image.Image, options: tuple[str, ...], output: str) -> str:
        """Run Tesseract on ``image``; return the output file with suffix ``output``.

        Raises TesseractMissingError when the program cannot be run, RuntimeError when it fails.
        """
        if image.mode not in ("L", "RGB"):
            image = image.convert("L")
        sweep_stale_folders(Path(tempfile.gettempdir()))
        with tempfile.TemporaryDirectory(prefix=f"{TEMP_PREFIX}{os.getpid()}-") as folder:
            path = Path(folder) / ("page.pgm" if image.mode == "L" else "page.ppm")
            image.save(path)
            base = Path(folder) / "out"
            try:
                done = subprocess.run(
                    [self.command, str(path), str(base), *options], capture_output=True, env=self.env(), check=False
                )
            except (FileNotFoundError, PermissionError, NotADirectoryError) as exc:
                raise TesseractMissingError(f"the tesseract program was not found ({self.command})") from exc
            result = base.with_suffix(f".{output}")
            if done.returncode or not result.is_file():
                message = done.stderr.decode("utf-8", errors="replace").strip()
                raise RuntimeError(f"tesseract failed (exit {done.returncode}): {message}")
            return result.read_text(encoding="utf-8")


#: Temporary folders are named ``viplan-ocr-<pid>-<random>``: the process that made one is known.
TEMP_PREFIX = "viplan-ocr-"


@cache
def sweep_stale_folders(root: Path) -> tuple[str, ...]:
    """Remove, once per process and temporary folder, what killed processes left in it.

    ``kill -9`` leaves no process to remove its page image (4 MB a page). A folder of ours whose
    process is gone is removed the next time any viplan-ocr process reads a page; one whose
    process still runs (or whose number was given to another) is left alone. Returns what was
    removed.
    """
    removed = []
    for folder in root.glob(f"{TEMP_PREFIX}*-*"):
        pid = folder.name[len(TEMP_PREFIX) :].split("-", 1)[0]
        if not pid.isdigit() or _alive(int(pid)) or not folder.is_dir() or folder.is_symlink():
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder.name)
    return tuple(removed)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


__all__ = ["PSM", "TEMP_PREFIX", "Tesseract", "lines_from_tsv", "sweep_stale_folders"]
